"""Tests for pipeline.ontology: PLOVER/CAMEO tables, the lexicon files, lookups, frames, and the
lexicon benchmark's score on the PLOVER gold sentences."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.ontology import (
    CONTEXTS,
    DEFAULT_LEXICON_DIR,
    MODES,
    QUAD,
    Lexicon,
    PredicateEntry,
    cameo_root_to_plover,
    cameo_to_plover,
    file_hashes,
    quad_of,
    reframe,
    to_v08,
    write_manifest,
)
from pipeline.records import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT.parent / "shared" / "data"
CAMEO_CODEFILE = DATA_DIR / "cameo_plover_codebooks" / "CAMEO_codefile.txt"
GSR_DEV = DATA_DIR / "plover_gsr" / "dev.jsonl"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(DEFAULT_LEXICON_DIR)


@pytest.fixture(scope="module")
def cameo_codes() -> set[str]:
    if not CAMEO_CODEFILE.exists():
        pytest.skip(f"CAMEO code book not found at {CAMEO_CODEFILE}")
    text = CAMEO_CODEFILE.read_text(encoding="utf-8")
    return set(re.findall(r"^LABELi?:\s*(\d+)i?=", text, flags=re.MULTILINE))


def entry_key(entry: PredicateEntry | None) -> tuple | None:
    """The typing part of an entry, for whole-result comparisons."""
    if entry is None:
        return None
    return (entry.plover, entry.mode, entry.context, entry.cameo, entry.kind, entry.quad)


# --- tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("plover", "quad"), [
    ("AGREE", 1), ("CONSULT", 1), ("SUPPORT", 1), ("CONCEDE", 1),
    ("COOPERATE", 2), ("AID", 2), ("RETREAT", 2),
    ("REQUEST", 3), ("ACCUSE", 3), ("REJECT", 3), ("THREATEN", 3),
    ("PROTEST", 4), ("SANCTION", 4), ("MOBILIZE", 4), ("COERCE", 4), ("ASSAULT", 4),
])
def test_ontology_quad_per_type(plover: str, quad: int) -> None:
    assert quad_of(plover) == quad


def test_ontology_tables_cover_exactly_the_16_types() -> None:
    assert set(QUAD) == set(MODES) == set(PLOVER_TYPES)
    assert len(PLOVER_TYPES) == 16
    assert len(CONTEXTS) == 37


@pytest.mark.parametrize(("old", "new"), [
    ("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("INVESTIGATE", "ACCUSE"), ("FIGHT", "ASSAULT"),
    ("ASSAULT", "ASSAULT"), (" agree ", "AGREE"),
])
def test_ontology_old_types_map_to_v08(old: str, new: str) -> None:
    assert to_v08(old) == new


@pytest.mark.parametrize(("code", "root_type", "map_type"), [
    ("010", None, None), ("0211", None, None), ("036", "AGREE", "AGREE"), ("042", "CONSULT", "CONSULT"),
    ("057", "SUPPORT", "SUPPORT"), ("062", "COOPERATE", "COOPERATE"), ("071", "AID", "AID"),
    ("081", "CONCEDE", "CONCEDE"), ("0813", "CONCEDE", "RETREAT"), ("0871", "RETREAT", "RETREAT"),
    ("090", "ACCUSE", "ACCUSE"), ("112", "ACCUSE", "ACCUSE"), ("106", "REQUEST", "REQUEST"),
    ("129", "REJECT", "REJECT"), ("138", "THREATEN", "THREATEN"), ("145", "PROTEST", "PROTEST"),
    ("154", "MOBILIZE", "MOBILIZE"), ("163", "SANCTION", "COERCE"), ("173", "COERCE", "COERCE"),
    ("1712", "COERCE", "ASSAULT"), ("191", "ASSAULT", "COERCE"), ("195", "ASSAULT", "ASSAULT"),
    ("2041", "ASSAULT", "ASSAULT"), ("99", None, None),
])
def test_ontology_cameo_codes_to_plover(code: str, root_type: str | None, map_type: str | None) -> None:
    assert (cameo_root_to_plover(code), cameo_to_plover(code)) == (root_type, map_type)


# --- lookups --------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    (("shoot", "VERB", {"particle": "down"}), ("ASSAULT", "aerial", ("military",), "195", "event", 4)),
    (("bomb", "VERB", {}), ("ASSAULT", "aerial", ("military",), "195", "event", 4)),
    (("air strike", "NOUN", {}), ("ASSAULT", "aerial", ("military",), "195", "event", 4)),
    (("shell", "VERB", {}), ("ASSAULT", "heavy-weapons", ("military",), "194", "event", 4)),
    (("visit", "VERB", {}), ("CONSULT", "visit", ("diplomatic",), "042", "event", 1)),
    (("telephone", "VERB", {}), ("CONSULT", "phone", ("diplomatic",), "041", "event", 1)),
    (("hold", "VERB", {"noun": "talk"}), ("CONSULT", None, ("diplomatic",), "046", "event", 1)),
    (("buy", "VERB", {"noun": "s-400 missile", "prep": "from"}),
     ("COOPERATE", None, ("military",), "062", "event", 2)),
    (("buy", "VERB", {"noun": "wheat"}), ("COOPERATE", None, ("economic",), "061", "event", 2)),
    (("support", "VERB", {}), ("SUPPORT", None, ("diplomatic",), "050", "relation", 1)),
    (("ally", "VERB", {}), ("SUPPORT", None, ("diplomatic",), "050", "relation", 1)),
    (("loan", "NOUN", {}), ("AID", None, ("economic",), "071", "event", 2)),
    (("grant", "VERB", {"noun": "loan"}), ("AID", None, ("economic",), "071", "event", 2)),
    (("supply", "VERB", {"noun": "weapon"}), ("AID", None, ("military",), "072", "event", 2)),
    (("supplier", "NOUN", {"prep": "of", "noun": "gas"}),
     ("COOPERATE", None, ("economic",), "061", "relation", 2)),
    (("impose", "VERB", {"noun": "sanction", "prep": "on"}),
     ("SANCTION", None, ("economic",), "163", "event", 4)),
    (("sever", "VERB", {"noun": "tie"}), ("SANCTION", "withdraw", ("diplomatic",), "161", "event", 4)),
    (("withdraw", "VERB", {"noun": "ambassador", "prep": "from"}),
     ("SANCTION", "withdraw", ("diplomatic",), "161", "event", 4)),
    (("withdraw", "VERB", {"prep": "from"}), ("RETREAT", "withdraw", ("military",), "0874", "event", 2)),
    (("call", "VERB", {"prep": "for"}), ("REQUEST", None, (), "020", "event", 3)),
    (("call", "VERB", {"prep": "for", "noun": "talk"}), ("REQUEST", "meet", ("diplomatic",), "026", "event", 3)),
    (("sign", "VERB", {"noun": "agreement"}), ("SUPPORT", None, ("diplomatic",), "057", "event", 1)),
    (("condemn", "VERB", {}), ("ACCUSE", "disapprove", (), "111", "event", 3)),
    (("veto", "VERB", {}), ("REJECT", "yield", ("diplomatic",), "129", "event", 3)),
    (("deploy", "VERB", {"noun": "troop"}), ("MOBILIZE", "troops", ("military",), "154", "event", 4)),
    (("hunger strike", "NOUN", {}), ("PROTEST", "hunger", (), "142", "event", 4)),
    (("ceasefire", "NOUN", {}), ("RETREAT", "ceasefire", ("military",), "0871", "event", 2)),
])
def test_ontology_lookup_types_words(lexicon: Lexicon, query: tuple, expected: tuple) -> None:
    lemma, pos, parts = query
    assert entry_key(lexicon.lookup(lemma, pos, **parts)) == expected


@pytest.mark.parametrize(("lemma", "noun", "expected_lemma"), [
    ("launch", "attack", "attack"), ("carry", "air strike", "air strike"), ("stage", "protest", "protest"),
    ("hold", "summit", "summit"), ("provide", "assistance", "assistance"),
])
def test_ontology_light_verb_takes_its_nouns_entry(lexicon: Lexicon, lemma: str, noun: str,
                                                    expected_lemma: str) -> None:
    particle = "out" if lemma == "carry" else None
    entry = lexicon.lookup(lemma, "VERB", particle=particle, noun=noun)
    assert entry == lexicon.lookup(expected_lemma, "NOUN")
    assert entry is not None


def test_ontology_lookup_prefers_specific_match_and_falls_back(lexicon: Lexicon) -> None:
    assert lexicon.lookup("strike", "NOUN").plover == "PROTEST"
    assert lexicon.lookup("us air strike", "NOUN").plover == "ASSAULT"
    assert lexicon.lookup("lift", "VERB", noun="curfew").plover == "CONCEDE"
    assert lexicon.lookup("lift", "VERB", noun="sanction").plover == "RETREAT"
    assert lexicon.lookup("enrage", "VERB") is None
    assert lexicon.lookup("say", "VERB") is None


def test_ontology_entry_flags(lexicon: Lexicon) -> None:
    host = lexicon.lookup("host", "VERB")
    attack = lexicon.lookup("attack", "VERB")
    protest = lexicon.lookup("protest", "VERB")
    assert (host.object_role, attack.needs_object, protest.needs_object) == ("inverse", True, False)
    assert lexicon.lookup("shoot", "VERB", particle="down").pattern == "shoot down"
    assert lexicon.lookup("impose", "VERB", noun="sanction").pattern == "impose ... @sanctions"


# --- every entry is valid --------------------------------------------------------------------


def test_ontology_lexicon_has_hundreds_of_entries_across_all_types(lexicon: Lexicon) -> None:
    types = {entry.plover for entry in lexicon.entries.values()}
    assert len(lexicon) >= 500
    assert types == set(PLOVER_TYPES)


def test_ontology_every_entry_is_valid(lexicon: Lexicon, cameo_codes: set[str]) -> None:
    problems = []
    for entry in lexicon.entries.values():
        where = f"{entry.pattern} ({entry.pos})"
        problems += [f"{where}: {p}" for p in entry.problems()]
        if entry.plover not in PLOVER_TYPES or entry.quad != QUAD[entry.plover]:
            problems.append(f"{where}: type/quad")
        if entry.mode is not None and entry.mode not in MODES[entry.plover]:
            problems.append(f"{where}: mode {entry.mode}")
        if not set(entry.context) <= CONTEXTS:
            problems.append(f"{where}: context {entry.context}")
        if entry.cameo is not None and entry.cameo not in cameo_codes:
            problems.append(f"{where}: CAMEO {entry.cameo} not in the code book")
    assert problems == []


def test_ontology_entry_cameo_agrees_with_its_type(lexicon: Lexicon) -> None:
    """An entry's CAMEO code maps to its type by cue category or by the 2021 map; appeals (02x),
    dropped in v0.8, are only used for REQUEST and statements (01x) never."""
    disagreeing = []
    for entry in lexicon.entries.values():
        if entry.cameo is None:
            continue
        allowed = {cameo_root_to_plover(entry.cameo), cameo_to_plover(entry.cameo)}
        if entry.cameo.startswith("02"):
            allowed = {"REQUEST"}
        if entry.plover not in allowed:
            disagreeing.append((entry.pattern, entry.plover, entry.cameo))
    assert disagreeing == []


# --- cue lists ------------------------------------------------------------------------------


@pytest.mark.parametrize(("attribute", "cue"), [
    ("speech_verbs", "say"), ("speech_verbs", "announce"), ("speech_verbs", "according to"),
    ("denial_cues", "deny"), ("denial_cues", "reject claim"), ("denial_cues", "dismiss"),
    ("hedge_cues", "reportedly"), ("hedge_cues", "allegedly"), ("hedge_cues", "suspected"),
    ("negation_cues", "not"), ("negation_cues", "n't"), ("negation_cues", "refuse to"),
    ("obligation_cues", "must"), ("light_verbs", "carry out"), ("non_events", "enrage"),
])
def test_ontology_cue_lists_hold_cues(lexicon: Lexicon, attribute: str, cue: str) -> None:
    assert cue in getattr(lexicon, attribute)


@pytest.mark.parametrize(("cue", "kind"), [("will", "future"), ("plan to", "future"), ("would", "hypothetical")])
def test_ontology_future_cues(lexicon: Lexicon, cue: str, kind: str) -> None:
    assert lexicon.future_cues[cue] == kind


@pytest.mark.parametrize(("verb", "effect"), [
    ("try", "transparent"), ("seek", "transparent"), ("agree", "intent"), ("threaten", "threat"),
    ("refuse", "refusal"), ("urge", "request"), ("plan", "future"), ("say", None),
])
def test_ontology_aspect_effects(lexicon: Lexicon, verb: str, effect: str | None) -> None:
    assert lexicon.aspect_effect(verb) == effect


# --- frames ---------------------------------------------------------------------------------


def _entry(plover: str, mode: str | None = None, cameo: str | None = None) -> PredicateEntry:
    return PredicateEntry(lemma="x", pos="VERB", plover=plover, mode=mode, cameo=cameo)


@pytest.mark.parametrize(("entry", "frame", "expected"), [
    (_entry("CONSULT", "visit", "042"), "future", ("AGREE", None, "036")),
    (_entry("AID", None, "071"), "intent", ("AGREE", None, "033")),
    (_entry("ASSAULT", "aerial", "195"), "hypothetical", ("THREATEN", "violence", "138")),
    (_entry("COERCE", "curfew", "1723"), "future", ("THREATEN", "restrict", "1323")),
    (_entry("SANCTION", "expel", "1661"), "threat", ("THREATEN", "expel", "136")),
    (_entry("CONSULT", None, "040"), "refusal", ("REJECT", "meet", "125")),
    (_entry("AGREE", None, "030"), "refusal", ("REJECT", None, "120")),
    (_entry("ASSAULT", None, "190"), "refusal", ("ASSAULT", None, "190")),
    (_entry("RETREAT", "withdraw", "0874"), "request", ("REQUEST", "yield", "105")),
    (_entry("REJECT", None, "120"), "request", ("REQUEST", None, "100")),
    (_entry("ACCUSE", "allege", "112"), "future", ("ACCUSE", "allege", "112")),
    (_entry("SUPPORT", None, "051"), "transparent", ("SUPPORT", None, "051")),
    (_entry("SUPPORT", None, "051"), None, ("SUPPORT", None, "051")),
])
def test_ontology_reframe(entry: PredicateEntry, frame: str | None, expected: tuple) -> None:
    framed = reframe(entry, frame)
    assert (framed.plover, framed.mode, framed.cameo) == expected


# --- loading errors and the manifest ---------------------------------------------------------


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_LEXICON_DIR, target)
    return target


def test_ontology_load_without_manifest_raises(lexicon_copy: Path) -> None:
    (lexicon_copy / "manifest.json").unlink()
    with pytest.raises(ModelError, match="no manifest.json"):
        Lexicon.load(lexicon_copy)


@pytest.mark.parametrize(("line", "message"), [
    ("attack VERB - ASSAULT - military 190 event", "expected 9 columns"),
    ("zap VERB - BOMBARD - - 190 event -", "unknown PLOVER type"),
    ("zap VERB - ASSAULT phone - 190 event -", "mode 'phone' not allowed"),
    ("zap VERB - ASSAULT - war 190 event -", "unknown context 'war'"),
    ("zap VERB sideways:x ASSAULT - - 190 event -", "bad pattern piece"),
    ("attack VERB - ASSAULT - - 190 event -", "duplicate entry"),
    ("zap VERB - ASSAULT - - 190 event shiny", "unknown flags"),
])
def test_ontology_bad_predicate_line_raises_with_line_number(lexicon_copy: Path, line: str,
                                                             message: str) -> None:
    path = lexicon_copy / "predicates.txt"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match=rf"line {lines + 1}: .*{re.escape(message)}"):
        Lexicon.load(lexicon_copy)


def test_ontology_manifest_matches_the_files(lexicon: Lexicon) -> None:
    """If this fails after editing a lexicon file, bump the version and run
    ``write_manifest(DEFAULT_LEXICON_DIR, version=...)``."""
    manifest = json.loads((DEFAULT_LEXICON_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == file_hashes(DEFAULT_LEXICON_DIR)
    assert lexicon.version == manifest["version"] and len(lexicon.digest) == 16


def test_ontology_write_manifest_changes_digest_with_content(lexicon_copy: Path) -> None:
    before = Lexicon.load(lexicon_copy).digest
    with (lexicon_copy / "hedge_cues.txt").open("a", encoding="utf-8") as handle:
        handle.write("conceivably\n")
    write_manifest(lexicon_copy, version="test")
    after = Lexicon.load(lexicon_copy)
    assert (after.version, after.digest != before, "conceivably" in after.hedge_cues) == ("test", True, True)


# --- the benchmark, end to end --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not GSR_DEV.is_file(), reason=f"PLOVER gold sentences not found at {GSR_DEV}")
def test_ontology_benchmark_types_gold_sentences_at_least_80_percent(lexicon: Lexicon, load_benchmark) -> None:
    import spacy

    benchmark = load_benchmark("plover_lexicon")
    nlp = spacy.load(benchmark.SPACY_MODEL, exclude=["ner"])
    score = benchmark.score_gold(nlp, lexicon, benchmark.load_gold(GSR_DEV))
    assert score.total == 202
    assert score.accuracy >= 0.80, [(s.id, s.plover, t.framed and t.framed.plover) for s, t in score.misses]
