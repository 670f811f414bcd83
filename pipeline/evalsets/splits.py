"""Train / dev / test splits of every evaluation set, by document, and the files that commit them.

The rule per set (``RULES``, described in ``corpora/splits/README.md``): keep the upstream split where
there is one, and split the rest by a stable hash of the document's group (the document itself unless
the reader groups documents, as RAMS windows by article and NGEC stories by headline template). A
document listed in two upstream parts goes to the strictest of them (test, then dev, then train).
``corpora/splits/<dataset>.json`` holds the ids only, never texts. Regenerate them with

    python -m pipeline.evalsets.splits --data ../shared/data [--gold corpora/gold/claims.jsonl] [--out corpora/splits]

(``--check`` compares instead of writing). Imports only leaves.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evalsets import conflibert, directed_sentiment, geoparsing, ngec, own_gold, plover_gsr, rams, wikievents
from pipeline.evalsets.records import SPLITS, Document, SplitName

Shares = tuple[tuple[SplitName, int], ...]


@dataclass(frozen=True)
class SplitRule:
    """Upstream parts kept as one of our splits, and upstream parts cut by hash into cumulative percent shares."""

    text: str
    keep: Mapping[str, SplitName] = field(default_factory=dict)
    hashed: Mapping[str, Shares] = field(default_factory=dict)


RULES: Mapping[str, SplitRule] = {
    conflibert.DATASET: SplitRule(
        "upstream test -> test; upstream train -> dev (20 percent, by hash of the sentence) and train",
        keep={"test": "test"},
        hashed={"train": (("dev", 20), ("train", 100))},
    ),
    directed_sentiment.DATASET: SplitRule(
        "upstream train/valid/test -> train/dev/test; a document is one sentence",
        keep={"train": "train", "valid": "dev", "test": "test"},
    ),
    rams.DATASET: SplitRule(
        "upstream test -> test; upstream dev -> dev (30 percent, by hash of the source article URL) and train",
        keep={"test": "test"},
        hashed={"dev": (("dev", 30), ("train", 100))},
    ),
    wikievents.DATASET: SplitRule(
        "upstream train/dev/test as they are", keep={"train": "train", "dev": "dev", "test": "test"}
    ),
    ngec.DATASET: SplitRule(
        "by hash of the headline template: 10 percent test, 10 dev, 80 train",
        hashed={"": (("test", 10), ("dev", 20), ("train", 100))},
    ),
    plover_gsr.DATASET: SplitRule("every record -> test (a test set only)", keep={"dev": "test"}),
    own_gold.DATASET: SplitRule(
        "pipeline.evaluate.split_of: bundled samples dev, MEANTIME articles 30 percent test by hash",
        keep={"dev": "dev", "test": "test"},
    ),
    "lgl": SplitRule("by hash of the article id: 30 percent test, 70 dev (no training)",
                     hashed={"": (("test", 30), ("dev", 100))}),
    "trnews": SplitRule("by hash of the article id: 30 percent test, 70 dev (no training)",
                        hashed={"": (("test", 30), ("dev", 100))}),
}
DATASETS = tuple(RULES)


def bucket(dataset: str, key: str) -> int:
    """Return the stable percent bucket (0-99) of ``key`` in ``dataset``: sha256 of both, first 8 hex digits."""
    digest = hashlib.sha256(f"{dataset}\x00{key}".encode()).hexdigest()
    return int(digest[:8], 16) % 100


def split_of_document(dataset: str, document: Document) -> SplitName:
    """Return the split the rule of ``dataset`` gives ``document``.

    Raises ``KeyError`` for an upstream part the rule does not know.
    """
    rule = RULES[dataset]
    if document.upstream_split in rule.keep:
        return rule.keep[document.upstream_split]
    value = bucket(dataset, document.group or document.id)
    return next(name for name, upto in rule.hashed[document.upstream_split] if value < upto)


def assign_splits(dataset: str, documents: list[Document]) -> dict[SplitName, list[str]]:
    """Return {split: sorted document ids}; a document in several upstream parts goes to the strictest split."""
    chosen: dict[str, SplitName] = {}
    for document in documents:
        split = split_of_document(dataset, document)
        previous = chosen.get(document.id)
        chosen[document.id] = split if previous is None else max(previous, split, key=SPLITS.index)
    return {name: sorted(doc for doc, split in chosen.items() if split == name) for name in SPLITS}


def documents_of(dataset: str, data_root: Path, gold_path: Path) -> list[Document]:
    """Return the documents of ``dataset`` read from ``data_root`` (own gold from ``gold_path``)."""
    readers: dict[str, Callable[[Path], list[Document]]] = {
        conflibert.DATASET: conflibert.documents,
        directed_sentiment.DATASET: directed_sentiment.documents,
        rams.DATASET: rams.documents,
        wikievents.DATASET: wikievents.documents,
        ngec.DATASET: ngec.documents,
        plover_gsr.DATASET: plover_gsr.documents,
        "lgl": geoparsing.lgl_documents,
        "trnews": geoparsing.trnews_documents,
    }
    return own_gold.documents(gold_path) if dataset == own_gold.DATASET else readers[dataset](Path(data_root))


def make_splits(dataset: str, data_root: Path, gold_path: Path) -> dict[str, object]:
    """Return the split file's content for ``dataset``: its rule, counts and the ids of each split."""
    ids = assign_splits(dataset, documents_of(dataset, data_root, gold_path))
    content: dict[str, object] = {"dataset": dataset, "rule": RULES[dataset].text}
    content["documents"] = {name: len(ids[name]) for name in SPLITS}
    content.update({str(name): doc_ids for name, doc_ids in ids.items()})
    return content


def split_path(out_dir: Path, dataset: str) -> Path:
    """Return where the split file of ``dataset`` lives under ``out_dir``."""
    return Path(out_dir) / f"{dataset}.json"


def dump(content: Mapping[str, object]) -> str:
    """Return a split file's text: JSON, one id per line, so a change reads well in a diff."""
    return json.dumps(content, indent=1, ensure_ascii=False) + "\n"


def write_splits(data_root: Path, out_dir: Path, gold_path: Path, datasets: tuple[str, ...] = DATASETS) -> list[Path]:
    """Write ``<out_dir>/<dataset>.json`` for each of ``datasets``; return the paths written."""
    paths = []
    for dataset in datasets:
        path = split_path(out_dir, dataset)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(make_splits(dataset, data_root, gold_path)), encoding="utf-8")
        paths.append(path)
    return paths


def load_splits(out_dir: Path, dataset: str) -> dict[SplitName, frozenset[str]]:
    """Return {split: document ids} of a committed split file; raise ``FileNotFoundError`` when there is none."""
    content = json.loads(split_path(out_dir, dataset).read_text(encoding="utf-8"))
    return {name: frozenset(content[name]) for name in SPLITS}


def stale_splits(data_root: Path, out_dir: Path, gold_path: Path) -> list[str]:
    """Return the datasets whose committed file differs from what the rule gives now (empty when all agree)."""
    stale = []
    for dataset in DATASETS:
        path = split_path(out_dir, dataset)
        if not path.is_file() or path.read_text(encoding="utf-8") != dump(make_splits(dataset, data_root, gold_path)):
            stale.append(dataset)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every split file; return the exit status."""
    parser = argparse.ArgumentParser(description="Write the train/dev/test document splits of every evaluation set.")
    parser.add_argument("--data", type=Path, required=True, help="the shared data root (../shared/data)")
    parser.add_argument("--gold", type=Path, default=Path("corpora/gold/claims.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("corpora/splits"))
    parser.add_argument("--check", action="store_true", help="compare the committed files instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_splits(args.data, args.out, args.gold)
        sys.stdout.write(f"stale: {', '.join(stale)}\n" if stale else "all split files agree with the rule\n")
        return 1 if stale else 0
    for path in write_splits(args.data, args.out, args.gold):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
