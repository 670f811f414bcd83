from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evalsets import conflibert
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

QUADS = {"0": None, "1": 1, "2": 2, "3": 3, "4": 4}
NER = """The O
Arnor B-S
army I-S
shelled O
Gondor B-T
. O

Rohan B-R
and O
Gondor B-R
signed O
a O
pact O
. O

Arnor B-S
spoke O
. O
"""
CLASS = "The Arnor army shelled Gondor.\t4\nRohan and Gondor signed a pact.\t2\nA line only in the class file.\t0\n"


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    folder = tmp_path / conflibert.FOLDER
    (folder / "cameo_ner").mkdir(parents=True)
    (folder / "cameo_class").mkdir()
    for part in conflibert.PARTS:
        (folder / "cameo_ner" / f"{part}.txt").write_text(NER if part == "train" else "", encoding="utf-8")
        (folder / "cameo_class" / f"{part}.tsv").write_text(CLASS if part == "train" else "", encoding="utf-8")
    return tmp_path


def test_conflibert_reads_spans_and_joins_quad(data_root: Path) -> None:
    first, second, third = (
        conflibert.sentence_id(t)
        for t in ("The Arnor army shelled Gondor.", "Rohan and Gondor signed a pact.", "Arnor spoke.")
    )

    assert conflibert.read_part(data_root, "train", QUADS) == [
        GoldEvent(
            dataset="conflibert_cameo",
            document=first,
            text="The Arnor army shelled Gondor.",
            label="4",
            source=(CharSpan(4, 14),),
            target=(CharSpan(23, 29),),
            quad=4,
            direction="forward",
        ),
        GoldEvent(
            dataset="conflibert_cameo",
            document=second,
            text="Rohan and Gondor signed a pact.",
            label="2",
            source=(CharSpan(0, 5), CharSpan(10, 16)),
            target=(CharSpan(0, 5), CharSpan(10, 16)),
            quad=2,
            direction="reciprocal",
        ),
        GoldEvent(
            dataset="conflibert_cameo",
            document=third,
            text="Arnor spoke.",
            label="",
            source=(CharSpan(0, 5),),
            direction="forward",
        ),
    ]


def test_conflibert_sentence_id_ignores_tokenization() -> None:
    assert conflibert.sentence_id("Gondor 's envoy , again .") == conflibert.sentence_id("Gondor’s envoy, again.")


def test_conflibert_class_part_has_no_spans(data_root: Path) -> None:
    events = conflibert.read_class_part(data_root, "train", QUADS)

    assert [(e.text, e.label, e.quad, e.source, e.target) for e in events] == [
        ("The Arnor army shelled Gondor.", "4", 4, (), ()),
        ("Rohan and Gondor signed a pact.", "2", 2, (), ()),
        ("A line only in the class file.", "0", None, (), ()),
    ]


def test_conflibert_documents_union_both_files(data_root: Path) -> None:
    ids = [
        conflibert.sentence_id(t)
        for t in (
            "The Arnor army shelled Gondor.",
            "Rohan and Gondor signed a pact.",
            "Arnor spoke.",
            "A line only in the class file.",
        )
    ]

    assert conflibert.documents(data_root) == [Document(doc, "train") for doc in ids]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-S", "I-S", "O", "B-T"], {"S": [(0, 1)], "T": [(3, 3)]}),
        (["I-T", "I-T", "B-T", "O"], {"T": [(0, 1), (2, 2)]}),
        (["B-S", "I-T"], {"S": [(0, 0)], "T": [(1, 1)]}),
    ],
    ids=["plain", "i-opens-and-b-splits", "label-change"],
)
def test_conflibert_tag_spans(tags: list[str], spans: dict) -> None:
    assert conflibert.tag_spans(tags) == spans


def test_conflibert_bad_line_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Arnor\n", encoding="utf-8")

    with pytest.raises(InputError, match="token TAG"):
        conflibert.read_conll(path)
