"""Train the classifier head on precomputed frozen-encoder features, calibrate it, and write the artefacts.

Owns ``TrainConfig``, the conversion of dataset rows to span queries and label tensors, the training
loop (``fit_head``), the held-out metrics (accuracy, macro F1 over types, ECE before and after
temperature scaling) and ``write_model`` (head weights, config, manifest with sha256s). Training
reads only the rows it is given: the "test" split is scored, never fitted. Imports torch,
safetensors, records, errors and the sibling modules; never spaCy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from pipeline.score.calibrate import expected_calibration_error, fit_temperature
from pipeline.score.encoder import (
    BASE_MODEL,
    BASE_WEIGHTS,
    FEATURE_SIZE,
    Encoder,
    EncoderConfig,
    SpanQuery,
    base_model_dir,
    encode_queries,
    file_sha256,
)
from pipeline.score.head import MODALITY_LABELS, OUTPUTS, POLARITY_LABELS, TYPE_LABELS, ClaimHead
from pipeline.score.model import CONFIG_FILE, HEAD_FILE, MANIFEST_FILE
from pipeline.score.rescore import NEVER

log = logging.getLogger(__name__)

MODEL_NAME = "claimgraph-claim-head"
MODEL_VERSION = "0.1.0"
IGNORE = -100  # label index the loss skips (a row with no polarity or modality label)


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; the defaults reproduce the committed model."""

    epochs: int = 80
    learning_rate: float = 1e-3
    weight_decay: float = 1e-2
    hidden: int = 256
    dropout: float = 0.2
    batch_size: int = 64
    seed: int = 13
    veto: float = NEVER
    retype: float = NEVER


@dataclass(frozen=True)
class Tensors:
    """Features and labels of a set of rows, ready for the head."""

    features: torch.Tensor
    types: torch.Tensor
    polarity: torch.Tensor
    modality: torch.Tensor
    weights: torch.Tensor


def query_of_row(row: dict[str, Any]) -> SpanQuery:
    """Return the span query a dataset row describes (object offsets -1 for none)."""
    obj = (row["object_start"], row["object_end"]) if row["object_start"] >= 0 else None
    return SpanQuery(row["sentence"], (row["subject_start"], row["subject_end"]), obj,
                     (row["cue_start"], row["cue_end"]))


def label_index(labels: tuple[str, ...], value: str) -> int:
    """Return ``value``'s index in ``labels``; ``IGNORE`` for "" (unlabelled)."""
    return labels.index(value) if value else IGNORE


def tensors_of(rows: list[dict[str, Any]], encoder: Encoder) -> Tensors:
    """Return the features (frozen encoder, computed once) and label tensors of ``rows``."""
    return Tensors(
        features=encode_queries(encoder, [query_of_row(r) for r in rows]) if rows else torch.zeros(0, FEATURE_SIZE),
        types=torch.tensor([label_index(TYPE_LABELS, r["label"]) for r in rows], dtype=torch.long),
        polarity=torch.tensor([label_index(POLARITY_LABELS, r["polarity"]) for r in rows], dtype=torch.long),
        modality=torch.tensor([label_index(MODALITY_LABELS, r["modality"]) for r in rows], dtype=torch.long),
        weights=torch.tensor([float(r["weight"]) for r in rows]),
    )


def loss_of(logits: dict[str, torch.Tensor], batch: Tensors, index: torch.Tensor) -> torch.Tensor:
    """Return the weighted type loss plus the stance losses over the rows that carry stance labels."""
    ce = torch.nn.functional.cross_entropy
    weights = batch.weights[index]
    loss = (ce(logits["type"], batch.types[index], reduction="none") * weights).sum() / weights.sum()
    for name, labels in (("polarity", batch.polarity), ("modality", batch.modality)):
        if bool((labels[index] != IGNORE).any()):
            loss = loss + 0.5 * ce(logits[name], labels[index], ignore_index=IGNORE)
    return loss


def fit_head(train: Tensors, config: TrainConfig) -> ClaimHead:
    """Return a head trained on ``train`` (AdamW, shuffled mini-batches, fixed seed)."""
    torch.manual_seed(config.seed)
    head = ClaimHead(FEATURE_SIZE, hidden=config.hidden, dropout=config.dropout)
    optimizer = torch.optim.AdamW(head.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    generator = torch.Generator().manual_seed(config.seed)
    head.train()
    for _ in range(config.epochs):
        order = torch.randperm(len(train.types), generator=generator)
        for start in range(0, len(order), config.batch_size):
            index = order[start: start + config.batch_size]
            optimizer.zero_grad()
            loss_of(head(train.features[index]), train, index).backward()
            optimizer.step()
    return head.eval()


def type_logits(head: ClaimHead, data: Tensors) -> torch.Tensor:
    """Return the head's type logits for ``data``."""
    with torch.inference_mode():
        return head(data.features)["type"]


def macro_f1(predicted: torch.Tensor, gold: torch.Tensor) -> float:
    """Return the mean F1 over the type labels that occur in gold or prediction."""
    scores = []
    for label in set(gold.tolist()) | set(predicted.tolist()):
        tp = int(((predicted == label) & (gold == label)).sum())
        fp = int(((predicted == label) & (gold != label)).sum())
        fn = int(((predicted != label) & (gold == label)).sum())
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def metrics_of(head: ClaimHead, data: Tensors, temperature: float) -> dict[str, float | int]:
    """Return row-level type accuracy, macro F1 and ECE (raw and at ``temperature``) on ``data``."""
    logits = type_logits(head, data)
    predicted = logits.argmax(dim=1)
    return {
        "rows": len(data.types),
        "type_accuracy": round(float((predicted == data.types).float().mean()) if len(data.types) else 0.0, 4),
        "type_macro_f1": round(macro_f1(predicted, data.types), 4),
        "ece_raw": round(expected_calibration_error(torch.softmax(logits, dim=1), data.types), 4),
        "ece_calibrated": round(expected_calibration_error(torch.softmax(logits / temperature, dim=1), data.types), 4),
    }


def rows_sha256(rows: Iterable[dict[str, Any]]) -> str:
    """Return the sha256 of the rows as canonical JSON lines (the training data hash of the manifest)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update((json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    return digest.hexdigest()


def train_model(splits: dict[str, list[dict[str, Any]]], encoder: Encoder,
                config: TrainConfig) -> tuple[ClaimHead, float, dict[str, Any]]:
    """Return the head trained on "train", its temperature fitted on "calibration", and metrics on every split."""
    started = time.perf_counter()
    data = {name: tensors_of(rows, encoder) for name, rows in splits.items()}
    features_s = time.perf_counter() - started
    head = fit_head(data["train"], config)
    calibration = data.get("calibration")
    temperature = fit_temperature(type_logits(head, calibration), calibration.types) if calibration else 1.0
    metrics: dict[str, Any] = {name: metrics_of(head, part, temperature) for name, part in data.items()}
    metrics["seconds"] = {"features": round(features_s, 1), "total": round(time.perf_counter() - started, 1)}
    log.info("trained in %.1f s (features %.1f s)", time.perf_counter() - started, features_s)
    return head, temperature, metrics


def model_config(encoder_config: EncoderConfig, config: TrainConfig, temperature: float) -> dict[str, Any]:
    """Return the config.json of a trained head: encoder settings, head shape, labels, temperature, policy."""
    return {
        "encoder": asdict(encoder_config),
        "head": {"input_size": FEATURE_SIZE, "hidden": config.hidden, "dropout": config.dropout},
        "labels": {name: list(labels) for name, labels in OUTPUTS.items()},
        "temperature": round(temperature, 6),
        "policy": {"veto": config.veto, "retype": config.retype},
        "training": asdict(config),
    }


def write_model(out_dir: Path, head: ClaimHead, config: dict[str, Any], *, data_sha256: str, data_rows: dict[str, int],
                metrics: dict[str, Any]) -> Path:
    """Write head weights, config.json and manifest.json (sha256 of each, base model, data hash, metrics); return the
    manifest path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in head.state_dict().items()}, out_dir / HEAD_FILE,
              metadata={"name": MODEL_NAME, "version": MODEL_VERSION})
    (out_dir / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    manifest = {
        "name": MODEL_NAME, "version": MODEL_VERSION,
        "files": {name: file_sha256(out_dir / name) for name in (HEAD_FILE, CONFIG_FILE)},
        "base_model": {"name": BASE_MODEL, "file": BASE_WEIGHTS,
                       "sha256": file_sha256(base_model_dir() / BASE_WEIGHTS)},
        "training_data": {"sha256": data_sha256, "rows": data_rows, "built_by": "claimgraph dataset"},
        "metrics": metrics,
    }
    path = out_dir / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path
