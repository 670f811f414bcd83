"""Throughput of the claimgraph pipeline beside bare spaCy parsing on the same distinct real news texts.

The texts (read from ``../shared/data``, never copied): the MEANTIME Wikinews articles, the LGL local
news articles, the TR-News articles, the WikiEvents news documents and, last, the RAMS news excerpts (the
sentences RAMS kept of each article), with near-duplicates (the
run's own MinHash test at its threshold) set aside before anything is timed, so no variant gains from
the run's duplicate detection. ``--limit`` keeps the first N.

Variants, measured in one process side by side for ``--rounds`` interleaved rounds (the median of
each is reported; the pipelines and the worker processes are loaded before timing, as bare spaCy is):

- bare spaCy ``nlp.pipe`` with the shipped model, in this process (the baseline);
- ``annotate`` (mentions, times, places; no claims), in this process;
- the whole ``run`` into a fresh SQLite store with the model on (the default), in this process;
- the same run with every core (``settings.workers`` worker processes, the default ``run``).

Then a profile of one in-process run with the model on: where each second goes (read and dedup, parse,
extract, model, normalize, store), and the load times (pipeline build, worker start). ``--memory``
adds the peak memory (proportional and resident, the process and its workers) of whole ``claimgraph run
--no-prefect`` commands over 250, 500, 1,000 and all distinct articles in one seeded shuffled order
(``--rounds 0 --memory`` measures memory alone); ``--prefect`` the flow's cost over the plain run (one process
each, loaded); ``--startup`` the start-up: the pipeline's build in fresh processes without the disk cache, with
a cold one (built and written) and a warm one (read), then whole ``claimgraph run`` commands on the three sample
files of ``corpora/samples`` (imports and loading included) without the cache and with it warm; it needs no
``../shared/data`` (``--rounds 0 --startup`` measures the start-up alone, in one round).

    .venv/bin/python benchmarks/throughput.py [--limit 400] [--rounds 3] [--memory] [--prefect] [--startup]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from pipeline.dedup import new_deduplicator
from pipeline.dedup.fingerprints import DuplicateIndex, fingerprint
from pipeline.evalsets import rams
from pipeline.evalsets.rams import PARTS as RAMS_PARTS
from pipeline.evalsets.wikievents import PARTS, read_texts
from pipeline.extract.mentions import extraction_of
from pipeline.ingest import read_sources
from pipeline.nlp.load import load_bare
from pipeline.normalize.claims import normalize_extraction
from pipeline.records import Article
from pipeline.run import annotate_articles, build_pipeline, run_sources
from pipeline.settings import Settings
from pipeline.steps import EXTRACTOR_PIPE, ArticleResult, Pipeline, pair_level, prepare_batch, store_results
from pipeline.store import open_store
from pipeline.workers import BatchPool, worker_count

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
# The order the memory runs take the articles in (a shuffle, so every prefix has the same mix).
MEMORY_SEED = 20261207
SAMPLES = ROOT / "corpora" / "samples"
# Run in a fresh process: builds the pipeline of the environment's settings, prints the seconds (imports not counted).
BUILD_PROBE = ("import time; from pipeline.run import build_pipeline; from pipeline.settings import Settings; "
               "start = time.perf_counter(); build_pipeline(Settings.from_env()); print(time.perf_counter() - start)")
ARTICLE_FILES = ("meantime_en/meantime_en_articles.jsonl", "geoparsing/lgl.jsonl", "geoparsing/trnews.jsonl")


def real_articles(data: Path) -> list[Article]:
    """Return the articles of the news sets under ``data`` (those that read as articles), then the RAMS news
    excerpts, one per source article."""
    articles = [a for a in read_sources([str(data / name) for name in ARTICLE_FILES]) if isinstance(a, Article)]
    for part in PARTS:
        texts = read_texts(data, part)
        articles += [Article(id=f"wikievents-{doc_id}", text=text, source="wikievents")
                     for doc_id, text in texts.items()]
    return articles + rams_articles(data)


def rams_articles(data: Path) -> list[Article]:
    """Return one text per news article RAMS took windows from: the article's windows' sentences, each once, in
    the order first met (RAMS keeps five-sentence windows, not whole articles)."""
    sentences: dict[str, dict[str, None]] = {}
    for part in RAMS_PARTS:
        for row in rams.read_rows(data / rams.FOLDER / f"{part}.jsonlines"):
            url = row.get("source_url") or row["doc_key"]
            for sentence in row["sentences"]:
                sentences.setdefault(url, {})[rams.window_text([sentence])[0]] = None
    return [Article(id=f"rams-{number}", text=" ".join(kept), url=url, source="rams")
            for number, (url, kept) in enumerate(sentences.items())]


def distinct(articles: list[Article], threshold: float) -> list[Article]:
    """Return ``articles`` without the near copies (and exact copies) of an earlier one."""
    index, kept, ids = DuplicateIndex(threshold=threshold), [], set()
    for article in articles:
        print_ = fingerprint(article.text)
        if article.id in ids or index.match(print_) is not None:
            continue
        index.add(article.id, print_)
        ids.add(article.id)
        kept.append(article)
    return kept


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def report(label: str, seconds: float, articles: int, words: int) -> None:
    print(f"{label:<42} {seconds:8.2f} s  {articles / seconds:7.1f} articles/s  {words / seconds:8.0f} words/s")


def write_corpus(articles: list[Article], folder: Path) -> Path:
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(a.model_dump_json(exclude={"origin"}) for a in articles), encoding="utf-8")
    return corpus


def run_into_sqlite(corpus: Path, settings: Settings, **how: object) -> None:
    """Run the main job over ``corpus`` into a fresh SQLite store (``how``: the pipeline or the pool)."""
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/bench.db") as store:
        run_sources([str(corpus)], settings, store=store, **how)  # type: ignore[arg-type]


class Stopwatch:
    """Seconds per stage, added up over the batches: ``with watch("parse"): ...``."""

    def __init__(self, stages: tuple[str, ...]) -> None:
        self.seconds = dict.fromkeys(stages, 0.0)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[stage] += time.perf_counter() - start


def profile(pipeline: Pipeline, articles: list[Article], settings: Settings) -> dict[str, float]:
    """Return the seconds of each stage of one in-process run over ``articles`` (the model on): the steps of
    ``process_batch`` taken one by one, the extractor component apart from the parse."""
    watch = Stopwatch(("dedup", "parse", "extract", "model", "normalize", "store"))
    extractor = pipeline.nlp.get_pipe(EXTRACTOR_PIPE)
    level = pair_level(pipeline)
    lexicon = extractor.lexicon if level != "none" else None  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/profile.db") as store:
        dedup = new_deduplicator(store, threshold=settings.near_duplicate_threshold)
        for start in range(0, len(articles), settings.batch_size):
            with watch("dedup"):
                fresh = prepare_batch(dedup, articles[start: start + settings.batch_size], settings).fresh
            with watch("parse"):
                docs = list(pipeline.nlp.pipe((a.text for a in fresh), disable=[EXTRACTOR_PIPE]))
            with watch("extract"):
                extractions = [extraction_of(a, extractor(doc), lexicon=lexicon, pairs=level)
                               for a, doc in zip(fresh, docs, strict=True)]
            with watch("model"):
                if pipeline.scorer is not None:
                    extractions = pipeline.scorer.rescore(extractions)  # type: ignore[arg-type]
            with watch("normalize"):
                results = [ArticleResult(article=a, claims=tuple(normalize_extraction(
                    e, pipeline.normalizer, min_confidence=settings.min_confidence)))  # type: ignore[arg-type]
                    for a, e in zip(fresh, extractions, strict=True)]
            with watch("store"):
                store_results(store, results, run_id="profile")
    return watch.seconds


def peak_memory(articles: list[Article]) -> tuple[float, float, float]:
    """Return the peak memory in MB of a whole ``claimgraph run --no-prefect`` over ``articles`` (the process,
    its workers, the fork server, sampled every 0.2 s): resident (pages shared between processes counted once
    per process, so it overstates) and proportional (PSS: shared pages split between the processes sharing
    them, the tree's true total); and the command's wall-clock seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(articles, Path(tmp))
        command = [str(Path(sys.executable).parent / "claimgraph"), "run", str(corpus), "--no-prefect",
                   "--db", f"sqlite:///{tmp}/memory.db"]
        start = time.perf_counter()
        process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak_rss = peak_pss = 0
        while process.poll() is None:
            rss = pss = 0
            for member in [process, *process.children(recursive=True)]:
                try:
                    info = member.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                rss, pss = rss + info.rss, pss + info.pss
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    return peak_rss / 2**20, peak_pss / 2**20, seconds


def time_variants(variants: dict[str, Callable[[], object]], rounds: int, *,
                  show: bool = False) -> dict[str, float]:
    """Return the median seconds of each variant over ``rounds`` interleaved rounds (each round's seconds printed
    when ``show``, so a noisy round can be seen)."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, func in variants.items():
            times[name].append(timed(func))
    for name, values in times.items():
        if show:
            print(f"rounds of {name}: " + ", ".join(f"{value:.1f}" for value in values) + " s")
    return {name: statistics.median(values) for name, values in times.items()}


def prefect_overhead(corpus: Path, settings: Settings, pipeline: Pipeline, rounds: int) -> tuple[float, float]:
    """Return the median seconds of the Prefect flow and of the plain run over ``corpus``, both in this process
    with the pipeline loaded (the flow's temporary server started by a first, untimed flow)."""
    from flows.main import run_flow, worker_pipeline

    one = settings.with_options(workers=1)
    worker_pipeline.cache_clear()
    worker_pipeline(one.public())  # the flow's own cache, so the flow times no loading either
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text(corpus.read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")
        run_flow([str(warm)], one.with_db(f"sqlite:///{tmp}/warm.db"))
    flow_db = iter(range(rounds))

    def flow_run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            run_flow([str(corpus)], one.with_db(f"sqlite:///{tmp}/flow{next(flow_db)}.db"))

    median = time_variants({"flow": flow_run, "plain": lambda: run_into_sqlite(corpus, one, pipeline=pipeline)},
                           rounds)
    return median["flow"], median["plain"]


def command_seconds(arguments: list[str], environment: dict[str, str] | None = None) -> float:
    """Return the wall-clock seconds of one ``claimgraph`` command (a fresh process: imports and loading included),
    with ``environment`` set over this process's."""
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "claimgraph"), *arguments], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(environment or {})})
    return time.perf_counter() - start


def build_seconds(environment: dict[str, str]) -> float:
    """Return the seconds ``build_pipeline`` takes in a fresh process with ``environment`` set (imports not counted)."""
    done = subprocess.run([sys.executable, "-c", BUILD_PROBE], env={**os.environ, **environment}, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.split()[-1])


def build_times(folder: Path, rounds: int) -> dict[str, list[float]]:
    """Return the seconds of the pipeline's build in fresh processes, in ``rounds`` interleaved rounds: without the
    disk cache, with an empty one (built, then written) and with that one filled (read); caches go under ``folder``."""
    times: dict[str, list[float]] = {"no cache": [], "cold cache (built and written)": [], "warm cache (read)": []}
    for number in range(rounds):
        cache = {"CLAIMGRAPH_CACHE_DIR": str(folder / f"cache{number}")}
        times["no cache"].append(build_seconds({"CLAIMGRAPH_DISK_CACHE": "0"}))
        times["cold cache (built and written)"].append(build_seconds(cache))
        times["warm cache (read)"].append(build_seconds(cache))
    return times


def startup(rounds: int) -> None:
    """Print the pipeline's build seconds without the disk cache, cold and warm (median of ``rounds``), then the
    seconds of whole ``claimgraph run`` commands on the three sample files: without the cache and with it warm
    (without Prefect, with its temporary server), and for a missing file."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, values in build_times(Path(tmp), rounds).items():
            print(f"pipeline build, {name}: {statistics.median(values):.2f} s (rounds: "
                  + ", ".join(f"{value:.2f}" for value in values) + ")")
        off, warm = {"CLAIMGRAPH_DISK_CACHE": "0"}, {"CLAIMGRAPH_CACHE_DIR": f"{tmp}/cache0"}
        samples = ["run", str(SAMPLES)]
        commands = [
            ("3 files, --no-prefect, no cache", [*samples, "--no-prefect"], off),
            ("3 files, --no-prefect, warm cache", [*samples, "--no-prefect"], warm),
            ("3 files, Prefect (temporary server), warm cache", samples, warm),
            ("a missing file", ["run", f"{tmp}/missing.txt"], warm),
        ]
        for number, (name, arguments, environment) in enumerate(commands):
            seconds = command_seconds([*arguments, "--db", f"sqlite:///{tmp}/{number}.db"], environment)
            print(f"whole `claimgraph run` command, {name}: {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=400, help="how many distinct articles (0: all)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds; the median of each is reported (0: no timing, e.g. --memory alone)")
    parser.add_argument("--memory", action="store_true", help="also the peak memory of whole runs")
    parser.add_argument("--prefect", action="store_true", help="also the Prefect flow's cost over the plain run")
    parser.add_argument("--startup", action="store_true",
                        help="also the pipeline's build without the disk cache, cold and warm, and whole "
                        "`claimgraph run` commands on the 3 sample files (first; with --rounds 0 alone)")
    args = parser.parse_args()
    if args.startup:
        startup(max(args.rounds, 1))
    if not (args.rounds or args.memory):
        return
    settings = Settings()
    every = real_articles(args.data)
    unique = distinct(every, settings.near_duplicate_threshold)
    articles = unique[: args.limit] if args.limit else unique
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(every)} articles read, {len(every) - len(unique)} near copies set aside; timing {len(articles)} "
          f"distinct articles, {words} words; {args.rounds} interleaved rounds (median shown); "
          f"{worker_count(settings)} workers")
    if args.rounds:
        time_all(args, settings, articles)
    if args.memory:
        memory_growth(unique)


def time_all(args: argparse.Namespace, settings: Settings, articles: list[Article]) -> None:
    """Time the variants side by side, print the ratios and the profile, and the ``--prefect`` figures."""
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]
    clock = time.perf_counter()
    pipeline = build_pipeline(settings)
    load_seconds = time.perf_counter() - clock
    bare = load_bare(settings.spacy_model)
    clock = time.perf_counter()
    pool = BatchPool(settings, workers=worker_count(settings))
    pool.warm_up()
    pool_seconds = time.perf_counter() - clock
    list(bare.pipe(texts[:4]))
    annotate_articles(pipeline, articles[:4])
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(articles, Path(tmp))
        with pool:
            median = time_variants({
                "bare spaCy nlp.pipe (1 process)": lambda: list(bare.pipe(texts, batch_size=settings.batch_size)),
                "annotate (1 process)": lambda: [annotate_articles(pipeline, articles[i: i + settings.batch_size])
                                                 for i in range(0, len(articles), settings.batch_size)],
                "run into SQLite, model on (1 process)": lambda: run_into_sqlite(corpus, settings, pipeline=pipeline),
                f"run into SQLite, model on ({pool.workers} workers)": lambda: run_into_sqlite(corpus, settings,
                                                                                                pool=pool),
            }, args.rounds, show=True)
        for name, seconds in median.items():
            report(name, seconds, len(articles), words)
        base = median["bare spaCy nlp.pipe (1 process)"]
        for name, seconds in list(median.items())[1:]:
            print(f"ratio {name} / bare spaCy: {seconds / base:.2f}x")
        print(f"load: pipeline built in {load_seconds:.1f} s in this process; {pool.workers} workers started and "
              f"built theirs in {pool_seconds:.1f} s")
        stages = profile(pipeline, articles, settings)
        total = sum(stages.values())
        print("profile of one in-process run, model on: " + ", ".join(
            f"{name} {value:.1f} s ({value / total:.0%})" for name, value in stages.items()))
        if args.prefect:
            flow, plain = prefect_overhead(corpus, settings, pipeline, args.rounds)
            print(f"Prefect: the flow {flow:.1f} s, the plain run {plain:.1f} s (1 process each): "
                  f"{flow - plain:+.1f} s ({flow / plain:.2f}x)")


def memory_growth(unique: list[Article]) -> None:
    """Print the peak memory of whole runs over 250, 500, 1,000 and all distinct articles, taken in one
    shuffled order (seeded), so each run's articles have the same mix of sources and lengths."""
    shuffled = list(unique)
    random.Random(MEMORY_SEED).shuffle(shuffled)
    for count in sorted({c for c in (250, 500, 1000) if c < len(shuffled)} | {len(shuffled)}):
        part = shuffled[:count]
        rss, pss, seconds = peak_memory(part)
        longest = max(len(a.text.split()) for a in part)
        print(f"whole `claimgraph run --no-prefect` over {count} articles (loading included; longest "
              f"{longest:,} words): peak memory {pss:,.0f} MB proportional (PSS), {rss:,.0f} MB resident summed; "
              f"{seconds:.1f} s, {count / seconds:.1f} articles/s")

if __name__ == "__main__":
    main()
