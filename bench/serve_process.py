"""A real `auditor serve` for the tests and bench/serve.py: a child process on a free
loopback port, waited for on /healthz, stopped (by its own pid) when done."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 120  # spawning the workers and loading the packs, on a loaded machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(*arguments: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Iterator[str]:
    """Starts the server (with `env` added to its environment) and yields its base URL."""
    port = free_port()
    log = tempfile.TemporaryFile()  # not a pipe: a server that logs much would block on a full one
    process = subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--port", str(port), *arguments],
                               cwd=cwd or ROOT, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                               env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /healthz")
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
