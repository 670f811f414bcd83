"""Apply the classifier to candidate claims: confidence from the model, and the policy that may veto or retype.

Owns ``Policy`` (rules, model or combined; the veto and retype thresholds), ``query_of`` (a
candidate as a span query) and ``rescore_extractions`` (one prediction call for every candidate of a
batch of articles). Imports records and the sibling modules; never spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

from pipeline.errors import ConfigError
from pipeline.records import Candidate, Extraction, Failure, PloverType, Span
from pipeline.score.encoder import SpanQuery
from pipeline.score.head import is_plover_type
from pipeline.score.model import ClaimClassifier, Prediction, load_classifier

Mode = Literal["rules", "model", "combined"]
MODES: tuple[Mode, ...] = get_args(Mode)
NEVER = 1.01  # a threshold no probability reaches


@dataclass(frozen=True)
class Policy:
    """How predictions change candidates.

    ``model``: the model's type, polarity and modality replace the rules'; "no claim" drops the
    candidate. ``combined``: the rules' claim stays, scored by the model; it is dropped when
    P(no claim) >= ``veto`` and retyped when another type has P >= ``retype``. ``rules``: untouched.
    """

    mode: Mode = "combined"
    veto: float = NEVER
    retype: float = NEVER


def relative(span: Span | None, sentence: Span) -> tuple[int, int] | None:
    """Return ``span``'s offsets inside ``sentence``; None when absent or outside it."""
    if span is None or span.end <= sentence.start or span.start >= sentence.end:
        return None
    return max(0, span.start - sentence.start), min(len(sentence.text), span.end - sentence.start)


def query_of(candidate: Candidate) -> SpanQuery:
    """Return the span query of a candidate (its sentence, and subject, object and cue inside it)."""
    sentence = candidate.sentence
    return SpanQuery(
        sentence=sentence.text, subject=relative(candidate.subject.mention, sentence) or (0, 0),
        object=relative(candidate.object.mention, sentence) if candidate.object else None,
        cue=relative(candidate.cue, sentence) or (0, 0),
    )


def retyped(candidate: Candidate, plover: PloverType) -> Candidate:
    """Return the candidate typed ``plover``; the rule's CAMEO code, mode and context go with the old type."""
    if plover == candidate.plover:
        return candidate
    return replace(candidate, plover=plover, cameo=None, mode=None, context=())


def apply_prediction(candidate: Candidate, prediction: Prediction, policy: Policy) -> Candidate | None:
    """Return the candidate as the policy leaves it (None when dropped), its score the model's probability."""
    if policy.mode == "rules":
        return candidate
    label = prediction.label
    if policy.mode == "model":
        if not is_plover_type(label):  # "no claim"
            return None
        typed = retyped(candidate, label)
        return replace(typed, polarity=prediction.polarity, modality=prediction.modality,
                       score=round(prediction.prob(label), 4))
    if prediction.no_claim >= policy.veto:
        return None
    if is_plover_type(label) and label != candidate.plover and prediction.prob(label) >= policy.retype:
        candidate = retyped(candidate, label)
    return replace(candidate, score=round(prediction.prob(candidate.plover), 4))


def rescore_extractions(classifier: ClaimClassifier, items: list[Extraction | Failure],
                        policy: Policy) -> list[Extraction | Failure]:
    """Return ``items`` with every extraction's candidates rescored by one batched prediction call."""
    if policy.mode == "rules":
        return items
    extractions = [item for item in items if isinstance(item, Extraction)]
    candidates = [c for extraction in extractions for c in extraction.candidates]
    predictions = iter(classifier.predict([query_of(c) for c in candidates]))
    out: list[Extraction | Failure] = []
    for item in items:
        if isinstance(item, Failure):
            out.append(item)
            continue
        kept = (apply_prediction(c, next(predictions), policy) for c in item.candidates)
        out.append(replace(item, candidates=tuple(c for c in kept if c is not None)))
    return out


@dataclass(frozen=True)
class Scorer:
    """The classifier and the policy a pipeline applies to every batch of extractions."""

    classifier: ClaimClassifier
    policy: Policy

    def rescore(self, items: list[Extraction | Failure]) -> list[Extraction | Failure]:
        """Return ``items`` with their candidates rescored (see ``rescore_extractions``)."""
        return rescore_extractions(self.classifier, items, self.policy)


def load_scorer(model_dir: Path, *, mode: str) -> Scorer:
    """Return the scorer of the classifier in ``model_dir`` under ``mode`` with the thresholds its config commits.

    Raises ``ConfigError`` for an unknown mode and ``ModelError`` when the artefacts fail their manifest.
    """
    known = policy_mode(mode)
    classifier = load_classifier(model_dir)
    thresholds = classifier.config.get("policy", {})
    return Scorer(classifier,
                  Policy(mode=known, veto=thresholds.get("veto", NEVER), retype=thresholds.get("retype", NEVER)))


def policy_mode(mode: str) -> Mode:
    """Return ``mode`` as a policy mode; raise ``ConfigError`` when it is not one of ``MODES``."""
    for known in MODES:
        if mode == known:
            return known
    raise ConfigError(f"classifier mode {mode!r} is not one of {list(MODES)}: "
                      "set CLAIMGRAPH_CLASSIFIER_MODE to one of them", stage="score")
