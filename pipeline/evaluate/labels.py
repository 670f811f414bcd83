"""Scoring one predicted label against one gold label per record, as accuracy over records:
``label_accuracy`` (overall) and ``accuracy_per_label`` (per gold label). Labels are equal when
``same`` says so: exact equality (``same_label``, e.g. a PLOVER event type for a cue word) or
``country_right`` (an actor's country, compared through ``codes.country_code``: JAP is JPN).

``benchmarks/plover_lexicon.py`` and ``benchmarks/plover_actors.py`` score through here.
Imports only the standard library and ``pipeline.evaluate.codes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.evaluate.codes import country_code
from pipeline.evaluate.counts import Accuracy

Same = Callable[[str | None, str], bool]
# One record: (predicted label or None when nothing was predicted, gold label).
LabelPair = tuple[str | None, str]


def same_label(predicted: str | None, gold: str) -> bool:
    """Return True when the predicted label is the gold label."""
    return predicted == gold


def country_right(predicted: str | None, gold: str) -> bool:
    """Return True when both codes name the same country once CAMEO spellings are read as ISO (JAP = JPN).

    Non-state codes are compared as they are (NGO is not IGO here, unlike the GSR checks)."""
    return predicted is not None and country_code(predicted) == country_code(gold)


def label_accuracy(pairs: Iterable[LabelPair], *, same: Same = same_label) -> Accuracy:
    """Return how many (predicted, gold) pairs are right by ``same``, out of all pairs."""
    rows = list(pairs)
    return Accuracy(right=sum(same(predicted, gold) for predicted, gold in rows), total=len(rows))


def accuracy_per_label(pairs: Iterable[LabelPair], *, same: Same = same_label) -> dict[str, Accuracy]:
    """Return the accuracy per gold label, most frequent gold label first (ties in the order first seen)."""
    groups: dict[str, list[LabelPair]] = {}
    for predicted, gold in pairs:
        groups.setdefault(gold, []).append((predicted, gold))
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    return {gold: label_accuracy(rows, same=same) for gold, rows in ordered}
