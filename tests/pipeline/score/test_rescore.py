"""The policy that applies predictions to candidates: rules untouched, model alone, combined veto and retype."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.records import ActorSpan, Candidate, Span
from pipeline.score.encoder import SpanQuery
from pipeline.score.head import TYPE_LABELS
from pipeline.score.model import Prediction
from pipeline.score.rescore import NEVER, Policy, apply_prediction, load_scorer, query_of

SENTENCE = Span("Turkey backs the GNA.", 100, 121)
CANDIDATE = Candidate(
    subject=ActorSpan(Span("Turkey", 100, 106), "Turkey", "GPE"), object=ActorSpan(Span("GNA", 117, 120), "GNA", "ORG"),
    cue=Span("backs", 107, 112), lemma="back", sentence=SENTENCE, plover="SUPPORT", cameo="051", mode=None,
    context=("military",), polarity="affirmed", modality="asserted", score=0.75,
)


def prediction(**probs: float) -> Prediction:
    rest = (1.0 - sum(probs.values())) / (len(TYPE_LABELS) - len(probs))
    names = {"no_claim": "no claim"}
    given = {names.get(k, k): v for k, v in probs.items()}
    return Prediction(tuple(given.get(label, rest) for label in TYPE_LABELS), "negated", "reported")


def test_rescore_query_has_offsets_inside_the_sentence() -> None:
    assert query_of(CANDIDATE) == SpanQuery("Turkey backs the GNA.", (0, 6), (17, 20), (7, 12))


@pytest.mark.parametrize("policy,probs,expected", [
    (Policy(mode="rules"), {"no_claim": 0.9}, ("SUPPORT", "051", "affirmed", "asserted", 0.75)),
    (Policy(mode="model"), {"AID": 0.6}, ("AID", None, "negated", "reported", 0.6)),
    (Policy(mode="model"), {"no_claim": 0.4}, None),
    (Policy(mode="combined"), {"no_claim": 0.9}, ("SUPPORT", "051", "affirmed", "asserted", 0.006)),
    (Policy(mode="combined", veto=0.8), {"no_claim": 0.9}, None),
    (Policy(mode="combined", veto=0.95), {"no_claim": 0.9}, ("SUPPORT", "051", "affirmed", "asserted", 0.006)),
    (Policy(mode="combined", retype=0.5), {"AID": 0.6, "SUPPORT": 0.3}, ("AID", None, "affirmed", "asserted", 0.6)),
    (Policy(mode="combined", retype=0.7), {"AID": 0.6, "SUPPORT": 0.3}, ("SUPPORT", "051", "affirmed", "asserted", 0.3)),
    (Policy(mode="combined", veto=NEVER, retype=NEVER), {"SUPPORT": 0.8}, ("SUPPORT", "051", "affirmed", "asserted", 0.8)),
])
def test_rescore_policy_table(policy: Policy, probs: dict[str, float], expected: tuple | None) -> None:
    result = apply_prediction(CANDIDATE, prediction(**probs), policy)
    found = None if result is None else (result.plover, result.cameo, result.polarity, result.modality, round(result.score, 3))
    assert found == expected


def test_rescore_unknown_mode_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="classifier mode 'both' is not one of"):
        load_scorer(tmp_path, mode="both")
