"""Counts of hits and misses and the figures they give: ``Counts`` (precision, recall, F1 from
tp/fp/fn) and ``Accuracy`` (right out of total). Every scorer of ``pipeline.evaluate`` reports in
these two shapes. Imports only the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the precision, recall and F1 they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Accuracy:
    """How many of ``total`` scored items were right."""

    right: int
    total: int

    @property
    def share(self) -> float:
        """right / total; 0.0 when nothing was scored."""
        return self.right / self.total if self.total else 0.0
