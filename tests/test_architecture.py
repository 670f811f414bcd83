"""The data flows one way: ingest -> nlp -> extract -> normalize -> store. These checks read the
imports of every module with ``ast`` and fail when a module reaches across.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
STAGES = ("ingest", "nlp", "extract", "normalize", "store")
AFTER_EXTRACT = ("normalize", "store")
# The ontology is a leaf helper shared by extraction (typing) and normalization (quad classes).
LEAVES = ("records", "errors", "ids", "settings", "ontology")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipeline" and parts[1] in STAGES else None


def pipeline_files() -> list[Path]:
    return sorted(p for p in PIPELINE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", pipeline_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_library_never_imports_prefect(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.split(".")[0] in ("prefect", "flows")}


@pytest.mark.parametrize("path", pipeline_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_stage_imports_no_other_stage(path: Path) -> None:
    own = stage_of("pipeline." + ".".join(path.relative_to(PIPELINE).with_suffix("").parts))
    if own is None:
        return
    others = {stage_of(m) for m in imported_modules(path)} - {None, own}
    assert not others, f"{path.name} ({own}) imports stage(s) {sorted(others)}"


@pytest.mark.parametrize("stage", AFTER_EXTRACT)
def test_architecture_nothing_after_extract_imports_spacy(stage: str) -> None:
    offenders = [p.name for p in (PIPELINE / stage).rglob("*.py") if any(m.split(".")[0] == "spacy" for m in imported_modules(p))]
    assert offenders == []


@pytest.mark.parametrize("leaf", LEAVES)
def test_architecture_leaves_import_no_stage(leaf: str) -> None:
    modules = imported_modules(PIPELINE / f"{leaf}.py")
    assert not {stage_of(m) for m in modules} - {None}
