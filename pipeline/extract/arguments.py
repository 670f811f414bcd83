"""Find the actor an argument token stands for: a named entity, a demonym-led phrase ("Russian
fighter jets"), a sector group ("militias"), or, through ``coref``, a pronoun or a short reference.

Imports records, spaCy types and the word sets and labels of ``pipeline.knowledge``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from pipeline.knowledge.labels import ACTOR_LABELS, VALUE_LABELS
from pipeline.knowledge.words import sector_heads, word_set
from pipeline.records import ActorSpan, Span

NOT_ACTORS = VALUE_LABELS
SECTOR_HEADS = sector_heads()
GROUP_HEADS = word_set("group_heads")
PERSON_NOUNS = word_set("person_nouns")
GROUP_NOUNS = word_set("group_nouns")
LEFT_MODIFIERS = frozenset({"det", "amod", "compound", "nmod", "nummod", "quantmod", "poss", "case"})


def entity_of(token: Token) -> SpacySpan | None:
    """Return the named entity ``token`` belongs to, or None (read off the IOB tags: ``doc.ents`` is rebuilt
    on every access)."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=token.ent_type_)


def phrase_of(token: Token) -> SpacySpan:
    """Return the noun phrase headed by ``token`` without its right-hand attachments (no PPs, no clauses)."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_MODIFIERS and (child.dep_ != "poss" or owner_entity(child)):
            start = min(start, child.left_edge.i)
    end = token.i + 1
    ent = entity_of(token)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    doc = token.doc
    while start < end - 1 and doc[start].dep_ in ("det", "case", "punct"):
        start += 1
    if doc[end - 1].text == ")" and "(" in doc[start:end].text:
        end = next(i for i in range(end - 1, start, -1) if doc[i].text == "(")
    return doc[start:end]


def owner_entity(poss: Token) -> bool:
    """Return True for a possessor that names a country or organization ("Israel's" in "Israel's high court")."""
    owners = GROUP_HEADS | PERSON_NOUNS | set(SECTOR_HEADS)
    return poss.ent_type_ in ("GPE", "ORG", "NORP") and poss.head.lower_ in owners


def to_span(span: SpacySpan, label: str = "") -> Span:
    """Return our character-offset ``Span`` for a spaCy span."""
    return Span(text=span.text, start=span.start_char, end=span.end_char, label=label)


def modifier_entity(token: Token) -> SpacySpan | None:
    """Return a country/group entity among ``token``'s left modifiers ("Russian" in "Russian fighter jets")."""
    for child in token.lefts:
        if child.dep_ not in ("amod", "compound", "nmod"):
            continue
        for word in child.subtree:
            ent = entity_of(word)
            if ent is not None and ent.label_ in ("NORP", "GPE", "ORG") and ent.end <= token.i:
                return ent
    return None


PRODUCT_NOUNS = word_set("product_nouns")
ATTACK_HEADS = word_set("attack_heads")
DECISION_NOUNS = word_set("decision_nouns")
PARTITIVES = word_set("partitives")
CONTEXT_PREPS = frozenset({"in", "from", "of", "throughout", "across"})


def context_of(token: Token) -> str:
    """Return the text that places an actor: appositions and "in/from/of <place or organization>" attachments."""
    parts = []
    for child in token.children:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in CONTEXT_PREPS):
            words = [t for t in child.subtree if t.dep_ not in ("relcl", "acl")]
            if any(t.ent_type_ in ("GPE", "NORP", "ORG", "LOC") for t in words):
                parts.append(token.doc[words[0].i : words[-1].i + 1].text)
    return "; ".join(parts)


def partitive_head(token: Token) -> Token | None:
    """Return X in "a group of X", "members of X", "thousands of X", or None."""
    if token.lower_ not in PARTITIVES:
        return None
    objects = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
               for p in prep.children if p.dep_ == "pobj"]
    return objects[0] if objects else None


def direct_actor(token: Token) -> ActorSpan | None:
    """Return the actor a noun phrase names by itself (no coreference), or None."""
    inner = partitive_head(token)
    if inner is not None:
        return direct_actor(inner)
    actor = named_actor(token)
    if actor is None:
        return None
    context = context_of(token) or ethnic_context(token)
    return replace(actor, context=context) if context else actor


def ethnic_context(token: Token) -> str:
    """Return where the clause puts an ethnic group ("shot two ethnic Hungarians during a raid in
    northern Romania"): event coders place a minority where it lives, not in its kin state."""
    if not any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in token.lefts):
        return ""
    verb = token.head if token.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"] if verb is not None else []
    for prep in preps:
        if any(t.ent_type_ in ("GPE", "LOC") for t in prep.subtree):
            return token.doc[prep.i : prep.right_edge.i + 1].text
    return ""


def named_actor(token: Token) -> ActorSpan | None:
    """Return the actor a noun phrase names, before context is attached."""
    ent = entity_of(token)
    phrase = phrase_of(token)
    sector = SECTOR_HEADS.get(token.lower_)
    if ent is not None and ent.label_ in ACTOR_LABELS:
        if ent.root.i == token.i or token.i in range(ent.start, ent.end):
            return ActorSpan(mention=to_span(phrase, ent.label_), resolved=phrase.text, label=ent.label_)
    if ent is not None and ent.label_ in NOT_ACTORS:
        return None
    owner = held_place_owner(token)
    if owner is not None:
        return owner
    maker = maker_of(token)
    if maker is not None:
        return ActorSpan(mention=to_span(phrase, "ORG"), resolved=maker.text, label="ORG")
    possessor = next((entity_of(c) for c in token.lefts if c.dep_ == "poss" and owner_entity(c)), None)
    modifier = modifier_entity(token) or possessor
    if modifier is not None and token.lower_ in ATTACK_HEADS and token.dep_ in ("nsubj", "nsubjpass", "agent", "pobj"):
        # "US Predator attacks killed ...": the attacker is the country behind the attack.
        label = modifier.label_
        return ActorSpan(mention=to_span(phrase, label), resolved=modifier.text, label=label, sector="MIL")
    actorlike = sector or token.lower_ in GROUP_HEADS or token.lower_ in PERSON_NOUNS or token.pos_ == "PROPN"
    if modifier is not None and (actorlike or (modifier.label_ == "ORG" and token.lower_ in DECISION_NOUNS)):
        label = modifier.label_
        return ActorSpan(mention=to_span(phrase, label), resolved=phrase.text, label=label, sector=sector)
    if token.lower_ in GROUP_HEADS and token.pos_ in ("NOUN", "PROPN"):
        return ActorSpan(mention=to_span(phrase, "GROUP"), resolved=phrase.text, label="GROUP", sector=sector)
    return None


def maker_of(token: Token) -> SpacySpan | None:
    """Return the company a product is named after ("22 new Boeing 787 Dreamliners": Boeing), or None:
    in trade news the product stands for its maker as the other party."""
    ent = entity_of(token)
    if token.pos_ not in ("PROPN", "NOUN") or (ent is not None and ent.label_ != "PRODUCT"):
        return None
    if ent is None and token.lower_ not in PRODUCT_NOUNS:
        return None
    modifier = modifier_entity(token)
    return modifier if modifier is not None and modifier.label_ == "ORG" else None


def is_pronoun(token: Token) -> bool:
    """Return True for a personal or possessive pronoun that needs an antecedent."""
    return token.pos_ == "PRON" and token.lower_ in PRONOUN_KINDS


# Personal and possessive pronouns by the kind of antecedent they need (closed-class grammar).
_PRONOUNS_BY_KIND = {
    "person": ("he", "him", "his", "she", "her"), "thing": ("it", "its"), "plural": ("they", "them", "their"),
}
PRONOUN_KINDS = {word: kind for kind, words in _PRONOUNS_BY_KIND.items() for word in words}


def description_kind(token: Token) -> str | None:
    """Return the antecedent kind a definite description needs ("the dictator": person), or None."""
    has_det = any(child.dep_ == "det" and child.lower_ in ("the", "this", "that") for child in token.lefts)
    if not has_det or token.ent_type_:
        return None
    if token.lower_ in PERSON_NOUNS and modifier_entity(token) is None:
        return "person"
    if token.lower_ in GROUP_NOUNS and modifier_entity(token) is None:
        return "group"
    return None


def doc_actors(doc: Doc) -> list[tuple[int, str, SpacySpan]]:
    """Return every named actor in ``doc`` as (token index, kind, entity), in document order."""
    found = []
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS:
            kind = "person" if ent.label_ == "PERSON" else ("group" if ent.label_ == "ORG" else "thing")
            found.append((ent.root.i, kind, ent))
    return found


HELD_PLACES = word_set("held_places")
HOLDER_WORDS = word_set("holder_words")


def held_place_owner(token: Token) -> ActorSpan | None:
    """Return the group a held place is named after ("Kampuchean guerrilla camps": Kampuchean
    guerrilla), with the words that modify the group, or None."""
    if token.lemma_.lower() not in HELD_PLACES or token.pos_ != "NOUN":
        return None
    holder = next((c for c in token.lefts if c.dep_ in ("compound", "amod") and c.lemma_.lower() in HOLDER_WORDS), None)
    if holder is None:
        return None
    modifiers = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i < holder.i]
    start = min([holder.left_edge.i] + [c.left_edge.i for c in modifiers])
    phrase = token.doc[start : holder.i + 1]
    ent = modifier_entity(token)
    label = ent.label_ if ent is not None and ent.label_ in ("NORP", "GPE") else "GROUP"
    holder_word = holder.lemma_.lower()
    sector = "MIL" if holder_word in ("army", "military") else ("COP" if holder_word == "police" else "REB")
    return ActorSpan(mention=to_span(phrase, label), resolved=phrase.text, label=label, sector=sector)
