"""Temperature scaling and expected calibration error on small hand-made tables."""

from __future__ import annotations

import pytest
import torch

from pipeline.score.calibrate import expected_calibration_error, fit_temperature


@pytest.mark.parametrize("probabilities,labels,expected", [
    ([[1.0, 0.0], [0.0, 1.0]], [0, 1], 0.0),       # sure and right
    ([[1.0, 0.0], [1.0, 0.0]], [1, 1], 1.0),       # sure and wrong
    ([[0.5, 0.5], [0.5, 0.5]], [0, 1], 0.0),       # 50% sure, right half the time
    ([[0.9, 0.1], [0.9, 0.1]], [0, 1], 0.4),       # 90% sure, right half the time
])
def test_calibrate_ece_of_small_tables(probabilities: list, labels: list, expected: float) -> None:
    assert expected_calibration_error(torch.tensor(probabilities), torch.tensor(labels)) == pytest.approx(expected)


def test_calibrate_temperature_cools_overconfident_logits() -> None:
    logits = torch.tensor([[8.0, 0.0]] * 10)
    labels = torch.tensor([0] * 6 + [1] * 4)  # 60% right while the logits say ~100%
    assert fit_temperature(logits, labels) > 3.0
    assert fit_temperature(torch.zeros(0, 2), torch.zeros(0, dtype=torch.long)) == 1.0
