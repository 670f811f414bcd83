"""Write claim records as JSON Lines, one claim a line, exactly as ``claimgraph schema`` describes.

Imports records only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.records import Claim


def write_claims_jsonl(claims: Iterable[Claim], path: Path) -> int:
    """Write ``claims`` to ``path`` (replacing it) and return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for claim in claims:
            handle.write(claim.model_dump_json() + "\n")
            count += 1
    return count
