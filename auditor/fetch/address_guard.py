"""The SSRF guard: which addresses a fetch may connect to. A host is resolved here,
every address it resolves to is checked, and the connection goes to a checked
address, so a second lookup (DNS rebinding) cannot hand the socket another one.
Odd spellings of an address (decimal `2130706433`, octal `0177.0.0.1`) are checked
as what they resolve to, never as text."""

from __future__ import annotations

import ipaddress
import socket
from fnmatch import fnmatchcase

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata services: refused even for a host `fetch_allow` names,
# since they hand out credentials to whoever asks.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack
    "169.254.170.2",  # AWS ECS task metadata
    "100.100.100.200",  # Alibaba Cloud
    "fd00:ec2::254",  # AWS over IPv6
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class RefusedAddress(Exception):
    """A host resolved to an address a fetch may not reach; the message says why."""


class UnresolvableHost(RefusedAddress):
    """The host has no address (no such name, or no DNS here): not a refusal as such."""


def refusal_of(address: IPAddress) -> str | None:
    """Why a connection to `address` is refused for a host `fetch_allow` does not
    name (None when it is a public unicast address)."""
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return refusal_of(embedded)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "a reserved address"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    # IPv6 forms that carry an IPv4 address the packets end up at.
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def host_allowed(host: str, allow: tuple[str, ...]) -> bool:
    """True when `fetch_allow` names `host`: exactly, or through a `*.domain` pattern
    (which matches subdomains only, never the bare domain)."""
    name = host.lower().rstrip(".").strip("[]")
    return any(fnmatchcase(name, pattern) for pattern in allow)


def checked_addresses(host: str, port: int, allow: tuple[str, ...]) -> list[str]:
    """The addresses of `host` a fetch may connect to, in resolver order. Raises
    RefusedAddress when any of them is refused (a host that resolves to both a
    public and a private address is refused as a whole)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as problem:
        raise UnresolvableHost(f"cannot resolve host {host!r}: {problem.strerror or problem}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    allowed = host_allowed(host, allow)
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if address in METADATA_ADDRESSES:
            raise RefusedAddress(f"host {host!r} resolves to {text}, a cloud metadata address")
        reason = None if allowed else refusal_of(address)
        if reason:
            raise RefusedAddress(f"host {host!r} resolves to {text}, {reason} (name the host in fetch_allow to permit it)")
    if not addresses:
        raise UnresolvableHost(f"host {host!r} has no address")
    return addresses
