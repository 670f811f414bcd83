"""Throughput of the claimgraph pipeline beside bare spaCy parsing on the same texts.

Prints articles/s and words/s of (a) spaCy's bare ``nlp.pipe`` with the shipped model, (b) the
claimgraph pipeline in memory (parse + extract + normalize), (c) the whole ``run`` into a fresh
SQLite store, and the ratios, all measured in one process side by side. Repeats the bundled
corpus ``--repeat`` times so the timing is not dominated by start-up.

    .venv/bin/python benchmarks/throughput.py [--repeat 20] [SOURCE ...]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.ingest import read_sources
from pipeline.nlp.load import load_bare
from pipeline.records import Article
from pipeline.run import build_pipeline, process_batch, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def load_articles(sources: list[str], repeat: int) -> list[Article]:
    articles = [a for a in read_sources(sources) if isinstance(a, Article)]
    return [a.model_copy(update={"id": f"{a.id}-{i}"}) for i in range(repeat) for a in articles]


def timed(label: str, func, articles: list[Article], words: int) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s  {len(articles) / seconds:8.1f} articles/s  {words / seconds:10.0f} words/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "corpora" / "samples")])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings = Settings()
    articles = load_articles(args.sources, args.repeat)
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]
    print(f"{len(articles)} articles, {words} words")
    bare = load_bare(settings.spacy_model)
    pipeline = build_pipeline(settings)
    list(bare.pipe(texts[:2]))
    process_batch(pipeline, articles[:2])
    t_bare = timed("bare spaCy nlp.pipe", lambda: list(bare.pipe(texts, batch_size=settings.batch_size)), articles, words)
    t_pipe = timed("claimgraph parse+extract+normalize", lambda: [process_batch(pipeline, articles[i:i + settings.batch_size]) for i in range(0, len(articles), settings.batch_size)], articles, words)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("\n".join(a.model_dump_json(exclude={"origin"}) for a in articles), encoding="utf-8")
        with open_store(f"sqlite:///{tmp}/bench.db") as store:
            t_run = timed("claimgraph run (into SQLite)", lambda: run_sources([str(corpus)], settings, store=store, pipeline=pipeline), articles, words)
    print(f"ratio pipeline / bare spaCy: {t_pipe / t_bare:.2f}x")
    print(f"ratio run / bare spaCy:      {t_run / t_bare:.2f}x")


if __name__ == "__main__":
    main()
