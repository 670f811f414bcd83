"""Tests for pipeline.convert.petrarch_verbs and petrarch_files: a small dictionary of our own words in
PETRARCH2's verb syntax converted against a tiny hand lexicon and written, and the shipped lexicon with
its converted entries."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from pipeline.convert.petrarch_files import CONFLICT_FILE, write_verbs
from pipeline.convert.petrarch_verbs import NounLemmatizer, VerbConversion, convert_verbs, spacy_noun_lemmatizer
from pipeline.errors import ModelError
from pipeline.ontology import (
    CONVERTED_PREDICATE_FILE,
    DEFAULT_LEXICON_DIR,
    PREDICATE_FILE,
    Lexicon,
    write_manifest,
)

# Invented verbs and nouns, one case per rule of the module docstring. The single verbs ZORP, BLEEN and
# QUIB get no entry of their own (bare_verb_block_code); their patterns and GLORB_OUT (a particle) do.
DICTIONARY = """\
# a test dictionary in PETRARCH2's verb syntax
&GADGET
+WIDGET
+SPROCKET_WHEEL
+GIZMO_

####### VERB PATTERNS #######

---  ZORP   [190]  ---
ZORP
BLEEN {BLEENS BLEENED BLEENING }
+GLORB_OUT [173]
+GLORB_UP_TO
- * &GADGET                  [194]      # ZORP
- * WOMBATS                  [193]      # BLEENED <xx 01 Jan 2020>
- * (AS FABRICATION)         [112]      # BLEEN
- * (TO)                     [042:043]  # ZORP
- * (INTO)                   [0841]     # GLORB_OUT
- * DOWN                     [1712]     # GLORB_OUT
- * BLANKETS                 [073]      # OY 08 Mar 2006
- * WOMBAT                   [191]      # ZORP
- * WOMBAT                   [194]      # ZORP
- SNOOT * WOMBAT             [190]      # ZORP
- * WOMBAT (WITH GUSTO)      [190]      # ZORP
- * {BIG WOMBAT}             [190]      # ZORP
- * (AT $)                   [190]      # ZORP
- * GLADLY                   [190]      # ZORP
- * &NOPE                    [190]      # ZORP
- * NUMBAT                   [---]      # ZORP
- * NUMBAT                   [:173]     # ZORP
- * PEEVE                    [012]      # ZORP
- * PEEVE                    [176]      # ZORP

---  QUIB   [---]  ---
QUIB [0211]
BLAB [020]
MOPE [080]
WIELD [170]
SNOOZE [040]
FRIZZLE
- * SUPPORT                  [022]      # FRIZZLE
"""

# Rows of our own for the codes above, in the 2021 map's format.
CODE_MAP = """\
042: CONSULT, visit,  # a visit
073: AID, , humanitarian # relief
0841: RETREAT, release, legal # a release
102: REQUEST, assist, diplomatic # a demand
1011: REQUEST, assist, economic # a demand
112: ACCUSE, disapprove, # an accusation
173: COERCE, arrest, legal # an arrest
190: ASSAULT, , military # force
191: COERCE, restrict, military # a blockade
193: ASSAULT, firearms, military # small arms
194: ASSAULT, heavy-weapons, military # artillery
"""
CODEBOOK = "".join(f"LABEL: {code}= a label\n" for code in
                   ("012", "020", "022", "0211", "040", "042", "043", "073", "080", "0841", "112", "170", "173", "1712", "190",
                    "191", "193", "194"))

HAND_PREDICATES = """\
zorp  VERB obj:widget ASSAULT  heavy-weapons military 194  event -
zorp  VERB obj:@kit   COERCE   -             -        170  event -
quib  VERB -          REJECT   -             -        120  event -
"""
HAND_LISTS = {
    "noun_classes": "@kit: gizmo\n", "speech_verbs": "blab\n", "non_events": "mope\n", "light_verbs": "wield\n",
    "denial_cues": "", "hedge_cues": "", "negation_cues": "", "obligation_cues": "", "future_cues": "",
    "aspect_verbs": "snooze transparent\n",
}

SOURCE = "petrarch2:CAMEO.2.0:"


def plain_lemmas(nouns: Collection[str]) -> dict[str, str | None]:
    """A stand-in for spaCy: drops a plural "s"; words in -ly are no nouns."""
    return {noun: None if noun.endswith("ly") else noun.removesuffix("s") for noun in nouns}


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / PREDICATE_FILE).write_text(HAND_PREDICATES, encoding="utf-8")
    for name, text in HAND_LISTS.items():
        (hand / f"{name}.txt").write_text(text, encoding="utf-8")
    write_manifest(hand, version="test")
    files = {"cameo": DICTIONARY, "map": CODE_MAP, "codebook": CODEBOOK}
    for name, text in files.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return {"hand": hand, **{name: tmp_path / f"{name}.txt" for name in files}}


def convert(inputs: dict[str, Path]) -> VerbConversion:
    return convert_verbs(inputs["cameo"], inputs["map"], inputs["hand"], codebook_file=inputs["codebook"],
                         lemmatize=plain_lemmas)


def rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line and not line.startswith("#")]


def test_petrarch_verbs_converts_the_kept_shapes(inputs: dict[str, Path]) -> None:
    conversion = convert(inputs)
    write_verbs(conversion, inputs["hand"])
    assert rows((inputs["hand"] / CONVERTED_PREDICATE_FILE).read_text(encoding="utf-8")) == [
        ["bleen", "VERB", "obj:wombat", "ASSAULT", "firearms", "military", "193", "event", "-", SOURCE + "ZORP"],
        ["bleen", "VERB", "prep:as+obj:fabrication", "ACCUSE", "disapprove", "-", "112", "event", "-", SOURCE + "ZORP"],
        ["frizzle", "VERB", "obj:support", "REQUEST", "assist", "diplomatic", "022", "event", "-", SOURCE + "QUIB"],
        ["glorb", "VERB", "prt:out", "COERCE", "arrest", "legal", "173", "event", "-", SOURCE + "ZORP"],
        ["glorb", "VERB", "prt:out+prep:into", "RETREAT", "release", "legal", "0841", "event", "-", SOURCE + "ZORP"],
        ["zorp", "VERB", "obj:blanket", "AID", "-", "human_security", "073", "event", "-", SOURCE + "ZORP"],
        ["zorp", "VERB", "obj:sprocket_wheel", "ASSAULT", "heavy-weapons", "military", "194", "event", "-", SOURCE + "ZORP"],
        ["zorp", "VERB", "obj:wombat", "COERCE", "restrict", "military", "191", "event", "ambiguous", SOURCE + "ZORP"],
        ["zorp", "VERB", "prep:to", "CONSULT", "visit", "-", "042", "event", "-", SOURCE + "ZORP"],
    ]


def test_petrarch_verbs_counts_what_it_skips_and_drops(inputs: dict[str, Path]) -> None:
    conversion = convert(inputs)
    assert conversion.skipped == {
        "aspect_verb": 1, "bare_verb_block_code": 3, "code_not_in_codebook": 1, "compound_noun": 1,
        "double_particle_or_preposition": 1, "light_verb": 1, "multiword_verb_form": 1, "no_plover_type": 1, "non_event": 1, "not_a_noun": 1, "noun_and_phrase": 1,
        "null_code": 2, "passive_code_only": 1, "pre_verb_words": 1, "source_target_marker": 1, "speech_verb": 1,
        "unknown_synset": 1,
    }
    assert conversion.dropped == {"hand_duplicate": 1, "other_type_reading": 1}
    assert conversion.types() == {"ASSAULT": 2, "COERCE": 2, "ACCUSE": 1, "REQUEST": 1, "RETREAT": 1, "AID": 1,
                                  "CONSULT": 1}


def test_petrarch_verbs_lists_conflicts_and_leaves_them_out(inputs: dict[str, Path]) -> None:
    """zorp + gizmo: the hand lexicon types it through its class @kit. quib (REQUEST 0211, the hand
    lexicon's REJECT) is a single verb, which gets no entry and so no conflict."""
    conversion = convert(inputs)
    write_verbs(conversion, inputs["hand"])
    assert [(c.hand.pattern, c.hand.plover, c.converted.pattern, c.converted.plover, c.converted.cameo)
            for c in conversion.conflicts] == [("zorp ... @kit", "COERCE", "zorp ... gizmo", "ASSAULT", "194")]
    assert rows((inputs["hand"] / CONFLICT_FILE).read_text(encoding="utf-8")) == [
        ["zorp", "VERB", "obj:gizmo", "COERCE", "170", "zorp", "obj:@kit", "ASSAULT", "194", SOURCE + "ZORP"],
    ]


def test_petrarch_verbs_rerun_writes_the_same_bytes_and_hand_entries_win(inputs: dict[str, Path]) -> None:
    paths = write_verbs(convert(inputs), inputs["hand"])
    first = [path.read_bytes() for path in paths]
    write_verbs(convert(inputs), inputs["hand"])
    write_manifest(inputs["hand"], version="test")
    lexicon = Lexicon.load(inputs["hand"])
    assert [path.read_bytes() for path in paths] == first
    assert len(lexicon) == 3 + 9
    hand_answers = [lexicon.lookup("zorp", "VERB", noun="widget"), lexicon.lookup("zorp", "VERB", noun="gizmo"),
                    lexicon.lookup("quib", "VERB")]
    assert [(entry.plover, entry.cameo, entry.source) for entry in hand_answers if entry] == [
        ("ASSAULT", "194", "claimgraph"), ("COERCE", "170", "claimgraph"), ("REJECT", "120", "claimgraph")]
    assert lexicon.lookup("zorp", "VERB", noun="wombat").source == SOURCE + "ZORP"
    # BLEEN, a single verb of the dictionary, is skipped; its pattern "* WOMBATS" is converted.
    assert lexicon.lookup("bleen", "VERB") is None
    wombat = lexicon.lookup("bleen", "VERB", noun="wombat")
    assert (wombat.plover, wombat.cameo, wombat.source) == ("ASSAULT", "193", SOURCE + "ZORP")
    assert len(Lexicon.load(inputs["hand"], converted=False)) == 3


def test_petrarch_verbs_converted_file_needs_ten_columns(inputs: dict[str, Path]) -> None:
    (inputs["hand"] / CONVERTED_PREDICATE_FILE).write_text(HAND_PREDICATES, encoding="utf-8")
    with pytest.raises(ModelError, match="converted_predicates.txt line 1: expected 10 columns, found 9"):
        Lexicon.load(inputs["hand"])


def test_petrarch_verbs_missing_input_raises(inputs: dict[str, Path]) -> None:
    inputs["cameo"].unlink()
    with pytest.raises(ModelError, match="cannot read .*cameo.txt"):
        convert(inputs)


# --- spaCy's lemmas ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spacy_lemmas() -> NounLemmatizer:
    return spacy_noun_lemmatizer()


def test_petrarch_verbs_spacy_lemmatizer_singularizes_heads(spacy_lemmas: NounLemmatizer) -> None:
    words = ["talks", "sanctions", "prime ministers", "armed forces", "news", "positively"]
    assert spacy_lemmas(words) == {"talks": "talk", "sanctions": "sanction", "prime ministers": "prime minister",
                                   "armed forces": "armed force", "news": "news", "positively": None}


# --- the shipped lexicon -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return Lexicon.load(DEFAULT_LEXICON_DIR)


def test_petrarch_verbs_shipped_lexicon_reads_both_files(shipped: Lexicon) -> None:
    hand = Lexicon.load(DEFAULT_LEXICON_DIR, converted=False)
    sources = {entry.source.split(":")[0] for entry in shipped.entries.values()}
    assert sources == {"claimgraph", "petrarch2"}
    assert len(hand) < 2000 < len(shipped)
    assert all(shipped.entries[key] == entry for key, entry in hand.entries.items())


def test_petrarch_verbs_shipped_hand_entry_wins(shipped: Lexicon) -> None:
    """converted_conflicts.txt lists freeze + asset (PETRARCH2 block FREEZE: COERCE 163, as cameo_to_plover
    types 163); the hand entry (SANCTION 163, decision 7) stays."""
    conflicts = (DEFAULT_LEXICON_DIR / CONFLICT_FILE).read_text(encoding="utf-8")
    entry = shipped.lookup("freeze", "VERB", noun="asset")
    assert ["freeze", "VERB", "obj:asset", "SANCTION", "163", "freeze", "obj:asset", "COERCE", "163",
            SOURCE + "FREEZE"] in rows(conflicts)
    assert (entry.plover, entry.cameo, entry.source) == ("SANCTION", "163", "claimgraph")


def test_petrarch_verbs_shipped_converted_entries_are_patterns(shipped: Lexicon) -> None:
    """No single verb is converted: "abandon", which the hand lexicon lacks, answers only with a pattern."""
    converted = [entry for entry in shipped.entries.values() if entry.source.startswith(SOURCE)]
    assert converted and all(entry.particle or entry.prep or entry.noun for entry in converted)
    assert shipped.lookup("abandon", "VERB") is None


@pytest.mark.parametrize(("query", "expected"), [
    (("abandon", {"noun": "stronghold"}), ("RETREAT", "disarm", ("military",), "0874", SOURCE + "EVACUATE")),
    (("abide", {"prep": "by"}), ("CONCEDE", None, (), "080", SOURCE + "SUBMIT")),
    (("agree", {"prep": "to", "noun": "sanction"}), ("COERCE", "restrict", ("diplomatic",), "163", SOURCE + "AGREE")),
    (("burn", {"particle": "down"}), ("ASSAULT", None, ("human_security",), "1712", SOURCE + "BURN")),
    (("ask", {"noun": "asylum"}), ("REQUEST", "assist", ("human_security",), "0233", SOURCE + "ASK")),
])
def test_petrarch_verbs_shipped_converted_lookups(shipped: Lexicon, query: tuple, expected: tuple) -> None:
    lemma, parts = query
    entry = shipped.lookup(lemma, "VERB", **parts)
    assert (entry.plover, entry.mode, entry.context, entry.cameo, entry.source) == expected
