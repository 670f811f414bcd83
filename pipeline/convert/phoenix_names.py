"""The Phoenix actor dictionaries read as records, and their upper-case names written as names.

Owns ``PhoenixRecord`` and ``read_phoenix`` (the TABARI/PETRARCH actor format: a primary phrase,
``+`` synonyms, tab-indented ``[CODE restriction]`` lines; a primary phrase without codes shares
the codes of the next one, as PETRARCH reads it) and ``display_name`` ("JOHN_MORSE_HAYDON_" ->
"John Morse Haydon"; particles such as "al", "bin", "de" stay lower case). Imports the standard
library and the sibling ``countryinfo``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.convert.countryinfo import Tenure, read_tenure

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_ROMAN = re.compile(r"^(?:II|III|IV|VI{0,3}|IX|XI{0,3})$")
# "MacDonald", "MacKenzie", "MacLeod"; not "Machado", "Macedo", "Macron", "Macias".
_MAC_NEXT = "DGKLNPQ"


@dataclass
class PhoenixRecord:
    """One actor of a Phoenix dictionary: its primary phrase, synonyms and codes, as written."""

    file: str
    name: str
    line: int
    comment: str = ""
    aliases: list[str] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)
    unreadable: int = 0

    @property
    def source(self) -> str:
        return f"phoenix:{self.file}:{self.name}"


def read_phoenix(path: Path, file: str) -> list[PhoenixRecord]:
    """Return the actors of the dictionary at ``path`` (``file`` names it in sources: "Countries").

    Restrictions that cannot be read ("[KORGOVBUS 2004017-20061201]", "[---]") are counted on the
    record as ``unreadable``. Raises ``OSError`` when the file cannot be read.
    """
    records: list[PhoenixRecord] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        body, _, comment = raw.partition("#")
        body = body.partition(";")[0]
        if not body.strip() or raw.startswith("<"):
            continue
        current = records[-1] if records else None
        if raw[0] in " \t":
            if current is not None:
                _add_codes(current, body)
        elif raw[0] == "+":
            if current is not None:
                current.aliases += [a for a in (p.split("[")[0].strip() for p in body[1:].split("+")) if a]
                _add_codes(current, body)
        elif current is not None and not current.tenures and not current.unreadable:
            current.aliases.append(body.split("[")[0].strip())   # shares the codes that follow
            _add_codes(current, body)
        else:
            records.append(PhoenixRecord(file, body.split("[")[0].strip(), number, comment.strip()))
            _add_codes(records[-1], body)
    return [r for r in records if r.tenures]


def _add_codes(record: PhoenixRecord, body: str) -> None:
    for text in _BRACKETS.findall(body):
        tenure = read_tenure(text)
        if tenure is None or not tenure.code.strip("-"):
            record.unreadable += 1
        else:
            record.tenures.append(tenure)


def split_name(raw: str) -> tuple[str, list[str]]:
    """Return the phrase of a raw name with underscores as spaces, and the acronyms it gives in
    parentheses ("BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_" -> "BASQUE FATHERLAND AND FREEDOM", ["ETA"]); other
    parentheses ("DIRECT_ACTION_(GREECE)_") are dropped."""
    acronyms = [a for a in re.findall(r"\(([^)]*)\)", raw) if re.fullmatch(r"[A-Z][A-Z0-9./-]+", a)]
    text = re.sub(r"\([^)]*\)?", " ", raw.replace("_", " "))
    return " ".join(text.split()).strip(" -,.:") if text.strip(" -,.:") else "", acronyms


def display_name(phrase: str, particles: frozenset[str]) -> str:
    """Return an upper-case phrase written as a name: each word capitalised, name particles lower
    case except first, initials and Roman numerals in capitals, "Mc"/"Mac" and "O'" names inner-capitalised."""
    words = phrase.split()
    return " ".join(_display_word(w, first=k == 0, particles=particles) for k, w in enumerate(words))


def _display_word(word: str, *, first: bool, particles: frozenset[str]) -> str:
    if "." in word.strip(".") or re.fullmatch(r"[A-Za-z]\.", word) or _ROMAN.match(word):
        return word.upper()
    parts = word.split("-")
    shown = [_display_part(p, first=first and k == 0, particles=particles) for k, p in enumerate(parts)]
    return "-".join(shown)


def _display_part(part: str, *, first: bool, particles: frozenset[str]) -> str:
    lower = part.lower()
    if lower in particles and not first:
        return lower
    if "'" in part.strip("'"):
        head, _, tail = part.partition("'")
        inner = len(head) == 1 and len(tail) > 1
        return head.capitalize() + "'" + (tail.capitalize() if inner else tail.lower())
    if lower.startswith("mc") and len(part) > 3:
        return "Mc" + part[2:].capitalize()
    if lower.startswith("mac") and len(part) > 5 and part[3].upper() in _MAC_NEXT:
        return "Mac" + part[3:].capitalize()
    return part[:1].upper() + part[1:].lower() if part[:1] != "'" else "'" + part[1:].capitalize()
