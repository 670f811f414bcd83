"""Find time expressions in article text: spans only, no values.

Owns ``find_time_expressions`` and its patterns, which complement spaCy's DATE entities ("recently",
"two weeks ago", weekdays, "the first quarter of 2009"). Resolving a span is ``pipeline.normalize.time``'s
job. Imports only the standard library and the sibling ``time_values``; never spaCy or another stage.
"""

from __future__ import annotations

import re

from pipeline.normalize.time_values import NUMBERS

_F_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_F_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=\s*\d)"
_F_MOD = r"(?:(?i:early|mid|late)[- ])?"
_F_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_F_YEAR = r"(?:1[89]|20)\d\d"
_F_YEAR_EXPR = rf"(?:{_F_YEAR}|(?i:last|this|next)\s+year)\b"
_F_SHIFT = r"(?i:last|this|next|past|previous|coming|following)"
_F_SEASON = r"(?i:spring|summer|autumn|fall|winter)"
_F_NUMBER = r"(?:\d+|a|an|" + "|".join(NUMBERS) + ")"
_F_PART = rf"(?:{_F_MONTH}\s+)?{_F_YEAR}|{_F_MONTH}(?:\s+{_F_DAY})?"
_FINDERS: tuple[re.Pattern[str], ...] = tuple(re.compile(pattern) for pattern in (
    rf"\b(?:{_F_SHIFT}\s+)?{_F_MOD}(?:(?:{_F_DAY}\s+(?:of\s+)?)?{_F_MONTH}\b|{_F_ABBR})(?:\s*{_F_DAY}\b(?!:))?"
    rf"(?:\s*,?\s*(?:of\s+)?{_F_YEAR_EXPR})?",
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
    rf"\b(?i:between)\s+(?:{_F_PART})\s+(?i:and)\s+(?:{_F_PART})\b",
    rf"\b(?i:from)\s+(?:{_F_PART})\s+(?i:to|until|through)\s+(?:{_F_PART})\b",
    rf"\b(?i:in|since|by|until|till|from|to|of|during|before|after|through|and|circa|the)\s+(?P<t>{_F_MOD}{_F_YEAR}|'\d\d)\b"
    r"(?!\s*%|-\d|\s*percent|[.,]\d)",
    rf"(?P<t>\b(?i:early|mid|late)[- ]{_F_YEAR})\b"
    rf"|(?<![\d$£€.,]\s)(?<![\d$£€.,])\b(?P<t2>{_F_YEAR})(?![.,]\d)(?=\s*[,.;:)!?\n]|\s*\Z)",
    rf"(?:\b(?i:the)\s+)?{_F_MOD}(?:\b(?:1[89]|20)\d0s\b|(?<!\w)'\d0s\b)",
    rf"(?:\b(?i:in|during|since|by|until)\s+)?(?P<t>(?:\b(?i:last|this|next|past|early|late|the)\s+)?\b{_F_SEASON}"
    rf"(?:\s+(?:of\s+)?{_F_YEAR})?)\b",
    rf"\b(?:(?i:the)\s+)?(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th|this|next|previous|past)\s+(?i:quarter)"
    rf"(?:\s+(?i:of)\s+(?:{_F_YEAR_EXPR}))?|\bQ[1-4]\s+{_F_YEAR}\b",
    rf"\b(?:{_F_SHIFT}\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+(?i:morning|afternoon|evening|night)\b)?",
    r"\b(?i:(?:earlier|later)\s+today|today|tonight|tomorrow|yesterday(?:\s+(?:morning|afternoon|evening))?"
    r"|this\s+(?:morning|afternoon|evening))\b",
    rf"\b(?i:(?:the\s+)?{_F_SHIFT}\s+(?:week|weekend|month|year|decade)|(?:the\s+)?(?:previous|following)\s+day|(?:earlier|later)\s+this\s+(?:week|month|year))\b",
    r"\b(?i:(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?:the|this|last|next)\s+(?:week|month|year|decade))\b",
    rf"\b(?i:{_F_NUMBER}\s+(?:day|week|month|year|decade)s?\s+ago)\b",
    r"\b(?i:the\s+(?:day|week|month|year)\s+(?:before|after|previous)|that\s+(?:week|month|year)"
    r"|the\s+(?:same|entire|whole)\s+(?:day|week|month|quarter|year|period)(?:\s+(?:a|one)\s+year\s+(?:ago|earlier|before))?|(?:a|one)\s+(?:day|week|month|year)\s+(?:earlier|later))\b",
    r"\b(?i:recently|lately|currently|nowadays)\b",
    r"\b(?i:first|second|third|fourth)-(?i:quarter)\b",
    r"\b(?i:the\s+weekend)\b",
    r"\b(?i:the)\s+[1-9]0'?s\b",
    r"\b(?i:in\s+the\s+(?:near\s+)?future|in\s+the\s+(?:long|longer)\s+(?:term|run)|in\s+the\s+coming\s+years)\b",
    r"\b(?i:(?:later|earlier|late|early)\s+in\s+the\s+day)\b",
    # "fell 3% on the day": the reference day (never "the day before/after/of/when ...", which say another day)
    r"\b(?i:(?:on|for)\s+the\s+day)\b(?!\s+(?i:before|after|of|when|that|which|earlier|later|ahead))",
))
_AMBIGUOUS_MONTH = re.compile(r"^(?:May|March)$")
_MONTH_CONTEXT = re.compile(
    r"\b(?i:in|since|until|by|during|of|early|mid|late|last|next|this|from|to|before|after)\s+$"
)
_SEASON_ONLY = re.compile(rf"^{_F_SEASON}$")
_SEASON_CONTEXT = re.compile(r"\b(?i:in|since|until|by|during|through|early|late|last|next|this)\s+$")
_SINCE_PREFIX = re.compile(r"\b(?i:since)\s+$")


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    """Return every finder match line by line, taking the named group ``t``/``t2`` where a pattern has one."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for pattern in _FINDERS:
            for match in pattern.finditer(line.group()):
                group = next((g for g in ("t", "t2") if g in pattern.groupindex and match.group(g)), 0)
                spans.append((line.start() + match.start(group), line.start() + match.end(group)))
    return spans


def _plausible(text: str, start: int, end: int) -> bool:
    """Drop a bare "May"/"March" or season unless a preposition shows it is a time ("to fall" is a verb)."""
    words = text[start:end]
    if _SEASON_ONLY.match(words):
        return bool(_SEASON_CONTEXT.search(text, max(0, start - 12), start))
    return not _AMBIGUOUS_MONTH.match(words) or bool(_MONTH_CONTEXT.search(text, max(0, start - 12), start))


def find_time_expressions(text: str) -> list[tuple[int, int]]:
    """Return the spans (character offsets, end-exclusive, in text order, non-overlapping) of time expressions.

    Contract: a span keeps the words that change the meaning ("since 2016", "last summer", "two weeks
    ago", "earlier this month", "between 2014 and 2016") and leaves out plain "in", "on", "at" and
    "during" ("in November" -> "November"), which ``resolve_time`` ignores anyway. Where matches
    overlap, the longest wins. Bare "May"/"March" and bare season words need a preposition before
    them. This complements spaCy's DATE entities; it does not resolve anything.
    """
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(_candidate_spans(text)), key=lambda span: (span[0], span[0] - span[1])):
        if end <= start or not _plausible(text, start, end):
            continue
        if chosen and start < chosen[-1][1]:
            if end - start > chosen[-1][1] - chosen[-1][0] and chosen[-1][0] == start:
                chosen[-1] = (start, end)
            continue
        since = _SINCE_PREFIX.search(text, max(0, start - 12), start)
        chosen.append((since.start() if since and since.end() == start else start, end))
    return chosen
