"""The pairs of named actors in each sentence that the pair model may link: ``PairSlot`` records.

The rules propose a claim only where a lexicon verb or noun links two actors; the pair model
(``pipeline.score.propose``) looks at every pair of named actors of a sentence instead. This module
lists those pairs with what the parse says of the word that joins them: their lowest common head
outside both names (``cue``), the polarity, modality and speaker its context gives (the same stance
cues as the rules' predicates, ``pipeline.extract.modality``) and the time and place of its clause.
Imports records, spaCy types and the sibling helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Literal

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from pipeline.extract.anchors import (
    PLACE_PREPS,
    anchor_token,
    own_clause,
    place_mentions,
    region_mentions,
    same_event_clauses,
    time_for,
)
from pipeline.extract.arguments import ACTOR_LABELS, to_span
from pipeline.extract.modality import Stance, stance_of
from pipeline.ontology import Lexicon
from pipeline.records import ActorSpan, Candidate, PairSlot, Span

# How many pairs a pipeline lists: none (no model), those of the rules' two-actor candidates (a policy that
# only scores, vetoes or retypes the rules' claims), or all (a policy that may add claims; choosing one).
PairLevel = Literal["none", "covered", "all"]
# A sentence with many names (a list of companies) gives many pairs: keep the nearest ones.
MAX_PAIRS_PER_SENTENCE = 12
MAX_TOKEN_DISTANCE = 40


def doc_pairs(doc: Doc, lexicon: Lexicon, level: PairLevel, candidates: Sequence[Candidate]) -> tuple[PairSlot, ...]:
    """Return the pair slots of ``doc`` at ``level`` (see ``PairLevel``), in text order."""
    if level == "none":
        return ()
    named = [(c.subject.mention, c.object.mention) for c in candidates if c.object is not None]
    wanted = None if level == "all" else named
    return tuple(slot for sentence in doc.sents for slot in pair_slots(sentence, lexicon, wanted=wanted))


def names_pair(x: SpacySpan, y: SpacySpan, named: Sequence[tuple[Span, Span]]) -> bool:
    """Return True when a candidate's subject and object lie on the two names (either way round)."""
    on = lambda span, ent: span.start < ent.end_char and ent.start_char < span.end  # noqa: E731
    return any((on(s, x) and on(o, y)) or (on(s, y) and on(o, x)) for s, o in named)


def pair_slots(sentence: SpacySpan, lexicon: Lexicon, *,
               wanted: Sequence[tuple[Span, Span]] | None = None) -> list[PairSlot]:
    """Return the slots of every pair of distinct named actors of ``sentence`` (only the pairs a (subject,
    object) of ``wanted`` lies on, when given), in text order."""
    names = [ent for ent in sentence.ents if ent.label_ in ACTOR_LABELS and not is_setting(ent)]
    pairs = [
        (x, y) for x, y in combinations(names, 2)
        if x.text.lower() != y.text.lower() and y.start - x.end <= MAX_TOKEN_DISTANCE
    ]
    pairs.sort(key=lambda pair: (pair[1].start - pair[0].end, pair[0].start))
    context = SentenceContext(sentence, lexicon)
    slots = []
    for x, y in pairs[:MAX_PAIRS_PER_SENTENCE]:
        if wanted is not None and not names_pair(x, y, wanted):
            continue
        cue = joining_word(x, y)
        if cue is not None:
            slots.append(context.slot_of(x, y, cue))
    return sorted(slots, key=lambda slot: (slot.a.mention.start, slot.b.mention.start))


class SentenceContext:
    """What the slots of one sentence share, computed once: its places with their anchors, and per joining word
    its stance, time and clause (many pairs of a sentence share one joining word)."""

    def __init__(self, sentence: SpacySpan, lexicon: Lexicon) -> None:
        self.sentence = sentence
        self.lexicon = lexicon
        self.span = to_span(sentence)
        self.places = [(span, anchor_token(span)) for span in place_mentions(sentence) + region_mentions(sentence)]
        self.cues: dict[int, tuple[Stance, Span | None, frozenset[int]]] = {}

    def of_cue(self, cue: Token) -> tuple[Stance, Span | None, frozenset[int]]:
        """Return the stance, time and clause token indices of a joining word (as ``place_for`` reads a clause)."""
        if cue.i not in self.cues:
            clause = own_clause(cue)
            clause += same_event_clauses(clause[-1])
            self.cues[cue.i] = (stance_of(cue, self.lexicon), time_for(cue, self.sentence),
                                frozenset(t.i for t in clause))
        return self.cues[cue.i]

    def slot_of(self, x: SpacySpan, y: SpacySpan, cue: Token) -> PairSlot:
        """Return the slot of the pair (``x``, ``y``) joined by ``cue``; its place is the first place of the cue's
        clause that is neither name (``pipeline.extract.anchors.place_for``)."""
        stance, time, clause = self.of_cue(cue)
        place = next((span for span, anchor in self.places
                      if anchor.i in clause and span.start_char not in (x.start_char, y.start_char)), None)
        return PairSlot(
            sentence=self.span, a=actor_of(x), b=actor_of(y), cue=to_span(cue.doc[cue.i: cue.i + 1]),
            lemma=cue.lemma_.lower(), polarity=stance.polarity, modality=stance.modality, speaker=stance.speaker,
            time=time, location=to_span(place, "PLACE") if place is not None else None,
        )


def is_setting(ent: SpacySpan) -> bool:
    """Return True when a name says where rather than who: a place governed by a place preposition
    ("signed a pact in Nairobi", "at Geneva")."""
    root = ent.root
    return ent.label_ != "PERSON" and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def joining_word(x: SpacySpan, y: SpacySpan) -> Token | None:
    """Return the lowest common head of two names that lies outside both ("Turkey supports the GNA":
    supports; "the deal between Boeing and Aeroflot": deal), or None when the parse does not join them."""
    above_x = [x.root, *x.root.ancestors]
    above_y = {t.i for t in (y.root, *y.root.ancestors)}
    common = next((t for t in above_x if t.i in above_y), None)
    inside = set(range(x.start, x.end)) | set(range(y.start, y.end))
    while common is not None and (common.i in inside or common.pos_ == "ADP"):  # a preposition: its head
        common = common.head if common.head != common else None
    return common


def actor_of(ent: SpacySpan) -> ActorSpan:
    """Return a named entity as an actor argument (its own name; no coreference)."""
    return ActorSpan(mention=to_span(ent, ent.label_), resolved=ent.text, label=ent.label_)
