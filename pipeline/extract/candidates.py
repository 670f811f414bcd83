"""Turn predicate hits into ``Candidate`` records: one per subject-object pair, with stance, time,
place, evidence sentence and a rule confidence.

Precision guards live here: co-occurrence never makes a claim (every candidate comes from a
predicate in the parse), an actor never acts on itself, and a two-place predicate without an
object is dropped. Imports records, spaCy types, the ontology (``Lexicon``, ``reframe``, type groups),
the entity labels of ``pipeline.knowledge`` and the sibling helpers.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from pipeline.extract.anchors import place_for, time_for
from pipeline.extract.arguments import to_span
from pipeline.extract.modality import is_ultimatum, stance_of
from pipeline.extract.predicates import PredicateHit, find_hits
from pipeline.extract.reactions import reaction_hits
from pipeline.knowledge.labels import PLACE_LABELS
from pipeline.ontology import MATERIAL_CONFLICT_TYPES, RECIPROCAL_TYPES, Lexicon, reframe
from pipeline.records import ActorSpan, Candidate, Modality, Span

SYMMETRIC_TYPES = RECIPROCAL_TYPES
# Types a refused intent keeps (a refused attack is a negated attack; a refused rejection stays one).
MATERIAL_CONFLICT = MATERIAL_CONFLICT_TYPES | {"REJECT"}
# One-actor claims an analyst keeps: acts that are claims on their own, with nobody named on the other
# side (a protest, a mobilization, an attack or an arrest whose target goes unnamed). Any other predicate
# without an object ("sought shelter", "returns home", "reached agreements") is noise and is dropped
# (``prune_one_actor``). COERCE joined the three after a dev run (RAMS arrests, curfews).
STANDALONE_TYPES = frozenset({"PROTEST", "MOBILIZE", "ASSAULT", "COERCE"})


def extract_candidates(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Return the candidate claims of a parsed document, in text order, one-actor ones included (the extractor
    component prunes them with ``prune_one_actor``)."""
    found: list[Candidate] = []
    for sentence in doc.sents:
        for hit in find_hits(lexicon, sentence) + reaction_hits(lexicon, sentence):
            found.extend(candidates_of(hit, sentence, lexicon))
    return unique(found)


def prune_one_actor(candidates: list[Candidate]) -> tuple[list[Candidate], int]:
    """Return the candidates without the one-actor claims that are not claims on their own (type, after frames,
    outside ``STANDALONE_TYPES``), and how many were dropped."""
    kept = [c for c in candidates if c.object is not None or c.plover in STANDALONE_TYPES]
    return kept, len(candidates) - len(kept)


def unique(candidates: list[Candidate]) -> list[Candidate]:
    """Return ``candidates`` without repeats of the same pair and type in one sentence (a verb and its noun)."""
    seen, kept = set(), []
    for candidate in candidates:
        obj = candidate.object.resolved if candidate.object else None
        key = (candidate.subject.resolved, obj, candidate.plover, candidate.cue.start)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept


def pairs_of(hit: PredicateHit) -> list[tuple[ActorSpan, ActorSpan | None]]:
    """Return the (subject, object) pairs a hit states, reciprocal ones for coordinated subjects of a symmetric
    predicate."""
    if hit.objects:
        return [(s, o) for s in hit.subjects for o in hit.objects if s.resolved.lower() != o.resolved.lower()]
    if len(hit.subjects) > 1 and hit.entry.plover in SYMMETRIC_TYPES:
        return [(s, o) for s in hit.subjects for o in hit.subjects if s is not o]
    if hit.entry.needs_object and not has_thing_object(hit):
        return []
    return [(s, None) for s in hit.subjects]


def has_thing_object(hit: PredicateHit) -> bool:
    """Return True when a verb has its object, only not an actor ("ended a nightly curfew")."""
    if hit.token.pos_ != "VERB":
        return False
    preps = [c for c in hit.token.children if c.dep_ == "prep" and c.lower_ in ("to", "against", "on", "with")]
    return any(child.dep_ == "dobj" for child in hit.token.children) or any(p.children for p in preps)


def cue_span(hit: PredicateHit) -> Span:
    """Return the cue words as written (verb plus particle)."""
    tokens = sorted(hit.cue_tokens, key=lambda t: t.i)
    words = tokens[0].doc[tokens[0].i : tokens[-1].i + 1]
    return Span(text=words.text, start=words.start_char, end=words.end_char, label="CUE")


def rule_confidence(hit: PredicateHit, subject: ActorSpan, obj: ActorSpan | None) -> float:
    """Return the rules' own confidence: lower for pronoun links, ambiguous words and one-place claims."""
    score = 0.75
    for actor in (subject, obj):
        if actor is not None and actor.mention.text.lower() != actor.resolved.lower() and actor.label != "GROUP":
            score -= 0.05
    if obj is None:
        score -= 0.15
    if hit.entry.ambiguous:
        score -= 0.15
    return round(max(0.05, min(0.95, score)), 3)


def as_demand(hit: PredicateHit, speaker: ActorSpan) -> PredicateHit:
    """Return "X said Y must do Z" as what it codes: X requests of Y (PLOVER REQUEST)."""
    return replace(hit, entry=reframe(hit.entry, "request"), subjects=(speaker,), objects=hit.subjects)


def is_economic_plan(hit: PredicateHit) -> bool:
    """Return True for a planned transaction or stake ("will own 8 percent", "will give GM a capital
    infusion"): business news codes the transaction itself with future modality, not an AGREE. Aid
    planned for a state stays an AGREE ("Norway will give Malawi a loan"), as PLOVER codes it."""
    entry = hit.entry
    if "economic" not in entry.context:
        return False
    companies = bool(hit.objects) and all(o.label == "ORG" for o in hit.objects)
    return entry.plover == "COOPERATE" or (entry.plover == "AID" and companies)


def candidates_of(hit: PredicateHit, sentence: SpacySpan, lexicon: Lexicon) -> list[Candidate]:
    """Return the candidates one predicate hit yields."""
    stance = stance_of(hit.token, lexicon)
    if stance.obliged and stance.speaker is not None:
        hit, stance = as_demand(hit, stance.speaker), replace(stance, speaker=None, modality="asserted")
    time = time_for(hit.token, sentence)
    entry = hit.entry
    if stance.intended and stance.polarity == "negated" and entry.plover not in MATERIAL_CONFLICT:
        # "will not accept", "would not meet": PLOVER codes a refused intent as REJECT, itself affirmed.
        stated: Modality = "reported" if stance.speaker else "asserted"
        entry, stance = reframe(entry, "refusal"), replace(stance, polarity="affirmed", modality=stated)
    elif stance.intended and not is_economic_plan(hit):
        entry = reframe(entry, "threat" if is_ultimatum(hit.token) else stance.modality)
    result = []
    for subject, obj in pairs_of(hit):
        # A place the predicate is directed at is also where it happens ("imposed a curfew in Mombasa").
        placed = obj is None or obj.mention.label in PLACE_LABELS
        used = {subject.mention.start} | (set() if obj is None or placed else {obj.mention.start})
        result.append(Candidate(
            subject=subject, object=obj, cue=cue_span(hit), lemma=hit.token.lemma_.lower(),
            sentence=to_span(sentence), plover=entry.plover, cameo=entry.cameo, mode=entry.mode or None,
            context=tuple(entry.context), polarity=stance.polarity, modality=stance.modality,
            kind=entry.kind, speaker=stance.speaker, time=time,
            location=place_for(hit.token, sentence, exclude=used), score=rule_confidence(hit, subject, obj),
            rule=hit.rule,
        ))
    return result
