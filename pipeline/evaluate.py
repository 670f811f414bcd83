"""The one scoring function of claimgraph: tests, benchmarks and training all score through here.

Owns the gold-claim record and its reader (``GoldClaim``, ``load_gold``; the file format is in
``corpora/gold/README.md``), the held-apart split (``split_of``), the actor test
(``actor_matches``), claim scoring (``score`` -> ``Scores``), the PLOVER gold-standard-record
check (``plover_gsr_score`` -> ``GsrScores``) and the plain-text report (``format_report``).

Imports only the standard library, ``pipeline.records`` and the leaf ``pipeline.errors``: never
spaCy, never a stage. It reads no article text; gold claims carry their own offsets.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pipeline.errors import InputError
from pipeline.knowledge.plover import plover_tables
from pipeline.knowledge.text import fold
from pipeline.knowledge.words import word_set
from pipeline.ontology import RECIPROCAL_TYPES, to_v08
from pipeline.records import PLOVER_TYPES, Claim, ClaimKind, Entity, Modality, Polarity

GOLD_FIELDS = ("article", "start", "end", "subject", "object", "plover", "polarity", "modality", "kind")
# A gold line quotes its sentence only for the project's own samples; for corpora the project does not
# own (MEANTIME) it carries the sentence's sha256, so the offsets stay checkable without copying text.
SENTENCE_FIELDS = ("sentence", "sentence_sha256")
TEST_SHARE = 30  # percent of articles held apart as "test", chosen by hash of the article id

# CAMEO spellings and retired ISO codes -> ISO 3166 alpha-3.
CODE_MAP = plover_tables().cameo_country_codes
# The PLOVER gold records code international NGOs (Amnesty International, the Red Cross) as IGO;
# the registry keeps them apart as NGO. For the GSR checks both count as one non-state code.
NON_STATE_CODES = {"NGO": "IGO"}

_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")
_CORPORATE_SUFFIXES = word_set("corporate_suffixes")
_ACRONYM_SKIP = word_set("acronym_skip_words")
_COLLECTIVE_TYPES = frozenset({"armed_group", "other"})


# --- gold -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldClaim:
    """One hand-annotated claim: the sentence that states it (offsets into the article text) and its typing."""

    article: str
    start: int
    end: int
    subject: str
    object: str | None
    plover: str
    polarity: str
    modality: str
    kind: str
    time: str | None = None
    note: str = ""
    sentence: str | None = None
    sentence_sha256: str | None = None

    def states(self, text: str) -> bool:
        """Return True when ``text[start:end]`` is the sentence this gold line was written against."""
        found = text[self.start : self.end]
        if self.sentence is not None:
            return found == self.sentence
        return hashlib.sha256(found.encode("utf-8")).hexdigest() == self.sentence_sha256


def load_gold(path: Path) -> list[GoldClaim]:
    """Return the gold claims of a JSON Lines file, in file order.

    Raises ``InputError`` (naming the file and line) for a line that is not JSON or not a valid claim.
    """
    claims = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            claims.append(parse_gold_line(line, origin=f"{path}:{number}"))
    return claims


def parse_gold_line(line: str, *, origin: str = "") -> GoldClaim:
    """Return the gold claim one line of the gold file holds; raises ``InputError`` when it is invalid."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON ({e.msg}); fix the line", origin=origin, stage="evaluate") from e
    if not isinstance(row, dict):
        raise InputError("a gold line must be a JSON object", origin=origin, stage="evaluate")
    problem = gold_problem(row)
    if problem:
        raise InputError(f"invalid gold claim: {problem}", origin=origin, stage="evaluate")
    fields: dict[str, Any] = {name: row.get(name) for name in (*GOLD_FIELDS, *SENTENCE_FIELDS, "time")}
    return GoldClaim(**fields, note=row.get("note") or "")


def gold_problem(row: dict[str, Any]) -> str | None:
    """Return what is wrong with a gold row (a missing field, a value outside its set), or None."""
    missing = [name for name in GOLD_FIELDS if name not in row]
    if missing:
        return f"missing field(s) {missing}"
    if not any(row.get(name) for name in SENTENCE_FIELDS):
        return "needs the sentence (own samples) or its sentence_sha256 (corpora the project does not own)"
    allowed = {
        "plover": PLOVER_TYPES,
        "polarity": get_args(Polarity),
        "modality": get_args(Modality),
        "kind": get_args(ClaimKind),
    }
    for name, values in allowed.items():
        if row[name] not in values:
            return f"{name} {row[name]!r} is not one of {list(values)}"
    if not (isinstance(row["start"], int) and isinstance(row["end"], int) and 0 <= row["start"] < row["end"]):
        return f"start/end {row['start']!r}/{row['end']!r} must be integers with 0 <= start < end"
    if not row["subject"] or not isinstance(row["subject"], str):
        return "subject must be a non-empty actor key"
    return None


def split_of(article_id: str) -> str:
    """Return "dev" or "test": the part of the gold an article belongs to.

    Corpus articles ("meantime:<doc_id>") are held apart as "test" by hash (about ``TEST_SHARE``
    percent, by sha256 of the id). The bundled samples (ids without a corpus prefix) are always
    "dev": they are the project's worked examples and cannot be blind.
    """
    if ":" not in article_id:
        return "dev"
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_SHARE else "dev"


# --- actors ---------------------------------------------------------------------------------


def name_tokens(text: str) -> tuple[str, ...]:
    """Return ``text`` as case- and diacritic-free word tokens, without a leading "the" or a possessive 's
    ("&" read as "and")."""
    folded = fold(text)
    folded = re.sub(r"['’]s\b", "", folded).replace(".", "").replace("&", " and ")
    tokens = tuple(re.findall(r"[0-9a-z]+", folded))
    return tokens[1:] if len(tokens) > 1 and tokens[0] == "the" else tokens


def core_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``tokens`` without trailing corporate suffixes ("Apple Inc." -> apple, "EADS N.V." -> eads)."""
    while len(tokens) > 1 and tokens[-1] in _CORPORATE_SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def actor_matches(entity: Entity | None, key: str | None) -> bool:
    """Return True when ``entity`` stands for the gold actor ``key`` (see ``corpora/gold/README.md``).

    ``key`` is an ISO 3166 alpha-3 code (matches a state, or an entity whose id is that state with
    or without a sector), or a name optionally followed by "|QID" (the QID decides when the entity
    has one; otherwise the name must match the entity's name, mention or id, case and diacritics
    aside, with surname, acronym and corporate-suffix leniency). None matches only None.
    """
    if entity is None or key is None:
        return entity is None and key is None
    name, _, qid = key.partition("|")
    if _QID.fullmatch(qid) and entity.wikidata:
        return entity.wikidata == qid
    if _ISO3.fullmatch(name):
        return stands_for_state(entity, name)
    return any(names_match(name_tokens(name), name_tokens(text), entity.type) for text in entity_names(entity))


def stands_for_state(entity: Entity, code: str) -> bool:
    """Return True for a state entity of country ``code``, or any entity whose id or name is that state
    (with a sector)."""
    if entity.type == "person":
        return False
    if entity.type == "state" and entity.country == code:
        return True
    pattern = re.compile(rf"(?:state[:_/-])?{code}(?:[:_/-]?[a-z]{{3}})?", re.IGNORECASE)
    return entity.country in (code, None) and any(pattern.fullmatch(text) for text in (entity.id, entity.name))


def entity_names(entity: Entity) -> tuple[str, ...]:
    """Return the texts a name key is compared with: canonical name, mention, and the id read as words."""
    return (entity.name, entity.mention, entity.id.replace("_", " "))


def names_match(key: tuple[str, ...], other: tuple[str, ...], entity_type: str) -> bool:
    """Return True when two tokenized names denote the same actor, given the entity's type."""
    if not key or not other:
        return False
    if core_tokens(key) == core_tokens(other) or is_acronym_of(key, other) or is_acronym_of(other, key):
        return True
    if entity_type == "person":
        return same_person(key, other)
    if entity_type in ("organization", "igo"):
        return shorter_is_suffix(core_tokens(key), core_tokens(other), minimum=2)
    if entity_type in _COLLECTIVE_TYPES:
        return same_collective(key, other)
    return False


def is_acronym_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Return True when ``short`` is one word spelling the initials of ``full`` ("NATO", "GNA", "EADS")."""
    short, words = core_tokens(short), [t for t in core_tokens(full) if t not in _ACRONYM_SKIP]
    return len(short) == 1 and len(words) >= 2 and short[0] == "".join(w[0] for w in words)


def same_person(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Return True for "Erdogan" ~ "Recep Tayyip Erdoğan" (one name ends the other) or same first and last names."""
    if shorter_is_suffix(key, other, minimum=1):
        return True
    return min(len(key), len(other)) >= 2 and key[0] == other[0] and key[-1] == other[-1]


def shorter_is_suffix(a: tuple[str, ...], b: tuple[str, ...], *, minimum: int) -> bool:
    """Return True when the shorter token sequence (at least ``minimum`` long) ends the longer one."""
    short, long = sorted((a, b), key=len)
    return len(short) >= minimum and long[len(long) - len(short) :] == short


def same_collective(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Return True for an unnamed group written differently: it holds the key's head noun and one more key word."""
    head = key[-1]
    return head in other and (len(other) == 1 or len(set(key) & set(other)) >= 2)


# --- claims ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the precision, recall and F1 they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores(Counts):
    """Claim scores overall and per PLOVER type, stance accuracy over the matches, and what did not match."""

    per_type: dict[str, Counts]
    stance_accuracy: float | None
    matched: tuple[tuple[GoldClaim, Claim], ...]
    unmatched_gold: tuple[GoldClaim, ...]
    unmatched_predicted: tuple[Claim, ...]


def score(predicted: list[Claim], gold: list[GoldClaim], *, articles: set[str] | None = None) -> Scores:
    """Return the scores of ``predicted`` against ``gold``.

    Only articles that have gold count (and of those only ``articles`` when given): predicted
    claims from other articles are ignored. A prediction matches a gold claim when the article is
    the same, its evidence span overlaps the gold sentence, the PLOVER type is equal and subject and
    object match (``actor_matches``; either direction for ``RECIPROCAL_TYPES``). Matching is
    one-to-one and greedy, most confident prediction first, preferring a gold claim with the same
    stance. A prediction repeating an earlier one (same article, evidence, actor ids, type, stance
    and kind) is counted once: it is neither a second hit nor a false positive.
    """
    scope = {g.article for g in gold} if articles is None else {g.article for g in gold} & articles
    gold_in = [g for g in gold if g.article in scope]
    predicted_in = unique_claims([c for c in predicted if c.article.id in scope])
    matched, unmatched = match_claims(predicted_in, gold_in)
    matched_gold = {id(g) for g, _ in matched}
    missed = tuple(g for g in gold_in if id(g) not in matched_gold)
    return Scores(
        tp=len(matched),
        fp=len(unmatched),
        fn=len(missed),
        per_type=counts_per_type(matched, unmatched, missed),
        stance_accuracy=stance_accuracy(matched),
        matched=tuple(matched),
        unmatched_gold=missed,
        unmatched_predicted=tuple(unmatched),
    )


def unique_claims(claims: list[Claim]) -> list[Claim]:
    """Return ``claims`` most confident first, keeping the first of those that repeat the same claim.

    For reciprocal types (``RECIPROCAL_TYPES``) A-B and B-A are the same claim.
    """
    seen: set[tuple] = set()
    unique = []
    for claim in sorted(claims, key=lambda c: -c.confidence):
        actors: tuple[str | None, ...] = (claim.subject.id, claim.object.id if claim.object else None)
        if claim.predicate.plover in RECIPROCAL_TYPES:
            actors = tuple(sorted(actors, key=str))
        key = (
            claim.article.id,
            claim.evidence.start,
            claim.evidence.end,
            *actors,
            claim.predicate.plover,
            claim.polarity,
            claim.modality,
            claim.kind,
        )
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return unique


def match_claims(predicted: list[Claim], gold: list[GoldClaim]) -> tuple[list[tuple[GoldClaim, Claim]], list[Claim]]:
    """Return the (gold, predicted) pairs of a greedy one-to-one matching, and the predictions left over."""
    free = list(gold)
    pairs, unmatched = [], []
    for claim in predicted:
        candidates = [g for g in free if claim_matches(claim, g)]
        if not candidates:
            unmatched.append(claim)
            continue
        best = next((g for g in candidates if same_stance(claim, g)), candidates[0])
        free.remove(best)
        pairs.append((best, claim))
    return pairs, unmatched


def claim_matches(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when ``claim`` states ``gold``: same article and type, overlapping sentence, same actors."""
    return (
        claim.article.id == gold.article
        and claim.predicate.plover == gold.plover
        and claim.evidence.start < gold.end
        and gold.start < claim.evidence.end
        and actors_match(claim, gold)
    )


def actors_match(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when subject and object match the gold actors (either way round for reciprocal types)."""
    if actor_matches(claim.subject, gold.subject) and actor_matches(claim.object, gold.object):
        return True
    return (
        gold.plover in RECIPROCAL_TYPES
        and actor_matches(claim.subject, gold.object)
        and actor_matches(claim.object, gold.subject)
    )


def same_stance(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when polarity and modality are both the gold ones."""
    return claim.polarity == gold.polarity and claim.modality == gold.modality


def stance_accuracy(matched: list[tuple[GoldClaim, Claim]]) -> float | None:
    """Return the share of matched pairs with the gold polarity and modality; None when nothing matched."""
    if not matched:
        return None
    return sum(same_stance(claim, g) for g, claim in matched) / len(matched)


def counts_per_type(
    matched: list[tuple[GoldClaim, Claim]], unmatched: list[Claim], missed: tuple[GoldClaim, ...]
) -> dict[str, Counts]:
    """Return tp/fp/fn per PLOVER type, for the types that occur, in PLOVER order."""
    tp: list[str] = [g.plover for g, _ in matched]
    fp: list[str] = [c.predicate.plover for c in unmatched]
    fn: list[str] = [g.plover for g in missed]
    return {t: Counts(tp.count(t), fp.count(t), fn.count(t)) for t in PLOVER_TYPES if t in {*tp, *fp, *fn}}


# --- PLOVER gold-standard records -----------------------------------------------------------


@dataclass(frozen=True)
class GsrSentence:
    """A PLOVER gold-standard record reduced to what is scored: v0.8 type and source/target country codes."""

    id: str
    plover: str
    sources: frozenset[str]
    targets: frozenset[str]


@dataclass(frozen=True)
class GsrCounts:
    """Sentences right on each check, and how many sentences each check applies to."""

    sentences: int
    event: int
    with_source: int
    source: int
    with_target: int
    target: int
    triple: int

    def accuracy(self, check: str) -> float | None:
        """Return the share right for ``check`` (event, source, target, triple); None when it applies to none."""
        total = {"source": self.with_source, "target": self.with_target}.get(check, self.sentences)
        return getattr(self, check) / total if total else None


@dataclass(frozen=True)
class GsrScores(GsrCounts):
    """GSR accuracies overall and per gold type, the sentences left out (by old type) and the triple misses."""

    per_type: dict[str, GsrCounts]
    excluded: dict[str, int]
    misses: tuple[str, ...]


def plover_gsr_score(sentences: list[dict], predictions: dict[str, list[Claim]]) -> GsrScores:
    """Return how well ``predictions`` (claims keyed by record id) recover the PLOVER gold records.

    Per sentence: (a) event, some claim has the gold type; (b) source, some claim's subject country
    is a gold source code (sentences with a source); (c) target, some claim's object country is a
    gold target code (sentences with a target); (d) triple, one claim does all that applies. Old
    types are mapped as the ontology maps them (``to_v08``); records whose type is still not v0.8
    (CRIME) are left out and counted in ``excluded``.
    """
    kept: list = []
    excluded: dict[str, int] = {}
    for record in sentences:
        sentence = gsr_sentence(record)
        if sentence is None:
            excluded[record["event"]] = excluded.get(record["event"], 0) + 1
        else:
            kept.append(sentence)
    checks = {s.id: gsr_checks(s, predictions.get(s.id, [])) for s in kept}
    by_type = {t: [s for s in kept if s.plover == t] for t in PLOVER_TYPES}
    per_type = {t: sum_checks(group, checks) for t, group in by_type.items() if group}
    total = sum_checks(kept, checks)
    misses = tuple(s.id for s in kept if not checks[s.id][3])
    return GsrScores(**vars(total), per_type=per_type, excluded=excluded, misses=misses)


def gsr_sentence(record: dict) -> GsrSentence | None:
    """Return the scored form of a GSR record, or None when its type has no v0.8 equivalent."""
    plover = to_v08(record["event"])
    if plover not in PLOVER_TYPES:
        return None
    return GsrSentence(record["id"], plover, gsr_codes(record.get("source")), gsr_codes(record.get("target")))


def gsr_codes(actors: Any) -> frozenset[str]:
    """Return the ISO codes of a GSR source/target: a list of actors, one actor, or "" / a stray string (none)."""
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(iso_code(a["code"]) for a in actors if isinstance(a, dict) and a.get("code"))


def iso_code(code: str) -> str:
    """Return a CAMEO or retired country code as ISO 3166 alpha-3 (JAP -> JPN), NGO as the gold's IGO;
    others unchanged."""
    return NON_STATE_CODES.get(code) or CODE_MAP.get(code, code)


def gsr_checks(sentence: GsrSentence, claims: list[Claim]) -> tuple[bool, bool, bool, bool]:
    """Return (event, source, target, triple) right for one sentence; source/target False where not applicable."""
    typed = [c.predicate.plover == sentence.plover for c in claims]
    sourced = [country_in(c.subject, sentence.sources) for c in claims]
    targeted = [country_in(c.object, sentence.targets) for c in claims]
    triple = any(
        t and (s or not sentence.sources) and (g or not sentence.targets)
        for t, s, g in zip(typed, sourced, targeted, strict=True)
    )
    return any(typed), any(sourced), any(targeted), triple


def country_in(entity: Entity | None, codes: frozenset[str]) -> bool:
    """Return True when the entity's country (as ISO alpha-3) is one of ``codes``."""
    return entity is not None and entity.country is not None and iso_code(entity.country) in codes


def sum_checks(group: list[GsrSentence], checks: dict[str, tuple[bool, bool, bool, bool]]) -> GsrCounts:
    """Return the counts of a group of sentences from their per-sentence checks."""
    rows = [checks[s.id] for s in group]
    return GsrCounts(
        sentences=len(group),
        event=sum(r[0] for r in rows),
        with_source=sum(bool(s.sources) for s in group),
        source=sum(r[1] for r in rows),
        with_target=sum(bool(s.targets) for s in group),
        target=sum(r[2] for r in rows),
        triple=sum(r[3] for r in rows),
    )


# --- report ---------------------------------------------------------------------------------


def format_report(scores: Scores | GsrScores) -> str:
    """Return a plain-text table of ``scores``: per type and overall (P/R/F1, or the four GSR accuracies)."""
    if isinstance(scores, GsrScores):
        return format_gsr_report(scores)
    header = f"{'type':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"
    rows = [header, "-" * len(header)]
    rows += [counts_row(name, counts) for name, counts in scores.per_type.items()]
    rows += ["-" * len(header), counts_row("overall", scores)]
    stance = "n/a" if scores.stance_accuracy is None else f"{scores.stance_accuracy:.3f}"
    rows.append(f"stance accuracy (polarity and modality, over {scores.tp} matched): {stance}")
    return "\n".join(rows)


def counts_row(name: str, counts: Counts) -> str:
    """Return one row of the claim table."""
    return (
        f"{name:<10} {counts.tp + counts.fn:>5} {counts.tp + counts.fp:>5} {counts.tp:>5} {counts.fp:>5} "
        f"{counts.fn:>5} {counts.precision:>6.3f} {counts.recall:>6.3f} {counts.f1:>6.3f}"
    )


def format_gsr_report(scores: GsrScores) -> str:
    """Return the GSR table: per gold type and overall, the four accuracies, then what was left out."""
    header = f"{'type':<10} {'n':>5} {'event':>7} {'source':>7} {'target':>7} {'triple':>7}"
    rows = [header, "-" * len(header)]
    rows += [gsr_row(name, counts) for name, counts in scores.per_type.items()]
    rows += ["-" * len(header), gsr_row("overall", scores)]
    left_out = ", ".join(f"{t} {n}" for t, n in sorted(scores.excluded.items())) or "none"
    rows.append(f"left out (type not in PLOVER v0.8): {left_out}")
    return "\n".join(rows)


def gsr_row(name: str, counts: GsrCounts) -> str:
    """Return one row of the GSR table; "-" where a check applies to no sentence."""
    cells = [counts.accuracy(check) for check in ("event", "source", "target", "triple")]
    shown = " ".join(f"{'-' if c is None else f'{c:.3f}':>7}" for c in cells)
    return f"{name:<10} {counts.sentences:>5} {shown}"
