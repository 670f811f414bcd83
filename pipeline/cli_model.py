"""The classifier's commands: ``dataset`` (build the training data), ``train`` (train, calibrate and
write the head under ``models/classifier``) and the side-by-side summary ``evaluate`` prints.

Mounted on the main app by ``pipeline.cli.mount_model_commands``. The edge: options become
arguments here; the work is in ``pipeline.training_data``, ``pipeline.score.train`` and
``pipeline.assess``.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from pipeline.settings import MODELS_DIR, Settings

DEFAULT_GOLD = Path("corpora/gold/claims.jsonl")
DEFAULT_CORPORA = ["corpora/samples", "meantime:../shared/data/meantime_en/meantime_en_articles.jsonl"]
DEFAULT_PETRARCH = Path("../shared/data/petrarch_unit_tests/PETR.UnitTest.records.jsonl")
DEFAULT_DATASET = Path("build/claim-dataset")
console = Console(stderr=True)


def rules_settings() -> Settings:
    """Return the settings the dataset is built with: the environment's, rules only (the labels must not depend on the model)."""
    return Settings.from_env().with_options(classifier=False)


def build_dataset(out: Path, *, gold: Path, texts: list[str], petrarch: Path | None) -> dict[str, list[dict[str, Any]]]:
    """Build the labelled rows with the rules-only pipeline, save them as a ``datasets`` dataset at ``out``, return them."""
    from pipeline.assess import TextSource
    from pipeline.run import build_pipeline
    from pipeline.training_data import build_rows, to_dataset

    splits = build_rows(build_pipeline(rules_settings()), gold_path=gold, sources=[TextSource.parse(t) for t in texts], petrarch_path=petrarch)
    to_dataset(splits).save_to_disk(str(out))
    return splits


def load_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of a saved dataset, by split."""
    from datasets import load_from_disk

    return {name: part.to_list() for name, part in load_from_disk(str(path)).items()}


def counts_table(splits: dict[str, list[dict[str, Any]]]) -> Table:
    """Return rows per split and origin, and the "no claim" share, as a table."""
    table = Table("split", "rows", "gold", "weak", "petrarch", "no claim")
    for name, rows in splits.items():
        origins = Counter(r["origin"] for r in rows)
        table.add_row(name, str(len(rows)), *(str(origins[o]) for o in ("gold", "weak", "petrarch")),
                      str(sum(r["label"] == "no claim" for r in rows)))
    return table


def dataset(
    out: Annotated[Path, typer.Option("--out", help="Directory to save the dataset to (datasets.save_to_disk)")] = DEFAULT_DATASET,
    gold: Annotated[Path, typer.Option(help="Gold claims (JSON Lines)")] = DEFAULT_GOLD,
    texts: Annotated[Optional[list[str]], typer.Option("--texts", help="[PREFIX:]PATH of corpus texts (repeatable)")] = None,
    petrarch: Annotated[Optional[Path], typer.Option(help="PETRARCH unit-test records (JSON Lines)")] = DEFAULT_PETRARCH,
    reviewed_db: Annotated[Optional[str], typer.Option("--reviewed-db", help="Also learn from the claims reviewed in this store (the workbench's decisions, with their articles' texts)")] = None,
) -> None:
    """Build the classifier's training data (gold, reviewed claims, weak rule labels, PETRARCH) as a Hugging Face dataset, split by article."""
    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        corpora = list(texts or DEFAULT_CORPORA)
        if reviewed_db:
            gold, reviewed_texts = with_reviewed(gold, reviewed_db, Path(workdir))
            corpora.append(str(reviewed_texts))
        splits = build_dataset(out, gold=gold, texts=corpora, petrarch=petrarch)
    Console().print(counts_table(splits))
    Console().print(f"saved to {out}")


def with_reviewed(gold: Path, db_url: str, workdir: Path) -> tuple[Path, Path]:
    """Return a gold file holding ``gold`` and the store's reviewed claims (as ``export --format gold``
    writes them), and a JSON Lines file of the reviewed articles' texts, both written under ``workdir``."""
    import json

    from pipeline.store import open_store
    from pipeline.store.review_queries import article_of
    from pipeline.store.review_store import ReviewStore
    from pipeline.workbench.gold import write_gold

    reviewed, combined, articles = workdir / "reviewed.jsonl", workdir / "gold.jsonl", workdir / "reviewed-articles.jsonl"
    with open_store(db_url) as store:
        with reviewed.open("w", encoding="utf-8") as handle:
            write_gold(ReviewStore(store), handle)
        lines = [line for line in reviewed.read_text(encoding="utf-8").splitlines() if line.strip()]
        with store.transaction("read reviewed articles") as connection, articles.open("w", encoding="utf-8") as out:
            for article_id in sorted({json.loads(line)["article"] for line in lines}):
                row = article_of(connection, article_id)
                if row is not None:
                    out.write(json.dumps({k: row[k] for k in ("id", "text", "title", "url", "source", "published_at")}) + "\n")
    own = [line for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    combined.write_text("".join(f"{line}\n" for line in own + lines), encoding="utf-8")
    return combined, articles


def train(
    dataset_dir: Annotated[Path, typer.Option("--dataset", help="Dataset built by `claimgraph dataset` (built first when missing)")] = DEFAULT_DATASET,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the head, config, manifest to")] = MODELS_DIR / "classifier",
    limit: Annotated[Optional[int], typer.Option(help="Use only the first N rows of each split (smoke runs)")] = None,
    epochs: Annotated[Optional[int], typer.Option(help="Training epochs (default: the committed model's)")] = None,
) -> None:
    """Train the classifier head on frozen MiniLM features, calibrate it, and write it with its manifest."""
    from dataclasses import replace

    from pipeline.score.encoder import EncoderConfig, load_encoder
    from pipeline.score.train import TrainConfig, model_config, rows_sha256, train_model, write_model

    started = time.perf_counter()
    if not dataset_dir.exists():
        console.print(f"{dataset_dir} not found: building it first")
        build_dataset(dataset_dir, gold=DEFAULT_GOLD, texts=DEFAULT_CORPORA, petrarch=DEFAULT_PETRARCH)
    splits = {name: rows[:limit] if limit else rows for name, rows in load_rows(dataset_dir).items()}
    config = TrainConfig() if epochs is None else replace(TrainConfig(), epochs=epochs)
    encoder_config = EncoderConfig()
    head, temperature, metrics = train_model(splits, load_encoder(encoder_config), config)
    fitted = splits["train"] + splits.get("calibration", [])
    manifest = write_model(out, head, model_config(encoder_config, config, temperature), data_sha256=rows_sha256(fitted),
                           data_rows={name: len(rows) for name, rows in splits.items()}, metrics=metrics)
    Console().print(metrics_table(metrics))
    Console().print(f"temperature {temperature:.3f}; wrote {manifest} in {time.perf_counter() - started:.1f} s")


def metrics_table(metrics: dict[str, Any]) -> Table:
    """Return the per-split row metrics of a training run as a table."""
    table = Table("split", "rows", "type acc", "macro F1", "ECE raw", "ECE calibrated")
    for name, values in metrics.items():
        if isinstance(values, dict) and "rows" in values:
            table.add_row(name, str(values["rows"]), *(f"{values[k]:.3f}" for k in ("type_accuracy", "type_macro_f1", "ece_raw", "ece_calibrated")))
    return table


def comparison_table(results: dict[str, dict[str, float | None]]) -> Table:
    """Return the side-by-side figures of each mode (rules, model, combined) as a table."""
    columns = list(next(iter(results.values())))
    table = Table("mode", *columns)
    for mode, figures in results.items():
        table.add_row(mode, *("-" if figures[c] is None else f"{figures[c]:.3f}" for c in columns))
    return table


def committed_classifier(settings: Settings):
    """Return the classifier committed at ``settings.classifier_dir``, or None when there is none there."""
    from pipeline.score.model import MANIFEST_FILE, load_classifier

    if not (settings.classifier_dir / MANIFEST_FILE).exists():
        console.print(f"no classifier at {settings.classifier_dir}: scoring the rules only (run `claimgraph train`)")
        return None
    return load_classifier(settings.classifier_dir)


def mode_figures(result: Any, gsr: Any | None) -> dict[str, float | None]:
    """Return the headline figures of one mode: F1 and stance accuracy on dev and test, and the GSR accuracies."""
    figures = {"dev F1": result.dev.f1, "test F1": result.test.f1, "test P": result.test.precision,
               "test R": result.test.recall, "test stance": result.test.stance_accuracy}
    if gsr is not None:
        figures.update({f"GSR {check}": gsr.accuracy(check) for check in ("event", "source", "target", "triple")})
    return figures
