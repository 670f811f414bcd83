"""Fixtures shared by the compare, export and web tests: the outlets corpus (corpora/outlets) run
through the real pipeline in two ingestions, with the graph refreshed after each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.compare.embed import SentenceEncoder, load_sentence_encoder
from pipeline.compare.refresh import RefreshStats, refresh_graph
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store
from pipeline.store.feed import GraphFeed, read_feed

OUTLETS = Path(__file__).resolve().parents[2] / "corpora" / "outlets"


@dataclass(frozen=True)
class OutletsGraph:
    """The outlets corpus stored at ``db_url``: the feed after the first ingestion and the refreshes' stats."""

    db_url: str
    first: GraphFeed
    first_stats: RefreshStats
    second_stats: RefreshStats


@pytest.fixture(scope="session")
def sentence_encoder() -> SentenceEncoder:
    return load_sentence_encoder()


def ingest_outlets(db_url: str, pipeline: Pipeline, encoder: SentenceEncoder) -> OutletsGraph:
    """Run day1.jsonl, refresh, snapshot; run day2.jsonl, refresh: the two ingestions of the corpus."""
    settings = Settings().with_db(db_url)
    with open_store(db_url) as store:
        run_sources([str(OUTLETS / "day1.jsonl")], settings, store=store, pipeline=pipeline)
        first_stats = refresh_graph(store, encoder=lambda: encoder)
        first = read_feed(store, 0)
        run_sources([str(OUTLETS / "day2.jsonl")], settings, store=store, pipeline=pipeline)
        second_stats = refresh_graph(store, encoder=lambda: encoder)
    return OutletsGraph(db_url=db_url, first=first, first_stats=first_stats, second_stats=second_stats)


@pytest.fixture(scope="session")
def outlets_graph(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, sentence_encoder: SentenceEncoder) -> OutletsGraph:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('outlets') / 'claims.db'}"
    return ingest_outlets(db_url, pipeline, sentence_encoder)
