"""Named people and organizations of MEANTIME resolved against the actor registry, with and without
the converted files (Phoenix/CountryInfo, the listed companies).

For every MEANTIME article of the split (``pipeline.evaluate.gold.split_of("meantime:" + doc_id)``)
each named (``NAM``) PER or ORG entity mention is resolved with ``ActorRegistry.resolve(text,
label="PERSON"|"ORG", on=dct)``. Printed per registry: mentions, those resolved to a registry entry
(an id in ``registry.entries``, not an unknown ``x:`` id), by type, the most frequent unresolved
texts, and split entities (a MEANTIME entity whose named mentions got more than one id, registry or
``x:``, in one article). Mentions are read as the claims read them: a one-word person name is the person
the article named in full (``pipeline.normalize.article_names``). The hand-written registry alone (a
temporary copy without ``converted_actors.json`` and ``converted_companies.json``)
is measured in the same run, so both figures print side by side.

    python benchmarks/meantime_actors.py [--registry models/registry] [--split dev|test] [--top 30]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.convert.companies import GENERATED_FILES
from pipeline.evaluate.gold import split_of
from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.article_names import name_chains
from pipeline.records import Span

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/work/shared/data/meantime_en/meantime_en.jsonl")
LABELS = {"PER": "PERSON", "ORG": "ORG"}


@dataclass
class Tally:
    """What one registry made of the named mentions."""

    mentions: Counter[str] = field(default_factory=Counter)
    resolved: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)
    split: list[str] = field(default_factory=list)


def named_mentions(path: Path, split: str) -> list[tuple[str, date | None, list[dict]]]:
    """Return ``(doc_id, dct, mentions)`` of the articles of ``split``: the NAM PER/ORG entity mentions
    (``dct`` None where the article has none)."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if split_of(f"meantime:{doc['doc_id']}") != split:
            continue
        mentions = [m for m in doc["mentions"] if m.get("tag") == "ENTITY_MENTION"
                    and m.get("syntactic_type") == "NAM" and m.get("ref_ent_type") in LABELS]
        articles.append((doc["doc_id"], read_dct(doc.get("dct")), mentions))
    return articles


def read_dct(value: str | None) -> date | None:
    """Return an article's creation date: ISO, or day-month-year ("03-02-2009", one article); None if absent."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        day, month, year = (int(part) for part in value.split("-"))
        return date(year, month, day)


def registry_id(registry: ActorRegistry, entity_id: str) -> bool:
    """True for an id the registry gives: an entry, or a state or IGO acting through a sector ("USA:MIL")."""
    return entity_id in registry.entries or entity_id.split(":")[0] in registry.entries


def tally(registry: ActorRegistry, articles: list[tuple[str, date | None, list[dict]]]) -> Tally:
    """Return the counts of one registry over the articles: each mention read as the claims read it (the registry
    at the article's date, a one-word person name linked to the full name the article gave, ``article_names``)."""
    result = Tally()
    for doc_id, dct, mentions in articles:
        spans = [Span(start=m["start"], end=m["end"], text=m["text"], label=LABELS[m["ref_ent_type"]])
                 for m in mentions]
        names = name_chains(spans, registry, on=dct)
        ids: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            kind = mention["ref_ent_type"]
            entity = registry.resolve(mention["text"], label=LABELS[kind], on=dct)
            words = registry.name_words(mention["text"], person=entity.type == "person")
            entity = names.link(entity, words, start=mention["start"])
            result.mentions[kind] += 1
            ids[mention.get("refers_to") or mention["m_id"]].add(entity.id)
            if registry_id(registry, entity.id):
                result.resolved[kind] += 1
            else:
                result.unresolved[mention["text"]] += 1
        result.split += [f"{doc_id}/{ref}: {', '.join(sorted(found))}" for ref, found in ids.items() if len(found) > 1]
    return result


def hand_only(registry_dir: Path, into: Path) -> Path:
    """Copy the registry files but the converted ones into ``into``; return it."""
    for path in registry_dir.glob("*.json"):
        if path.name not in GENERATED_FILES:
            shutil.copy(path, into / path.name)
    return into


def report(name: str, result: Tally, top: int) -> None:
    total, resolved = sum(result.mentions.values()), sum(result.resolved.values())
    print(f"== {name}: {resolved}/{total} named mentions resolved to a registry entry ({resolved / max(total, 1):.1%})")
    for kind in sorted(result.mentions):
        n, k = result.mentions[kind], result.resolved[kind]
        print(f"   {kind}: {k}/{n} ({k / max(n, 1):.1%})")
    print(f"   split entities ({len(result.split)}): " + ("; ".join(result.split) or "none"))
    print(f"   top {top} unresolved: " + ", ".join(f"{text} ({n})" for text, n in result.unresolved.most_common(top)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, default=ROOT / "models" / "registry")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    articles = named_mentions(args.data, args.split)
    print(f"MEANTIME {args.split}: {len(articles)} articles")
    with tempfile.TemporaryDirectory() as tmp:
        hand = ActorRegistry.load(hand_only(args.registry, Path(tmp)))
        report("hand registry alone", tally(hand, articles), args.top)
    report(f"registry {args.registry}", tally(ActorRegistry.load(args.registry), articles), args.top)


if __name__ == "__main__":
    main()
