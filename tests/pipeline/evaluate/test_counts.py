"""Tests for pipeline.evaluate.counts: precision, recall, F1 and accuracy from counts."""

from __future__ import annotations

import pytest

from pipeline.evaluate.counts import Accuracy, Counts


@pytest.mark.parametrize(("counts", "expected"), [
    (Counts(0, 0, 0), (0.0, 0.0, 0.0)),
    (Counts(1, 1, 2), (0.5, 1 / 3, 0.4)),
    (Counts(0, 3, 0), (0.0, 0.0, 0.0)),
    (Counts(2, 0, 0), (1.0, 1.0, 1.0)),
])
def test_counts_precision_recall_f1(counts: Counts, expected: tuple[float, float, float]) -> None:
    assert (counts.precision, counts.recall, counts.f1) == pytest.approx(expected)


@pytest.mark.parametrize(("accuracy", "expected"), [(Accuracy(0, 0), 0.0), (Accuracy(3, 4), 0.75), (Accuracy(0, 2), 0.0)])
def test_counts_accuracy_share(accuracy: Accuracy, expected: float) -> None:
    assert accuracy.share == expected
