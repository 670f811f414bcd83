"""Within-article coreference for argument pronouns and short definite references.

Hobbs-style search, simplified to what news prose needs: first the nearest compatible named actor
earlier in the same sentence (never the subject of the pronoun's own clause), then the leftmost
compatible one in each of the previous three sentences. Imports records, spaCy types and the
argument helpers only.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from pipeline.extract.arguments import PRONOUN_KINDS, description_kind, doc_actors, to_span
from pipeline.records import ActorSpan

LOOKBACK_SENTENCES = 3
COMPATIBLE = {
    "person": frozenset({"PERSON"}),
    "thing": frozenset({"GPE", "ORG"}),
    "group": frozenset({"ORG", "GPE"}),
    # "they": a group, a people or a state ("the Kurds", "the Taliban"); a city cannot be told from a state here
    "plural": frozenset({"GPE", "ORG", "NORP"}),
}
# Verbs of an expletive "it" that stands for nothing: "it is clear that", "it seems", "it took years for X to".
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "become", "remain", "take", "make"})
CLAUSE_DEPS = ("ccomp", "xcomp", "csubj", "advcl")


def resolve_reference(token: Token) -> ActorSpan | None:
    """Return the actor a pronoun or a definite description stands for, or None when none fits."""
    kind = PRONOUN_KINDS.get(token.lower_) if token.pos_ == "PRON" else description_kind(token)
    if kind is None or is_expletive(token):
        return None
    antecedent = find_antecedent(token, COMPATIBLE[kind])
    if antecedent is None:
        return None
    start = token.left_edge.i if kind != "person" or token.pos_ != "PRON" else token.i
    mention = token.doc[start : token.i + 1]
    return ActorSpan(mention=to_span(mention, antecedent.label_), resolved=antecedent.text, label=antecedent.label_)


def is_expletive(token: Token) -> bool:
    """Return True for an "it" that refers to nothing: a dummy subject whose clause follows ("it is likely
    that ...", "it took a long time for Erdogan and Putin to ...", "it was reported that ...")."""
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    head = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or head.i < token.i:
        return False
    clause = [c for c in head.children if c.dep_ in CLAUSE_DEPS and c.i > token.i]
    return bool(clause) and (head.lemma_ in EXPLETIVE_HEADS or token.dep_ == "nsubjpass")


def find_antecedent(token: Token, labels: frozenset[str]) -> SpacySpan | None:
    """Return the named actor ``token`` most plausibly refers to, searching backwards."""
    sentence = token.sent
    # A people stands for "they" when named as a noun ("the Kurds ... they"), not as a modifier ("Chechen bombers").
    actors = [(index, ent) for index, _, ent in doc_actors(token.doc) if ent.label_ in labels
              and not (ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound"))]
    same = [ent for index, ent in actors if sentence.start <= index < token.i and not binds(ent, token)]
    if same:
        return same[-1]
    for previous in previous_sentences(token):
        earlier = [ent for index, ent in actors if previous.start <= index < previous.end]
        if earlier:
            return earlier[0]
    return None


def binds(antecedent: SpacySpan, pronoun: Token) -> bool:
    """Return True when ``antecedent`` is the subject of the clause whose object is ``pronoun``."""
    head = pronoun.head
    return pronoun.dep_ in ("dobj", "dative") and antecedent.root.head == head and antecedent.root.dep_ == "nsubj"


def previous_sentences(token: Token) -> list[SpacySpan]:
    """Return up to ``LOOKBACK_SENTENCES`` sentences before ``token``'s, nearest first."""
    sentences = list(token.doc.sents)
    index = next(i for i, sent in enumerate(sentences) if sent.start <= token.i < sent.end)
    return [sentences[i] for i in range(index - 1, max(-1, index - 1 - LOOKBACK_SENTENCES), -1)]
