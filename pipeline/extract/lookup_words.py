"""How a predicate word is looked up in the lexicon: the verb with its particle, preposition and
object noun, the object noun by its goods or kind, compound nouns whole ("air strike", "martial law").

Imports spaCy types, the sibling ``references``, the word sets of ``pipeline.knowledge`` and the
ontology's ``Lexicon`` type; knows nothing of the lexicon's file format.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.references import children
from pipeline.knowledge.words import word_set
from pipeline.ontology import Lexicon, PredicateEntry

GENERIC_HEADS = word_set("generic_heads")
MEASURE_NOUNS = word_set("measure_nouns")


def verb_lookup(lexicon: Lexicon, verb: Token) -> tuple[PredicateEntry | None, tuple[Token, ...]]:
    """Return the most specific lexicon entry for ``verb`` and the tokens that cue it."""
    # "shipped out of Gorazde": the parser makes "out" a preposition heading "of"; it is the particle.
    stray = [p for p in children(verb, "prep") if p.lower_ == "out" and children(p, "prep")]
    particle = next(iter(children(verb, "prt") + stray), None)
    noun = next(iter(children(verb, "dobj") or share_measures(verb)), None)
    prep = next(iter(children(verb, "prep")), None)
    entry = lexicon.lookup(
        verb.lemma_.lower(), "VERB",
        particle=particle.lower_ if particle is not None else None,
        prep=prep.lower_ if prep is not None else None,
        noun=object_lemma(noun) if noun is not None else None,
    )
    cue = tuple(t for t in (verb, particle) if t is not None)
    return entry, cue


def measured_noun(noun: Token) -> Token:
    """Return the goods a measure names ("700 kg of medicine": medicine, "$16.6 billion in loans": loans), else
    ``noun``."""
    if noun.ent_type_ not in ("QUANTITY", "MONEY", "CARDINAL") and noun.lemma_ not in MEASURE_NOUNS:
        return noun
    goods = [p for prep in children(noun, "prep") if prep.lower_ in ("of", "in") for p in children(prep, "pobj")]
    return goods[0] if goods else noun


def share_measures(verb: Token) -> list[Token]:
    """Return a percentage a passive verb measures its object by ("will be owned 55 percent by X")."""
    return [t for t in children(verb, "npadvmod") if t.ent_type_ == "PERCENT"]


def object_lemma(noun: Token) -> str:
    """Return the lemma an object noun is looked up by: its goods (``measured_noun``), the kind of a generic
    head ("mediation efforts"), "money" for a bare sum ("needs $30 billion"), "percent" for a share."""
    goods = measured_noun(noun)
    kinds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if noun.lemma_.lower() in GENERIC_HEADS and kinds:
        return kinds[-1].lemma_.lower()  # "ended mediation efforts": what is ended is the mediation
    if goods is noun and noun.ent_type_ == "MONEY":
        return "money"
    if goods is noun and noun.ent_type_ == "PERCENT":
        return "percent"
    return goods.lemma_.lower()


def compound_lemma(noun: Token) -> str:
    """Return the noun with its compound modifiers and plain adjectives, lemmatized ("air strikes" -> "air strike",
    "martial law"); the lexicon falls back to the head."""
    words = [child.lemma_.lower() for child in noun.lefts
             if child.dep_ == "compound" or (child.dep_ == "amod" and not child.ent_type_ and child.i == noun.i - 1)]
    return " ".join([*words, noun.lemma_.lower()])


def evaluation_words(verb: Token) -> list[str]:
    """Return the lemmas of the evaluation a framing verb gives its object, head first then modifiers: an object
    predicate ("called the strikes a dangerous escalation"), a second object ("branded the tests a provocation")
    or an "as" phrase ("described the offensive as a crime", "dismissed the reports as unfounded")."""
    heads = children(verb, "oprd") + children(verb, "dobj")[1:]
    for prep in children(verb, "prep"):
        if prep.lower_ == "as":
            heads += children(prep, "pobj", "amod", "acomp", "advmod")
    words = []
    for head in heads:
        words.append(head.lemma_.lower())
        words += [m.lemma_.lower() for m in head.children if m.dep_ in ("amod", "advmod", "compound", "acomp")]
    return words


def framing_entry(lexicon: Lexicon, verb: Token) -> PredicateEntry | None:
    """Return the reaction entry a framing verb takes from its evaluation ("called ... an escalation": ACCUSE),
    or None; a condemning word of the evaluation wins over a commending one ("a historic mistake")."""
    found = [lexicon.lookup(verb.lemma_.lower(), "VERB", noun=word) for word in evaluation_words(verb)]
    typed = [e for e in found if e is not None and e.noun and e.noun.startswith("@")]
    return next((e for e in typed if e.noun == "@condemnation"), typed[0] if typed else None)
