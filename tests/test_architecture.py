"""The data flows one way: ingest -> dedup -> nlp (parse) -> extract -> score -> normalize -> store
-> compare / export / web (serve) / workbench. These checks read the imports of every module with
``ast`` (imports inside functions and ``importlib.import_module("...")`` strings included) and fail
when a module reaches across: a stage imports no other stage, except that the stages after the store
read it; no stage imports a later one; nothing under pipeline/ imports Prefect or flows/ except the
CLI, the edge that starts flows; no import cycle anywhere in pipeline/ or flows/; and knowledge is
data: no collection literal in code holds more than 12 strings.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
FLOWS = ROOT / "flows"
# Stages in data-flow order; stages of one rank run side by side and never import each other.
STAGE_RANKS = {
    "ingest": 0, "dedup": 1, "nlp": 2, "extract": 3, "score": 4, "normalize": 5, "store": 6,
    "compare": 7, "export": 7, "web": 7, "workbench": 7,
}
STAGES = tuple(STAGE_RANKS)
# The one crossing allowed: what comes after the store reads it (its queries, the graph feed, reviews).
READS_STORE = frozenset(stage for stage, rank in STAGE_RANKS.items() if rank > STAGE_RANKS["store"])
AFTER_EXTRACT = tuple(stage for stage, rank in STAGE_RANKS.items() if rank > STAGE_RANKS["extract"])
# Leaves every stage may import (modules or packages): records and their helpers, the ontology (typing
# and quad classes), evaluate (the one scoring package, over records), knowledge (the typed loaders of
# models/ data), evalsets (readers of the external evaluation and training sets, mapped onto PLOVER) and cache
# (the disk cache of what is slow to build: the gazetteer, the actor registry).
LEAVES = ("records", "errors", "ids", "settings", "ontology", "evaluate", "knowledge", "evalsets", "cache")
# What composes stages: the runners (and their worker processes), the spaCy registrations, the assessment
# tools, the CLI, the converters of external resources into models/ data.
COMPOSITION = ("__init__", "run", "steps", "workers", "components", "assess", "training_data", "tune", "cli", "convert")
# The CLI is the edge that may start the Prefect flows; nothing else in the library knows of them.
FLOW_EDGES = ("cli",)
# A collection literal with more strings than this is knowledge and belongs in a data file.
MAX_LITERAL_STRINGS = 12


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> list[Path]:
    return sorted(p for folder in (PIPELINE, FLOWS) for p in folder.rglob("*.py") if "migrations" not in p.parts)


@cache
def known_modules() -> frozenset[str]:
    return frozenset(module_name(p) for p in source_files())


def import_module_strings(node: ast.Call) -> list[str]:
    """Return the module named by ``importlib.import_module("x")`` / ``__import__("x")`` calls."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
        return [str(node.args[0].value)]
    return []


def from_import_targets(package: str, names: list[str]) -> set[str]:
    """Return what ``from package import names`` imports: each name that is a module of ours, and the
    package itself when any name is not (a parent package's ``__init__`` running first is not an edge)."""
    submodules = {f"{package}.{name}" for name in names if f"{package}.{name}" in known_modules()}
    return submodules | ({package} if len(submodules) < len(names) else set())


@cache
def imported_modules(path: Path) -> frozenset[str]:
    """Return every module ``path`` imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(from_import_targets(node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Call):
            found.update(import_module_strings(node))
    return frozenset(found)


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipeline" and parts[1] in STAGES else None


def own_stage(path: Path) -> str | None:
    return stage_of(module_name(path) if path.name != "__init__.py" else module_name(path) + ".__init__")


def pipeline_files() -> list[Path]:
    return [p for p in source_files() if p.is_relative_to(PIPELINE)]


def stage_files() -> list[Path]:
    return [p for p in pipeline_files() if own_stage(p) is not None]


def top_level_of(path: Path) -> str:
    parts = path.relative_to(PIPELINE).parts
    return parts[0].removesuffix(".py")


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in source_files():
        source = module_name(path)
        graph.add_node(source)
        graph.add_edges_from((source, target) for target in imported_modules(path) if target in known_modules() and target != source)
    return graph


def files_of(name: str) -> list[Path]:
    """Return the source files of the top-level module or package ``name`` of pipeline/."""
    package = PIPELINE / name
    return sorted(package.rglob("*.py")) if package.is_dir() else [PIPELINE / f"{name}.py"]


def test_architecture_every_module_has_a_place() -> None:
    packages = {p.name for p in PIPELINE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PIPELINE.glob("*.py")}

    assert (packages | modules) - set(STAGES) - set(LEAVES) - set(COMPOSITION) == set()


@pytest.mark.parametrize("path", pipeline_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_library_never_imports_prefect(path: Path) -> None:
    forbidden = ("prefect", "prefect_dask") if top_level_of(path) in FLOW_EDGES else ("prefect", "prefect_dask", "flows")
    assert not {m for m in imported_modules(path) if m.split(".")[0] in forbidden}


@pytest.mark.parametrize("path", stage_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_stage_imports_no_other_stage(path: Path) -> None:
    own = own_stage(path)
    allowed = {own, None} | ({"store"} if own in READS_STORE else set())
    others = {stage_of(m) for m in imported_modules(path)} - allowed
    assert not others, f"{path.name} ({own}) imports stage(s) {sorted(s for s in others if s)}"


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
    modules = {m for path in files_of(leaf) for m in imported_modules(path)}
    assert not {stage_of(m) for m in modules} - {None}


def test_architecture_import_graph_has_no_cycle() -> None:
    assert list(nx.simple_cycles(import_graph(), length_bound=12)) == []


def test_architecture_import_graph_sees_function_imports_and_strings(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import importlib\n"
        "def late():\n    from pipeline.records import Claim\n    return importlib.import_module('flows.main')\n",
        encoding="utf-8",
    )

    assert {"pipeline.records", "flows.main"} <= imported_modules(module)


def string_count(node: ast.AST) -> int:
    """Return how many string constants ``node`` lists directly (a list, tuple, set or dict literal)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        elements: list[ast.expr | None] = list(node.elts)
    elif isinstance(node, ast.Dict):
        elements = [*node.keys, *node.values]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" and isinstance(node.func.value, ast.Constant):
        return len(str(node.func.value.value).split())
    else:
        return 0
    return sum(1 for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str))


def type_literal_nodes(tree: ast.AST) -> set[int]:
    """Return the ids of the tuples inside ``Literal[...]``: a closed type is declared, not knowledge listed."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            found.add(id(node.slice))
    return found


def large_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    declared = type_literal_nodes(tree)
    return [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno} holds {string_count(node)} strings"
        for node in ast.walk(tree)
        if id(node) not in declared and string_count(node) > MAX_LITERAL_STRINGS
    ]


def test_architecture_knowledge_is_data() -> None:
    assert [found for path in source_files() for found in large_literals(path)] == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("WORDS = {" + ", ".join(f"'w{i}'" for i in range(13)) + "}", 1),
        ("WORDS = {" + ", ".join(f"'w{i}'" for i in range(12)) + "}", 0),
        ("WORDS = '" + " ".join(f"w{i}" for i in range(13)) + "'.split()", 1),
        ("MAP = {" + ", ".join(f"'k{i}': 'v{i}'" for i in range(7)) + "}", 1),
        ("Kind = Literal[" + ", ".join(f"'t{i}'" for i in range(16)) + "]", 0),
    ],
    ids=["set-13", "set-12", "split-13", "dict-7-pairs", "type-literal"],
)
def test_architecture_literal_check_counts(tmp_path: Path, code: str, expected: int) -> None:
    path = tmp_path / "probe.py"
    path.write_text(code + "\n", encoding="utf-8")

    assert len(large_literals(path)) == expected
