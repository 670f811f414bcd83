"""Benchmark: time accuracy of ``claimgraph annotate`` end to end on MEANTIME (English Wikinews, CC BY 4.0).

Where ``benchmarks/meantime_times.py`` resolves the gold spans themselves, this one runs the whole
annotate path (spaCy parse, ``extraction_of``, ``annotate_extraction``) and scores the time
mentions it reports. Reads the corpus where it lies (``--data``); nothing is copied into the
project. Uses ``exclusion_reason`` and ``parse_anchor`` of ``meantime_times`` so both benchmarks
score the same gold expressions.

Every TIMEX3 of type DATE with a concrete value is scored (PAST_REF/PRESENT_REF/FUTURE_REF, X
placeholders and durations are left out and counted). It is detected when some annotated time
mention overlaps its span, and right when such a mention's ``value`` equals the gold value.

Run: ``.venv/bin/python benchmarks/meantime_annotate.py [--data PATH] [--misses N]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meantime_times import DEFAULT_DATA, exclusion_reason, parse_anchor  # noqa: E402

from pipeline.records import Annotation, Article, TimeMention  # noqa: E402
from pipeline.run import Pipeline, annotate_articles, build_pipeline  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

NOT_DETECTED = "(not detected)"


@dataclass
class AnnotateScore:
    """Counts over the scored gold DATE expressions, what was left out and why, and the misses."""

    total: int = 0
    detected: int = 0
    exact: int = 0
    excluded: Counter[str] = field(default_factory=Counter)
    misses: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def rate(self, count: int) -> float:
        """Return ``count`` over the scored expressions (0.0 when there were none)."""
        return count / self.total if self.total else 0.0


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """Return the MEANTIME documents of the jsonl at ``path``."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def article_of(document: dict[str, Any]) -> Article:
    """Return the article the annotate path reads for one MEANTIME document (dated at its creation time)."""
    anchor = parse_anchor(document.get("dct"))
    published = datetime(anchor.year, anchor.month, anchor.day) if anchor else None
    return Article(id=document["doc_id"], text=document["text"], published_at=published, origin=document["doc_id"])


def gold_dates(document: dict[str, Any], score: AnnotateScore) -> list[dict[str, Any]]:
    """Return the document's scorable gold DATE expressions, counting the others in ``score.excluded``."""
    scored = []
    for mention in document["mentions"]:
        if mention["tag"] != "TIMEX3" or mention.get("type") != "DATE":
            continue
        reason = exclusion_reason(mention)
        if reason is None:
            scored.append(mention)
        else:
            score.excluded[reason] += 1
    return scored


def score_document(gold: list[dict[str, Any]], times: list[TimeMention], score: AnnotateScore) -> None:
    """Add one document's gold expressions, scored against its annotated time mentions, to ``score``."""
    for mention in gold:
        overlapping = [t for t in times if t.start < mention["end"] and mention["start"] < t.end]
        right = any(t.value == mention["value"] for t in overlapping)
        score.total += 1
        score.detected += bool(overlapping)
        score.exact += right
        if not right:
            ours = "; ".join(f"{t.text!r}={t.value}" for t in overlapping) or NOT_DETECTED
            score.misses[(mention["text"], mention["value"], ours)] += 1


def score_annotate(pipeline: Pipeline, documents: list[dict[str, Any]]) -> AnnotateScore:
    """Run the annotate path over ``documents`` and score its time mentions against the gold DATEs."""
    score = AnnotateScore()
    results = annotate_articles(pipeline, [article_of(document) for document in documents])
    for document, result in zip(documents, results, strict=True):
        gold = gold_dates(document, score)
        if not isinstance(result, Annotation):
            raise RuntimeError(f"annotate failed on {document['doc_id']}: {result.message}")
        score_document(gold, result.times, score)
    return score


def print_report(title: str, score: AnnotateScore, *, misses: int) -> None:
    print(f"== {title}")
    print(f"gold DATE expressions scored: {score.total}")
    print(f"detection recall (overlap):   {score.rate(score.detected):.3f} ({score.detected}/{score.total})")
    print(f"exact value accuracy:         {score.rate(score.exact):.3f} ({score.exact}/{score.total})")
    print("left out:")
    for reason, count in score.excluded.most_common():
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
