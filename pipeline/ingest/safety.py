"""Which URLs claimgraph may fetch: well-formed (httpx parses them and their host name is valid),
http and https only, and never a private, loopback, link-local or otherwise internal address unless
the caller allows it (a fetcher pointed at a feed must not become a way into the network it runs in).
An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by
the address it carries.

Checked after DNS resolution, on the first request and on every redirect. Imports errors only (and
httpx, which parses URLs as the fetcher will).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

import httpx

from pipeline.errors import FetchError

ALLOWED_SCHEMES = ("http", "https")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A host name once IDNA-encoded: letters, digits, hyphens and dots (an underscore is common enough in the wild).
HOST_NAME = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$", re.IGNORECASE)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Not global, though Python 3.11's ``is_global`` says they are: IETF protocol assignments (192.0.0.8 and
# the rest of 192.0.0.0/24), local-use NAT64, the deprecated site-local range.
NOT_GLOBAL = tuple(
    ipaddress.ip_network(net) for net in ("192.0.0.0/24", "64:ff9b:1::/48", "fec0::/10", "192.88.99.0/24")
)


def parse_url(url: str) -> httpx.URL:
    """Return ``url`` as httpx parses it; raise ``FetchError`` (not transient) when it is malformed: a broken IPv6
    literal (``http://[oops/``), an invalid IDNA label (``http://xn--/``), a host with characters no host has."""
    try:
        urlsplit(url).hostname  # noqa: B018  (raises ValueError for a broken IPv6 literal)
        parsed = httpx.URL(url)
        host = parsed.host  # decodes IDNA labels: IDNAError (a ValueError) for a malformed one
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchError(f"malformed URL ({error.__class__.__name__}: {error})", origin=url) from error
    if host and not is_ip_literal(host) and not HOST_NAME.match(parsed.raw_host.decode("ascii", "replace")):
        raise FetchError(f"malformed URL: {host!r} is not a host name", origin=url)
    return parsed


def is_ip_literal(host: str) -> bool:
    """Return True when ``host`` is an IPv4 or IPv6 address rather than a name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_url(url: str, *, allow_private: bool = False) -> str:
    """Return the host of ``url`` when it may be fetched; raise ``FetchError`` (not transient) otherwise."""
    parsed = parse_url(url)
    if parsed.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"refused {parsed.scheme or 'scheme-less'} URL: only http and https are fetched", origin=url)
    host = urlsplit(url).hostname
    if not host:
        raise FetchError("URL has no host name", origin=url)
    if not allow_private:
        for address in resolve_host(host, url=url):
            if is_internal(address):
                raise FetchError(
                    f"refused {host} ({address}): a private or loopback address; "
                    "pass --allow-private-hosts or set CLAIMGRAPH_ALLOW_PRIVATE_HOSTS=1 to fetch it",
                    origin=url,
                )
    return host


def resolve_host(host: str, *, url: str) -> list[IPAddress]:
    """Return every address ``host`` resolves to; raise a transient ``FetchError`` when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}", origin=url, transient=True) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 one carries (IPv4-mapped, 6to4, NAT64, IPv4-compatible), or None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or address in IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: IPAddress) -> bool:
    """Return True for addresses a public fetcher has no business reaching (private, loopback, link-local,
    reserved, multicast), and for an IPv6 address that carries such an IPv4 address or is IPv4-compatible
    (deprecated: no public host has one)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in IPV4_COMPATIBLE:
            return True
        inner = embedded_ipv4(address)
        if inner is not None and is_internal(inner):
            return True
    if any(address in network for network in NOT_GLOBAL):
        return True
    return not address.is_global or address.is_multicast
