"""Geoparsing on LGL and TR-News: the toponyms claimgraph finds in news text and how near its points fall.

Each article goes through the product's pipeline (``build_pipeline`` without the classifier, then
``extract_batch``: the spaCy model with claimgraph's components), and each of its ``places`` spans
is resolved by the gazetteer as ``annotate_extraction`` resolves it; with ``--context home`` the
country the article is about (``home_country``) is passed as context, as claims pass theirs. A
resolved span is a prediction; unresolved spans are not. Scoring is
``pipeline.evaluate.places.score_places`` (found = a resolved place overlaps the gold span; right =
its point within 161 km of the gold point; a found place without a point is wrong).

Gold: ``../shared/data/geoparsing/{lgl,trnews}.jsonl`` (see SOURCE.txt there: GPL-3.0
annotations, publishers' texts, research use; read in place), split by article into dev (70 %) and
test (30 %) in ``corpora/splits/{lgl,trnews}.json``: develop on dev (the default), score test when a piece
of work is done (``--split test``, or ``both`` for the two columns). Some TR-News
offsets are a character or two off their name: a span whose text is not its name is moved to the
name's nearest occurrence within ``REALIGN_CHARS`` characters (the count is printed).

    python benchmarks/geoparsing.py [--set lgl|trnews|both] [--split dev|test|both] [--limit N] [--context none|home]
        [--registry DIR]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.evalsets.geoparsing import read_rows
from pipeline.evalsets.splits import load_splits
from pipeline.evaluate.places import ACCURACY_KM, GoldToponym, PlaceScores, PredictedPlace, overlap, score_places
from pipeline.normalize.claims import article_places
from pipeline.normalize.toponyms import read_places
from pipeline.records import Article, Extraction, Span
from pipeline.run import Pipeline, batched, build_pipeline, extract_batch
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SPLITS = ROOT / "corpora" / "splits"
SETS = ("lgl", "trnews")
REALIGN_CHARS = 3

# A system: articles in, one list of predicted places per article out.
System = Callable[[Sequence[Article]], list[list[PredictedPlace]]]


@dataclass(frozen=True)
class GoldArticle:
    """An article of a geoparsing set and its gold toponyms."""

    article: Article
    toponyms: tuple[GoldToponym, ...]


def realign(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets of ``name`` where the gold span is off by a few characters, else the span as given."""
    if text[start:end] == name or not name:
        return start, end
    for shift in sorted(range(-REALIGN_CHARS, REALIGN_CHARS + 1), key=abs):
        if text[start + shift : start + shift + len(name)] == name:
            return start + shift, start + shift + len(name)
    return start, end


def read_date(value: str | None) -> datetime | None:
    """Return a publication date given as ISO, else None (some TR-News dates are a time of day: "7:58 AM ET")."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def read_set(data_root: Path, dataset: str, split: str, *, limit: int | None = None) -> tuple[list[GoldArticle], int]:
    """Return the first ``limit`` articles of one split of a set with their toponyms, and how many spans were
    realigned."""
    ids = load_splits(SPLITS, dataset)[split]  # type: ignore[index]
    articles, moved = [], 0
    for row in [row for row in read_rows(data_root, dataset) if str(row["id"]) in ids][:limit]:
        toponyms = []
        for loc in row["locations"]:
            start, end = realign(row["text"], loc["name"], loc["start"], loc["end"])
            moved += (start, end) != (loc["start"], loc["end"])
            toponyms.append(GoldToponym(start, end, loc["lat"], loc["lon"], loc["name"]))
        article = Article(id=row["id"], text=row["text"], title=row.get("title"), url=row.get("url"),
                          published_at=read_date(row.get("published_at")), origin=f"{dataset}:{row['id']}")
        articles.append(GoldArticle(article, tuple(toponyms)))
    return articles, moved


@dataclass
class ClaimgraphGeoparser:
    """claimgraph's place finding as a ``System``; keeps the unresolved place spans of its last run, to tell
    toponyms the parser missed from those the gazetteer did not know."""

    pipeline: Pipeline
    context: str = "none"
    unresolved: list[list[Span]] = field(default_factory=list)

    def __call__(self, articles: Sequence[Article]) -> list[list[PredictedPlace]]:
        """Return each article's resolved places (none for an article that failed)."""
        predicted: list[list[PredictedPlace]] = []
        self.unresolved = []
        for batch in batched(articles, self.pipeline.settings.batch_size):
            for extracted in extract_batch(self.pipeline, batch):
                found, missed = self.resolve(extracted) if isinstance(extracted, Extraction) else ([], [])
                predicted.append(found)
                self.unresolved.append(missed)
        return predicted

    def resolve(self, extraction: Extraction) -> tuple[list[PredictedPlace], list[Span]]:
        """Return the article's places as ``claimgraph annotate`` resolves them, with their points, and the
        place entities it does not resolve; with ``context`` "none", without the home and outlet countries."""
        if self.context == "home":
            readings = article_places(extraction, self.pipeline.normalizer)
        else:
            readings = read_places(extraction.places, extraction.article.text, self.pipeline.normalizer.gazetteer)
        found = [PredictedPlace(r.span.start, r.span.end, r.place.lat, r.place.lon) for r in readings if r.place]
        return found, [r.span for r in readings if r.place is None]


def unresolved_toponyms(articles: Sequence[GoldArticle], unresolved: Sequence[Sequence[Span]]) -> Counter[str]:
    """Return the texts of unresolved place spans that overlap a gold toponym, with their counts."""
    missed: Counter[str] = Counter()
    for gold, spans in zip(articles, unresolved, strict=True):
        for span in spans:
            place = PredictedPlace(span.start, span.end, None, None)
            if any(overlap(toponym, place) for toponym in gold.toponyms):
                missed[span.text] += 1
    return missed


def score_set(system: System, articles: Sequence[GoldArticle]) -> tuple[PlaceScores, float]:
    """Return the system's scores over the articles and the seconds it took."""
    began = time.perf_counter()
    predicted = system([a.article for a in articles])
    seconds = time.perf_counter() - began
    total = PlaceScores()
    for gold, places in zip(articles, predicted, strict=True):
        total += score_places(gold.toponyms, places)
    return total, seconds


def report(name: str, articles: int, scores: PlaceScores, seconds: float, moved: int) -> None:
    mean = f"{scores.mean_km:.0f}" if scores.mean_km is not None else "-"
    median = f"{scores.median_km:.0f}" if scores.median_km is not None else "-"
    print(f"== {name}: {articles} articles, {scores.toponyms} toponyms ({moved} gold spans realigned)")
    print(f"   found {scores.found} ({scores.found_share:.1%}); with a point {scores.with_point} "
          f"({scores.point_share:.1%} of found); predicted {scores.predicted}, overlapping a gold toponym "
          f"{scores.precision:.1%}")
    print(f"   within {ACCURACY_KM:.0f} km: {scores.within} ({scores.accuracy:.1%} of found, "
          f"{scores.within / max(scores.toponyms, 1):.1%} of all); error km mean {mean}, median {median}")
    print(f"   run time {seconds:.1f} s ({seconds / max(articles, 1):.2f} s per article)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("lgl", "trnews", "both"), default="both")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each set")
    parser.add_argument("--context", choices=("none", "home"), default="home",
                        help="home: the article's home and outlet countries as context, as annotate does")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--registry", type=Path, default=None,
                        help="registry folder (default the shipped one; a copy without place_points.json measures "
                             "the gazetteer without country and region points)")
    parser.add_argument("--top", type=int, default=15, help="how many unresolved toponyms to list")
    args = parser.parse_args()
    began = time.perf_counter()
    settings = Settings().with_options(classifier=False)
    if args.registry is not None:
        settings = settings.with_options(registry_dir=args.registry)
    pipeline = build_pipeline(settings)
    print(f"pipeline built in {time.perf_counter() - began:.1f} s; registry {settings.registry_dir}; "
          f"context: {args.context}")
    system = ClaimgraphGeoparser(pipeline, context=args.context)
    for name in (SETS if args.set == "both" else [args.set]):
        for split in (("dev", "test") if args.split == "both" else (args.split,)):
            articles, moved = read_set(args.data, name, split, limit=args.limit)
            scores, seconds = score_set(system, articles)
            report(f"{name} {split}", len(articles), scores, seconds, moved)
            missed = unresolved_toponyms(articles, system.unresolved)
            print(f"   gold toponyms under a place span the gazetteer did not resolve: {sum(missed.values())}; top "
                  f"{args.top}: " + ", ".join(f"{text} ({n})" for text, n in missed.most_common(args.top)))


if __name__ == "__main__":
    main()
