"""Tests for pipeline.evaluate.claims: matching predicted claims with gold claims, and their scores."""

from __future__ import annotations

import pytest
from builders import claim, entity, gold_claim

from pipeline.evaluate.claims import Scores, score
from pipeline.evaluate.counts import Counts
from pipeline.records import Claim

TURKEY = entity("Turkey", type="state", country="TUR", id="TUR")
TURKISH_AIR_FORCE = entity("Turkey", type="state", country="TUR", id="TUR", mention="the Turkish air force", sector="MIL")
RUSSIA = entity("Russia", type="state", country="RUS", id="RUS")
USA = entity("United States", type="state", country="USA", id="USA")
JAPAN = entity("Japan", type="state", country="JPN", id="JPN")
GERMANY = entity("Germany", type="state", country="DEU", id="DEU")
HAFTAR = entity("Khalifa Haftar", type="person", country="LBY", mention="Haftar")
BOEING = entity("Boeing", country="USA", wikidata="Q66")
HUNGARIAN_MINISTER = entity("Hungarian officials", type="other", country="HUN", id="hun_officials")


GOLD = [
    gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT"),
    gold_claim("a", (51, 100), "RUS", "Khalifa Haftar", "SUPPORT", kind="relation"),
    gold_claim("b", (0, 40), "Boeing|Q66", "USA", "ACCUSE"),
    gold_claim("b", (41, 80), "USA", "Boeing|Q66", "COOPERATE"),
]


@pytest.mark.parametrize(("predicted", "expected"), [
    ([], (0, 0, 4, 0.0, 0.0, 0.0)),
    ([claim("a", (0, 50), TURKISH_AIR_FORCE, RUSSIA, "ASSAULT")], (1, 0, 3, 1.0, 0.25, 0.4)),
    ([claim("a", (40, 60), TURKEY, RUSSIA, "ASSAULT")], (1, 0, 3, 1.0, 0.25, 0.4)),             # span overlaps
    ([claim("a", (0, 50), TURKEY, RUSSIA, "COERCE")], (0, 1, 4, 0.0, 0.0, 0.0)),                # wrong type
    ([claim("a", (0, 50), RUSSIA, TURKEY, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),               # wrong direction
    ([claim("a", (51, 100), TURKEY, RUSSIA, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),             # wrong sentence
    ([claim("a", (0, 50), TURKEY, None, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),                 # missing object
    ([claim("b", (41, 80), BOEING, USA, "COOPERATE")], (1, 0, 3, 1.0, 0.25, 0.4)),              # reciprocal type
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", number=1),
      claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", number=2)], (1, 0, 3, 1.0, 0.25, 0.4)),    # duplicate counted once
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"),
      claim("a", (0, 50), TURKISH_AIR_FORCE.model_copy(update={"id": "TURMIL"}), RUSSIA, "ASSAULT")],
     (1, 1, 3, 0.5, 0.25, 1 / 3)),                                                              # one gold, two claims
    ([claim("z", (0, 50), TURKEY, RUSSIA, "ASSAULT")], (0, 0, 4, 0.0, 0.0, 0.0)),               # article without gold
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"), claim("a", (51, 100), RUSSIA, HAFTAR, "SUPPORT"),
      claim("b", (0, 40), BOEING, USA, "ACCUSE"), claim("b", (0, 40), USA, BOEING, "ACCUSE")],
     (3, 1, 1, 0.75, 0.75, 0.75)),
])
def test_claims_score_counts(predicted: list[Claim], expected: tuple) -> None:
    result = score(predicted, GOLD)
    assert (result.tp, result.fp, result.fn) == expected[:3]
    assert (result.precision, result.recall, result.f1) == pytest.approx(expected[3:])


def test_claims_score_returns_whole_scores_restricted_to_articles() -> None:
    hit = claim("b", (0, 40), BOEING, USA, "ACCUSE", modality="alleged", confidence=0.9)
    miss = claim("b", (41, 80), BOEING, USA, "AID", confidence=0.4)
    ignored = claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT")
    assert score([miss, ignored, hit], GOLD, articles={"b"}) == Scores(
        tp=1, fp=1, fn=1,
        per_type={"COOPERATE": Counts(0, 0, 1), "AID": Counts(0, 1, 0), "ACCUSE": Counts(1, 0, 0)},
        stance_accuracy=0.0,
        matched=((GOLD[2], hit),), unmatched_gold=(GOLD[3],), unmatched_predicted=(miss,),
    )


def test_claims_score_prefers_the_gold_claim_with_the_same_stance() -> None:
    gold = [gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT"), gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT", modality="future")]
    result = score([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", modality="future")], gold)
    assert (result.matched[0][0], result.stance_accuracy) == (gold[1], 1.0)
