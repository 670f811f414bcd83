"""The bad input corpus of ``benchmarks/bad_inputs.py`` (its huge article kept small here) in one run:
every bad input is one clear failure, no bomb is expanded, and every good article is stored.

The run happens in a fresh process that measures its own peak memory from the moment the pipeline is
loaded: the peak of the test process would keep whatever a heavier earlier test reached, and memory
an earlier test freed could be reused unseen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pipeline.settings import Settings
from pipeline.store import open_store

MAX_CHARS = 100_000
# The gzip bombs inflate to this; the feed of entities, to gigabytes.
BOMB_BYTES = 256 << 20
# What the run may add to a process that holds the loaded (and warmed) pipeline and an open store:
# about 135 MiB, nearly all of it one network chunk of a gzip bomb inflated at once before the body
# cap stops the read. Inflating a whole bomb takes more than this.
RSS_HEADROOM_MIB = 200
WARM_UP = "Turkey supports the Government of National Accord in Libya, the foreign ministry said on Monday."


@pytest.fixture(scope="module")
def corpus(load_benchmark) -> ModuleType:  # noqa: ANN001
    return load_benchmark("bad_inputs")


def test_run_bad_inputs_each_fail_clearly_and_good_articles_are_stored(tmp_path: Path, corpus: ModuleType) -> None:
    settings = corpus_settings(f"sqlite:///{tmp_path / 'bad.db'}")
    files = tmp_path / "files"
    expected = corpus.write_files(files, big_bytes=1_000_000, long_bytes=150_000, max_chars=MAX_CHARS)
    with corpus.corpus_server(corpus.served_routes(bomb_bytes=BOMB_BYTES)) as base:
        expected.update(corpus.expected_http(base, cap=settings.max_body_bytes))
        sources = [str(files), *corpus.http_sources(base)]
        measured = run_in_fresh_process(sources, settings.db_url, tmp_path / "run.json")
    with open_store(settings.db_url) as store:
        failures = {f.origin.removeprefix(f"{files}/"): f.message for f in store.failures()}
        rows = store.engine.connect().exec_driver_sql("SELECT origin FROM articles")
        articles = sorted(origin for origin, in rows)
        sightings = sorted((s.url.removeprefix(base), s.kind) for s in store.sightings())
        claims = len(store.claims())
    assert sorted(failures) == sorted(expected)
    assert all(failures[name].startswith(message) for name, message in expected.items()), failures
    assert articles == sorted([str(files / "good-1.txt"), str(files / "good-2.txt"), f"{base}/pages/good.html"])
    # The billion-laughs feed's entities are not expanded, but its item is still read (a near copy of good.html).
    assert sightings == sorted([
        (str(files / "good-1.txt"), "exact"), (str(files / "good-2.txt"), "exact"),
        ("/pages/good.html", "exact"), ("/pages/bomb-item.html", "near"),
    ])
    assert (measured["new"], measured["failed"], measured["claims"]) == (3, len(expected), claims)
    assert measured["peak_mib"] - measured["start_mib"] < RSS_HEADROOM_MIB, measured


def corpus_settings(db_url: str) -> Settings:
    """Return the settings of the corpus run: a small huge article, the local corpus server allowed."""
    return Settings(max_chars=MAX_CHARS, allow_private_hosts=True).with_db(db_url)


def run_in_fresh_process(sources: list[str], db_url: str, out: Path) -> dict[str, float]:
    """Run ``measure_run`` in a new interpreter (this file as a script); return what it wrote to ``out``."""
    config = json.dumps({"sources": sources, "db_url": db_url, "out": str(out)})
    done = subprocess.run([sys.executable, __file__, config], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def measure_run(config: dict[str, Any]) -> None:
    """Load the pipeline, open the store, then run ``sources`` and write the run's counts and its memory
    (resident size when the run starts, and the peak while it runs, in MiB) to ``config["out"]``."""
    from pipeline.records import Article
    from pipeline.run import build_pipeline, process_batch, run_sources
    from pipeline.steps import summary_of

    settings = corpus_settings(config["db_url"])
    pipeline = build_pipeline(settings)
    # The first batch allocates what every later one reuses (the parser's and the classifier's buffers).
    process_batch(pipeline, [Article(id="warm-up", text=WARM_UP)])
    with open_store(settings.db_url) as store:
        start_mib = restart_peak_rss()
        stats = run_sources(config["sources"], settings, store=store, pipeline=pipeline)
        peak_mib = status_mib("VmHWM")
    Path(config["out"]).write_text(json.dumps({**summary_of(stats), "start_mib": start_mib, "peak_mib": peak_mib}))


def restart_peak_rss() -> float:
    """Make the kernel's peak resident size (VmHWM) start again from the current size; return that size in MiB."""
    Path("/proc/self/clear_refs").write_text("5")  # 5: reset the peak RSS (Linux 4.0+)
    return status_mib("VmRSS")


def status_mib(field: str) -> float:
    """Return a size ``/proc/self/status`` reports (VmRSS, VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"/proc/self/status has no {field}")


def test_run_gzip_file_in_a_directory_is_skipped_and_named_alone_is_refused(tmp_path: Path, corpus: ModuleType) -> None:
    from pipeline.errors import SourceError
    from pipeline.ingest.sources import list_inputs, read_sources

    (tmp_path / "bomb.txt.gz").write_bytes(corpus.gzip_bomb(8 << 20))
    assert list_inputs(tmp_path) == []
    with pytest.raises(SourceError, match="unsupported input bomb.txt.gz"):
        list(read_sources([str(tmp_path / "bomb.txt.gz")]))


# --- issue 20: one hostile input never costs the others ------------------------------------------------------

HOSTILE_LINE_BYTES = 50_000_000
# The command loads the pipeline (about 15 s) and reads 50 MB: far less than this unless something hangs.
RUN_SECONDS = 240
CLAIMGRAPH = "import sys; from pipeline.cli import main; sys.argv[0] = 'claimgraph'; main()"


def test_run_hostile_corpus_in_one_command_fails_each_bad_input_alone(tmp_path: Path, corpus: ModuleType) -> None:
    import time

    files, db_url = tmp_path / "hostile", f"sqlite:///{tmp_path / 'hostile.db'}"
    expected = {f"{files}/{name}": message for name, message in
                corpus.write_hostile_files(files, line_bytes=HOSTILE_LINE_BYTES).items()}
    with corpus.corpus_server(corpus.hostile_routes()) as base:
        expected.update(corpus.expected_hostile_http(base))
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", CLAIMGRAPH, "run", "--no-prefect", "--allow-private-hosts", "--db", db_url,
             str(files), *corpus.hostile_sources(base)],
            capture_output=True, text=True, timeout=RUN_SECONDS,
        )
        seconds = time.monotonic() - started
    failed = [line.removeprefix("failed ") for line in done.stdout.splitlines() if line.startswith("failed ")]
    # Exit status 1: some inputs failed, the others are stored (a crash of claimgraph itself exits 70).
    assert (done.returncode, seconds < RUN_SECONDS) == (1, True), done.stderr[-3000:]
    assert "Traceback" not in done.stdout + done.stderr and "\x1b" not in done.stdout + done.stderr
    assert sorted(line.split(": ", 1)[0] for line in failed) == sorted(expected)
    assert all(line.split(": ", 1)[1].startswith(expected[line.split(": ", 1)[0]]) for line in failed), failed
    assert f"{base}/hostile/teapot: HTTP 418 [/red] I'm a teapot" in failed
    assert "invisible characters removed: 2" in done.stdout
    with open_store(db_url) as store:
        stored = {claim.article.id: claim for claim in store.claims()}
        origins = sorted(origin for origin, in store.engine.connect().exec_driver_sql("SELECT origin FROM articles"))
        sightings = sorted((s.url.removeprefix(f"{files}/"), s.kind) for s in store.sightings())
    assert origins == sorted([f"{files}/good.txt", f"{files}/lookalike.txt", f"{files}/huge-line.jsonl:2",
                              f"{base}/hostile/good"])
    assert ("lookalike_clean.txt", "exact") in sightings
    actors = {(c.subject.name, c.object.name if c.object else None) for c in stored.values()}
    assert ("Iran", "Israel") in actors and len(stored) >= 3


def test_run_huge_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    from pipeline.ingest import read_sources

    path = tmp_path / "lines.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"word " * (HOSTILE_LINE_BYTES // 5) + b'"}\n')
        handle.write(json.dumps({"id": "after", "text": WARM_UP}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_sources([str(path)], max_file_bytes=4 * 1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(item.origin, getattr(item, "id", None)) for item in items] == [(f"{path}:1", None), (f"{path}:2", "after")]
    # The line cap (4 MB) read once, then the rest skipped in 1 MB reads: never the 50 MB line whole.
    assert peak < 12 * 2**20, peak


def test_run_near_copies_of_two_outlets_each_credited_with_their_own_claims(
    tmp_path: Path, pipeline, settings: Settings,  # noqa: ANN001
) -> None:
    from pipeline.run import run_sources
    from pipeline.store.graph import article_sources

    story = (
        "The strike hit a fuel depot near the border before dawn on Tuesday, the regional governor said. "
        "Firefighters worked for hours to contain the blaze, and two workers were taken to hospital. "
        "Officials in the capital promised a full account of the damage by the end of the week. "
        "Analysts said the attack marked an escalation after months of quieter fighting along the front."
    )
    copies = {"Daily": "Ukraine attacked Russia", "Wire": "Russia attacked Ukraine"}
    lines = [json.dumps({"id": f"{outlet.lower()}-1", "source": outlet,
                         "text": f"{lead} with drones overnight, the defence ministry said. {story}"})
             for outlet, lead in copies.items()]
    (tmp_path / "copies.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with open_store(settings.db_url) as store:
        stats = run_sources([str(tmp_path / "copies.jsonl")], settings, store=store, pipeline=pipeline)
        claims = [c for c in store.claims() if c.predicate.plover == "ASSAULT"]
        with store.transaction("outlets") as connection:
            outlets = article_sources(connection, sorted({c.article.id for c in claims}))
    # What the comparison reads: the outlets carrying each claim's article.
    credited = {(outlet, c.subject.name, c.object.name if c.object else None)
                for c in claims for outlet in outlets[c.article.id][0]}
    assert credited == {("Daily", "Ukraine", "Russia"), ("Wire", "Russia", "Ukraine")}
    assert (stats.new, stats.duplicate) == (2, 0)


if __name__ == "__main__":  # the fresh process of run_in_fresh_process
    measure_run(json.loads(sys.argv[1]))
