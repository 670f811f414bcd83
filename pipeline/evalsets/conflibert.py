"""Reader of the ConfliBERT CAMEO sets (``training/conflibert_cameo`` under the data root).

``cameo_ner/{train,test}.txt``: CoNLL lines "token TAG", a blank line between sentences; B-S/I-S mark
the source, B-T/I-T the target, B-R/I-R actors that act on each other (reciprocal).
``cameo_class/{train,test}.tsv``: "sentence<TAB>label", label 0-4 (mapped onto QuadClass by
``models/ontology/cameo_quad_to_plover.json``). A sentence's document id is a hash of its letters and
digits, so the two files join on it despite their different tokenization. Imports only leaves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evalsets.records import Document, GoldEvent
from pipeline.evalsets.tokens import join_tokens, token_range
from pipeline.ids import content_id

DATASET = "conflibert_cameo"
FOLDER = Path("training") / "conflibert_cameo"
PARTS = ("train", "test")
_NOT_ALNUM = re.compile(r"[\W_]+")


def sentence_id(text: str) -> str:
    """Return the document id of a sentence: a hash of its lower-cased letters and digits only."""
    return content_id("cameo:", _NOT_ALNUM.sub("", text).lower())


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Return the sentences of a CoNLL file as (token, tag) lists; raise ``InputError`` for a line without a tag."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, sep, tag = line.rstrip().rpartition(" ")
        if not sep or not token:
            raise InputError("expected 'token TAG'; is this a CoNLL file?", origin=f"{path}:{number}", stage="evalsets")
        current.append((token, tag))
    return sentences + ([current] if current else [])


def tag_spans(tags: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Return {label: [(first token, last token)]} of the BIO tags (an I- after another label opens a span)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    open_label = None
    for index, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and label == open_label:
            first, _ = spans[label][-1]
            spans[label][-1] = (first, index)
        elif prefix in ("B", "I"):
            spans.setdefault(label, []).append((index, index))
            open_label = label
        else:
            open_label = None
    return spans


def ner_event(sentence: list[tuple[str, str]], quads: Mapping[str, int | None], labels: Mapping[str, str]) -> GoldEvent:
    """Return the gold event of one CoNLL sentence, with the quad class of its cameo_class twin when there is one."""
    text, token_spans = join_tokens([token for token, _ in sentence])
    found = {
        label: [token_range(token_spans, a, b) for a, b in pairs]
        for label, pairs in tag_spans([tag for _, tag in sentence]).items()
    }
    source, target, both = found.get("S", []), found.get("T", []), found.get("R", [])
    document = sentence_id(text)
    label = labels.get(document, "")
    return GoldEvent(
        dataset=DATASET,
        document=document,
        text=text,
        label=label,
        source=tuple(source + both),
        target=tuple(target + both),
        quad=quads.get(label),
        direction="reciprocal" if both and not (source and target) else "forward",
    )


def read_class_labels(path: Path) -> dict[str, tuple[str, str]]:
    """Return {document id: (sentence, label)} of a cameo_class TSV file; raise ``InputError`` for a bad row."""
    rows: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        sentence, sep, label = line.rpartition("\t")
        if not sep or not label.strip().isdigit():
            raise InputError("expected 'sentence<TAB>label'", origin=f"{path}:{number}", stage="evalsets")
        rows[sentence_id(sentence)] = (sentence, label.strip())
    return rows


def read_part(data_root: Path, part: str, quads: Mapping[str, int | None]) -> list[GoldEvent]:
    """Return the span events of one upstream part (``train`` or ``test``), quad classes joined in."""
    folder = Path(data_root) / FOLDER
    labels = {doc: label for doc, (_, label) in read_class_labels(folder / "cameo_class" / f"{part}.tsv").items()}
    return [ner_event(sentence, quads, labels) for sentence in read_conll(folder / "cameo_ner" / f"{part}.txt")]


def read_class_part(data_root: Path, part: str, quads: Mapping[str, int | None]) -> list[GoldEvent]:
    """Return the sentence-level quad events of one upstream part of cameo_class (no spans)."""
    rows = read_class_labels(Path(data_root) / FOLDER / "cameo_class" / f"{part}.tsv")
    return [
        GoldEvent(dataset=DATASET, document=doc, text=sentence, label=label, quad=quads.get(label))
        for doc, (sentence, label) in rows.items()
    ]


def documents(data_root: Path) -> list[Document]:
    """Return every sentence of both files (span and class) as a document, with its upstream part."""
    found: dict[tuple[str, str], Document] = {}
    for part in PARTS:
        folder = Path(data_root) / FOLDER
        ids = [sentence_id(join_tokens([t for t, _ in s])[0]) for s in read_conll(folder / "cameo_ner" / f"{part}.txt")]
        ids += list(read_class_labels(folder / "cameo_class" / f"{part}.tsv"))
        found.update({(doc, part): Document(doc, part) for doc in ids})
    return list(found.values())


__all__ = ["DATASET", "FOLDER", "PARTS", "documents", "read_class_part", "read_part", "sentence_id"]
