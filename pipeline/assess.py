"""Run the pipeline over gold data and score it: the project's own gold claims and the PLOVER
gold-standard sentences. A composition module like ``run.py``: it chains reading, the pipeline
and the one scoring function in ``pipeline.evaluate``; the CLI and the benchmarks call it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.evaluate import GsrScores, Scores, load_gold, plover_gsr_score, score, split_of
from pipeline.ingest import read_sources
from pipeline.records import Article, Claim, Failure
from pipeline.run import Pipeline, batched, extractor_model, process_batch
from pipeline.score.propose import PairScorer
from pipeline.score.rescore import MODES, Scorer


@dataclass(frozen=True)
class TextSource:
    """Where gold article texts come from, and the prefix gold ids give that corpus ("meantime:")."""

    path: Path
    prefix: str = ""

    @classmethod
    def parse(cls, spec: str) -> TextSource:
        """Return the source ``[PREFIX:]PATH`` names
        ("meantime:../shared/data/meantime_en/meantime_en_articles.jsonl")."""
        prefix, sep, path = spec.partition(":")
        if sep and prefix.isidentifier() and not Path(spec).exists():
            return cls(Path(path), f"{prefix}:")
        return cls(Path(spec))


@dataclass(frozen=True)
class GoldResult:
    """The scores on each part of the gold, the claims predicted, and the articles that could not be read."""

    dev: Scores
    test: Scores
    claims: tuple[Claim, ...]
    failures: tuple[Failure, ...]


def load_texts(sources: list[TextSource], wanted: set[str]) -> tuple[list[Article], list[Failure]]:
    """Return the articles with ids in ``wanted`` (ids prefixed per source) and the inputs that failed."""
    articles, failures = [], []
    for source in sources:
        for item in read_sources([source.path]):
            if isinstance(item, Failure):
                failures.append(item)
            elif source.prefix + item.id in wanted:
                articles.append(item.model_copy(update={"id": source.prefix + item.id}))
    return articles, failures


def predict(pipeline: Pipeline, articles: list[Article]) -> tuple[list[Claim], list[Failure]]:
    """Return the claims the pipeline extracts from ``articles`` and the articles that failed."""
    claims: list[Claim] = []
    failures: list[Failure] = []
    for batch in batched(articles, pipeline.settings.batch_size):
        for result in process_batch(pipeline, batch):
            claims.extend(result.claims)
            if result.failure is not None:
                failures.append(result.failure)
    return claims, failures


def evaluate_gold(pipeline: Pipeline, gold_path: Path, sources: list[TextSource]) -> GoldResult:
    """Return the pipeline's scores on the dev and test parts of the gold at ``gold_path``."""
    gold = load_gold(gold_path)
    wanted = {g.article for g in gold}
    articles, failures = load_texts(sources, wanted)
    claims, failed = predict(pipeline, articles)
    part = lambda name: {a for a in wanted if split_of(a) == name}  # noqa: E731
    return GoldResult(
        dev=score(claims, gold, articles=part("dev")), test=score(claims, gold, articles=part("test")),
        claims=tuple(claims), failures=tuple(failures + failed),
    )


def evaluate_plover_gsr(pipeline: Pipeline, path: Path) -> GsrScores:
    """Return the pipeline's accuracies on PLOVER gold-standard sentences (one JSON record per line)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [Article(id=r["id"], text=r["text"], origin=f"{path}:{r['id']}") for r in records]
    claims, _ = predict(pipeline, articles)
    predictions: dict[str, list[Claim]] = {r["id"]: [] for r in records}
    for claim in claims:
        predictions[claim.article.id].append(claim)
    return plover_gsr_score(records, predictions)




def pipeline_variants(pipeline: Pipeline, scorer: Scorer | PairScorer | None, *,
                      modes: tuple[str, ...] = MODES) -> dict[str, Pipeline]:
    """Return the pipeline under each of ``modes`` ("rules", "model", "combined"), sharing its spaCy model and
    registries; the scorer's committed thresholds and calibration stay. Without a scorer: rules only."""
    variants: dict[str, Pipeline] = {}
    for mode in modes if scorer else ("rules",):
        moded = None
        if scorer is not None and mode != "rules":
            moded = replace(scorer, policy=replace(scorer.policy, mode=mode))  # type: ignore[arg-type]
        model = extractor_model(pipeline.settings, moded)
        extractor = pipeline.normalizer.extractor.model_copy(update={"model": model})
        variants[mode] = replace(pipeline, scorer=moded, normalizer=replace(pipeline.normalizer, extractor=extractor))
    return variants
