"""Build the classifier's training data as a Hugging Face ``datasets.DatasetDict`` (``claimgraph dataset``).

A composition module like ``assess.py``: it runs the rule extractor (``run.extract_batch``) over
the project's texts and labels each candidate claim from three sources, each row naming its origin:

- ``gold``: candidates on articles of ``corpora/gold/claims.jsonl``, labelled by the gold claim of
  the same sentence with the same actors (``evaluate.actors_match``), or "no claim" when none;
- ``weak``: candidates on the other corpus articles, labelled with the rules' own type and stance;
- ``petrarch``: candidates on the PETRARCH unit-test sentences, labelled with the PLOVER type the
  project's CAMEO table (``ontology.cameo_to_plover``) gives the expected event, or "no claim".

Splits follow ``evaluate.split_of`` by article: "test" articles are never trained on; of the
"dev" articles one in five (by hash) is held out as "calibration" for temperature scaling.
Article texts are read at build time from where they lie; nothing is copied into the repository.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.assess import TextSource
from pipeline.evaluate import GoldClaim, actors_match, load_gold, split_of
from pipeline.ingest import read_sources
from pipeline.normalize.claims import claim_context, claim_of
from pipeline.ontology import cameo_to_plover
from pipeline.records import Article, Candidate, Claim, Extraction
from pipeline.run import Pipeline, batched, extract_batch
from pipeline.score.encoder import SpanQuery
from pipeline.score.head import NO_CLAIM
from pipeline.score.rescore import query_of

SPLITS = ("train", "calibration", "test")
WEIGHTS = {"gold": 1.0, "petrarch": 0.5, "weak": 0.3}
CALIBRATION_SHARE = 5  # one dev article in five


@dataclass(frozen=True)
class Label:
    """What a row teaches: type (or "no claim"), polarity and modality ("" where unknown)."""

    type: str
    polarity: str = ""
    modality: str = ""


def part_of(article_id: str) -> str:
    """Return "train", "calibration" or "test" for an article: ``split_of`` first, then a hash share of dev."""
    if split_of(article_id) == "test":
        return "test"
    digest = hashlib.sha256(f"calibration:{article_id}".encode()).hexdigest()
    return "calibration" if int(digest[:8], 16) % CALIBRATION_SHARE == 0 else "train"


def row_of(candidate: Candidate, article_id: str, label: Label, origin: str) -> dict[str, Any]:
    """Return the dataset row of one labelled candidate (offsets relative to its sentence)."""
    query = query_of(candidate)
    return {
        "article": article_id, "origin": origin, "split": part_of(article_id), "sentence": query.sentence,
        **offsets_of(query), "rule_type": candidate.plover,
        "label": label.type, "polarity": label.polarity, "modality": label.modality, "weight": WEIGHTS[origin],
    }


def offsets_of(query: SpanQuery) -> dict[str, int]:
    """Return the dataset columns of a query's subject, object and cue offsets (-1 for no object)."""
    obj = query.object or (-1, -1)
    return {
        "subject_start": query.subject[0], "subject_end": query.subject[1],
        "object_start": obj[0], "object_end": obj[1],
        "cue_start": query.cue[0], "cue_end": query.cue[1],
    }


def gold_for(claim: Claim, gold: list[GoldClaim]) -> GoldClaim | None:
    """Return the gold claim of the claim's sentence with the same actors (the same type first), or None."""
    found = [g for g in gold if g.article == claim.article.id and claim.evidence.start < g.end
             and g.start < claim.evidence.end and actors_match(claim, g)]
    return next((g for g in found if g.plover == claim.predicate.plover), found[0] if found else None)


def gold_label(claim: Claim, gold: list[GoldClaim]) -> Label:
    """Return a candidate's label from the gold: the matching gold claim's typing, or "no claim"."""
    match = gold_for(claim, gold)
    return Label(match.plover, match.polarity, match.modality) if match else Label(NO_CLAIM)


def petrarch_label(record: dict[str, Any]) -> Label | None:
    """Return the label of every candidate of a PETRARCH sentence: "no claim" for a sentence with no
    PLOVER event, its one PLOVER type, or None (no row) when the expected events have several types or
    the record expects an error."""
    if record.get("noevents"):
        return Label(NO_CLAIM)
    events = record.get("events") or []
    if not events or any("eventcode" not in e for e in events):
        return None  # an "error" test case, or a sentence with no expectation at all
    types = {plover for e in events if (plover := cameo_to_plover(str(e["eventcode"]))) is not None}
    if len(types) > 1:
        return None
    return Label(types.pop() if types else NO_CLAIM)


def labelled_rows(
    pipeline: Pipeline, extraction: Extraction, gold: list[GoldClaim], origin: str, fixed: Label | None,
) -> list[dict[str, Any]]:
    """Return the rows of one article's candidates: gold-labelled, weak (the rules' own) or ``fixed``."""
    article = extraction.article
    context = claim_context(extraction, pipeline.normalizer)
    rows = []
    for candidate in extraction.candidates:
        if origin == "gold":
            claim = claim_of(candidate, extraction, pipeline.normalizer, context)
            if claim is None:
                continue
            label = gold_label(claim, gold)
        else:
            label = fixed or Label(candidate.plover, candidate.polarity, candidate.modality)
        rows.append(row_of(candidate, article.id, label, origin))
    return rows


def corpus_articles(sources: list[TextSource]) -> Iterator[Article]:
    """Yield every readable article of ``sources``, ids prefixed per source."""
    for source in sources:
        for item in read_sources([source.path]):
            if isinstance(item, Article):
                yield item.model_copy(update={"id": source.prefix + item.id})


def petrarch_articles(path: Path) -> Iterator[tuple[Article, Label]]:
    """Yield each PETRARCH unit-test sentence as an article ("petrarch:<id>") with its label, where it has one."""
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else None
        label = petrarch_label(record) if record else None
        if record and label is not None:
            yield Article(id=f"petrarch:{record['id']}", text=record["text"], origin=f"{path}:{record['id']}"), label


def extract_rows(
    pipeline: Pipeline, articles: list[tuple[Article, Label | None]], gold: list[GoldClaim],
) -> list[dict[str, Any]]:
    """Return the rows of every article: gold-labelled where the gold covers it, else weak or its fixed label."""
    covered = {g.article for g in gold}
    rows: list[dict[str, Any]] = []
    for batch in batched(articles, pipeline.settings.batch_size):
        extractions = extract_batch(pipeline, [a for a, _ in batch])
        for (article, fixed), extracted in zip(batch, extractions, strict=True):
            if isinstance(extracted, Extraction):
                origin = "gold" if article.id in covered else ("petrarch" if fixed else "weak")
                rows += labelled_rows(pipeline, extracted, gold, origin, fixed)
    return rows


def build_rows(
    pipeline: Pipeline, *, gold_path: Path, sources: list[TextSource], petrarch_path: Path | None,
) -> dict[str, list[dict[str, Any]]]:
    """Return the labelled rows of every source, by split ("train", "calibration", "test")."""
    articles: list[tuple[Article, Label | None]] = [(a, None) for a in corpus_articles(sources)]
    if petrarch_path is not None:
        articles += list(petrarch_articles(petrarch_path))
    rows = extract_rows(pipeline, articles, load_gold(gold_path))
    return {name: [r for r in rows if r["split"] == name] for name in SPLITS}


def to_dataset(splits: dict[str, list[dict[str, Any]]]):
    """Return the rows as a ``datasets.DatasetDict`` (one split per key)."""
    from datasets import Dataset, DatasetDict

    return DatasetDict({name: Dataset.from_list(rows) for name, rows in splits.items() if rows})
