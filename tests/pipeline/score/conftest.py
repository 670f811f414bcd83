"""The committed classifier, loaded once for the score tests (its frozen encoder is reused for training)."""

from __future__ import annotations

import pytest

from pipeline.score.model import ClaimClassifier, load_classifier


@pytest.fixture(scope="session")
def classifier() -> ClaimClassifier:
    return load_classifier()
