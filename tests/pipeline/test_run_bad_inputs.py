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


if __name__ == "__main__":  # the fresh process of run_in_fresh_process
    measure_run(json.loads(sys.argv[1]))
