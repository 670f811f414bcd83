"""Attribution, polarity and modality of a predicate: who says it, whether it is negated, denied,
hedged, alleged, hypothetical or future.

These change a claim's fields; they never drop it. Imports records, spaCy types, the sibling
predicate helpers, the word sets of ``pipeline.knowledge`` and the ontology's ``Lexicon`` type.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.extract.predicates import subject_tokens
from pipeline.extract.references import actors_of, children
from pipeline.knowledge.words import word_set
from pipeline.ontology import Lexicon
from pipeline.records import ActorSpan, Modality, Polarity

ALLEGATION_VERBS = word_set("allegation_verbs")
HEDGE_VERBS = word_set("hedge_verbs")
INTENT_NOUNS = word_set("intent_nouns")
OBLIGATION_AUX = frozenset({"must", "should"})
OBLIGATION_VERBS = word_set("obligation_verbs")
FUTURE_VERBS = word_set("future_verbs")
ATTEMPT_VERBS = word_set("attempt_verbs")
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
ALLEGED_ADVERBS = word_set("alleged_adverbs")
HEDGE_ADVERBS = word_set("hedge_adverbs")
CLAUSE_LINKS = ("xcomp", "ccomp", "conj", "advcl", "pcomp", "acomp")
# "will withdraw its force unless the president holds elections": an intent on a condition is a threat.
THREAT_MARKS = frozenset({"unless"})


@dataclass(frozen=True)
class Stance:
    """What the context does to a predicate."""

    polarity: Polarity = "affirmed"
    modality: Modality = "asserted"
    speaker: ActorSpan | None = None
    recode: bool = False
    obliged: bool = False

    @property
    def intended(self) -> bool:
        """True when PLOVER codes the event as intended (AGREE/THREATEN) rather than done."""
        return self.recode and self.modality in ("future", "hypothetical")


def governing_chain(token: Token) -> list[Token]:
    """Return the verbs that govern ``token``'s clause, nearest first (through xcomp, ccomp, conj...)."""
    chain: list[Token] = []
    current = token
    while current.dep_ in CLAUSE_LINKS + ("dobj",) and current.head != current and len(chain) < 5:
        current = current.head
        chain.append(current)
    return chain


NOTHING_SUBJECTS = frozenset({"nothing", "none"})


def is_negated(token: Token) -> bool:
    """Return True when ``token`` carries a negation ("did not support", "no support", "never met", "nothing
    came of")."""
    if any(child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no") for child in token.children):
        return True
    if token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX"):
        return any(child.dep_ == "nsubj" and child.lower_ in NOTHING_SUBJECTS for child in token.head.head.children)
    return False


def according_to(token: Token) -> ActorSpan | None:
    """Return X in "according to X" attached to ``token`` or its sentence root."""
    for anchor in (token, token.sent.root):
        for prep in children(anchor, "prep"):
            if prep.lower_ == "according":
                objects = [p for to in children(prep, "prep") for p in children(to, "pobj")]
                actors = actors_of(objects)
                if actors:
                    return actors[0]
    return None


def own_modality(token: Token) -> Modality | None:
    """Return the modality the predicate's own auxiliaries and adverbs give it, or None."""
    words = {child.lower_ for child in token.children if child.dep_ in ("aux", "advmod", "auxpass")}
    if words & ALLEGED_ADVERBS:
        return "alleged"
    if words & HEDGE_ADVERBS:
        return "hedged"
    if words & HYPOTHETICAL_AUX:
        return "hypothetical"
    if words & FUTURE_AUX or ("going" in words and token.tag_ == "VB"):
        return "future"
    return None


def is_obliged(token: Token) -> bool:
    """Return True when the predicate is put as an obligation ("Libya must hand over", "has to withdraw",
    "Brazil must stand ready to help")."""
    current = token
    for _ in range(4):
        if any(child.dep_ == "aux" and child.lower_ in OBLIGATION_AUX for child in current.children):
            return True
        if current.dep_ == "xcomp" and current.head.lemma_ in OBLIGATION_VERBS:
            return True
        if current.dep_ not in ("xcomp", "acomp") or current.head == current:
            return False
        current = current.head
    return False


def stance_of(token: Token, lexicon: Lexicon) -> Stance:
    """Return the polarity, modality and speaker the context gives the predicate ``token``."""
    obliged = is_obliged(token)
    negated = is_negated(token)
    modality = own_modality(token)
    recode = modality is not None
    speaker = according_to(token)
    for governor in governing_chain(token):
        lemma = governor.lemma_.lower()
        negated = negated or (is_negated(governor) and governor.dep_ != "conj")
        if lemma in lexicon.denial_cues:
            return Stance("negated", "denied", first_actor(governor) or speaker)
        if lemma in lexicon.speech_verbs:
            polarity: Polarity = "negated" if negated else "affirmed"
            modality = modality or ("alleged" if lemma in ALLEGATION_VERBS else "reported")
            return Stance(polarity, modality, first_actor(governor), recode, obliged)
        if modality is None and lemma in HEDGE_VERBS:
            modality = "hedged"
        elif modality is None and lemma in ATTEMPT_VERBS:
            modality = "future"
        elif modality is None and (lemma in FUTURE_VERBS or own_modality(governor)):
            modality, recode = "future" if lemma in FUTURE_VERBS else own_modality(governor), True
    if modality is None and token.dep_ == "acl" and token.head.lemma_ in INTENT_NOUNS:
        modality = "future"
    if speaker is not None:
        modality = modality or "reported"
    return Stance("negated" if negated else "affirmed", modality or "asserted", speaker, recode, obliged)


def first_actor(verb: Token) -> ActorSpan | None:
    """Return the subject actor of a speech or denial verb, or None."""
    actors = actors_of(subject_tokens(verb))
    return actors[0] if actors else None


def is_ultimatum(token: Token) -> bool:
    """Return True when the predicate (or the clause it completes) hangs on an "unless" condition."""
    clauses = [token, *(t for t in token.ancestors if t.dep_ in ("xcomp", "ccomp"))][:2]
    return any(
        clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in THREAT_MARKS for m in clause.children)
        for holder in clauses for clause in holder.children
    )
