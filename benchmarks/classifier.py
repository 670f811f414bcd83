"""The trained claim classifier beside the rules: F1 on the project's gold (dev and held-apart test
articles) and the PLOVER gold-standard accuracies, for rules only, the model alone, and the
combination (rules' claims scored by the model, vetoed or retyped above thresholds), plus a sweep
of the combination's thresholds on the dev part and the with-model throughput ratio.

Texts are parsed once; every variant is scored by the one scoring function in ``pipeline.evaluate``.

    .venv/bin/python benchmarks/classifier.py [--no-sweep] [--repeat 10]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from pipeline.assess import TextSource, load_texts
from pipeline.evaluate import load_gold, plover_gsr_score, score, split_of
from pipeline.ingest import read_sources
from pipeline.nlp.load import load_bare
from pipeline.normalize.claims import normalize_extraction
from pipeline.records import Article, Claim, Extraction
from pipeline.run import Pipeline, batched, build_pipeline, extract_batch, process_batch
from pipeline.score.model import load_classifier
from pipeline.score.rescore import NEVER, Policy, rescore_extractions
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "corpora" / "gold" / "claims.jsonl"
TEXTS = [TextSource(ROOT / "corpora" / "samples"),
         TextSource(SHARED / "meantime_en" / "meantime_en_articles.jsonl", "meantime:")]
PLOVER_DEV = SHARED / "plover_gsr" / "dev.jsonl"
VETOES = (0.3, 0.4, 0.5, 0.6, 0.7, NEVER)
RETYPES = (0.3, 0.4, 0.5, 0.6, NEVER)


def extract_all(pipeline: Pipeline, articles: list[Article]) -> list[Extraction]:
    """Return the rules' extraction of every article (parsed once)."""
    out = []
    for batch in batched(articles, pipeline.settings.batch_size):
        out += [e for e in extract_batch(pipeline, batch) if isinstance(e, Extraction)]
    return out


def claims_under(pipeline: Pipeline, classifier, policy: Policy, extractions: list[Extraction]) -> list[Claim]:
    """Return the claims of ``extractions`` with ``policy`` applied."""
    rescored = rescore_extractions(classifier, list(extractions), policy)
    return [c for e in rescored for c in normalize_extraction(e, pipeline.normalizer)]


def figures(claims: list[Claim], gold, plover_claims: list[Claim], records: list[dict]) -> dict[str, float | None]:
    """Return dev/test F1 (and test P/R/stance) and the four GSR accuracies."""
    parts = {name: {g.article for g in gold if split_of(g.article) == name} for name in ("dev", "test")}
    dev, test = score(claims, gold, articles=parts["dev"]), score(claims, gold, articles=parts["test"])
    predictions: dict[str, list[Claim]] = {r["id"]: [] for r in records}
    for claim in plover_claims:
        predictions[claim.article.id].append(claim)
    gsr = plover_gsr_score(records, predictions)
    return {"dev F1": dev.f1, "test F1": test.f1, "test P": test.precision, "test R": test.recall,
            "test stance": test.stance_accuracy,
            **{f"GSR {c}": gsr.accuracy(c) for c in ("event", "source", "target", "triple")}}


def print_row(label: str, values: dict[str, float | None]) -> None:
    print(f"{label:<34}" + " ".join(f"{'-' if v is None else f'{v:.3f}':>11}" for v in values.values()))


def throughput(settings: Settings, repeat: int) -> None:
    """Print bare spaCy, rules-only and with-model times on the bundled corpus and their ratios."""
    articles = [a for a in read_sources([str(ROOT / "corpora" / "samples")]) if isinstance(a, Article)] * repeat
    texts = [a.text for a in articles]
    bare, rules = load_bare(settings.spacy_model), build_pipeline(settings)
    model = build_pipeline(replace(settings, classifier=True))
    for warm in (lambda: list(bare.pipe(texts[:1])), lambda: process_batch(rules, articles[:1]),
                 lambda: process_batch(model, articles[:1])):
        warm()
    size = settings.batch_size
    run = lambda p: [process_batch(p, articles[i:i + size]) for i in range(0, len(articles), size)]  # noqa: E731
    seconds = {}
    for name, job in (("bare spaCy", lambda: list(bare.pipe(texts, batch_size=settings.batch_size))),
                      ("rules", lambda: run(rules)), ("with model", lambda: run(model))):
        start = time.perf_counter()
        job()
        seconds[name] = time.perf_counter() - start
    print(f"throughput on {len(articles)} articles: " + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))
    print(f"ratio rules / bare spaCy: {seconds['rules'] / seconds['bare spaCy']:.2f}x; "
          f"with model / bare spaCy: {seconds['with model'] / seconds['bare spaCy']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    settings = Settings()
    pipeline, classifier = build_pipeline(settings), load_classifier(settings.classifier_dir)
    manifest = json.loads((settings.classifier_dir / "manifest.json").read_text())
    print(f"classifier {classifier.tag}; held-out rows (test split): {manifest['metrics']['test']}")
    gold = load_gold(GOLD)
    articles, _ = load_texts(TEXTS, {g.article for g in gold})
    records = [json.loads(line) for line in PLOVER_DEV.read_text().splitlines() if line.strip()]
    plover_articles = [Article(id=r["id"], text=r["text"]) for r in records]
    gold_x, plover_x = extract_all(pipeline, articles), extract_all(pipeline, plover_articles)
    committed = classifier.config["policy"]
    policies = {"rules": Policy(mode="rules"), "model": Policy(mode="model"),
                "combined (committed)": Policy(mode="combined", **committed)}
    sweep = [Policy(mode="combined", veto=v, retype=r) for v in VETOES for r in RETYPES] if not args.no_sweep else []
    header = ["dev F1", "test F1", "test P", "test R", "test stance", "GSR event", "GSR source", "GSR target",
              "GSR triple"]
    print(f"{'variant':<34}" + " ".join(f"{h:>11}" for h in header))
    for label, policy in [*policies.items(),
                          *((f"combined veto {p.veto:.2f} retype {p.retype:.2f}", p) for p in sweep)]:
        print_row(label,
                  figures(claims_under(pipeline, classifier, policy, gold_x), gold,
                          claims_under(pipeline, classifier, policy, plover_x), records))
    throughput(settings, args.repeat)


if __name__ == "__main__":
    main()
