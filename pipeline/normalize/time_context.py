"""The passage around a time expression: its clause's tense, the year stated before it, a year after it.

What ``resolve_times`` reads beside each span: whether its clause is about the future
(will/should/scheduled, "by June"), the last explicit year of its paragraph (a bare month also
looks into the paragraph before), and a year that follows it ("October" + " of next year").
Paragraphs are lines. Imports only the standard library and the sibling ``time_values``; never
spaCy or another stage.
"""

from __future__ import annotations

import re

from pipeline.normalize.time_values import MONTH_WORDS, Direction

_CLAUSE_BREAK = re.compile(r"[.;:!?\n,]|--")
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|should|'ll|wo n't|won't|going to|is to|are to|plans? to|intends? to|due to be|set to"
    r"|is due|are due)\b", re.I
)
_FUTURE_ANYWHERE = re.compile(r"\b(?:scheduled|upcoming|forthcoming|expected|slated)\b", re.I)
_DEADLINE = re.compile(r"\b(?:by|until|till)\s+$", re.I)
_EXPLICIT_YEAR = re.compile(r"(?<![\d$£€.,'])\b(1[89]\d\d|20\d\d)\b(?!s\b|\s*%|\s*percent|[.,]\d)")
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;]{0,40}$", re.I)
_YEAR_TAIL = re.compile(r"\s*(?:,\s*(?=\d)|\s+of\s+)((?:1[89]|20)\d\d\b|(?:last|this|next) year\b)", re.I)
_NEEDS_YEAR = re.compile(
    rf"(?:\b(?:{MONTH_WORDS})\.?|\bquarter|\b(?:spring|summer|autumn|fall|winter)"
    rf"|(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?)$", re.I
)


def paragraph_start(text: str, offset: int) -> int:
    """Return where the paragraph (line) holding ``offset`` starts."""
    return text.rfind("\n", 0, offset) + 1


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the clause text before and after a span (clauses end at punctuation or a line break)."""
    before = text[paragraph_start(text, start):start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    after_break = _CLAUSE_BREAK.search(text, end)
    return before[breaks[-1].end():] if breaks else before, text[end:after_break.start() if after_break else len(text)]


def detect_direction(text: str, start: int, end: int) -> Direction:
    """Return "future" when the span's clause is about what will happen (will/should/scheduled, "by June")."""
    before, after = _clause(text, start, end)
    if _FUTURE_BEFORE.search(before) or _DEADLINE.search(before) or _FUTURE_ANYWHERE.search(before + " " + after):
        return "future"
    return "past"


_BARE_MONTH = re.compile(
    r"^(?:(?:early|mid|late)[- ])?"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)$",
    re.IGNORECASE,
)


def passage_year_of(text: str, start: int, end: int) -> int | None:
    """Return the last explicit year stated earlier in the span's passage, skipping "since ..."
    starting points. The passage is the paragraph; a bare month ("in November") also looks into the
    paragraph before, so "in September of 2015" anchors "in November" at the start of the next one."""
    paragraph = paragraph_start(text, start)
    found = _last_year(text, paragraph, start)
    previous = _previous_paragraph_start(text, paragraph)
    if found is None and previous is not None and _BARE_MONTH.match(text[start:end].strip()):
        found = _last_year(text, previous, paragraph)
    return found


def _last_year(text: str, begin: int, end: int) -> int | None:
    """Return the last explicit year in ``text[begin:end]`` that does not start a "since" range."""
    for match in reversed(list(_EXPLICIT_YEAR.finditer(text, begin, end))):
        if not _SINCE_BEFORE.search(text, begin, match.start()):
            return int(match.group(1))
    return None


def _previous_paragraph_start(text: str, paragraph: int) -> int | None:
    """Return where the non-blank paragraph before the one starting at ``paragraph`` starts, or None."""
    end = paragraph - 1
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    return paragraph_start(text, end - 1) if end > 0 else None


def with_year_tail(text: str, start: int, end: int) -> str:
    """Return the span, extended by a year that follows it ("October" + " of next year") when it names none."""
    expression = text[start:end]
    tail = _YEAR_TAIL.match(text, end) if _NEEDS_YEAR.search(expression) else None
    return expression + tail.group(0) if tail else expression
