"""Reviewers' decisions on claims and entities: an append-only audit trail, and the reviewed state
derived from it.

Owns the reviewed fields of a claim (``REVIEW_FIELDS``), how a decision turns one state into the
next (accept and reject keep it, correct changes named fields), the ``reviews`` and
``entity_decisions`` rows (written once, never updated or deleted) and ``ReviewStore``, the door the
workbench and the CLI use. A claim's current reviewed state is its latest decision's ``state``.
Imports ``pipeline.records``, ``pipeline.errors`` and the store's own modules; never a stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, get_args

from sqlalchemy import Connection, func, insert, select

from pipeline.errors import ReviewError
from pipeline.records import PLOVER_TYPES, Claim, ClaimKind, Modality, Polarity, TimeSpan
from pipeline.store import rows
from pipeline.store.models import ArticleRow, ClaimRow, EntityDecisionRow, EntityRow, ReviewRow

ACTIONS = ("accept", "reject", "correct")
ENTITY_ACTIONS = ("merge", "split")
REVIEW_FIELDS = ("plover", "subject", "object", "polarity", "modality", "kind", "time", "place")
CHOICES: dict[str, tuple[str, ...]] = {
    "plover": PLOVER_TYPES,
    "polarity": get_args(Polarity),
    "modality": get_args(Modality),
    "kind": get_args(ClaimKind),
}
State = dict[str, Any]


@dataclass(frozen=True)
class Review:
    """One stored decision on a claim: who, when, what, and the reviewed fields before and after."""

    id: int
    claim_id: str
    action: str
    reviewer: str
    decided_at: datetime
    state: State
    previous: State
    note: str = ""


@dataclass(frozen=True)
class EntityDecision:
    """One stored merge (``entity_id`` into ``target_id``) or split (mentions written ``alias`` moved to
    ``target_id``)."""

    id: int
    action: str
    entity_id: str
    target_id: str
    target_name: str
    alias: str | None
    reviewer: str
    decided_at: datetime


def timeml_of(span: TimeSpan | None) -> str | None:
    """Return the TimeML-style value of a normalized time span (``2015-11``, ``2004``), or None."""
    if span is None or span.start is None:
        return None
    cut = {"month": 7, "year": 4, "open": 4, "decade": 3}.get(span.granularity)
    if cut is None:
        return span.start
    return span.start[:cut] + ("X" if span.granularity == "decade" else "")


def initial_state(claim: Claim) -> State:
    """Return the reviewed fields of ``claim`` as the pipeline extracted it."""
    return {
        "plover": claim.predicate.plover,
        "subject": claim.subject.id,
        "object": claim.object.id if claim.object else None,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "kind": claim.kind,
        "time": timeml_of(claim.time),
        "place": claim.location.name if claim.location else None,
    }


def corrected_state(previous: State, changes: dict[str, Any]) -> State:
    """Return ``previous`` with ``changes`` applied; raise ``ReviewError`` for an unknown field or value.

    Empty strings clear the optional fields (object, time, place); ``swap`` exchanges subject and object.
    """
    state = dict(previous)
    for name, value in changes.items():
        if name == "swap":
            if value:
                state["subject"], state["object"] = state["object"], state["subject"]
            continue
        state[name] = checked_value(name, value)
    if not state["subject"]:
        raise ReviewError("a claim needs a subject: give an entity id or an actor key", stage="review")
    return state


def checked_value(name: str, value: Any) -> Any:
    """Return ``value`` for the reviewed field ``name``, blank optional values as None."""
    if name not in REVIEW_FIELDS:
        raise ReviewError(f"{name!r} cannot be corrected: use one of {list(REVIEW_FIELDS)}", stage="review")
    if name in CHOICES and value not in CHOICES[name]:
        raise ReviewError(f"{name} {value!r} is not one of {list(CHOICES[name])}", stage="review")
    text = value.strip() if isinstance(value, str) else value
    return text or None


def review_of(row: Any) -> Review:
    """Return the ``Review`` a ``reviews`` row holds."""
    return Review(
        id=row.id, claim_id=row.claim_id, action=row.action, reviewer=row.reviewer, decided_at=row.decided_at,
        state=row.state, previous=row.previous, note=row.note,
    )


def entity_decision_of(row: Any) -> EntityDecision:
    """Return the ``EntityDecision`` an ``entity_decisions`` row holds."""
    return EntityDecision(
        id=row.id, action=row.action, entity_id=row.entity_id, target_id=row.target_id,
        target_name=row.target_name, alias=row.alias, reviewer=row.reviewer, decided_at=row.decided_at,
    )


def load_claim(connection: Connection, claim_id: str) -> Claim:
    """Return the stored claim ``claim_id``; raise ``ReviewError`` when there is none."""
    record = connection.execute(select(ClaimRow.record).where(ClaimRow.id == claim_id)).scalar()
    if record is None:
        raise ReviewError(f"no claim {claim_id!r} in the store: pick one from the claim list", stage="review")
    return rows.claim_from_record(record)


def latest_review(connection: Connection, claim_id: str) -> Review | None:
    """Return the latest decision on ``claim_id``, or None when it was never reviewed."""
    statement = select(ReviewRow).where(ReviewRow.claim_id == claim_id).order_by(ReviewRow.id.desc()).limit(1)
    row = connection.execute(statement).first()
    return review_of(row) if row else None


def current_state(connection: Connection, claim: Claim) -> State:
    """Return the reviewed fields of ``claim`` now: its latest decision's state, else as extracted."""
    latest = latest_review(connection, claim.id)
    return dict(latest.state) if latest else initial_state(claim)


def insert_review(connection: Connection, values: dict[str, Any]) -> Review:
    """Append one ``reviews`` row and return it as a ``Review``."""
    new_id = connection.execute(insert(ReviewRow).values(**values).returning(ReviewRow.id)).scalar_one()
    return Review(id=new_id, **{name: value for name, value in values.items() if name != "plover"})


def record_review(
    connection: Connection, claim_id: str, *, action: str, reviewer: str, now: datetime,
    changes: dict[str, Any] | None = None, note: str = "",
) -> Review:
    """Append a decision on ``claim_id`` and return it; raise ``ReviewError`` for a bad action or change."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}: use one of {list(ACTIONS)}", stage="review")
    if not reviewer.strip():
        raise ReviewError("a decision needs a reviewer name: log in or give one", stage="review")
    previous = current_state(connection, load_claim(connection, claim_id))
    state = corrected_state(previous, changes or {}) if action == "correct" else previous
    values = {
        "claim_id": claim_id, "action": action, "reviewer": reviewer.strip(), "decided_at": now,
        "plover": state["plover"], "state": state, "previous": previous, "note": note,
    }
    return insert_review(connection, values)


def claim_history(connection: Connection, claim_id: str) -> list[Review]:
    """Return every decision on ``claim_id``, oldest first."""
    statement = select(ReviewRow).where(ReviewRow.claim_id == claim_id).order_by(ReviewRow.id)
    return [review_of(row) for row in connection.execute(statement)]


def entity_name(connection: Connection, entity_id: str) -> str | None:
    """Return the name of the stored entity ``entity_id``, or None."""
    return connection.execute(select(EntityRow.name).where(EntityRow.id == entity_id)).scalar()


def record_entity_decision(
    connection: Connection, *, action: str, entity_id: str, target_id: str, reviewer: str, now: datetime,
    target_name: str | None = None, alias: str | None = None,
) -> EntityDecision:
    """Append a merge or split and return it; raise ``ReviewError`` when the entity is unknown or the action bad."""
    if action not in ENTITY_ACTIONS or (action == "split") != bool(alias):
        raise ReviewError("merge an entity into another, or split the mentions of one alias out of it", stage="review")
    source_name = entity_name(connection, entity_id)
    name = target_name or entity_name(connection, target_id) or target_id
    if source_name is None or not target_id.strip() or target_id == entity_id:
        raise ReviewError(f"cannot {action} {entity_id!r} into {target_id!r}: name two different entities",
                          stage="review")
    values: dict[str, Any] = {
        "action": action, "entity_id": entity_id, "target_id": target_id.strip(), "target_name": name, "alias": alias,
        "reviewer": reviewer.strip() or "anonymous", "decided_at": now,
        "previous": {"id": entity_id, "name": source_name},
    }
    new_id = connection.execute(insert(EntityDecisionRow).values(**values).returning(EntityDecisionRow.id)).scalar_one()
    values.pop("previous")
    return EntityDecision(id=new_id, **values)


def entity_decisions(connection: Connection, entity_id: str | None = None) -> list[EntityDecision]:
    """Return the merges and splits (of ``entity_id`` or into it, when given), oldest first."""
    statement = select(EntityDecisionRow).order_by(EntityDecisionRow.id)
    if entity_id is not None:
        touches = (EntityDecisionRow.entity_id == entity_id) | (EntityDecisionRow.target_id == entity_id)
        statement = statement.where(touches)
    return [entity_decision_of(row) for row in connection.execute(statement)]


def latest_reviews_subquery() -> Any:
    """Return a subquery of each reviewed claim's latest decision id (``claim_id``, ``last_id``)."""
    return (
        select(ReviewRow.claim_id, func.max(ReviewRow.id).label("last_id")).group_by(ReviewRow.claim_id).subquery()
    )


def stream_reviewed(connection: Connection, *,
                    actions: tuple[str, ...] = ("accept", "correct")) -> Iterator[tuple[Claim, Review]]:
    """Yield (claim, latest decision) for the claims whose latest decision is one of ``actions``, by claim id."""
    latest = latest_reviews_subquery()
    statement = (
        select(ClaimRow.record, ReviewRow)
        .select_from(ClaimRow)
        .join(latest, latest.c.claim_id == ClaimRow.id)
        .join(ReviewRow, ReviewRow.id == latest.c.last_id)
        .where(ReviewRow.action.in_(actions))
        .order_by(ClaimRow.id)
    )
    for row in connection.execute(statement):
        yield rows.claim_from_record(row.record), review_of(row)


def precision_by(connection: Connection, group: str) -> dict[str, dict[str, int]]:
    """Return, per extracted PLOVER type (``group="plover"``) or per outlet (``"outlet"``), how many claims
    reviewers accepted, corrected and rejected (their latest decision)."""
    latest = latest_reviews_subquery()
    key = ClaimRow.plover if group == "plover" else func.coalesce(ArticleRow.source, "(none)")
    statement = (
        select(key.label("key"), ReviewRow.action, func.count().label("n"))
        .select_from(ClaimRow)
        .join(latest, latest.c.claim_id == ClaimRow.id)
        .join(ReviewRow, ReviewRow.id == latest.c.last_id)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .group_by(key, ReviewRow.action)
    )
    table: dict[str, dict[str, int]] = {}
    for row in connection.execute(statement):
        table.setdefault(row.key, dict.fromkeys(ACTIONS, 0))[row.action] = row.n
    return dict(sorted(table.items()))


def utc_now() -> datetime:
    """Return the current time in UTC, the time stamped on decisions."""
    return datetime.now(UTC)
