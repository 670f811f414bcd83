"""Turn records into the rows of the store's tables, and rows back into records.

Owns the content-derived ids of mentions, evidence and failures and the column values of every
row written. Imports ``pipeline.records`` and ``pipeline.ids`` only; runs no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pipeline.ids import content_id, text_hash
from pipeline.records import Article, Claim, Entity, Failure, Sighting

Row = dict[str, Any]


def article_row(article: Article, *, run_id: str, now: datetime) -> Row:
    """Return the ``articles`` row of ``article``, first stored by ``run_id`` at ``now``."""
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "text": article.text,
        "content_hash": text_hash(article.text),
        "origin": article.origin,
        "first_run_id": run_id,
        "created_at": now,
        "author": article.author,
    }


def claim_entities(claim: Claim) -> list[tuple[str, Entity]]:
    """Return the (role, entity) pairs of ``claim``: subject, then object and speaker when present."""
    pairs = [("subject", claim.subject), ("object", claim.object), ("speaker", claim.attributed_to)]
    return [(role, entity) for role, entity in pairs if entity is not None]


def entity_rows(claims: Iterable[Claim]) -> list[Row]:
    """Return one ``entities`` row per entity id in ``claims`` (the last occurrence wins), sorted by id."""
    rows: dict[str, Row] = {}
    for claim in claims:
        for _, entity in claim_entities(claim):
            rows[entity.id] = {
                "id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "country": entity.country,
                "sector": entity.sector,
                "wikidata": entity.wikidata,
            }
    return [rows[key] for key in sorted(rows)]


def mention_rows(claims: Iterable[Claim]) -> list[Row]:
    """Return the distinct ``mentions`` rows of ``claims``: one per (article, entity, text, role), sorted by id."""
    rows: dict[str, Row] = {}
    for claim in claims:
        for role, entity in claim_entities(claim):
            key = {"article_id": claim.article.id, "entity_id": entity.id, "text": entity.mention, "role": role}
            row_id = content_id("m_", key)
            rows[row_id] = {"id": row_id, **key}
    return [rows[key] for key in sorted(rows)]


def evidence_id(claim: Claim) -> str:
    """Return the id of the evidence row of ``claim``, derived from its article and offsets."""
    evidence = claim.evidence
    return content_id("e_", {"article_id": claim.article.id, "start": evidence.start, "end": evidence.end})


def evidence_rows(claims: Iterable[Claim]) -> list[Row]:
    """Return the distinct ``evidence`` rows of ``claims``, sorted by id."""
    rows: dict[str, Row] = {}
    for claim in claims:
        row_id = evidence_id(claim)
        evidence = claim.evidence
        rows[row_id] = {
            "id": row_id,
            "article_id": claim.article.id,
            "sentence": evidence.sentence,
            "start": evidence.start,
            "end": evidence.end,
        }
    return [rows[key] for key in sorted(rows)]


def claim_row(claim: Claim, *, run_id: str) -> Row:
    """Return the ``claims`` row of ``claim``: queryable columns plus the full record as JSON."""
    return {
        "id": claim.id,
        "article_id": claim.article.id,
        "subject_id": claim.subject.id,
        "object_id": claim.object.id if claim.object else None,
        "attributed_to_id": claim.attributed_to.id if claim.attributed_to else None,
        "evidence_id": evidence_id(claim),
        **typing_columns(claim),
        "confidence": claim.confidence,
        "extractor_version": claim.extractor.version,
        "extractor_model": claim.extractor.model,
        "run_id": run_id,
        "record": claim.model_dump_json(),
    }


def typing_columns(claim: Claim) -> Row:
    """Return the ``claims`` columns that type a claim: its PLOVER/CAMEO predicate, stance and time."""
    predicate = claim.predicate
    return {
        "plover": predicate.plover,
        "cameo": predicate.cameo,
        "quad": predicate.quad,
        "mode": predicate.mode,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "kind": claim.kind,
        "time_start": claim.time.start if claim.time else None,
        "time_end": claim.time.end if claim.time else None,
    }


def claim_rows(claims: Iterable[Claim], *, run_id: str) -> list[Row]:
    """Return one ``claims`` row per claim id (the last occurrence wins), sorted by id."""
    rows = {claim.id: claim_row(claim, run_id=run_id) for claim in claims}
    return [rows[key] for key in sorted(rows)]


def failure_id(failure: Failure) -> str:
    """Return the id of ``failure``, derived from its origin, stage and message."""
    return content_id("f_", {"origin": failure.origin, "stage": failure.stage, "message": failure.message})


def failure_row(failure: Failure, *, run_id: str, now: datetime) -> Row:
    """Return the ``failures`` row of ``failure``, recorded by ``run_id`` at ``now``."""
    return {
        "id": failure_id(failure),
        "origin": failure.origin,
        "stage": failure.stage,
        "message": failure.message,
        "article_id": failure.article_id,
        "run_id": run_id,
        "created_at": now,
    }


def claim_from_record(record: str) -> Claim:
    """Return the claim stored as JSON in a ``claims.record`` column."""
    return Claim.model_validate_json(record)


def failure_from_row(row: Any) -> Failure:
    """Return the failure a ``failures`` row holds."""
    return Failure(origin=row.origin, stage=row.stage, message=row.message, article_id=row.article_id)


def sighting_row(sighting: Sighting, *, run_id: str, now: datetime) -> Row:
    """Return the ``sightings`` row of ``sighting``; its id comes from article, outlet and URL."""
    identity = {"article_id": sighting.article_id, "outlet": sighting.outlet, "url": sighting.url}
    return {
        "id": content_id("s_", identity), **identity, "kind": sighting.kind,
        "seen_at": sighting.seen_at or now, "run_id": run_id,
    }


def sighting_of(row: Any) -> Sighting:
    """Return the ``Sighting`` a ``sightings`` row holds."""
    return Sighting(article_id=row.article_id, outlet=row.outlet, url=row.url, kind=row.kind, seen_at=row.seen_at)
