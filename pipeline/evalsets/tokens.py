"""Tokenized text back to plain text, keeping each token's character span.

The CoNLL and RAMS sets ship tokens, not text. Joining them with single spaces, except before closing
punctuation and clitics and after opening brackets, gives text close to the original and exact
offsets for every token (hence for every labelled span). Imports only ``evalsets.records``.
"""

from __future__ import annotations

from pipeline.evalsets.records import CharSpan

# Tokens written flush against the token before them ("Iraq ." -> "Iraq.", "government 's" -> "government's").
NO_SPACE_BEFORE = frozenset({".", ",", ":", ";", "!", "?", ")", "]", "%", "'s", "n't", "’s"})
# Tokens written flush against the token after them.
NO_SPACE_AFTER = frozenset({"(", "[", "$"})


def join_tokens(tokens: list[str]) -> tuple[str, list[CharSpan]]:
    """Return the text of ``tokens`` and each token's span in it (end-exclusive)."""
    pieces: list[str] = []
    spans: list[CharSpan] = []
    length = 0
    for index, token in enumerate(tokens):
        if index and token not in NO_SPACE_BEFORE and tokens[index - 1] not in NO_SPACE_AFTER:
            pieces.append(" ")
            length += 1
        spans.append(CharSpan(length, length + len(token)))
        pieces.append(token)
        length += len(token)
    return "".join(pieces), spans


def token_range(spans: list[CharSpan], first: int, last: int) -> CharSpan:
    """Return the character span from token ``first`` to token ``last`` inclusive."""
    return CharSpan(spans[first].start, spans[last].end)
