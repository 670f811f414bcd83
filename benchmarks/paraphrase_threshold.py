"""Measure the paraphrase threshold of claim clustering: cosine similarity of MiniLM sentence
embeddings on the labelled pairs in corpora/paraphrase/pairs.jsonl, precision and recall of
"similarity >= t means paraphrase" at candidate thresholds, alone and behind the type gate the
clustering applies first (both sentences typed by the real extractor, types compatible).

Usage: .venv/bin/python benchmarks/paraphrase_threshold.py [--pairs PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.compare.cluster import compatible_types
from pipeline.compare.embed import PARAPHRASE_THRESHOLD, load_sentence_encoder
from pipeline.ids import article_id
from pipeline.records import Article
from pipeline.run import build_pipeline, process_batch
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def read_pairs(path: Path) -> list[dict]:
    """Return the labelled pairs of a JSONL file (a, b, paraphrase)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pair_similarities(pairs: list[dict]) -> list[float]:
    """Return the cosine similarity of each pair's sentences."""
    encoder = load_sentence_encoder()
    vectors = encoder.embed([s for pair in pairs for s in (pair["a"], pair["b"])])
    return [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(pairs))]


def extracted_types(sentences: list[str]) -> list[str | None]:
    """Return the PLOVER type the real pipeline gives each sentence (its first claim's), or None."""
    articles = [Article(id=article_id(s), text=s) for s in sentences]
    results = process_batch(build_pipeline(Settings()), articles)
    return [result.claims[0].predicate.plover if result.claims else None for result in results]


def type_gate(pairs: list[dict]) -> list[bool]:
    """Return, per pair, whether clustering would compare the sentences at all (compatible extracted types)."""
    types = extracted_types([s for pair in pairs for s in (pair["a"], pair["b"])])
    left, right = types[0::2], types[1::2]
    return [a is not None and b is not None and compatible_types(a, b) for a, b in zip(left, right, strict=True)]


def precision_recall(labels: list[bool], scores: list[float], threshold: float) -> tuple[float, float]:
    """Return (precision, recall) of predicting a paraphrase when the score reaches ``threshold``."""
    predicted = [score >= threshold for score in scores]
    hits = sum(p and y for p, y in zip(predicted, labels, strict=True))
    precision = hits / sum(predicted) if any(predicted) else 1.0
    return precision, hits / sum(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "corpora" / "paraphrase" / "pairs.jsonl")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    scores = pair_similarities(pairs)
    labels = [bool(pair["paraphrase"]) for pair in pairs]
    print(f"{len(pairs)} pairs ({sum(labels)} paraphrases); chosen threshold {PARAPHRASE_THRESHOLD}")
    for label in (True, False):
        own = sorted(s for s, y in zip(scores, labels, strict=True) if y is label)
        name = "paraphrase" if label else "different "
        print(f"  {name}: min {own[0]:.3f}  median {own[len(own) // 2]:.3f}  max {own[-1]:.3f}")
    gate = type_gate(pairs)
    gated = [score if passed else -1.0 for score, passed in zip(scores, gate, strict=True)]
    print(f"type gate passes {sum(gate)} pairs ({sum(g and y for g, y in zip(gate, labels, strict=True))} paraphrases)")
    print("threshold  precision  recall | gated: precision  recall")
    for threshold in CANDIDATES:
        precision, recall = precision_recall(labels, scores, threshold)
        gated_precision, gated_recall = precision_recall(labels, gated, threshold)
        print(f"{threshold:9.2f}  {precision:9.3f}  {recall:6.3f} |        {gated_precision:9.3f}  {gated_recall:6.3f}")


if __name__ == "__main__":
    main()
