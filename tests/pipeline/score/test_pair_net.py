"""The pair network: what it trains, what stays frozen, its forward on a batch and its stored state."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import torch

from pipeline.score.pair_data import PairExample, PairLabels, example_row
from pipeline.score.pair_net import (
    LoraLinear,
    NetConfig,
    PairNet,
    encode_rows,
    load_base,
    load_trainable_state,
    merge_adapters,
    trainable_state,
)

LABELS = PairLabels.load()


@pytest.fixture(scope="module")
def base() -> tuple[Any, Any]:
    return load_base()


def make_net(base: tuple[Any, Any], layers: int = 2) -> PairNet:
    torch.manual_seed(0)
    encoder = copy.deepcopy(base[1])  # each network its own encoder: PairNet changes what it is given
    return PairNet(encoder, {h: len(n) for h, n in LABELS.heads.items()}, NetConfig(trainable_layers=layers))


def columns(examples: list[PairExample]) -> dict[str, list[Any]]:
    rows = [example_row(e, LABELS) for e in examples]
    return {key: [row[key] for row in rows] for key in rows[0]}


EXAMPLES = [
    PairExample("t", "1", "Oslo praised Rome on Friday.", (0, 4), (13, 17), "stance", "SUPPORT", "forward"),
    PairExample("t", "2", "Chile and Peru signed a trade pact in Lima.", (0, 5), (10, 14), "quad", "none", None),
]


def test_pair_net_encode_rows_masks_the_tokens_of_each_marked_piece(base: tuple[Any, Any]) -> None:
    tokenizer, _ = base
    batch = encode_rows(tokenizer, columns(EXAMPLES[:1]), 96)
    ids = batch["input_ids"][0]
    assert tokenizer.decode(ids[batch["a_mask"][0]]) == "[ e1 ] oslo [ / e1 ]"
    assert tokenizer.decode(ids[batch["b_mask"][0]]) == "[ e2 ] rome [ / e2 ]"


def test_pair_net_forward_gives_one_logit_row_per_example_and_head(base: tuple[Any, Any]) -> None:
    net = make_net(base).eval()
    with torch.inference_mode():
        logits = net(encode_rows(base[0], columns(EXAMPLES), 96))
    assert {name: tuple(t.shape) for name, t in logits.items()} == {
        "stance": (2, 3), "quad": (2, 6), "event": (2, 9), "plover": (2, 17), "direction": (2, 2),
    }


def test_pair_net_trains_every_layer_the_lower_ones_through_adapters(base: tuple[Any, Any]) -> None:
    net = make_net(base).train()
    trained = [name for name, p in net.named_parameters() if p.requires_grad]
    layers = {name.split(".")[3] for name in trained if name.startswith("encoder.")}
    assert layers == {"0", "1", "2", "3", "4", "5"}
    lower = [name for name in trained if name.startswith("encoder.") and name.split(".")[3] in "0123"]
    assert lower and all(".lora_" in name for name in lower)  # the lower layers' base weights stay frozen
    assert len(lower) == 4 * 4 * 2  # four layers, four projections, A and B
    assert not any(name.startswith("encoder.embeddings") for name in trained)
    assert {name.split(".")[0] for name in trained if not name.startswith("encoder.")} == {
        "body", "sentence_body", "outputs"}
    assert [layer.training for layer in net.encoder.encoder.layer] == [False] * 4 + [True] * 2


def test_pair_net_lora_starts_as_the_base_projection(base: tuple[Any, Any]) -> None:
    linear = torch.nn.Linear(6, 4)
    adapted = LoraLinear(linear, rank=2, alpha=4.0)
    x = torch.randn(3, 6)
    assert torch.equal(adapted(x), linear(x))  # B starts at zero
    torch.nn.init.ones_(adapted.lora_b)
    assert not torch.allclose(adapted(x), linear(x))


def test_pair_net_trainable_state_round_trips_through_float16(base: tuple[Any, Any]) -> None:
    net = make_net(base)
    state = trainable_state(net)
    layers = {key.split(".")[3] for key in state if key.startswith("encoder.") and ".lora_" not in key}
    assert layers == {"4", "5"}
    assert {t.dtype for k, t in state.items() if k.startswith("encoder.") and ".lora_" not in k} == {torch.float16}
    assert {key.split(".")[3] for key in state if ".lora_" in key} == {"0", "1", "2", "3"}
    other = make_net(base)
    torch.nn.init.zeros_(other.outputs["to_stance"].weight)
    load_trainable_state(other, state)
    assert torch.equal(other.outputs["to_stance"].weight, net.outputs["to_stance"].weight)
    with pytest.raises(ValueError, match="artefact keys differ"):
        load_trainable_state(other, {k: v for k, v in state.items() if not k.startswith("body.")})


def test_pair_net_merge_adapters_keeps_every_head_s_outputs(base: tuple[Any, Any]) -> None:
    net = make_net(base).eval()
    torch.manual_seed(1)
    for layer in net.lower_layers():  # adapters that change the projections, as trained ones do
        for module in layer.modules():
            if isinstance(module, LoraLinear):
                torch.nn.init.normal_(module.lora_b, std=0.05)
    batch = encode_rows(base[0], columns(EXAMPLES), 96)
    with torch.inference_mode():
        unadapted = make_net(base).eval()(batch)
        before = net(batch)
        after = merge_adapters(net)(batch)
    assert not any(isinstance(module, LoraLinear) for module in net.modules())
    assert not any(p.requires_grad for layer in net.lower_layers() for p in layer.parameters())
    assert set(after) == set(before)
    for head, logits in before.items():
        assert not torch.allclose(logits, unadapted[head], atol=1e-3)  # the adapters do change the outputs
        torch.testing.assert_close(after[head], logits, rtol=0, atol=1e-5)


def test_pair_net_trainable_state_refuses_a_merged_network(base: tuple[Any, Any]) -> None:
    with pytest.raises(ValueError, match="adapters are merged"):
        trainable_state(merge_adapters(make_net(base)))
