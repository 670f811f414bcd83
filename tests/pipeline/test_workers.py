"""Parallel runs: worker processes give the same claim records as one process, whatever the batch size."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store
from pipeline.workers import BatchPool

SEED = Path(__file__).resolve().parents[2] / "corpora" / "samples" / "putin-erdogan.txt"
# Our own sentences, one short article each, beside the seed article's paragraphs as articles of their own.
WRITTEN = [
    "Turkey supports the Government of National Accord in Libya, the foreign ministry said on Monday.",
    "Moscow officially denies any connection with the Wagner group, the Kremlin spokesman said.",
    "Greece condemned the Turkish drilling near Cyprus and recalled its ambassador from Ankara.",
    "Erdogan did not meet Putin in Sochi on Tuesday, an aide told reporters.",
    "Egypt and Saudi Arabia signed an agreement on energy cooperation in Cairo.",
]


def write_corpus(folder: Path) -> Path:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20]
    texts = WRITTEN + paragraphs[:6]
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t, "source": "wire"}) for i, t in enumerate(texts)),
                      encoding="utf-8")
    return corpus


def stored_claims(db_url: str) -> list[dict]:
    with open_store(db_url) as store:
        return sorted((c.model_dump(mode="json") for c in store.claims()), key=lambda c: c["id"])


def test_workers_and_batch_sizes_give_the_same_claim_records(tmp_path: Path, pipeline: Pipeline) -> None:
    corpus = write_corpus(tmp_path)
    urls = {name: f"sqlite:///{tmp_path / name}.db" for name in ("one", "small_batches", "workers")}
    one = Settings().with_db(urls["one"])
    with open_store(one.db_url) as store:
        single = run_sources([str(corpus)], one, store=store, pipeline=pipeline)
    small = Settings(batch_size=3).with_db(urls["small_batches"])
    with open_store(small.db_url) as store:
        run_sources([str(corpus)], small, store=store, pipeline=Pipeline(
            nlp=pipeline.nlp, normalizer=pipeline.normalizer, settings=small, scorer=pipeline.scorer))
    parallel = Settings(batch_size=2, workers=2).with_db(urls["workers"])
    with open_store(parallel.db_url) as store, BatchPool(parallel, workers=2) as pool:
        pooled = run_sources([str(corpus)], parallel, store=store, pool=pool)
    reference = stored_claims(urls["one"])
    assert len(reference) >= 10 and single.claims == pooled.claims == len(reference)
    assert stored_claims(urls["small_batches"]) == reference
    assert stored_claims(urls["workers"]) == reference
    assert (pooled.read, pooled.new, pooled.failed) == (single.read, single.new, 0)
