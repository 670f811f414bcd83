"""Where the project's knowledge lives: the data files under ``models/`` (lexicons, the actor
registry, ontology tables, the classifier's artefacts), and the typed loaders that read them.

A leaf package: it imports records and errors only, never a stage. Every word list, alias table and
code map the stages use is a file found through ``data_path`` and read by one loader here, so a
fact lives in one place.
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def data_path(*parts: str) -> Path:
    """Return the path of a file or folder of the shipped model data (``data_path("lexicons", "predicates.txt")``)."""
    return MODELS_DIR.joinpath(*parts)
