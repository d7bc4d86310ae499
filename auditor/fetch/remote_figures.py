"""The pipeline's use of fetching: an article's remote figures fetched (when the run
fetches), each read as a figure with its own image, or reported with the reason it
could not be fetched (INP002)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Article, Evidence, Finding, MediaFacts
from . import current_fetcher

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

MAX_PARALLEL = 8  # fetches of one document at once (per-host limits still apply)
MISSING_RULE = "INP002"


@dataclass
class RemoteFigures:
    article: Article  # its fetched figures "local" (path: the URL), failed ones "missing"
    media: dict[str, MediaFacts] = field(default_factory=dict)
    failures: dict[int, tuple[str, str]] = field(default_factory=dict)  # figure index -> (url, reason)

    @property
    def failed_urls(self) -> list[str]:
        return list(dict.fromkeys(url for url, _ in self.failures.values()))

    def explain(self, findings: list[Finding]) -> list[Finding]:
        """The figure's INP002 finding says why its image could not be fetched."""
        if not self.failures:
            return findings
        explained = []
        for finding in findings:
            failed = self.failures.get(finding.figure) if finding.rule == MISSING_RULE else None  # type: ignore[arg-type]
            if failed is not None:
                url, reason = failed
                finding = finding.model_copy(update={
                    "message": f"Image '{url}' could not be fetched: {reason}.",
                    "evidence": (*finding.evidence, Evidence(source="fetch", value=reason)),
                    "fix": "Check that the URL serves the image (and that fetch_allow names its host if it is "
                           "internal), or audit the published file directly.",
                })
            explained.append(finding)
        return explained


def fetch_remote_figures(article: Article) -> RemoteFigures | None:
    """None when the run does not fetch or the article has no remote figure."""
    fetcher = current_fetcher()
    if fetcher is None or not any(f.status == "remote" and f.src for f in article.figures):
        return None
    from .remote_media import read_remote

    urls = list(dict.fromkeys(url_of(f.src) for f in article.figures if f.status == "remote" and f.src))
    if len(urls) == 1:
        read = {urls[0]: read_remote(fetcher, urls[0])}
    else:
        read = dict(zip(urls, _pool().map(lambda url: read_remote(fetcher, url), urls)))
    remote = RemoteFigures(article)
    figures = []
    for figure in article.figures:
        if figure.status == "remote" and figure.src:
            url = url_of(figure.src)
            result = read[url]
            if isinstance(result, MediaFacts):
                remote.media[url] = result
                figure = figure.model_copy(update={"status": "local", "path": url})
            else:
                remote.failures[figure.index] = (url, result)
                figure = figure.model_copy(update={"status": "missing", "path": None})
        figures.append(figure)
    remote.article = article.model_copy(update={"figures": tuple(figures)})
    return remote


_POOL: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    # One pool per process, started on first need: a thread start per document costs
    # more than reading a cached image.
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor  # here: most runs fetch nothing

        _POOL = ThreadPoolExecutor(MAX_PARALLEL, thread_name_prefix="auditor-fetch")
    return _POOL


def url_of(src: str) -> str:
    text = src.strip()
    return "https:" + text if text.startswith("//") else text
