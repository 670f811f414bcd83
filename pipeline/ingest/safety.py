"""Which URLs claimgraph may fetch: http and https only, and never a private, loopback, link-local
or otherwise internal address unless the caller allows it (a fetcher pointed at a feed must not
become a way into the network it runs in).

Checked after DNS resolution, on the first request and on every redirect. Imports errors only.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from pipeline.errors import FetchError

ALLOWED_SCHEMES = ("http", "https")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, *, allow_private: bool = False) -> str:
    """Return the host of ``url`` when it may be fetched; raise ``FetchError`` (not transient) otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"refused {parts.scheme or 'scheme-less'} URL: only http and https are fetched", origin=url)
    if not parts.hostname:
        raise FetchError("URL has no host name", origin=url)
    if not allow_private:
        for address in resolve_host(parts.hostname, url=url):
            if is_internal(address):
                raise FetchError(
                    f"refused {parts.hostname} ({address}): a private or loopback address; "
                    "pass --allow-private-hosts or set CLAIMGRAPH_ALLOW_PRIVATE_HOSTS=1 to fetch it",
                    origin=url,
                )
    return parts.hostname


def resolve_host(host: str, *, url: str) -> list[IPAddress]:
    """Return every address ``host`` resolves to; raise a transient ``FetchError`` when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}", origin=url, transient=True) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def is_internal(address: IPAddress) -> bool:
    """Return True for addresses a public fetcher has no business reaching (private, loopback, link-local...)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast
