"""Read an article from an HTML file: main text, title, date and canonical URL via trafilatura.

Imports records, errors, ids and the decoder; never another stage.
"""

from __future__ import annotations

from pathlib import Path

import trafilatura

from pipeline.errors import InputError
from pipeline.ids import article_id
from pipeline.ingest.decode import check_prose, decode_text
from pipeline.records import Article


def read_html(path: Path, data: bytes) -> Article:
    """Return the article of the HTML page ``data`` read from ``path``; raise ``InputError`` when it holds no main
    text."""
    return parse_html(decode_text(data, origin=str(path)), origin=str(path))


def parse_html(html: str, *, origin: str, url: str | None = None, source: str | None = None) -> Article:
    """Return the article an HTML document holds, with what metadata trafilatura finds in it; raise ``InputError`` when
    it holds no English prose."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page", origin=origin, stage="ingest")
    check_prose(text, origin=origin)
    published = getattr(document, "date", None)
    return Article(
        id=article_id(text),
        text=text,
        title=getattr(document, "title", None) or None,
        url=getattr(document, "url", None) or url,
        source=getattr(document, "sitename", None) or source,
        published_at=published or None,
        origin=origin,
        author=getattr(document, "author", None) or None,
    )
