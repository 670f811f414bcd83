"""Benchmark: time accuracy of ``claimgraph annotate`` end to end on MEANTIME (English Wikinews, CC BY 4.0).

Where ``benchmarks/meantime_times.py`` resolves the gold spans themselves, this one runs the whole
annotate path (spaCy parse, ``extraction_of``, ``annotate_extraction``) and scores the time
mentions it reports. Reads the corpus where it lies (``--data``); nothing is copied into the
project. Both benchmarks score through ``pipeline.evaluate.times``, so they score the same gold
expressions the same way; the creation date is read by ``parse_anchor`` of ``meantime_times``.

Every TIMEX3 of type DATE with a concrete value is scored (PAST_REF/PRESENT_REF/FUTURE_REF, X
placeholders and durations are left out and counted). It is detected when some annotated time
mention overlaps its span (this script's own figure), and right when such a mention's ``value`` is
the gold value (``TimeOutcome.exact``).

Run: ``.venv/bin/python benchmarks/meantime_annotate.py [--data PATH] [--misses N]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meantime_times import DEFAULT_DATA, parse_anchor  # noqa: E402

from pipeline.evaluate.times import TimeOutcome, TimeScores, score_time_values, split_gold_dates  # noqa: E402
from pipeline.records import Annotation, Article, TimeMention  # noqa: E402
from pipeline.run import Pipeline, annotate_articles, build_pipeline  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

NOT_DETECTED = "(not detected)"


@dataclass(frozen=True)
class DocumentResult:
    """One document's scored values, left-out reasons, detections and misses (gold text, gold value, ours)."""

    outcomes: list[TimeOutcome]
    excluded: list[str]
    detected: int
    misses: list[tuple[str, str, str]]


@dataclass(frozen=True)
class AnnotateScore:
    """The value scores over the gold DATE expressions, how many were detected, and the misses."""

    values: TimeScores
    detected: int
    misses: Counter[tuple[str, str, str]]

    def rate(self, count: int) -> float:
        """Return ``count`` over the scored expressions (0.0 when there were none)."""
        return count / self.values.total if self.values.total else 0.0


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """Return the MEANTIME documents of the jsonl at ``path``."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def article_of(document: dict[str, Any]) -> Article:
    """Return the article the annotate path reads for one MEANTIME document (dated at its creation time)."""
    anchor = parse_anchor(document.get("dct"))
    published = datetime(anchor.year, anchor.month, anchor.day) if anchor else None
    return Article(id=document["doc_id"], text=document["text"], published_at=published, origin=document["doc_id"])


def score_document(document: dict[str, Any], times: list[TimeMention]) -> DocumentResult:
    """Return one document's gold DATE expressions scored against its annotated time mentions."""
    gold, excluded = split_gold_dates(document["mentions"])
    outcomes, detected, misses = [], 0, []
    for mention in gold:
        overlapping = [t for t in times if t.start < mention["end"] and mention["start"] < t.end]
        outcome = TimeOutcome(mention["value"], tuple(t.value for t in overlapping))
        outcomes.append(outcome)
        detected += bool(overlapping)
        if not outcome.exact:
            ours = "; ".join(f"{t.text!r}={t.value}" for t in overlapping) or NOT_DETECTED
            misses.append((mention["text"], mention["value"], ours))
    return DocumentResult(outcomes, excluded, detected, misses)


def score_annotate(pipeline: Pipeline, documents: list[dict[str, Any]]) -> AnnotateScore:
    """Run the annotate path over ``documents`` and score its time mentions against the gold DATEs.

    Raises ``RuntimeError`` when the annotate path fails on a document."""
    scored = []
    results = annotate_articles(pipeline, [article_of(document) for document in documents])
    for document, result in zip(documents, results, strict=True):
        if not isinstance(result, Annotation):
            raise RuntimeError(f"annotate failed on {document['doc_id']}: {result.message}")
        scored.append(score_document(document, result.times))
    return AnnotateScore(
        values=score_time_values((o for d in scored for o in d.outcomes), (r for d in scored for r in d.excluded)),
        detected=sum(d.detected for d in scored),
        misses=Counter(miss for d in scored for miss in d.misses),
    )


def print_report(title: str, score: AnnotateScore, *, misses: int) -> None:
    """Print the figures, what was left out and why, and the most frequent misses."""
    values = score.values
    print(f"== {title}")
    print(f"gold DATE expressions scored: {values.total}")
    print(f"detection recall (overlap):   {score.rate(score.detected):.3f} ({score.detected}/{values.total})")
    print(f"exact value accuracy:         {values.accuracy:.3f} ({values.exact}/{values.total})")
    print("left out:")
    for reason, count in Counter(values.excluded).most_common():
        print(f"  {count:4d}  {reason}")
    print(f"misses ({sum(score.misses.values())}), top {misses}: gold text -> gold value vs ours")
    for (text, gold, ours), count in score.misses.most_common(misses):
        print(f"  {count:2d}x  {text!r:40} {gold:12} vs {ours}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="meantime_en.jsonl (read in place)")
    parser.add_argument("--misses", type=int, default=20, help="how many misses to list")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data} not found: pass --data pointing at meantime_en.jsonl")
    documents = read_corpus(args.data)
    pipeline = build_pipeline(Settings())
    print_report("claimgraph annotate as shipped", score_annotate(pipeline, documents), misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
