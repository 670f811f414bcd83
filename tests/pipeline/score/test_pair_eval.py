"""The pair model's measures: stance labels from head + direction, and CAMEO pair counts per level."""

from __future__ import annotations

import pytest

from pipeline.evalsets.mapping import STANCE_MAPPING, load_stance_mapping, mapping_path
from pipeline.evaluate import Counts
from pipeline.score.pair_data import PairExample
from pipeline.score.pair_eval import PairPrediction, gold_stance_label, score_pairs, score_stance, stance_label

STANCE = load_stance_mapping(mapping_path(STANCE_MAPPING))
TEXT = "Oslo praised Rome."


def example(head: str, label: str, direction: str | None) -> PairExample:
    return PairExample("t", "d", TEXT, (0, 4), (13, 17), head, label, direction)


def said(label: str, direction: str = "forward") -> PairPrediction:
    return PairPrediction(label, 0.9, direction, 0.8)


@pytest.mark.parametrize(
    ("label", "direction", "expected"),
    [("none", "forward", "0"), ("SUPPORT", "forward", "1"), ("SUPPORT", "backward", "2"),
     ("ACCUSE", "forward", "3"), ("ACCUSE", "backward", "4")],
)
def test_pair_eval_stance_labels_join_head_and_direction(label: str, direction: str, expected: str) -> None:
    assert stance_label(said(label, direction), STANCE) == expected
    gold_direction = direction if label != "none" else None
    assert gold_stance_label(example("stance", label, gold_direction), STANCE) == expected


def test_pair_eval_score_stance_gives_macro_f1_baseline_and_confusion() -> None:
    examples = [example("stance", "SUPPORT", "forward"), example("stance", "none", None),
                example("stance", "ACCUSE", "backward")]
    figures = score_stance(examples, [said("SUPPORT"), said("none"), said("ACCUSE", "forward")], STANCE,
                           baseline_label="0")
    assert figures.pairs == 3
    assert figures.macro_f1 == pytest.approx((1 + 1 + 0 + 0 + 0) / 5)
    assert figures.baseline_macro_f1 == pytest.approx((2 * 1 / 3 / (1 + 1 / 3)) / 5)
    assert {k: v for k, v in figures.confusion.items() if v} == {("1", "1"): 1, ("0", "0"): 1, ("4", "3"): 1}


def test_pair_eval_score_pairs_counts_each_level() -> None:
    examples = [
        example("quad", "verbal conflict", "forward"),   # right pair, right direction, right quad
        example("quad", "material conflict", "backward"),  # right pair, wrong direction
        example("quad", "statement", None),              # said as a quad class: pair right, quad wrong
        example("quad", "none", None),                   # negative said as a pair
        example("quad", "verbal cooperation", "forward"),  # missed
    ]
    predictions = [said("verbal conflict"), said("material conflict"), said("verbal cooperation"),
                   said("statement"), said("none")]
    assert score_pairs(examples, predictions) == {
        "pair": Counts(3, 1, 1),
        "pair+direction": Counts(2, 2, 2),
        "pair+direction+quad": Counts(1, 2, 2),
    }
