"""The records every evaluation-set reader returns: ``CharSpan``, ``GoldEvent`` and ``Document``.

Leaf module of the ``evalsets`` package: it imports only the standard library. Spans are character
offsets into the ``text`` the record carries, end-exclusive, as everywhere in claimgraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SplitName = Literal["train", "dev", "test"]
SPLITS: tuple[SplitName, ...] = ("train", "dev", "test")
# "forward": source acts on target; "backward": target acts on source (a directed-stance pair marked
# the other way round); "reciprocal": both act on each other (CAMEO's R spans).
Direction = Literal["forward", "backward", "reciprocal"]
Polarity = Literal["positive", "negative"]
Role = Literal["source", "target", "location"]


@dataclass(frozen=True)
class CharSpan:
    """A piece of a record's text: ``text[start:end]``, end-exclusive."""

    start: int
    end: int

    def overlaps(self, other: CharSpan) -> bool:
        """Return True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def shifted(self, offset: int) -> CharSpan:
        """Return the span moved by ``offset`` characters (re-basing it into a sub-text)."""
        return CharSpan(self.start + offset, self.end + offset)


@dataclass(frozen=True)
class GoldEvent:
    """One labelled event (or labelled pair) of an external set, in the project's terms.

    ``text`` is the sentence or document the spans index. ``source`` and ``target`` hold every
    acceptable mention of each side (a compound actor or a coreference chain gives several; any one
    matching is enough). ``plover`` is the mapped PLOVER type (None where the set's label has no
    PLOVER counterpart, or the set labels no type); ``quad`` the QuadClass 1-4 (None for a
    statement or where the set has none); ``direction`` and ``polarity`` where the set has them.
    ``label`` is the upstream label as written, ``trigger`` the event word where the set marks one.
    """

    dataset: str
    document: str
    text: str
    label: str
    source: tuple[CharSpan, ...] = ()
    target: tuple[CharSpan, ...] = ()
    location: tuple[CharSpan, ...] = ()
    trigger: CharSpan | None = None
    plover: str | None = None
    quad: int | None = None
    direction: Direction | None = None
    polarity: Polarity | None = None
    mode: str | None = None

    @property
    def has_pair(self) -> bool:
        """True when the event names both a source and a target."""
        return bool(self.source) and bool(self.target)

    def spans_text(self, role: Role) -> tuple[str, ...]:
        """Return the words of each span of ``role`` (for reports and tests)."""
        spans = {"source": self.source, "target": self.target, "location": self.location}[role]
        return tuple(self.text[s.start : s.end] for s in spans)


@dataclass(frozen=True)
class Document:
    """One unit of a set that splits are made of: its id and its upstream part ("" when the set has none)."""

    id: str
    upstream_split: str
    group: str = ""
