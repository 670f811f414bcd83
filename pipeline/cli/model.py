"""The models' commands: ``train`` (the pair model: train it on the shared data's train splits, then
choose its combination policy on the own gold's dev part, under ``models/pair_model``), and the older
candidate classifier's ``dataset`` (build its training data) and ``train-classifier`` (train, calibrate
and write its head under ``models/classifier``).

Mounted on the main app by ``pipeline.cli``. The edge: options become arguments here; the work is
in ``pipeline.score.pair_model``, ``pipeline.tune``, ``pipeline.training_data``, ``pipeline.score.train``
and ``pipeline.assess``. Imports the shared ``pipeline.cli`` modules; never a command module.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.corpora import BUNDLED_TEXTS, DEFAULT_GOLD, TEXTS_HELP, checked_text_sources
from pipeline.cli.output import console, fail
from pipeline.settings import Settings, default_training_dir

if TYPE_CHECKING:
    from pipeline.assess import TextSource

DEFAULT_DATASET = Path("build/claim-dataset")
# Never inside an installed package: see default_training_dir.
DEFAULT_MODEL_OUT = default_training_dir()
DEFAULT_PAIR_MODEL_OUT = default_training_dir(name="pair_model")
DEFAULT_SPLITS = Path("corpora/splits")
MEANTIME_TEXTS = Path("meantime_en") / "meantime_en_articles.jsonl"


def rules_settings() -> Settings:
    """Return the settings the dataset is built with: the environment's, rules only (the labels must
    not depend on the model)."""
    return Settings.from_env().with_options(classifier=False)


def build_dataset(
    out: Path, *, gold: Path, sources: list[TextSource], petrarch: Path | None
) -> dict[str, list[dict[str, Any]]]:
    """Build the labelled rows with the rules-only pipeline, save them as a ``datasets`` dataset at
    ``out``, and return them."""
    from pipeline.run import build_pipeline
    from pipeline.training_data import build_rows, to_dataset

    splits = build_rows(build_pipeline(rules_settings()), gold_path=gold, sources=sources, petrarch_path=petrarch)
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
        table.add_row(
            name,
            str(len(rows)),
            *(str(origins[o]) for o in ("gold", "weak", "petrarch")),
            str(sum(r["label"] == "no claim" for r in rows)),
        )
    return table


def dataset(
    out: Annotated[
        Path, typer.Option("--out", help="Directory to save the dataset to (datasets.save_to_disk)")
    ] = DEFAULT_DATASET,
    gold: Annotated[Path, typer.Option(help="Gold claims (JSON Lines)")] = DEFAULT_GOLD,
    texts: Annotated[list[str] | None, typer.Option("--texts", help=TEXTS_HELP)] = None,
    petrarch: Annotated[
        Path | None, typer.Option(help="PETRARCH unit-test records (JSON Lines) to learn from as well")
    ] = None,
    reviewed_db: Annotated[
        str | None,
        typer.Option(
            "--reviewed-db",
            help="Also learn from the claims reviewed in this store "
            "(the workbench's decisions, with their articles' texts)",
        ),
    ] = None,
) -> None:
    """Build the classifier's training data (gold, reviewed claims, weak rule labels, PETRARCH) as a Hugging Face dataset, split by article."""  # noqa: E501  (the help text typer shows, kept on one line)
    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        corpora = list(texts or [BUNDLED_TEXTS])
        if reviewed_db:
            gold, reviewed_texts = with_reviewed(gold, reviewed_db, Path(workdir))
            corpora.append(str(reviewed_texts))
        splits = build_dataset(out, gold=gold, sources=checked_text_sources(gold, corpora), petrarch=petrarch)
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

    reviewed, combined, articles = (
        workdir / "reviewed.jsonl",
        workdir / "gold.jsonl",
        workdir / "reviewed-articles.jsonl",
    )
    with open_store(db_url) as store:
        with reviewed.open("w", encoding="utf-8") as handle:
            write_gold(ReviewStore(store), handle)
        lines = [line for line in reviewed.read_text(encoding="utf-8").splitlines() if line.strip()]
        with store.transaction("read reviewed articles") as connection, articles.open("w", encoding="utf-8") as out:
            for article_id in sorted({json.loads(line)["article"] for line in lines}):
                row = article_of(connection, article_id)
                if row is not None:
                    out.write(
                        json.dumps({k: row[k] for k in ("id", "text", "title", "url", "source", "published_at")}) + "\n"
                    )
    own = [line for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    combined.write_text("".join(f"{line}\n" for line in own + lines), encoding="utf-8")
    return combined, articles


def train(
    data: Annotated[Path, typer.Option("--data", help="The shared data root (../shared/data): training sets, "
                                                      "MEANTIME texts for the policy's dev articles")],
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the pair model to (default: the checkout's "
                                         "models/pair_model; an installed claimgraph: ./models/pair_model)")
    ] = DEFAULT_PAIR_MODEL_OUT,
    splits: Annotated[Path, typer.Option(help="The committed document splits")] = DEFAULT_SPLITS,
    epochs: Annotated[int, typer.Option(help="Training epochs")] = 1,
    max_steps: Annotated[int | None, typer.Option(help="Stop after N optimizer steps (smoke runs)")] = None,
    markers: Annotated[bool, typer.Option(help="Train the marked network of model 0.2.0 (each pair's names "
                                               "marked in its own encoding; the ablation) instead of one "
                                               "encoding per sentence")] = False,
    policy: Annotated[bool, typer.Option(help="Choose the combination policy on the own gold's dev part "
                                              "after training (writes policy.json)")] = True,
    gold: Annotated[Path, typer.Option(help="Gold claims (JSON Lines) the policy is chosen on")] = DEFAULT_GOLD,
    policy_only: Annotated[bool, typer.Option("--policy-only", help="Keep the model in --out as it is and only "
                                                                     "choose its policies again")] = False,
) -> None:
    """Train the pair model (MiniLM fine-tuned on the train splits of the shared data, each pair pooled from its
    names' tokens), then choose and calibrate its combination policy with the rules on dev data."""
    from pipeline.score.pair_model import UNMARKED, TrainConfig, train_command
    from pipeline.score.pair_net import NetConfig

    started = time.perf_counter()
    if not (data / MEANTIME_TEXTS).is_file():
        fail(f"{data} is not the shared data root: {data / MEANTIME_TEXTS} is missing")
    if policy_only:
        if not (out / "manifest.json").is_file():
            fail(f"{out} holds no trained pair model (no manifest.json): train it first")
        Console().print(policy_table(choose_policy(data, out, gold, splits)))
        Console().print(f"wrote the policies into {out} in {time.perf_counter() - started:.0f} s")
        return
    config = TrainConfig(epochs=epochs, max_steps=max_steps)
    net_config = NetConfig(markers=True) if markers else UNMARKED
    manifest = train_command(data, out, splits_dir=splits, config=config, net_config=net_config)
    table = Table("dev measure", "value")
    for name, value in manifest["dev"].items():
        table.add_row(name, json_cell(value))
    Console().print(table)
    if policy:
        chosen = choose_policy(data, out, gold, splits)
        Console().print(policy_table(chosen))
    Console().print(f"wrote {out} in {time.perf_counter() - started:.0f} s")


def json_cell(value: Any) -> str:
    """Return a figure for a table cell: P/R/F1 for a counts dict, the value otherwise."""
    if isinstance(value, dict) and "f1" in value:
        return f"{value['p']:.3f}/{value['r']:.3f}/{value['f1']:.3f}"
    return str(value)


def choose_policy(data: Path, model_dir: Path, gold: Path, splits: Path) -> dict[str, Any]:
    """Choose the pair model's policy on dev data (the dev part of ``gold``, its texts the bundled samples and
    MEANTIME under ``data``; samples of the external sets' dev splits), write it beside the model with the
    opt-in policy that may read every pair (``policy_all_pairs.json``), and return the default's notes with the
    opt-in policy's dev figures as one more column."""
    from pipeline.assess import TextSource
    from pipeline.run import build_pipeline
    from pipeline.score.pair_model import load_pair_model
    from pipeline.score.propose import POLICY_FILE
    from pipeline.tune import choose_policies, external_sets, own_gold_set, write_policy

    sources = [TextSource(Path(BUNDLED_TEXTS)), TextSource(data / MEANTIME_TEXTS, "meantime:")]
    pipeline = build_pipeline(rules_settings())
    model = load_pair_model(model_dir)
    sets = [own_gold_set(pipeline, model, gold, sources), *external_sets(pipeline, model, data, splits)]
    chosen = choose_policies(pipeline, sets)
    for name, (policy, _) in chosen.items():
        write_policy(policy, model_dir, name)
    notes = chosen[POLICY_FILE][1]
    others = {name: found[1]["dev"]["combined (chosen)"] for name, found in chosen.items() if name != POLICY_FILE}
    return {**notes, "dev": {**notes["dev"], **{f"{name} (opt-in)": figures for name, figures in others.items()}}}


def policy_table(notes: dict[str, Any]) -> Table:
    """Return each dev set's figure under rules only, model only and the chosen combination."""
    columns = list(notes["dev"])
    table = Table("dev measure", *columns)
    for measure in notes["dev"][columns[0]]:
        table.add_row(measure, *(f"{notes['dev'][column][measure]:.3f}" for column in columns))
    table.add_row("raw thresholds", json_cell(notes["raw_thresholds"]))
    return table


def train_classifier(
    dataset_dir: Annotated[
        Path, typer.Option("--dataset", help="Dataset built by `claimgraph dataset` (built first when missing)")
    ] = DEFAULT_DATASET,
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the head, config, manifest to (default: the checkout's "
                                         "models/classifier; an installed claimgraph: ./models/classifier)")
    ] = DEFAULT_MODEL_OUT,
    limit: Annotated[int | None, typer.Option(help="Use only the first N rows of each split (smoke runs)")] = None,
    epochs: Annotated[int | None, typer.Option(help="Training epochs (default: the committed model's)")] = None,
) -> None:
    """Train the older candidate classifier's head on frozen MiniLM features, calibrate it, and write it."""
    from dataclasses import replace

    from pipeline.score.encoder import EncoderConfig, load_encoder
    from pipeline.score.train import TrainConfig, model_config, rows_sha256, train_model, write_model

    started = time.perf_counter()
    if not dataset_dir.exists():
        console.print(f"{dataset_dir} not found: building it first")
        sources = checked_text_sources(DEFAULT_GOLD, None, command=f"claimgraph dataset --out {dataset_dir}")
        build_dataset(dataset_dir, gold=DEFAULT_GOLD, sources=sources, petrarch=None)
    splits = {name: rows[:limit] if limit else rows for name, rows in load_rows(dataset_dir).items()}
    config = TrainConfig() if epochs is None else replace(TrainConfig(), epochs=epochs)
    encoder_config = EncoderConfig()
    head, temperature, metrics = train_model(splits, load_encoder(encoder_config), config)
    fitted = splits["train"] + splits.get("calibration", [])
    manifest = write_model(
        out,
        head,
        model_config(encoder_config, config, temperature),
        data_sha256=rows_sha256(fitted),
        data_rows={name: len(rows) for name, rows in splits.items()},
        metrics=metrics,
    )
    Console().print(metrics_table(metrics))
    Console().print(f"temperature {temperature:.3f}; wrote {manifest} in {time.perf_counter() - started:.1f} s")


def metrics_table(metrics: dict[str, Any]) -> Table:
    """Return the per-split row metrics of a training run as a table."""
    table = Table("split", "rows", "type acc", "macro F1", "ECE raw", "ECE calibrated")
    for name, values in metrics.items():
        if isinstance(values, dict) and "rows" in values:
            table.add_row(
                name,
                str(values["rows"]),
                *(f"{values[k]:.3f}" for k in ("type_accuracy", "type_macro_f1", "ece_raw", "ece_calibrated")),
            )
    return table
