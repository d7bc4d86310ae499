"""Run configuration: which packs and rules run, for whom (role, jurisdictions), on
which date, at what severity, with which extra wording. Read from `auditor.toml`,
`.auditor.toml` or `[tool.auditor]` in `pyproject.toml` (nearest one wins, see
`config_candidates` for where auditor looks); unknown keys and bad values are
one-line errors naming the file and the key.

`auditor/data/config.schema.json` is generated from `Config`
(`python -m auditor.engine.schema_files --write`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema

from .archive_budget import ArchiveBudget
from .limits import Limits
from .model import Severity
from .settings_files import read_settings_text

CONFIG_FILES = ("auditor.toml", ".auditor.toml", "pyproject.toml")
# Set by auditor itself, never by a config file.
HIDDEN_KEYS = ("source", "audit_inputs", "nearest_configs", "command_line")
# A PEM bundle of every public root CA is about 250 KB.
MAX_TRUST_ANCHORS_BYTES = 1024 * 1024
FailOn = Literal["error", "warning", "info", "never"]
# Who publishes decides which duties bind: India's SGI rules bind intermediaries,
# China's Art. 6 binds platforms, EU Art. 50(2) binds providers (see README).
Role = Literal["publisher", "platform", "provider", "intermediary"]
Art50Exception = Literal["artistic", "creative", "satirical", "fictional", "law_enforcement"]
JURISDICTION = r"^[a-z]{2}(-[a-z0-9]{1,8})?$"
# A host as fetch_allow names it: a name, an IP address, or "*." and a domain of two
# labels or more (a bare "*" would switch the SSRF guard off).
FETCH_HOST = r"^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$|^[A-Za-z0-9-]+$|^\[?[0-9A-Fa-f:.]+\]?$"
CODE_OR_NAME = r"^(ALL|[A-Z]{1,4}[0-9]{0,3}|[a-z][a-z0-9]*(-[a-z0-9]+)*)$"


class ConfigError(ValueError):
    """A configuration problem, stated in one line."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageWording(Strict):
    """A newsroom's own disclosure wording for one language."""

    explicit: list[str] = []
    ambiguous: list[str] = []
    negation: list[str] = []
    negation_cues: list[str] = []
    negation_after: list[str] = []
    # The grammar's words (rules/vocab/disclosure-grammar.yaml): AI terms, predicates
    # that claim generation or editing, the relations that tie them, image nouns.
    terms: list[str] = []
    generate: list[str] = []
    edit: list[str] = []
    relations: list[str] = []
    nouns: list[str] = []


class DisclosureExtension(Strict):
    languages: dict[str, LanguageWording] = {}
    # Tool names that, alone in a credit, are a weak disclosure ("Midjourney").
    tool_names: list[str] = []


VocabEntry = str | dict[Literal["regex"], str]


class Config(BaseModel):
    """The settings of an audit, as `auditor.toml` (or `[tool.auditor]`) writes them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: list[str] = Field(default=["core", "provenance"], description="Bundled packs to run, e.g. core, provenance, eu-ai-act, in-it-rules/eci.")
    pack_paths: list[Path] = Field(default=[], description="Extra pack files or folders (relative to the config file).")
    role: Role = Field(default="publisher", description="Who publishes: the law binds each role differently.")
    jurisdictions: list[str] = Field(default=[], description="Where the content is published: eu, cn, in … (loads their packs).")
    audit_date: date | None = Field(default=None, description="Which laws are in force; default today.")
    select: list[str] = Field(default=[], description="Only these codes, prefixes or names (longest prefix wins).")
    ignore: list[str] = Field(default=[], description="Skip these codes, prefixes or names.")
    severity: dict[str, Severity] = Field(default={}, description="Per-rule severity, by code or name.")
    per_path_ignores: dict[str, list[str]] = Field(default={}, description="Gitignore-style pattern -> codes skipped there.")
    exclude: list[str] = Field(default=[], description="Gitignore-style patterns of files never audited.")
    vocabularies: dict[str, list[VocabEntry]] = Field(default={}, description="Additions to shared phrase lists (agencies, …).")
    disclosure: DisclosureExtension = Field(default=DisclosureExtension(), description="Additional disclosure wording.")
    generators: list[str] = Field(default=[], description="Extra AI tool names: recognised as generators in file metadata (Software, CreatorTool) and, alone in a credit, as a weak disclosure.")
    art50_exceptions: dict[str, Art50Exception] = Field(
        default={}, description="Pattern -> EU AI Act Art. 50(4) exception for those articles (e.g. satire/**).")
    c2pa_trust_anchors: Path | None = Field(default=None, description="PEM file of trusted C2PA root certificates.")
    inline_suppressions: bool = Field(default=True, description="Honour <!-- auditor: ignore[...] --> comments.")
    fail_on: FailOn = "error"
    now: datetime | None = Field(default=None, description="The clock DAT401 compares against (fixed in tests).")
    fetch_remote: bool = Field(default=False, description="Fetch remote images (http/https) to read their metadata; off by default (--fetch-remote).")
    fetch_allow: list[str] = Field(default=[], description="Hosts (exact, or *.domain) that may resolve to private, loopback or link-local addresses when fetching.")
    fetch_cache: Path | None = Field(default=None, description="Folder of the fetch cache, shared by runs and workers (relative to the config file); default the user's cache folder.")
    fetch_max_bytes: int = Field(default=25 * 1024 * 1024, ge=1024, description="Largest remote image read in full, in bytes.")
    fetch_timeout: float = Field(default=10.0, gt=0, le=300, description="Connect and read timeout per request, in seconds.")
    fetch_retries: int = Field(default=2, ge=0, le=5, description="Retries of a request that timed out, failed to connect or got 429/5xx.")
    fetch_per_host: int = Field(default=4, ge=1, le=32, description="Requests to one host at a time (per process).")
    fetch_rate: float = Field(default=10.0, gt=0, description="Requests started per second to one host (per process).")
    fetch_revalidate_after: float = Field(default=3600.0, ge=0, description="Seconds a cached image is used before the server is asked (ETag/Last-Modified) whether it changed.")
    # Where the config came from: patterns are relative to its folder. Set by load_config.
    source: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)
    limits: Limits = Field(default=Limits(), description="Caps on what one document may make auditor read; past one, INP005 says the audit is incomplete.")
    site_roots: list[Path] = Field(default=[], description="Folders a site serves root-relative URLs (/images/x.jpg) from, relative to the config file, e.g. static, public; also roots the audit may read.")
    url_map: dict[str, Path] = Field(default={}, description="URL prefix -> local folder (relative to the config file), e.g. \"https://cdn.example.com/media/\" = \"static/media/\".")
    site_url: str | None = Field(default=None, description="The site's own base URL: its absolute image URLs are looked up in the site's folders, not treated as remote.")
    # The paths a run audits (set by audit_paths): the folders they name are roots images may be read from.
    audit_inputs: SkipJsonSchema[tuple[Path, ...]] = Field(default=(), exclude=True)
    archive_budget: ArchiveBudget = Field(default=ArchiveBudget(), description="Limits on reading one zip, tar or WARC archive.")
    scheduled_window_minutes: float | None = Field(
        default=None, ge=0, description="How long before publication an update may be stamped (a story scheduled after its last edit) before DAT401 reports it; default the rule's (1440).")
    serve_token_file: Path | None = Field(
        default=None, description="`auditor serve`: a file of bearer tokens, one a line (relative to the config file); --token-file overrides it.")
    extend: str | None = Field(
        default=None, exclude=True, description="Another config file this one inherits from (relative to this file); keys set here override its keys, one by one.")
    docs_url: str | None = Field(
        default=None, description="Base URL of the rule pages (docs/rules/<CODE>.md) that SARIF helpUri, the HTML report and `auditor rule` link to; default the project's repository.")
    # Set when the run's config was found, not named (--config, the API): the nearest
    # config above each file then applies to it (auditor.config_tree).
    nearest_configs: SkipJsonSchema[bool] = Field(default=False, exclude=True)
    # --select / --ignore as the command line gave them: re-applied to every nearer config.
    command_line: SkipJsonSchema[dict[str, tuple[str, ...]]] = Field(default={}, exclude=True)
    watermarks: list[Literal["sd"]] = Field(
        default=[], description="Invisible AI watermarks to look for in images' pixels (\"sd\": the Stable Diffusion v1/v2 scripts' and SDXL pipelines' DWT-DCT marks); off by default, as it decodes every image. Needs `auditor[watermarks]`.")

    @field_validator("jurisdictions")
    @classmethod
    def _jurisdictions(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.match(JURISDICTION, item):
                raise ValueError(f"'{item}' is not a jurisdiction code like eu, cn, in or us-ca")
        return value

    @field_validator("select", "ignore")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.match(CODE_OR_NAME, item):
                raise ValueError(f"'{item}' is not a rule code, code prefix or rule name")
        return value

    @field_validator("per_path_ignores")
    @classmethod
    def _path_codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        import re

        for pattern, codes in value.items():
            for item in codes:
                if not re.match(CODE_OR_NAME, item):
                    raise ValueError(f"'{item}' (for '{pattern}') is not a rule code, code prefix or rule name")
        return value

    @field_validator("fetch_allow")
    @classmethod
    def _fetch_hosts(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.match(FETCH_HOST, item):
                raise ValueError(f"'{item}' is not a host name, IP address or *.domain pattern")
        return value

    @field_validator("url_map")
    @classmethod
    def _url_prefixes(cls, value: dict[str, Path]) -> dict[str, Path]:
        for prefix in value:
            if not prefix.startswith(("http://", "https://")):
                raise ValueError(f"'{prefix}' is not an http:// or https:// URL prefix")
        return value

    @field_validator("site_url", "docs_url")
    @classmethod
    def _site_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"'{value}' is not an http:// or https:// URL")
        return value

    @field_validator("watermarks")
    @classmethod
    def _watermark_extra(cls, value: list[str]) -> list[str]:
        if value:
            from .media.watermark import missing_extra

            if (missing := missing_extra()) is not None:
                raise ValueError(missing)
        return value

    @property
    def root(self) -> Path:
        """The folder config patterns are relative to."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def effective_audit_date(self) -> date:
        return self.audit_date or date.today()

    def error(self, key: str, message: str) -> ConfigError:
        """A one-line error about `key` of this config."""
        where = f"invalid config {self.source}" if self.source else "invalid config"
        return ConfigError(f"{where}: {key}: {message}")


def load_config(path: Path | None = None, start: Path | None = None, within: str | None = None) -> Config:
    """The config at `path`, or the first config file found from `start` upwards, or defaults.
    A config found (not given) applies to the files under it that have no closer config
    of their own (`nearest_configs`, see `auditor.config_tree`). `within`: a real folder
    the file and every file it extends must be in."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config(nearest_configs=True)
        # Found in the audited tree, it may extend only files of its repository.
        repository = _repository_root(path.parent.resolve()) if within is None else None
        within = str(repository) if repository is not None else within
        return load_config(path, within=within).model_copy(update={"nearest_configs": True})
    from .config_extend import read_config_chain

    document, _ = read_config_chain(path, within)  # `extend` followed, merged
    for hidden in HIDDEN_KEYS:
        if hidden in document:
            raise ConfigError(f"invalid config {path}: {hidden}: unknown key")
    try:
        config = Config.model_validate(document)
    except ValidationError as error:
        raise ConfigError(f"invalid config {path}: {_first_problem(error)}") from None
    base = path.parent
    update: dict[str, Any] = {
        "source": path,
        "pack_paths": [p if p.is_absolute() else base / p for p in config.pack_paths],
    }
    if config.fetch_cache is not None and not config.fetch_cache.is_absolute():
        update["fetch_cache"] = base / config.fetch_cache
    if config.c2pa_trust_anchors is not None:
        anchors = config.c2pa_trust_anchors
        update["c2pa_trust_anchors"] = anchors if anchors.is_absolute() else base / anchors
    config = config.model_copy(update=update)
    if config.c2pa_trust_anchors is not None:
        read_trust_anchors(config)  # fail now, with the key named, not halfway through a run
    return config


def read_trust_anchors(config: Config) -> str | None:
    """The PEM text of the configured C2PA trust anchors, or None."""
    if config.c2pa_trust_anchors is None:
        return None
    try:
        text = read_settings_text(config.c2pa_trust_anchors, MAX_TRUST_ANCHORS_BYTES)
    except (OSError, UnicodeDecodeError) as error:
        raise config.error("c2pa_trust_anchors", f"cannot read {config.c2pa_trust_anchors}: {getattr(error, 'strerror', None) or error}") from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise config.error("c2pa_trust_anchors", f"{config.c2pa_trust_anchors} holds no PEM certificate")
    return text


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "config"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    elif first["type"] == "literal_error":
        message = f"{message} (got {first.get('input')!r})"
    return f"{where}: {message}".replace("Value error, ", "")


def find_config(start: Path, cwd: Path | None = None) -> Path | None:
    """The first config file among `config_candidates(start)`."""
    for candidate_dir in config_candidates(start, cwd):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def config_candidates(start: Path, cwd: Path | None = None) -> list[Path]:
    """The folders a config is looked for in, nearest first. Audited content may be
    someone else's (a contributor's branch, an agency feed, a crawl), and a config
    can silence every rule, so the search never leaves the place the user chose:
    inside a git repository, from the audited folder up to the repository root (the
    nearest folder holding `.git`) and no higher; outside one, the audited folder
    only. Then the working folder, where the user ran auditor. A shared `/tmp` or
    `/` never supplies a config by being a parent."""
    folder = start if start.is_dir() else start.parent
    repository = _repository_root(folder)
    folders = [folder] if repository is None else [folder, *folder.parents[: len(folder.parts) - len(repository.parts)]]
    here = cwd or Path.cwd()
    if here not in folders:
        folders.append(here)
    return folders


def _repository_root(folder: Path) -> Path | None:
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    import tomllib

    try:
        return "auditor" in tomllib.loads(read_settings_text(path)).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
