"""Choosing the pair policy: the Platt fit and the grid (the dev run itself is exercised by the
committed policy's tests in tests/pipeline/score/test_propose.py)."""

from __future__ import annotations

import math
import random

import pytest

from pipeline.score.propose import NEVER, PairPolicy
from pipeline.tune import (
    ADD_CHOICES,
    FILL_CHOICES,
    HEAD_CHOICES,
    RETYPE_CHOICES,
    TYPE_CHOICES,
    VETO_CHOICES,
    fit_platt,
    grid,
    raw_to_calibrated,
)


def test_platt_fit_recovers_a_known_logistic_relation() -> None:
    rng = random.Random(5)
    points = []
    for _ in range(4000):
        raw = rng.uniform(0.01, 0.99)
        logit = 2.0 * math.log(raw / (1 - raw)) - 1.0
        points.append((raw, rng.random() < 1 / (1 + math.exp(-logit))))
    slope, intercept = fit_platt(points)
    assert slope == pytest.approx(2.0, abs=0.25) and intercept == pytest.approx(-1.0, abs=0.2)


def test_platt_fit_stays_finite_on_a_separable_set() -> None:
    slope, intercept = fit_platt([(0.9, True)] * 20 + [(0.1, False)] * 20)
    assert 0 < slope < 100 and abs(intercept) < 100


def test_grid_tries_every_combination_once() -> None:
    policies = list(grid())
    adding = len(ADD_CHOICES) + len(FILL_CHOICES)
    assert len(policies) == len(HEAD_CHOICES) * len(TYPE_CHOICES) * adding * len(VETO_CHOICES) * len(RETYPE_CHOICES)
    assert len({(p.claim_heads, p.add_types, p.add, p.fill, p.veto, p.retype) for p in policies}) == len(policies)
    assert all(p.add == NEVER or p.fill == NEVER for p in policies)  # the back-off only where nothing is added
    assert all(p.mode == "combined" and p.slope == 1.0 for p in policies)


def test_thresholds_move_to_the_calibrated_scale_and_never_stays_never() -> None:
    policy = PairPolicy(slope=1.5, intercept=-0.5)
    assert raw_to_calibrated(policy, 0.8) == pytest.approx(policy.calibrated(0.8), abs=1e-6)
    assert raw_to_calibrated(policy, NEVER) == NEVER and raw_to_calibrated(policy, 0.0) == 0.0


def test_the_policy_choice_on_the_seed_article_never_does_worse_than_the_rules(
    rules_pipeline, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    from pathlib import Path

    from pipeline.assess import TextSource
    from pipeline.knowledge import data_path
    from pipeline.score.pair_model import load_pair_model
    from pipeline.score.propose import ALL_PAIRS_POLICY_FILE, POLICY_FILE
    from pipeline.tune import MAX_LOSS, choose_policies, claims_under, own_gold_set

    root = Path(__file__).resolve().parents[2]
    lines = (root / "corpora" / "gold" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(line for line in lines if '"seed-putin-erdogan"' in line) + "\n", encoding="utf-8")
    dev = own_gold_set(rules_pipeline, load_pair_model(data_path("pair_model")), gold,
                       [TextSource(root / "corpora" / "samples")])
    [extraction] = dev.extractions
    assert len(dev.readings[0]) == len(extraction.pairs) > 20
    rules = dev.measure(claims_under(rules_pipeline, dev, PairPolicy(mode="rules")))
    assert 0.3 < rules < 1.0
    chosen = choose_policies(rules_pipeline, [dev])
    assert set(chosen) == {POLICY_FILE, ALL_PAIRS_POLICY_FILE}
    policy, notes = chosen[POLICY_FILE]
    assert notes["dev"]["combined (chosen)"]["own gold claims F1"] >= rules - MAX_LOSS
    assert notes["dev"]["rules only"]["own gold claims F1"] == round(rules, 4)
    assert policy.slope > 0 and notes["calibration"]["slots"] == len(extraction.pairs)
    assert not policy.adds_claims  # the default reads only the rules' pairs (the speed limits)
    every, every_notes = chosen[ALL_PAIRS_POLICY_FILE]
    # the opt-in policy is chosen among more policies, so its dev mean is never below the default's
    assert every_notes["dev"]["combined (chosen)"]["mean"] >= notes["dev"]["combined (chosen)"]["mean"]
    assert every_notes["policies_within_the_loss_bound"] >= notes["policies_within_the_loss_bound"]
