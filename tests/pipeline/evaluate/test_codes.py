"""Tests for pipeline.evaluate.codes: country codes as the scorers compare them."""

from __future__ import annotations

import pytest

from pipeline.evaluate.codes import country_code, iso_code


@pytest.mark.parametrize(("code", "expected"), [("JAP", "JPN"), ("ITL", "ITA"), ("NGO", "IGO"), ("IGO", "IGO"), ("TUR", "TUR")])
def test_codes_iso_code_reads_cameo_as_iso_and_one_non_state_code(code: str, expected: str) -> None:
    assert iso_code(code) == expected


@pytest.mark.parametrize(("code", "expected"), [("JAP", "JPN"), ("ROM", "ROU"), ("NGO", "NGO"), ("IGO", "IGO"), ("TUR", "TUR")])
def test_codes_country_code_reads_cameo_as_iso_and_keeps_non_state_codes_apart(code: str, expected: str) -> None:
    assert country_code(code) == expected
