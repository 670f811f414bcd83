"""Generalization, measured: the default pipeline on the dev and the test split of every evaluation set,
each measure's dev figure beside its test figure.

    .venv/bin/python benchmarks/generalization.py --data ../shared/data [--split dev|test|both] [--limit N]
        [--modes rules,model,combined,all-pairs]

The ablation: each measure under each mode of the committed model (``rules``: the rules only; ``model``:
the pair model's claims only; ``combined``: the default pipeline, rules and model under the policy
committed in ``models/pair_model/policy.json``; ``all-pairs``: rules and model under the opt-in policy
``policy_all_pairs.json``, which may read every pair, ``CLAIMGRAPH_PAIR_POLICY=policy_all_pairs.json``), a dev and
a test column per mode.

Sets and splits: ``pipeline.evalsets`` (readers, the project's mappings onto PLOVER, the matching) and
``corpora/splits/`` (the committed document ids; see its README). Texts are read from the data root,
never copied here. Test figures are for closing notes: develop on dev. ``--limit N`` scores a fixed sample of N
documents (by id) of each set and split, for a quick run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pipeline.assess import TextSource, evaluate_gold, evaluate_plover_gsr, pipeline_variants
from pipeline.evalsets import conflibert, directed_sentiment, plover_gsr, rams, wikievents
from pipeline.evalsets.catalog import Mappings, events_in, read_events, sample_order
from pipeline.evalsets.records import GoldEvent
from pipeline.evalsets.scoring import Level, cameo_levels, event_levels, majority_label, score_levels, score_stance
from pipeline.evalsets.splits import load_splits
from pipeline.evaluate import Counts
from pipeline.records import Article, Claim
from pipeline.run import Pipeline, batched, build_pipeline, process_batch
from pipeline.score.propose import ALL_PAIRS_POLICY_FILE
from pipeline.settings import Settings
from pipeline.steps import load_model_scorer

ROOT = Path(__file__).resolve().parents[1]
ALL_PAIRS = "all-pairs"  # the mode of the opt-in policy that may read every pair
BATCH = 64
NONE = "—"
Row = tuple[str, dict[str, str]]


def run_documents(pipeline: Pipeline, events: list[GoldEvent]) -> dict[str, list[Claim]]:
    """Return the claims of each gold document, each document run as one article of its text."""
    texts = {event.document: event.text for event in events}
    articles = [Article(id=doc, text=text, origin=f"evalsets:{doc}") for doc, text in texts.items()]
    claims: dict[str, list[Claim]] = {doc: [] for doc in texts}
    for batch in batched(articles, BATCH):
        for result in process_batch(pipeline, batch):
            claims[result.article.id].extend(result.claims)
    return claims


def prf(counts: Counts) -> str:
    """Return "P/R/F1" of counts, three decimals each."""
    return f"{counts.precision:.3f}/{counts.recall:.3f}/{counts.f1:.3f}"


def own_gold_rows(pipeline: Pipeline, args: argparse.Namespace) -> list[Row]:
    """Return the own-gold row: P/R/F1 on its dev and test parts (``pipeline.assess.evaluate_gold``)."""
    sources = [
        TextSource(ROOT / "corpora" / "samples"),
        TextSource(args.data / "meantime_en" / "meantime_en_articles.jsonl", "meantime:"),
    ]
    result = evaluate_gold(pipeline, args.gold, sources)
    return [("own gold claims P/R/F1", {"dev": prf(result.dev), "test": prf(result.test)})]


def plover_rows(pipeline: Pipeline, args: argparse.Namespace) -> list[Row]:
    """Return the PLOVER gold rows (a test set only: the dev column is "—"), over the test ids of the split
    file (a ``--limit`` sample of them in ``sample_order``)."""
    wanted = set(sorted(load_splits(args.splits, plover_gsr.DATASET)["test"], key=sample_order)[: args.limit])
    lines = (args.data / plover_gsr.RECORDS).read_text(encoding="utf-8").splitlines()
    records = [line for line in lines if line.strip() and json.loads(line)["id"] in wanted]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plover.jsonl"
        path.write_text("\n".join(records) + "\n", encoding="utf-8")
        scores = evaluate_plover_gsr(pipeline, path)
    cell = lambda check: f"{scores.accuracy(check):.3f}"  # noqa: E731
    return [
        (f"PLOVER gold ({scores.sentences} sentences) {check}", {"dev": NONE, "test": cell(check)})
        for check in ("event", "source", "target", "triple")
    ]


def split_events(args: argparse.Namespace, dataset: str, events: list[GoldEvent]) -> dict[str, list[GoldEvent]]:
    """Return the events of each requested split of ``dataset`` (a ``--limit`` sample of each)."""
    splits = load_splits(args.splits, dataset)
    return {name: events_in(events, splits[name], limit=args.limit) for name in args.parts}


def level_rows(
    pipeline: Pipeline, args: argparse.Namespace, title: str, dataset: str, levels: Callable[[], tuple[Level, ...]]
) -> list[Row]:
    """Return one P/R/F1 row per level of a span or event set, dev beside test."""
    parts = split_events(args, dataset, read_events(dataset, args.data, args.mappings))
    scores = {name: score_levels(levels(), events, run_documents(pipeline, events)) for name, events in parts.items()}
    names = [level.name for level in levels()]
    docs = {name: len({e.document for e in events}) for name, events in parts.items()}
    label = f"{title} ({', '.join(f'{n} {docs[n]} docs' for n in args.parts)})"
    return [(f"{label} {level} P/R/F1", {name: prf(scores[name][level]) for name in args.parts}) for level in names]


def stance_rows(pipeline: Pipeline, args: argparse.Namespace) -> list[Row]:
    """Return the directed-stance rows: macro-F1 over the 5 labels, and the train-majority baseline's."""
    events = read_events(directed_sentiment.DATASET, args.data, args.mappings)
    train = events_in(events, load_splits(args.splits, directed_sentiment.DATASET)["train"])
    baseline = majority_label(e.label for e in train)
    parts = split_events(args, directed_sentiment.DATASET, events)
    scores = {
        name: score_stance(evs, run_documents(pipeline, evs), args.mappings.stance, baseline_label=baseline)
        for name, evs in parts.items()
    }
    pairs = ", ".join(f"{name} {scores[name].pairs}" for name in args.parts)
    return [
        (f"directed stance macro-F1, 5 labels ({pairs} pairs)", {n: f"{s.macro_f1:.3f}" for n, s in scores.items()}),
        (
            f"  majority baseline (label {baseline}) macro-F1",
            {n: f"{s.baseline_macro_f1:.3f}" for n, s in scores.items()},
        ),
    ]


def print_table(rows: list[Row], columns: list[str]) -> None:
    """Print each measure with its figures side by side, one column per mode and split ("rules dev")."""
    width = max(len(name) for name, _ in rows) + 2
    print(f"{'measure':<{width}}" + "".join(f"{name:>20}" for name in columns))
    for name, cells in rows:
        print(f"{name:<{width}}" + "".join(f"{cells.get(column, NONE):>20}" for column in columns))


def mode_rows(pipeline: Pipeline, args: argparse.Namespace) -> list[Row]:
    """Return every measure of one pipeline (one mode)."""
    rows = own_gold_rows(pipeline, args)
    rows += plover_rows(pipeline, args) if "test" in args.parts else []
    rows += level_rows(pipeline, args, "CAMEO spans", conflibert.DATASET, cameo_levels)
    rows += stance_rows(pipeline, args)
    for title, dataset, mapping in (
        ("RAMS", rams.DATASET, args.mappings.aida),
        ("WikiEvents", wikievents.DATASET, args.mappings.kairos),
    ):
        rows += level_rows(pipeline, args, title, dataset, partial(event_levels, mapping.image()))
    return rows


def merged(per_mode: dict[str, list[Row]]) -> list[Row]:
    """Return the rows of every mode as one table: cells keyed "MODE SPLIT", measures in first-seen order
    (a measure's name may carry counts that are the same in every mode)."""
    table: dict[str, dict[str, str]] = {}
    for mode, rows in per_mode.items():
        for name, cells in rows:
            table.setdefault(name, {}).update({f"{mode} {split}": cell for split, cell in cells.items()})
    return list(table.items())


def parse_args() -> argparse.Namespace:
    """Return the command line's options, with the parts to score and the loaded mappings added."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared data root")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="score a fixed sample of N documents (by hash of id) of each set and split",
    )
    parser.add_argument("--splits", type=Path, default=ROOT / "corpora" / "splits")
    parser.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold" / "claims.jsonl")
    parser.add_argument("--modes", default="rules,model,combined",
                        help="comma-separated modes of the committed model to score (rules, model, combined, "
                             "all-pairs)")
    args = parser.parse_args()
    args.modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    args.parts = ("dev", "test") if args.split == "both" else (args.split,)
    args.mappings = Mappings.load()
    return args


def main() -> None:
    """Score each mode of the default pipeline on every set and print dev and test side by side."""
    args = parse_args()
    settings = Settings.from_env()  # CLAIMGRAPH_CLASSIFIER_DIR names another model folder
    base = build_pipeline(settings.with_options(classifier=False))
    variants = pipeline_variants(base, load_model_scorer(settings),
                                 modes=tuple(mode for mode in args.modes if mode != ALL_PAIRS))
    if ALL_PAIRS in args.modes:
        every = load_model_scorer(settings.with_options(pair_policy=ALL_PAIRS_POLICY_FILE))
        variants[ALL_PAIRS] = pipeline_variants(base, every, modes=("combined",))["combined"]
    started = time.perf_counter()
    per_mode = {mode: mode_rows(variants[mode], args) for mode in args.modes}
    print(f"generalization: data {args.data}, split {args.split}, limit {args.limit or 'none'}, "
          f"model {settings.classifier_dir.name}")
    print_table(merged(per_mode), [f"{mode} {split}" for mode in args.modes for split in args.parts])
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
