"""The pair policy: how the model's readings of pair slots change an article's candidates. Built from
hand-made slots and readings (no network), so each rule of ``PairPolicy`` is checked alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.records import ActorSpan, Candidate, PairSlot, Span
from pipeline.score.propose import NEVER, PairPolicy, SlotReading, combine, covers

TEXT = "Chile praised Peru and Bolivia."
SENTENCE = Span(TEXT, 0, len(TEXT))


def actor(words: str) -> ActorSpan:
    start = TEXT.index(words)
    return ActorSpan(mention=Span(words, start, start + len(words), "GPE"), resolved=words, label="GPE")


def slot(a: str, b: str, *, polarity: str = "affirmed") -> PairSlot:
    return PairSlot(sentence=SENTENCE, a=actor(a), b=actor(b), cue=Span("praised", 6, 13), lemma="praise",
                    polarity=polarity)  # type: ignore[arg-type]


def reading(claim: float, plover: str = "SUPPORT", *, forward: float = 0.9, type_p: float = 0.8) -> SlotReading:
    return SlotReading({"stance": claim, "quad": claim / 2, "event": 0.0}, plover, type_p, forward)  # type: ignore[arg-type]


def rule(subject: str, obj: str, plover: str = "SUPPORT") -> Candidate:
    return Candidate(subject=actor(subject), object=actor(obj), cue=Span("praised", 6, 13), lemma="praise",
                     sentence=SENTENCE, plover=plover, cameo="051")  # type: ignore[arg-type]


SLOTS = (slot("Chile", "Peru"), slot("Chile", "Bolivia"), slot("Peru", "Bolivia"))


def pairs(candidates: tuple[Candidate, ...]) -> list[tuple[str, str | None, str]]:
    return [(c.subject.resolved, c.object.resolved if c.object else None, c.plover) for c in candidates]


def test_combined_adds_the_pairs_the_rules_miss_at_or_above_the_threshold() -> None:
    policy = PairPolicy(add=0.6)
    readings = (reading(0.95), reading(0.7), reading(0.4))
    out = combine([rule("Chile", "Peru")], SLOTS, readings, policy)
    assert pairs(out) == [("Chile", "Peru", "SUPPORT"), ("Chile", "Bolivia", "SUPPORT")]
    assert out[0].cameo == "051" and out[0].score == 0.95  # the rule's claim stays, scored by the model
    assert out[1].cameo is None and out[1].score == 0.7


def test_combined_vetoes_a_rule_claim_the_model_reads_as_no_claim_but_keeps_one_it_cannot_read() -> None:
    policy = PairPolicy(add=NEVER, veto=0.3)
    out = combine([rule("Chile", "Peru"), rule("Peru", "Bolivia")], SLOTS, (reading(0.2), reading(0.9), reading(0.5)),
                  policy)
    assert pairs(out) == [("Peru", "Bolivia", "SUPPORT")]
    one_actor = Candidate(subject=actor("Chile"), object=None, cue=Span("praised", 6, 13), lemma="praise",
                          sentence=SENTENCE, plover="SUPPORT", cameo=None)
    assert combine([one_actor], SLOTS, (reading(0.0),) * 3, policy) == (one_actor,)


def test_combined_retypes_only_when_the_model_is_sure_of_its_type() -> None:
    sure, unsure = reading(0.9, "ACCUSE", type_p=0.95), reading(0.9, "ACCUSE", type_p=0.5)
    policy = PairPolicy(add=NEVER, retype=0.9)
    assert pairs(combine([rule("Chile", "Peru")], SLOTS[:1], (sure,), policy)) == [("Chile", "Peru", "ACCUSE")]
    assert pairs(combine([rule("Chile", "Peru")], SLOTS[:1], (unsure,), policy)) == [("Chile", "Peru", "SUPPORT")]


def test_proposed_claims_follow_the_direction_head_and_keep_the_slots_stance() -> None:
    negated = slot("Chile", "Peru", polarity="negated")
    [backward] = combine([], (negated,), (reading(0.9, "ACCUSE", forward=0.2),), PairPolicy(add=0.5))
    assert (backward.subject.resolved, backward.object and backward.object.resolved) == ("Peru", "Chile")
    assert backward.polarity == "negated"
    [mutual] = combine([], (negated,), (reading(0.9, "COOPERATE", forward=0.2),), PairPolicy(add=0.5))
    assert mutual.subject.resolved == "Chile"  # a reciprocal type keeps the text order


def test_model_mode_keeps_only_the_model_claims_and_rules_mode_changes_nothing() -> None:
    readings = (reading(0.9), reading(0.1), reading(0.1))
    rules = [rule("Chile", "Peru", "ACCUSE")]
    assert pairs(combine(rules, SLOTS, readings, PairPolicy(mode="model", add=0.5))) == [("Chile", "Peru", "SUPPORT")]
    assert combine(rules, SLOTS, readings, PairPolicy(mode="rules")) == tuple(rules)


def test_covers_matches_either_way_round_and_only_two_actor_candidates() -> None:
    assert covers(rule("Peru", "Chile"), SLOTS[0]) and not covers(rule("Peru", "Bolivia"), SLOTS[0])


def test_claim_heads_choose_which_heads_make_p_claim_and_calibration_keeps_the_order() -> None:
    r = reading(0.8)
    assert r.raw_claim(("quad",)) == 0.4 and r.raw_claim(("quad", "stance")) == 0.8
    policy = PairPolicy(slope=2.0, intercept=-1.0)
    values = [policy.calibrated(p) for p in (0.1, 0.5, 0.9)]
    assert values == sorted(values) and values[1] == pytest.approx(1 / (1 + 2.718281828 ** 1.0), abs=1e-6)


def test_policy_loads_from_json_and_refuses_an_unknown_mode(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"mode": "combined", "claim_heads": ["quad"], "add": 0.7, "veto": 0.1}), encoding="utf-8")
    policy = PairPolicy.load(path)
    assert (policy.claim_heads, policy.add, policy.veto, policy.retype) == (("quad",), 0.7, 0.1, NEVER)
    assert PairPolicy.load(path, mode="rules").mode == "rules"
    with pytest.raises(ConfigError, match="CLAIMGRAPH_CLASSIFIER_MODE"):
        PairPolicy.load(path, mode="both")


def test_the_committed_policy_was_chosen_on_dev_and_loads() -> None:
    from pipeline.knowledge import data_path

    path = data_path("pair_model", "policy.json")
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["notes"]["chosen_on"].startswith("dev only")
    assert set(content["notes"]["dev"]) == {"rules only", "model only (best add)", "combined (chosen)"}
    policy = PairPolicy.load(path)
    assert policy.mode == "combined" and 0 < policy.slope


def test_the_pipeline_in_model_mode_proposes_claims_from_pairs_alone(pipeline) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pipeline.records import Article
    from pipeline.run import process_batch

    uncalibrated = replace(pipeline.scorer.policy, mode="model", claim_heads=("quad",), model_add=0.5, add_types=None,
                           slope=1.0, intercept=0.0)
    scorer = replace(pipeline.scorer, policy=uncalibrated)
    model_only = replace(pipeline, scorer=scorer)
    article = Article(id="wire-2", text="Kenya sent food and medicine to Somalia after the floods.")
    [result] = process_batch(model_only, [article])
    triples = {(c.subject.name, c.predicate.plover, c.object.name if c.object else None) for c in result.claims}
    assert ("Kenya", "AID", "Somalia") in triples
    assert all(c.predicate.cameo is None for c in result.claims)  # no rule's code: every claim is the model's


def test_the_all_pairs_policy_fills_a_sentence_the_rules_leave_without_a_pair(pipeline, rules_pipeline) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pipeline.knowledge import data_path
    from pipeline.records import Article
    from pipeline.run import process_batch
    from pipeline.score.propose import ALL_PAIRS_POLICY_FILE, load_pair_scorer

    every = load_pair_scorer(data_path("pair_model"), policy_file=ALL_PAIRS_POLICY_FILE)
    assert every.policy.adds_claims and not pipeline.scorer.policy.adds_claims  # opt-in; the default reads less
    # "stood firmly behind" is in no lexicon: the rules find no claim; the model's back-off reads the pair.
    article = Article(id="wire-3", text="Chile stood firmly behind Peru in the border dispute.")
    [rules_only] = process_batch(rules_pipeline, [article])
    assert not [c for c in rules_only.claims if c.object is not None]
    [default] = process_batch(pipeline, [article])
    assert not [c for c in default.claims if c.object is not None]
    [combined] = process_batch(replace(pipeline, scorer=every), [article])
    triples = [(c.subject.name, c.predicate.plover, c.object.name if c.object else None) for c in combined.claims]
    assert triples == [("Chile", "SUPPORT", "Peru")]
    assert combined.claims[0].predicate.cameo is None  # the model's claim, not a rule's
    assert combined.claims[0].confidence >= every.policy.fill
    assert every.tag == f"{pipeline.scorer.tag}+policy_all_pairs"  # the claims say which policy made them


def test_a_pair_policy_is_named_inside_the_model_folder(tmp_path: Path) -> None:
    from pipeline.errors import ModelError
    from pipeline.score.propose import load_pair_scorer

    for outside in ("../policy.json", "/etc/policy.json", "policy.txt"):
        with pytest.raises(ConfigError, match="must be the name of a .json file"):
            load_pair_scorer(tmp_path, policy_file=outside)
    with pytest.raises(ModelError, match="no policy_all_pairs.json"):
        load_pair_scorer(tmp_path, policy_file="policy_all_pairs.json")


def test_only_the_slots_the_policy_can_use_are_read() -> None:
    from pipeline.records import Article, Extraction
    from pipeline.score.propose import used_slots

    extraction = Extraction(article=Article(id="a", text=TEXT), candidates=(rule("Peru", "Chile"),), pairs=SLOTS)
    assert used_slots(extraction, PairPolicy(add=NEVER)) == SLOTS[:1]  # no additions: the rules' pairs only
    assert used_slots(extraction, PairPolicy(add=0.9)) == SLOTS
    assert used_slots(extraction, PairPolicy(mode="model", add=NEVER)) == SLOTS


def test_fill_adds_one_claim_to_a_sentence_the_rules_leave_without_a_pair() -> None:
    # Two sentences, written for this test: the rules found a pair in the first and none in the second.
    text = "Chile praised Peru. Argentina and Uruguay signed a water treaty with Brazil."
    first, second = Span(text[:19], 0, 19), Span(text[20:], 20, len(text))

    def at(words: str) -> ActorSpan:
        start = text.index(words)
        return ActorSpan(mention=Span(words, start, start + len(words), "GPE"), resolved=words, label="GPE")

    def pair(sentence: Span, a: str, b: str) -> PairSlot:
        return PairSlot(sentence=sentence, a=at(a), b=at(b), cue=Span("signed", 42, 48), lemma="sign")

    slots = (pair(first, "Chile", "Peru"), pair(second, "Argentina", "Uruguay"), pair(second, "Argentina", "Brazil"),
             pair(second, "Uruguay", "Brazil"))
    found = Candidate(subject=at("Chile"), object=at("Peru"), cue=Span("praised", 6, 13), lemma="praise",
                      sentence=first, plover="SUPPORT", cameo="051")
    readings = (reading(0.9), reading(0.6), reading(0.8, "COOPERATE"), reading(0.75))
    out = combine([found], slots, readings, PairPolicy(add=NEVER, fill=0.7))
    # the first sentence keeps the rules' claim only; the second gets its most probable pair, and only that one
    assert pairs(out) == [("Chile", "Peru", "SUPPORT"), ("Argentina", "Brazil", "COOPERATE")]
    assert out[1].score == 0.8 and out[1].cameo is None
    assert pairs(combine([found], slots, readings, PairPolicy(add=NEVER, fill=0.85))) == [("Chile", "Peru", "SUPPORT")]
    assert pairs(combine([found], slots, readings, PairPolicy(add=NEVER, fill=NEVER))) == [("Chile", "Peru", "SUPPORT")]
    # a type the policy may not add is passed over for the next best pair of an allowed type
    limited = PairPolicy(add=NEVER, fill=0.7, add_types=("SUPPORT",))
    assert pairs(combine([found], slots, readings, limited))[1] == ("Uruguay", "Brazil", "SUPPORT")


def test_a_fill_policy_reads_every_slot_and_loads_from_json(tmp_path: Path) -> None:
    from pipeline.records import Article, Extraction
    from pipeline.score.propose import used_slots

    extraction = Extraction(article=Article(id="a", text=TEXT), candidates=(rule("Peru", "Chile"),), pairs=SLOTS)
    assert used_slots(extraction, PairPolicy(add=NEVER, fill=0.5)) == SLOTS
    assert PairPolicy(add=NEVER, fill=0.5).adds_claims and PairPolicy(mode="model", add=NEVER).adds_claims
    assert not PairPolicy(add=NEVER, fill=NEVER).adds_claims and not PairPolicy(mode="rules", add=0.5).adds_claims
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"mode": "combined", "add": NEVER, "fill": 0.42}), encoding="utf-8")
    assert PairPolicy.load(path).fill == 0.42
    path.write_text(json.dumps({"mode": "combined"}), encoding="utf-8")
    assert PairPolicy.load(path).fill == NEVER  # a policy written before the back-off never fills
