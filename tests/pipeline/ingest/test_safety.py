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
