"""The one HTTP client remote images are fetched with: the head of the file by an
HTTP Range request, the whole file (capped) only when a reader needs more or the
server ignores ranges; answers kept in the shared cache and revalidated with
ETag/Last-Modified; per-host limits, timeouts, bounded retries and the SSRF guard."""

from __future__ import annotations

import re
import threading
import time
import zlib
from dataclasses import dataclass, replace

import httpx

from .cache import Cache, Entry
from .guarded_transport import GuardedTransport, refusal_in
from .host_limits import HostLimits
from .settings import FetchSettings

# JPEG APP segments, PNG chunks before IDAT, WebP and ISO-BMFF metadata boxes sit
# in the first few hundred KiB of a typical image.
HEAD_BYTES = 256 * 1024
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 5.0
UNRESOLVABLE_SECONDS = 60.0
USER_AGENT = "auditor (image provenance check; +https://pypi.org/project/auditor/)"
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+0-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


class FetchFailed(Exception):
    """Why a URL could not be fetched, in a few words for a finding."""

    def __init__(self, reason: str, retryable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes = b""
    complete: bool = True


class Fetcher:
    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.cache = Cache(settings.cache_folder)
        self.limits = HostLimits(settings.per_host, settings.rate)
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        # Failures are remembered by this process only (a later run asks again): per
        # URL for `revalidate_after`, per host for a minute when it has no address,
        # so a page with 200 images on one unreachable CDN costs one lookup.
        self._failed: dict[str, tuple[float, str]] = {}
        self._unresolvable: dict[str, tuple[float, str]] = {}

    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                timeout = httpx.Timeout(self.settings.timeout)
                self._client = httpx.Client(
                    transport=GuardedTransport(self.settings.allow, max_connections=64),
                    timeout=timeout, follow_redirects=False, trust_env=False,
                    headers={"User-Agent": USER_AGENT},
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # --- what callers use ------------------------------------------------------------

    def head(self, url: str) -> Entry:
        """The first bytes of the file at `url` (all of it when small or when the
        server ignores ranges), from the cache while it is fresh. Raises FetchFailed."""
        entry = self.cache.load(url)
        if entry is not None and self._fresh(entry):
            return entry
        failed = self._failed.get(url)
        if failed is not None and time.monotonic() - failed[0] < self.settings.revalidate_after:
            raise FetchFailed(failed[1])
        # Ranges count bytes of the stored file, not of a compressed transfer.
        headers = {"Range": f"bytes=0-{HEAD_BYTES - 1}", "Accept-Encoding": "identity"}
        try:
            answer = self._exchange(url, {**headers, **_conditions(entry)}, strict_cap=False)
            return self._keep(url, answer, entry)
        except FetchFailed as failure:
            self._failed[url] = (time.monotonic(), failure.reason)
            raise

    def whole(self, url: str, entry: Entry) -> Entry:
        """The whole file, when the head was not enough. Raises FetchFailed."""
        if entry.complete:
            return entry
        cap = self.settings.max_bytes
        if entry.total is not None and entry.total > cap:
            raise FetchFailed(_too_large(entry.total, cap))
        answer = self._exchange(url, {"Accept-Encoding": "gzip"}, strict_cap=True)
        return self._keep(url, answer, None)

    def tail(self, url: str, entry: Entry, length: int) -> Entry:
        """`entry` with the file's last `length` bytes, from a range request that must
        still match the cached head. Raises FetchFailed."""
        assert entry.total is not None
        start = max(0, entry.total - length)
        headers = {"Range": f"bytes={start}-{entry.total - 1}", "Accept-Encoding": "identity"}
        if entry.etag or entry.last_modified:
            headers["If-Range"] = entry.etag or entry.last_modified or ""
        answer = self._exchange(url, headers, strict_cap=True)
        if answer.status == 200:  # the file changed since its head was read (If-Range): this is all of it
            return self._keep(url, answer, None)
        expected = f"bytes {start}-{entry.total - 1}/{entry.total}"
        if answer.status != 206 or answer.headers.get("content-range", "").strip().lower() != expected:
            return self.whole(url, entry)  # the server will not say what it sent: read it all
        with_tail = replace(entry, tail=answer.body)
        self.cache.store(with_tail)
        return with_tail

    def signature(self, url: str) -> str:
        """The ledger's signature of a remote image: its cache validator, confirmed
        with the server once the cached copy is older than `revalidate_after`."""
        try:
            return self.head(url).validator
        except FetchFailed:
            return "absent"

    # --- HTTP ------------------------------------------------------------------------

    def _fresh(self, entry: Entry) -> bool:
        return time.time() - entry.checked_at < self.settings.revalidate_after

    def _keep(self, url: str, answer: _Answer, entry: Entry | None) -> Entry:
        if answer.status == 304 and entry is not None:
            fresh = entry.confirmed()
        elif answer.status in (200, 206):
            fresh = _entry_of(url, answer)
        elif answer.status == 416:  # a range past the end: an empty file
            fresh = Entry(url=url, body=b"", complete=True, total=0, checked_at=time.time())
        else:
            phrase = _phrase(answer.status)
            raise FetchFailed(f"HTTP {answer.status}{' ' + phrase if phrase else ''}")
        self.cache.store(fresh)
        return fresh

    def _exchange(self, url: str, headers: dict[str, str], *, strict_cap: bool) -> _Answer:
        retries = self.settings.retries
        for attempt in range(retries + 1):
            try:
                answer = self._follow(url, headers, strict_cap)
            except FetchFailed as failure:
                if not failure.retryable or attempt == retries:
                    raise
                time.sleep(_backoff(attempt, None))
                continue
            if answer.status in RETRY_STATUSES and attempt < retries:
                time.sleep(_backoff(attempt, answer.headers.get("retry-after")))
                continue
            return answer
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str], strict_cap: bool) -> _Answer:
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as problem:
            raise FetchFailed(f"not a valid URL: {problem}") from None
        for _hop in range(MAX_REDIRECTS + 1):
            if current.scheme not in ("http", "https"):
                raise FetchFailed(f"{current.scheme}: URLs are not fetched")
            location = None
            unresolvable = self._unresolvable.get(current.host)
            if unresolvable is not None and time.monotonic() - unresolvable[0] < UNRESOLVABLE_SECONDS:
                raise FetchFailed(unresolvable[1])
            with self.limits.turn(current.host):
                try:
                    with self.client().stream("GET", current, headers=headers) as response:
                        if response.has_redirect_location:
                            location = response.headers["location"]
                        else:
                            return self._answer(response, strict_cap)
                except httpx.TimeoutException:
                    raise FetchFailed(f"timed out after {self.settings.timeout:g} s", retryable=True) from None
                except httpx.HTTPError as problem:
                    refusal = refusal_in(problem)
                    if refusal:
                        if not refusal.startswith("refused"):
                            self._unresolvable[current.host] = (time.monotonic(), refusal)
                        raise FetchFailed(refusal) from None
                    raise FetchFailed(f"connection failed: {problem}", retryable=True) from None
            try:
                current = current.join(location)
            except httpx.InvalidURL:
                raise FetchFailed(f"redirect to an invalid URL {location!r}") from None
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _answer(self, response: httpx.Response, strict_cap: bool) -> _Answer:
        if response.status_code not in (200, 206):
            return _Answer(response.status_code, response.headers)
        cap = self.settings.max_bytes
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "x-gzip"):
            raise FetchFailed(f"unsupported Content-Encoding {encoding!r}")
        declared = _int(response.headers.get("content-length")) if encoding in ("identity", "") else None
        if strict_cap and declared is not None and declared > cap:
            raise FetchFailed(_too_large(declared, cap))
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else None
        deadline = time.monotonic() + 3 * self.settings.timeout
        body = bytearray()
        over = False
        try:
            for raw in response.iter_raw():
                if time.monotonic() > deadline:
                    raise FetchFailed(f"too slow: not received within {3 * self.settings.timeout:g} s")
                # A bounded inflate: a small gzip bomb never grows past the cap.
                data = decoder.decompress(raw, cap + 1 - len(body)) if decoder else raw
                body += data
                if len(body) > cap or (decoder is not None and decoder.unconsumed_tail):
                    over = True
                    break
        except zlib.error as problem:
            raise FetchFailed(f"corrupt gzip body: {problem}") from None
        except httpx.TimeoutException:
            raise FetchFailed(f"timed out after {self.settings.timeout:g} s", retryable=True) from None
        except httpx.HTTPError as problem:
            raise FetchFailed(f"connection failed: {problem}", retryable=True) from None
        if over:
            if strict_cap:
                raise FetchFailed(_too_large(declared, cap))
            del body[cap:]
        return _Answer(response.status_code, response.headers, bytes(body), complete=not over)


def _entry_of(url: str, answer: _Answer) -> Entry:
    headers = answer.headers
    total: int | None
    if answer.status == 206:
        match = _CONTENT_RANGE.match(headers.get("content-range", ""))
        if match is None:
            raise FetchFailed("the server answered a range request with a range that does not start the file")
        total = int(match.group(2)) if match.group(2) != "*" else None
        complete = total is not None and len(answer.body) >= total
    else:
        complete = answer.complete
        total = len(answer.body) if complete else _int(headers.get("content-length"))
    return Entry(url=url, body=answer.body, complete=complete, total=total, etag=headers.get("etag"),
                 last_modified=headers.get("last-modified"), checked_at=time.time())


def _conditions(entry: Entry | None) -> dict[str, str]:
    if entry is None:
        return {}
    conditions = {}
    if entry.etag:
        conditions["If-None-Match"] = entry.etag
    if entry.last_modified:
        conditions["If-Modified-Since"] = entry.last_modified
    return conditions


def _backoff(attempt: int, retry_after: str | None) -> float:
    asked = _int(retry_after)
    return min(MAX_BACKOFF, float(asked) if asked is not None else 0.25 * 2 ** attempt)


def _too_large(size: int | None, cap: int) -> str:
    known = f"{size:,} bytes, " if size is not None else ""
    return f"too large ({known}over the fetch_max_bytes cap of {cap:,} bytes)"


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
