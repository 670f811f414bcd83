"""Where ``evaluate`` and ``dataset`` find the texts of the gold's articles: the bundled samples by
default, other corpora only when named, and a message that says which ``--texts`` to add."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.assess import TextSource
from pipeline.cli.corpora import missing_articles, missing_texts_message, text_sources

ROOT = Path(__file__).resolve().parents[3]
SEED_CLAIM = json.loads((ROOT / "corpora" / "gold" / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])


def write_gold(path: Path, articles: list[str]) -> Path:
    """Write one gold claim (the seed's first, its offsets kept) for each of ``articles``; return ``path``."""
    path.write_text(
        "".join(json.dumps({**SEED_CLAIM, "article": article}) + "\n" for article in articles), encoding="utf-8"
    )
    return path


def write_articles(path: Path, ids: list[str]) -> Path:
    """Write a JSON Lines file of one short article per id; return ``path``."""
    path.write_text(
        "".join(json.dumps({"id": i, "text": f"Article {i} says that Turkey bought missiles."}) + "\n" for i in ids),
        encoding="utf-8",
    )
    return path


def test_corpora_text_sources_default_to_the_bundled_samples_only() -> None:
    assert (text_sources(None), text_sources(["meantime:m.jsonl"])) == (
        [TextSource(Path("corpora/samples"))],
        [TextSource(Path("m.jsonl"), "meantime:")],
    )


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        ([], ["meantime:a1", "meantime:a2", "seed-putin-erdogan"]),
        (["SAMPLES"], ["meantime:a1", "meantime:a2"]),
        (["SAMPLES", "meantime:MEANTIME"], []),
        (["meantime:MEANTIME"], ["seed-putin-erdogan"]),
    ],
)
def test_corpora_missing_articles_are_those_no_source_holds(
    tmp_path: Path, specs: list[str], expected: list[str]
) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", ["seed-putin-erdogan", "meantime:a1", "meantime:a2"])
    meantime = write_articles(tmp_path / "meantime.jsonl", ["a1", "a2", "a3"])
    paths = {"SAMPLES": str(ROOT / "corpora" / "samples"), "MEANTIME": str(meantime)}
    sources = [
        TextSource.parse(spec.replace("SAMPLES", paths["SAMPLES"]).replace("MEANTIME", paths["MEANTIME"]))
        for spec in specs
    ]
    assert missing_articles(gold, sources) == expected


@pytest.mark.parametrize(
    ("missing", "command", "expected"),
    [
        (
            ["meantime:a1"],
            None,
            "gold.jsonl names 1 article(s) that no --texts source holds (meantime:a1): add --texts meantime:PATH",
        ),
        (
            ["meantime:a1", "meantime:a2", "meantime:a3", "meantime:a4"],
            None,
            "gold.jsonl names 4 article(s) that no --texts source holds (meantime:a1, meantime:a2, meantime:a3, ...): "
            "add --texts meantime:PATH",
        ),
        (
            ["meantime:a1", "seed"],
            None,
            "gold.jsonl names 2 article(s) that no --texts source holds (meantime:a1, seed): add --texts meantime:PATH "
            "and --texts PATH (e.g. corpora/samples, the file or directory holding them)",
        ),
        (
            ["meantime:a1"],
            "claimgraph dataset --out d",
            "gold.jsonl names 1 article(s) that no --texts source holds (meantime:a1): "
            "add --texts meantime:PATH to `claimgraph dataset --out d`",
        ),
    ],
)
def test_corpora_missing_texts_message_names_the_texts_to_add(
    missing: list[str], command: str | None, expected: str
) -> None:
    assert missing_texts_message(Path("gold.jsonl"), missing, command=command) == expected
