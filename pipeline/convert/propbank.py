"""PropBank frames -> ``models/lexicons/converted_roles.txt``: for each verb lemma, what each preposition
after it introduces (the party acted upon: ``target``; anything else: ``other``), and whether its direct
object is that party. Read back by ``pipeline.knowledge.roles``.

The frames (``propbank/propbank-frames``, CC BY-SA 4.0) say per verb sense (roleset) what each numbered
argument is (``<role n="2" f="PRD" descr="crime">``) and give annotated examples whose argument text
starts with the preposition that introduced it (``<arg type="ARG2">of using unfair means</arg>``).

How a roleset's numbered role is classed (``class_roles``): ARG0 and roles whose function is not PPT
(patient), GOL (goal, recipient) or COM (the other party) are ``other``. A PPT/GOL/COM role is ``target``
unless its description names a thing rather than a party (a word of ``role_description_cues.txt`` marked
``other``, none marked ``entity``: "thing imposed", "threat", "proposition") while another PPT/GOL/COM role
of the roleset does not: "impose.01" ARG1 "thing imposed" is other, ARG2 "imposed on" the target. A lone
PPT stays the target even when it is a thing ("protest.01" ARG1 "objectionable thing": protest against Y).

How a preposition is given a role (``prep_votes``, ``choose_line``): every example argument whose first
word is a preposition of ``prepositions.txt`` ("to" before a verb is an infinitive and does not count)
votes for its argument, modifiers (ARGM-LOC, ARGM-CAU...) voting ``other``; a description ending in a
participle and a preposition ("imposed on", "banned from") votes for its role. The role with more votes
wins, ``other`` on a tie. The first sense of the lemma (``.01``, else its lowest number) decides; another
sense only for a preposition that no numbered argument of the first sense takes, the one with most votes.

The direct object (``object_line``): the numbered argument most often found as a bare noun phrase after
the verb in the first sense's examples; when it is a patient or goal classed ``other`` while the roleset
has a target role, the lemma gets a ``dobj_not_target`` line ("impose", "ban", "demand").

A composition module: imports the standard library, ``pipeline.knowledge`` and ``pipeline.errors``.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.knowledge.roles import DOBJ_NOT_TARGET, ENTITY, NO_PREP, OTHER, TARGET, RoleCues

logger = logging.getLogger(__name__)

SOURCE_SUBDIR = Path("lexicons", "propbank_frames")
OUTPUT_NAME = "converted_roles.txt"
PARTY_FUNCTIONS = ("PPT", "GOL", "COM")
# Words that open a clause or an infinitive rather than a noun phrase: such an argument is no direct object.
CLAUSE_OPENERS = ("that", "whether", "if", "to")
ARGUMENT_LABEL = re.compile(r"ARG(\d)$|ARGM-([A-Z]+)$")
SENSE_NUMBER = re.compile(r"\.(\d+)$")
WORD = re.compile(r"[a-z]+")
DESCRIPTION_PARTS = re.compile(r"[,;/()?]")


@dataclass(frozen=True)
class Role:
    """A numbered role of a roleset: ``number`` (1 for ARG1), ``function`` (PPT, GOL, PRD...), ``description``."""

    number: int
    function: str
    description: str


@dataclass(frozen=True)
class Argument:
    """One argument of an example: ``label`` (ARG2, ARGM-LOC), its ``text`` and first token index ``start``."""

    label: str
    text: str
    start: int


@dataclass(frozen=True)
class Roleset:
    """One verb sense of a frame file: its ``lemma`` (the predicate's), ``id`` ("blame.01"), ``sense`` number,
    roles and examples (each a tuple of arguments, with the index of the predicate's last token)."""

    lemma: str
    id: str
    sense: int
    roles: tuple[Role, ...]
    examples: tuple[tuple[int, tuple[Argument, ...]], ...]


@dataclass(frozen=True)
class RoleLine:
    """One line of ``converted_roles.txt``: ``prep`` is ``-`` for a ``dobj_not_target`` line; ``argument`` is
    the PropBank argument that decided, with its function tag (ARG2-PRD, ARGM-LOC)."""

    lemma: str
    prep: str
    role: str
    argument: str
    roleset: str

    def render(self) -> str:
        return f"{self.lemma} {self.prep} {self.role} {self.argument} {self.roleset}"


@dataclass(frozen=True)
class RoleConversion:
    """What ``convert_roles`` made: the lines (sorted), how many rolesets were read, the lemma and
    preposition pairs whose examples voted for both roles (``contested``, for the report), and the frame
    files left out because they are not well-formed XML (``skipped``, with the parser's message)."""

    lines: tuple[RoleLine, ...]
    rolesets: int
    contested: tuple[str, ...]
    skipped: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """Return {role: number of lines}, and ``lemmas``: how many lemmas have a line."""
        counts = dict(Counter(line.role for line in self.lines))
        counts["lemmas"] = len({line.lemma for line in self.lines})
        return counts

    def text(self, provenance: str) -> str:
        """Return the file text: the header (source ``provenance``, licence, columns), then the lines."""
        header = [
            f"# Generated by `claimgraph convert` (pipeline/convert/propbank.py) from PropBank frames, {provenance}.",
            "# PropBank frames by the PropBank project (https://github.com/propbank/propbank-frames).",
            "# Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/): this file is derived from the",
            "# frames (their arguments classed by the project's heuristic, see models/lexicons/README.md) and carries",
            "# their licence. Do not edit: change the converter or its word lists (prepositions.txt,",
            "# role_description_cues.txt) and run `claimgraph convert` again.",
            "# lemma prep role argument roleset; role: target (the preposition introduces the party acted upon)",
            "# or other; prep '-' with dobj_not_target: the direct object is not the party acted upon.",
        ]
        return "\n".join(header + [line.render() for line in self.lines]) + "\n"


def convert_roles(frames_dir: Path, *, cues: RoleCues | None = None) -> RoleConversion:
    """Read every frame file of ``frames_dir`` and return the role lines of its verb lemmas.

    ``cues`` default to the shipped word lists. Frame files that are not well-formed XML are left out and
    named in ``skipped``. Raises ``SourceError`` when the folder has no frame file, and ``ModelError`` when the
    word lists cannot be read.
    """
    cues = cues or RoleCues.load()
    rolesets, verbs, skipped = read_frames(Path(frames_dir))
    by_lemma: dict[str, dict[str, Roleset]] = {}
    for roleset in rolesets:
        # A roleset id written twice upstream (overhang.01) keeps its first file's version.
        by_lemma.setdefault(roleset.lemma, {}).setdefault(roleset.id, roleset)
    lines: list[RoleLine] = []
    contested: list[str] = []
    for lemma, senses in by_lemma.items():
        lemma_lines, lemma_contested = convert_lemma(sorted(senses.values(), key=lambda r: r.sense), cues, verbs)
        lines += lemma_lines
        contested += [f"{lemma} {prep}" for prep in lemma_contested]
    lines.sort(key=lambda line: (line.lemma, line.prep))
    return RoleConversion(lines=tuple(lines), rolesets=len(rolesets), contested=tuple(sorted(contested)),
                          skipped=skipped)


def convert_lemma(senses: list[Roleset], cues: RoleCues, verbs: frozenset[str]) -> tuple[list[RoleLine], list[str]]:
    """Return the lines of one lemma (``senses`` sorted, first sense first) and the prepositions whose votes
    disagreed."""
    classes = {roleset.id: class_roles(roleset.roles, cues) for roleset in senses}
    votes = {roleset.id: prep_votes(roleset, classes[roleset.id], cues, verbs) for roleset in senses}
    lines: list[RoleLine] = []
    contested: list[str] = []
    for prep in sorted({prep for counts in votes.values() for prep in counts}):
        roleset = choose_sense(senses, votes, prep)
        line, disputed = choose_line(roleset, prep, votes[roleset.id][prep])
        lines.append(line)
        contested += [prep] if disputed else []
    first = senses[0]
    object_role = object_line(first, classes[first.id], cues)
    return lines + ([object_role] if object_role else []), contested


def class_roles(roles: Iterable[Role], cues: RoleCues) -> dict[int, tuple[str, str]]:
    """Return {role number: (``target``/``other``, its label as ARG1-PPT)} for a roleset's numbered roles."""
    roles = tuple(roles)
    parties = [role for role in roles if role.number >= 1 and role.function in PARTY_FUNCTIONS]
    kinds = {role.number: description_kind(role.description, cues) for role in roles}
    classes: dict[int, tuple[str, str]] = {}
    for role in roles:
        rivals = [other for other in parties if other is not role and kinds[other.number] != OTHER]
        is_target = role in parties and not (kinds[role.number] == OTHER and rivals)
        classes[role.number] = (TARGET if is_target else OTHER, f"ARG{role.number}-{role.function}")
    return classes


def description_kind(description: str, cues: RoleCues) -> str | None:
    """Return ``entity`` when a word of the description names a party, else ``other`` when one names a thing,
    act or topic, else ``None``."""
    kinds = {cues.description_words.get(word) for word in WORD.findall(description.lower())}
    for kind in (ENTITY, OTHER):
        if kind in kinds:
            return kind
    return None


def prep_votes(roleset: Roleset, classes: Mapping[int, tuple[str, str]], cues: RoleCues,
               verbs: frozenset[str]) -> dict[str, Counter[tuple[str, str]]]:
    """Return {preposition: Counter of (role, argument label)} for the prepositions that introduce at least one
    numbered argument of the roleset's examples or descriptions; modifiers vote ``other``."""
    votes: dict[str, Counter[tuple[str, str]]] = {}
    for _, arguments in roleset.examples:
        for argument in arguments:
            prep = leading_preposition(argument.text, cues.prepositions, verbs)
            vote = argument_vote(argument.label, classes)
            if prep and vote:
                votes.setdefault(prep, Counter())[vote] += 1
    for role in roleset.roles:
        prep = described_preposition(role.description, cues.prepositions)
        if prep and role.number in classes:
            votes.setdefault(prep, Counter())[classes[role.number]] += 1
    return {prep: counts for prep, counts in votes.items() if any(not label.startswith("ARGM") for _, label in counts)}


def argument_vote(label: str, classes: Mapping[int, tuple[str, str]]) -> tuple[str, str] | None:
    """Return (role, label) an example argument votes for: its numbered role's class, ``other`` for a modifier,
    ``None`` for a role the roleset does not define."""
    match = ARGUMENT_LABEL.match(label)
    if not match:
        return None
    if match.group(2):
        return (OTHER, label)
    return classes.get(int(match.group(1)))


def leading_preposition(text: str, prepositions: frozenset[str], verbs: frozenset[str]) -> str | None:
    """Return the preposition an argument's text starts with (punctuation skipped), or ``None``: "to" followed
    by a verb opens an infinitive, not a prepositional phrase."""
    words = [token.lower() for token in text.split() if any(char.isalnum() for char in token)]
    if not words or words[0] not in prepositions:
        return None
    if words[0] == "to" and len(words) > 1 and words[1] in verbs:
        return None
    return words[0]


def described_preposition(description: str, prepositions: frozenset[str]) -> str | None:
    """Return the preposition that ends a part of a role description after a participle ("imposed on",
    "sided-against", "activity; banned from"), or ``None``."""
    for part in DESCRIPTION_PARTS.split(description.lower()):
        words = WORD.findall(part)
        if len(words) >= 2 and words[-1] in prepositions and words[-2].endswith("ed"):
            return words[-1]
    return None


def choose_sense(senses: list[Roleset], votes: Mapping[str, Mapping[str, Counter[tuple[str, str]]]],
                 prep: str) -> Roleset:
    """Return the sense that decides ``prep``: the first sense when it takes it, else the sense with most votes
    for it (the lower sense number on a tie)."""
    if prep in votes[senses[0].id]:
        return senses[0]
    having = [roleset for roleset in senses if prep in votes[roleset.id]]
    return max(having, key=lambda roleset: (sum(votes[roleset.id][prep].values()), -roleset.sense))


def choose_line(roleset: Roleset, prep: str, counts: Counter[tuple[str, str]]) -> tuple[RoleLine, bool]:
    """Return the line for ``prep`` in ``roleset`` (the role with more votes, ``other`` on a tie, labelled by
    its most voted argument) and whether the other role had votes too."""
    totals = Counter({TARGET: 0, OTHER: 0})
    for (role, _), count in counts.items():
        totals[role] += count
    role = TARGET if totals[TARGET] > totals[OTHER] else OTHER
    labels = sorted(((-count, label) for (vote, label), count in counts.items() if vote == role))
    line = RoleLine(lemma=roleset.lemma, prep=prep, role=role, argument=labels[0][1], roleset=roleset.id)
    return line, min(totals.values()) > 0


def object_line(roleset: Roleset, classes: Mapping[int, tuple[str, str]], cues: RoleCues) -> RoleLine | None:
    """Return the ``dobj_not_target`` line of a lemma's first sense, or ``None``.

    The direct object is the numbered argument most often found as a bare noun phrase after the verb in the
    examples (the lower number on a tie); the line is written when it is a patient, goal or other party
    (PPT/GOL/COM) classed ``other`` while another role of the roleset is the target ("impose.01": ARG1
    "thing imposed" is the object, ARG2 "imposed on" the target). No object found, no line.
    """
    found = Counter(direct_object_number(argument, rel_end, cues.prepositions)
                    for rel_end, arguments in roleset.examples for argument in arguments)
    ranked = sorted((-count, number) for number, count in found.items() if number in classes)
    if not ranked:
        return None
    role, label = classes[ranked[0][1]]
    has_target = any(kind == TARGET for kind, _ in classes.values())
    if role != OTHER or label.split("-", 1)[1] not in PARTY_FUNCTIONS or not has_target:
        return None
    return RoleLine(lemma=roleset.lemma, prep=NO_PREP, role=DOBJ_NOT_TARGET, argument=label, roleset=roleset.id)


def direct_object_number(argument: Argument, rel_end: int, prepositions: frozenset[str]) -> int:
    """Return the argument number when the argument looks like a direct object (a numbered argument after the
    verb opening with a word, not a preposition, clause opener or quote); ``-1`` otherwise."""
    match = ARGUMENT_LABEL.match(argument.label)
    words = argument.text.split()
    if not match or not match.group(1) or match.group(1) == "0" or rel_end < 0 or argument.start <= rel_end \
            or not words:
        return -1
    first = words[0].lower()
    if not first[0].isalnum() or first in prepositions or first in CLAUSE_OPENERS:
        return -1
    return int(match.group(1))


def read_frames(frames_dir: Path) -> tuple[list[Roleset], frozenset[str], tuple[str, ...]]:
    """Return the verb rolesets of every ``*.xml`` frame file in ``frames_dir`` (file and document order),
    the set of one-word verb aliases (to tell an infinitive's "to" from a preposition) and the files left out
    as not well-formed XML ("name: parser message"; upstream has a few, they are logged).

    Raises ``SourceError`` when the folder holds no frame file.
    """
    paths = sorted(Path(frames_dir).glob("*.xml"))
    if not paths:
        raise SourceError(f"no PropBank frame files (*.xml) in {frames_dir}; pass the data folder holding "
                          f"{SOURCE_SUBDIR}/frames", origin=str(frames_dir), stage="convert")
    rolesets: list[Roleset] = []
    verbs: set[str] = set()
    skipped: list[str] = []
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            logger.warning("left out %s: not well-formed XML (%s)", path, error)
            skipped.append(f"{path.name}: {error}")
            continue
        verbs.update(verb_aliases(root))
        rolesets += read_rolesets(root)
    return rolesets, frozenset(verbs), tuple(skipped)


def verb_aliases(root: ET.Element) -> set[str]:
    """Return the one-word verb aliases of a frame file, lower case."""
    words = ((alias.text or "").strip().lower() for alias in root.iter("alias") if alias.get("pos") == "v")
    return {word for word in words if word and " " not in word}


def read_rolesets(root: ET.Element) -> list[Roleset]:
    """Return the verb rolesets of a frame file, in document order, under their predicate's lemma."""
    rolesets: list[Roleset] = []
    for predicate in root.iter("predicate"):
        # One upstream file writes its lemma with the sense ("externalize.01").
        lemma = SENSE_NUMBER.sub("", predicate.get("lemma", "")).lower()
        rolesets += [read_roleset(lemma, element) for element in predicate.iter("roleset") if is_verb_roleset(element)]
    return rolesets


def is_verb_roleset(element: ET.Element) -> bool:
    """Return whether a roleset is a verb sense: it has a verb alias and a numbered id ("blame.01")."""
    has_verb = any(alias.get("pos") == "v" for alias in element.iter("alias"))
    return has_verb and bool(SENSE_NUMBER.search(element.get("id", "")))


def read_roleset(lemma: str, element: ET.Element) -> Roleset:
    """Return the roleset of a ``<roleset>`` element: its numbered roles and its examples' arguments."""
    roleset_id = element.get("id", "")
    match = SENSE_NUMBER.search(roleset_id)
    roles = tuple(Role(number=int(role.get("n", "")), function=role.get("f", "").strip().upper(),
                       description=role.get("descr", ""))
                  for role in element.iter("role") if role.get("n", "").isdigit())
    examples = tuple(read_example(example) for example in element.iter("example"))
    return Roleset(lemma=lemma, id=roleset_id, sense=int(match.group(1)) if match else 0, roles=roles,
                   examples=examples)


def read_example(element: ET.Element) -> tuple[int, tuple[Argument, ...]]:
    """Return (index of the predicate's last token, -1 when unknown; the example's arguments)."""
    rel = element.find("propbank/rel")
    positions = (rel.get("relloc", "") if rel is not None else "").split()
    rel_end = max((int(position) for position in positions if position.isdigit()), default=-1)
    arguments = tuple(
        Argument(label=arg.get("type", ""), text=" ".join((arg.text or "").split()),
                 start=int(arg.get("start", "-1")) if arg.get("start", "").isdigit() else -1)
        for arg in element.iter("arg"))
    return rel_end, arguments


def read_provenance(source_file: Path) -> str:
    """Return "repository commit" of a ``SOURCE.txt`` (``repository: ...`` and ``commit: ...`` lines).

    Raises ``SourceError`` when the file is missing or lacks either line.
    """
    try:
        fields = dict(line.split(":", 1) for line in source_file.read_text(encoding="utf-8").splitlines()
                      if ":" in line)
    except OSError as error:
        raise SourceError(f"cannot read {source_file}; the PropBank frames come with it",
                          origin=str(source_file), stage="convert") from error
    repository, commit = fields.get("repository", "").strip(), fields.get("commit", "").strip()
    if not repository or not commit:
        raise SourceError(f"{source_file} names no repository and commit", origin=str(source_file), stage="convert")
    return f"{repository} commit {commit}"


def main(data_dir: Path, models_dir: Path) -> str:
    """Convert ``data_dir/lexicons/propbank_frames`` into ``models_dir/lexicons/converted_roles.txt``; return a
    one-line summary. Raises ``SourceError`` as ``convert_roles`` and ``read_provenance``."""
    source_dir = Path(data_dir) / SOURCE_SUBDIR
    provenance = read_provenance(source_dir / "SOURCE.txt")
    conversion = convert_roles(source_dir / "frames")
    path = Path(models_dir) / "lexicons" / OUTPUT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(conversion.text(provenance), encoding="utf-8")
    counts = conversion.counts()
    logger.info("PropBank roles: %d contested lemma-preposition pairs", len(conversion.contested))
    return (f"{path}: {len(conversion.lines)} lines for {counts['lemmas']} lemmas from {conversion.rolesets} "
            f"verb rolesets (target {counts.get(TARGET, 0)}, other {counts.get(OTHER, 0)}, "
            f"dobj_not_target {counts.get(DOBJ_NOT_TARGET, 0)}; {len(conversion.contested)} contested; "
            f"{len(conversion.skipped)} malformed frame files left out)")
