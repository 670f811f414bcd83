from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evalsets import directed_sentiment
from pipeline.evalsets.mapping import STANCE_MAPPING, StanceMapping, load_stance_mapping, mapping_path
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

LINES = (
    "[Arnor] praised [ Gondor] for its help.\tArnor\tGondor\t1\n"
    "[The Rohan council] was scolded by [Arnor].\tThe Rohan council\tArnor\t4\n"
    "[Arnor] met [Gondor].\tArnor\tGondor\t0\n"
)


@pytest.fixture(scope="module")
def stance() -> StanceMapping:
    return load_stance_mapping(mapping_path(STANCE_MAPPING))


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    folder = tmp_path / directed_sentiment.FOLDER
    folder.mkdir(parents=True)
    for part in directed_sentiment.PARTS:
        (folder / f"{part}.txt").write_text(LINES if part == "valid" else "", encoding="utf-8")
    return tmp_path


def test_directed_sentiment_reads_pairs_with_direction(data_root: Path, stance: StanceMapping) -> None:
    assert directed_sentiment.read_part(data_root, "valid", stance) == [
        GoldEvent(
            dataset="directed_sentiment",
            document="ds:valid:00001",
            text="Arnor praised  Gondor for its help.",
            label="1",
            source=(CharSpan(0, 5),),
            target=(CharSpan(15, 21),),
            plover="SUPPORT",
            direction="forward",
            polarity="positive",
        ),
        GoldEvent(
            dataset="directed_sentiment",
            document="ds:valid:00002",
            text="The Rohan council was scolded by Arnor.",
            label="4",
            source=(CharSpan(0, 17),),
            target=(CharSpan(33, 38),),
            plover="ACCUSE",
            direction="backward",
            polarity="negative",
        ),
        GoldEvent(
            dataset="directed_sentiment",
            document="ds:valid:00003",
            text="Arnor met Gondor.",
            label="0",
            source=(CharSpan(0, 5),),
            target=(CharSpan(10, 16),),
        ),
    ]


def test_directed_sentiment_documents_are_sentences(data_root: Path) -> None:
    assert directed_sentiment.documents(data_root) == [Document(f"ds:valid:0000{n}", "valid") for n in (1, 2, 3)]


@pytest.mark.parametrize(
    "line",
    ["[Arnor] praised Gondor.\tArnor\tGondor\t1", "[Arnor] met [Gondor].\tArnor\tGondor\t7", "[Arnor] met [Gondor]."],
    ids=["one-mark", "unknown-label", "no-columns"],
)
def test_directed_sentiment_bad_line_raises(line: str, stance: StanceMapping) -> None:
    with pytest.raises(InputError):
        directed_sentiment.parse_line(line, "ds:x:1", stance, origin="x")
