"""A single claim as a PLOVER event record (PLOVER v0.8 JSON: id, date, actor, recipient, event, mode,
context, quad_code, event_text, text_info, cite_info, coder), for event-data users.

Imports nothing from the project.
"""

from __future__ import annotations

from typing import Any

AUX_MODES = {"hypothetical": "hypothetical", "future": "future"}


def plover_actor(entity: dict[str, Any]) -> dict[str, Any]:
    """Return an entity as a PLOVER actor object."""
    return {
        "entity_text": entity["mention"], "entity_name": entity["name"], "code": entity.get("country"),
        "sector_code": entity.get("sector"), "wikidata_id": entity.get("wikidata"), "identifier_id": entity["id"],
    }


def event_date(record: dict[str, Any]) -> str | None:
    """Return the event's date: the claim's time start, else the article's publication date."""
    time = record.get("time") or {}
    published = record["article"].get("published_at")
    return time.get("start") or (published[:10] if published else None)


def plover_event(edge: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER record of a claim edge; negation and hypothetical/future go in ``aux_mode``."""
    record = edge["properties"]
    event = {**event_typing(record), **event_evidence(record)}
    if record.get("time") and record["time"].get("end") and record["time"]["end"] != record["time"].get("start"):
        event["enddate"] = record["time"]["end"]
    if record.get("location"):
        event["event_loc"] = record["location"]
    return event


def event_typing(record: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER fields that say who did what to whom, when: id, date, actor, recipient, event, mode,
    context and quad_code."""
    predicate = record["predicate"]
    return {
        "id": record["id"], "date": event_date(record), "actor": [plover_actor(record["subject"])],
        "recipient": [plover_actor(record["object"])] if record.get("object") else [],
        "event": predicate["plover"], "mode": predicate.get("mode") or "", "context": predicate.get("context", []),
        "quad_code": predicate["quad"],
    }


def event_evidence(record: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER fields that say where the event is stated and how surely: event_text, text_info,
    cite_info, coder, aux_mode, modality, confidence and sources."""
    article = record["article"]
    negation = ["negation"] if record["polarity"] == "negated" else []
    aux = negation + ([AUX_MODES[record["modality"]]] if record["modality"] in AUX_MODES else [])
    return {
        "event_text": record["evidence"]["sentence"],
        "text_info": {"start": record["evidence"]["start"], "end": record["evidence"]["end"]},
        "cite_info": {"url": article.get("url"), "title": article.get("title"), "publication": article.get("source")},
        "coder": f"claimgraph {record['extractor']['version']} ({record['extractor']['model']})",
        "aux_mode": aux, "modality": record["modality"], "confidence": record["confidence"],
        "sources": record["sources"],
    }
