"""Tests for pipeline.evaluate.report: the plain-text tables of claim scores and GSR scores."""

from __future__ import annotations

from builders import claim, entity, gold_claim

from pipeline.evaluate.claims import score
from pipeline.evaluate.gsr import plover_gsr_score
from pipeline.evaluate.report import format_report

TURKEY = entity("Turkey", type="state", country="TUR", id="TUR")
RUSSIA = entity("Russia", type="state", country="RUS", id="RUS")
USA = entity("United States", type="state", country="USA", id="USA")
JAPAN = entity("Japan", type="state", country="JPN", id="JPN")


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
