"""Benchmark: normalization of TIMEX3 DATE expressions on MEANTIME (English Wikinews, CC BY 4.0).

Owns ``score_meantime``, the one scoring function for time normalization (the tests import it).
Reads the corpus where it lies (``--data``, by default ``<repo>/../shared/data/meantime_en``);
nothing from it is copied into the project. Imports ``pipeline.normalize.time`` and the standard
library only.

Every TIMEX3 of type DATE that has text and a concrete value is resolved with ``resolve_times``
over the article text at the gold span, anchored at the document creation time (the dateline
itself counts too). A hit is an exact match of the TimeML value; "prefix-compatible" also accepts
a value at another precision of the same time ("2008-05" against "2008-05-24"). Gold values that
are references (PAST_REF, PRESENT_REF, FUTURE_REF), underspecified (containing X) or durations
(P...) are left out and counted separately. The report also gives the recall of
``find_time_expressions`` on the scored gold spans (any overlap counts); MEANTIME annotates only
the first sentences of each article, so its precision cannot be measured here.

Run: ``.venv/bin/python benchmarks/meantime_times.py [--data PATH] [--misses N]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.normalize.time import find_time_expressions, resolve_times  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "meantime_en" / "meantime_en.jsonl"
REFERENCES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})


@dataclass(frozen=True)
class Miss:
    """One gold DATE expression the normalizer got wrong."""

    doc_id: str
    text: str
    gold: str
    predicted: str | None


@dataclass
class TimeScore:
    """Counts over the scored expressions, what was left out and why, and the misses."""

    total: int = 0
    exact: int = 0
    prefix: int = 0
    creation_total: int = 0
    creation_exact: int = 0
    found: int = 0
    excluded: Counter[str] = field(default_factory=Counter)
    references_resolved: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Exact accuracy over the scored expressions (0.0 when there were none)."""
        return self.exact / self.total if self.total else 0.0

    @property
    def prefix_accuracy(self) -> float:
        return self.prefix / self.total if self.total else 0.0


def exclusion_reason(mention: dict) -> str | None:
    """Return why a TIMEX3 DATE mention is not scored, or None when it is."""
    value = mention.get("value") or ""
    if mention.get("text") is None or "start" not in mention:
        return "no text (implicit TIMEX)"
    if value in REFERENCES:
        return "PAST_REF/PRESENT_REF/FUTURE_REF"
    if "X" in value:
        return "underspecified (X placeholders)"
    if value.startswith("P"):
        return "duration value on a DATE"
    return None


def parse_anchor(dct: str | None) -> date | None:
    """Return the creation date; MEANTIME writes most as ISO and one as DD-MM-YYYY."""
    if not dct:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        return date.fromisoformat(dct)
    day, month, year = (int(part) for part in dct.split("-"))
    return date(year, month, day)


def is_prefix_compatible(gold: str, predicted: str | None) -> bool:
    """True when one value is the other at a finer precision ("2008-05" and "2008-05-24")."""
    return bool(predicted) and (predicted.startswith(gold) or gold.startswith(predicted))


def score_article(article: dict, score: TimeScore) -> None:
    """Add one article's DATE expressions to ``score``."""
    dates = [m for m in article["mentions"] if m["tag"] == "TIMEX3" and m.get("type") == "DATE"]
    scored, references = [], []
    for mention in dates:
        reason = exclusion_reason(mention)
        score.excluded[reason] += reason is not None
        (scored if reason is None else references if mention.get("value") in REFERENCES and "start" in mention else []
         ).append(mention)
    anchor = parse_anchor(article.get("dct"))
    spans = [(m["start"], m["end"]) for m in scored + references]
    results = resolve_times(article["text"], spans, anchor=anchor)
    found = find_time_expressions(article["text"])
    score.found += sum(any(s < m["end"] and m["start"] < e for s, e in found) for m in scored)
    score.references_resolved += sum(r is not None for r in results[len(scored):])
    for mention, result in zip(scored, results, strict=False):
        predicted = result.value if result else None
        hit = predicted == mention["value"]
        creation = mention.get("functionInDocument") == "CREATION_TIME"
        score.total += 1
        score.exact += hit
        score.prefix += hit or is_prefix_compatible(mention["value"], predicted)
        score.creation_total += creation
        score.creation_exact += creation and hit
        if not hit:
            score.misses.append(Miss(article["doc_id"], mention["text"], mention["value"], predicted))


def score_meantime(path: Path) -> TimeScore:
    """Score ``resolve_times`` against every concrete gold DATE value in the MEANTIME jsonl at ``path``."""
    score = TimeScore()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            score_article(json.loads(line), score)
    score.excluded = Counter({reason: count for reason, count in score.excluded.items() if count})
    return score


def print_report(score: TimeScore, *, misses: int) -> None:
    print(f"gold DATE expressions scored: {score.total} (of which dateline CREATION_TIME: {score.creation_total})")
    print(f"exact accuracy:            {score.accuracy:.3f} ({score.exact}/{score.total})")
    print(f"prefix-compatible:         {score.prefix_accuracy:.3f} ({score.prefix}/{score.total})")
    print(f"creation times exact:      {score.creation_exact}/{score.creation_total}")
    print(f"find_time_expressions overlaps {score.found}/{score.total} scored gold spans (recall of the finder)")
    print("left out:")
    for reason, count in score.excluded.most_common():
        print(f"  {count:4d}  {reason}")
    print(f"  (PAST/PRESENT/FUTURE_REF with a span given a vague range or value: {score.references_resolved})")
    grouped = Counter((m.text, m.gold, m.predicted) for m in score.misses)
    print(f"misses ({len(score.misses)}), top {misses}: gold text -> gold value vs ours")
    for (text, gold, predicted), count in grouped.most_common(misses):
        print(f"  {count:2d}x  {text!r:45} {gold:14} vs {predicted}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="meantime_en.jsonl (read in place)")
    parser.add_argument("--misses", type=int, default=20, help="how many misses to list")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data} not found: pass --data pointing at meantime_en.jsonl")
    print_report(score_meantime(args.data), misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
