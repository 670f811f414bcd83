"""What duplicate detection needs of the articles already stored, as a typed protocol.

``pipeline.store.Store`` satisfies it structurally; this module names no store, so deduplication
runs (and is tested) against anything that answers these six calls. Imports records only.
"""

from __future__ import annotations

from typing import Protocol

from pipeline.records import Sighting


class KnownArticles(Protocol):
    """The stored articles, as deduplication reads and extends them."""

    def has_article(self, article_id: str) -> bool:
        """Return True when the article ``article_id`` is stored."""
        ...

    def article_outlets(self, article_id: str) -> list[str]:
        """Return the outlets seen with the exact text of the stored article ``article_id`` (its own sightings)."""
        ...

    def article_at_url(self, url: str) -> str | None:
        """Return the id of the stored article seen at ``url``, or None."""
        ...

    def duplicate_candidates(self, content_hash: str, bands: list[str]) -> list[tuple[str, str]]:
        """Return (id, text) of the stored articles with ``content_hash`` or sharing one of ``bands``."""
        ...

    def write_fingerprint(self, article_id: str, bands: list[str]) -> None:
        """Store the MinHash bands of the stored article ``article_id``."""
        ...

    def write_sightings(self, sightings: list[Sighting], *, run_id: str) -> int:
        """Store the sightings of stored articles (others are left out); return how many were new."""
        ...
