"""Resolve the tokens that fill a predicate's argument slots to actors: named phrases, relative
pronouns ("Turkey, which ..."), pronoun subjects of reported clauses ("leaders said they ..."),
coordinations ("Putin and Erdogan", "the Thai and Cambodian delegations") and, through ``coref``, references.

Imports records, spaCy types and the sibling argument/coref helpers.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.extract.arguments import context_of, direct_actor, is_pronoun
from pipeline.extract.coref import resolve_reference
from pipeline.knowledge.words import word_set
from pipeline.records import ActorSpan, Span

RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})


def actor_for(token: Token) -> ActorSpan | None:
    """Return the actor an argument token names or refers to, or None when it names none."""
    if token.lower_ in RELATIVE_PRONOUNS:
        antecedent = relative_antecedent(token)
        return actor_for(antecedent) if antecedent is not None else None
    if is_pronoun(token):
        return reported_speaker(token) or resolve_reference(token)
    named = [child for child in token.children if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG")]
    if named and not token.ent_type_:
        actor = direct_actor(named[0])
        if actor is not None and not actor.context:
            # "A senator from Chile, Rosa Vidal": the description places the name.
            actor = replace(actor, context=token.doc[token.left_edge.i : token.i + 1].text + " " + context_of(token))
        return actor or direct_actor(token)
    return direct_actor(token) or resolve_reference(token)


def reported_speaker(pronoun: Token) -> ActorSpan | None:
    """Return the speaker a pronoun subject of a reported clause refers to ("Palestinian leaders said they
    would ...")."""
    clause = pronoun.head
    if pronoun.dep_ != "nsubj" or clause.dep_ != "ccomp":
        return None
    speakers = [t for t in children(clause.head, "nsubj") if t.i < pronoun.i and t.pos_ != "PRON"]
    if not speakers:
        return None
    speaker = speakers[0]
    plural = pronoun.lower_ in PLURAL_PRONOUNS
    speaker_plural = speaker.tag_ in ("NNS", "NNPS") or bool(speaker.conjuncts)
    if plural != speaker_plural and speaker.ent_type_ not in ("GPE", "ORG"):
        return None
    if pronoun.lower_ in ("he", "she") and speaker.ent_type_ not in ("PERSON", ""):
        return None
    return direct_actor(speaker)


def relative_antecedent(pronoun: Token) -> Token | None:
    """Return the noun a relative pronoun stands for: the head of its clause, or the nearest named actor before it."""
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    earlier = [ent for ent in pronoun.doc.ents if pronoun.sent.start <= ent.start and ent.end <= pronoun.i]
    named = [ent for ent in earlier if ent.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    return named[-1].root if named else None


def with_conjuncts(token: Token) -> list[Token]:
    """Return ``token`` and the tokens coordinated with it ("Putin and Erdogan")."""
    return [token, *(t for t in token.conjuncts if t.i > token.i and t.pos_ in ("PROPN", "NOUN", "PRON"))]


def actors_of(tokens: list[Token]) -> tuple[ActorSpan, ...]:
    """Return the actors of ``tokens`` and their conjuncts, dropping what names no actor."""
    found = []
    for token in tokens:
        group = coordinated_antecedents(token) if token.lower_ in PLURAL_PRONOUNS else pair_antecedents(token)
        for item in group or with_conjuncts(token):
            readings: list[ActorSpan | None] = [*split_modifiers(item)] or [actor_for(item)]
            for actor in readings:
                if actor is not None and actor not in found:
                    found.append(actor)
    return tuple(found)


def split_modifiers(head: Token) -> list[ActorSpan]:
    """Return one actor per coordinated country adjective ("the Thai and Cambodian delegations": Thai
    delegations, Cambodian delegations), or []."""
    adjectives = [t for t in head.lefts if t.dep_ == "amod" and t.ent_type_ in ("NORP", "GPE") and t.conjuncts]
    if not adjectives:
        return []
    words = [adjectives[0], *(c for c in adjectives[0].conjuncts if c.ent_type_ in ("NORP", "GPE"))]
    return [ActorSpan(mention=Span(text=w.text, start=w.idx, end=w.idx + len(w.text), label=w.ent_type_),
                      resolved=f"{w.text} {head.text}", label=w.ent_type_) for w in words]


PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# "both sides", "the two leaders": the last pair of actors named together ("Serbia and Kosovo met ...").
PAIR_NOUNS = word_set("pair_nouns")
PAIR_WORDS = frozenset({"both", "two"})
NAMED_LABELS = frozenset({"GPE", "ORG", "PERSON", "NORP"})
LOOKBACK_TOKENS = 120


def pair_antecedents(token: Token) -> list[Token]:
    """Return the two coordinated named actors a pair reference stands for ("both sides", "the two leaders"):
    the nearest "X and Y" before it, within about three sentences, else []."""
    if token.lemma_.lower() not in PAIR_NOUNS or not any(c.lower_ in PAIR_WORDS for c in token.children):
        return []
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - LOOKBACK_TOKENS), -1):
        head = doc[i]
        members = [head, *(c for c in head.conjuncts if c.i > head.i)] if head.ent_type_ in NAMED_LABELS else []
        if len(members) == 2 and all(m.ent_type_ in NAMED_LABELS for m in members):
            return members
    return []


def coordinated_antecedents(pronoun: Token) -> list[Token]:
    """Return "Putin and Erdogan" for "their" when the clause's subject is that coordination, else []."""
    for ancestor in pronoun.ancestors:
        for subject in children(ancestor, "nsubj", "nsubjpass"):
            members = with_conjuncts(subject)
            if len(members) > 1 and subject.i < pronoun.i:
                return members
    return []


def children(token: Token, *deps: str) -> list[Token]:
    """Return ``token``'s children whose dependency label is one of ``deps``."""
    return [child for child in token.children if child.dep_ in deps]
