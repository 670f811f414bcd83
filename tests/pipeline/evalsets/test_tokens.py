from __future__ import annotations

import pytest

from pipeline.evalsets.records import CharSpan
from pipeline.evalsets.tokens import join_tokens, token_range


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["Arnor", "attacked", "Gondor", "."], "Arnor attacked Gondor."),
        (["the", "council", "'s", "envoy", ",", "(", "again", ")"], "the council's envoy, (again)"),
        (["it", "cost", "$", "5", "million"], "it cost $5 million"),
        ([], ""),
    ],
    ids=["period", "clitic-comma-brackets", "dollar", "empty"],
)
def test_tokens_join_gives_text_and_exact_spans(tokens: list[str], text: str) -> None:
    joined, spans = join_tokens(tokens)

    assert (joined, [joined[s.start : s.end] for s in spans]) == (text, tokens)


def test_tokens_range_covers_first_to_last() -> None:
    text, spans = join_tokens(["the", "Gondor", "guard", "left"])

    assert (token_range(spans, 1, 2), text[token_range(spans, 1, 2).start : token_range(spans, 1, 2).end]) == (
        CharSpan(4, 16),
        "Gondor guard",
    )
