"""Country codes as the scorers compare them: ``country_code`` reads a CAMEO spelling or a retired
ISO code as ISO 3166 alpha-3 (JAP -> JPN); ``iso_code`` does that and also reads NGO as IGO, the one
non-state code of the PLOVER gold-standard records. ``gsr`` compares through ``iso_code``;
``labels.country_right`` (actor countries, where IGO and NGO are told apart) through ``country_code``.

Imports only ``pipeline.knowledge`` (the code table lives in ``models/ontology/plover.json``).
"""

from __future__ import annotations

from pipeline.knowledge.plover import plover_tables

# CAMEO spellings and retired ISO codes -> ISO 3166 alpha-3.
CODE_MAP = plover_tables().cameo_country_codes
# The PLOVER gold records code international NGOs (Amnesty International, the Red Cross) as IGO;
# the registry keeps them apart as NGO. For the GSR checks both count as one non-state code.
NON_STATE_CODES = {"NGO": "IGO"}


def country_code(code: str) -> str:
    """Return a CAMEO or retired country code as ISO 3166 alpha-3 (JAP -> JPN); others unchanged."""
    return CODE_MAP.get(code, code)


def iso_code(code: str) -> str:
    """Return a CAMEO or retired country code as ISO 3166 alpha-3 (JAP -> JPN), NGO as the gold's IGO;
    others unchanged."""
    return NON_STATE_CODES.get(code) or country_code(code)
