"""auditor: checks articles and their images for AI-image disclosure and provenance.

Public API, for Python users (everything else may change between versions)::

    import auditor

    report = auditor.audit(["content/"], config={"fail_on": "warning"})
    for finding in report.findings:
        print(finding.path, finding.line, finding.rule, finding.message)

    facts = auditor.inspect("photo.jpg")
    print([signal.kind for signal in facts.signals])

``audit`` returns a :class:`Report`, ``inspect`` a :class:`MediaFacts`; both are
frozen pydantic models (``model_dump(mode="json")`` gives plain data).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

if TYPE_CHECKING:
    from .config import Config, ConfigError
    from .model import Finding, MediaFacts, Report

__version__ = "0.1.0"

__all__ = ["Config", "ConfigError", "Finding", "MediaFacts", "Report", "__version__", "audit", "inspect"]

ConfigLike = Union["Config", Mapping[str, Any], str, "PathLike[str]", None]


def audit(paths: Iterable[str | PathLike[str]], config: ConfigLike = None) -> Report:
    """Audit articles and images and return the :class:`Report` of what was found.

    ``paths`` are files, folders (searched recursively), globs or archives (zip,
    tar, WARC). ``config`` is one of:

    - ``None``: the defaults (no config file is read);
    - a :class:`Config`;
    - a mapping with the keys of ``auditor.toml`` (``{"fail_on": "warning",
      "packs": ["core", "eu-ai-act"]}``);
    - a path to a config file (``auditor.toml``, ``.auditor.toml`` or a
      ``pyproject.toml`` with ``[tool.auditor]``).

    An invalid config raises :class:`ConfigError` (one line, naming the key);
    files that cannot be read are findings of the input rules, never exceptions.
    Suppressed findings are in ``report.findings`` with ``suppressed=True``.
    """
    from .pipeline import audit_paths

    return audit_paths([Path(p) for p in paths], _config_of(config))


def inspect(path: str | PathLike[str]) -> MediaFacts:
    """What one image file says about its provenance: format and size, the raw
    EXIF, IPTC, XMP, PNG text and C2PA groups, and the ``signals`` derived from
    them (each ``kind``, ``source`` and ``value``). Reads headers only; a file
    that cannot be read comes back with ``errors``, not an exception."""
    from .media import read_media

    return read_media(Path(path))


def _config_of(config: ConfigLike) -> Config:
    from pydantic import ValidationError

    from .config import Config, ConfigError, load_config
    from .config import _first_problem as first_problem

    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        try:
            return Config.model_validate(dict(config))
        except ValidationError as error:
            raise ConfigError(f"invalid config: {first_problem(error)}") from None
    if isinstance(config, (str, PathLike)):
        return load_config(Path(config))
    raise TypeError(f"config must be a Config, a mapping or a path, not {type(config).__name__}")


def __getattr__(name: str) -> Any:
    # The public types load on first use, so `import auditor` stays cheap.
    if name in ("Config", "ConfigError"):
        from . import config

        return getattr(config, name)
    if name in ("Finding", "MediaFacts", "Report"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
