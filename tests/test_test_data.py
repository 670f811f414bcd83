"""The tests' own sentences are the project's, never an evaluation set's.

A sentence copied from the PLOVER gold records or the MEANTIME articles into a test makes the
benchmarks on those sets look better than the code is (a rule tuned on the row passes the benchmark
too). A string literal anywhere under tests/ that shares eight consecutive words with an
evaluation text fails here; short names of real actors ("Kofi Annan") are fine.

The sets live beside the repository (../shared/data), as they do in CI; where they are absent the
test is skipped with the reason.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SHARED_DATA = TESTS.parents[1] / "shared" / "data"
# (file under ../shared/data, field of each JSON line holding the text)
EVALUATION_SETS = [("plover_gsr/dev.jsonl", "text"), ("meantime_en/meantime_en_articles.jsonl", "text")]
NGRAM = 8
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words_of(text: str) -> list[str]:
    """Return the lower-cased words of ``text``, punctuation dropped (so "U.S." and "US" differ only by dots)."""
    return WORD.findall(text.lower())


def ngrams_of(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Return every run of ``n`` consecutive words of ``text``."""
    words = words_of(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, value) of every string constant in the Python file ``path`` (implicit concatenations joined)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def evaluation_ngrams(relative: str, field: str) -> set[tuple[str, ...]]:
    """Return the word n-grams of every text of an evaluation set; skip the test when the file is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is not here: the evaluation sets sit beside the repository in CI (../shared/data)")
    grams: set[tuple[str, ...]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            grams |= ngrams_of(json.loads(line)[field])
    return grams


def test_test_data_ngrams_find_a_near_copy() -> None:
    original = "The delegates of both parties agreed on Monday to resume talks in the capital, officials said."
    # case, punctuation and the end of the sentence changed: still eight words in a row
    assert ngrams_of(original) & ngrams_of("the delegates of both parties agreed on Monday, to resume the talks")
    # seven shared words, or a sentence too short to hold eight words, are no copy
    assert not ngrams_of(original) & ngrams_of("Delegates of both parties met on Monday to resume talks in the city.")
    assert ngrams_of("Turkey supports the GNA.") == set()


@pytest.mark.parametrize(("relative", "field"), EVALUATION_SETS)
def test_test_data_no_sentence_copied_from_an_evaluation_set(relative: str, field: str) -> None:
    gold = evaluation_ngrams(relative, field)
    copied = [
        f"{path.relative_to(TESTS.parent)}:{line}: {value[:80]!r}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, value in string_literals(path)
        if ngrams_of(value) & gold
    ]
    assert copied == [], f"test strings sharing {NGRAM} words with {relative}; write sentences of our own"
