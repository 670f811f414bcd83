"""Scoring geoparsing: the places a system resolved (a span and, where it has one, a point) against gold
toponyms (a span and a point).

A gold toponym is *found* when a predicted place's span overlaps it (the largest overlap wins, then
the first in the list); a found toponym is *right* when the predicted point lies within ``ACCURACY_KM``
of the gold point (161 km, 100 miles: the "accuracy@161km" of geoparsing evaluations). A predicted place
overlapping no gold toponym is *unmatched* (``PlaceScores.precision``). A found place
without a point counts as wrong, and apart (``PlaceScores.with_point``). Errors in km are those of the
found toponyms that have a point. Any system can be scored: it only has to give ``PredictedPlace``s.

``benchmarks/geoparsing.py`` scores claimgraph through here. Imports only the standard library.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

ACCURACY_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class GoldToponym:
    """A gold toponym: its character offsets (end-exclusive) and its point."""

    start: int
    end: int
    lat: float
    lon: float
    name: str = ""


@dataclass(frozen=True)
class PredictedPlace:
    """A place a system resolved: its character offsets and its point, None where it gave none."""

    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class PlaceScores:
    """Counts over gold toponyms, and the errors in km of the found ones with a point."""

    toponyms: int = 0
    found: int = 0
    with_point: int = 0
    within: int = 0
    errors_km: tuple[float, ...] = ()
    predicted: int = 0
    unmatched: int = 0

    def __add__(self, other: PlaceScores) -> PlaceScores:
        return PlaceScores(self.toponyms + other.toponyms, self.found + other.found,
                           self.with_point + other.with_point, self.within + other.within,
                           self.errors_km + other.errors_km, self.predicted + other.predicted,
                           self.unmatched + other.unmatched)

    @property
    def precision(self) -> float:
        """Predicted places that overlap a gold toponym, out of all predicted (a lower bound: gold sets leave some
        places unmarked); 0.0 without predictions."""
        return (self.predicted - self.unmatched) / self.predicted if self.predicted else 0.0

    @property
    def found_share(self) -> float:
        """Found out of all toponyms; 0.0 without toponyms."""
        return self.found / self.toponyms if self.toponyms else 0.0

    @property
    def point_share(self) -> float:
        """Found with a point out of found; 0.0 when none was found."""
        return self.with_point / self.found if self.found else 0.0

    @property
    def accuracy(self) -> float:
        """Within ``ACCURACY_KM`` out of found (a found place without a point is wrong); 0.0 when none was found."""
        return self.within / self.found if self.found else 0.0

    @property
    def mean_km(self) -> float | None:
        """Mean error in km of the found toponyms with a point; None without any."""
        return statistics.fmean(self.errors_km) if self.errors_km else None

    @property
    def median_km(self) -> float | None:
        """Median error in km of the found toponyms with a point; None without any."""
        return statistics.median(self.errors_km) if self.errors_km else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points in degrees (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def overlap(toponym: GoldToponym, place: PredictedPlace) -> int:
    """Return how many characters the two spans share (0 when they do not overlap)."""
    return max(0, min(toponym.end, place.end) - max(toponym.start, place.start))


def match_place(toponym: GoldToponym, predicted: Sequence[PredictedPlace]) -> PredictedPlace | None:
    """Return the predicted place overlapping ``toponym`` most (the first of equals), or None."""
    best, best_overlap = None, 0
    for place in predicted:
        shared = overlap(toponym, place)
        if shared > best_overlap:
            best, best_overlap = place, shared
    return best


def score_places(gold: Sequence[GoldToponym], predicted: Sequence[PredictedPlace], *,
                 within_km: float = ACCURACY_KM) -> PlaceScores:
    """Return the scores of ``predicted`` against the ``gold`` toponyms of one article (add articles' up with +)."""
    found = with_point = within = 0
    errors: list[float] = []
    for toponym in gold:
        place = match_place(toponym, predicted)
        if place is None:
            continue
        found += 1
        if place.lat is None or place.lon is None:
            continue
        with_point += 1
        errors.append(distance_km(toponym.lat, toponym.lon, place.lat, place.lon))
        within += errors[-1] <= within_km
    unmatched = sum(1 for place in predicted if not any(overlap(toponym, place) for toponym in gold))
    return PlaceScores(len(gold), found, with_point, within, tuple(errors), len(predicted), unmatched)
