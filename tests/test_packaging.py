"""claimgraph installs like a library: the wheel carries the code and the model data, and the
installed command runs the main job from any folder.

The slow test builds a wheel from a copy of the working tree, installs it without dependencies
into a fresh virtual environment that borrows the project venv's third-party packages (but not its
editable claimgraph), and runs ``claimgraph run`` and ``claimgraph claims`` from a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tomllib
import venv
from contextlib import closing
from pathlib import Path

import pytest

from pipeline import knowledge

ROOT = Path(__file__).resolve().parents[1]
# Never copied into the build: version control, environments, caches and earlier build output.
NOT_BUILT = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                   ".hypothesis", "*.db", "tests")
ARTICLE = ("Turkey condemns strikes\n\n"
           "Turkey condemned the Russian air strikes on Idlib on Monday, the foreign ministry said in Ankara.\n\n"
           "France sent humanitarian aid to Lebanon on Tuesday.\n")
# (subject, PLOVER type, object, speaker) of every claim of ARTICLE: the ids come from the shipped
# registry and gazetteer, the types from the shipped lexicon.
ARTICLE_CLAIMS = [
    ("FRA", "AID", "LBN", None),
    ("RUS", "ASSAULT", "loc:idlib", "TUR:GOV"),
    ("TUR", "ACCUSE", "RUS", "TUR:GOV"),  # condemning Russia's strikes accuses Russia; the headline's one-actor
]                                          # "Turkey condemns strikes" is no claim on its own
MODEL_NAME = "claimgraph-pair-model"  # the default model: the pair model, read from the installed claimgraph_models


def listed_packages() -> set[str]:
    """Return the packages pyproject.toml ships."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return set(tomllib.load(handle)["tool"]["setuptools"]["packages"])


def source_packages() -> set[str]:
    """Return every regular package under pipeline/ and flows/, and the data package models/ becomes."""
    inits = [*ROOT.glob("pipeline/**/__init__.py"), *ROOT.glob("flows/**/__init__.py")]
    return {".".join(init.parent.relative_to(ROOT).parts) for init in inits} | {knowledge.DATA_PACKAGE}


def test_packaging_lists_every_package() -> None:
    assert listed_packages() == source_packages(), "add the missing package to [tool.setuptools] packages"


def test_packaging_data_path_reads_the_data_package() -> None:
    assert knowledge.data_path() == (ROOT / "models").resolve()
    assert knowledge.data_path("registry", "states.json").is_file()


def test_packaging_data_path_falls_back_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "DATA_PACKAGE", "claimgraph_models_not_installed")
    assert knowledge.find_models_dir() == knowledge.CHECKOUT_MODELS_DIR == ROOT / "models"


def build_wheel(tmp_path: Path) -> Path:
    """Build the project's wheel from a copy of the tree (an in-place build would reuse a stale build/)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_BUILT)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--disable-pip-version-check", "-q", "-w", str(wheels), str(source)], check=True)
    (wheel,) = wheels.glob("claimgraph-*.whl")
    return wheel


def install_in_fresh_venv(directory: Path, wheel: Path) -> Path:
    """Create a venv, install ``wheel`` into it without dependencies, then let it see the project venv's
    third-party packages through a plain .pth line (so the .pth files there, the editable claimgraph's finder
    among them, are not run); return the venv's python."""
    venv.create(directory, with_pip=False)
    python = directory / "bin" / "python"
    run_in(directory, sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
           "--disable-pip-version-check", "-q", wheel)
    site_packages = run_in(directory, python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    Path(site_packages.strip(), "project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                                      encoding="utf-8")
    return python


def run_in(cwd: Path, *command: str | Path) -> str:
    """Run ``command`` in ``cwd`` with no PYTHONPATH and offline models; return its output or fail with it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def stored_claims(db_file: Path) -> tuple[list[tuple[str | None, ...]], set[str]]:
    """Return the (subject, type, object, speaker) rows of the store's claims, sorted, and the models that made them."""
    with closing(sqlite3.connect(db_file)) as connection:
        rows = connection.execute("SELECT subject_id, plover, object_id, attributed_to_id, extractor_model FROM claims")
        claims = [tuple(row) for row in rows]
    ordered = sorted((claim[:4] for claim in claims), key=lambda claim: [value or "" for value in claim])
    return ordered, {claim[4] for claim in claims}


@pytest.mark.slow
def test_packaging_wheel_runs_the_main_job_from_another_folder(tmp_path: Path) -> None:
    python = install_in_fresh_venv(tmp_path / "venv", build_wheel(tmp_path))
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "a.txt").write_text(ARTICLE, encoding="utf-8")

    where = run_in(work, python, "-c", "import sys, pipeline, claimgraph_models; print(pipeline.__file__); "
                   "print(claimgraph_models.__file__); print(any('editable' in name for name in sys.modules))")
    installed = tmp_path / "venv" / "lib"
    assert [Path(line).is_relative_to(installed) for line in where.splitlines()[:2]] == [True, True], where
    assert where.splitlines()[2] == "False", "the editable claimgraph's finder is active in the fresh venv"

    claimgraph = tmp_path / "venv" / "bin" / "claimgraph"
    run_in(work, claimgraph, "run", "a.txt", "--no-prefect", "--db", "sqlite:///x.db")
    claims, models = stored_claims(work / "x.db")
    assert claims == ARTICLE_CLAIMS
    assert [MODEL_NAME in model for model in models] == [True]
    assert f"{len(ARTICLE_CLAIMS)} claims" in run_in(work, claimgraph, "claims", "--db", "sqlite:///x.db")
