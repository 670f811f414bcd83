from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evalsets import rams
from pipeline.evalsets.mapping import AIDA_MAPPING, EventMapping, load_event_mapping, mapping_path
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

ROW = {
    "doc_key": "nw_test_1",
    "source_url": "http://example.org/a",
    "sentences": [["Rain", "fell", "."], ["Arnor", "shelled", "Gondor", "in", "Minas", "."], ["Rohan", "watched", "."]],
    "evt_triggers": [[4, 4, [["conflict.attack.n/a", 1.0]]]],
    "gold_evt_links": [
        [[4, 4], [3, 3], "evt004arg01attacker"],
        [[4, 4], [5, 5], "evt004arg02target"],
        [[4, 4], [7, 7], "evt004arg04place"],
        [[4, 4], [9, 9], "evt004arg03instrument"],
    ],
}
SECOND = {
    **ROW,
    "doc_key": "nw_test_2",
    "evt_triggers": [[4, 4, [["contact.mediastatement.n/a", 1.0]]]],
    "gold_evt_links": [],
}


@pytest.fixture(scope="module")
def aida() -> EventMapping:
    return load_event_mapping(mapping_path(AIDA_MAPPING))


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    folder = tmp_path / rams.FOLDER
    folder.mkdir(parents=True)
    (folder / "dev.jsonlines").write_text(json.dumps(ROW) + "\n" + json.dumps(SECOND) + "\n", encoding="utf-8")
    (folder / "test.jsonlines").write_text("", encoding="utf-8")
    return tmp_path


def test_rams_reads_the_window(data_root: Path, aida: EventMapping) -> None:
    text = "Rain fell. Arnor shelled Gondor in Minas. Rohan watched."

    assert rams.read_part(data_root, "dev", aida) == [
        GoldEvent(
            dataset="rams",
            document="nw_test_1",
            text=text,
            label="conflict.attack.n/a",
            source=(CharSpan(11, 16),),
            target=(CharSpan(25, 31),),
            location=(CharSpan(35, 40),),
            trigger=CharSpan(17, 24),
            plover="ASSAULT",
            direction="forward",
        ),
        GoldEvent(
            dataset="rams",
            document="nw_test_2",
            text=text,
            label="contact.mediastatement.n/a",
            trigger=CharSpan(17, 24),
        ),
    ]


def test_rams_trigger_sentence_only_rebases_spans(data_root: Path, aida: EventMapping) -> None:
    event = rams.read_part(data_root, "dev", aida, window=False)[0]

    assert (
        event.text,
        event.spans_text("source"),
        event.spans_text("target"),
        event.spans_text("location"),
        event.trigger,
    ) == ("Arnor shelled Gondor in Minas.", ("Arnor",), ("Gondor",), ("Minas",), CharSpan(6, 13))


def test_rams_argument_outside_the_sentence_is_dropped(aida: EventMapping) -> None:
    row = {**ROW, "gold_evt_links": [[[4, 4], [9, 9], "evt004arg02target"]]}

    assert (rams.event_of(row, aida, window=False).target, rams.event_of(row, aida).spans_text("target")) == (
        (),
        ("Rohan",),
    )


def test_rams_documents_grouped_by_article(data_root: Path) -> None:
    assert rams.documents(data_root) == [
        Document("nw_test_1", "dev", group="http://example.org/a"),
        Document("nw_test_2", "dev", group="http://example.org/a"),
    ]


@pytest.mark.parametrize(
    ("role", "parts"),
    [("evt089arg01victim", ("victim", 1)), ("evt002arg12participant", ("participant", 12)), ("place", ("place", None))],
)
def test_rams_role_parts(role: str, parts: tuple) -> None:
    assert rams.role_parts(role) == parts
