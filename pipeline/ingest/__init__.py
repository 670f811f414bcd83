"""Ingest: turn sources (files, directories, JSON Lines, article and feed URLs, feed lists, local
datasets) into ``Article`` records or ``Failure`` records. Finding duplicates is the next stage's
(``pipeline.dedup``).

Owns reading, fetching (politely and safely) and decoding inputs. Imports records, errors, ids and
settings only; never another stage.
"""

from pipeline.ingest.sources import read_sources

__all__ = ["read_sources"]
