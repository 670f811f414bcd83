from __future__ import annotations

import pytest

from pipeline.evalsets.mapping import STANCE_MAPPING, StanceMapping, load_stance_mapping, mapping_path
from pipeline.evalsets.records import CharSpan, GoldEvent
from pipeline.evalsets.scoring import (
    StanceScores,
    cameo_levels,
    claim_direction,
    event_levels,
    label_counts,
    macro_f1,
    majority_label,
    mention_spans,
    predict_stance,
    score_levels,
    score_stance,
)
from pipeline.evaluate import Counts
from pipeline.ontology import quad_of
from pipeline.records import ArticleRef, Claim, Entity, Evidence, Extractor, Predicate

CAMEO_TEXT = "The Arnor army shelled Gondor and Rohan."
STANCE_TEXT = "Arnor praised Gondor, and Gondor scolded Arnor."


def entity(mention: str) -> Entity:
    return Entity(id=mention.lower().replace(" ", "_"), name=mention, mention=mention, type="state")


def claim(
    doc: str,
    text: str,
    subject: str,
    obj: str | None,
    plover: str,
    *,
    confidence: float = 0.5,
    evidence: tuple[int, int] | None = None,
    polarity: str = "affirmed",
) -> Claim:
    start, end = evidence or (0, len(text))
    return Claim(
        id=f"c-{doc}-{subject}-{obj}-{plover}-{confidence}",
        article=ArticleRef(id=doc),
        subject=entity(subject),
        object=entity(obj) if obj else None,
        predicate=Predicate(text="w", lemma="w", plover=plover, quad=quad_of(plover)),
        polarity=polarity,
        evidence=Evidence(sentence=text[start:end], start=start, end=end),
        confidence=confidence,
        extractor=Extractor(version="test", model="test"),
    )


def cameo_event(document: str, quad: int | None, direction: str = "forward") -> GoldEvent:
    return GoldEvent(
        dataset="conflibert_cameo",
        document=document,
        text=CAMEO_TEXT,
        label=str(quad or 0),
        source=(CharSpan(4, 14),),
        target=(CharSpan(23, 29),),
        quad=quad,
        direction=direction,
    )


@pytest.fixture(scope="module")
def stance() -> StanceMapping:
    return load_stance_mapping(mapping_path(STANCE_MAPPING))


def test_scoring_mention_spans_are_word_bounded_inside_the_evidence() -> None:
    text = "Arnor met the Arnorians; Arnor left."
    found = claim("d", text, "Arnor", None, "CONSULT", evidence=(0, 23))

    assert (
        mention_spans(text, found, found.subject),
        mention_spans(text, claim("d", text, "Arnor", None, "CONSULT"), entity("Arnor")),
    ) == ([CharSpan(0, 5)], [CharSpan(0, 5), CharSpan(25, 30)])


@pytest.mark.parametrize(
    ("subject", "obj", "expected"),
    [
        ("Arnor army", "Gondor", "forward"),
        ("Gondor", "The Arnor army", "backward"),
        ("Arnor", None, None),
        ("Rohan", "Gondor", None),
    ],
    ids=["forward", "backward-overlapping-mention", "one-actor", "source-missed"],
)
def test_scoring_claim_direction(subject: str, obj: str | None, expected: str | None) -> None:
    assert claim_direction(claim("d1", CAMEO_TEXT, subject, obj, "ASSAULT"), cameo_event("d1", 4)) == expected


def test_scoring_cameo_levels_count_pairs_direction_and_quad() -> None:
    events = [
        cameo_event("d1", 4),
        cameo_event("d2", 3),
        cameo_event("d3", None),
        GoldEvent(
            dataset="conflibert_cameo", document="d4", text=CAMEO_TEXT, label="4", source=(CharSpan(4, 14),), quad=4
        ),
    ]
    claims = {
        "d1": [
            claim("d1", CAMEO_TEXT, "Arnor army", "Gondor", "ASSAULT", confidence=0.9),
            claim(
                "d1", CAMEO_TEXT, "Arnor army", "Gondor", "COERCE", confidence=0.8
            ),  # same pair again: one prediction
            claim("d1", CAMEO_TEXT, "Arnor army", "Rohan", "ASSAULT", confidence=0.7),
        ],
        "d2": [claim("d2", CAMEO_TEXT, "Gondor", "Arnor army", "ACCUSE")],
        "d3": [claim("d3", CAMEO_TEXT, "Arnor army", "Gondor", "CONSULT")],
        "d4": [claim("d4", CAMEO_TEXT, "Arnor army", "Gondor", "ASSAULT")],  # no pair in the gold: not scored
    }

    assert score_levels(cameo_levels(), events, claims) == {
        "pair": Counts(tp=3, fp=1, fn=0),
        "pair+direction": Counts(tp=2, fp=2, fn=1),
        "pair+direction+quad": Counts(tp=1, fp=2, fn=1),
    }


def test_scoring_reciprocal_event_takes_either_order() -> None:
    event = cameo_event("d1", 1, direction="reciprocal")

    assert score_levels(
        cameo_levels()[1:2], [event], {"d1": [claim("d1", CAMEO_TEXT, "Gondor", "Arnor army", "CONSULT")]}
    ) == {"pair+direction": Counts(tp=1, fp=0, fn=0)}


def test_scoring_event_levels_use_the_trigger_sentence_and_the_image() -> None:
    text = "Arnor shelled Gondor. Rohan praised Gondor."
    event = GoldEvent(
        dataset="rams",
        document="r1",
        text=text,
        label="conflict.attack.n/a",
        source=(CharSpan(0, 5),),
        target=(CharSpan(14, 20),),
        trigger=CharSpan(6, 13),
        plover="ASSAULT",
        direction="forward",
    )
    first, second = (0, 21), (22, 43)
    claims = {
        "r1": [
            claim("r1", text, "Arnor", "Gondor", "ASSAULT", evidence=first, confidence=0.9),
            claim(
                "r1", text, "Arnor", None, "ASSAULT", evidence=first, confidence=0.8
            ),  # same sentence and type: one prediction
            claim(
                "r1", text, "Gondor", "Arnor", "COERCE", evidence=first, confidence=0.7
            ),  # wrong type: a false positive
            claim("r1", text, "Arnor", "Gondor", "AGREE", evidence=first, confidence=0.6),  # outside the image: ignored
            claim(
                "r1", text, "Rohan", "Gondor", "ASSAULT", evidence=second, confidence=0.5
            ),  # no trigger there: ignored
        ]
    }

    assert score_levels(event_levels(frozenset({"ASSAULT", "COERCE"})), [event], claims) == {
        "type": Counts(tp=1, fp=1, fn=0),
        "type+source+target": Counts(tp=1, fp=1, fn=0),
    }


@pytest.mark.parametrize(
    ("claims", "label"),
    [
        ([("Arnor", "Gondor", "SUPPORT", "affirmed", 0.9)], "1"),
        ([("Gondor", "Arnor", "ACCUSE", "affirmed", 0.9)], "4"),
        ([("Arnor", "Gondor", "ASSAULT", "affirmed", 0.4), ("Gondor", "Arnor", "AID", "affirmed", 0.8)], "2"),
        ([("Arnor", "Gondor", "REQUEST", "affirmed", 0.9), ("Arnor", "Gondor", "ACCUSE", "affirmed", 0.1)], "3"),
        ([("Arnor", "Gondor", "SUPPORT", "negated", 0.9)], "0"),
        ([("Arnor", None, "SUPPORT", "affirmed", 0.9)], "0"),
        ([], "0"),
    ],
    ids=[
        "p-q-positive",
        "q-p-negative",
        "most-confident-wins",
        "type-without-polarity-skipped",
        "negated-skipped",
        "one-actor",
        "no-claim",
    ],
)
def test_scoring_predict_stance(stance: StanceMapping, claims: list[tuple], label: str) -> None:
    event = GoldEvent(
        dataset="directed_sentiment",
        document="s1",
        text=STANCE_TEXT,
        label="1",
        source=(CharSpan(0, 5),),
        target=(CharSpan(14, 20),),
    )
    made = [claim("s1", STANCE_TEXT, s, o, t, polarity=p, confidence=c, evidence=(0, 20)) for s, o, t, p, c in claims]

    assert predict_stance(event, made, stance) == label


def test_scoring_macro_f1_and_counts() -> None:
    gold, predicted = ["0", "0", "1", "3"], ["0", "1", "1", "0"]

    assert label_counts(gold, predicted, ["0", "1", "3"]) == {
        "0": Counts(1, 1, 1),
        "1": Counts(1, 1, 0),
        "3": Counts(0, 0, 1),
    }
    assert macro_f1(gold, predicted, ["0", "1", "3"]) == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)


def test_scoring_majority_label() -> None:
    assert (majority_label(["0", "3", "0", "3", "0"]), majority_label(["4", "1", "1", "4"])) == ("0", "4")
    with pytest.raises(ValueError, match="no labels"):
        majority_label([])


def test_scoring_score_stance_beside_the_baseline(stance: StanceMapping) -> None:
    events = [
        GoldEvent(
            dataset="directed_sentiment",
            document=f"s{n}",
            text=STANCE_TEXT,
            label=label,
            source=(CharSpan(0, 5),),
            target=(CharSpan(14, 20),),
        )
        for n, label in enumerate(["1", "0"])
    ]
    claims = {"s0": [claim("s0", STANCE_TEXT, "Arnor", "Gondor", "SUPPORT", evidence=(0, 20))]}

    assert score_stance(events, claims, stance, baseline_label="0") == StanceScores(
        pairs=2,
        macro_f1=2 / 5,
        baseline_label="0",
        baseline_macro_f1=(2 / 3) / 5,
        per_label={
            "0": Counts(1, 0, 0),
            "1": Counts(1, 0, 0),
            "2": Counts(0, 0, 0),
            "3": Counts(0, 0, 0),
            "4": Counts(0, 0, 0),
        },
    )
