from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from pipeline.evalsets.records import Document
from pipeline.evalsets.splits import (
    DATASETS,
    assign_splits,
    bucket,
    load_splits,
    split_of_document,
    split_path,
    stale_splits,
)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"
SPLITS = ROOT / "corpora" / "splits"
GOLD = ROOT / "corpora" / "gold" / "claims.jsonl"


@pytest.mark.parametrize(
    ("dataset", "document", "expected"),
    [
        ("conflibert_cameo", Document("cameo:1", "test"), "test"),
        ("conflibert_cameo", Document("cameo:3", "train"), "dev"),  # bucket 18 < 20
        ("conflibert_cameo", Document("cameo:1", "train"), "train"),  # bucket 44
        ("directed_sentiment", Document("ds:valid:00001", "valid"), "dev"),
        ("rams", Document("x", "test", group="http://example.org/a"), "test"),
        ("rams", Document("x", "dev", group="http://example.org/a"), "train"),  # bucket 83
        ("rams", Document("x", "dev", group="http://example.org/1"), "dev"),  # bucket 13
        ("wikievents", Document("w", "dev"), "dev"),
        ("ngec_synthetic", Document("ngec:0001", "", group="{country_1} D"), "test"),  # bucket 9
        ("ngec_synthetic", Document("ngec:0001", "", group="{country_1} 1"), "dev"),  # bucket 10
        ("ngec_synthetic", Document("ngec:0001", "", group="{country_1} A"), "train"),  # bucket 47
        ("plover_gsr", Document("PLOVER-1", "dev"), "test"),
        ("own_gold", Document("seed-a", "dev"), "dev"),
        ("lgl", Document("lgl-40450848", ""), "test"),  # bucket 28 < 30
        ("lgl", Document("lgl-1", ""), "dev"),  # bucket 70
        ("trnews", Document("x", ""), "dev"),  # bucket 89
    ],
)
def test_splits_rule_per_dataset(dataset: str, document: Document, expected: str) -> None:
    assert split_of_document(dataset, document) == expected


def test_splits_bucket_is_stable() -> None:
    assert [
        bucket("rams", "http://example.org/a"),
        bucket("conflibert_cameo", "cameo:3"),
        bucket("ngec_synthetic", "{country_1} D"),
    ] == [83, 18, 9]


def test_splits_group_keeps_documents_together() -> None:
    documents = [Document(f"w{n}", "dev", group="http://example.org/1") for n in range(6)]

    assert assign_splits("rams", documents) == {"train": [], "dev": [f"w{n}" for n in range(6)], "test": []}


def test_splits_document_in_two_upstream_parts_goes_to_the_strictest() -> None:
    documents = [Document("cameo:1", "train"), Document("cameo:1", "test"), Document("cameo:2", "train")]

    assert assign_splits("conflibert_cameo", documents) == {"train": ["cameo:2"], "dev": [], "test": ["cameo:1"]}


def test_splits_unknown_upstream_part_raises() -> None:
    with pytest.raises(KeyError):
        split_of_document("wikievents", Document("w", "extra"))


@pytest.mark.skipif(
    not DATA.is_dir(), reason="../shared/data is absent: the committed splits cannot be regenerated here"
)
def test_splits_committed_files_equal_the_rule() -> None:
    assert stale_splits(DATA, SPLITS, GOLD) == []


@pytest.mark.parametrize("dataset", DATASETS)
def test_splits_no_document_in_two_splits(dataset: str) -> None:
    splits = load_splits(SPLITS, dataset)
    counts = json.loads(split_path(SPLITS, dataset).read_text(encoding="utf-8"))["documents"]

    assert [a & b for a, b in combinations(splits.values(), 2)] == [frozenset()] * 3
    assert {name: len(ids) for name, ids in splits.items()} == counts
