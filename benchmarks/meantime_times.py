"""Benchmark: normalization of TIMEX3 DATE expressions on MEANTIME (English Wikinews, CC BY 4.0).

Runs ``resolve_times`` of ``pipeline.normalize.time`` on the gold spans and scores the values with
``pipeline.evaluate.times`` (which gold expressions count, exact and prefix-compatible hits); this
script adds only what is particular to it: the dateline (CREATION_TIME) figure, the recall of
``find_time_expressions``, the resolved references and the list of misses. ``score_meantime`` is
what the tests call. Reads the corpus where it lies (``--data``, by default
``<repo>/../shared/data/meantime_en``); nothing from it is copied into the project.

Every TIMEX3 of type DATE that has text and a concrete value is resolved over the article text at
the gold span, anchored at the document creation time (the dateline itself counts too). A hit is an
exact match of the TimeML value; "prefix-compatible" also accepts a value at another precision of
the same time ("2008-05" against "2008-05-24"). Gold values that are references (PAST_REF,
PRESENT_REF, FUTURE_REF), underspecified (containing X) or durations (P...) are left out and counted
separately. MEANTIME annotates only the first sentences of each article, so the finder's precision
cannot be measured here.

Run: ``.venv/bin/python benchmarks/meantime_times.py [--data PATH] [--misses N]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate.gold import split_of  # noqa: E402
from pipeline.evaluate.times import (  # noqa: E402
    REFERENCES,
    TimeOutcome,
    TimeScores,
    exclusion_reason,
    is_gold_date,
    score_time_values,
    split_gold_dates,
)
from pipeline.normalize.time import find_time_expressions, resolve_times  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "meantime_en" / "meantime_en.jsonl"


@dataclass(frozen=True)
class Miss:
    """One gold DATE expression the normalizer got wrong."""

    doc_id: str
    text: str
    gold: str
    predicted: str | None


@dataclass(frozen=True)
class ArticleResult:
    """One article's scored values (with whether each is the dateline), left-out reasons and extras."""

    outcomes: list[tuple[TimeOutcome, bool]]
    excluded: list[str]
    found: int
    references_resolved: int
    misses: list[Miss]


@dataclass(frozen=True)
class TimeScore:
    """The scores of all values and of the datelines alone, the finder's recall, and the misses."""

    values: TimeScores
    creation: TimeScores
    found: int
    references_resolved: int
    misses: list[Miss]

    @property
    def total(self) -> int:
        """How many gold values were scored."""
        return self.values.total

    @property
    def accuracy(self) -> float:
        """Exact accuracy over the scored values (0.0 when there were none)."""
        return self.values.accuracy


def parse_anchor(dct: str | None) -> date | None:
    """Return the creation date; MEANTIME writes most as ISO and one as DD-MM-YYYY."""
    if not dct:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        return date.fromisoformat(dct)
    day, month, year = (int(part) for part in dct.split("-"))
    return date(year, month, day)


def resolved_references(article: dict[str, Any]) -> list[Mapping[str, Any]]:
    """Return the left-out DATE references that still have a span (resolved for information only)."""
    return [
        m for m in filter(is_gold_date, article["mentions"])
        if exclusion_reason(m) is not None and m.get("value") in REFERENCES and "start" in m
    ]


def score_article(article: dict[str, Any]) -> ArticleResult:
    """Return one article's DATE expressions resolved at their gold spans and scored."""
    scored, excluded = split_gold_dates(article["mentions"])
    references = resolved_references(article)
    spans = [(m["start"], m["end"]) for m in [*scored, *references]]
    results = resolve_times(article["text"], spans, anchor=parse_anchor(article.get("dct")))
    found = find_time_expressions(article["text"])
    outcomes, misses = [], []
    for mention, result in zip(scored, results, strict=False):
        outcome = TimeOutcome(mention["value"], (result.value if result else None,))
        outcomes.append((outcome, mention.get("functionInDocument") == "CREATION_TIME"))
        if not outcome.exact:
            misses.append(Miss(article["doc_id"], mention["text"], mention["value"], outcome.predicted[0]))
    return ArticleResult(
        outcomes=outcomes,
        excluded=excluded,
        found=sum(any(s < m["end"] and m["start"] < e for s, e in found) for m in scored),
        references_resolved=sum(r is not None for r in results[len(scored):]),
        misses=misses,
    )


def score_meantime(path: Path, *, split: str = "dev") -> TimeScore:
    """Return the scores of ``resolve_times`` on every concrete gold DATE value of the MEANTIME jsonl at ``path``,
    over the articles of ``split`` ("dev", "test": ``pipeline.evaluate.gold.split_of``; "all" for both)."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    chosen = [r for r in records if split == "all" or split_of(f"meantime:{r['doc_id']}") == split]
    articles = [score_article(record) for record in chosen]
    outcomes = [row for a in articles for row in a.outcomes]
    return TimeScore(
        values=score_time_values((o for o, _ in outcomes), (r for a in articles for r in a.excluded)),
        creation=score_time_values(o for o, creation in outcomes if creation),
        found=sum(a.found for a in articles),
        references_resolved=sum(a.references_resolved for a in articles),
        misses=[m for a in articles for m in a.misses],
    )


def print_report(score: TimeScore, *, misses: int) -> None:
    """Print the figures, what was left out and why, and the most frequent misses."""
    values, creation = score.values, score.creation
    print(f"gold DATE expressions scored: {values.total} (of which dateline CREATION_TIME: {creation.total})")
    print(f"exact accuracy:            {values.accuracy:.3f} ({values.exact}/{values.total})")
    print(f"prefix-compatible:         {values.prefix_accuracy:.3f} ({values.prefix}/{values.total})")
    print(f"creation times exact:      {creation.exact}/{creation.total}")
    print(f"find_time_expressions overlaps {score.found}/{values.total} scored gold spans (recall of the finder)")
    print("left out:")
    for reason, count in Counter(values.excluded).most_common():
        print(f"  {count:4d}  {reason}")
    print(f"  (PAST/PRESENT/FUTURE_REF with a span given a vague range or value: {score.references_resolved})")
    grouped = Counter((m.text, m.gold, m.predicted) for m in score.misses)
    print(f"misses ({len(score.misses)}), top {misses}: gold text -> gold value vs ours")
    for (text, gold, predicted), count in grouped.most_common(misses):
        print(f"  {count:2d}x  {text!r:45} {gold:14} vs {predicted}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="meantime_en.jsonl (read in place)")
    parser.add_argument("--misses", type=int, default=20, help="how many misses to list (dev only)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev",
                        help="the articles scored: dev (develop on it), test (closing notes), all")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data} not found: pass --data pointing at meantime_en.jsonl")
    print(f"MEANTIME {args.split} articles")
    print_report(score_meantime(args.data, split=args.split), misses=args.misses if args.split == "dev" else 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
