"""Calibration of the classifier's type probabilities: temperature scaling and its measure.

Owns ``fit_temperature`` (the one scalar that divides the logits, fitted on held-out rows by
minimizing negative log-likelihood) and ``expected_calibration_error``. Imports torch only.
"""

from __future__ import annotations

import torch

TEMPERATURES = torch.exp(torch.linspace(-1.5, 2.0, 141))  # about 0.22 .. 7.4


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Return the temperature (from a fixed log grid) with the lowest NLL of ``labels``; 1.0 for no rows."""
    if len(labels) == 0:
        return 1.0
    losses = [torch.nn.functional.cross_entropy(logits / t, labels).item() for t in TEMPERATURES]
    return float(TEMPERATURES[min(range(len(losses)), key=losses.__getitem__)])


def expected_calibration_error(probabilities: torch.Tensor, labels: torch.Tensor, *, bins: int = 10) -> float:
    """Return the ECE of top-label confidence: the row-weighted mean |accuracy - confidence| over equal-width bins."""
    if len(labels) == 0:
        return 0.0
    confidence, predicted = probabilities.max(dim=1)
    correct = (predicted == labels).float()
    index = torch.clamp((confidence * bins).long(), max=bins - 1)
    total = 0.0
    for b in range(bins):
        member = index == b
        if member.any():
            total += member.float().sum().item() * abs(correct[member].mean().item() - confidence[member].mean().item())
    return total / len(labels)
