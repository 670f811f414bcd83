"""The pair model: training it, its committed artefact (trained layers, adapters, heads) and predicting with it.

Owns ``TrainConfig`` and ``train_net`` (AdamW, linear decay, one loss per head on the rows of that
head plus the direction loss, class weights by inverse square-root frequency, seeds fixed and
deterministic algorithms), the artefact (``pair_model.safetensors`` holding only the fine-tuned top
encoder layers, the lower layers' LoRA adapters and the heads, ``config.json``, ``labels.json`` and
``manifest.json`` with sha256, training data counts and hash and dev metrics), ``load_pair_model`` and
``PairModel.predict``.
Run as ``python -m pipeline.score.pair_model train --data ../shared/data --out models/pair_model``
(or ``evaluate``); ``claimgraph train`` runs the same training and then chooses the policy
(``pipeline.tune``) with which ``pipeline.score.propose`` puts the model in the default pipeline. Imports
torch, transformers, datasets and the leaves; never spaCy.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from pipeline.errors import ModelError
from pipeline.evalsets import conflibert, directed_sentiment
from pipeline.evalsets.mapping import STANCE_MAPPING, load_stance_mapping, mapping_path
from pipeline.evalsets.records import SPLITS, SplitName
from pipeline.evalsets.scoring import majority_label
from pipeline.evaluate import Counts
from pipeline.score.encoder import BASE_MODEL, BASE_WEIGHTS, base_model_dir, file_sha256
from pipeline.score.pair_data import (
    LABELS_FILE,
    NO_DIRECTION,
    PairExample,
    PairLabels,
    build_examples,
    count_examples,
    examples_sha256,
    to_dataset,
)
from pipeline.score.pair_eval import (
    PairPrediction,
    StanceFigures,
    gold_stance_label,
    predict_examples,
    score_pairs,
    score_stance,
)
from pipeline.score.pair_net import (
    NetConfig,
    PairNet,
    encode_rows,
    load_base,
    load_trainable_state,
    merge_adapters,
    trainable_state,
)

log = logging.getLogger(__name__)
NAME = "claimgraph-pair-model"
VERSION = "0.3.0"
WEIGHTS = "pair_model.safetensors"
EVAL_SETS = (directed_sentiment.DATASET, conflibert.DATASET)
# The network ``claimgraph train`` trains: spans pooled from the unmarked text (see ``NetConfig.markers``).
UNMARKED = NetConfig(markers=False)


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; ``max_steps`` cuts a run short (tests), ``threads`` fixes torch's CPU threads."""

    seed: int = 13
    epochs: int = 1
    batch_size: int = 32
    encoder_lr: float = 1e-4
    lora_lr: float = 5e-4
    head_lr: float = 1e-3
    warmup: float = 0.05
    max_steps: int | None = None
    threads: int = 2


@dataclass(frozen=True)
class PairModel:
    """A loaded pair model: network, tokenizer, label sets and manifest."""

    net: PairNet
    tokenizer: Any
    labels: PairLabels
    manifest: dict[str, Any]

    def predict(self, text: str, a: tuple[int, int], b: tuple[int, int]) -> dict[str, PairPrediction]:
        """Return {head: prediction} for the pair (``a``, ``b``) of ``text`` on every label head."""
        heads = [h for h in self.labels.heads if h != "direction"]
        examples = [PairExample("", "", text, a, b, head, "none", None) for head in heads]
        predictions = predict_examples(self.net, self.tokenizer, examples, self.labels)
        return dict(zip(heads, predictions, strict=True))


# --- training --------------------------------------------------------------------------------------


def fix_seeds(config: TrainConfig) -> None:
    """Seed torch, fix its CPU threads and ask for deterministic algorithms (cheap on the CPU)."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    torch.use_deterministic_algorithms(True)


def class_weights(dataset: Any, labels: PairLabels) -> dict[str, torch.Tensor]:
    """Return per-head class weights, inverse square root of each label's frequency (mean 1 over present labels)."""
    weights = {}
    heads, values, directions = dataset["head"], dataset["label"], dataset["direction"]
    for head, names in labels.heads.items():
        column = directions if head == "direction" else [v for h, v in zip(heads, values, strict=True) if h == head]
        counts = torch.tensor([sum(1 for v in column if v == i) for i in range(len(names))], dtype=torch.float32)
        raw = torch.where(counts > 0, counts.clamp(min=1.0).rsqrt(), torch.zeros_like(counts))
        weights[head] = raw * (counts > 0).sum() / raw.sum().clamp(min=1e-9)
    return weights


def batch_loss(logits: dict[str, torch.Tensor], batch: dict[str, Any], weights: dict[str, torch.Tensor],
               labels: PairLabels) -> torch.Tensor:
    """Return the summed loss: each head on its own rows, the direction on rows that have one."""
    total = torch.zeros(())
    targets = torch.tensor(batch["label"])
    for head in labels.heads:
        if head == "direction":
            rows = torch.tensor([d != NO_DIRECTION for d in batch["direction"]])
            wanted = torch.tensor(batch["direction"])
        else:
            rows, wanted = torch.tensor([h == head for h in batch["head"]]), targets
        if bool(rows.any()):
            total = total + nn.functional.cross_entropy(logits[head][rows], wanted[rows], weight=weights[head])
    return total


def make_optimizer(net: PairNet, config: TrainConfig, steps: int) -> tuple[Any, Any]:
    """Return AdamW (one rate for the top encoder layers, one for the adapters, one for the heads) and a
    warmup-then-linear-decay schedule."""
    encoder = [p for name, p in net.encoder.named_parameters() if p.requires_grad and ".lora_" not in name]
    adapters = [p for name, p in net.encoder.named_parameters() if p.requires_grad and ".lora_" in name]
    head = [*net.body.parameters(), *net.sentence_body.parameters(), *net.outputs.parameters()]
    groups = [{"params": encoder, "lr": config.encoder_lr}, {"params": adapters, "lr": config.lora_lr},
              {"params": head, "lr": config.head_lr}]
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    warm = max(1, math.ceil(steps * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warm, max(0.0, (steps - step) / max(1, steps - warm))))
    return optimizer, schedule


def length_batches(texts: list[str], batch_size: int, seed: int) -> list[list[int]]:
    """Return batches of row indices: shuffled with ``seed``, sorted by length inside pools of 50 batches
    (less padding, so a CPU epoch takes about half as long), the batch order shuffled again."""
    rng = random.Random(seed)
    order = list(range(len(texts)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches = []
    for offset in range(0, len(order), pool):
        chunk = sorted(order[offset: offset + pool], key=lambda i: len(texts[i]))
        batches += [chunk[i: i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def train_net(net: PairNet, tokenizer: Any, dataset: Any, labels: PairLabels, config: TrainConfig) -> int:
    """Train ``net`` on the rows of ``dataset`` (length-batched, reshuffled each epoch); return the steps taken."""
    per_epoch = math.ceil(len(dataset) / config.batch_size)
    steps = min(per_epoch * config.epochs, config.max_steps or per_epoch * config.epochs)
    optimizer, schedule = make_optimizer(net, config, steps)
    weights = class_weights(dataset, labels)
    columns = dataset.to_dict()
    net.train()
    step = 0
    for epoch in range(config.epochs):
        for rows in length_batches(columns["text"], config.batch_size, config.seed + epoch):
            if step >= steps:
                return step
            batch = {key: [values[i] for i in rows] for key, values in columns.items()}
            loss = batch_loss(net(encode_rows(tokenizer, batch, net.config.max_length)), batch, weights, labels)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in net.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                log.info("step %d/%d loss %.4f", step, steps, loss.item())
    return step


def new_net(labels: PairLabels, net_config: NetConfig, *, model_dir: Path | None = None) -> tuple[PairNet, Any]:
    """Return a fresh network (head initialised from torch's current seed) and the tokenizer."""
    tokenizer, encoder = load_base(model_dir)
    return PairNet(encoder, {h: len(n) for h, n in labels.heads.items()}, net_config), tokenizer


# --- the artefact ----------------------------------------------------------------------------------


def save_artefact(net: PairNet, out_dir: Path, labels_path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write weights, config, labels and manifest (sha256 and size added) into ``out_dir``; return the manifest."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    weights = out_dir / WEIGHTS
    save_file(trainable_state(net), str(weights))
    if labels_path.resolve() != (out_dir / LABELS_FILE).resolve():
        shutil.copyfile(labels_path, out_dir / LABELS_FILE)
    (out_dir / "config.json").write_text(json.dumps(asdict(net.config), indent=2) + "\n", encoding="utf-8")
    manifest = {"name": NAME, "version": VERSION, **manifest, "weights": WEIGHTS,
                "sha256": file_sha256(weights), "bytes": weights.stat().st_size}
    write_manifest(out_dir, manifest)
    return manifest


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` of an artefact."""
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_pair_model(directory: Path, *, model_dir: Path | None = None) -> PairModel:
    """Return the pair model stored in ``directory``, for inference (its LoRA adapters merged into the base weights).

    Raises ``ModelError`` when a file is missing or the weights' sha256 differs from the manifest's.
    """
    from safetensors.torch import load_file

    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        config = NetConfig(**json.loads((directory / "config.json").read_text(encoding="utf-8")))
        labels = PairLabels.load(directory / LABELS_FILE)
    except FileNotFoundError as error:
        raise ModelError(f"no pair model in {directory}: train one with "
                         "`python -m pipeline.score.pair_model train`", stage="score") from error
    if file_sha256(directory / WEIGHTS) != manifest["sha256"]:
        raise ModelError(f"{directory / WEIGHTS} does not match its manifest's sha256; retrain or restore it",
                         stage="score")
    net, tokenizer = new_net(labels, config, model_dir=model_dir)
    load_trainable_state(net, load_file(str(directory / WEIGHTS)))
    return PairModel(merge_adapters(net).eval(), tokenizer, labels, manifest)


# --- evaluation and the command ----------------------------------------------------------------------


def evaluate(model: PairModel, examples: list[PairExample]) -> tuple[StanceFigures, dict[str, Counts]]:
    """Return the stance figures of the directed-stance examples and the CAMEO pair counts of the CAMEO ones."""
    stance = load_stance_mapping(mapping_path(STANCE_MAPPING))
    by_set = {name: [e for e in examples if e.source_set == name] for name in EVAL_SETS}
    stance_examples = by_set[directed_sentiment.DATASET]
    stance_figures = score_stance(stance_examples, predict_examples(model.net, model.tokenizer, stance_examples,
                                                                    model.labels), stance,
                                  baseline_label=model.manifest.get("stance_majority_label", stance.none_label))
    cameo = by_set[conflibert.DATASET]
    return stance_figures, score_pairs(cameo, predict_examples(model.net, model.tokenizer, cameo, model.labels))


def metrics_of(stance: StanceFigures, pairs: dict[str, Counts]) -> dict[str, Any]:
    """Return the figures as plain JSON: stance macro-F1 and baseline, and P/R/F1 with counts per CAMEO level."""
    figures: dict[str, Any] = {"stance_pairs": stance.pairs, "stance_macro_f1": round(stance.macro_f1, 4),
                               "stance_majority_macro_f1": round(stance.baseline_macro_f1, 4)}
    for level, c in pairs.items():
        figures[f"cameo_{level}"] = {"p": round(c.precision, 4), "r": round(c.recall, 4), "f1": round(c.f1, 4),
                                     "tp": c.tp, "fp": c.fp, "fn": c.fn}
    return figures


def train_command(data_root: Path, out_dir: Path, *, splits_dir: Path, config: TrainConfig,
                  labels_path: Path | None = None, net_config: NetConfig = UNMARKED) -> dict[str, Any]:
    """Build the train examples, train, write the artefact, reload it and add its dev figures; return the manifest.

    ``net_config`` defaults to the unmarked network (one encoding per sentence at inference); the marked one of
    0.2.0 stays trainable for the ablation (``--markers``)."""
    from pipeline.knowledge import data_path

    labels_file = labels_path or data_path("pair_model", LABELS_FILE)
    labels = PairLabels.load(labels_file)
    fix_seeds(config)
    train = build_examples(data_root, "train", splits_dir=splits_dir, labels=labels, seed=config.seed)
    started = time.perf_counter()
    net, tokenizer = new_net(labels, net_config)
    steps = train_net(net, tokenizer, to_dataset(train, labels, seed=config.seed, markers=net_config.markers),
                      labels, config)
    seconds = round(time.perf_counter() - started, 1)
    manifest = save_artefact(net, out_dir, labels_file, {
        "base_model": BASE_MODEL, "base_sha256": file_sha256(base_model_dir() / BASE_WEIGHTS),
        "trainable_layers": net.config.trainable_layers, "lora_rank": net.config.lora_rank,
        "markers": net.config.markers,
        "stored": "top layers float16; lower layers' LoRA adapters and the heads float32",
        "training": {"data_sha256": examples_sha256(train), "counts": count_examples(train), "steps": steps,
                     "seconds": seconds, "config": asdict(config), "torch": torch.__version__},
        "stance_majority_label": majority_stance(train)})
    model = load_pair_model(out_dir)
    dev = build_examples(data_root, "dev", splits_dir=splits_dir, labels=labels, seed=config.seed, datasets=EVAL_SETS)
    manifest["dev"] = metrics_of(*evaluate(model, dev))
    write_manifest(out_dir, manifest)
    return manifest


def majority_stance(train: list[PairExample]) -> str:
    """Return the upstream stance label (0-4) most frequent among the training stance pairs (the baseline's answer)."""
    stance = load_stance_mapping(mapping_path(STANCE_MAPPING))
    return majority_label(gold_stance_label(e, stance) for e in train if e.source_set == directed_sentiment.DATASET)


def figure_rows(stance: StanceFigures, pairs: dict[str, Counts]) -> dict[str, str]:
    """Return {measure: printed figure} of one split."""
    cameo = sum(c.tp + c.fn for level, c in pairs.items() if level == "pair")
    rows = {
        "pairs scored: directed stance / CAMEO gold pairs": f"{stance.pairs}/{cameo}",
        "directed stance macro-F1, 5 labels": f"{stance.macro_f1:.3f}",
        "  majority baseline macro-F1": f"{stance.baseline_macro_f1:.3f}",
    }
    rows.update({f"  stance label {label} F1": f"{c.f1:.3f}" for label, c in stance.per_label.items()})
    for level, c in pairs.items():
        rows[f"CAMEO gold + negative pairs, {level} P/R/F1"] = f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}"
        rows[f"  {level} tp/fp/fn"] = f"{c.tp}/{c.fp}/{c.fn}"
    return rows


def report_table(columns: dict[str, dict[str, str]]) -> str:
    """Return the figures of each split side by side, one measure a line ("-" where a split lacks one)."""
    measures = list(dict.fromkeys(measure for rows in columns.values() for measure in rows))
    lines = ["measure".ljust(58) + "".join(split.rjust(20) for split in columns)]
    for measure in measures:
        lines.append(measure.ljust(58) + "".join(rows.get(measure, "-").rjust(20) for rows in columns.values()))
    return "\n".join(lines) + "\n"


def confusion_lines(split: str, stance: StanceFigures) -> str:
    """Return the stance confusion matrix of one split (rows gold, columns predicted)."""
    names = list(dict.fromkeys(gold for gold, _ in stance.confusion))
    lines = [f"\n{split}: directed stance confusion (rows gold, columns predicted)", "gold".ljust(6) +
             "".join(name.rjust(7) for name in names)]
    lines += [gold.ljust(6) + "".join(str(stance.confusion[(gold, p)]).rjust(7) for p in names) for gold in names]
    return "\n".join(lines) + "\n"


def split_names(text: str) -> list[SplitName]:
    """Return the splits named in a comma-separated list; raise ``ValueError`` for an unknown one."""
    names = [name.strip() for name in text.split(",")]
    unknown = [name for name in names if name not in SPLITS]
    if unknown:
        raise ValueError(f"unknown split(s) {unknown}: use {', '.join(SPLITS)}")
    return [split for split in SPLITS if split in names]


def main(argv: list[str] | None = None) -> int:
    """Train (``train``) or evaluate (``evaluate``) the pair model; return the exit status."""
    parser = argparse.ArgumentParser(description="Train or evaluate the pair model.")
    parser.add_argument("command", choices=("train", "evaluate"))
    parser.add_argument("--data", type=Path, required=True, help="the shared data root (../shared/data)")
    parser.add_argument("--out", type=Path, default=Path("models/pair_model"), help="the artefact folder")
    parser.add_argument("--splits", type=Path, default=Path("corpora/splits"))
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    parser.add_argument("--markers", action="store_true", help="train the marked network (one encoding per pair)")
    parser.add_argument("--split", default="dev", help="evaluate: dev, test or dev,test")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.command == "train":
        manifest = train_command(args.data, args.out, splits_dir=args.splits, config=TrainConfig(epochs=args.epochs),
                                 net_config=NetConfig(markers=True) if args.markers else UNMARKED)
        sys.stdout.write(json.dumps({k: manifest[k] for k in ("sha256", "bytes", "training", "dev")}, indent=1) + "\n")
        return 0
    model = load_pair_model(args.out)
    columns: dict[str, dict[str, str]] = {}
    confusions: list[str] = []
    for split in split_names(args.split):
        examples = build_examples(args.data, split, splits_dir=args.splits, labels=model.labels, datasets=EVAL_SETS)
        stance, pairs = evaluate(model, examples)
        columns[split] = figure_rows(stance, pairs)
        confusions.append(confusion_lines(split, stance))
    sys.stdout.write(report_table(columns) + "".join(confusions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
