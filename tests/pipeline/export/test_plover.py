"""PLOVER JSONL follows the PLOVER v0.8 record format (field list written out below from the spec, as
/work/shared/FIELD.md gives it): required fields present, no field outside the spec, ``event`` and
``mode`` lists, actor objects with the spec's keys, negation and future in ``context``, a CONSULT
with every party an actor and no recipient; the export's counts are what it wrote.

Claims are built by hand around our own sentences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from builders import claim, entity

from pipeline.export.plover import plover_event
from pipeline.export.writers import write_plover
from pipeline.records import Claim, Location
from pipeline.store.feed import GraphFeed

# The PLOVER v0.8 JSON record: required, then optional fields.
REQUIRED = {"id", "date", "actor", "event"}
OPTIONAL = {
    "time", "enddate", "recipient", "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link",
    "text", "text_info", "cite_info", "coder", "coded_date", "comment", "size", "dead", "injured", "arrested",
}
ACTOR_KEYS = {"code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity", "office",
              "gender", "age"}
TEXT_INFO_KEYS = {"sequence", "start", "end"}
CITE_INFO_KEYS = {"url", "title", "publication", "language", "license", "coder", "codebook", "version"}

ERDOGAN = entity("Recep Tayyip Erdoğan", id="recep_tayyip_erdogan", mention="Erdogan", type="person", country="TUR",
                 sector="GOV", wikidata="Q39259")
PUTIN = entity("Vladimir Putin", id="vladimir_putin", mention="Putin", type="person", country="RUS", sector="GOV",
               wikidata="Q7747")
HAFTAR = entity("Khalifa Haftar", id="khalifa_haftar", mention="Haftar", type="person", country="LBY")


def edge_of(built: Claim, *, cue: str, sentence: str, review: dict[str, Any] | None = None,
            **changes: Any) -> dict[str, Any]:
    """Return a claim edge as the graph feed serves it."""
    record = built.model_copy(update=changes).model_dump(mode="json")
    record["predicate"]["text"] = cue
    record["evidence"]["sentence"] = sentence
    record["article"].update(published_at="2026-03-04T00:00:00", source="Ankara Daily")
    return {"id": record["id"], "kind": "claim", "source": record["subject"]["id"],
            "target": record["object"]["id"] if record["object"] else None, "label": record["predicate"]["plover"],
            "properties": {**record, "sources": ["Ankara Daily"], "review": review}}


def negated_meeting(number: int = 0, *, reverse: bool = False) -> dict[str, Any]:
    sides = (PUTIN, ERDOGAN) if reverse else (ERDOGAN, PUTIN)
    return edge_of(claim("a1", (0, 48), *sides, "CONSULT", polarity="negated", number=number), cue="meet",
                   sentence="Erdogan did not meet Putin in Sochi on Monday.",
                   location=Location(name="Sochi", geonames_id=491422, country="RUS", lat=43.6, lon=39.73))


def future_aid() -> dict[str, Any]:
    return edge_of(claim("a2", (0, 40), PUTIN, HAFTAR, "AID", modality="future", number=2), cue="will arm",
                   sentence="Moscow will arm Haftar's forces next year.")


def check_spec(record: dict[str, Any]) -> None:
    """Fail unless ``record`` is a PLOVER v0.8 record by the field list above."""
    assert REQUIRED <= set(record) <= REQUIRED | OPTIONAL
    assert isinstance(record["event"], list) and isinstance(record["mode"], list)
    assert isinstance(record["context"], list)
    assert all(set(actor) <= ACTOR_KEYS for actor in record["actor"] + record.get("recipient", []))
    assert set(record["text_info"]) <= TEXT_INFO_KEYS and set(record["cite_info"]) <= CITE_INFO_KEYS


@pytest.mark.parametrize("edge", [negated_meeting(), future_aid()], ids=["negated-consult", "future-aid"])
def test_plover_record_has_only_spec_fields(edge: dict[str, Any]) -> None:
    check_spec(plover_event(edge))


def test_plover_negated_consult_is_one_reciprocal_event_with_negation_in_context() -> None:
    record = plover_event(negated_meeting())

    assert {key: record[key] for key in ("event", "mode", "context", "quad_code", "event_text", "text", "date")} == {
        "event": ["CONSULT"], "mode": [], "context": ["negation"], "quad_code": 1, "event_text": "meet",
        "text": "Erdogan did not meet Putin in Sochi on Monday.", "date": "2026-03-04",
    }
    assert record["actor"] == [
        {"code": "TUR", "sector": "GOV", "entity_text": "Erdogan", "identifier_id": "Q39259",
         "identifier_text": "Recep Tayyip Erdoğan"},
        {"code": "RUS", "sector": "GOV", "entity_text": "Putin", "identifier_id": "Q7747",
         "identifier_text": "Vladimir Putin"},
    ]
    assert record["recipient"] == []
    assert record["event_loc"] == {"place_name": "Sochi", "geonameid": 491422, "country_code3": "RUS", "lat": 43.6,
                                   "lon": 39.73}


def test_plover_future_event_has_future_in_context_and_a_recipient() -> None:
    record = plover_event(future_aid())

    assert (record["event"], record["context"], record["event_text"]) == (["AID"], ["future"], "will arm")
    assert [(a["identifier_text"], a["identifier_id"]) for a in record["recipient"]] == [("Khalifa Haftar", None)]


def test_plover_counts_are_what_it_writes(tmp_path: Path) -> None:
    rejected = {"action": "reject", "reviewer": "ann", "decided_at": "2026-03-05T00:00:00", "note": "",
                "extracted": {}}
    edges = [negated_meeting(0), negated_meeting(1, reverse=True), future_aid(),
             edge_of(claim("a3", (0, 30), PUTIN, HAFTAR, "SUPPORT", number=3), cue="backs",
                     sentence="Putin backs Haftar, a paper wrote.", review=rejected)]
    feed = GraphFeed(since=0, cursor=4, nodes=[], edges=edges, deleted=[])

    written = write_plover(feed, tmp_path / "p.jsonl")
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()

    assert written.counts == {"events": 2, "rejected claims left out": 1, "undated claims left out": 0,
                              "reciprocal duplicates merged": 1}
    assert [json.loads(line)["id"] for line in lines] == ["c0", "c2"]
