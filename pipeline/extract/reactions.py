"""Reaction claims: a speaker's evaluation of an act or of an actor, coded from the speaker against the
act's agent, with no relational verb between them.

Three classes of construction, each typed by the lexicon (``predicates.txt``, the "Reactions" block and
the ``@condemnation`` / ``@commendation`` noun classes):

- **Framing verbs with an evaluation**: "called the Israeli strikes a dangerous escalation", "described
  the offensive as a crime", "dismissed the reports as unfounded", "hailed the accord as a breakthrough".
  The evaluation (an object predicate, a second object, or an "as" phrase) is looked up with the verb;
  the target is the framed noun when it names an actor, else the agent of the act it names (its
  possessor, its country or organization modifier, its "by" phrase).
- **Evaluative adjectives of a stance**: "Greece was suspicious of Turkey's motives", "remained
  supportive of Ukraine" (the adjective with its preposition).
- **Responsibility**: "held Hamas responsible for the violence" (the held object is the accused);
  "the group said Ankara was responsible for the blast" / "was behind the attack" (the reported
  clause's subject is the accused, the reporter the accuser; an unreported assertion is no claim).

Imports spaCy types, the siblings ``predicates`` (the hit record, subjects), ``references`` and
``lookup_words``, and the ontology's ``Lexicon``.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from pipeline.extract.lookup_words import framing_entry
from pipeline.extract.predicates import PredicateHit, act_agents, others, subject_tokens
from pipeline.extract.references import actors_of, children
from pipeline.ontology import Lexicon

STANCE_PREPS = ("of", "to", "toward", "towards", "about", "for")
COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "stay", "look", "sound"})
HOLDING_VERBS = frozenset({"hold", "consider", "deem", "find", "declare", "call", "judge"})
# The lexicon's responsibility entries ("behind" is a preposition, looked up as an adjective).
RESPONSIBILITY_WORDS = frozenset({"responsible", "accountable", "culpable", "behind"})


def reaction_hits(lexicon: Lexicon, sentence: SpacySpan) -> list[PredicateHit]:
    """Return the reaction claims of ``sentence``: framing verbs with an evaluation, evaluative adjectives of a
    stance, and responsibility held or reported."""
    hits = []
    for token in sentence:
        if token.pos_ == "VERB":
            hit = framing_hit(lexicon, token)
        elif token.pos_ == "ADJ" or (token.pos_ == "ADP" and token.lower_ == "behind"):
            hit = stance_hit(lexicon, token) or responsibility_hit(lexicon, token)
        else:
            hit = None
        if hit is not None:
            hits.append(hit)
    return hits


def framing_hit(lexicon: Lexicon, verb: Token) -> PredicateHit | None:
    """Return the reaction a framing verb states about its object, or None."""
    entry = framing_entry(lexicon, verb)
    if entry is None:
        return None
    framed = children(verb, "dobj", "nsubjpass")[:1]
    subjects = actors_of(subject_tokens(verb))
    objects = others(actors_of(framed) or act_agents(framed), subjects)
    if not subjects:
        return None
    cue = (verb, *evaluation_head(verb))
    return PredicateHit(token=verb, entry=entry, subjects=subjects, objects=objects, cue_tokens=cue,
                        rule="reaction_framing")


def evaluation_head(verb: Token) -> tuple[Token, ...]:
    """Return the head word of a framing verb's evaluation, as a cue token (none when only "as" + adjective)."""
    heads = children(verb, "oprd") + children(verb, "dobj")[1:]
    heads += [p for prep in children(verb, "prep") if prep.lower_ == "as" for p in children(prep, "pobj")]
    return tuple(heads[:1])


def stance_hit(lexicon: Lexicon, adjective: Token) -> PredicateHit | None:
    """Return the stance an evaluative adjective states ("Canada was critical of the Chinese crackdown"), or
    None."""
    if adjective.dep_ != "acomp" or adjective.head.lemma_ not in COPULAS:
        return None
    for prep in children(adjective, "prep"):
        entry = lexicon.lookup(adjective.lemma_.lower(), "ADJ", prep=prep.lower_)
        if entry is None or entry.prep != prep.lower_:
            continue
        subjects = actors_of(subject_tokens(adjective.head))
        pobjs = children(prep, "pobj")
        objects = others(actors_of(pobjs) or act_agents(pobjs), subjects)
        if subjects and objects:
            return PredicateHit(token=adjective, entry=entry, subjects=subjects, objects=objects,
                                cue_tokens=(adjective, prep), rule="reaction_stance")
    return None


def responsibility_hit(lexicon: Lexicon, word: Token) -> PredicateHit | None:
    """Return the accusation of a responsibility held ("held Hamas responsible") or reported ("said Ankara was
    responsible for / behind the blast"), or None. The holding or reporting verb is the act: its stance is the
    claim's ("said" is the accuser's own act, asserted; "did not hold ... responsible" is negated)."""
    entry = lexicon.lookup(word.lower_ if word.pos_ == "ADP" else word.lemma_.lower(), "ADJ")
    if entry is None or entry.lemma not in RESPONSIBILITY_WORDS:
        return None
    parties = responsible_parties(word)
    if parties is None:
        return None
    accused, accuser, verb = parties
    subjects = actors_of(accuser)
    objects = others(actors_of(accused), subjects)
    if not subjects or not objects:
        return None
    return PredicateHit(token=verb, entry=entry, subjects=subjects, objects=objects, cue_tokens=(verb, word),
                        rule="reaction_responsibility")


def responsible_parties(word: Token) -> tuple[list[Token], list[Token], Token] | None:
    """Return the accused tokens, the accuser tokens and the verb of a responsibility word: the held object, the
    holder's subject and the holding verb; or the reported clause's subject, the reporter and the reporting verb."""
    head = word.head
    if word.dep_ in ("amod", "oprd", "acomp") and head.dep_ == "dobj" and head.head.lemma_ in HOLDING_VERBS:
        return [head], subject_tokens(head.head), head.head
    if word.dep_ in ("oprd", "xcomp", "ccomp") and head.lemma_ in HOLDING_VERBS:
        return children(head, "dobj"), subject_tokens(head), head
    clause = head if word.dep_ in ("acomp", "prep") and head.lemma_ == "be" else None
    if clause is None or clause.dep_ != "ccomp" or clause.head.pos_ != "VERB":
        return None
    return children(clause, "nsubj"), subject_tokens(clause.head), clause.head
