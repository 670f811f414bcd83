"""The data flows one way: ingest -> nlp (parse) -> extract -> score -> normalize -> store ->
compare / export / web (serve) / workbench. These checks read the imports of every module with
``ast`` and fail when a module reaches across: a stage imports no other stage, except that the
stages after the store read it; no stage imports a later one; nothing under pipeline/ imports Prefect.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
# Stages in data-flow order; stages of one rank run side by side and never import each other.
STAGE_RANKS = {
    "ingest": 0, "nlp": 1, "extract": 2, "score": 3, "normalize": 4, "store": 5,
    "compare": 6, "export": 6, "web": 6, "workbench": 6,
}
STAGES = tuple(STAGE_RANKS)
# The one crossing allowed: what comes after the store reads it (its queries, the graph feed, reviews).
READS_STORE = frozenset(stage for stage, rank in STAGE_RANKS.items() if rank > STAGE_RANKS["store"])
AFTER_EXTRACT = tuple(stage for stage, rank in STAGE_RANKS.items() if rank > STAGE_RANKS["extract"])
# The ontology is a leaf helper shared by extraction (typing) and normalization (quad classes);
# evaluate is the one scoring function, over records.
LEAVES = ("records", "errors", "ids", "settings", "ontology", "evaluate")
# The edges that compose stages: the runner, the CLI, the spaCy registrations and the assessment tools.
COMPOSITION = (
    "__init__", "run", "cli", "cli_feeds", "cli_graph", "cli_model", "cli_registry", "cli_review",
    "components", "assess", "training_data",
)


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


def own_stage(path: Path) -> str | None:
    return stage_of("pipeline." + ".".join(path.relative_to(PIPELINE).with_suffix("").parts))


def pipeline_files() -> list[Path]:
    return sorted(p for p in PIPELINE.rglob("*.py") if "migrations" not in p.parts)


def stage_files() -> list[Path]:
    return [p for p in pipeline_files() if own_stage(p) is not None]


def test_architecture_every_module_has_a_place() -> None:
    packages = {p.name for p in PIPELINE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PIPELINE.glob("*.py")}

    assert (packages - set(STAGES), modules - set(LEAVES) - set(COMPOSITION)) == (set(), set())


@pytest.mark.parametrize("path", pipeline_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_library_never_imports_prefect(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.split(".")[0] in ("prefect", "flows")}


@pytest.mark.parametrize("path", stage_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_stage_imports_no_other_stage(path: Path) -> None:
    own = own_stage(path)
    allowed = {own, None} | ({"store"} if own in READS_STORE else set())
    others = {stage_of(m) for m in imported_modules(path)} - allowed
    assert not others, f"{path.name} ({own}) imports stage(s) {sorted(others)}"


@pytest.mark.parametrize("path", stage_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_no_stage_imports_a_later_one(path: Path) -> None:
    own = own_stage(path)
    later = {s for s in (stage_of(m) for m in imported_modules(path)) if s is not None and s != own and STAGE_RANKS[s] >= STAGE_RANKS[own]}
    assert not later, f"{path.name} ({own}) imports later or sibling stage(s) {sorted(later)}"


@pytest.mark.parametrize("stage", AFTER_EXTRACT)
def test_architecture_nothing_after_extract_imports_spacy(stage: str) -> None:
    offenders = [p.name for p in (PIPELINE / stage).rglob("*.py") if any(m.split(".")[0] == "spacy" for m in imported_modules(p))]
    assert offenders == []


@pytest.mark.parametrize("leaf", LEAVES)
def test_architecture_leaves_import_no_stage(leaf: str) -> None:
    modules = imported_modules(PIPELINE / f"{leaf}.py")
    assert not {stage_of(m) for m in modules} - {None}
