"""The protocol deduplication talks to: it names every store method dedup calls and no other, and
the store satisfies it, method by method, with the same signatures."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from pipeline.dedup import deduplicator
from pipeline.dedup.known import KnownArticles
from pipeline.store import Store

METHODS = [
    "has_article", "article_outlets", "article_at_url", "duplicate_candidates", "write_fingerprint", "write_sightings",
]


def called_on_known() -> set[str]:
    """Return the attributes ``deduplicator.py`` reads from ``known`` or ``<anything>.known``."""
    tree = ast.parse(Path(deduplicator.__file__).read_text(encoding="utf-8"))
    return {
        node.attr for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and (
            (isinstance(node.value, ast.Name) and node.value.id == "known")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "known")
        )
    }


def test_known_protocol_names_exactly_the_methods_dedup_calls() -> None:
    declared = [name for name, value in vars(KnownArticles).items() if inspect.isfunction(value) and name[0] != "_"]
    assert (declared, called_on_known()) == (METHODS, set(METHODS))


@pytest.mark.parametrize("name", METHODS)
def test_known_store_method_matches_the_protocol(name: str) -> None:
    expected = inspect.signature(getattr(KnownArticles, name), eval_str=True)
    assert inspect.signature(getattr(Store, name), eval_str=True) == expected
