"""Claims as served: the stored record with the reviewers' latest decision applied, the extracted values kept.

Owns how a reviewed state (``pipeline.store.reviews.REVIEW_FIELDS``) rewrites a claim record and the
``review`` object every served claim carries: ``None`` when nobody decided on it, else the action,
reviewer, time, note and ``extracted`` (the values the correction replaced, as extracted). The API,
the graph feed (and so every export) read claims through here. Imports records, the ontology and
the store's own modules; never a stage.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from pipeline.ontology import quad_of
from pipeline.records import Claim
from pipeline.store.models import EntityRow, ReviewRow
from pipeline.store.reviews import Review, initial_state, latest_reviews_subquery, review_of

Record = dict[str, Any]
TIMEML_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
ENTITY_COLUMNS = ("id", "name", "type", "country", "sector", "wikidata")


def latest_reviews(connection: Connection, claim_ids: Sequence[str]) -> dict[str, Review]:
    """Return the latest decision on each of ``claim_ids`` that has one, by claim id."""
    found: dict[str, Review] = {}
    ids = list(claim_ids)
    for offset in range(0, len(ids), 500):
        latest = latest_reviews_subquery()
        statement = (select(ReviewRow).join(latest, latest.c.last_id == ReviewRow.id)
                     .where(latest.c.claim_id.in_(ids[offset: offset + 500])))
        found.update({row.claim_id: review_of(row) for row in connection.execute(statement)})
    return found


def entity_records(connection: Connection, entity_ids: set[str]) -> dict[str, Record]:
    """Return the stored entities ``entity_ids`` as claim-record entities (their name standing as the mention)."""
    if not entity_ids:
        return {}
    statement = select(EntityRow).where(EntityRow.id.in_(sorted(entity_ids)))
    return {row.id: {**{column: getattr(row, column) for column in ENTITY_COLUMNS}, "mention": row.name}
            for row in connection.execute(statement)}


def time_of(value: str | None) -> Record | None:
    """Return a reviewed TimeML value (``2015``, ``2015-11``, ``2015-11-24``) as a claim record's time, or None."""
    if not value:
        return None
    match = TIMEML_DATE.match(value)
    if match is None:
        return {"text": value, "start": None, "end": None, "granularity": "open", "relative": False}
    year, month, day = match.groups()
    if day:
        start = end = value
    elif month:
        last = calendar.monthrange(int(year), int(month))[1]
        start, end = f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    else:
        start, end = f"{year}-01-01", f"{year}-12-31"
    granularity = "day" if day else "month" if month else "year"
    return {"text": value, "start": start, "end": end, "granularity": granularity, "relative": False}


def actor_of(record: Record, role: str, entity_id: str | None, entities: dict[str, Record]) -> Record | None:
    """Return the entity a reviewed ``role`` (subject or object) names: the record's own when unchanged."""
    own = record.get(role)
    if entity_id is None:
        return None
    if own and own["id"] == entity_id:
        return own
    return entities.get(entity_id) or {"id": entity_id, "name": entity_id, "mention": entity_id, "type": "other",
                                       "country": None, "sector": None, "wikidata": None}


def apply_state(record: Record, state: dict[str, Any], extracted: dict[str, Any],
                entities: dict[str, Record]) -> Record:
    """Return ``record`` with the reviewed ``state`` in the fields where it differs from ``extracted`` (type and quad,
    actors, stance, time, place)."""
    changed = {name for name, value in state.items() if extracted.get(name) != value}
    result = dict(record)
    if "plover" in changed:
        result["predicate"] = {**record["predicate"], "plover": state["plover"], "quad": quad_of(state["plover"])}
    for role in ("subject", "object"):
        if role in changed:
            result[role] = actor_of(record, role, state[role], entities)
    result.update({name: state[name] for name in ("polarity", "modality", "kind") if name in changed})
    if "time" in changed:
        result["time"] = time_of(state["time"])
    if "place" in changed:
        result["location"] = {"name": state["place"]} if state["place"] else None
    return result


def review_summary(review: Review, extracted: dict[str, Any]) -> Record:
    """Return the ``review`` object of a served claim: the decision and the extracted values it replaced."""
    return {
        "action": review.action, "reviewer": review.reviewer, "decided_at": review.decided_at.isoformat(),
        "note": review.note,
        "extracted": {name: value for name, value in extracted.items() if review.state.get(name) != value},
    }


def served_records(connection: Connection, records: dict[str, Record]) -> dict[str, Record]:
    """Return each claim record (by id) as served: the latest decision applied and its ``review`` object."""
    reviews = latest_reviews(connection, sorted(records))
    wanted = {review.state[role] for review in reviews.values() for role in ("subject", "object")
              if review.state.get(role)}
    entities = entity_records(connection, wanted)
    served: dict[str, Record] = {}
    for claim_id, record in records.items():
        review = reviews.get(claim_id)
        if review is None:
            served[claim_id] = {**record, "review": None}
            continue
        extracted = initial_state(Claim.model_validate(record))
        served[claim_id] = {**apply_state(record, review.state, extracted, entities),
                            "review": review_summary(review, extracted)}
    return served
