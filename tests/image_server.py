"""A real HTTP server on 127.0.0.1 for the fetch tests, started by the tests
themselves: each path is a Route saying what it serves and how (ranges or not,
gzip, validators, a delay, a redirect, a status)."""

from __future__ import annotations

import gzip
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    ranges: bool = True  # honours Range requests (206), or ignores them (200, whole body)
    gzip: str = "never"  # "never", "accepted" (when the client accepts gzip) or "always"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    location: str | None = None  # answers 302 to this URL


@dataclass
class Served:
    path: str
    headers: dict[str, str]
    status: int = 0
    sent: int = 0  # body bytes sent


@dataclass
class ImageServer:
    routes: dict[str, Route] = field(default_factory=dict)
    served: list[Served] = field(default_factory=list)

    def __enter__(self) -> "ImageServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                record = Served(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.served.append(record)
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(record, 404, b"not here")
                if route.delay:
                    time.sleep(route.delay)
                if route.location:
                    return self._send(record, 302, b"", {"Location": route.location})
                validators = {k: v for k, v in (("ETag", route.etag), ("Last-Modified", route.last_modified)) if v}
                if (route.etag and record.headers.get("if-none-match") == route.etag) or (
                        route.last_modified and record.headers.get("if-modified-since") == route.last_modified):
                    return self._send(record, 304, b"", validators)
                if route.status != 200:
                    return self._send(record, route.status, b"error page")
                accepts_gzip = "gzip" in record.headers.get("accept-encoding", "")
                if route.gzip == "always" or (route.gzip == "accepted" and accepts_gzip):
                    return self._send(record, 200, gzip.compress(route.body), {"Content-Encoding": "gzip", **validators})
                asked = _RANGE.match(record.headers.get("range", ""))
                if route.ranges and asked:
                    start = int(asked.group(1))
                    if start >= len(route.body):
                        return self._send(record, 416, b"", {"Content-Range": f"bytes */{len(route.body)}"})
                    end = min(int(asked.group(2) or len(route.body) - 1), len(route.body) - 1)
                    part = route.body[start:end + 1]
                    return self._send(record, 206, part, {"Content-Range": f"bytes {start}-{end}/{len(route.body)}", **validators})
                return self._send(record, 200, route.body, validators)

            def _send(self, record: Served, status: int, body: bytes, headers: dict | None = None) -> None:
                record.status, record.sent = status, len(body)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: a capped or range-limited read

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, **route) -> str:
        self.routes[path] = Route(**route)
        return self.url(path)

    def requests_for(self, path: str) -> list[Served]:
        return [s for s in self.served if s.path == path]
