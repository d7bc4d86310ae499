"""The SSRF guard's address checks: every address a host resolves to is judged as
an address (IPv4, IPv6, IPv4 inside IPv6, odd spellings resolved first), and only
hosts fetch_allow names may reach the non-public ones; metadata services never."""

from __future__ import annotations

import ipaddress

import pytest

from auditor.config import Config, ConfigError, load_config
from auditor.fetch.address_guard import RefusedAddress, checked_addresses, host_allowed, refusal_of


@pytest.mark.parametrize("address,reason", [
    ("8.8.8.8", None),
    ("151.101.1.69", None),
    ("2606:4700::1111", None),
    ("::ffff:8.8.8.8", None),
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"),
    ("169.254.170.2", "metadata"),
    ("100.100.100.200", "metadata"),
    ("fd00:ec2::254", "metadata"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("100.64.0.1", "reserved"),  # carrier-grade NAT
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "metadata"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
])
def test_addresses_are_judged_by_what_they_reach(address, reason):
    refusal = refusal_of(ipaddress.ip_address(address))
    if reason is None:
        assert refusal is None
    else:
        assert refusal is not None and reason in refusal


@pytest.mark.parametrize("host", [
    "127.0.0.1",
    "2130706433",  # decimal
    "0177.0.0.1",  # octal
    "0x7f.1",  # hex, short form
    "localhost",
    "[::1]",
    "0.0.0.0",
])
def test_odd_spellings_of_loopback_are_refused_after_resolution(host):
    with pytest.raises(RefusedAddress) as refused:
        checked_addresses(host, 80, ())
    assert "loopback" in str(refused.value) or "unspecified" in str(refused.value)


@pytest.mark.parametrize("host,allow,allowed", [
    ("127.0.0.1", ("127.0.0.1",), True),
    ("2130706433", ("127.0.0.1",), False),  # the name as written, not what it resolves to
    ("cdn.example.org", ("*.example.org",), True),
    ("a.b.example.org", ("*.example.org",), True),
    ("example.org", ("*.example.org",), False),
    ("evil-example.org", ("*.example.org",), False),
    ("CDN.Example.COM.", ("cdn.example.com",), True),
    ("cdn.example.com.evil.net", ("cdn.example.com",), False),
])
def test_fetch_allow_names_hosts_exactly_or_by_subdomain_pattern(host, allow, allowed):
    assert host_allowed(host, allow) is allowed


def test_an_allowed_host_may_reach_loopback_but_never_a_metadata_address():
    assert checked_addresses("127.0.0.1", 80, ("127.0.0.1",)) == ["127.0.0.1"]
    with pytest.raises(RefusedAddress, match="metadata"):
        checked_addresses("169.254.169.254", 80, ("169.254.169.254",))


def test_unresolvable_host_is_a_refusal_with_the_reason():
    with pytest.raises(RefusedAddress, match="cannot resolve"):
        checked_addresses("no-such-host.invalid", 80, ())


@pytest.mark.parametrize("pattern", ["*", "*.com", "cdn.*.com", "http://cdn.example.com", "cdn example"])
def test_fetch_allow_rejects_patterns_that_would_switch_the_guard_off(tmp_path, pattern):
    path = tmp_path / "auditor.toml"
    path.write_text(f'fetch_allow = ["{pattern}"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="fetch_allow"):
        load_config(path)


def test_fetch_settings_default_to_off_and_resolve_the_cache_folder_from_the_config(tmp_path):
    assert Config().fetch_remote is False
    path = tmp_path / "auditor.toml"
    path.write_text('fetch_remote = true\nfetch_cache = "cache"\nfetch_allow = ["cdn.example.com", "*.example.org", "127.0.0.1"]\n')
    config = load_config(path)
    assert config.fetch_remote and config.fetch_cache == tmp_path / "cache"
