"""Ingest: turn sources (files, directories, JSON Lines) into ``Article`` records or ``Failure`` records.

Owns reading and decoding inputs. Imports records, errors and ids only; never another stage.
"""

from pipeline.ingest.sources import read_sources

__all__ = ["read_sources"]
