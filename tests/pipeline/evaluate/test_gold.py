"""Tests for pipeline.evaluate.gold: the gold file's integrity, reading a gold line, the split."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evaluate.gold import GoldClaim, load_gold, parse_gold_line, split_of
from pipeline.records import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[3]
GOLD_FILE = ROOT / "corpora" / "gold" / "claims.jsonl"
SEED_ID = "seed-putin-erdogan"
SEED_TEXT = ROOT / "corpora" / "samples" / "putin-erdogan.txt"
MEANTIME_ARTICLES = ROOT.parent / "shared" / "data" / "meantime_en" / "meantime_en_articles.jsonl"


@pytest.fixture(scope="module")
def gold() -> list[GoldClaim]:
    return load_gold(GOLD_FILE)


def meantime_texts() -> dict[str, str]:
    if not MEANTIME_ARTICLES.exists():
        pytest.skip(f"MEANTIME articles not found at {MEANTIME_ARTICLES} (shared data absent)")
    rows = (json.loads(line) for line in MEANTIME_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip())
    return {f"meantime:{row['doc_id']}": row["text"] for row in rows}


def test_gold_file_has_valid_claims_on_twelve_articles(gold: list[GoldClaim]) -> None:
    lines = [line for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) == len(lines)
    assert {g.plover for g in gold} <= set(PLOVER_TYPES)
    assert len({g.article for g in gold}) >= 12


def test_gold_seed_sentences_are_the_text_at_their_offsets(gold: list[GoldClaim]) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    wrong = [(g.start, g.end) for g in gold if g.article == SEED_ID and not g.states(text)]
    assert wrong == []


def test_gold_meantime_sentences_are_the_text_at_their_offsets(gold: list[GoldClaim]) -> None:
    texts = meantime_texts()
    meantime = [g for g in gold if g.article.startswith("meantime:")]
    wrong = [(g.article, g.start) for g in meantime if not g.states(texts.get(g.article, ""))]
    assert meantime and wrong == []


def test_gold_covers_only_known_articles(gold: list[GoldClaim]) -> None:
    assert {g.article for g in gold if not g.article.startswith("meantime:")} == {SEED_ID}


@pytest.mark.parametrize(("subject", "obj", "plover", "polarity", "modality"), [
    ("TUR", "RUS", "COOPERATE", "affirmed", "asserted"),                                  # bought S-400s
    ("TUR", "Government of National Accord", "SUPPORT", "affirmed", "asserted"),
    ("RUS", "Khalifa Haftar", "SUPPORT", "affirmed", "asserted"),
    ("RUS", "Muammar Gaddafi|Q19878", "AID", "affirmed", "asserted"),
    ("RUS", "Wagner Group", "COOPERATE", "negated", "denied"),
    ("RUS", "Bashar al-Assad|Q44329", "SUPPORT", "affirmed", "asserted"),                 # goal: keep Assad in power
    ("TUR", "Bashar al-Assad|Q44329", "COERCE", "affirmed", "future"),                    # sought to overthrow
    ("TUR", "RUS", "ASSAULT", "affirmed", "asserted"),                                    # shot down a fighter
    ("TUR", "Syrian Kurds", "ASSAULT", "affirmed", "asserted"),
    ("Vladimir Putin|Q7747", "Bashar al-Assad|Q44329", "SUPPORT", "affirmed", "asserted"),
    ("RUS", "Turkish-backed militias", "ASSAULT", "affirmed", "asserted"),
    ("TUR", "Turkish-backed militias", "SUPPORT", "affirmed", "asserted"),
    ("Recep Tayyip Erdoğan|Q39259", "AZE", "SUPPORT", "affirmed", "asserted"),
    ("Recep Tayyip Erdoğan|Q39259", "Vladimir Putin|Q7747", "REQUEST", "affirmed", "asserted"),
    ("RUS", "TUR", "RETREAT", "affirmed", "asserted"),                                    # allowed officers
    ("Vladimir Putin|Q7747", "TUR", "CONSULT", "affirmed", "asserted"),                   # visit 2004
    ("Recep Tayyip Erdoğan|Q39259", "Vladimir Putin|Q7747", "COOPERATE", "affirmed", "asserted"),
])
def test_gold_seed_holds_the_required_claims(gold: list[GoldClaim], subject: str, obj: str, plover: str,
                                                      polarity: str, modality: str) -> None:
    found = [g for g in gold if g.article == SEED_ID and (g.subject, g.object, g.plover) == (subject, obj, plover)]
    assert any((g.polarity, g.modality) == (polarity, modality) for g in found)


def test_gold_split_holds_apart_some_articles_by_hash(gold: list[GoldClaim]) -> None:
    splits = {article: split_of(article) for article in {g.article for g in gold}}
    assert splits[SEED_ID] == "dev"
    assert set(splits.values()) == {"dev", "test"}
    assert split_of("meantime:1173") == split_of("meantime:1173")


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "not JSON"),
    ('["a list"]', "JSON object"),
    ('{"article": "a", "start": 0, "end": 5, "sentence": "x", "subject": "TUR", "object": null, "plover": "FIGHT", "polarity": "affirmed", "modality": "asserted", "kind": "event"}', "plover 'FIGHT'"),
    ('{"article": "a", "start": 0, "end": 5, "sentence": "x", "subject": "TUR", "object": null, "plover": "AID", "polarity": "affirmed", "modality": "maybe", "kind": "event"}', "modality 'maybe'"),
    ('{"article": "a", "start": 5, "end": 5, "sentence": "x", "subject": "TUR", "object": null, "plover": "AID", "polarity": "affirmed", "modality": "asserted", "kind": "event"}', "start/end"),
    ('{"article": "a", "start": 0, "end": 5, "sentence": "x", "object": null, "plover": "AID", "polarity": "affirmed", "modality": "asserted", "kind": "event"}', "missing field(s) ['subject']"),
])
def test_gold_parse_gold_line_rejects_invalid_lines(line: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")):
        parse_gold_line(line, origin="claims.jsonl:1")


def test_gold_parse_gold_line_reads_a_whole_claim() -> None:
    line = ('{"article": "a", "start": 0, "end": 5, "sentence": "x", "subject": "TUR", "object": "RUS", '
            '"plover": "ASSAULT", "polarity": "affirmed", "modality": "asserted", "kind": "event", "time": "2015-11"}')
    assert parse_gold_line(line) == GoldClaim("a", 0, 5, "TUR", "RUS", "ASSAULT", "affirmed", "asserted", "event", "2015-11", "", sentence="x")


def test_gold_line_for_a_corpus_carries_a_hash_not_the_text() -> None:
    digest = hashlib.sha256(b"Hello").hexdigest()
    line = json.dumps({"article": "meantime:1", "start": 0, "end": 5, "sentence_sha256": digest, "subject": "TUR", "object": None,
                       "plover": "AID", "polarity": "affirmed", "modality": "asserted", "kind": "event"})
    gold = parse_gold_line(line)
    assert gold.states("Hello, world") and not gold.states("Howdy, world")
