"""Reader of WikiEvents (``training/wikievents`` under the data root: ``train.json``, ``dev.json``, ``test.json``).

Each file is one JSON object {docid: {"docid", "doctext", "templates"}}; a template has an
``incident_type`` (KAIROS, "Conflict.Attack") and per role a list of entities, each a list of mentions
``[text, character offset]``; ``Human_Trig`` holds the annotated trigger (the other ``*_Trig`` keys are
machine guesses and are ignored). Types and roles are mapped by ``models/ontology/kairos_to_plover.json``.
Imports only leaves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.evalsets.mapping import EventMapping, TypeRule, direction_of
from pipeline.evalsets.records import CharSpan, Document, GoldEvent, Role

DATASET = "wikievents"
FOLDER = Path("training") / "wikievents"
PARTS = ("train", "dev", "test")
TRIGGER_ROLE = "Human_Trig"
Entity = tuple[CharSpan, ...]


def read_docs(path: Path) -> dict[str, dict[str, Any]]:
    """Return {docid: document} of one file; raise ``InputError`` when it is not the expected JSON object."""
    try:
        docs = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON ({e.msg})", origin=str(path), stage="evalsets") from e
    if not isinstance(docs, dict) or not all(isinstance(d, dict) and "doctext" in d for d in docs.values()):
        raise InputError("expected {docid: {docid, doctext, templates}}", origin=str(path), stage="evalsets")
    return docs


def entity_spans(text: str, mentions: list[list[Any]]) -> Entity:
    """Return the spans of an entity's mentions; a mention whose offset does not hold its words is dropped."""
    spans = (CharSpan(int(offset), int(offset) + len(words)) for words, offset in mentions)
    return tuple(span for span, (words, _) in zip(spans, mentions, strict=True) if text[span.start : span.end] == words)


def template_sides(text: str, template: dict[str, Any], mapping: EventMapping) -> dict[Role, list[Entity]]:
    """Return the entities each side (source, target, location) of a template holds."""
    event_type = template["incident_type"]
    sides: dict[Role, list[Entity]] = {"source": [], "target": [], "location": []}
    for role, entities in template.items():
        side = None if role == "incident_type" or role.endswith("_Trig") else mapping.role_of(event_type, role)
        if side is not None:
            sides[side] += [spans for spans in (entity_spans(text, e) for e in entities) if spans]
    return sides


def mapped_rule(template: dict[str, Any], mapping: EventMapping) -> TypeRule | None:
    """Return the template's type rule, or None when it maps nowhere or none of its required roles is filled."""
    rule = mapping.rule_for(template["incident_type"])
    filled = {role.lower() for role, value in template.items() if value and role != "incident_type"}
    if rule is None or rule.plover is None or (rule.requires and not filled & set(rule.requires)):
        return None
    return rule


def event_of(document: str, text: str, template: dict[str, Any], mapping: EventMapping) -> GoldEvent:
    """Return the gold event of one template (``plover`` None when unmapped)."""
    rule = mapped_rule(template, mapping)
    sides = template_sides(text, template, mapping)
    if rule is not None and rule.reciprocal and not sides["target"] and len(sides["source"]) > 1:
        sides["source"], sides["target"] = sides["source"][:1], sides["source"][1:]
    triggers = [span for e in template.get(TRIGGER_ROLE, []) for span in entity_spans(text, e)]
    flat = {side: tuple(span for entity in entities for span in entity) for side, entities in sides.items()}
    return GoldEvent(
        dataset=DATASET,
        document=document,
        text=text,
        label=template["incident_type"],
        source=flat["source"],
        target=flat["target"],
        location=flat["location"],
        trigger=triggers[0] if triggers else None,
        plover=rule.plover if rule else None,
        mode=rule.mode if rule else None,
        direction=direction_of(rule),
    )


def read_part(data_root: Path, part: str, mapping: EventMapping) -> list[GoldEvent]:
    """Return the events of one upstream part (``train``, ``dev`` or ``test``), documents in file order."""
    docs = read_docs(Path(data_root) / FOLDER / f"{part}.json")
    return [
        event_of(doc_id, doc["doctext"], template, mapping)
        for doc_id, doc in docs.items()
        for template in doc.get("templates", [])
    ]


def read_texts(data_root: Path, part: str) -> dict[str, str]:
    """Return {docid: text} of one upstream part (documents without any template included)."""
    return {doc_id: doc["doctext"] for doc_id, doc in read_docs(Path(data_root) / FOLDER / f"{part}.json").items()}


def documents(data_root: Path) -> list[Document]:
    """Return every document of the three parts with its upstream part."""
    return [Document(doc_id, part) for part in PARTS for doc_id in read_texts(data_root, part)]
