"""Predictions of the pair network over examples and the two measures it is judged by.

Owns ``predict_examples`` (each example's label on its own head, the direction and their
probabilities), the directed-stance measure (the five upstream labels, macro-F1, beside the
majority-label baseline, with ``pipeline.evalsets.scoring``'s one macro-F1) and the CAMEO pair
measure (gold pairs and negative pairs of a sentence classified: pair, pair + direction,
pair + direction + quad class, as ``pipeline.evaluate.Counts``). Imports torch, the leaves and the
pair modules; never spaCy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import torch

from pipeline.evalsets.mapping import StanceMapping
from pipeline.evalsets.records import Direction, Polarity
from pipeline.evalsets.scoring import label_counts, macro_f1
from pipeline.evaluate import Counts
from pipeline.score.pair_data import PairExample, PairLabels, example_row
from pipeline.score.pair_net import PairNet, encode_rows

POLARITY_OF_STANCE: dict[str, Polarity] = {"SUPPORT": "positive", "ACCUSE": "negative"}


@dataclass(frozen=True)
class PairPrediction:
    """The network's answer for one example on the example's head: label, direction, and their probabilities."""

    label: str
    probability: float
    direction: str
    direction_probability: float


def predict_examples(
    net: PairNet, tokenizer: Any, examples: list[PairExample], labels: PairLabels, *, batch_size: int = 64
) -> list[PairPrediction]:
    """Return one prediction per example, in order (inference mode, no dropout)."""
    net.eval()
    found: list[PairPrediction] = []
    for offset in range(0, len(examples), batch_size):
        chunk = examples[offset: offset + batch_size]
        rows = [example_row(e, labels, markers=net.config.markers) for e in chunk]
        columns = {key: [row[key] for row in rows] for key in rows[0]}
        with torch.inference_mode():
            logits = net(encode_rows(tokenizer, columns, net.config.max_length))
        found += [prediction_of(logits, i, e.head, labels) for i, e in enumerate(chunk)]
    return found


def prediction_of(logits: dict[str, torch.Tensor], row: int, head: str, labels: PairLabels) -> PairPrediction:
    """Return the prediction of batch row ``row`` read on ``head`` and the direction output."""
    label_p = torch.softmax(logits[head][row], dim=-1)
    direction_p = torch.softmax(logits["direction"][row], dim=-1)
    label, direction = int(label_p.argmax()), int(direction_p.argmax())
    return PairPrediction(labels.heads[head][label], float(label_p[label]),
                          labels.heads["direction"][direction], float(direction_p[direction]))


# --- directed stance ------------------------------------------------------------------------------


def as_direction(name: str) -> Direction:
    """Return the evalsets ``Direction`` of a direction-head label ("forward" or "backward")."""
    return "forward" if name == "forward" else "backward"


def stance_label(prediction: PairPrediction, stance: StanceMapping) -> str:
    """Return the upstream stance label (0-4) of a stance-head prediction."""
    polarity = POLARITY_OF_STANCE.get(prediction.label)
    if polarity is None:
        return stance.none_label
    return stance.label_for(as_direction(prediction.direction), polarity)


def gold_stance_label(example: PairExample, stance: StanceMapping) -> str:
    """Return the upstream stance label (0-4) of a stance example."""
    polarity = POLARITY_OF_STANCE.get(example.label)
    if polarity is None or example.direction is None:
        return stance.none_label
    return stance.label_for(as_direction(example.direction), polarity)


@dataclass(frozen=True)
class StanceFigures:
    """Macro-F1 over the five stance labels of the model and of the majority baseline, per-label counts and
    the confusion counts {(gold, predicted): pairs}."""

    pairs: int
    macro_f1: float
    baseline_macro_f1: float
    per_label: dict[str, Counts]
    confusion: dict[tuple[str, str], int]


def score_stance(
    examples: list[PairExample], predictions: list[PairPrediction], stance: StanceMapping, *, baseline_label: str
) -> StanceFigures:
    """Return the stance figures of stance ``examples`` (``baseline_label``: the train split's majority label)."""
    names = list(stance.labels)
    gold = [gold_stance_label(e, stance) for e in examples]
    predicted = [stance_label(p, stance) for p in predictions]
    confusion = Counter(zip(gold, predicted, strict=True))
    return StanceFigures(len(gold), macro_f1(gold, predicted, names),
                         macro_f1(gold, [baseline_label] * len(gold), names), label_counts(gold, predicted, names),
                         {(g, p): confusion[(g, p)] for g in names for p in names})


# --- CAMEO pairs -----------------------------------------------------------------------------------


def pair_levels(example: PairExample, prediction: PairPrediction) -> dict[str, tuple[bool, bool, bool]]:
    """Return {level: (gold has it, predicted has it, right)} of one CAMEO pair example."""
    gold_pair, said_pair = example.label != "none", prediction.label != "none"
    direction_right = example.direction is None or prediction.direction == example.direction
    gold_quad = gold_pair and example.label != "statement"
    said_quad = prediction.label not in ("none", "statement")
    return {
        "pair": (gold_pair, said_pair, gold_pair and said_pair),
        "pair+direction": (gold_pair, said_pair, gold_pair and said_pair and direction_right),
        "pair+direction+quad": (gold_quad, said_quad,
                                gold_quad and prediction.label == example.label and direction_right),
    }


def score_pairs(examples: list[PairExample], predictions: list[PairPrediction]) -> dict[str, Counts]:
    """Return {level: tp/fp/fn}: a right answer is a tp, any other said pair a fp, any other gold pair a fn."""
    tally: dict[str, list[int]] = {}
    for example, prediction in zip(examples, predictions, strict=True):
        for level, (gold, said, right) in pair_levels(example, prediction).items():
            counts = tally.setdefault(level, [0, 0, 0])
            counts[0] += right
            counts[1] += said and not right
            counts[2] += gold and not right
    return {level: Counts(*values) for level, values in tally.items()}
