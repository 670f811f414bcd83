from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evalsets.catalog import Mappings, events_in, read_events, sample_order
from pipeline.evalsets.records import GoldEvent


def event(document: str) -> GoldEvent:
    return GoldEvent(dataset="x", document=document, text="Arnor left.", label="0")


def test_catalog_events_in_keeps_the_split_documents_in_order() -> None:
    events = [event("d1"), event("d2"), event("d1"), event("d3")]

    assert events_in(events, {"d1", "d3"}) == [event("d1"), event("d1"), event("d3")]


def test_catalog_limit_samples_by_hash_not_file_order() -> None:
    events = [event(f"d{n}") for n in range(1, 6)]

    assert (
        sorted(["d1", "d2", "d3", "d4", "d5"], key=sample_order),
        events_in(events, {e.document for e in events}, limit=2),
    ) == (["d5", "d1", "d4", "d2", "d3"], [event("d1"), event("d5")])


DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is absent: the real sets cannot be read here")
@pytest.mark.parametrize(
    ("dataset", "events", "mapped"),
    [
        ("conflibert_cameo", 1253, 0),
        ("directed_sentiment", 16228, 5624),
        ("rams", 1795, 1085),
        ("wikievents", 3951, 2473),
        ("ngec_synthetic", 4500, 4500),
        ("plover_gsr", 202, 202),
    ],
)
def test_catalog_reads_every_real_set(dataset: str, events: int, mapped: int) -> None:
    found = read_events(dataset, DATA, Mappings.load())

    assert (len(found), sum(e.plover is not None for e in found), {e.dataset for e in found}) == (
        events,
        mapped,
        {dataset},
    )
