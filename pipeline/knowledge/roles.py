"""What a verb's prepositions introduce: ``models/lexicons/converted_roles.txt``, converted from PropBank
frames by ``claimgraph convert`` (``pipeline.convert.propbank``), says for a verb lemma and a preposition
whether the preposition introduces the party acted upon ("blame *on* Y", "protest *against* Y": target)
or something else (the charge of "accuse *of*", the reason of "blame *for*", an agent, a place: other),
and which verbs' direct object is not that party ("impose a ban *on* Y").

Owns ``ArgumentRoles`` (that file) and ``RoleCues`` (``prepositions.txt`` and
``role_description_cues.txt``, the two word lists the converter reads). A leaf: imports the standard
library, ``pipeline.errors`` and ``pipeline.knowledge`` only. The files are described in
``models/lexicons/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from pipeline.errors import ModelError
from pipeline.knowledge import data_path

LEXICON_DIR = data_path("lexicons")
ROLES_FILE = LEXICON_DIR / "converted_roles.txt"
PREPOSITIONS_NAME = "prepositions.txt"
CUES_NAME = "role_description_cues.txt"

TARGET = "target"
OTHER = "other"
DOBJ_NOT_TARGET = "dobj_not_target"
NO_PREP = "-"
ENTITY = "entity"
CUE_KINDS = (ENTITY, OTHER)


@dataclass(frozen=True)
class ArgumentRoles:
    """The roles of ``converted_roles.txt``: ``preps`` maps (lemma, preposition) to ``"target"`` or
    ``"other"``; ``objects_not_target`` holds the lemmas whose direct object is not the party acted upon;
    ``lemmas`` every lemma the file names."""

    preps: Mapping[tuple[str, str], str]
    objects_not_target: frozenset[str]
    lemmas: frozenset[str]

    @classmethod
    def load(cls, path: Path = ROLES_FILE) -> ArgumentRoles:
        """Read a roles file (``lemma prep role argument roleset`` per line) and return its roles.

        Raises ``ModelError`` when the file cannot be read, a line has not five columns, names an unknown
        role, or gives a lemma and preposition twice.
        """
        preps: dict[tuple[str, str], str] = {}
        objects: set[str] = set()
        for number, line in data_lines(path):
            lemma, prep, role = _parse_role_line(path, number, line)
            if prep == NO_PREP:
                objects.add(lemma)
            elif (lemma, prep) in preps:
                raise _data_error(path, f"line {number}: {lemma} {prep} is given twice")
            else:
                preps[(lemma, prep)] = role
        lemmas = frozenset({lemma for lemma, _ in preps} | objects)
        return cls(preps=MappingProxyType(preps), objects_not_target=frozenset(objects), lemmas=lemmas)

    def prep_role(self, lemma: str, prep: str) -> str | None:
        """Return ``"target"`` when ``prep`` after the verb ``lemma`` introduces the party acted upon,
        ``"other"`` when it introduces anything else, ``None`` when the file does not say."""
        return self.preps.get((lemma.lower(), prep.lower()))

    def object_is_target(self, lemma: str) -> bool | None:
        """Return whether the direct object of ``lemma`` is the party acted upon: ``False`` for the verbs the
        file marks ``dobj_not_target``, ``True`` for its other lemmas, ``None`` for a lemma it does not name."""
        lemma = lemma.lower()
        if lemma not in self.lemmas:
            return None
        return lemma not in self.objects_not_target


@cache
def argument_roles() -> ArgumentRoles:
    """Return the roles of the shipped ``converted_roles.txt`` (read once); raise ``ModelError`` as ``load``."""
    return ArgumentRoles.load()


@dataclass(frozen=True)
class RoleCues:
    """The converter's word lists: ``prepositions`` (the closed list it looks for) and ``description_words``
    ({word of a role description: ``"entity"`` or ``"other"``})."""

    prepositions: frozenset[str]
    description_words: Mapping[str, str]

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> RoleCues:
        """Read ``prepositions.txt`` and ``role_description_cues.txt`` of ``directory``.

        Raises ``ModelError`` when a file cannot be read or a line is not the documented format.
        """
        prepositions = frozenset(line.lower() for _, line in data_lines(directory / PREPOSITIONS_NAME))
        words: dict[str, str] = {}
        cues_path = directory / CUES_NAME
        for number, line in data_lines(cues_path):
            parts = line.lower().split()
            if len(parts) != 2 or parts[1] not in CUE_KINDS:
                raise _data_error(cues_path, f"line {number}: expected '<word> entity|other'")
            words[parts[0]] = parts[1]
        return cls(prepositions=prepositions, description_words=MappingProxyType(words))


def _parse_role_line(path: Path, number: int, line: str) -> tuple[str, str, str]:
    """Return (lemma, prep, role) of one line of a roles file; raise ``ModelError`` when it is malformed."""
    parts = line.split()
    if len(parts) != 5:
        raise _data_error(path, f"line {number}: expected 'lemma prep role argument roleset'")
    lemma, prep, role = parts[0].lower(), parts[1].lower(), parts[2]
    expected = (DOBJ_NOT_TARGET,) if prep == NO_PREP else (TARGET, OTHER)
    if role not in expected:
        raise _data_error(path, f"line {number}: role {role!r} is not one of {', '.join(expected)}")
    return lemma, prep, role


def data_lines(path: Path) -> list[tuple[int, str]]:
    """Return the non-blank lines of ``path`` without ``#`` comments, with their numbers; raise
    ``ModelError`` when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _data_error(path, "cannot be read") from error
    lines = [(number, line.split("#", 1)[0].strip()) for number, line in enumerate(text.splitlines(), 1)]
    return [(number, line) for number, line in lines if line]


def _data_error(path: Path, problem: str) -> ModelError:
    return ModelError(f"{path} {problem}: restore it from the repository or regenerate it with "
                      "`claimgraph convert` (format in models/lexicons/README.md)", origin=str(path), stage="knowledge")
