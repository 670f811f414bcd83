"""Reviewed claims as gold: one line per accepted or corrected claim, in the format of
``corpora/gold/README.md`` (what ``pipeline.evaluate.parse_gold_line`` reads, so ``claimgraph
evaluate`` and training take the file as it is).

Owns the actor key of a reviewed actor (a country code for a state, else the canonical name with
``|QID`` where known) and how entity merges and splits apply to a claim's actors. Rejected claims
are not gold: the format holds only claims that are true. Imports ``pipeline.records`` and the
review store; never a stage.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from pipeline.records import Claim
from pipeline.store.review_store import EntityDecision, Review, ReviewStore

STATE_ID = re.compile(r"^([A-Z]{3})(:[A-Z]{3})?$")


@dataclass(frozen=True)
class EntityMap:
    """Where reviewers moved entities: merges (id -> id) and splits ((id, alias) -> id), latest decision winning."""

    merges: dict[str, str]
    splits: dict[tuple[str, str], str]
    names: dict[str, str]

    @classmethod
    def of(cls, decisions: list[EntityDecision]) -> EntityMap:
        """Return the map the decisions (oldest first) build."""
        merges, splits, names = {}, {}, {}
        for decision in decisions:
            names[decision.target_id] = decision.target_name
            if decision.action == "merge":
                merges[decision.entity_id] = decision.target_id
            else:
                splits[(decision.entity_id, decision.alias or "")] = decision.target_id
        return cls(merges=merges, splits=splits, names=names)

    def resolve(self, entity_id: str, mention: str | None = None) -> str:
        """Return the id ``entity_id`` (written ``mention``) stands for after every split and merge."""
        current = self.splits.get((entity_id, mention or ""), entity_id)
        seen = {current}
        while current in self.merges and self.merges[current] not in seen:
            current = self.merges[current]
            seen.add(current)
        return current


def actor_key(entity_id: str, entities: dict[str, dict[str, Any]], names: dict[str, str]) -> str:
    """Return the gold actor key of ``entity_id``: ``TUR`` for a state (or its sector), else ``Name|Qid`` or ``Name``.

    An id that is no stored entity (a reviewer typed an actor key) is taken as the key itself.
    """
    state = STATE_ID.match(entity_id)
    if state:
        return state.group(1)
    row = entities.get(entity_id)
    if row is None:
        return names.get(entity_id, entity_id)
    if row["type"] == "state" and row["country"]:
        return row["country"]
    return f"{row['name']}|{row['wikidata']}" if row["wikidata"] else row["name"]


def reviewed_actors(claim: Claim, review: Review, entity_map: EntityMap) -> tuple[str, str | None]:
    """Return the subject and object ids of a reviewed claim with merges and splits applied.

    A split moves the actor only where the reviewer kept the extracted actor (its mention is known).
    """
    state = review.state
    subject_mention = claim.subject.mention if state["subject"] == claim.subject.id else None
    object_mention = claim.object.mention if claim.object and state["object"] == claim.object.id else None
    subject = entity_map.resolve(state["subject"], subject_mention)
    target = entity_map.resolve(state["object"], object_mention) if state["object"] else None
    return subject, target


def gold_row(claim: Claim, review: Review, subject: str, target: str | None) -> dict[str, Any]:
    """Return the gold row of one reviewed claim (actor keys already resolved)."""
    state, evidence = review.state, claim.evidence
    row: dict[str, Any] = {"article": claim.article.id, "start": evidence.start, "end": evidence.end}
    if ":" in claim.article.id:
        # Corpora the project does not own are referred to by hash, never quoted (corpora/gold/README.md).
        row["sentence_sha256"] = hashlib.sha256(evidence.sentence.encode("utf-8")).hexdigest()
    else:
        row["sentence"] = evidence.sentence
    note = f"reviewed: {review.action} by {review.reviewer} on {review.decided_at:%Y-%m-%d}" + (
        f"; {review.note}" if review.note else ""
    )
    return {
        **row,
        "subject": subject,
        "object": target,
        "plover": state["plover"],
        "polarity": state["polarity"],
        "modality": state["modality"],
        "kind": state["kind"],
        "time": state["time"],
        "note": note,
    }


def iter_gold_rows(reviews: ReviewStore) -> Iterator[dict[str, Any]]:
    """Yield the gold row of every accepted or corrected claim, by claim id."""
    entity_map = EntityMap.of(reviews.all_entity_decisions())
    reviewed = [
        (claim, review, *reviewed_actors(claim, review, entity_map)) for claim, review in reviews.iter_reviewed()
    ]
    ids = {actor for _, _, subject, target in reviewed for actor in (subject, target) if actor}
    entities = reviews.entity_rows(ids)
    for claim, review, subject, target in reviewed:
        yield gold_row(
            claim,
            review,
            actor_key(subject, entities, entity_map.names),
            actor_key(target, entities, entity_map.names) if target else None,
        )


def write_gold(reviews: ReviewStore, handle: TextIO) -> int:
    """Write the gold lines of the reviewed claims to ``handle``; return how many were written."""
    count = 0
    for row in iter_gold_rows(reviews):
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
