"""Tests for pipeline.evaluate.report: the plain-text tables of claim scores and GSR scores."""

from __future__ import annotations

from pipeline.evaluate.claims import score
from pipeline.evaluate.gold import GoldClaim
from pipeline.evaluate.gsr import plover_gsr_score
from pipeline.evaluate.report import format_report
from pipeline.ontology import QUAD
from pipeline.records import ArticleRef, Claim, Entity, Evidence, Extractor, Predicate


def entity(name: str, *, type: str = "organization", country: str | None = None, id: str | None = None,
           mention: str | None = None, wikidata: str | None = None, sector: str | None = None) -> Entity:
    return Entity(id=id or name.lower().replace(" ", "_"), name=name, mention=mention or name, type=type,
                  country=country, sector=sector, wikidata=wikidata)


TURKEY = entity("Turkey", type="state", country="TUR", id="TUR")
RUSSIA = entity("Russia", type="state", country="RUS", id="RUS")
USA = entity("United States", type="state", country="USA", id="USA")
JAPAN = entity("Japan", type="state", country="JPN", id="JPN")


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


GOLD = [
    gold_claim("a", (0, 50), "TUR", "RUS", "ASSAULT"),
    gold_claim("a", (51, 100), "RUS", "Khalifa Haftar", "SUPPORT", kind="relation"),
]
GSR_RECORDS = [
    {"id": "r1", "event": "DEMAND", "source": [{"actorText": "Washington", "code": "USA"}],
     "target": [{"actorText": "Japan", "code": "JAP", "sector": "GOV"}], "text": "..."},
    {"id": "r2", "event": "AGREE", "source": [{"actorText": "Hungarian", "code": "HUN"}, {"actorText": "Romanian", "code": "ROU"}],
     "target": "", "text": "..."},
    {"id": "r3", "event": "CRIME", "source": [{"actorText": "gang", "code": "USA"}], "target": [], "text": "..."},
]


def test_report_format_report_prints_the_claim_table() -> None:
    result = score([claim("a", (0, 50), TURKEY, RUSSIA, "ASSAULT"), claim("a", (0, 50), TURKEY, RUSSIA, "AID")], GOLD)
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


def test_report_format_report_prints_the_gsr_table() -> None:
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
