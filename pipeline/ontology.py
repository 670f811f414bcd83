"""PLOVER v0.8 and CAMEO facts, and the event-typing lexicon that maps news words onto them.

This leaf module owns the ontology tables (quad class, allowed modes and contexts per PLOVER
type, the old-to-v0.8 type map, CAMEO cue categories), the ``PredicateEntry`` record, and
``Lexicon``: the predicate table (the hand-written ``predicates.txt`` and, under it, the generated
``converted_predicates.txt``) plus the cue lists (speech, denial, hedging, future, negation,
obligation, aspect and light verbs) read from a lexicon directory. It imports only the
standard library, ``pipeline.records`` and the leaf ``pipeline.errors``; it never imports spaCy
or a stage. The lexicon files and their format are described in ``models/lexicons/README.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import cast

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.knowledge.plover import plover_tables

# PLOVER_TYPES is re-exported: the ontology's readers take the type list from here with its tables.
from pipeline.records import PLOVER_TYPES as PLOVER_TYPES
from pipeline.records import ClaimKind, PloverType

logger = logging.getLogger(__name__)

DEFAULT_LEXICON_DIR = data_path("lexicons")
MANIFEST_FILE = "manifest.json"
PREDICATE_FILE = "predicates.txt"
# Written by ``claimgraph convert`` (pipeline.convert): the 9 columns of PREDICATE_FILE and a source.
CONVERTED_PREDICATE_FILE = "converted_predicates.txt"
HAND_SOURCE = "claimgraph"

_TABLES = plover_tables()
QUAD: Mapping[str, int] = _TABLES.quad
# Modes per type; an empty set means the type takes no mode.
MODES: Mapping[str, frozenset[str]] = _TABLES.modes
CONTEXTS: frozenset[str] = _TABLES.contexts
OLD_TYPE_MAP: Mapping[str, str] = _TABLES.old_types
CAMEO_ROOTS: Mapping[str, str | None] = _TABLES.cameo_roots
CAMEO_MAP_EXCEPTIONS: Mapping[str, str] = _TABLES.cameo_exceptions
COOPERATIVE_TYPES = _TABLES.cooperative
MATERIAL_CONFLICT_TYPES = _TABLES.material_conflict
# Types whose two actors play the same part ("A and B agreed / met / cooperate").
RECIPROCAL_TYPES = _TABLES.reciprocal
# What an aspect verb or auxiliary can do to its complement's event (``Lexicon.aspect_effect``).
FRAMES = frozenset({"transparent", "future", "hypothetical", "intent", "threat", "refusal", "request"})
_FRAME_CODES = _TABLES.frames

_FLAG_NAMES = {"obj": "needs_object", "inverse": "object_role", "ambiguous": "ambiguous"}
_CUE_FILES = ("speech_verbs", "denial_cues", "hedge_cues", "negation_cues", "obligation_cues",
              "light_verbs", "non_events")


def quad_of(plover: str) -> int:
    """Return the QuadClass (1-4) of a PLOVER v0.8 type; raise KeyError for an unknown type."""
    return QUAD[plover]


def to_v08(event: str) -> str:
    """Return the v0.8 name of a PLOVER type, mapping the older names (DEMAND, FIGHT, ...)."""
    name = event.strip().upper()
    return OLD_TYPE_MAP.get(name, name)


def cameo_root_to_plover(code: str) -> str | None:
    """Return the PLOVER type of a CAMEO code's cue category, or None for 01/02 and unknown roots.

    Codes of any depth are accepted; only the two-digit root (and for 08 the third digit:
    080-083 are CONCEDE, 084-087 RETREAT) decides, as the v0.8 manual's table does.
    """
    code = code.strip()
    if code[:2] == "08" and len(code) >= 3:
        return "CONCEDE" if code[2] in "0123" else "RETREAT"
    return CAMEO_ROOTS.get(code[:2])


def cameo_to_plover(code: str) -> str | None:
    """Return the PLOVER type the 2021 CAMEO->PLOVER map gives a code (its sub-code moves included)."""
    code = code.strip()
    return CAMEO_MAP_EXCEPTIONS.get(code) or cameo_root_to_plover(code)


@dataclass(frozen=True)
class PredicateEntry:
    """One lexicon row: a word (with its particle, preposition or object noun) typed in PLOVER.

    ``noun`` is the object noun of a verb pattern ("impose" + "sanction"), or a class name
    starting with ``@`` (``@weapon``). ``object_role`` is "inverse" when the grammatical subject
    is the recipient and the other party is the actor ("Yeltsin hosted Hashimoto"). ``source``
    says where the entry comes from: "claimgraph" for the hand-written table, else the converted
    resource and its part ("petrarch2:CAMEO.2.0:DISMISS").
    """

    lemma: str
    pos: str
    plover: PloverType
    particle: str | None = None
    prep: str | None = None
    noun: str | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    kind: ClaimKind = "event"
    object_role: str = "object"
    needs_object: bool = False
    ambiguous: bool = False
    source: str = HAND_SOURCE

    @property
    def quad(self) -> int:
        """The QuadClass of the entry's PLOVER type."""
        return QUAD[self.plover]

    @property
    def key(self) -> LexKey:
        """What the lexicon files the entry under: (lemma, pos, particle, preposition, noun), "" for none."""
        return _key(self.lemma, self.pos, self.particle, self.prep, self.noun)

    @property
    def pattern(self) -> str:
        """The entry as a reader would write it: "shoot down", "call for", "impose ... sanction"."""
        parts = [self.lemma, self.particle or "", self.prep or ""]
        text = " ".join(part for part in parts if part)
        return f"{text} ... {self.noun}" if self.noun else text

    def problems(self) -> list[str]:
        """Return what is wrong with the entry against the PLOVER tables (empty when valid)."""
        found = []
        if self.plover not in QUAD:
            return [f"unknown PLOVER type {self.plover!r}"]
        if self.mode and self.mode not in MODES[self.plover]:
            found.append(f"mode {self.mode!r} not allowed for {self.plover}")
        found += [f"unknown context {c!r}" for c in self.context if c not in CONTEXTS]
        if self.kind not in ("event", "relation"):
            found.append(f"kind {self.kind!r} is neither event nor relation")
        if self.pos not in ("VERB", "NOUN", "ADJ"):
            found.append(f"pos {self.pos!r} is not VERB, NOUN or ADJ")
        return found


LexKey = tuple[str, str, str, str, str]


def _key(lemma: str, pos: str, particle: str | None, prep: str | None, noun: str | None) -> LexKey:
    return (lemma, pos, particle or "", prep or "", noun or "")


def _variants(words: str | None) -> list[str]:
    """A multiword noun and its shorter tails: "emergency food aid" -> [.., "food aid", "aid"]."""
    if not words:
        return []
    parts = words.lower().split()
    return [" ".join(parts[i:]) for i in range(len(parts))]


@dataclass(frozen=True)
class Lexicon:
    """The predicate table and cue lists of one lexicon directory.

    Build it with ``Lexicon.load``; tests may build one by hand from entries.
    """

    entries: Mapping[LexKey, PredicateEntry]
    noun_classes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    speech_verbs: frozenset[str] = frozenset()
    denial_cues: frozenset[str] = frozenset()
    hedge_cues: frozenset[str] = frozenset()
    negation_cues: frozenset[str] = frozenset()
    obligation_cues: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    non_events: frozenset[str] = frozenset()
    future_cues: Mapping[str, str] = field(default_factory=dict)
    aspect_verbs: Mapping[str, str] = field(default_factory=dict)
    version: str = ""
    digest: str = ""

    @classmethod
    def load(cls, directory: Path, *, converted: bool = True) -> Lexicon:
        """Read a lexicon directory (see models/lexicons/README.md) and return the Lexicon.

        With ``converted`` (the default) the entries of ``converted_predicates.txt`` are read too
        where the file exists; a hand entry of ``predicates.txt`` wins over a converted one with the
        same key. Raises ModelError when a file is missing or a line cannot be read.
        """
        directory = Path(directory)
        manifest = _read_manifest(directory)
        entries = _read_predicates(directory / PREDICATE_FILE)
        converted_path = directory / CONVERTED_PREDICATE_FILE
        if converted and converted_path.is_file():
            entries = {**_read_predicates(converted_path, with_source=True), **entries}
        cues = {name: frozenset(_read_list(directory / f"{name}.txt")) for name in _CUE_FILES}
        lexicon = cls(
            entries=MappingProxyType(entries),
            noun_classes=MappingProxyType(_read_classes(directory / "noun_classes.txt")),
            future_cues=MappingProxyType(_read_pairs(directory / "future_cues.txt")),
            aspect_verbs=MappingProxyType(_read_pairs(directory / "aspect_verbs.txt")),
            version=str(manifest.get("version", "")),
            digest=_digest(manifest, leave_out=() if converted else (CONVERTED_PREDICATE_FILE,)),
            **cues,
        )
        logger.debug("loaded lexicon %s: %d entries", lexicon.version, len(entries))
        return lexicon

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, lemma: str, pos: str, *, particle: str | None = None, prep: str | None = None,
               noun: str | None = None) -> PredicateEntry | None:
        """Return the most specific entry for a word and its particle, preposition and object noun.

        Order: for the object noun and then each shorter tail of it, the word with that noun
        (with particle and preposition, then without), then with the noun's classes
        (``@weapon``), then a light verb's entry for the noun ("launch" + "attack" -> the entry
        of "attack"); then the particle and preposition alone; then the lemma alone. Multiword
        lemmas fall back to their shorter tails too ("us air strike" -> "air strike" -> "strike"),
        so pass whole compounds when known.
        Returns None when nothing matches.
        """
        pos = pos.upper()
        particle, prep = _norm(particle), _norm(prep)
        for head in _variants(lemma):
            found = self._lookup_one(head, pos, particle, prep, noun)
            if found is not None:
                return found
        return None

    def _lookup_one(self, lemma: str, pos: str, particle: str | None, prep: str | None,
                    noun: str | None) -> PredicateEntry | None:
        light = self.is_light_verb(lemma, particle)
        for word in _variants(noun):
            for key in (word, *self._classes_of(word)):
                found = self._with_noun(lemma, pos, particle, prep, key)
                if found is not None:
                    return found
            found = self.entries.get(_key(word, "NOUN", None, None, None)) if light else None
            if found is not None:
                return found
        for parts in ((particle, prep), (particle, None), (None, prep)):
            if any(parts):
                found = self.entries.get(_key(lemma, pos, *parts, None))
                if found is not None:
                    return found
        return self.entries.get(_key(lemma, pos, None, None, None))

    def _with_noun(self, lemma: str, pos: str, particle: str | None, prep: str | None,
                   noun: str) -> PredicateEntry | None:
        """The entry for a word with this object noun, with its particle and preposition if any."""
        for parts in ((particle, prep), (particle, None), (None, prep), (None, None)):
            found = self.entries.get(_key(lemma, pos, *parts, noun))
            if found is not None:
                return found
        return None

    def _classes_of(self, word: str) -> list[str]:
        """The noun classes that list the word."""
        return sorted(name for name, members in self.noun_classes.items() if word in members)

    def is_light_verb(self, lemma: str, particle: str | None = None) -> bool:
        """True when the verb (with its particle) only carries the event named by its object noun."""
        return (f"{lemma} {particle}" if particle else lemma) in self.light_verbs

    def is_event_word(self, lemma: str) -> bool:
        """False for words listed as non-events (enrage, anger, ...) that must never type a claim."""
        return lemma.lower() not in self.non_events

    def aspect_effect(self, lemma: str) -> str | None:
        """Return what an aspect or control verb does to its complement's event, or None.

        One of "transparent", "intent", "threat", "refusal", "request", "future".
        """
        return self.aspect_verbs.get(lemma.lower())


def _norm(word: str | None) -> str | None:
    return word.strip().lower() if word and word.strip() else None


def reframe(entry: PredicateEntry, frame: str | None) -> PredicateEntry:
    """Return the entry as its frame types it, following CAMEO's intent/threat/reject/demand codes.

    Frames come from aspect and control verbs and from auxiliaries (``Lexicon.aspect_effect``,
    ``Lexicon.future_cues``). Under "future", "hypothetical" or "intent" a cooperative event
    becomes AGREE and a material conflict THREATEN (the v0.8 manual: code AGREE, not SUPPORT +
    future); verbal types stay. "threat" makes any event THREATEN, "request" any event REQUEST
    ("urged Turkey to withdraw"), "refusal" any but a material conflict REJECT (a refused attack
    is a negated attack). Unknown frames and "transparent" return the entry unchanged.
    """
    plover = entry.plover
    if frame in ("future", "hypothetical", "intent"):
        if plover in COOPERATIVE_TYPES:
            return replace(entry, plover="AGREE", mode=None, cameo=_FRAME_CODES.agree[plover])
        return _as_threat(entry) if plover in MATERIAL_CONFLICT_TYPES else entry
    if frame == "threat" and plover != "THREATEN":
        cameo, mode = _FRAME_CODES.threat_default
        if plover in MATERIAL_CONFLICT_TYPES:
            return _as_threat(entry)
        return replace(entry, plover="THREATEN", mode=mode, cameo=cameo)
    if frame == "refusal" and plover not in MATERIAL_CONFLICT_TYPES | {"REJECT"}:
        cameo, mode = _FRAME_CODES.reject.get(plover, _FRAME_CODES.reject_default)
        return replace(entry, plover="REJECT", mode=mode, cameo=cameo)
    if frame == "request" and plover != "REQUEST":
        cameo, mode = _FRAME_CODES.request.get(plover, _FRAME_CODES.request_default)
        return replace(entry, plover="REQUEST", mode=mode, cameo=cameo)
    return entry


def _as_threat(entry: PredicateEntry) -> PredicateEntry:
    cameo, mode = _FRAME_CODES.threat[entry.plover]
    if entry.plover == "COERCE" and entry.mode is not None and entry.mode in _FRAME_CODES.threat_by_coerce_mode:
        cameo, mode = _FRAME_CODES.threat_by_coerce_mode[entry.mode]
    if entry.plover == "SANCTION" and entry.mode is not None and entry.mode in _FRAME_CODES.threat_by_sanction_mode:
        cameo, mode = _FRAME_CODES.threat_by_sanction_mode[entry.mode]
    return replace(entry, plover="THREATEN", mode=mode, cameo=cameo)


# --- reading the lexicon files ---------------------------------------------------------------


def _data_lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines with their line numbers; raise ModelError if the file is missing."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ModelError(f"lexicon file {path} cannot be read; restore it from the repository "
                         f"or pass the right lexicon directory", origin=str(path), stage="ontology") from e
    lines = [(number, line.split("#", 1)[0].strip()) for number, line in enumerate(text.splitlines(), 1)]
    return [(number, line) for number, line in lines if line]


def _read_list(path: Path) -> list[str]:
    return [" ".join(line.lower().split()) for _, line in _data_lines(path)]


def _read_pairs(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for number, line in _data_lines(path):
        *words, value = line.lower().split()
        if not words:
            raise _line_error(path, number, "expected '<cue words> <value>'")
        pairs[" ".join(words)] = value
    return pairs


def _read_classes(path: Path) -> dict[str, frozenset[str]]:
    classes: dict[str, frozenset[str]] = {}
    for number, line in _data_lines(path):
        name, sep, members = line.partition(":")
        if not sep or not name.startswith("@"):
            raise _line_error(path, number, "expected '@class: word word_two ...'")
        classes[name.strip()] = frozenset(word.replace("_", " ") for word in members.lower().split())
    return classes


def _read_predicates(path: Path, *, with_source: bool = False) -> dict[LexKey, PredicateEntry]:
    """The entries of a predicate file: 9 columns, or 10 with ``with_source`` (the converted file)."""
    entries: dict[LexKey, PredicateEntry] = {}
    for number, line in _data_lines(path):
        entry = _parse_entry(line.split(), path, number, with_source=with_source)
        if entry.key in entries:
            raise _line_error(path, number, f"duplicate entry for {entry.pattern!r} ({entry.pos})")
        entries[entry.key] = entry
    return entries


def _parse_entry(cols: list[str], path: Path, number: int, *, with_source: bool = False) -> PredicateEntry:
    expected = 10 if with_source else 9
    if len(cols) != expected:
        raise _line_error(path, number, f"expected {expected} columns, found {len(cols)}")
    source = cols[9] if with_source else HAND_SOURCE
    lemma, pos, pattern, plover, mode, context, cameo, kind, flags = (_dash(c) for c in cols[:9])
    parts = _parse_pattern(pattern or "", path, number)
    flag_set = set((flags or "").split(",")) - {""}
    if flag_set - _FLAG_NAMES.keys():
        raise _line_error(path, number, f"unknown flags {sorted(flag_set - _FLAG_NAMES.keys())}")
    # The type and kind are read as written; ``problems`` below rejects any outside the Literals.
    entry = PredicateEntry(
        lemma=_words(lemma), pos=(pos or "").upper(), plover=cast(PloverType, (plover or "").upper()), mode=mode,
        context=tuple((context or "").split(";")) if context else (), cameo=cameo,
        kind=cast(ClaimKind, kind or "event"), object_role="inverse" if "inverse" in flag_set else "object",
        needs_object="obj" in flag_set, ambiguous="ambiguous" in flag_set, source=source, **parts,
    )
    if entry.problems():
        raise _line_error(path, number, "; ".join(entry.problems()))
    return entry


def _parse_pattern(pattern: str, path: Path, number: int) -> dict[str, str | None]:
    names = {"prt": "particle", "prep": "prep", "obj": "noun"}
    parts: dict[str, str | None] = {"particle": None, "prep": None, "noun": None}
    for piece in filter(None, pattern.split("+")):
        tag, sep, value = piece.partition(":")
        if not sep or tag not in names or not value:
            raise _line_error(path, number, f"bad pattern piece {piece!r} (use prt:, prep:, obj:)")
        parts[names[tag]] = _words(value)
    return parts


def _dash(value: str) -> str | None:
    return None if value == "-" else value


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ").lower()


def _line_error(path: Path, number: int, message: str) -> ModelError:
    return ModelError(f"{path.name} line {number}: {message}; fix the line (format in README.md)",
                      origin=str(path), stage="ontology")


# --- manifest -------------------------------------------------------------------------------


def lexicon_files(directory: Path) -> list[Path]:
    """Return the data files of a lexicon directory: its ``.txt`` and ``.json`` files but the manifest."""
    return sorted(p for p in Path(directory).iterdir()
                  if p.is_file() and p.suffix in (".txt", ".json") and p.name != MANIFEST_FILE)


def file_hashes(directory: Path) -> dict[str, str]:
    """Return {file name: sha256} for the lexicon's data files."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in lexicon_files(directory)}


def write_manifest(directory: Path, *, name: str = "claimgraph-plover-lexicon", version: str) -> Path:
    """Write manifest.json (name, version, sha256 per data file) into the directory; return its path."""
    path = Path(directory) / MANIFEST_FILE
    manifest = {"name": name, "version": version, "files": file_hashes(directory)}
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _read_manifest(directory: Path) -> dict[str, object]:
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise ModelError(f"no {MANIFEST_FILE} in {directory}; pass a lexicon directory "
                         f"(default {DEFAULT_LEXICON_DIR})", origin=str(directory), stage="ontology")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ModelError(f"{path} is not valid JSON; regenerate it with write_manifest",
                         origin=str(path), stage="ontology") from e


def _digest(manifest: Mapping[str, object], *, leave_out: tuple[str, ...] = ()) -> str:
    """A short digest of the manifest's file hashes (but those of the files not read), for provenance
    and cache keys."""
    files = cast(Mapping[str, str], manifest.get("files", {}))
    read = {name: sha for name, sha in files.items() if name not in leave_out}
    return hashlib.sha256(json.dumps(read, sort_keys=True).encode("utf-8")).hexdigest()[:16]
