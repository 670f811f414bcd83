"""Fetch one article page over HTTP(S) and read it: main text, title, author, publication date and
canonical URL (trafilatura), the outlet from the feed that linked it.

Imports records, errors and the sibling fetch and HTML modules; never another stage.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.errors import FetchError, InputError
from pipeline.ingest.decode import bom_encoding, decode_wide, looks_binary
from pipeline.ingest.html import parse_html
from pipeline.ingest.http import Fetcher, Response
from pipeline.records import Article, FeedItem

HTML_TYPES = ("text/html", "application/xhtml+xml")


def fetch_article(fetcher: Fetcher, item: FeedItem) -> Article:
    """Return the article at ``item.url``; raise ``FetchError`` when it cannot be fetched or holds no article."""
    response = fetcher.get(item.url)
    return read_page(response, origin=item.url, outlet=item.outlet, title=item.title, published_at=item.published_at)


def read_page(
    response: Response, *, origin: str, outlet: str | None = None, title: str | None = None,
    published_at: datetime | None = None,
) -> Article:
    """Return the article a fetched page holds, with the feed's title and date where the page gives none."""
    html = decode_page(response, origin=origin)
    try:
        article = parse_html(html, origin=origin, url=response.url, source=outlet)
    except InputError as error:
        raise FetchError(error.message, origin=origin, stage="ingest") from error
    return article.model_copy(update={
        "source": outlet or article.source,
        "title": article.title or title,
        "published_at": article.published_at or published_at,
    })


def decode_page(response: Response, *, origin: str) -> str:
    """Return the page as text; raise ``FetchError`` for a body that is not HTML."""
    media_type = response.content_type.split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        raise FetchError(f"not an HTML page (content type {media_type}): give an article page", origin=origin,
                         stage="ingest")
    wide = bom_encoding(response.body)
    if wide is not None:
        return decode_wide(response.body, wide, origin=origin)
    if not response.body.strip() or looks_binary(response.body):
        raise FetchError("empty or binary body: not an HTML page", origin=origin, stage="ingest")
    return response.body.decode(charset_of(response.content_type), errors="replace")


def charset_of(content_type: str) -> str:
    """Return the charset a Content-Type header names, UTF-8 when it names none or one Python lacks."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip('"')
            try:
                "".encode(name)
                return name
            except LookupError:
                break
    return "utf-8"
