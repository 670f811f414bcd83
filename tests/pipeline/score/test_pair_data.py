"""The pair-example builder: marking, windows, mention proposals, the examples of each source and the dataset."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipeline.evalsets.records import CharSpan, GoldEvent
from pipeline.score.pair_data import (
    PairExample,
    PairLabels,
    build_examples,
    count_examples,
    examples_sha256,
    mark_pair,
    negative_pairs,
    propose_mentions,
    related_examples,
    stance_examples,
    to_dataset,
    window,
)

LABELS = PairLabels.load()
SENTENCE = "Brazil and Chile signed a trade pact with Peru in Lima."


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Brazil", "Peru", "[E1] Brazil [/E1] and Chile signed a trade pact with [E2] Peru [/E2] in Lima."),
        ("Peru", "Brazil", "[E2] Brazil [/E2] and Chile signed a trade pact with [E1] Peru [/E1] in Lima."),
    ],
)
def test_pair_data_mark_pair_marks_both_spans_and_reports_their_places(a: str, b: str, expected: str) -> None:
    text, first, second = mark_pair(SENTENCE, span(SENTENCE, a), span(SENTENCE, b))
    assert text == expected
    assert (text[first[0]: first[1]], text[second[0]: second[1]]) == (f"[E1] {a} [/E1]", f"[E2] {b} [/E2]")


def test_pair_data_mark_pair_refuses_overlapping_spans() -> None:
    with pytest.raises(ValueError, match="overlap"):
        mark_pair(SENTENCE, (0, 6), (3, 10))


def test_pair_data_propose_mentions_finds_capitalised_runs_and_skips_openers() -> None:
    text = "The Bank of England warned Jean Dupont in Paris."
    assert [text[s:e] for s, e in propose_mentions(text)] == ["Bank of England", "Jean Dupont", "Paris"]


def test_pair_data_window_cuts_a_long_text_at_spaces_around_the_pair() -> None:
    text = "word " * 100 + "Brazil met Peru" + " word" * 100
    cut, offset = window(text, span(text, "Brazil"), span(text, "Peru"), context=20)
    assert cut == "word word word word Brazil met Peru word word word word"
    assert text[offset: offset + len(cut)] == cut


def test_pair_data_stance_examples_keep_the_marked_order_and_direction() -> None:
    text = "Oslo praised Rome on Friday."
    events = [
        GoldEvent("directed_sentiment", "d1", text, "2", (CharSpan(0, 4),), (CharSpan(13, 17),),
                  plover="SUPPORT", direction="backward", polarity="positive"),
        GoldEvent("directed_sentiment", "d2", text, "0", (CharSpan(0, 4),), (CharSpan(13, 17),)),
    ]
    assert list(stance_examples(events)) == [
        PairExample("directed_sentiment", "d1", text, (0, 4), (13, 17), "stance", "SUPPORT", "backward"),
        PairExample("directed_sentiment", "d2", text, (0, 4), (13, 17), "stance", "none", None),
    ]


def test_pair_data_related_examples_give_the_gold_pair_and_negatives_of_other_mentions() -> None:
    event = GoldEvent("conflibert_cameo", "c1", SENTENCE, "2", source=(CharSpan(*span(SENTENCE, "Brazil")),),
                      target=(CharSpan(*span(SENTENCE, "Peru")),), quad=2, direction="forward")
    examples = list(related_examples([event], "quad", {"c1": "material cooperation"}, seed=13))
    positives = [e for e in examples if e.label != "none"]
    assert len(positives) == 1
    gold = positives[0]
    oriented = (gold.a, gold.b, gold.direction)
    assert oriented in [(span(SENTENCE, "Brazil"), span(SENTENCE, "Peru"), "forward"),
                        (span(SENTENCE, "Peru"), span(SENTENCE, "Brazil"), "backward")]
    negatives = {frozenset((SENTENCE[e.a[0]: e.a[1]], SENTENCE[e.b[0]: e.b[1]])) for e in examples if e.label == "none"}
    assert len(negatives) == 3
    assert frozenset(("Brazil", "Peru")) not in negatives
    assert all(pair <= {"Brazil", "Chile", "Peru", "Lima"} for pair in negatives)
    assert examples == list(related_examples([event], "quad", {"c1": "material cooperation"}, seed=13))


def test_pair_data_negative_pairs_leave_out_positives() -> None:
    text = "Chile and Peru met."
    gold = [span(text, "Chile"), span(text, "Peru")]
    assert negative_pairs(text, gold, {frozenset(gold)}, random.Random(1)) == []


def write_tiny_stance_set(root: Path, splits: Path) -> None:
    folder = root / "training" / "directed_sentiment"
    folder.mkdir(parents=True)
    lines = ["[Oslo] praised [Rome] warmly.\tOslo\tRome\t1", "[Kenya] blamed [Ghana] for the delay.\tKenya\tGhana\t3",
             "[Mali] and [Chad] held talks.\tMali\tChad\t0"]
    (folder / "train.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for part in ("valid", "test"):
        (folder / f"{part}.txt").write_text("", encoding="utf-8")
    splits.mkdir()
    ids = {"train": ["ds:train:00001", "ds:train:00002"], "dev": ["ds:train:00003"], "test": []}
    (splits / "directed_sentiment.json").write_text(json.dumps(ids), encoding="utf-8")


def test_pair_data_build_examples_reads_only_the_split_and_counts_them(tmp_path: Path) -> None:
    write_tiny_stance_set(tmp_path / "data", tmp_path / "splits")
    examples = build_examples(tmp_path / "data", "train", splits_dir=tmp_path / "splits", labels=LABELS,
                              datasets=("directed_sentiment",))
    assert examples == [
        PairExample("directed_sentiment", "ds:train:00001", "Oslo praised Rome warmly.", (0, 4), (13, 17), "stance",
                    "SUPPORT", "forward"),
        PairExample("directed_sentiment", "ds:train:00002", "Kenya blamed Ghana for the delay.", (0, 5), (13, 18),
                    "stance", "ACCUSE", "forward"),
    ]
    assert count_examples(examples) == {
        "directed_sentiment": {"stance/ACCUSE": 1, "stance/SUPPORT": 1}, "total": {"directed_sentiment": 2},
    }
    assert examples_sha256(examples) != examples_sha256(examples[:1])


def test_pair_data_to_dataset_rows_carry_marked_text_and_label_indices() -> None:
    example = PairExample("directed_sentiment", "d1", "Oslo praised Rome.", (0, 4), (13, 17), "stance", "ACCUSE",
                          "backward")
    rows = to_dataset([example], LABELS, seed=13).to_list()
    assert rows == [{
        "text": "[E1] Oslo [/E1] praised [E2] Rome [/E2].", "a_start": 0, "a_end": 15, "b_start": 24, "b_end": 39,
        "head": "stance", "label": 2, "direction": 1, "source_set": "directed_sentiment", "document": "d1",
    }]


def test_pair_data_unmarked_rows_keep_the_text_and_the_names_spans() -> None:
    example = PairExample("directed_sentiment", "d1", "Oslo praised Rome.", (0, 4), (13, 17), "stance", "SUPPORT",
                          "forward")
    [row] = to_dataset([example], LABELS, seed=13, markers=False).to_list()
    assert (row["text"], row["a_start"], row["a_end"], row["b_start"], row["b_end"]) == ("Oslo praised Rome.",
                                                                                         0, 4, 13, 17)


def test_pair_data_sentence_examples_are_the_ledes_unmarked_with_the_story_type() -> None:
    from pipeline.score.pair_data import SENTENCE as WHOLE
    from pipeline.score.pair_data import example_row, lede, sentence_examples

    story = ("Farmers in Ruritania blocked the main highway on Tuesday. \u201cWe will stay,\u201d one said. "
             "Police watched.")
    assert lede(story) == "Farmers in Ruritania blocked the main highway on Tuesday."
    assert len(lede("word " * 200)) <= 400
    events = [GoldEvent("ngec_synthetic", "ngec:0001", story, "PROTEST", plover="PROTEST"),
              GoldEvent("ngec_synthetic", "ngec:0002", story, "CRIME", plover=None)]
    [example] = list(sentence_examples(events))
    assert (example.head, example.label, example.a, example.b) == ("plover", "PROTEST", WHOLE, WHOLE)
    row = example_row(example, LABELS)
    assert row["text"] == lede(story) and "[E1]" not in row["text"]
    assert (row["a_start"], row["a_end"], row["label"]) == (0, 0, LABELS.index("plover", "PROTEST"))
