"""The store imports only the leaf modules (records, errors, ids, and the ontology for a reviewed type's quad class)
and itself: no stage, no spaCy, no Prefect."""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline.store

STORE_DIR = Path(pipeline.store.__file__).parent
ALLOWED_PROJECT_MODULES = ("pipeline.records", "pipeline.errors", "pipeline.ids", "pipeline.ontology", "pipeline.store")
FORBIDDEN_PACKAGES = {"spacy", "prefect", "torch", "transformers"}


def imported_modules(path: Path) -> set[str]:
    """Return every module ``path`` imports (``from pipeline.store import rows`` gives ``pipeline.store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return names


def test_store_imports_only_leaf_modules() -> None:
    offending = {
        f"{path.relative_to(STORE_DIR)}: {module}"
        for path in sorted(STORE_DIR.rglob("*.py"))
        for module in imported_modules(path)
        if (module.startswith("pipeline") and not module.startswith(ALLOWED_PROJECT_MODULES))
        or module.split(".")[0] in FORBIDDEN_PACKAGES
    }

    assert offending == set()
