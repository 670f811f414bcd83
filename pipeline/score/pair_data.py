"""Pair examples for the pair model: (text, span A, span B, head, label, direction, source set).

Owns ``PairExample``, the marking of the two spans in the text for the marked network of model 0.2.0
(``[E1] ... [/E1]``, ``[E2] ... [/E2]`` as plain words: the encoder's embeddings stay frozen, so markers
must be made of trained pieces; the unmarked network reads the text as it is and pools the spans),
the builders that turn the gold events of ``pipeline.evalsets`` into examples (directed stance,
CAMEO spans with negative pairs, RAMS and WikiEvents events with a source and a target, the ledes of
the NGEC synthetic stories for the sentence head) and the
``datasets.Dataset`` they are trained from. Negative pairs are other mention pairs of the same text
with no relation: runs of capitalised words (``propose_mentions``) and gold spans of other roles.
Randomness (which span is A, which negatives are kept) comes from a ``random.Random`` seeded by the
caller and the document id, so the examples do not depend on the order documents are read in.
Imports the leaves ``pipeline.evalsets`` and ``pipeline.knowledge`` and ``datasets``; never spaCy.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.evalsets import conflibert, directed_sentiment, ngec, rams, wikievents
from pipeline.evalsets.catalog import Mappings, events_in, read_events
from pipeline.evalsets.records import CharSpan, GoldEvent, SplitName
from pipeline.evalsets.splits import load_splits
from pipeline.knowledge import data_path

LABELS_FILE = "labels.json"
# Characters of context kept on each side of the pair when a text is cut to a window (a WikiEvents
# document is far longer than the encoder's 96 tokens).
WINDOW_CONTEXT = 160
NEGATIVES_PER_TEXT = 3
NO_DIRECTION = -1
# Heads that read the whole sentence, not a marked pair: their examples are unmarked text (``SENTENCE``
# spans), and the network reads them through [CLS] and the mean token vector.
SENTENCE_HEADS = frozenset({"plover"})
SENTENCE = (0, 0)
LEDE_CHARACTERS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")
# A capitalised word keeps inner dots ("U.S") but not a sentence's full stop.
_WORD = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"
_CAPITALISED = re.compile(rf"{_WORD}(?:\s+(?:of\s+|the\s+|for\s+)?{_WORD})*")
# Capitalised words that open sentences and are not actors.
_NOT_MENTIONS = frozenset({"The", "A", "An", "In", "On", "But", "And", "It", "He", "She", "They", "This"})


@dataclass(frozen=True)
class PairLabels:
    """The label sets of the pair model's heads and the maps from gold labels onto them (``labels.json``)."""

    heads: dict[str, tuple[str, ...]]
    quad_of_cameo: dict[str, str]
    event_of_plover: dict[str, str]
    claim_type: dict[str, str | None]

    @classmethod
    def load(cls, path: Path | None = None) -> PairLabels:
        """Return the label sets of ``path`` (default: the shipped ``models/pair_model/labels.json``)."""
        content = json.loads((path or data_path("pair_model", LABELS_FILE)).read_text(encoding="utf-8"))
        return cls(
            heads={name: tuple(labels) for name, labels in content["heads"].items()},
            quad_of_cameo=dict(content["quad_of_cameo"]),
            event_of_plover=dict(content["event_of_plover"]),
            claim_type=dict(content["claim_type"]),
        )

    def index(self, head: str, label: str) -> int:
        """Return the position of ``label`` in ``head``; raise ``ValueError`` for a label the head lacks."""
        return self.heads[head].index(label)


@dataclass(frozen=True)
class PairExample:
    """One labelled pair: ``text`` with the spans ``a`` and ``b`` (char offsets, end-exclusive).

    ``head`` names the output the label belongs to ("stance", "quad", "event"); ``label`` is one of
    that head's labels; ``direction`` is "forward" (A acts on B), "backward" or None (no claim, or
    reciprocal). ``source_set`` is the dataset, ``document`` its document id.
    """

    source_set: str
    document: str
    text: str
    a: tuple[int, int]
    b: tuple[int, int]
    head: str
    label: str
    direction: str | None

    def marked(self, markers: bool = True) -> tuple[str, tuple[int, int], tuple[int, int]]:
        """Return the text with both spans marked and the spans of the two marked pieces (markers included);
        without ``markers`` the text and spans as they are; a sentence-head example's text unmarked, with
        empty spans."""
        if self.head in SENTENCE_HEADS:
            return self.text, SENTENCE, SENTENCE
        return mark_pair(self.text, self.a, self.b) if markers else (self.text, self.a, self.b)


def mark_pair(text: str, a: tuple[int, int], b: tuple[int, int]) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """Return ``text`` with ``[E1] a [/E1]`` and ``[E2] b [/E2]`` marked, and where each marked piece now lies.

    Raises ``ValueError`` when the spans overlap.
    """
    if a[0] < b[1] and b[0] < a[1]:
        raise ValueError(f"the spans {a} and {b} overlap")
    pieces = sorted([(a, "E1"), (b, "E2")])
    out, cursor, placed = "", 0, {}
    for (start, end), name in pieces:
        out += text[cursor:start]
        piece = f"[{name}] {text[start:end]} [/{name}]"
        placed[name] = (len(out), len(out) + len(piece))
        out += piece
        cursor = end
    return out + text[cursor:], placed["E1"], placed["E2"]


def window(text: str, a: tuple[int, int], b: tuple[int, int], context: int = WINDOW_CONTEXT) -> tuple[str, int]:
    """Return the part of ``text`` around both spans (``context`` characters each side, cut at spaces), its offset."""
    start = max(0, min(a[0], b[0]) - context)
    end = min(len(text), max(a[1], b[1]) + context)
    if start > 0 and text[start - 1] != " ":  # start after a space, so no word is cut in two
        start = text.find(" ", start, min(a[0], b[0])) + 1 or start
    if end < len(text) and text[end] != " ":
        space = text.rfind(" ", max(a[1], b[1]), end)
        end = space if space >= 0 else end
    return text[start:end], start


def windowed(example: PairExample) -> PairExample:
    """Return ``example`` cut to the window around its pair, spans re-based."""
    text, offset = window(example.text, example.a, example.b)
    if offset == 0 and len(text) == len(example.text):
        return example
    shift = lambda span: (span[0] - offset, span[1] - offset)  # noqa: E731
    return PairExample(example.source_set, example.document, text, shift(example.a), shift(example.b),
                       example.head, example.label, example.direction)


def propose_mentions(text: str) -> list[tuple[int, int]]:
    """Return the runs of capitalised words of ``text`` (a stand-in for actor mentions), sentence openers dropped."""
    found = []
    for match in _CAPITALISED.finditer(text):
        start, words = match.start(), match.group(0)
        opener, _, rest = words.partition(" ")
        if opener in _NOT_MENTIONS and rest:
            start, words = start + len(opener) + 1, rest.lstrip()
            start = match.end() - len(words)
        if words not in _NOT_MENTIONS and len(words) > 1:
            found.append((start, match.end()))
    return found


def _free(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return all(not (span[0] < t[1] and t[0] < span[1]) for t in taken)


def _rng(seed: int, document: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}\x00{document}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def negative_pairs(
    text: str, gold: list[tuple[int, int]], positives: set[frozenset[tuple[int, int]]], rng: random.Random
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Return up to ``NEGATIVES_PER_TEXT`` pairs of mentions (gold spans, proposed ones) not in ``positives``."""
    mentions = list(dict.fromkeys(gold + [m for m in propose_mentions(text) if _free(m, gold)]))
    pairs = [
        (x, y) for i, x in enumerate(mentions) for y in mentions[i + 1:]
        if _free(x, [y]) and frozenset((x, y)) not in positives
    ]
    rng.shuffle(pairs)
    return pairs[:NEGATIVES_PER_TEXT]


def _span(span: CharSpan) -> tuple[int, int]:
    return (span.start, span.end)


# --- one builder per source -----------------------------------------------------------------------


def stance_examples(events: list[GoldEvent]) -> Iterator[PairExample]:
    """Yield one example per directed-stance pair: A the first marked span (p), B the second (q)."""
    for event in events:
        label = event.plover if event.plover in ("SUPPORT", "ACCUSE") else "none"
        direction = event.direction if label != "none" else None
        yield windowed(PairExample(event.dataset, event.document, event.text, _span(event.source[0]),
                                   _span(event.target[0]), "stance", label, direction))


def oriented(
    source: tuple[int, int], target: tuple[int, int], direction: str | None, rng: random.Random
) -> tuple[tuple[int, int], tuple[int, int], str | None]:
    """Return (A, B, direction) of a source-target pair, A drawn at random so both directions are seen."""
    if rng.random() < 0.5:
        return source, target, None if direction == "reciprocal" else "forward"
    return target, source, None if direction == "reciprocal" else "backward"


def related_examples(
    events: list[GoldEvent], head: str, label_of: dict[str, str], *, seed: int
) -> Iterator[PairExample]:
    """Yield the source-target pairs of each event (labelled ``label_of[document]``) and negative pairs.

    One example per distinct (source, target) pair of spans (the closest pair of a coreference
    chain in a long document); negatives are drawn among the text's other mention pairs.
    """
    for event in events:
        rng = _rng(seed, f"{event.document}\x00{event.text[:40]}")
        pairs = closest_pairs(event)
        positives = {frozenset(pair) for pair in pairs}
        for source, target in pairs:
            a, b, direction = oriented(source, target, event.direction, rng)
            yield windowed(PairExample(event.dataset, event.document, event.text, a, b, head,
                                       label_of[event.document], direction))
        gold = [_span(s) for s in (*event.source, *event.target, *event.location)]
        near = window(event.text, *pairs[0])  # negatives from the pair's own window of a long document
        local = [(s - near[1], e - near[1]) for s, e in gold if near[1] <= s and e <= near[1] + len(near[0])]
        shifted = {frozenset((x[0] - near[1], x[1] - near[1]) for x in pair) for pair in positives}
        for a, b in negative_pairs(near[0], local, shifted, rng):
            yield PairExample(event.dataset, event.document, near[0], a, b, head, "none", None)


def closest_pairs(event: GoldEvent) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Return the (source, target) span pairs of an event: all of them in a short text, the closest in a long one."""
    pairs = [(_span(s), _span(t)) for s in event.source for t in event.target if not s.overlaps(t)]
    if len(event.text) <= 2 * WINDOW_CONTEXT + 200:
        return list(dict.fromkeys(pairs))
    return [min(pairs, key=lambda p: abs(p[0][0] - p[1][0]))] if pairs else []


def lede(text: str) -> str:
    """Return the first sentence of a story (at most ``LEDE_CHARACTERS``, cut at a space)."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    if len(first) <= LEDE_CHARACTERS:
        return first
    return first[: first.rfind(" ", 0, LEDE_CHARACTERS)]


def sentence_examples(events: list[GoldEvent]) -> Iterator[PairExample]:
    """Yield one sentence-head example per labelled story: its lede, labelled with the story's PLOVER type.

    The label is the whole story's (document-level, synthetic text), so it is a weak label for the
    lede: the lede usually states the event the story reports.
    """
    for event in events:
        if event.plover is not None:
            yield PairExample(event.dataset, event.document, lede(event.text), SENTENCE, SENTENCE, "plover",
                              event.plover, None)


# --- the examples of a split ----------------------------------------------------------------------


def cameo_labels(events: list[GoldEvent], labels: PairLabels) -> dict[str, str]:
    """Return {document: quad-head label} of CAMEO events (quad None -> "statement")."""
    return {e.document: labels.quad_of_cameo[str(e.quad) if e.quad is not None else "null"] for e in events}


def event_labels(events: list[GoldEvent], labels: PairLabels) -> dict[str, str]:
    """Return {document: event-head label} of mapped events (an unlisted PLOVER type -> "other")."""
    return {e.document: labels.event_of_plover.get(e.plover or "", "other") for e in events}


def split_events(
    dataset: str, split: SplitName, data_root: Path, splits_dir: Path, mappings: Mappings
) -> list[GoldEvent]:
    """Return the gold events of ``dataset`` in ``split`` (document splits of ``splits_dir``)."""
    return events_in(read_events(dataset, data_root, mappings), load_splits(splits_dir, dataset)[split])


def build_examples(
    data_root: Path, split: SplitName, *, splits_dir: Path, labels: PairLabels, seed: int = 13,
    datasets: tuple[str, ...] = (directed_sentiment.DATASET, conflibert.DATASET, rams.DATASET, wikievents.DATASET,
                                 ngec.DATASET),
) -> list[PairExample]:
    """Return the pair examples of ``split`` of each of ``datasets``, in a fixed order.

    Raises ``FileNotFoundError`` when a data file or split file is missing.
    """
    mappings = Mappings.load()
    examples: list[PairExample] = []
    for dataset in datasets:
        events = split_events(dataset, split, data_root, splits_dir, mappings)
        examples += list(examples_of(dataset, events, labels, seed=seed))
    return examples


def examples_of(dataset: str, events: list[GoldEvent], labels: PairLabels, *, seed: int) -> Iterator[PairExample]:
    """Yield the examples of one set's events (CAMEO and event sets: only events naming both sides)."""
    if dataset == directed_sentiment.DATASET:
        yield from stance_examples(events)
        return
    if dataset == ngec.DATASET:
        yield from sentence_examples(events)
        return
    paired = [e for e in events if e.has_pair and (dataset == conflibert.DATASET or e.plover is not None)]
    paired = [e for e in paired if closest_pairs(e)]
    if dataset == conflibert.DATASET:
        yield from related_examples(paired, "quad", cameo_labels(paired, labels), seed=seed)
    else:
        for event in paired:  # a WikiEvents document holds many events: label each event's own pairs
            yield from related_examples([event], "event", event_labels([event], labels), seed=seed)


# --- datasets, counts and the data hash -------------------------------------------------------------


def example_row(example: PairExample, labels: PairLabels, *, markers: bool = True) -> dict[str, Any]:
    """Return the ``datasets`` row of an example: text and spans (marked when ``markers``), head, label and
    direction indices."""
    text, a, b = example.marked(markers)
    direction = labels.index("direction", example.direction) if example.direction else NO_DIRECTION
    return {
        "text": text, "a_start": a[0], "a_end": a[1], "b_start": b[0], "b_end": b[1],
        "head": example.head, "label": labels.index(example.head, example.label), "direction": direction,
        "source_set": example.source_set, "document": example.document,
    }


def to_dataset(examples: list[PairExample], labels: PairLabels, *, seed: int, shuffle: bool = True,
               markers: bool = True) -> Any:
    """Return a ``datasets.Dataset`` of the examples' rows (marked when ``markers``), shuffled with ``seed`` when
    ``shuffle``."""
    from datasets import Dataset

    dataset = Dataset.from_list([example_row(e, labels, markers=markers) for e in examples])
    return dataset.shuffle(seed=seed) if shuffle else dataset


def count_examples(examples: Iterable[PairExample]) -> dict[str, dict[str, int]]:
    """Return {source set: {head/label: count}} (and a "total" entry), sorted for a stable manifest."""
    tally: dict[str, Counter[str]] = {}
    for example in examples:
        tally.setdefault(example.source_set, Counter())[f"{example.head}/{example.label}"] += 1
    counts = {name: dict(sorted(c.items())) for name, c in sorted(tally.items())}
    counts["total"] = {name: sum(c.values()) for name, c in counts.items()}
    return counts


def examples_sha256(examples: Iterable[PairExample]) -> str:
    """Return the sha256 of the examples' canonical JSON, one line each, in order (the training data hash)."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps(asdict(example), sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()
