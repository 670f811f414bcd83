"""The bad input corpus of ``benchmarks/bad_inputs.py`` (its huge article kept small here) in one run:
every bad input is one clear failure, no bomb is expanded, and every good article is stored."""

from __future__ import annotations

import resource
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
MAX_CHARS = 100_000
# The pipeline, the models and an open store already take most of this; the corpus may add little.
RSS_HEADROOM_MIB = 600


@pytest.fixture(scope="module")
def corpus(load_benchmark) -> ModuleType:
    return load_benchmark("bad_inputs")


def test_run_bad_inputs_each_fail_clearly_and_good_articles_are_stored(tmp_path: Path, pipeline: Pipeline, corpus: ModuleType) -> None:
    settings = Settings(max_chars=MAX_CHARS, allow_private_hosts=True).with_db(f"sqlite:///{tmp_path / 'bad.db'}")
    small = replace(pipeline, settings=settings)
    files = tmp_path / "files"
    expected = corpus.write_files(files, big_bytes=1_000_000, long_bytes=150_000, max_chars=MAX_CHARS)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with corpus.corpus_server(corpus.served_routes(bomb_bytes=256 << 20)) as base, open_store(settings.db_url) as store:
        expected.update(corpus.expected_http(base, cap=settings.max_body_bytes))
        stats = run_sources([str(files), *corpus.http_sources(base)], settings, store=store, pipeline=small)
        failures = {f.origin.removeprefix(f"{files}/"): f.message for f in store.failures()}
        articles = sorted(article_origin for article_origin, in store.engine.connect().exec_driver_sql("SELECT origin FROM articles"))
        sightings = sorted((s.url.removeprefix(base), s.kind) for s in store.sightings())
    assert sorted(failures) == sorted(expected)
    assert all(failures[name].startswith(message) for name, message in expected.items()), failures
    assert articles == sorted([str(files / "good-1.txt"), str(files / "good-2.txt"), f"{base}/pages/good.html"])
    # The billion-laughs feed's entities are not expanded, but its item is still read (a near copy of good.html).
    assert sightings == sorted([
        (str(files / "good-1.txt"), "exact"), (str(files / "good-2.txt"), "exact"),
        ("/pages/good.html", "exact"), ("/pages/bomb-item.html", "near"),
    ])
    assert (stats.new, stats.failed, len(store_claims(settings))) == (3, len(expected), stats.claims)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before < RSS_HEADROOM_MIB


def store_claims(settings: Settings) -> list:
    with open_store(settings.db_url) as store:
        return store.claims()


def test_run_gzip_file_in_a_directory_is_skipped_and_named_alone_is_refused(tmp_path: Path, corpus: ModuleType) -> None:
    from pipeline.errors import SourceError
    from pipeline.ingest.sources import list_inputs, read_sources

    (tmp_path / "bomb.txt.gz").write_bytes(corpus.gzip_bomb(8 << 20))
    assert list_inputs(tmp_path) == []
    with pytest.raises(SourceError, match="unsupported input bomb.txt.gz"):
        list(read_sources([str(tmp_path / "bomb.txt.gz")]))
