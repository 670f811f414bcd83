"""Where the project's knowledge lives: the data files under ``models/`` (lexicons, the actor
registry, ontology tables, the classifier's artefacts), and the typed loaders that read them.

A leaf package: it imports records and errors only, never a stage. Every word list, alias table and
code map the stages use is a file found through ``data_path`` and read by one loader here, so a
fact lives in one place.

``models/`` installs as the data package ``claimgraph_models`` (pyproject.toml maps the folder to
that name), so the files are found through ``importlib.resources`` from any working directory, in
an editable install and in an installed wheel alike.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pipeline.errors import ModelError

DATA_PACKAGE = "claimgraph_models"
# A checkout used without being installed (PYTHONPATH=.) has no `claimgraph_models` to import, but
# its models/ sits beside pipeline/.
CHECKOUT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def find_models_dir() -> Path:
    """Return the folder of the shipped model data: the installed ``claimgraph_models`` package, else the
    checkout's ``models/``.

    Raises ``ModelError`` when the package is installed somewhere that is not a folder (a zip file), which
    the loaders cannot read.
    """
    try:
        root = resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        return CHECKOUT_MODELS_DIR
    if not isinstance(root, Path):
        raise ModelError(f"the model data package {DATA_PACKAGE} is not a folder on disk ({root}); "
                         "install claimgraph unzipped (pip install .)", stage="knowledge")
    return root


MODELS_DIR = find_models_dir()


def data_path(*parts: str) -> Path:
    """Return the path of a file or folder of the shipped model data (``data_path("lexicons", "predicates.txt")``)."""
    return MODELS_DIR.joinpath(*parts)
