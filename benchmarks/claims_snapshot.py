"""The claims and annotations (entities, times, places) of the bundled samples and of every MEANTIME
article, as canonical JSON Lines and one sha256, so a refactoring can show that no output moved.

    .venv/bin/python benchmarks/claims_snapshot.py [--out build/claims-snapshot.jsonl] [--compare OLD.jsonl]

Runs the default pipeline (rules + classifier) in plain Python, one batch per 16 articles. Each line
is one claim record (without its extractor provenance, which names the code version) or one
article's annotation; lines are sorted. ``--compare`` prints the lines only one side has and exits 1 when the two
differ. Reads the
MEANTIME texts from ../shared/data (never copied here).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from pipeline.ingest import read_sources
from pipeline.records import Article
from pipeline.run import annotate_articles, batched, build_pipeline, process_batch
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT.parent / "shared" / "data" / "meantime_en" / "meantime_en_articles.jsonl"


def snapshot_lines(sources: list[Path]) -> list[str]:
    """Return the sorted canonical JSON lines of every claim the default pipeline extracts from ``sources``."""
    pipeline = build_pipeline(Settings())
    articles = [item for item in read_sources(sources) if isinstance(item, Article)]
    lines = []
    for batch in batched(articles, 16):
        for result in process_batch(pipeline, batch):
            for claim in result.claims:
                record = claim.model_dump(mode="json", exclude={"extractor"})
                lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
        for annotation in annotate_articles(pipeline, batch):
            record = {"annotation": annotation.model_dump(mode="json")}
            lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "claims-snapshot.jsonl")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to diff against")
    args = parser.parse_args()
    lines = snapshot_lines([ROOT / "corpora" / "samples", MEANTIME])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    print(f"{len(lines)} lines, sha256 {digest}, written to {args.out}")
    if args.compare is None:
        return 0
    old = set(args.compare.read_text(encoding="utf-8").splitlines())
    new = set(lines)
    for line in sorted(old - new):
        print(f"- {line}")
    for line in sorted(new - old):
        print(f"+ {line}")
    print(f"only before: {len(old - new)}, only now: {len(new - old)}")
    return 0 if old == new else 1


if __name__ == "__main__":
    sys.exit(main())
