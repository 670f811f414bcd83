"""Deduplication: the stage between ingest and the NLP that sets aside every article that copies one
already stored or seen earlier in the run (the same text, or a near copy by MinHash), recording it
as a sighting of the article it copies, so each story is parsed once.

Owns fingerprints, the run's duplicate index and the sightings. Reads and extends the stored
articles through the ``KnownArticles`` protocol, never ``pipeline.store`` itself; imports records
and ids only, never another stage.
"""

from pipeline.dedup.deduplicator import (
    Deduplicator,
    claim_url,
    flush_sightings,
    new_deduplicator,
    split_duplicates,
    split_known_items,
    write_pending,
)
from pipeline.dedup.known import KnownArticles

__all__ = [
    "Deduplicator", "KnownArticles", "claim_url", "flush_sightings", "new_deduplicator", "split_duplicates",
    "split_known_items", "write_pending",
]
