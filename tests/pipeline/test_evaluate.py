"""Tests for pipeline.evaluate: the gold file's integrity, actor matching, claim scoring, the PLOVER
gold-standard-record check and the report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evaluate import (
    Counts,
    GoldClaim,
    GsrCounts,
    GsrScores,
    Scores,
    actor_matches,
    format_report,
    load_gold,
    parse_gold_line,
    plover_gsr_score,
    score,
    split_of,
)
from pipeline.ontology import QUAD
from pipeline.records import PLOVER_TYPES, ArticleRef, Claim, Entity, Evidence, Extractor, Predicate

ROOT = Path(__file__).resolve().parents[2]
GOLD_FILE = ROOT / "corpora" / "gold" / "claims.jsonl"
SEED_ID = "seed-putin-erdogan"
SEED_TEXT = ROOT / "corpora" / "samples" / "putin-erdogan.txt"
DATA_DIR = ROOT.parent / "shared" / "data"
MEANTIME_ARTICLES = DATA_DIR / "meantime_en" / "meantime_en_articles.jsonl"
GSR_DEV = DATA_DIR / "plover_gsr" / "dev.jsonl"


def entity(name: str, *, type: str = "organization", country: str | None = None, id: str | None = None,
           mention: str | None = None, wikidata: str | None = None, sector: str | None = None) -> Entity:
    return Entity(id=id or name.lower().replace(" ", "_"), name=name, mention=mention or name, type=type,
                  country=country, sector=sector, wikidata=wikidata)


TURKEY = entity("Turkey", type="state", country="TUR", id="TUR")
TURKISH_AIR_FORCE = entity("Turkey", type="state", country="TUR", id="TUR", mention="the Turkish air force", sector="MIL")
RUSSIA = entity("Russia", type="state", country="RUS", id="RUS")
USA = entity("United States", type="state", country="USA", id="USA")
JAPAN = entity("Japan", type="state", country="JPN", id="JPN")
GERMANY = entity("Germany", type="state", country="DEU", id="DEU")
HAFTAR = entity("Khalifa Haftar", type="person", country="LBY", mention="Haftar")
BOEING = entity("Boeing", country="USA", wikidata="Q66")
HUNGARIAN_MINISTER = entity("Hungarian officials", type="other", country="HUN", id="hun_officials")


def claim(article: str, span: tuple[int, int], subject: Entity, obj: Entity | None, plover: str, *,
          modality: str = "asserted", polarity: str = "affirmed", confidence: float = 0.5, number: int = 0) -> Claim:
    return Claim(
        id=f"c{number}", article=ArticleRef(id=article), subject=subject, object=obj,
        predicate=Predicate(text="cue", lemma="cue", plover=plover, quad=QUAD[plover]),
        polarity=polarity, modality=modality, evidence=Evidence(sentence="...", start=span[0], end=span[1]),
        confidence=confidence, extractor=Extractor(version="test", model="none"),
    )


def gold_claim(article: str, span: tuple[int, int], subject: str, obj: str | None, plover: str, *,
               modality: str = "asserted", kind: str = "event") -> GoldClaim:
    return GoldClaim(article=article, start=span[0], end=span[1], sentence="...", subject=subject, object=obj,
                     plover=plover, polarity="affirmed", modality=modality, kind=kind)


# --- the gold file --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold() -> list[GoldClaim]:
    return load_gold(GOLD_FILE)


def meantime_texts() -> dict[str, str]:
    if not MEANTIME_ARTICLES.exists():
        pytest.skip(f"MEANTIME articles not found at {MEANTIME_ARTICLES} (shared data absent)")
    rows = (json.loads(line) for line in MEANTIME_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip())
    return {f"meantime:{row['doc_id']}": row["text"] for row in rows}


def test_evaluate_gold_file_has_valid_claims_on_twelve_articles(gold: list[GoldClaim]) -> None:
    lines = [line for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) == len(lines)
    assert {g.plover for g in gold} <= set(PLOVER_TYPES)
    assert len({g.article for g in gold}) >= 12


def test_evaluate_gold_seed_sentences_are_the_text_at_their_offsets(gold: list[GoldClaim]) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    wrong = [(g.start, g.end) for g in gold if g.article == SEED_ID and not g.states(text)]
    assert wrong == []


def test_evaluate_gold_meantime_sentences_are_the_text_at_their_offsets(gold: list[GoldClaim]) -> None:
    texts = meantime_texts()
    meantime = [g for g in gold if g.article.startswith("meantime:")]
    wrong = [(g.article, g.start) for g in meantime if not g.states(texts.get(g.article, ""))]
    assert meantime and wrong == []


def test_evaluate_gold_covers_only_known_articles(gold: list[GoldClaim]) -> None:
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
def test_evaluate_gold_seed_holds_the_required_claims(gold: list[GoldClaim], subject: str, obj: str, plover: str,
                                                      polarity: str, modality: str) -> None:
    found = [g for g in gold if g.article == SEED_ID and (g.subject, g.object, g.plover) == (subject, obj, plover)]
    assert any((g.polarity, g.modality) == (polarity, modality) for g in found)


def test_evaluate_gold_split_holds_apart_some_articles_by_hash(gold: list[GoldClaim]) -> None:
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
def test_evaluate_parse_gold_line_rejects_invalid_lines(line: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")):
        parse_gold_line(line, origin="claims.jsonl:1")


def test_evaluate_parse_gold_line_reads_a_whole_claim() -> None:
    line = ('{"article": "a", "start": 0, "end": 5, "sentence": "x", "subject": "TUR", "object": "RUS", '
            '"plover": "ASSAULT", "polarity": "affirmed", "modality": "asserted", "kind": "event", "time": "2015-11"}')
    assert parse_gold_line(line) == GoldClaim("a", 0, 5, "TUR", "RUS", "ASSAULT", "affirmed", "asserted", "event", "2015-11", "", sentence="x")


def test_evaluate_gold_line_for_a_corpus_carries_a_hash_not_the_text() -> None:
    digest = hashlib.sha256(b"Hello").hexdigest()
    line = json.dumps({"article": "meantime:1", "start": 0, "end": 5, "sentence_sha256": digest, "subject": "TUR", "object": None,
                       "plover": "AID", "polarity": "affirmed", "modality": "asserted", "kind": "event"})
    gold = parse_gold_line(line)
    assert gold.states("Hello, world") and not gold.states("Howdy, world")


# --- actors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("ent", "key", "expected"), [
    (TURKEY, "TUR", True),
    (TURKISH_AIR_FORCE, "TUR", True),                                                        # state with a sector
    (entity("Turkish Air Force", country="TUR", id="TURMIL"), "TUR", True),                  # its id is the state
    (entity("Turkish Airlines", country="TUR"), "TUR", False),                               # a company of the state
    (entity("Vladimir Putin", type="person", country="RUS"), "RUS", False),
    (RUSSIA, "TUR", False),
    (entity("Recep Tayyip Erdoğan", type="person", country="TUR", mention="Erdogan"), "Recep Tayyip Erdoğan|Q39259", True),
    (entity("Erdogan", type="person"), "Recep Tayyip Erdoğan|Q39259", True),                 # surname
    (entity("Recep Erdogan", type="person"), "Recep Tayyip Erdoğan", True),                  # first and last name
    (entity("Tayyip", type="organization"), "Recep Tayyip Erdoğan", False),
    (entity("Bashar al Assad", type="person"), "Bashar al-Assad|Q44329", True),
    (entity("Assad", type="person", wikidata="Q1"), "Bashar al-Assad|Q44329", False),         # the QID decides
    (entity("Putin's envoy", type="person", wikidata="Q7747"), "Vladimir Putin|Q7747", True),
    (entity("North Atlantic Treaty Organization", type="igo", country="IGO", mention="the alliance"), "NATO|Q7184", True),
    (entity("GNA", type="armed_group"), "Government of National Accord", True),              # acronym
    (entity("EADS N.V."), "European Aeronautic Defence and Space Company", True),
    (entity("European Aeronautic Defence & Space NV"), "European Aeronautic Defence and Space Company", True),  # "&"
    (entity("European Defence Space NV"), "European Aeronautic Defence and Space Company", False),
    (entity("Apple Inc.", mention="Apple"), "Apple Inc.|Q312", True),
    (entity("Apple Corps"), "Apple Inc.|Q312", False),
    (entity("United States Federal Reserve"), "Federal Reserve", True),                      # organization suffix
    (entity("company", mention="the company"), "Ford Motor Company", False),
    (entity("militias allied with the Turkish military", type="armed_group"), "Turkish-backed militias", True),
    (entity("armed group", type="armed_group"), "Wagner Group", False),
    (entity("Kurds", type="armed_group", mention="the Syrian Kurds"), "Syrian Kurds", True),
    (None, None, True),
    (None, "TUR", False),
    (TURKEY, None, False),
])
def test_evaluate_actor_matches(ent: Entity | None, key: str | None, expected: bool) -> None:
    assert actor_matches(ent, key) is expected


# --- claims ---------------------------------------------------------------------------------

GOLD = [
    gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT"),
    gold_claim("a", (51, 100), "RUS", "Khalifa Haftar", "SUPPORT", kind="relation"),
    gold_claim("b", (0, 40), "Boeing|Q66", "USA", "ACCUSE"),
    gold_claim("b", (41, 80), "USA", "Boeing|Q66", "COOPERATE"),
]


@pytest.mark.parametrize(("predicted", "expected"), [
    ([], (0, 0, 4, 0.0, 0.0, 0.0)),
    ([claim("a", (0, 50), TURKISH_AIR_FORCE, RUSSIA, "ASSAULT")], (1, 0, 3, 1.0, 0.25, 0.4)),
    ([claim("a", (40, 60), TURKEY, RUSSIA, "ASSAULT")], (1, 0, 3, 1.0, 0.25, 0.4)),             # span overlaps
    ([claim("a", (0, 50), TURKEY, RUSSIA, "COERCE")], (0, 1, 4, 0.0, 0.0, 0.0)),                # wrong type
    ([claim("a", (0, 50), RUSSIA, TURKEY, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),               # wrong direction
    ([claim("a", (51, 100), TURKEY, RUSSIA, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),             # wrong sentence
    ([claim("a", (0, 50), TURKEY, None, "ASSAULT")], (0, 1, 4, 0.0, 0.0, 0.0)),                 # missing object
    ([claim("b", (41, 80), BOEING, USA, "COOPERATE")], (1, 0, 3, 1.0, 0.25, 0.4)),              # reciprocal type
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", number=1),
      claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", number=2)], (1, 0, 3, 1.0, 0.25, 0.4)),    # duplicate counted once
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"),
      claim("a", (0, 50), TURKISH_AIR_FORCE.model_copy(update={"id": "TURMIL"}), RUSSIA, "ASSAULT")],
     (1, 1, 3, 0.5, 0.25, 1 / 3)),                                                              # one gold, two claims
    ([claim("z", (0, 50), TURKEY, RUSSIA, "ASSAULT")], (0, 0, 4, 0.0, 0.0, 0.0)),               # article without gold
    ([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"), claim("a", (51, 100), RUSSIA, HAFTAR, "SUPPORT"),
      claim("b", (0, 40), BOEING, USA, "ACCUSE"), claim("b", (0, 40), USA, BOEING, "ACCUSE")],
     (3, 1, 1, 0.75, 0.75, 0.75)),
])
def test_evaluate_score_counts(predicted: list[Claim], expected: tuple) -> None:
    result = score(predicted, GOLD)
    assert (result.tp, result.fp, result.fn) == expected[:3]
    assert (result.precision, result.recall, result.f1) == pytest.approx(expected[3:])


def test_evaluate_score_returns_whole_scores_restricted_to_articles() -> None:
    hit = claim("b", (0, 40), BOEING, USA, "ACCUSE", modality="alleged", confidence=0.9)
    miss = claim("b", (41, 80), BOEING, USA, "AID", confidence=0.4)
    ignored = claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT")
    assert score([miss, ignored, hit], GOLD, articles={"b"}) == Scores(
        tp=1, fp=1, fn=1,
        per_type={"COOPERATE": Counts(0, 0, 1), "AID": Counts(0, 1, 0), "ACCUSE": Counts(1, 0, 0)},
        stance_accuracy=0.0,
        matched=((GOLD[2], hit),), unmatched_gold=(GOLD[3],), unmatched_predicted=(miss,),
    )


def test_evaluate_score_prefers_the_gold_claim_with_the_same_stance() -> None:
    gold = [gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT"), gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT", modality="future")]
    result = score([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT", modality="future")], gold)
    assert (result.matched[0][0], result.stance_accuracy) == (gold[1], 1.0)


def test_evaluate_format_report_prints_the_claim_table() -> None:
    result = score([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"), claim("a", (0, 50), TURKEY, RUSSIA, "AID")], GOLD[:2])
    assert format_report(result) == "\n".join([
        "type        gold  pred    tp    fp    fn      P      R     F1",
        "-------------------------------------------------------------",
        "SUPPORT        1     0     0     0     1  0.000  0.000  0.000",
        "AID            0     1     0     1     0  0.000  0.000  0.000",
        "ASSAULT        1     1     1     0     0  1.000  1.000  1.000",
        "-------------------------------------------------------------",
        "overall        2     2     1     1     1  0.500  0.500  0.500",
        "stance accuracy (polarity and modality, over 1 matched): 1.000",
    ])


# --- PLOVER gold-standard records -----------------------------------------------------------

GSR_RECORDS = [
    {"id": "r1", "event": "DEMAND", "source": [{"actorText": "Washington", "code": "USA"}],
     "target": [{"actorText": "Japan", "code": "JAP", "sector": "GOV"}], "text": "..."},
    {"id": "r2", "event": "AGREE", "source": [{"actorText": "Hungarian", "code": "HUN"}, {"actorText": "Romanian", "code": "ROU"}],
     "target": "", "text": "..."},
    {"id": "r3", "event": "CRIME", "source": [{"actorText": "gang", "code": "USA"}], "target": [], "text": "..."},
]


def test_evaluate_plover_gsr_score_on_hand_made_records() -> None:
    predictions = {
        "r1": [claim("r1", (0, 9), USA, JAPAN, "REQUEST")],
        "r2": [claim("r2", (0, 9), GERMANY, None, "AGREE"), claim("r2", (0, 9), HUNGARIAN_MINISTER, None, "REJECT")],
    }
    assert plover_gsr_score(GSR_RECORDS, predictions) == GsrScores(
        sentences=2, event=2, with_source=2, source=2, with_target=1, target=1, triple=1,
        per_type={"AGREE": GsrCounts(1, 1, 1, 1, 0, 0, 0), "REQUEST": GsrCounts(1, 1, 1, 1, 1, 1, 1)},
        excluded={"CRIME": 1}, misses=("r2",),
    )


def test_evaluate_plover_gsr_score_reads_the_dev_records() -> None:
    if not GSR_DEV.exists():
        pytest.skip(f"PLOVER gold records not found at {GSR_DEV} (shared data absent)")
    records = [json.loads(line) for line in GSR_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = plover_gsr_score(records, {})
    assert (result.sentences, result.event, result.triple, result.excluded) == (len(records), 0, 0, {})
    assert result.with_target < result.sentences and result.with_source == result.sentences - 1


def test_evaluate_format_report_prints_the_gsr_table() -> None:
    result = plover_gsr_score(GSR_RECORDS, {"r1": [claim("r1", (0, 9), USA, JAPAN, "REQUEST")]})
    assert format_report(result) == "\n".join([
        "type           n   event  source  target  triple",
        "------------------------------------------------",
        "AGREE          1   0.000   0.000       -   0.000",
        "REQUEST        1   1.000   1.000   1.000   1.000",
        "------------------------------------------------",
        "overall        2   0.500   0.500   1.000   0.500",
        "left out (type not in PLOVER v0.8): CRIME 1",
    ])


@pytest.mark.parametrize(("code", "expected"), [("JAP", "JPN"), ("ITL", "ITA"), ("NGO", "IGO"), ("IGO", "IGO"), ("TUR", "TUR")])
def test_evaluate_gsr_codes_read_as_iso_and_one_non_state_code(code: str, expected: str) -> None:
    from pipeline.evaluate import iso_code

    assert iso_code(code) == expected
