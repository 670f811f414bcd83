"""Two-actor claims by the class of rule that read them, dev beside test: how precise each class is and how
much of the gold it finds, on the own gold claims and the CAMEO span set.

    .venv/bin/python benchmarks/claim_classes.py --data ../shared/data [--split dev|test|both] [--limit N]

Classes (``Candidate.rule``): ``verb`` and ``noun`` (a predicate word and its arguments, the nominal events
and object choices of issue 16 included), ``noun_between`` ("clashes between X and Y"), ``reaction_framing``
("called the strikes an escalation"), ``reaction_stance`` ("was critical of"), ``reaction_responsibility``
("held X responsible", "said X was behind"). Per class: the two-actor claims predicted, those right, the
precision, and the gold claims (pairs) only that class found. The whole row is the two-actor P/R/F1. The
rules-only pipeline is run: the default pipeline's claims are the same (the committed pair-model policy
adds, vetoes and retypes none; ``models/pair_model/MODEL_CARD.md``).

Matching: own gold as ``pipeline.evaluate.claims.score`` matches (type and actors); CAMEO as the
generalization benchmark's "pair" level (``pipeline.evalsets.scoring.pair_found``). Test figures are for
closing notes: develop on dev.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.assess import TextSource, load_texts
from pipeline.evalsets import conflibert
from pipeline.evalsets.catalog import Mappings, events_in, read_events
from pipeline.evalsets.records import GoldEvent
from pipeline.evalsets.scoring import pair_found
from pipeline.evalsets.splits import load_splits
from pipeline.evaluate.claims import score
from pipeline.evaluate.gold import load_gold, split_of
from pipeline.normalize.claims import claim_context, claim_of
from pipeline.records import Article, Claim, Extraction
from pipeline.run import Pipeline, batched, build_pipeline
from pipeline.settings import Settings
from pipeline.steps import extract_batch

ROOT = Path(__file__).resolve().parents[1]
BATCH = 32


def claims_with_rules(pipeline: Pipeline, articles: list[Article]) -> tuple[list[Claim], dict[str, str]]:
    """Return the claims of the articles and the rule class of each claim id (the first candidate's)."""
    claims, rules = [], {}
    for batch in batched(articles, BATCH):
        for extraction in extract_batch(pipeline, batch):
            if isinstance(extraction, Extraction):
                claims += claims_of(pipeline, extraction, rules)
    return claims, rules


def claims_of(pipeline: Pipeline, extraction: Extraction, rules: dict[str, str]) -> list[Claim]:
    """Return one extraction's claims (as ``normalize_extraction`` makes them), noting each one's rule."""
    context = claim_context(extraction, pipeline.normalizer)
    found = {}
    for candidate in extraction.candidates:
        claim = claim_of(candidate, extraction, pipeline.normalizer, context)
        if claim is not None and claim.id not in found:
            found[claim.id] = claim
            rules.setdefault(claim.id, getattr(candidate, "rule", "verb"))  # "verb" in code older than the classes
    return list(found.values())


def total_row(precision: float, recall: float, detail: str) -> str:
    """Return the two-actor P/R/F1 row."""
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"  two-actor P/R/F1 {precision:.3f}/{recall:.3f}/{f1:.3f} ({detail})"


def class_rows(right: Counter[str], wrong: Counter[str], alone: Counter[str], total: str) -> list[str]:
    """Return the printed rows: the two-actor total, then one per rule class."""
    rows = [total]
    for rule in sorted(set(right) | set(wrong)):
        total = right[rule] + wrong[rule]
        rows.append(f"  {rule:<24} predicted {total:>4}  right {right[rule]:>4}  precision {right[rule] / total:.3f}  "
                    f"gold found only by it {alone[rule]}")
    return rows


def own_gold(pipeline: Pipeline, args: argparse.Namespace) -> None:
    """Print the own gold's two-actor figures per class, per split."""
    gold = [g for g in load_gold(args.gold) if g.object is not None]
    sources = [TextSource(ROOT / "corpora" / "samples"),
               TextSource(args.data / "meantime_en" / "meantime_en_articles.jsonl", "meantime:")]
    articles, _ = load_texts(sources, {g.article for g in gold})
    claims, rules = claims_with_rules(pipeline, articles)
    two_actor = [c for c in claims if c.object is not None]
    for part in args.parts:
        scope = {g.article for g in gold if split_of(g.article) == part}
        result = score(two_actor, gold, articles=scope)
        right = Counter(rules[c.id] for _, c in result.matched)
        wrong = Counter(rules[c.id] for c in result.unmatched_predicted)
        detail = f"tp {result.tp}, fp {result.fp}, fn {result.fn}"
        print(f"own gold ({part}, {len(scope)} articles; each right claim matches one gold claim)")
        print("\n".join(class_rows(right, wrong, right, total_row(result.precision, result.recall, detail))))


def cameo(pipeline: Pipeline, args: argparse.Namespace) -> None:
    """Print the CAMEO span set's two-actor pair figures per class, per split."""
    events = read_events(conflibert.DATASET, args.data, Mappings.load())
    splits = load_splits(args.splits, conflibert.DATASET)
    for part in args.parts:
        chosen = [e for e in events_in(events, splits[part], limit=args.limit) if e.has_pair]
        by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
        for event in chosen:
            by_doc[event.document].append(event)
        articles = [Article(id=doc, text=evs[0].text, origin=f"evalsets:{doc}") for doc, evs in by_doc.items()]
        claims, rules = claims_with_rules(pipeline, articles)
        right: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        alone: Counter[str] = Counter()
        found = 0
        for claim in (c for c in claims if c.object is not None):
            hit = any(pair_found(claim, e) for e in by_doc[claim.article.id])
            (right if hit else wrong)[rules[claim.id]] += 1
        for event in chosen:
            finders = {rules[c.id] for c in claims if c.article.id == event.document and c.object is not None
                       and pair_found(c, event)}
            found += bool(finders)
            if len(finders) == 1:
                alone[next(iter(finders))] += 1
        predicted = sum(right.values()) + sum(wrong.values())
        precision = sum(right.values()) / predicted if predicted else 0.0
        total = total_row(precision, found / len(chosen) if chosen else 0.0,
                          f"{predicted} claims, {len(chosen)} gold pairs, {found} found")
        print(f"CAMEO spans ({part}, {len(by_doc)} docs; precision over claims, recall over gold pairs)")
        print("\n".join(class_rows(right, wrong, alone, total)))


def main() -> None:
    """Run the rules-only pipeline over the own gold and the CAMEO span set and print the per-class figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--splits", type=Path, default=ROOT / "corpora" / "splits")
    parser.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold" / "claims.jsonl")
    args = parser.parse_args()
    args.parts = ["dev", "test"] if args.split == "both" else [args.split]
    pipeline = build_pipeline(Settings.from_env().with_options(classifier=False))
    own_gold(pipeline, args)
    cameo(pipeline, args)


if __name__ == "__main__":
    main()
