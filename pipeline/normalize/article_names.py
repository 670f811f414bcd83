"""Short names linked to the full name the article gave: "Ron Sugar" ... "Sugar", "Kim Jong-un" ... "Kim",
"General Motors" ... "GM", "Apple Computer" ... "Apple", so one actor keeps one id through an article
(NewsWCL50-style reporting otherwise splits a leader into the full-name id and a stray "x:sugar").

Owns ``NameChains`` and ``name_chains``: every person and organization mention of the article read once.
People: the first and the last word of each full name (two words or more) point at its entity, and a
one-word person mention takes it. Organizations: a name the registry does not know takes the entity of a
longer organization name of the article it begins ("Aer Lingus" of "Aer Lingus Group plc", legal forms
aside) or whose initials it is ("GM"). A word two different actors of the article share stays unlinked
("President Bush" in an article naming both Bushes is left to the registry and its dates). States, places
and pronouns never reach here. Imports records, the word sets of ``pipeline.knowledge`` and the sibling
registry; no spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TypeVar

from pipeline.knowledge.words import word_set
from pipeline.normalize.actors import ActorRegistry
from pipeline.records import Entity, Span

NAME_LABELS = frozenset({"PERSON", "ORG"})
CORPORATE_SUFFIXES = word_set("corporate_suffixes")
UNKNOWN_PREFIX = "x:"
ANYWHERE = -1  # where a short form may stand for its full name from: before the name, too
Key = TypeVar("Key")


@dataclass(frozen=True)
class NameChains:
    """One article's full-name people and organizations, by the short names that may stand for them."""

    people: Mapping[str, Entity] = field(default_factory=dict)
    # short form -> (the organization, where the article first wrote its full name)
    organizations: Mapping[tuple[str, ...], tuple[Entity, int]] = field(default_factory=dict)

    def link(self, entity: Entity, words: list[str], *, start: int | None = None) -> Entity:
        """Return the article's full-name entity a short mention stands for (keeping the mention as written), or
        ``entity`` unchanged. ``words``: the mention's name words (``ActorRegistry.name_words``); ``start``: its
        offset, for organizations, whose short form stands for a full name written before it ("Chrysler" early
        in an article is not the "Chrysler Aspen" named later)."""
        full = None
        if entity.type == "person" and len(words) == 1:
            full = self.people.get(words[0])
        elif entity.type == "organization" and entity.id.startswith(UNKNOWN_PREFIX):
            found = self.organizations.get(tuple(company_words(words)))
            full = found[0] if found is not None and (start is None or found[1] <= start) else None
        if full is None or full.id == entity.id:
            return entity
        return full.model_copy(update={"mention": entity.mention})


def company_words(words: list[str]) -> list[str]:
    """Return an organization's name words without the legal forms that end it ("fiat group spa" -> "fiat")."""
    while len(words) > 1 and words[-1].strip(".") in CORPORATE_SUFFIXES:
        words = words[:-1]
    return words


def name_chains(spans: Iterable[Span], registry: ActorRegistry, *, on: date | None) -> NameChains:
    """Return the name chains of an article from its entity mentions (only people and organizations are read).

    Organization names that are one name once legal forms are dropped ("General Motors", "General Motors
    Corporation") are one actor: the registry's entry where one of them has one, else the first written."""
    people: dict[str, dict[str, Entity]] = {}
    canon: dict[tuple[str, ...], Entity] = {}
    first: dict[tuple[str, ...], int] = {}
    suffixed: set[tuple[str, ...]] = set()  # names written somewhere with a legal form ("Apple Inc.")
    written_initials: dict[tuple[str, ...], set[tuple[str]]] = {}  # with the legal form ("Penske Automotive Group")
    for span in sorted(spans, key=lambda s: s.start):
        if span.label not in NAME_LABELS:
            continue
        entity = registry.resolve(span.text, label=span.label, on=on)
        words = registry.name_words(span.text, person=entity.type == "person")
        if entity.type == "person" and len(words) >= 2:
            for word in {words[0], words[-1]}:
                people.setdefault(word, {}).setdefault(entity.id, entity)
        elif entity.type == "organization" and words:
            key = tuple(company_words(words))
            if len(key) < len(words):
                suffixed.add(key)
                if len(key) >= 2:  # a one-word name has no initials: "AI" is not "Apple Inc."
                    written_initials.setdefault(key, set()).add(initials_of(words))
            first.setdefault(key, span.start)
            known = canon.get(key)
            if known is None or (known.id.startswith(UNKNOWN_PREFIX) and not entity.id.startswith(UNKNOWN_PREFIX)):
                canon[key] = entity
    organizations: dict[tuple[str, ...], dict[str, Entity]] = {}
    since: dict[tuple[str, ...], int] = {}
    for key, entity in canon.items():
        # A short mention's own name is not a full name: only a legal form or more words make one. Initials
        # stand for the name wherever they are written (a headline's "GM" before the body's "General Motors");
        # a name's beginning only after it ("Chrysler" early in an article is not the later "Chrysler Aspen").
        initials = ({initials_of(list(key))} if len(key) >= 2 else set()) | written_initials.get(key, set())
        for short in ((key,) if key in suffixed else ()) + tuple(short_forms(list(key))) + tuple(initials):
            organizations.setdefault(short, {}).setdefault(entity.id, entity)
            written = ANYWHERE if short in initials else first[key]
            since[short] = min(since.get(short, written), written)
    linked = {short: (entity, since[short]) for short, entity in unique(organizations).items()}
    return NameChains(people=MappingProxyType(unique(people)), organizations=MappingProxyType(linked))


def short_forms(words: list[str]) -> list[tuple[str, ...]]:
    """Return the short forms of an organization name of two words or more: each proper beginning of it, and
    its initials ("general motors" -> ("general",), ("gm",))."""
    if len(words) < 2:
        return []
    return [tuple(words[:n]) for n in range(1, len(words))] + [initials_of(words)]


def initials_of(words: list[str]) -> tuple[str]:
    """Return the initials of a name's words as one short form ("general motors" -> ("gm",))."""
    return ("".join(w[0] for w in words),)


def unique(found: dict[Key, dict[str, Entity]]) -> dict[Key, Entity]:
    """Return the short names that point at exactly one entity."""
    return {key: next(iter(entities.values())) for key, entities in found.items() if len(entities) == 1}
