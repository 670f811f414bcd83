"""The pair model proposes claims: every pair of named actors of a sentence read by the model, and the
policy, chosen on dev, that combines what it says with the rules' claims.

Owns ``PairPolicy`` (the mode, which heads make P(claim), the thresholds to add, veto and retype, the
Platt calibration of P(claim); read from ``policy.json`` beside the model), ``SlotReading`` (what the
model says of one ``PairSlot``: P(claim), its PLOVER type, who acts on whom), ``read_slots`` (an unmarked
model: one batched pass over the distinct sentences of a batch of articles, each encoded once for all its pairs
and its sentence head; a marked one: one pass over every slot and one over their sentences), ``combine`` (the
policy applied to one article's candidates) and ``PairScorer``, the object a pipeline calls on every batch of
extractions. Imports torch, records and the pair modules; never spaCy.

How a slot is typed: the event head (RAMS and WikiEvents types) names a PLOVER type when it is sure
(``EVENT_SURE``); otherwise the sentence head's PLOVER distribution (all 16 types), weighted by the quad
head's probability of each type's QuadClass for the pair, picks it. The stance head does not type: on
written sentences it reads any cooperation as SUPPORT and any conflict as ACCUSE; it feeds P(claim).
Polarity, modality, speaker, time and place of a proposed claim are the slot's (the rules' cues on
the word joining the pair); the model does not learn them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

from pipeline.errors import ConfigError, ModelError
from pipeline.ontology import PLOVER_TYPES, QUAD, RECIPROCAL_TYPES
from pipeline.records import Candidate, Extraction, Failure, PairSlot, PloverType, Span
from pipeline.score.pair_data import SENTENCE, WINDOW_CONTEXT, PairExample, PairLabels, example_row, window
from pipeline.score.pair_model import PairModel, load_pair_model
from pipeline.score.pair_net import encode_rows, piece_mask, tokenize
from pipeline.score.rescore import Mode, policy_mode

POLICY_FILE = "policy.json"
# The best dev policy of the grid without the speed bound: it may read every pair slot (``PairPolicy.adds_claims``).
ALL_PAIRS_POLICY_FILE = "policy_all_pairs.json"
PAIR_HEADS = ("stance", "quad", "event")
NEVER = 1.01  # a threshold no probability reaches
# The quad head's labels for each QuadClass number of ``pipeline.ontology.QUAD``.
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
BATCH = 64
# An unmarked model reads a sentence of up to this many characters whole, once for all its pairs and its
# sentence head (the training texts are windows of up to ``2 * WINDOW_CONTEXT`` characters around a pair);
# a longer sentence is read in each pair's window.
SHARED_CHARS = 2 * WINDOW_CONTEXT
# The event head (RAMS, WikiEvents types) names the type only when it is at least this sure: it is trained on
# ~650 positive pairs and says "none" or "other" for most.
EVENT_SURE = 0.5


@dataclass(frozen=True)
class PairPolicy:
    """How the pair model's readings change an article's claims.

    ``combined``: the rules' claims stay, each two-actor one scored by the model's calibrated
    P(claim) for its pair, dropped when that is below ``veto`` and retyped when the model's type has
    P >= ``retype``; a pair the rules leave out becomes a claim when P(claim) >= ``add``; in a sentence where the
    rules give no two-actor claim, the model's most probable pair becomes one when P(claim) >= ``fill`` (the
    back-off for sentences the rules' patterns miss, one claim per sentence). ``model``: only the
    model's claims, those with P(claim) >= ``model_add`` (the ablation). ``rules``: untouched. P(claim) is
    1 - the smallest P(none) among ``claim_heads``, calibrated by ``slope`` and ``intercept`` on its logit
    (Platt scaling). ``add_types``, when set, limits the claims the model adds to those types.
    """

    mode: Mode = "combined"
    claim_heads: tuple[str, ...] = PAIR_HEADS
    add_types: tuple[str, ...] | None = None
    add: float = 0.5
    fill: float = NEVER
    model_add: float = 0.5
    veto: float = 0.0
    retype: float = NEVER
    slope: float = 1.0
    intercept: float = 0.0
    notes: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, path: Path, *, mode: str | None = None) -> PairPolicy:
        """Return the policy of ``path`` (``mode`` overriding its own); raise ``ConfigError`` for an unknown mode."""
        content = json.loads(path.read_text(encoding="utf-8"))
        chosen = policy_mode(mode or content.get("mode", "combined"))
        types = content.get("add_types")
        return cls(mode=chosen, claim_heads=tuple(content.get("claim_heads", PAIR_HEADS)),
                   add_types=tuple(types) if types is not None else None,
                   add=content.get("add", 0.5), fill=content.get("fill", NEVER),
                   model_add=content.get("model_add", 0.5),
                   veto=content.get("veto", 0.0), retype=content.get("retype", NEVER),
                   slope=content.get("slope", 1.0), intercept=content.get("intercept", 0.0),
                   notes=content.get("notes", {}))

    @property
    def adds_claims(self) -> bool:
        """True when the model's own claims can join the rules' (model mode, ``add`` or ``fill`` reachable): every
        pair slot must then be read, not only the rules' pairs."""
        return self.mode == "model" or (self.mode == "combined" and min(self.add, self.fill) < NEVER)

    def calibrated(self, raw: float) -> float:
        """Return the calibrated probability of a raw P(claim)."""
        clipped = min(max(raw, 1e-6), 1 - 1e-6)
        return 1.0 / (1.0 + math.exp(-(self.slope * math.log(clipped / (1 - clipped)) + self.intercept)))


@dataclass(frozen=True)
class SlotReading:
    """What the model says of one slot: P(not none) on each pair head, the type, and who acts on whom."""

    not_none: dict[str, float]
    plover: PloverType
    type_probability: float
    forward: float

    def raw_claim(self, heads: Sequence[str]) -> float:
        """Return the raw P(claim): the largest P(not none) among ``heads``."""
        return max(self.not_none[head] for head in heads)


def relative(span: Span, sentence: Span) -> tuple[int, int]:
    """Return ``span``'s offsets inside ``sentence``."""
    return span.start - sentence.start, span.end - sentence.start


def slot_example(slot: PairSlot, *, whole: bool = False) -> PairExample:
    """Return the model input of a slot: the window of its sentence around the pair (the whole sentence when
    ``whole`` and it is at most ``SHARED_CHARS`` long), the spans inside it."""
    a, b = relative(slot.a.mention, slot.sentence), relative(slot.b.mention, slot.sentence)
    if whole and len(slot.sentence.text) <= SHARED_CHARS:
        return PairExample("", "", slot.sentence.text, a, b, "stance", "none", None)
    text, offset = window(slot.sentence.text, a, b)
    return PairExample("", "", text, (a[0] - offset, a[1] - offset), (b[0] - offset, b[1] - offset),
                       "stance", "none", None)


def head_probabilities(model: PairModel, examples: list[PairExample]) -> dict[str, torch.Tensor]:
    """Return {head: softmax probabilities, one row per example, in the examples' order} over every head.

    Examples are batched by length (little padding); the padding is masked, so a row's figures do not
    depend on its batch beyond float rounding."""
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].text))
    chunks: dict[str, list[torch.Tensor]] = {}
    model.net.eval()
    for offset in range(0, len(order), BATCH):
        rows = [example_row(examples[i], model.labels, markers=model.net.config.markers)
                for i in order[offset: offset + BATCH]]
        columns = {key: [row[key] for row in rows] for key in rows[0]}
        with torch.inference_mode():
            logits = model.net(encode_rows(model.tokenizer, columns, model.net.config.max_length))
        for head, values in logits.items():
            chunks.setdefault(head, []).append(torch.softmax(values.float(), dim=-1))
    back = torch.empty(len(order), dtype=torch.long)
    back[torch.tensor(order, dtype=torch.long)] = torch.arange(len(order))
    return {head: torch.cat(parts)[back] for head, parts in chunks.items()}


def read_slots(model: PairModel, slots: list[PairSlot], *, typed: bool = True) -> list[SlotReading]:
    """Return the model's reading of every slot, in order.

    An unmarked model (``NetConfig.markers`` False) encodes each distinct text once, for all the pairs on it
    and for its sentence head (``shared_probabilities``). A marked one makes one pass over the pairs, each its
    own encoding, and one over their sentences for the sentence head when ``typed`` (without it a slot's type
    comes from the pair heads alone, for a policy that never adds nor retypes and so never reads a type)."""
    if not slots:
        return []
    if not model.net.config.markers:
        pairs, whole = shared_probabilities(model, [slot_example(slot, whole=True) for slot in slots])
        return [reading_of(model.labels, pairs, i, whole[i]) for i in range(len(slots))]
    pairs = head_probabilities(model, [slot_example(slot) for slot in slots])
    sentences = list(dict.fromkeys(slot.sentence.text for slot in slots))
    if typed:
        whole = head_probabilities(model, [PairExample("", "", text, SENTENCE, SENTENCE, "plover", "none", None)
                                           for text in sentences])["plover"]
    else:
        whole = torch.full((len(sentences), len(model.labels.heads["plover"])), 1.0)
    row_of = {text: i for i, text in enumerate(sentences)}
    return [reading_of(model.labels, pairs, i, whole[row_of[slot.sentence.text]]) for i, slot in enumerate(slots)]


def shared_probabilities(model: PairModel, examples: list[PairExample]) -> tuple[dict[str, torch.Tensor],
                                                                                 torch.Tensor]:
    """Return ({pair head: probabilities, one row per example}, the sentence head's probabilities of each
    example's text, one row per example), each distinct text encoded once (unmarked models only).

    Texts are batched by length (``BATCH`` texts a batch, little padding) and the padding is masked, so an
    example's figures do not depend on its batch or on the other pairs of its text beyond float rounding."""
    texts = sorted(dict.fromkeys(example.text for example in examples), key=len)
    on_text: dict[str, list[int]] = {}
    for i, example in enumerate(examples):
        on_text.setdefault(example.text, []).append(i)
    pair_rows: dict[str, list[torch.Tensor]] = {}
    sentence_rows: list[torch.Tensor] = []
    placed: list[int] = []
    model.net.eval()
    for offset in range(0, len(texts), BATCH):
        chunk = texts[offset: offset + BATCH]
        batch, offsets = tokenize(model.tokenizer, chunk, model.net.config.max_length)
        rows = [row for row, text in enumerate(chunk) for _ in on_text[text]]
        mine = [examples[i] for text in chunk for i in on_text[text]]
        placed += [i for text in chunk for i in on_text[text]]
        with torch.inference_mode():
            hidden = model.net.encode(batch)
            sentence = model.net.sentence_logits(hidden, batch["attention_mask"])["plover"]
            index = torch.tensor(rows, dtype=torch.long)
            logits = model.net.pair_logits(hidden[index], piece_mask(offsets[index], *spans(mine, "a")),
                                           piece_mask(offsets[index], *spans(mine, "b")))
        sentence_rows.append(torch.softmax(sentence.float(), dim=-1)[index])
        for head, values in logits.items():
            pair_rows.setdefault(head, []).append(torch.softmax(values.float(), dim=-1))
    back = torch.empty(len(placed), dtype=torch.long)
    back[torch.tensor(placed, dtype=torch.long)] = torch.arange(len(placed))
    return {head: torch.cat(parts)[back] for head, parts in pair_rows.items()}, torch.cat(sentence_rows)[back]


def spans(examples: list[PairExample], side: str) -> tuple[list[int], list[int]]:
    """Return the starts and ends of span ``side`` ("a" or "b") of ``examples``."""
    pieces = [example.a if side == "a" else example.b for example in examples]
    return [start for start, _ in pieces], [end for _, end in pieces]


def reading_of(labels: PairLabels, pairs: dict[str, torch.Tensor], row: int, sentence: torch.Tensor) -> SlotReading:
    """Return the reading of batch row ``row`` given its sentence's PLOVER distribution."""
    heads = labels.heads
    probs = {head: pairs[head][row] for head in PAIR_HEADS}
    not_none = {head: float(1.0 - probs[head][0]) for head in PAIR_HEADS}
    plover, probability = slot_type(labels, probs, sentence)
    forward = float(pairs["direction"][row][heads["direction"].index("forward")])
    return SlotReading(not_none, plover, probability, forward)


def slot_type(labels: PairLabels, probs: dict[str, torch.Tensor], sentence: torch.Tensor) -> tuple[PloverType, float]:
    """Return the PLOVER type of a slot and its probability (see the module's description)."""
    names = labels.heads["event"]
    best = int(probs["event"].argmax())
    plover = labels.claim_type.get(names[best])
    if best != 0 and plover in PLOVER_TYPES and float(probs["event"][best]) >= EVENT_SURE:
        return plover, float(probs["event"][best])  # type: ignore[return-value]
    quad = labels.heads["quad"]
    scores = {}
    for index, name in enumerate(labels.heads["plover"]):
        if name in PLOVER_TYPES:
            scores[name] = float(sentence[index]) * float(probs["quad"][quad.index(QUAD_LABELS[QUAD[name]])])
    total = sum(scores.values()) or 1.0
    chosen = max(scores, key=scores.__getitem__)
    return chosen, scores[chosen] / total  # type: ignore[return-value]


# --- the policy on one article ------------------------------------------------------------------------


def overlaps(x: Span, y: Span) -> bool:
    """Return True when two spans share a character."""
    return x.start < y.end and y.start < x.end


def covers(candidate: Candidate, slot: PairSlot) -> bool:
    """Return True when a two-actor candidate of the rules names the slot's pair (either way round)."""
    if candidate.object is None or not overlaps(candidate.sentence, slot.sentence):
        return False
    s, o = candidate.subject.mention, candidate.object.mention
    a, b = slot.a.mention, slot.b.mention
    return (overlaps(s, a) and overlaps(o, b)) or (overlaps(s, b) and overlaps(o, a))


def proposed(slot: PairSlot, reading: SlotReading, probability: float) -> Candidate:
    """Return the claim the model proposes for a slot: the actor acting first, the slot's stance and anchors."""
    forward = reading.forward >= 0.5 or reading.plover in RECIPROCAL_TYPES
    subject, obj = (slot.a, slot.b) if forward else (slot.b, slot.a)
    return Candidate(
        subject=subject, object=obj, cue=slot.cue, lemma=slot.lemma, sentence=slot.sentence, plover=reading.plover,
        cameo=None, polarity=slot.polarity, modality=slot.modality, speaker=slot.speaker, time=slot.time,
        location=slot.location, score=round(probability, 4),
    )


def combine(candidates: Iterable[Candidate], slots: Sequence[PairSlot], readings: Sequence[SlotReading],
            policy: PairPolicy) -> tuple[Candidate, ...]:
    """Return one article's candidates as ``policy`` leaves them (see ``PairPolicy``)."""
    rules = list(candidates)
    if policy.mode == "rules":
        return tuple(rules)
    claim = [policy.calibrated(r.raw_claim(policy.claim_heads)) for r in readings]
    kept: list[Candidate] = []
    covered: set[int] = set()
    for candidate in rules:
        mine = [i for i, slot in enumerate(slots) if covers(candidate, slot)]
        covered.update(mine)
        if policy.mode == "model":
            continue
        if not mine:
            kept.append(candidate)
            continue
        best = max(mine, key=claim.__getitem__)
        if claim[best] < policy.veto:
            continue
        reading = readings[best]
        if reading.plover != candidate.plover and reading.type_probability >= policy.retype:
            candidate = replace(candidate, plover=reading.plover, cameo=None, mode=None, context=())
        kept.append(replace(candidate, score=round(claim[best], 4)))
    threshold = policy.model_add if policy.mode == "model" else policy.add
    added = [i for i, reading in enumerate(readings)
             if (policy.mode == "model" or i not in covered) and claim[i] >= threshold
             and (policy.add_types is None or reading.plover in policy.add_types)]
    if policy.mode == "combined" and policy.fill < NEVER:
        answered = [c.sentence for c in kept if c.object is not None] + [slots[i].sentence for i in added]
        added += filled(answered, slots, readings, claim, policy)
    return tuple(kept + [proposed(slots[i], readings[i], claim[i]) for i in added])


def filled(answered: Sequence[Span], slots: Sequence[PairSlot], readings: Sequence[SlotReading],
           claim: Sequence[float], policy: PairPolicy) -> list[int]:
    """Return the slots the ``fill`` back-off adds: in each sentence that no span of ``answered`` (the sentences
    of the two-actor claims kept or added) overlaps, the slot of the highest P(claim), when that is at least
    ``policy.fill`` (and of an allowed type)."""
    best: dict[tuple[int, int], int] = {}
    for i, slot in enumerate(slots):
        if claim[i] < policy.fill or any(overlaps(slot.sentence, sentence) for sentence in answered):
            continue
        if policy.add_types is not None and readings[i].plover not in policy.add_types:
            continue
        key = (slot.sentence.start, slot.sentence.end)
        if key not in best or claim[i] > claim[best[key]]:
            best[key] = i
    return sorted(best.values())


# --- what the pipeline calls ------------------------------------------------------------------------


@dataclass(frozen=True)
class PairScorer:
    """The pair model and its policy, applied to every batch of extractions."""

    model: PairModel
    policy: PairPolicy
    policy_file: str = POLICY_FILE

    @property
    def tag(self) -> str:
        """The model's provenance tag: name@version+weights sha256 prefix, and the policy file's name when it is
        not the default (``+policy_all_pairs``)."""
        manifest = self.model.manifest
        tag = f"{manifest.get('name', 'pair-model')}@{manifest.get('version', '?')}+{manifest['sha256'][:12]}"
        return tag if self.policy_file == POLICY_FILE else f"{tag}+{Path(self.policy_file).stem}"

    def rescore(self, items: list[Extraction | Failure]) -> list[Extraction | Failure]:
        """Return ``items`` with each extraction's candidates combined with the model's (one batched pass over
        the slots the policy can use: all of them when it may add claims, else those of the rules' claims)."""
        if self.policy.mode == "rules":
            return items
        needed = {id(item): used_slots(item, self.policy) for item in items if isinstance(item, Extraction)}
        typed = self.policy.adds_claims or self.policy.retype < NEVER
        readings = iter(read_slots(self.model, [slot for slots in needed.values() for slot in slots], typed=typed))
        out: list[Extraction | Failure] = []
        for item in items:
            if isinstance(item, Failure):
                out.append(item)
                continue
            slots = needed[id(item)]
            mine = [next(readings) for _ in slots]
            out.append(replace(item, candidates=combine(item.candidates, slots, mine, self.policy)))
        return out


def used_slots(extraction: Extraction, policy: PairPolicy) -> tuple[PairSlot, ...]:
    """Return the slots whose reading can change the article's claims under ``policy``: every slot when the model
    may add claims, else only the slots of the rules' two-actor candidates (what is vetoed, retyped, scored)."""
    if policy.adds_claims:
        return extraction.pairs
    return tuple(slot for slot in extraction.pairs if any(covers(c, slot) for c in extraction.candidates))


def load_pair_scorer(directory: Path, *, mode: str | None = None, policy_file: str = POLICY_FILE) -> PairScorer:
    """Return the pair scorer of the model in ``directory`` under its committed policy ``policy_file`` (``mode``
    overriding the policy's own).

    Raises ``ModelError`` when the model or its policy is missing or fails its manifest, ``ConfigError``
    for an unknown mode or a policy file named outside the folder.
    """
    if Path(policy_file).name != policy_file or not policy_file.endswith(".json"):
        raise ConfigError(f"pair policy {policy_file!r} must be the name of a .json file in {directory}")
    path = directory / policy_file
    if not path.is_file():
        raise ModelError(f"no {policy_file} in {directory}: train the model and choose its policies with "
                         "`claimgraph train --data ../shared/data`", stage="score")
    policy = PairPolicy.load(path, mode=mode)
    return PairScorer(load_pair_model(directory), policy, policy_file)
