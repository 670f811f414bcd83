"""The committed classifier: its artefacts, their manifest check, and batched prediction.

Owns the artefact names, ``Prediction`` (what the classifier says of one candidate),
``ClaimClassifier`` (frozen encoder + head + temperature, loaded once per pipeline) and
``load_classifier``, which refuses a head or base encoder whose sha256 is not the manifest's.
Imports torch, safetensors, records, errors, knowledge (where the artefacts lie) and the sibling modules; never spaCy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.records import Modality, Polarity
from pipeline.score.encoder import (
    BASE_WEIGHTS,
    Encoder,
    EncoderConfig,
    SpanQuery,
    base_model_dir,
    encode_queries,
    file_sha256,
    load_encoder,
)
from pipeline.score.head import MODALITY_LABELS, NO_CLAIM, OUTPUTS, POLARITY_LABELS, TYPE_LABELS, ClaimHead

HEAD_FILE = "head.safetensors"
CONFIG_FILE = "config.json"
MANIFEST_FILE = "manifest.json"
DEFAULT_MODEL_DIR = data_path("classifier")


@dataclass(frozen=True)
class Prediction:
    """The classifier's calibrated type probabilities (``TYPE_LABELS`` order) and its stance for one candidate."""

    type_probs: tuple[float, ...]
    polarity: Polarity
    modality: Modality

    @property
    def label(self) -> str:
        """The most probable type, or "no claim"."""
        return TYPE_LABELS[max(range(len(self.type_probs)), key=self.type_probs.__getitem__)]

    def prob(self, label: str) -> float:
        """Return the probability of ``label`` (a PLOVER type or "no claim")."""
        return self.type_probs[TYPE_LABELS.index(label)]

    @property
    def no_claim(self) -> float:
        """The probability that the candidate states no claim."""
        return self.prob(NO_CLAIM)


@dataclass(frozen=True)
class ClaimClassifier:
    """The loaded classifier: encoder, head in eval mode, temperature, and the artefacts' config."""

    encoder: Encoder
    head: ClaimHead
    temperature: float
    config: dict[str, Any]
    tag: str

    def predict(self, queries: list[SpanQuery]) -> list[Prediction]:
        """Return a prediction per query, encoding each distinct sentence once."""
        if not queries:
            return []
        with torch.inference_mode():
            logits = self.head(encode_queries(self.encoder, queries))
        types = torch.softmax(logits["type"] / self.temperature, dim=1).tolist()
        polarity = logits["polarity"].argmax(dim=1).tolist()
        modality = logits["modality"].argmax(dim=1).tolist()
        return [Prediction(tuple(t), POLARITY_LABELS[p], MODALITY_LABELS[m])
                for t, p, m in zip(types, polarity, modality, strict=True)]


def read_json(path: Path) -> dict[str, Any]:
    """Return a JSON object file; raises ``ModelError`` when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"cannot read {path}: {error}; run `claimgraph train-classifier` to rebuild the classifier",
                         stage="score") from error


def check_file(path: Path, expected: str) -> None:
    """Raise ``ModelError`` when ``path``'s sha256 is not ``expected``."""
    if not path.exists() or file_sha256(path) != expected:
        raise ModelError(f"{path} does not match its manifest sha256: "
                         "retrain with `claimgraph train-classifier` or restore the file", stage="score")


def verify_artefacts(model_dir: Path, manifest: dict[str, Any], *, base_dir: Path) -> None:
    """Raise ``ModelError`` unless the head, its config and the base encoder weights are the manifest's."""
    for name, expected in manifest["files"].items():
        check_file(model_dir / name, expected)
    check_file(base_dir / BASE_WEIGHTS, manifest["base_model"]["sha256"])


def build_head(config: dict[str, Any]) -> ClaimHead:
    """Return an untrained head shaped as ``config["head"]`` says."""
    shape = config["head"]
    return ClaimHead(shape["input_size"], hidden=shape["hidden"], dropout=shape["dropout"])


def model_tag(manifest: dict[str, Any]) -> str:
    """Return the classifier's version tag for provenance and cache keys: name@version+head-sha prefix."""
    return f"{manifest['name']}@{manifest['version']}+{manifest['files'][HEAD_FILE][:8]}"


def load_classifier(model_dir: Path = DEFAULT_MODEL_DIR, *, encoder: Encoder | None = None) -> ClaimClassifier:
    """Return the classifier committed in ``model_dir``; raises ``ModelError`` when its files fail the manifest."""
    manifest, config = read_json(model_dir / MANIFEST_FILE), read_json(model_dir / CONFIG_FILE)
    base_dir = base_model_dir()
    verify_artefacts(model_dir, manifest, base_dir=base_dir)
    if {k: tuple(v) for k, v in config["labels"].items()} != OUTPUTS:
        raise ModelError(f"{model_dir} was trained on other label sets: retrain with `claimgraph train-classifier`",
                         stage="score")
    head = build_head(config)
    head.load_state_dict(load_file(model_dir / HEAD_FILE))
    head.eval()
    encoder = encoder or load_encoder(EncoderConfig(**config["encoder"]), model_dir=base_dir)
    return ClaimClassifier(encoder=encoder, head=head, temperature=config["temperature"], config=config,
                           tag=model_tag(manifest))
