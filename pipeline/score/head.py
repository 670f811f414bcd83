"""The trainable part of the classifier and its label sets.

Owns ``ClaimHead`` (a small MLP over pooled span features with three outputs: PLOVER type or
"no claim", polarity, modality) and the label tuples whose order the committed weights depend on.
Imports torch and records only.
"""

from __future__ import annotations

from typing import TypeGuard, get_args

import torch
from torch import nn

from pipeline.records import PLOVER_TYPES, Modality, PloverType, Polarity

NO_CLAIM = "no claim"
TYPE_LABELS: tuple[str, ...] = (*PLOVER_TYPES, NO_CLAIM)
POLARITY_LABELS: tuple[Polarity, ...] = get_args(Polarity)
MODALITY_LABELS: tuple[Modality, ...] = get_args(Modality)
OUTPUTS: dict[str, tuple[str, ...]] = {"type": TYPE_LABELS, "polarity": POLARITY_LABELS, "modality": MODALITY_LABELS}


def is_plover_type(label: str) -> TypeGuard[PloverType]:
    """Return True when ``label`` (a label of the type output) is a PLOVER type, False for "no claim"."""
    return label in PLOVER_TYPES


class ClaimHead(nn.Module):
    """An MLP: features -> hidden layer -> one logit vector per output (type, polarity, modality)."""

    def __init__(self, input_size: int, *, hidden: int = 256, dropout: float = 0.2) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.LayerNorm(input_size), nn.Dropout(dropout), nn.Linear(input_size, hidden),
                                  nn.GELU(), nn.Dropout(dropout))
        # "to_" keys: a ModuleDict key may not shadow a Module attribute (Module.type exists).
        self.outputs = nn.ModuleDict({f"to_{name}": nn.Linear(hidden, len(labels)) for name, labels in OUTPUTS.items()})

    def forward(self, features: torch.Tensor) -> dict[str, torch.Tensor]:
        """Return the logits of each output for a batch of feature rows."""
        shared = self.body(features)
        return {name: self.outputs[f"to_{name}"](shared) for name in OUTPUTS}
