"""An httpx transport whose every connection goes through the SSRF guard: the host
is resolved and checked by `address_guard`, and the socket connects to the checked
address (TLS still verifies the certificate against the host name). Redirects are
new requests, so each hop is checked again."""

from __future__ import annotations

import typing

import httpcore
import httpx

from .address_guard import RefusedAddress, UnresolvableHost, checked_addresses


class RefusedConnection(httpcore.ConnectError):
    """httpx re-raises it as ConnectError with this one as the cause."""

    def __init__(self, message: str, refused: bool = True) -> None:
        super().__init__(message)
        self.refused = refused  # False: the host could not be resolved at all


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, allow: tuple[str, ...]) -> None:
        self.allow = allow

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable | None = None) -> httpcore.NetworkStream:
        try:
            addresses = checked_addresses(host, port, self.allow)
        except RefusedAddress as refusal:
            raise RefusedConnection(str(refusal), refused=not isinstance(refusal, UnresolvableHost)) from None
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as problem:
                last = problem
        assert last is not None
        raise last

    def connect_unix_socket(self, *args, **kwargs):  # never: every fetch is TCP
        raise RefusedConnection("unix sockets are not fetched")


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow: tuple[str, ...], max_connections: int) -> None:
        # trust_env=False: a proxy from the environment would resolve hosts itself,
        # past the guard.
        super().__init__(trust_env=False, retries=0)
        # httpx has no public way to choose httpcore's network backend; the pool it
        # built is replaced by the same pool over the guarded backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(allow),
        )


def refusal_in(problem: BaseException) -> str | None:
    """The guard's reason when `problem` (raised by httpx) is a connection the guard
    did not make: "refused: ..." for a refused address, else why the host has none."""
    seen = problem
    while seen is not None:
        if isinstance(seen, RefusedConnection):
            return f"refused: {seen}" if seen.refused else str(seen)
        seen = seen.__cause__ or seen.__context__
    return None
