"""Throughput of the claimgraph pipeline beside bare spaCy parsing on the same texts.

Prints articles/s and words/s of (a) spaCy's bare ``nlp.pipe`` with the shipped model, (b) the
claimgraph pipeline in memory (parse + extract + normalize), (b') the same with the trained
committed model (the pair model under its policy, the default), (c) the whole ``run`` into a fresh
SQLite store with the model on, and the
ratios, all measured in one process side by side: the variants take turns for ``--rounds`` rounds
and the median of each is compared, so a machine busy for a moment skews no single ratio. The texts
are the bundled sample and the MEANTIME articles (``--repeat`` repeats them, under new ids).

    .venv/bin/python benchmarks/throughput.py [--repeat 1] [--rounds 3] [SOURCE ...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.ingest import read_sources
from pipeline.nlp.load import load_bare
from pipeline.records import Article
from pipeline.run import build_pipeline, process_batch, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
# Distinct real news texts (read from ../shared, never copied): repeats of one text would be stored
# once by the run's duplicate detection and make the run look faster than parsing.
MEANTIME = ROOT.parent / "shared" / "data" / "meantime_en" / "meantime_en_articles.jsonl"


def load_articles(sources: list[str], repeat: int) -> list[Article]:
    articles = [a for a in read_sources(sources) if isinstance(a, Article)]
    return [a.model_copy(update={"id": f"{a.id}-{i}"}) for i in range(repeat) for a in articles]


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def report(label: str, seconds: float, articles: int, words: int) -> None:
    print(f"{label:<34} {seconds:8.2f} s  {articles / seconds:8.1f} articles/s  {words / seconds:10.0f} words/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "corpora" / "samples"), str(MEANTIME)])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median of each is reported")
    args = parser.parse_args()
    settings = Settings()
    articles = load_articles(args.sources, args.repeat)
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]
    print(f"{len(articles)} articles, {words} words, {args.rounds} interleaved rounds (median shown)")
    bare = load_bare(settings.spacy_model)
    pipeline = build_pipeline(replace(settings, classifier=False))
    with_model = build_pipeline(replace(settings, classifier=True))
    list(bare.pipe(texts[:2]))
    process_batch(pipeline, articles[:2])
    process_batch(with_model, articles[:2])
    size = settings.batch_size

    def run_into_sqlite() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            corpus.write_text("\n".join(a.model_dump_json(exclude={"origin"}) for a in articles), encoding="utf-8")
            with open_store(f"sqlite:///{tmp}/bench.db") as store:
                run_sources([str(corpus)], settings, store=store, pipeline=with_model)  # the default: model on

    variants = {
        "bare spaCy nlp.pipe": lambda: list(bare.pipe(texts, batch_size=size)),
        "claimgraph rules only": lambda: [process_batch(pipeline, articles[i:i + size])
                                          for i in range(0, len(articles), size)],
        "claimgraph with the model": lambda: [process_batch(with_model, articles[i:i + size])
                                               for i in range(0, len(articles), size)],
        "claimgraph run (into SQLite)": run_into_sqlite,
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, func in variants.items():
            times[name].append(timed(func))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in median.items():
        report(name, seconds, len(articles), words)
    bare_time = median["bare spaCy nlp.pipe"]
    print(f"ratio rules only / bare spaCy:      {median['claimgraph rules only'] / bare_time:.2f}x")
    print(f"ratio with the model / bare spaCy:  {median['claimgraph with the model'] / bare_time:.2f}x")
    print(f"ratio run into SQLite / bare spaCy: {median['claimgraph run (into SQLite)'] / bare_time:.2f}x")


if __name__ == "__main__":
    main()
