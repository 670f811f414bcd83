from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evalsets import wikievents
from pipeline.evalsets.mapping import KAIROS_MAPPING, EventMapping, load_event_mapping, mapping_path
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

TEXT = "Arnor raiders struck Gondor . They killed a guard . Rohan and Gondor met in Minas ."
DOC = {
    "docid": "doc_a",
    "doctext": TEXT,
    "templates": [
        {
            "incident_type": "Conflict.Attack",
            "Attacker": [[["raiders", 6], ["They", 30]]],
            "Target": [[["Gondor", 21]]],
            "Place": [],
            "Human_Trig": [[["struck", 14]]],
            "LLM_Trig": [[["killed", 35]]],
        },
        {"incident_type": "Life.Die", "Victim": [[["guard", 44]]], "Killer": [], "Human_Trig": [[["killed", 35]]]},
        {
            "incident_type": "Contact.Contact",
            "Participant": [[["Rohan", 52]], [["Gondor", 62]]],
            "Place": [[["Minas", 76]]],
            "Human_Trig": [[["met", 69]]],
        },
        # offset 0 does not hold "nobody": the mention is dropped
        {"incident_type": "Conflict.Attack", "Attacker": [[["nobody", 0]]], "Human_Trig": [[["struck", 14]]]},
    ],
}


@pytest.fixture(scope="module")
def kairos() -> EventMapping:
    return load_event_mapping(mapping_path(KAIROS_MAPPING))


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    folder = tmp_path / wikievents.FOLDER
    folder.mkdir(parents=True)
    for part in wikievents.PARTS:
        (folder / f"{part}.json").write_text(json.dumps({"doc_a": DOC} if part == "dev" else {}), encoding="utf-8")
    return tmp_path


def test_wikievents_reads_templates(data_root: Path, kairos: EventMapping) -> None:
    base = {"dataset": "wikievents", "document": "doc_a", "text": TEXT}

    assert wikievents.read_part(data_root, "dev", kairos) == [
        GoldEvent(
            **base,
            label="Conflict.Attack",
            source=(CharSpan(6, 13), CharSpan(30, 34)),
            target=(CharSpan(21, 27),),
            trigger=CharSpan(14, 20),
            plover="ASSAULT",
            direction="forward",
        ),
        GoldEvent(**base, label="Life.Die", target=(CharSpan(44, 49),), trigger=CharSpan(35, 41)),
        GoldEvent(
            **base,
            label="Contact.Contact",
            source=(CharSpan(52, 57),),
            target=(CharSpan(62, 68),),
            location=(CharSpan(76, 81),),
            trigger=CharSpan(69, 72),
            plover="CONSULT",
            direction="reciprocal",
        ),
        GoldEvent(**base, label="Conflict.Attack", trigger=CharSpan(14, 20), plover="ASSAULT", direction="forward"),
    ]


def test_wikievents_documents(data_root: Path) -> None:
    assert wikievents.documents(data_root) == [Document("doc_a", "dev")]


def test_wikievents_not_an_object_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2]", encoding="utf-8")

    with pytest.raises(InputError, match="docid"):
        wikievents.read_docs(path)
