"""CountryInfo's office holders, and the date notation it shares with the Phoenix actor dictionaries.

Owns ``Tenure`` (a CAMEO actor code held between two dates, perhaps with the office's name),
``read_tenure`` and ``read_source_date`` (the TABARI date restrictions: ``a-b``, ``>a``, ``<b``;
``YYMMDD`` or ``YYYYMMDD``), ``OfficeHolder`` and ``read_countryinfo``, which reads the
``<Leaders>`` blocks (the tag names the office) and the ``<Government>`` blocks (the ``#`` comment
names the offices) of ``CountryInfo.txt`` (openeventdata/CountryInfo, CC BY-SA 3.0). The Phoenix
dictionaries (``phoenix_actors``) were generated from a later CountryInfo, so the two share names
and dates. Imports the standard library only.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# PETRARCH's reader (PETRreader.dstr_to_ordate) reads two-digit years up to this one as 20xx. The
# dictionaries were generated in January 2014 and hold no two-digit year between 15 and 30.
TWO_DIGIT_CENTURY_PIVOT = 30
_RESTRICTION = re.compile(
    r"^(?P<code>[A-Za-z-]+)?\s*(?:(?P<op>[<>])\s*(?P<at>\d+)|(?P<start>\d+)\s*-\s*(?P<end>\d+))?$")
_TAG = re.compile(r"^<(?P<tag>[^<>/!][^<>]*)>(?P<value>[^<>]*)(?:</[^<>]*>)?$")
_PLURALS = (("men", "man"), ("ies", "y"), ("ses", "s"))


@dataclass(frozen=True)
class Tenure:
    """A CAMEO actor code (``AFGGOVAGR``) held from ``start`` to ``end`` as the source dates it.

    ``dated`` is False for a code without a date restriction (the actor's default code);
    ``office`` is the office's name where the source gives one ("prime minister").
    """

    code: str
    start: date | None = None
    end: date | None = None
    dated: bool = False
    office: str | None = None


def read_source_date(text: str) -> date | None:
    """Return the date of ``YYMMDD`` or ``YYYYMMDD``, or None when it is neither.

    Two-digit years up to ``TWO_DIGIT_CENTURY_PIVOT`` are 20xx, as PETRARCH reads them; a day past
    the month's end ("20100631", common in CountryInfo) is read as the month's last day.
    """
    if len(text) == 6 and text.isdigit():
        year = int(text[:2]) + (2000 if int(text[:2]) <= TWO_DIGIT_CENTURY_PIVOT else 1900)
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8 and text.isdigit():
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def read_tenure(text: str, *, code: str = "") -> Tenure | None:
    """Return the tenure of a bracketed restriction's text ("USAGOV 690801-741014", "USAGOV >030326",
    "USAELI"; CountryInfo's leaders give only the dates, with ``code``), or None when it cannot be read."""
    found = _RESTRICTION.match(" ".join(text.split()))
    if found is None or not (found["code"] or code):
        return None
    code = (found["code"] or code).upper()
    if found["op"] is None and found["start"] is None:
        return Tenure(code)
    if found["op"] is not None:
        at = read_source_date(found["at"])
        start, end = (at, None) if found["op"] == ">" else (None, at)
        return Tenure(code, start, end, dated=True) if at else None
    start, end = read_source_date(found["start"]), read_source_date(found["end"])
    return Tenure(code, start, end, dated=True) if start and end and start <= end else None


@dataclass(frozen=True)
class OfficeHolder:
    """A person CountryInfo lists under one country, as written there (``HAMID_KARZAI_``; ``country``
    as the file codes it: ``AFG``, a territory as ``GBRVGB``, a former Yugoslav republic as ``YUGBIH``)."""

    name: str
    synonyms: tuple[str, ...]
    country: str
    tenures: tuple[Tenure, ...]


def office_name(title: str, offices: Mapping[str, str]) -> str:
    """Return the registry's name of an office CountryInfo titles ("Prime ministers" -> "prime
    minister", "Minister of Foreign Affairs" -> "foreign minister" through the lexicon's ``offices``)."""
    title = re.sub(r'"[^"]*"|\([^)]*\)?', " ", title.replace("_", " ")).split("/")[0]
    words = title.lower().split()
    head = words.index("of") if "of" in words else len(words)
    words[:head] = ["-".join(_singular(part) for part in word.split("-")) for word in words[:head]]
    name = " ".join(words).strip(" ,")
    return offices.get(name, name)


def _singular(word: str) -> str:
    for plural, singular in _PLURALS:
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def read_countryinfo(path: Path, *, offices: Mapping[str, str]) -> list[OfficeHolder]:
    """Return the office holders of ``path``, one per name and country, in file order; tenures merge.

    Offices are named through ``offices`` (the registry lexicon's phrase -> office table).
    Raises ``OSError`` when the file cannot be read.
    """
    holders: dict[tuple[str, str], OfficeHolder] = {}
    country, block, office = "", "", ""
    for raw in _content_lines(path):
        line = raw.strip()
        tag = _TAG.match(line.partition("#")[0].strip())
        if tag and tag["tag"] == "CountryCode":
            country = re.sub(r"[^A-Z]", "", tag["value"].upper())
        elif line in ("<Leaders>", "<Government>"):
            block = line[1:-1]
        elif line in ("</Leaders>", "</Government>", "</Country>"):
            block, office = "", ""
        elif block == "Leaders" and tag:
            office = office_name(tag["tag"], offices)
        elif block and line and not line.startswith("</") and country:
            holder = _holder_of(line, country, office if block == "Leaders" else None, offices)
            if holder is not None:
                _add_holder(holders, holder)
    return list(holders.values())


def _content_lines(path: Path) -> list[str]:
    """Return the lines of ``path`` outside its ``<!-- ... -->`` documentation block."""
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    return text.splitlines()


def _holder_of(line: str, country: str, office: str | None, offices: Mapping[str, str]) -> OfficeHolder | None:
    body, _, comment = line.partition("#")
    names = re.findall(r"\{([^}]*)\}", body) or [body.split("[")[0]]
    names = [n.strip() for n in names if n.strip()]
    brackets = [b for b in re.findall(r"\[([^\]]*)\]", body) if not b.strip().startswith(("B:", "D:"))]
    if not names or not brackets:
        return None
    if office is not None:  # <Leaders>: the brackets hold dates only, the office is the tag
        tenures = [read_tenure(b, code=f"{country}GOV") for b in brackets]
        titled = [t if t is None else Tenure(t.code, t.start, t.end, True, office) for t in tenures]
    else:
        titled = _titled(brackets, [office_name(t, offices) for t in comment.split("&") if t.strip()])
    kept = tuple(t for t in titled if t is not None and t.dated)
    return OfficeHolder(names[0], tuple(names[1:]), country, kept) if kept else None


def _titled(brackets: list[str], titles: list[str]) -> list[Tenure | None]:
    """Pair ``<Government>`` brackets with the ``&``-joined titles of the comment: one each, one per run
    of brackets with the same code ("[GOV a-b][GOV c-d][GOVCOP e-f] # Interior & Counternarcotics"),
    or the one title for all; else the tenures go untitled."""
    tenures = [read_tenure(b) for b in brackets]
    codes = [t.code if t else "" for t in tenures]
    runs = [k for k, code in enumerate(codes) if k == 0 or code != codes[k - 1]]
    if len(titles) == len(tenures):
        offices = titles
    elif len(titles) == len(runs):
        offices = [titles[sum(1 for r in runs if r <= k) - 1] for k in range(len(tenures))]
    else:
        offices = titles * len(tenures) if len(titles) == 1 else [""] * len(tenures)
    return [t if t is None else Tenure(t.code, t.start, t.end, t.dated, office or None)
            for t, office in zip(tenures, offices, strict=True)]


def _add_holder(holders: dict[tuple[str, str], OfficeHolder], holder: OfficeHolder) -> None:
    key = (holder.name, holder.country)
    if key in holders:
        old = holders[key]
        synonyms = tuple(dict.fromkeys((*old.synonyms, *holder.synonyms)))
        holder = OfficeHolder(old.name, synonyms, old.country, (*old.tenures, *holder.tenures))
    holders[key] = holder
