"""Safety: only http/https, never an internal address unless allowed, checked after DNS resolution."""

from __future__ import annotations

import ipaddress

import pytest

from pipeline.errors import FetchError
from pipeline.ingest.safety import check_url, is_internal


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.0.10", True), ("172.16.5.4", True),
        ("169.254.169.254", True), ("0.0.0.0", True), ("::1", True), ("fe80::1", True), ("fc00::1", True),
        ("::ffff:127.0.0.1", True), ("224.0.0.1", True), ("8.8.8.8", False), ("2606:4700:4700::1111", False),
    ],
)
def test_safety_internal_addresses(address: str, internal: bool) -> None:
    assert is_internal(ipaddress.ip_address(address)) is internal


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/feed", "refused ftp URL: only http and https are fetched"),
        ("file:///etc/passwd", "refused file URL: only http and https are fetched"),
        ("http:///nohost", "URL has no host name"),
        ("http://127.0.0.1:8080/x", "refused 127.0.0.1 (127.0.0.1): a private or loopback address; pass --allow-private-hosts or set CLAIMGRAPH_ALLOW_PRIVATE_HOSTS=1 to fetch it"),
        ("http://localhost/x", "refused localhost ("),
        ("http://[::1]/x", "refused ::1 (::1)"),
    ],
)
def test_safety_refuses_bad_urls(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert caught.value.message.startswith(reason)
    assert (caught.value.origin, caught.value.transient) == (url, False)


def test_safety_allows_loopback_when_told() -> None:
    assert check_url("http://127.0.0.1:9/x", allow_private=True) == "127.0.0.1"


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::127.0.0.1",       # NAT64 of loopback
        "64:ff9b::a00:1",           # NAT64 of 10.0.0.1
        "64:ff9b:1::8.8.8.8",       # local-use NAT64 prefix
        "2002:7f00:1::",            # 6to4 of 127.0.0.1
        "2002:c0a8:1::1",           # 6to4 of 192.168.0.1
        "::127.0.0.1",              # IPv4-compatible (deprecated)
        "::8.8.8.8",                # IPv4-compatible, even of a public address
        "::ffff:10.0.0.1",          # IPv4-mapped
        "192.0.0.8",                # IETF protocol assignments
        "192.0.0.170",
        "100.64.0.1",               # carrier-grade NAT
        "198.18.0.1",               # benchmarking
        "240.0.0.1",                # reserved
        "2001:db8::1",              # documentation
        "fec0::1",                  # site-local (deprecated)
    ],
)
def test_safety_internal_address_inside_another_form_is_refused(address: str) -> None:
    assert is_internal(ipaddress.ip_address(address)) is True


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "8.8.4.4", "2a00:1450:4001::200e"])
def test_safety_public_address_inside_another_form_is_allowed(address: str) -> None:
    assert is_internal(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[oops/", "malformed URL (ValueError: Invalid IPv6 URL)"),
        ("http://xn--/", "malformed URL (IDNAError: "),
        ("http://exa mple.org/", "malformed URL: 'exa%20mple.org' is not a host name"),
        ("http://ex%41mple.org/", "malformed URL: 'ex%41mple.org' is not a host name"),
    ],
)
def test_safety_malformed_url_is_refused_even_where_private_hosts_are_allowed(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, allow_private=True)
    assert caught.value.message.startswith(reason)
    assert (caught.value.origin, caught.value.transient) == (url, False)
