"""Labels and splits of the classifier's training data (the rows themselves are built by `claimgraph dataset`)."""

from __future__ import annotations

import pytest

from pipeline.evaluate import split_of
from pipeline.training_data import Label, part_of, petrarch_label


@pytest.mark.parametrize("record,expected", [
    ({"noevents": True, "events": []}, Label("no claim")),
    ({"events": [{"sourcecode": "ARN", "targetcode": "GON", "eventcode": "064"}]}, Label("COOPERATE")),
    ({"events": [{"eventcode": "032"}, {"eventcode": "033"}]}, Label("AGREE")),  # CAMEO 03: intent to cooperate
    ({"events": [{"eventcode": "190"}]}, Label("ASSAULT")),
    ({"events": [{"eventcode": "010"}]}, Label("no claim")),          # statements are no PLOVER event
    ({"events": [{"eventcode": "064"}, {"eventcode": "190"}]}, None),  # two types: no row
    ({"events": [{"error": "No events"}]}, None),
    ({"noevents": False, "events": []}, None),
])
def test_training_data_petrarch_labels(record: dict, expected: Label | None) -> None:
    assert petrarch_label(record) == expected


@pytest.mark.parametrize("article", ["meantime:1173", "meantime:60083", "meantime:100911", "seed-putin-erdogan", "petrarch:DEMO-00"])
def test_training_data_test_articles_are_never_trained_on(article: str) -> None:
    assert (part_of(article) == "test") == (split_of(article) == "test")
    assert part_of(article) in ("train", "calibration", "test")
