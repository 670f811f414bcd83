"""The pair model: a tiny training run writes a loadable artefact, a tampered one is refused, the committed one predicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.records import ActorSpan, PairSlot, Span
from pipeline.score.pair_data import PairExample, PairLabels, to_dataset
from pipeline.score.pair_model import (
    UNMARKED,
    WEIGHTS,
    PairModel,
    TrainConfig,
    fix_seeds,
    length_batches,
    load_pair_model,
    new_net,
    save_artefact,
    split_names,
    train_net,
)
from pipeline.score.pair_net import NetConfig

LABELS_PATH = data_path("pair_model", "labels.json")
LABELS = PairLabels.load(LABELS_PATH)
COMMITTED = data_path("pair_model")


def stance(text: str, a: str, b: str, label: str, direction: str | None) -> PairExample:
    find = lambda words: (text.index(words), text.index(words) + len(words))  # noqa: E731
    return PairExample("written", text[:12], text, find(a), find(b), "stance", label, direction)


# Twenty examples written for this test (never dataset text).
WRITTEN = [
    stance("Norway praised Kenya for the reform.", "Norway", "Kenya", "SUPPORT", "forward"),
    stance("Chile was praised by Peru.", "Chile", "Peru", "SUPPORT", "backward"),
    stance("Ghana condemned Togo over the raid.", "Ghana", "Togo", "ACCUSE", "forward"),
    stance("Laos was denounced by Vietnam.", "Laos", "Vietnam", "ACCUSE", "backward"),
    stance("Spain and Italy held a meeting.", "Spain", "Italy", "none", None),
] * 4


@pytest.fixture(scope="module")
def tiny_artefact(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], PairModel]:
    config = TrainConfig(max_steps=3, batch_size=8, threads=1)
    fix_seeds(config)
    net, tokenizer = new_net(LABELS, NetConfig())
    steps = train_net(net, tokenizer, to_dataset(WRITTEN, LABELS, seed=config.seed), LABELS, config)
    out = tmp_path_factory.mktemp("pair_model")
    manifest = save_artefact(net, out, LABELS_PATH, {"training": {"steps": steps}})
    return out, manifest, PairModel(net.eval(), tokenizer, LABELS, manifest)


def test_pair_model_tiny_run_writes_a_loadable_artefact(tiny_artefact: tuple[Path, dict[str, object], PairModel]) -> None:
    out, manifest, trained = tiny_artefact
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "labels.json", "manifest.json", WEIGHTS]
    assert manifest["training"] == {"steps": 3}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    loaded = load_pair_model(out)
    text = "Norway praised Kenya for the reform."
    before, after = trained.predict(text, (0, 6), (15, 20)), loaded.predict(text, (0, 6), (15, 20))
    assert [p.label for p in after.values()] == [p.label for p in before.values()]
    assert after["stance"].probability == pytest.approx(before["stance"].probability, abs=1e-2)


def test_pair_model_refuses_weights_that_are_not_the_manifests(
    tiny_artefact: tuple[Path, dict[str, object], PairModel], tmp_path: Path
) -> None:
    out, _, _ = tiny_artefact
    for path in out.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    data = bytearray((tmp_path / WEIGHTS).read_bytes())
    data[-1] ^= 1
    (tmp_path / WEIGHTS).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match its manifest's sha256"):
        load_pair_model(tmp_path)


def test_pair_model_tiny_run_is_reproducible() -> None:
    results = []
    for _ in range(2):
        config = TrainConfig(max_steps=2, batch_size=8, threads=1)
        fix_seeds(config)
        net, tokenizer = new_net(LABELS, NetConfig())
        train_net(net, tokenizer, to_dataset(WRITTEN, LABELS, seed=config.seed), LABELS, config)
        results.append(net.outputs["to_stance"].weight.detach().clone())
    assert torch.equal(results[0], results[1])


@pytest.fixture(scope="module")
def tiny_unmarked() -> PairModel:
    config = TrainConfig(max_steps=3, batch_size=8, threads=1)
    fix_seeds(config)
    net, tokenizer = new_net(LABELS, UNMARKED)
    train_net(net, tokenizer, to_dataset(WRITTEN, LABELS, seed=config.seed, markers=False), LABELS, config)
    return PairModel(net.eval(), tokenizer, LABELS, {})


def written_slot(text: str, a: str, b: str) -> PairSlot:
    spans = [(text.index(w), text.index(w) + len(w)) for w in (a, b)]
    return PairSlot(Span(text, 0, len(text)),
                    *(ActorSpan(Span(w, *sp), w, "GPE") for w, sp in zip((a, b), spans, strict=True)),
                    Span(a, 0, 1), "x")


# Three pairs on one sentence, one on another, one in a sentence longer than ``SHARED_CHARS`` (read in windows).
SLOTS = [
    written_slot("Ghana fined Togo and Benin over the raid.", "Ghana", "Togo"),
    written_slot("Ghana fined Togo and Benin over the raid.", "Ghana", "Benin"),
    written_slot("Ghana fined Togo and Benin over the raid.", "Togo", "Benin"),
    written_slot("Japan praised India for its help after the storm.", "Japan", "India"),
    written_slot("Kenya, " + "after weeks of talks that went on late into the night in a hotel, " * 5
                 + "signed the pact with Somalia.", "Kenya", "Somalia"),
]


def test_pair_model_unmarked_model_encodes_each_sentence_once_for_all_its_pairs(
    tiny_unmarked: PairModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.score.propose import SHARED_CHARS, read_slots

    assert len(SLOTS[-1].sentence.text) > SHARED_CHARS
    encoded: list[int] = []
    original = tiny_unmarked.net.encode
    monkeypatch.setattr(tiny_unmarked.net, "encode", lambda batch: encoded.append(len(batch["input_ids"]))
                        or original(batch))
    read_slots(tiny_unmarked, SLOTS)
    assert encoded == [3]  # two short sentences whole, the long one in its pair's window


def test_pair_model_unmarked_reading_is_the_pairs_own_forward_pass_in_any_company(tiny_unmarked: PairModel) -> None:
    from pipeline.score.propose import head_probabilities, read_slots, slot_example

    together = read_slots(tiny_unmarked, SLOTS)
    alone = [read_slots(tiny_unmarked, [slot])[0] for slot in SLOTS]
    one_by_one = head_probabilities(tiny_unmarked, [slot_example(slot, whole=True) for slot in SLOTS])
    for i, (joint, single) in enumerate(zip(together, alone, strict=True)):
        assert joint.not_none == pytest.approx(single.not_none, abs=1e-5)
        assert joint.forward == pytest.approx(single.forward, abs=1e-5)
        assert joint.plover == single.plover
        assert joint.not_none["stance"] == pytest.approx(1 - float(one_by_one["stance"][i][0]), abs=1e-5)
    assert together[0].not_none != together[1].not_none  # the pairs of one sentence still read differently


@pytest.mark.parametrize(("text", "expected"), [("dev", ["dev"]), ("test,dev", ["dev", "test"])])
def test_pair_model_split_names_reads_a_list(text: str, expected: list[str]) -> None:
    assert split_names(text) == expected


def test_pair_model_split_names_refuses_an_unknown_split() -> None:
    with pytest.raises(ValueError, match="unknown split"):
        split_names("dev,holdout")


@pytest.fixture(scope="module")
def committed() -> PairModel:
    if not (COMMITTED / WEIGHTS).is_file():
        pytest.skip("no committed pair model: python -m pipeline.score.pair_model train --data ../shared/data")
    return load_pair_model(COMMITTED)


@pytest.mark.parametrize(
    ("text", "a", "b", "label", "direction"),
    [
        ("Germany strongly condemned Russia's attack.", "Germany", "Russia", "ACCUSE", "forward"),
        ("Japan praised India for its help after the storm.", "Japan", "India", "SUPPORT", "forward"),
        ("Chile and Peru both attended the summit in Lima.", "Chile", "Lima", "none", "forward"),
        # The marked 0.2.0 network read this passive forward (an xfail then); the unmarked 0.3.0 reads it right.
        ("Russia's attack was strongly condemned by Germany.", "Russia", "Germany", "ACCUSE", "backward"),
    ],
)
def test_pair_model_committed_model_reads_a_written_sentence(
    committed: PairModel, text: str, a: str, b: str, label: str, direction: str
) -> None:
    find = lambda words: (text.index(words), text.index(words) + len(words))  # noqa: E731
    stance_prediction = committed.predict(text, find(a), find(b))["stance"]
    assert (stance_prediction.label, stance_prediction.direction) == (label, direction)


def test_pair_model_length_batches_cover_every_row_once_and_group_lengths() -> None:
    texts = [f"{'x' * n}" for n in (5, 1, 9, 3, 7, 2, 8, 4)]
    batches = length_batches(texts, 2, seed=13)
    assert sorted(i for batch in batches for i in batch) == list(range(8))
    assert sorted(tuple(sorted(len(texts[i]) for i in batch)) for batch in batches) == [(1, 2), (3, 4), (5, 7), (8, 9)]
    assert batches == length_batches(texts, 2, seed=13)


@pytest.mark.parametrize(
    ("text", "a", "b", "plover"),
    [
        ("Kenya sent food and medicine to Somalia after the floods.", "Kenya", "Somalia", "AID"),
        ("Ghana imposed sanctions on Togo over the border dispute.", "Ghana", "Togo", "SANCTION"),
        pytest.param("Norway's foreign minister met his Swedish counterpart in Oslo.", "Norway", "Swedish", "CONSULT",
                     marks=pytest.mark.xfail(reason="0.3.0 types and directs the meeting right, but its quad head "
                                                    "gives the pair P(claim) 0.34: a state and a people's adjective "
                                                    "standing for its minister", strict=True)),
        ("Ecuador threatened to expel Colombia's ambassador.", "Ecuador", "Colombia", "THREATEN"),
        ("Japan praised India for its help after the storm.", "Japan", "India", "SUPPORT"),
    ],
)
def test_pair_model_committed_model_types_a_written_pair(committed: PairModel, text: str, a: str, b: str,
                                                         plover: str) -> None:
    from pipeline.records import ActorSpan, PairSlot, Span
    from pipeline.score.propose import read_slots

    def actor(words: str) -> ActorSpan:
        start = text.index(words)
        return ActorSpan(Span(words, start, start + len(words)), words, "GPE")

    [reading] = read_slots(committed, [PairSlot(Span(text, 0, len(text)), actor(a), actor(b), Span(a, 0, 1), "x")])
    assert reading.plover == plover
    assert reading.forward > 0.5  # the first-named country acts
    assert reading.raw_claim(("quad",)) > 0.5


def test_pair_model_committed_model_reads_no_claim_between_a_country_and_a_venue(committed: PairModel) -> None:
    from pipeline.records import ActorSpan, PairSlot, Span
    from pipeline.score.propose import read_slots

    text = "Chile and Peru both attended the summit in Lima."
    chile, lima = (0, 5), (text.index("Lima"), text.index("Lima") + 4)
    slot = PairSlot(Span(text, 0, len(text)), ActorSpan(Span("Chile", *chile), "Chile", "GPE"),
                    ActorSpan(Span("Lima", *lima), "Lima", "GPE"), Span("attended", 20, 28), "attend")
    [reading] = read_slots(committed, [slot])
    assert max(reading.not_none.values()) < 0.5


def test_pair_model_readings_keep_their_order_and_do_not_depend_on_the_batch(committed: PairModel) -> None:
    from pipeline.records import ActorSpan, PairSlot, Span
    from pipeline.score.propose import read_slots

    def slot(text: str, a: str, b: str) -> PairSlot:
        spans = [(text.index(w), text.index(w) + len(w)) for w in (a, b)]
        return PairSlot(Span(text, 0, len(text)), *(ActorSpan(Span(w, *sp), w, "GPE") for w, sp in zip((a, b), spans, strict=True)),
                        Span(a, 0, 1), "x")

    slots = [slot("Kenya sent food and medicine to Somalia after the long floods of the rainy season.", "Kenya", "Somalia"),
             slot("Ghana fined Togo.", "Ghana", "Togo"),
             slot("Japan praised India for its help after the storm.", "Japan", "India")]
    together = read_slots(committed, slots)
    alone = [read_slots(committed, [s])[0] for s in slots]
    for joint, single in zip(together, alone, strict=True):
        assert joint.plover == single.plover
        assert joint.not_none == pytest.approx(single.not_none, abs=1e-4)


def test_pair_model_loads_merged_adapters_that_keep_the_adapted_probabilities(committed: PairModel) -> None:
    from dataclasses import replace

    from safetensors.torch import load_file

    from pipeline.score.pair_net import LoraLinear, load_trainable_state
    from pipeline.score.propose import head_probabilities

    adapted, _ = new_net(committed.labels, committed.net.config)
    load_trainable_state(adapted, load_file(str(COMMITTED / WEIGHTS)))
    examples = [PairExample("", "", text, (0, 5), (text.index(b), text.index(b) + len(b)), "stance", "none", None)
                for text, b in [("Ghana condemned Togo over the raid on the border post.", "Togo"),
                                ("Chile and Peru signed a trade pact in Lima.", "Peru"),
                                ("Kenya sent food to Somalia.", "Somalia")]]
    merged = head_probabilities(committed, examples)
    unmerged = head_probabilities(replace(committed, net=adapted.eval()), examples)
    assert not any(isinstance(module, LoraLinear) for module in committed.net.modules())
    assert set(merged) == set(unmerged)
    for head, probabilities in unmerged.items():
        torch.testing.assert_close(merged[head], probabilities, rtol=0, atol=1e-5)
