"""Reader of the directed-sentiment set (Park et al. 2021; ``training/directed_sentiment`` under the data root).

Each line of ``{train,valid,test}.txt``: the sentence with the pair marked ``[p]`` and ``[q]`` (p the first
bracket), then p, q and the label (0 none, 1 p->q positive, 2 q->p positive, 3 p->q negative, 4 q->p
negative), tab-separated. A "document" is one sentence: its id is ``ds:<part>:<line number>``. The
label is mapped by ``models/ontology/stance_to_plover.json``; the event's source is p and its target
q, and ``direction`` says who holds the stance. Imports only leaves.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evalsets.mapping import StanceMapping
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

DATASET = "directed_sentiment"
FOLDER = Path("training") / "directed_sentiment"
PARTS = ("train", "valid", "test")
_MARK = re.compile(r"\[([^\[\]]*)\]")


def unmark(marked: str) -> tuple[str, list[CharSpan]]:
    """Return the sentence without its bracket marks and the span of each marked piece (spaces trimmed).

    Raises ``ValueError`` unless exactly two pieces are marked.
    """
    pieces, spans, cursor, length = [], [], 0, 0
    for match in _MARK.finditer(marked):
        pieces.append(marked[cursor : match.start()])
        length += match.start() - cursor
        inner = match.group(1)
        lead = len(inner) - len(inner.lstrip())
        spans.append(CharSpan(length + lead, length + len(inner.rstrip())))
        pieces.append(inner)
        length += len(inner)
        cursor = match.end()
    if len(spans) != 2:
        raise ValueError(f"expected two marked pieces [p] and [q], found {len(spans)}")
    return "".join(pieces) + marked[cursor:], spans


def parse_line(line: str, document: str, stance: StanceMapping, *, origin: str = "") -> GoldEvent:
    """Return the gold event of one line; raise ``InputError`` for a line that is not sentence, p, q, label."""
    fields = line.split("\t")
    if len(fields) != 4 or fields[3].strip() not in stance.labels:
        raise InputError(
            "expected 'sentence<TAB>p<TAB>q<TAB>label' with a known label", origin=origin, stage="evalsets"
        )
    try:
        text, (p, q) = unmark(fields[0])
    except ValueError as e:
        raise InputError(str(e), origin=origin, stage="evalsets") from e
    label = fields[3].strip()
    meaning = stance.labels[label]
    return GoldEvent(
        dataset=DATASET,
        document=document,
        text=text,
        label=label,
        source=(p,),
        target=(q,),
        plover=meaning.plover,
        direction=meaning.direction,
        polarity=meaning.polarity,
    )


def read_part(data_root: Path, part: str, stance: StanceMapping) -> list[GoldEvent]:
    """Return the events of one upstream part (``train``, ``valid`` or ``test``), in file order."""
    path = Path(data_root) / FOLDER / f"{part}.txt"
    events = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            events.append(parse_line(line, document_id(part, number), stance, origin=f"{path}:{number}"))
    return events


def document_id(part: str, line_number: int) -> str:
    """Return the id of the sentence on ``line_number`` (1-based) of upstream part ``part``."""
    return f"ds:{part}:{line_number:05d}"


def documents(data_root: Path) -> list[Document]:
    """Return every sentence of the three parts as a document with its upstream part."""
    found = []
    for part in PARTS:
        lines = (Path(data_root) / FOLDER / f"{part}.txt").read_text(encoding="utf-8").splitlines()
        found += [Document(document_id(part, n), part) for n, line in enumerate(lines, start=1) if line.strip()]
    return found
