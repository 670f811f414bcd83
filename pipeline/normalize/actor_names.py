"""How the actor registry reads a mention: folded text, words, and what a reading is made of.

Owns ``tokenize`` (words, with "'s" split off and "the"/"al"/"el" dropped), the alias keys the
registry indexes, and the small structures a reading is built from (``Target``, ``Unit``,
``Reading``). Folding (case, diacritics, typographic quotes) is ``pipeline.knowledge.text.fold``.
Imports the standard library and ``pipeline.knowledge``; never spaCy or another stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.knowledge.text import fold, plain_characters

_DROPPED = frozenset({"the", "al", "el"})
EDGE_PUNCT = "\"()[]{},;:!?*"
# What a name mention may carry after the name: a parenthesis ("General Motors (GM", an acronym or a place) or an
# apposition ("AirTanker Ltd., an EADS-led consortium").
_AFTER_NAME = re.compile(r"\s*(?:\(|,\s+(?:an?|the)\s).*$", re.IGNORECASE | re.DOTALL)


def name_part(mention: str) -> str:
    """Return the name a mention begins with, cut before a parenthesis or an apposition that follows it
    ("General Motors (GM)" -> "General Motors"); the mention itself when nothing precedes the cut."""
    cut = _AFTER_NAME.sub("", mention)
    return cut if cut.strip(EDGE_PUNCT + " ") else mention


@dataclass(frozen=True)
class Token:
    """One word of a mention: as written, and folded for matching."""

    text: str
    key: str

    @property
    def acronym(self) -> str:
        return self.text.replace(".", "")

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def _split_hyphens(word: str) -> list[str]:
    parts = word.split("-")
    return parts if len(parts) > 1 and all(sum(ch.isalpha() for ch in p) >= 2 for p in parts) else [word]


def tokenize(text: str) -> list[Token]:
    """Return the words of ``text``; "'s" becomes its own token, "the"/"al"/"el" are dropped."""
    tokens: list[Token] = []
    for raw in plain_characters(text).split():
        word = raw.strip(EDGE_PUNCT)
        possessive = re.search(r"\w's$", word) is not None
        word = word[:-2] if possessive else word.rstrip("'")
        for part in _split_hyphens(word):
            key = fold(part).replace(".", "")
            if any(ch.isalnum() for ch in key) and key not in _DROPPED:
                tokens.append(Token(part, key))
        if possessive:
            tokens.append(Token("'s", "'s"))
    return tokens


def alias_key(alias: str) -> str:
    """Return the folded key an alias is indexed under."""
    return " ".join(t.key for t in tokenize(alias))


def is_acronym(alias: str) -> bool:
    """True for single-word all-capital aliases ("US", "U.S.", "WHO", "IS"), matched only as written."""
    bare = alias.replace(".", "")
    return " " not in alias and bare.isupper() and len(bare) <= 6


@dataclass(frozen=True)
class Target:
    """What an alias points to: a registry id, the alias kind and a sector the alias implies (the Kremlin: GOV)."""

    id: str
    kind: str
    sector: str | None = None
    label: str = ""


@dataclass
class Unit:
    """A stretch of a mention: one alias match, one lexicon phrase or one unknown word."""

    tokens: list[Token]
    targets: list[Target] = field(default_factory=list)
    lex: dict[str, str] = field(default_factory=dict)
    patron: bool = False

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


@dataclass
class Reading:
    """How a mention reads: its base actor and where it stands, office, sector and leftover name words."""

    base: Target | None = None
    region: str = ""
    office: str | None = None
    sector: str | None = None
    sector_follows: bool = False
    blocked: bool = False
    titled: bool = False
    remnant: list[str] = field(default_factory=list)
    # the remnant words after the base's own words ("Apple Corps": ["Corps"]; "Aer Lingus rival Ryanair": [])
    trailing: list[str] = field(default_factory=list)
    homeland: str | None = None
