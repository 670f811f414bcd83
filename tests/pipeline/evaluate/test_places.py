"""Tests for pipeline.evaluate.places: which gold toponyms a prediction finds, the 161 km test, places
without a point, and the totals of several articles."""

from __future__ import annotations

import pytest

from pipeline.evaluate.places import GoldToponym, PlaceScores, PredictedPlace, distance_km, match_place, score_places

# Invented toponyms: a point in Paris, one in Lyon (about 392 km apart), one in Versailles (about 17 km from Paris).
PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
VERSAILLES = (48.8049, 2.1204)


def test_places_distance_km_matches_known_distances() -> None:
    assert distance_km(*PARIS, *PARIS) == 0.0
    assert distance_km(*PARIS, *LYON) == pytest.approx(392, abs=2)
    assert distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015, abs=1)


@pytest.mark.parametrize(("predicted", "expected"), [
    ([], None),
    ([PredictedPlace(20, 25, *PARIS)], None),
    ([PredictedPlace(0, 3, *PARIS), PredictedPlace(2, 10, *LYON)], PredictedPlace(2, 10, *LYON)),
    ([PredictedPlace(4, 8, *PARIS), PredictedPlace(4, 8, *LYON)], PredictedPlace(4, 8, *PARIS)),
])
def test_places_match_place_takes_the_largest_overlap(predicted: list[PredictedPlace],
                                                      expected: PredictedPlace | None) -> None:
    assert match_place(GoldToponym(2, 10, *PARIS), predicted) == expected


def test_places_score_counts_found_points_and_accuracy() -> None:
    gold = [GoldToponym(0, 5, *PARIS, "Paris"), GoldToponym(10, 14, *LYON, "Lyon"),
            GoldToponym(20, 30, *VERSAILLES, "Versailles"), GoldToponym(40, 45, *PARIS, "Paris")]
    predicted = [PredictedPlace(0, 5, *PARIS), PredictedPlace(10, 14, *PARIS), PredictedPlace(22, 26, None, None),
                 PredictedPlace(50, 55, *PARIS)]
    scores = score_places(gold, predicted)
    assert (scores.toponyms, scores.found, scores.with_point, scores.within) == (4, 3, 2, 1)
    assert scores.errors_km[0] == 0.0 and scores.errors_km[1] == pytest.approx(392, abs=2)
    assert (scores.found_share, scores.point_share, scores.accuracy) == (0.75, 2 / 3, 1 / 3)
    assert scores.mean_km == pytest.approx(196, abs=1) and scores.median_km == pytest.approx(196, abs=1)


def test_places_score_threshold_is_inclusive_and_adjustable() -> None:
    gold = [GoldToponym(0, 5, *PARIS)]
    near = [PredictedPlace(0, 5, *VERSAILLES)]
    assert score_places(gold, near).within == 1
    assert score_places(gold, near, within_km=10).within == 0


def test_places_scores_add_up_over_articles() -> None:
    first = score_places([GoldToponym(0, 5, *PARIS)], [PredictedPlace(0, 5, *PARIS)])
    second = score_places([GoldToponym(0, 4, *LYON), GoldToponym(9, 12, *LYON)], [])
    third = score_places([GoldToponym(0, 4, *LYON)], [PredictedPlace(10, 14, *PARIS)])
    assert PlaceScores() + first + second + third == PlaceScores(4, 1, 1, 1, (0.0,), predicted=2, unmatched=1)
    assert (PlaceScores() + first + third).precision == 0.5
    empty = PlaceScores()
    assert (empty.found_share, empty.point_share, empty.accuracy, empty.mean_km, empty.median_km) == (0.0, 0.0, 0.0, None, None)
