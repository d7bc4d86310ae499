"""The pre-commit hook's entry point: `auditor check` on the files of a commit, and
on the articles that use a staged image (a commit of images alone can break an
article's disclosure: the same reverse index `--diff-against` uses).

pre-commit installs the hook with `pip install .` from its own clone of this
repository. The rule packs live in `rules/` at the repository root, which a
non-editable install does not carry, so when the installed package cannot find
them this points it at the clone, which pre-commit keeps beside the hook's
environment (`<clone>/py_env-*/`). When the packs are found anyway (an editable
install, AUDITOR_RULES set), nothing changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _rules_beside_environment() -> Path | None:
    candidate = Path(sys.prefix).resolve().parent / "rules"
    return candidate if (candidate / "core" / "pack.yaml").is_file() else None


def with_articles_using_staged_images(args: list[str], root: Path) -> list[str]:
    """``args`` (the hook's own options, then the staged files pre-commit appends)
    plus the articles under ``root`` that use one of the staged images."""
    from ..config import ConfigError, load_config
    from ..discover import IMAGE_SUFFIXES
    from .changed_files import articles_using

    images = {Path(os.path.realpath(a)) for a in args if Path(a).suffix.lower() in IMAGE_SUFFIXES and Path(a).is_file()}
    if not images:
        return args
    from ..pipeline import configure_process

    try:
        config = load_config(None, start=root.resolve())
        configure_process(config)  # the site roots an article's images resolve within
    except ConfigError:
        return args  # `auditor check` reports the config error itself, and exits 2
    exclude = list(config.exclude)
    named = {os.path.realpath(a) for a in args}
    added = [str(p) for p in articles_using(images, [root], exclude) if os.path.realpath(p) not in named]
    return [*args, *added]


def main(argv: list[str] | None = None) -> int:
    from ..engine.ruleset import rules_dir

    if "AUDITOR_RULES" not in os.environ and not (rules_dir() / "core").is_dir():
        found = _rules_beside_environment()
        if found is not None:
            os.environ["AUDITOR_RULES"] = str(found)
    from ..cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    return cli_main(["check", *with_articles_using_staged_images(args, Path("."))])


if __name__ == "__main__":
    sys.exit(main())
