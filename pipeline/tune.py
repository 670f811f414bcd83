"""Choose the pair model's policies on dev data: which heads make P(claim), the thresholds to add, fill (the
sentence back-off), veto and retype, and the Platt calibration of P(claim). A composition module like
``assess.py``: it runs the rules-only pipeline once over the dev documents of each dev set (the own gold claims' dev
articles and a fixed sample of the dev splits of the CAMEO spans, directed stance, RAMS and
WikiEvents sets), reads every pair slot with the model once, then tries each policy of a small grid
by combining and normalizing again (no parse) and scoring with the sets' own measures. A policy kept
has the best mean of the sets' strictest F1 figures, so no one set decides: the default among the policies
that read only the rules' pairs (the speed limits), the opt-in ``policy_all_pairs.json`` among all.

Only dev documents are read: no test split is looked at here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from itertools import product
from pathlib import Path
from typing import Any

from pipeline.assess import TextSource, load_texts
from pipeline.evalsets import conflibert, directed_sentiment, rams, wikievents
from pipeline.evalsets.catalog import Mappings, events_in, read_events
from pipeline.evalsets.records import GoldEvent
from pipeline.evalsets.scoring import cameo_levels, event_levels, majority_label, score_levels, score_stance
from pipeline.evalsets.splits import load_splits
from pipeline.evaluate import load_gold, score, split_of
from pipeline.evaluate.claims import claim_matches
from pipeline.evaluate.gold import GoldClaim
from pipeline.normalize.claims import normalize_extraction
from pipeline.records import Article, Claim, Extraction
from pipeline.run import Pipeline, batched, extract_batch
from pipeline.score.pair_model import PairModel
from pipeline.score.propose import (
    ALL_PAIRS_POLICY_FILE,
    NEVER,
    PAIR_HEADS,
    POLICY_FILE,
    PairPolicy,
    SlotReading,
    combine,
    read_slots,
)

HEAD_CHOICES: tuple[tuple[str, ...], ...] = (("quad",), ("stance",), PAIR_HEADS)
ADD_CHOICES = (0.6, 0.7, 0.8, 0.9, 0.95, NEVER)
# The sentence back-off (``PairPolicy.fill``), tried only with nothing added pair by pair (``add`` never).
FILL_CHOICES = (0.5, 0.7, 0.9)
VETO_CHOICES = (0.0, 0.1)
RETYPE_CHOICES = (NEVER, 0.9)
# Which types the model may add: any, or only the directed stances its stance head was trained on.
TYPE_CHOICES: tuple[tuple[str, ...] | None, ...] = (None, ("SUPPORT", "ACCUSE"))
# A policy may not cost any one dev set more than this against the rules alone: the model changes the
# claims only where it is better, not by trading one kind of news for another.
MAX_LOSS = 0.01
# A policy must raise the mean by at least this much to replace the rules' claims: a smaller change is within
# what a few hundred dev documents can tell apart.
MIN_GAIN = 0.005
# Documents sampled from each external dev split (by id order of the split file): enough for a
# stable mean, few enough that the grid runs in minutes.
SAMPLE = 150


Measure = Callable[[list[Claim]], float]
Scored = tuple[dict[str, float], PairPolicy]  # a policy's dev figures and the policy


@dataclass(frozen=True)
class DevSet:
    """One dev set, run once: its documents' extractions (the rules' candidates and the pair slots), the
    model's readings of those slots, and the measure (an F1 of the set's claims) a policy is judged by."""

    name: str
    extractions: tuple[Extraction, ...]
    readings: tuple[tuple[SlotReading, ...], ...]
    measure: Measure
    gold: tuple[GoldClaim, ...] = ()


def read_set(pipeline: Pipeline, model: PairModel, name: str, articles: list[Article], measure: Measure,
             gold: tuple[GoldClaim, ...] = ()) -> DevSet:
    """Return a dev set run: ``pipeline`` must be rules only (its candidates are the rules')."""
    extractions = [item for batch in batched(articles, pipeline.settings.batch_size)
                   for item in extract_batch(pipeline, batch, pairs="all") if isinstance(item, Extraction)]
    readings = read_slots(model, [slot for e in extractions for slot in e.pairs])
    grouped, cursor = [], 0
    for extraction in extractions:
        grouped.append(tuple(readings[cursor: cursor + len(extraction.pairs)]))
        cursor += len(extraction.pairs)
    return DevSet(name, tuple(extractions), tuple(grouped), measure, gold)


def own_gold_set(pipeline: Pipeline, model: PairModel, gold_path: Path, sources: list[TextSource]) -> DevSet:
    """Return the own gold claims' dev articles as a dev set (measure: claim F1)."""
    gold = [g for g in load_gold(gold_path) if split_of(g.article) == "dev"]
    wanted = {g.article for g in gold}
    articles, _ = load_texts(sources, wanted)
    measure: Measure = lambda claims: score(claims, gold, articles=wanted).f1  # noqa: E731
    return read_set(pipeline, model, "own gold claims F1", articles, measure, tuple(gold))


def by_document(claims: list[Claim]) -> dict[str, list[Claim]]:
    """Return the claims grouped by article id."""
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.article.id, []).append(claim)
    return grouped


def external_sets(pipeline: Pipeline, model: PairModel, data_root: Path, splits_dir: Path, *,
                  sample: int = SAMPLE) -> list[DevSet]:
    """Return a fixed sample of the dev split of each external set as a dev set, with its strictest measure."""
    mappings = Mappings.load()
    found = []
    for dataset, name in ((conflibert.DATASET, "CAMEO pair+direction+quad F1"),
                          (directed_sentiment.DATASET, "directed stance macro-F1"),
                          (rams.DATASET, "RAMS type+source+target F1"),
                          (wikievents.DATASET, "WikiEvents type+source+target F1")):
        events = events_in(read_events(dataset, data_root, mappings), load_splits(splits_dir, dataset)["dev"],
                           limit=sample)
        texts = {event.document: event.text for event in events}
        articles = [Article(id=doc, text=text, origin=f"evalsets:{doc}") for doc, text in texts.items()]
        found.append(read_set(pipeline, model, name, articles, set_measure(dataset, events, mappings)))
    return found


def set_measure(dataset: str, events: list[GoldEvent], mappings: Mappings) -> Measure:
    """Return the strictest measure of an external set over ``events``."""
    if dataset == directed_sentiment.DATASET:
        baseline = majority_label(event.label for event in events)
        return lambda claims: score_stance(events, by_document(claims), mappings.stance,
                                           baseline_label=baseline).macro_f1
    if dataset == conflibert.DATASET:
        return lambda claims: score_levels(cameo_levels(), events, by_document(claims))["pair+direction+quad"].f1
    image = (mappings.aida if dataset == rams.DATASET else mappings.kairos).image()
    return lambda claims: score_levels(event_levels(image), events, by_document(claims))["type+source+target"].f1


def claims_under(pipeline: Pipeline, dev: DevSet, policy: PairPolicy) -> list[Claim]:
    """Return the claims ``policy`` gives on a dev set (the rules' candidates combined with the model's)."""
    claims: list[Claim] = []
    for extraction, readings in zip(dev.extractions, dev.readings, strict=True):
        candidates = combine(extraction.candidates, extraction.pairs, readings, policy)
        claims += normalize_extraction(replace(extraction, candidates=candidates), pipeline.normalizer)
    return claims


def grid() -> Iterator[PairPolicy]:
    """Yield every combined policy of the grid (uncalibrated: thresholds on the raw P(claim)): each way to add
    pairs, and each sentence back-off with none added pair by pair."""
    adding = [(add, NEVER) for add in ADD_CHOICES] + [(NEVER, fill) for fill in FILL_CHOICES]
    for heads, types, (add, fill), veto, retype in product(HEAD_CHOICES, TYPE_CHOICES, adding, VETO_CHOICES,
                                                           RETYPE_CHOICES):
        yield PairPolicy(mode="combined", claim_heads=heads, add_types=types, add=add, fill=fill, veto=veto,
                         retype=retype)


def figures_of(pipeline: Pipeline, sets: list[DevSet], policy: PairPolicy) -> dict[str, float]:
    """Return each set's measure under ``policy`` and their mean ("mean")."""
    figures = {dev.name: dev.measure(claims_under(pipeline, dev, policy)) for dev in sets}
    figures["mean"] = sum(figures.values()) / len(sets)
    return figures


def pair_truth(pipeline: Pipeline, dev: DevSet, heads: tuple[str, ...]) -> list[tuple[float, bool]]:
    """Return (raw P(claim), whether the claim the model proposes is a gold claim) for every slot of the own
    gold's dev set."""
    found: list[tuple[float, bool]] = []
    everything = PairPolicy(mode="model", claim_heads=heads, model_add=0.0)
    gold = list(dev.gold)
    for extraction, readings in zip(dev.extractions, dev.readings, strict=True):
        for slot, reading in zip(extraction.pairs, readings, strict=True):
            candidates = combine((), (slot,), (reading,), everything)
            claims = normalize_extraction(replace(extraction, candidates=candidates), pipeline.normalizer)
            right = any(claim_matches(c, g) for c in claims for g in gold)
            found.append((reading.raw_claim(heads), right))
    return found


def fit_platt(points: list[tuple[float, bool]], *, steps: int = 500) -> tuple[float, float]:
    """Return (slope, intercept) of the logistic fit of the outcome on the logit of the raw probability
    (Newton's method on the log-loss, a small ridge on both so a separable dev set stays finite)."""
    xs = [math.log(min(max(p, 1e-6), 1 - 1e-6) / (1 - min(max(p, 1e-6), 1 - 1e-6))) for p, _ in points]
    ys = [1.0 if right else 0.0 for _, right in points]
    a, b, ridge = 1.0, 0.0, 1e-2
    for _ in range(steps):
        ga, gb, haa, hab, hbb = ridge * (a - 1.0), ridge * b, ridge, 0.0, ridge
        for x, y in zip(xs, ys, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            ga += (p - y) * x
            gb += p - y
            w = p * (1 - p)
            haa, hab, hbb = haa + w * x * x, hab + w * x, hbb + w
        det = haa * hbb - hab * hab
        if abs(det) < 1e-12:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return round(a, 4), round(b, 4)


def reliability(points: list[tuple[float, bool]], policy: PairPolicy, bins: int = 5) -> list[dict[str, Any]]:
    """Return the calibrated reliability table: per probability bin, the slots, mean confidence and share right."""
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [(policy.calibrated(p), right) for p, right in points if low <= policy.calibrated(p) < high or
                  (k == bins - 1 and policy.calibrated(p) == 1.0)]
        if inside:
            table.append({"bin": f"{low:.1f}-{high:.1f}", "slots": len(inside),
                          "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                          "share_right": round(sum(r for _, r in inside) / len(inside), 3)})
    return table


def choose_policies(pipeline: Pipeline, sets: list[DevSet]) -> dict[str, tuple[PairPolicy, dict[str, Any]]]:
    """Return, by file name, the policies chosen from one evaluation of the grid, each calibrated on the own gold's
    dev slots (``sets[0]``) with the notes that say how it was chosen: ``POLICY_FILE``, the best mean dev figure
    among the policies that read only the rules' pairs (the default, inside the speed limits), and
    ``ALL_PAIRS_POLICY_FILE``, the best among all (which may read every pair slot). Both keep the loss bound and the
    minimum gain; ties go to the earlier, more conservative policy."""
    rules = figures_of(pipeline, sets, PairPolicy(mode="rules"))
    tried = [(figures_of(pipeline, sets, policy), policy) for policy in grid()]
    safe = [(figures, policy) for figures, policy in tried
            if all(figures[name] >= rules[name] - MAX_LOSS for name in rules if name != "mean")]
    chosen = {}
    for name, allowed in ((POLICY_FILE, [item for item in safe if not item[1].adds_claims]),
                          (ALL_PAIRS_POLICY_FILE, safe)):
        chosen[name] = calibrated_choice(pipeline, sets, rules, tried, allowed, reads_every_pair=name != POLICY_FILE)
    return chosen


def calibrated_choice(pipeline: Pipeline, sets: list[DevSet], rules: dict[str, float], tried: list[Scored],
                      allowed: list[Scored], *, reads_every_pair: bool) -> tuple[PairPolicy, dict[str, Any]]:
    """Return the best of ``allowed`` (the neutral policy when none raises the mean by ``MIN_GAIN``), calibrated,
    and its notes."""
    neutral = PairPolicy(mode="combined", claim_heads=HEAD_CHOICES[0], add=NEVER, veto=0.0, retype=NEVER)
    best_figures, best = max(allowed or [(rules, neutral)], key=lambda item: item[0]["mean"])
    if best_figures["mean"] < rules["mean"] + MIN_GAIN:
        best_figures, best = rules, neutral
    model_only, model_add = max(((figures_of(pipeline, sets, PairPolicy(mode="model", claim_heads=best.claim_heads,
                                                                         model_add=add)), add)
                                 for add in ADD_CHOICES if add < NEVER), key=lambda item: item[0]["mean"])
    points = pair_truth(pipeline, sets[0], best.claim_heads)
    slope, intercept = fit_platt(points)
    if slope <= 0:  # a fit that would turn the order round says the dev set is too small to calibrate on
        slope, intercept = 1.0, 0.0
    calibrated = replace(best, slope=slope, intercept=intercept)
    calibrated = replace(calibrated, add=raw_to_calibrated(calibrated, best.add),
                         fill=raw_to_calibrated(calibrated, best.fill),
                         model_add=raw_to_calibrated(calibrated, model_add),
                         veto=raw_to_calibrated(calibrated, best.veto))
    rounded = lambda figures: {k: round(v, 4) for k, v in figures.items()}  # noqa: E731
    scope = ("any policy of the grid (it may read every pair slot: about 1.5x the run time of the default on news)"
             if reads_every_pair else
             "the policies that read only the rules' pairs (no additions, no back-off), so the run stays inside "
             "the speed limits")
    notes = {
        "chosen_on": "dev only: the own gold claims' dev articles (corpora/gold, pipeline.evaluate.split_of) and "
                     f"the first {SAMPLE} documents (split-file order) of the dev splits of CAMEO spans, directed "
                     "stance, RAMS and WikiEvents; the objective is the mean of the sets' figures",
        "documents": {dev.name: len(dev.extractions) for dev in sets},
        "grid": {"claim_heads": [list(h) for h in HEAD_CHOICES], "add_types": [list(t) if t else None
                                                                             for t in TYPE_CHOICES],
                 "add": list(ADD_CHOICES), "fill (with add never)": list(FILL_CHOICES),
                 "veto": list(VETO_CHOICES), "retype": list(RETYPE_CHOICES)},
        "chosen_among": scope,
        "rule": f"best mean among those policies that cost no set more than {MAX_LOSS} against the rules alone; "
                f"none raising the mean by {MIN_GAIN} or more: the rules' claims unchanged, scored by the model",
        "policies_tried": len(tried),
        "policies_within_the_loss_bound": len(allowed),
        "best_unbounded": {"figures": rounded(max(tried, key=lambda item: item[0]["mean"])[0]),
                           "policy": policy_summary(max(tried, key=lambda item: item[0]["mean"])[1])},
        "dev": {"rules only": rounded(rules), "model only (best add)": rounded(model_only),
                "combined (chosen)": rounded(best_figures)},
        "raw_thresholds": {**policy_summary(best), "model_add": model_add},
        "calibration": {"method": "Platt scaling on the logit of the raw P(claim); outcome: the claim the model "
                                  "proposes for a pair of the own gold's dev articles is a gold claim (type, actors)",
                        "slots": len(points), "right": sum(r for _, r in points),
                        "reliability": reliability(points, calibrated)},
    }
    return replace(calibrated, notes=notes), notes


def policy_summary(policy: PairPolicy) -> dict[str, Any]:
    """Return a policy's choices as plain JSON (heads, types, raw thresholds)."""
    return {"claim_heads": list(policy.claim_heads), "add_types": list(policy.add_types) if policy.add_types else None,
            "add": policy.add, "fill": policy.fill, "veto": policy.veto, "retype": policy.retype}


def raw_to_calibrated(policy: PairPolicy, raw: float) -> float:
    """Return a raw threshold on the calibrated scale (0 and "never" stay as they are)."""
    if raw <= 0.0 or raw >= NEVER:
        return raw
    return round(policy.calibrated(raw), 6)


def write_policy(policy: PairPolicy, directory: Path, name: str = POLICY_FILE) -> Path:
    """Write a policy file (``policy.json`` unless ``name`` says otherwise) into the model folder; return its path."""
    content = asdict(policy)
    content["claim_heads"] = list(policy.claim_heads)
    content["add_types"] = list(policy.add_types) if policy.add_types else None
    content["mode"] = "combined"
    path = directory / name
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
