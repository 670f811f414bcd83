"""Fill a PostgreSQL store with synthetic claims (and their clusters and change log) by COPY, then
measure p95 latency of ``compare`` for one actor pair (the command's report, as ``compare_report``
builds it) and of one /api/graph page.

Synthetic but shaped like the real store: 200 actors (a few hot ones, as news has), 12 outlets,
articles of 4 claims, claims clustered by pair, type and month the way ``cluster_block`` groups
them without paraphrase merging (the encoder is not run on a million sentences here).

Usage: .venv/bin/python benchmarks/graph_load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/cg_bench [--claims
1000000] [--runs 50]
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient

from pipeline.cli.graph import compare_report
from pipeline.ids import content_id
from pipeline.records import ClaimCluster
from pipeline.store import Store, graph, open_store
from pipeline.web.app import create_app

TYPES = ("SUPPORT", "AID", "CONSULT", "ACCUSE", "ASSAULT", "THREATEN", "COOPERATE", "REJECT")
QUADS = {"SUPPORT": 1, "AID": 2, "CONSULT": 1, "ACCUSE": 3, "ASSAULT": 4, "THREATEN": 3, "COOPERATE": 2, "REJECT": 3}
OUTLETS = tuple(f"outlet-{i:02d}" for i in range(12))
ACTORS = ("TUR", "RUS", *(f"actor_{i:03d}" for i in range(198)))
CLAIMS_PER_ARTICLE = 4
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def pick_actor(rng: random.Random) -> str:
    """Return an actor, Zipf-like: the first few are in most of the news."""
    return ACTORS[min(int(rng.paretovariate(1.2)) - 1, len(ACTORS) - 1)]


def copy_rows(store: Store, table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY ``rows`` into ``table`` (PostgreSQL only)."""
    raw = store.engine.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def claim_record(claim_id: str, article: dict, subject: str, target: str, plover: str, polarity: str, start: str,
                 sentence: str) -> str:
    """Return a claim record JSON shaped like the real contract."""
    entity = lambda e: {"id": e, "name": e, "mention": e, "type": "state", "country": None,  # noqa: E731
                        "sector": None, "wikidata": None}
    return json.dumps({
        "id": claim_id,
        "article": {"id": article["id"], "url": article["url"], "source": article["source"], "title": None,
                    "published_at": article["published_at"]},
        "subject": entity(subject), "object": entity(target), "attributed_to": None,
        "predicate": {"text": plover.lower(), "lemma": plover.lower(), "plover": plover, "mode": None, "context": [],
                      "cameo": None, "quad": QUADS[plover]},
        "polarity": polarity, "modality": "asserted", "kind": "event",
        "time": {"text": start, "start": start, "end": start, "granularity": "day", "relative": False},
        "location": None,
        "evidence": {"sentence": sentence, "start": 0, "end": len(sentence)}, "confidence": 0.8,
        "extractor": {"version": "bench", "model": "synthetic"},
    })


def generate(store: Store, n_claims: int, seed: int) -> None:
    """Write articles, entities, evidence, claims, clusters, cluster outlets and the change log for ``n_claims``."""
    rng = random.Random(seed)
    articles, evidence, claims, log = [], [], [], []
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    seq = 0
    for actor in ACTORS:
        seq += 1
        log.append(("entity", actor, seq, content_id("", actor, length=32), False, None, None))
    for index in range(n_claims // CLAIMS_PER_ARTICLE):
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        article = {"id": f"a_{index:010d}", "source": rng.choice(OUTLETS), "url": f"https://news.example/{index}",
                   "published_at": day.isoformat()}
        articles.append((article["id"], article["url"], article["source"], None, article["published_at"], "text", "h",
                         "bench", "run_bench", NOW))
        for part in range(CLAIMS_PER_ARTICLE):
            subject, target = pick_actor(rng), pick_actor(rng)
            target = target if target != subject else ACTORS[-1]
            plover, polarity = rng.choice(TYPES), "negated" if rng.random() < 0.08 else "affirmed"
            claim_id, evidence_id = f"c_{index:010d}{part}", f"e_{index:010d}{part}"
            sentence = f"{subject} {plover.lower()} {target} on {day.isoformat()}."
            evidence.append((evidence_id, article["id"], sentence, 0, len(sentence)))
            claims.append((claim_id, article["id"], subject, target, None, evidence_id, plover, None, QUADS[plover],
                           None, polarity, "asserted",
                           "event", day.isoformat(), day.isoformat(), 0.8, "bench", "synthetic", "run_bench",
                           claim_record(claim_id, article, subject, target, plover, polarity, day.isoformat(),
                                        sentence)))
            group = (subject, target, plover, day.strftime("%Y-%m"))
            groups[group].append((claim_id, article, polarity, sentence, day))
            seq += 1
            log.append(("claim", claim_id, seq, content_id("", claim_id, length=32), False, "run_bench",
                        f"{subject}|{target}"))
    write_base(store, articles, evidence, claims)
    write_clusters(store, groups, log, seq)


def write_base(store: Store, articles: list, evidence: list, claims: list) -> None:
    """COPY articles, entities, evidence and claims."""
    copy_rows(store, "articles",
              ["id", "url", "source", "title", "published_at", "text", "content_hash", "origin", "first_run_id",
               "created_at"], articles)
    copy_rows(store, "entities", ["id", "name", "type", "country", "sector", "wikidata"],
              [(a, a, "state", None, None, None) for a in ACTORS])
    copy_rows(store, "evidence", ["id", "article_id", "sentence", "start", '"end"'], evidence)
    columns = ["id", "article_id", "subject_id", "object_id", "attributed_to_id", "evidence_id", "plover", "cameo",
               "quad", "mode", "polarity",
               "modality", "kind", "time_start", "time_end", "confidence", "extractor_version", "extractor_model",
               "run_id", "record"]
    copy_rows(store, "claims", columns, claims)


def write_clusters(store: Store, groups: dict, log: list, seq: int) -> None:
    """COPY one cluster per (pair, type, month) group, its outlet stances and the change log."""
    clusters, outlets = [], []
    for (subject, target, plover, month), members in groups.items():
        cluster_id = content_id("k_", {"subject": subject, "object": target, "plover": plover, "start": month})
        asserted = sorted({m[1]["source"] for m in members if m[2] == "affirmed"})
        contradicted = sorted({m[1]["source"] for m in members if m[2] == "negated"})
        days = sorted(m[4].isoformat() for m in members)
        record = {"id": cluster_id, "subject_id": subject, "object_id": target, "plover": plover, "types": [plover],
                  "time_start": days[0],
                  "time_end": days[-1], "asserted_by": asserted, "contradicted_by": contradicted, "first_seen": days[0],
                  "last_seen": days[-1],
                  "claims": sorted(m[0] for m in members),
                  "evidence": [{"claim_id": m[0], "article_id": m[1]["id"],
                                "stance": "asserts" if m[2] == "affirmed" else "contradicts",
                                "outlets": [m[1]["source"]], "sentence": m[3]}
                               for m in sorted(members, key=lambda m: m[0])]}
        summary = ClaimCluster.model_validate(record).summary().model_dump_json()
        clusters.append((cluster_id, subject, target, plover, bool(asserted and contradicted), json.dumps(record),
                         summary))
        outlets += [(cluster_id, o, "asserts") for o in asserted]
        outlets += [(cluster_id, o, "contradicts") for o in contradicted]
        seq += 1
        log.append(("cluster", cluster_id, seq, content_id("", record, length=32), False, None, f"{subject}|{target}"))
    copy_rows(store, "clusters", ["id", "subject_id", "object_id", "plover", "contradicted", "record", "summary"],
              clusters)
    copy_rows(store, "cluster_outlets", ["cluster_id", "outlet", "stance"], outlets)
    copy_rows(store, "graph_items", ["kind", "id", "seq", "hash", "deleted", "stamp", "block"], log)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def p95(samples: list[float]) -> float:
    """Return the 95th percentile of ``samples`` in milliseconds."""
    return statistics.quantiles(samples, n=20)[-1] * 1000


def time_calls(call, runs: int) -> list[float]:
    """Return the wall time of ``runs`` calls of ``call`` (after one warm-up call)."""
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def benchmark(store: Store, runs: int, seed: int) -> None:
    """Print p95 latency of compare for one actor pair and of /api/graph pages at random cursors."""
    rng = random.Random(seed)
    with store.transaction("count") as connection:
        top = graph.last_seq(connection)

    def compare_pair() -> None:
        compare_report(store, actors=["TUR", "RUS"], outlets=[], limit=100)

    client = TestClient(create_app(store))
    graph_page = lambda: client.get("/api/graph",  # noqa: E731
                                    params={"since": rng.randrange(top), "limit": 500}).raise_for_status()
    with store.transaction("count") as connection:
        pair = len(graph.select_cluster_summaries(connection, actors=["TUR", "RUS"]))
    for name, call in ((f"compare TUR-RUS (first 100 (the CLI default) of {pair} clusters)", compare_pair),
                       ("/api/graph page of 500", graph_page)):
        samples = time_calls(call, runs)
        print(f"{name}: p50 {statistics.median(samples) * 1000:.1f} ms  p95 {p95(samples):.1f} ms  ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db",
                        help="PostgreSQL URL of an empty database (without it the script only says how to run it)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-load", action="store_true", help="Measure an already filled store")
    args = parser.parse_args()
    if args.db is None:
        print("graph_load: skipped; give --db postgresql+psycopg://postgres@127.0.0.1:5432/EMPTY_DB [--claims N]")
        return
    with open_store(args.db) as store:
        if not args.skip_load:
            start = time.perf_counter()
            generate(store, args.claims, args.seed)
            print(f"loaded {args.claims:,} claims in {time.perf_counter() - start:.0f} s; rows: {store.counts()}")
        benchmark(store, args.runs, args.seed)


if __name__ == "__main__":
    main()
