"""The shape of the code, measured: function length (median, 90th percentile), modules over 400
lines, the largest modules, under ``pipeline/`` and ``flows/``.

    .venv/bin/python benchmarks/code_shape.py

A function's length is its lines from ``def`` to its last line, docstring included.
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def function_lengths(path: Path) -> list[int]:
    """Return the line count of every function and method defined in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.end_lineno - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None
    ]


def main() -> None:
    files = sorted(p for folder in ("pipeline", "flows") for p in (ROOT / folder).rglob("*.py"))
    lengths = [n for path in files for n in function_lengths(path)]
    sizes = sorted(((len(p.read_text(encoding="utf-8").splitlines()), p) for p in files), reverse=True)
    deciles = statistics.quantiles(lengths, n=10)
    print(f"modules: {len(files)}, lines: {sum(size for size, _ in sizes):,}, functions: {len(lengths):,}")
    print(f"function length: median {statistics.median(lengths):.0f}, p90 {deciles[-1]:.0f}, max {max(lengths)}")
    over = [(size, p) for size, p in sizes if size > 400]
    print(f"modules over 400 lines: {len(over)}")
    for size, path in over:
        print(f"  {size:5d} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
