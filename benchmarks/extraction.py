"""Extraction quality, measured: the project's own gold claims (dev and test parts apart) and the
PLOVER gold-standard sentences, scored by ``pipeline.evaluate`` (``score`` and ``plover_gsr_score``).

    .venv/bin/python benchmarks/extraction.py [--gold corpora/gold/claims.jsonl] [--plover PATH]

Reads the MEANTIME texts and the PLOVER records from ../shared/data (never copied here).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.assess import TextSource, evaluate_gold, evaluate_plover_gsr
from pipeline.evaluate import format_report, load_gold, score
from pipeline.run import build_pipeline
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold" / "claims.jsonl")
    parser.add_argument("--plover", type=Path, default=SHARED / "plover_gsr" / "dev.jsonl")
    parser.add_argument("--meantime", type=Path, default=SHARED / "meantime_en" / "meantime_en_articles.jsonl")
    args = parser.parse_args()
    pipeline = build_pipeline(Settings())
    started = time.perf_counter()
    result = evaluate_gold(pipeline, args.gold,
                           [TextSource(ROOT / "corpora" / "samples"), TextSource(args.meantime, "meantime:")])
    for name, scores in (("dev", result.dev), ("test", result.test)):
        print(f"== own gold, {name} part ({args.gold.name})")
        print(format_report(scores))
    gold = load_gold(args.gold)
    for name, articles in (("seed article", {"seed-putin-erdogan"}),
                           ("MEANTIME articles", {g.article for g in gold if g.article.startswith("meantime:")})):
        overall = format_report(score(list(result.claims), gold, articles=articles)).splitlines()[-2]
        print(f"{name:<18} {overall}")
    print(f"== PLOVER gold-standard records ({args.plover})")
    print(format_report(evaluate_plover_gsr(pipeline, args.plover)))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
