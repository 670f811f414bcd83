"""An article rewritten at its source under the same id (edited text) is processed again, not counted a
duplicate: its claims become those of the new text, the stale ones are retired with a tombstone in the
graph feed (what ``/api/graph?since=`` and ``export-graph --since`` serve), and its fingerprint follows
the new text. The same text again is still a duplicate."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.compare.refresh import refresh_graph
from pipeline.dedup.fingerprints import fingerprint
from pipeline.ids import text_hash
from pipeline.run import run_sources
from pipeline.settings import Settings
from pipeline.steps import Pipeline
from pipeline.store import Store
from pipeline.store.feed import read_feed

TURKEY = "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday."
RUSSIA = "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April."
WEATHER = "The weather in Tripoli was mild for the season."


def write_story(path: Path, *sentences: str) -> str:
    """Write one article with the id ``story-1`` as a JSON Lines file; return its path."""
    path.write_text(json.dumps({"id": "story-1", "text": " ".join(sentences), "source": "Daily"}) + "\n")
    return str(path)


def claims_by_sentence(store: Store) -> dict[str, list[str]]:
    """Return the ids of the stored claims by their evidence sentence, sorted."""
    found: dict[str, list[str]] = {}
    for claim in store.claims():
        found.setdefault(claim.evidence.sentence, []).append(claim.id)
    return {sentence: sorted(ids) for sentence, ids in found.items()}


def test_steps_edited_article_is_reextracted_and_its_stale_claims_retired(
    tmp_path: Path, rules_pipeline: Pipeline, settings: Settings, store: Store
) -> None:
    pipeline = Pipeline(nlp=rules_pipeline.nlp, normalizer=rules_pipeline.normalizer, settings=settings)
    first = run_sources([write_story(tmp_path / "v1.jsonl", TURKEY, RUSSIA)], settings, store=store, pipeline=pipeline)
    refresh_graph(store, encoder=None)
    before = claims_by_sentence(store)
    cursor = read_feed(store).cursor
    assert sorted(before) == sorted([RUSSIA, TURKEY])

    edited = run_sources([write_story(tmp_path / "v2.jsonl", TURKEY, WEATHER)], settings, store=store, pipeline=pipeline)
    refresh_graph(store, encoder=None)
    feed = read_feed(store, cursor)

    assert (first.new, first.duplicate, edited.new, edited.duplicate) == (1, 0, 0, 0)
    assert claims_by_sentence(store) == {TURKEY: before[TURKEY]}
    assert sorted(d["id"] for d in feed.deleted if d["kind"] == "claim") == before[RUSSIA]
    assert store.counts()["articles"] == 1
    assert store.duplicate_candidates(text_hash(f"{TURKEY} {WEATHER}"), []) == [("story-1", f"{TURKEY} {WEATHER}")]
    # The fingerprint follows the text: the bands only the old text had no longer lead to the article.
    old_bands = set(fingerprint(f"{TURKEY} {RUSSIA}").bands) - set(fingerprint(f"{TURKEY} {WEATHER}").bands)
    assert old_bands and store.duplicate_candidates("", sorted(old_bands)) == []

    again = run_sources([write_story(tmp_path / "v3.jsonl", TURKEY, WEATHER)], settings, store=store, pipeline=pipeline)
    assert (again.new, again.duplicate, again.claims) == (0, 1, 0)

