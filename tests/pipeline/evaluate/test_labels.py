"""Tests for pipeline.evaluate.labels: one predicted label against one gold label, accuracy over records."""

from __future__ import annotations

import pytest

from pipeline.evaluate.counts import Accuracy
from pipeline.evaluate.labels import accuracy_per_label, country_right, label_accuracy, same_label


@pytest.mark.parametrize(("predicted", "gold", "expected"), [
    ("JPN", "JAP", True),       # CAMEO spelling of the gold
    ("JAP", "JPN", True),
    ("TUR", "TUR", True),
    ("RUS", "TUR", False),
    (None, "TUR", False),       # nothing resolved
    ("NGO", "IGO", False),      # non-state codes are told apart here, unlike the GSR checks
    ("IGO", "IGO", True),
])
def test_labels_country_right(predicted: str | None, gold: str, expected: bool) -> None:
    assert country_right(predicted, gold) is expected


@pytest.mark.parametrize(("predicted", "gold", "expected"), [("AID", "AID", True), ("AID", "SUPPORT", False), (None, "AID", False)])
def test_labels_same_label(predicted: str | None, gold: str, expected: bool) -> None:
    assert same_label(predicted, gold) is expected


def test_labels_label_accuracy_counts_right_pairs() -> None:
    pairs = [("AID", "AID"), (None, "AID"), ("REQUEST", "REQUEST"), ("ASSAULT", "COERCE")]
    assert label_accuracy(pairs) == Accuracy(right=2, total=4)


def test_labels_label_accuracy_with_country_codes() -> None:
    pairs = [("JPN", "JAP"), ("TUR", "TUR"), (None, "RUS"), ("NGO", "IGO")]
    assert label_accuracy(pairs, same=country_right) == Accuracy(right=2, total=4)


def test_labels_accuracy_per_label_orders_by_gold_count_then_first_seen() -> None:
    pairs = [("AID", "AID"), ("AGREE", "REQUEST"), ("REQUEST", "REQUEST"), (None, "COERCE"), ("AID", "AID"), ("AID", "AID")]
    result = accuracy_per_label(pairs)
    assert result == {"AID": Accuracy(3, 3), "REQUEST": Accuracy(1, 2), "COERCE": Accuracy(0, 1)}
    assert list(result) == ["AID", "REQUEST", "COERCE"]


def test_labels_accuracy_per_label_keeps_first_seen_order_among_ties() -> None:
    pairs = [(None, "COERCE"), ("AID", "AID"), ("AGREE", "AGREE")]
    assert list(accuracy_per_label(pairs)) == ["COERCE", "AID", "AGREE"]


def test_labels_label_accuracy_of_nothing() -> None:
    assert (label_accuracy([]), accuracy_per_label([])) == (Accuracy(0, 0), {})
