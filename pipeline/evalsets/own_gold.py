"""The project's own gold claims (``corpora/gold/claims.jsonl``) seen as documents for the splits.

The gold is already split by article: ``pipeline.evaluate.split_of`` puts the bundled samples in dev
and about 30 percent of the MEANTIME articles, by hash, in test; nothing is train. This module reuses
that rule; scoring is ``pipeline.assess.evaluate_gold``. Imports only leaves.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.evalsets.records import Document
from pipeline.evaluate import load_gold, split_of

DATASET = "own_gold"


def documents(gold_path: Path) -> list[Document]:
    """Return each gold article once, in first-seen order, its ``split_of`` part as its upstream part."""
    seen = dict.fromkeys(claim.article for claim in load_gold(Path(gold_path)))
    return [Document(article, split_of(article)) for article in seen]
