"""Whether a predicted entity stands for a gold actor key: ``actor_matches`` and the name tests under
it (case and diacritics aside, with surname, acronym and corporate-suffix leniency). The key format
is in ``corpora/gold/README.md``.

Imports only the standard library, ``pipeline.records`` and ``pipeline.knowledge`` (word lists).
"""

from __future__ import annotations

import re

from pipeline.knowledge.text import fold
from pipeline.knowledge.words import word_set
from pipeline.records import Entity

_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")
_CORPORATE_SUFFIXES = word_set("corporate_suffixes")
_ACRONYM_SKIP = word_set("acronym_skip_words")
_COLLECTIVE_TYPES = frozenset({"armed_group", "other"})


def name_tokens(text: str) -> tuple[str, ...]:
    """Return ``text`` as case- and diacritic-free word tokens, without a leading "the" or a possessive 's
    ("&" read as "and")."""
    folded = fold(text)
    folded = re.sub(r"['’]s\b", "", folded).replace(".", "").replace("&", " and ")
    tokens = tuple(re.findall(r"[0-9a-z]+", folded))
    return tokens[1:] if len(tokens) > 1 and tokens[0] == "the" else tokens


def core_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``tokens`` without trailing corporate suffixes ("Apple Inc." -> apple, "EADS N.V." -> eads)."""
    while len(tokens) > 1 and tokens[-1] in _CORPORATE_SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def actor_matches(entity: Entity | None, key: str | None) -> bool:
    """Return True when ``entity`` stands for the gold actor ``key`` (see ``corpora/gold/README.md``).

    ``key`` is an ISO 3166 alpha-3 code (matches a state, or an entity whose id is that state with
    or without a sector), or a name optionally followed by "|QID" (the QID decides when the entity
    has one; otherwise the name must match the entity's name, mention or id, case and diacritics
    aside, with surname, acronym and corporate-suffix leniency). None matches only None.
    """
    if entity is None or key is None:
        return entity is None and key is None
    name, _, qid = key.partition("|")
    if _QID.fullmatch(qid) and entity.wikidata:
        return entity.wikidata == qid
    if _ISO3.fullmatch(name):
        return stands_for_state(entity, name)
    return any(names_match(name_tokens(name), name_tokens(text), entity.type) for text in entity_names(entity))


def stands_for_state(entity: Entity, code: str) -> bool:
    """Return True for a state entity of country ``code``, or any entity whose id or name is that state
    (with a sector)."""
    if entity.type == "person":
        return False
    if entity.type == "state" and entity.country == code:
        return True
    pattern = re.compile(rf"(?:state[:_/-])?{code}(?:[:_/-]?[a-z]{{3}})?", re.IGNORECASE)
    return entity.country in (code, None) and any(pattern.fullmatch(text) for text in (entity.id, entity.name))


def entity_names(entity: Entity) -> tuple[str, ...]:
    """Return the texts a name key is compared with: canonical name, mention, and the id read as words."""
    return (entity.name, entity.mention, entity.id.replace("_", " "))


def names_match(key: tuple[str, ...], other: tuple[str, ...], entity_type: str) -> bool:
    """Return True when two tokenized names denote the same actor, given the entity's type."""
    if not key or not other:
        return False
    if core_tokens(key) == core_tokens(other) or is_acronym_of(key, other) or is_acronym_of(other, key):
        return True
    if entity_type == "person":
        return same_person(key, other)
    if entity_type in ("organization", "igo"):
        return shorter_is_suffix(core_tokens(key), core_tokens(other), minimum=2)
    if entity_type in _COLLECTIVE_TYPES:
        return same_collective(key, other)
    return False


def is_acronym_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Return True when ``short`` is one word spelling the initials of ``full`` ("NATO", "GNA", "EADS")."""
    short, words = core_tokens(short), [t for t in core_tokens(full) if t not in _ACRONYM_SKIP]
    return len(short) == 1 and len(words) >= 2 and short[0] == "".join(w[0] for w in words)


def same_person(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Return True for "Erdogan" ~ "Recep Tayyip Erdoğan" (one name ends the other) or same first and last names."""
    if shorter_is_suffix(key, other, minimum=1):
        return True
    return min(len(key), len(other)) >= 2 and key[0] == other[0] and key[-1] == other[-1]


def shorter_is_suffix(a: tuple[str, ...], b: tuple[str, ...], *, minimum: int) -> bool:
    """Return True when the shorter token sequence (at least ``minimum`` long) ends the longer one."""
    short, long = sorted((a, b), key=len)
    return len(short) >= minimum and long[len(long) - len(short) :] == short


def same_collective(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Return True for an unnamed group written differently: it holds the key's head noun and one more key word."""
    head = key[-1]
    return head in other and (len(other) == 1 or len(set(key) & set(other)) >= 2)
