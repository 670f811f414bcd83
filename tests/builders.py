"""Record builders the tests share: entities, claims and gold claims made by hand, with every field
a test does not care about set to a plain default. Importable from any test module (tests/ is on
sys.path through tests/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate.gold import GoldClaim
from pipeline.ontology import QUAD
from pipeline.records import ArticleRef, Claim, Entity, Evidence, Extractor, Predicate
from pipeline.store import open_store


def entity(name: str, *, type: str = "organization", country: str | None = None, id: str | None = None,
           mention: str | None = None, wikidata: str | None = None, sector: str | None = None) -> Entity:
    return Entity(id=id or name.lower().replace(" ", "_"), name=name, mention=mention or name, type=type,
                  country=country, sector=sector, wikidata=wikidata)


def claim(article: str, span: tuple[int, int], subject: Entity, obj: Entity | None, plover: str, *,
          modality: str = "asserted", polarity: str = "affirmed", confidence: float = 0.5, number: int = 0) -> Claim:
    return Claim(
        id=f"c{number}", article=ArticleRef(id=article), subject=subject, object=obj,
        predicate=Predicate(text="cue", lemma="cue", plover=plover, quad=QUAD[plover]),
        polarity=polarity, modality=modality, evidence=Evidence(sentence="...", start=span[0], end=span[1]),
        confidence=confidence, extractor=Extractor(version="test", model="none"),
    )


def gold_claim(article: str, span: tuple[int, int], subject: str, obj: str | None, plover: str, *,
               modality: str = "asserted", kind: str = "event") -> GoldClaim:
    return GoldClaim(article=article, start=span[0], end=span[1], sentence="...", subject=subject, object=obj,
                     plover=plover, polarity="affirmed", modality=modality, kind=kind)


SEED = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "putin-erdogan.txt"
# A small corpus of real text for whole runs: our own sentences, one short article each, beside the seed
# article's paragraphs as articles of their own.
WRITTEN = [
    "Turkey supports the Government of National Accord in Libya, the foreign ministry said on Monday.",
    "Moscow officially denies any connection with the Wagner group, the Kremlin spokesman said.",
    "Greece condemned the Turkish drilling near Cyprus and recalled its ambassador from Ankara.",
    "Erdogan did not meet Putin in Sochi on Tuesday, an aide told reporters.",
    "Egypt and Saudi Arabia signed an agreement on energy cooperation in Cairo.",
]


def write_corpus(folder: Path) -> Path:
    """Write the small corpus (11 articles of the outlet "wire") as JSON Lines into ``folder``; return the file."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 20]
    texts = WRITTEN + paragraphs[:6]
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t, "source": "wire"}) for i, t in enumerate(texts)),
                      encoding="utf-8")
    return corpus


def stored_claims(db_url: str) -> list[dict]:
    """Return every claim record of the store at ``db_url`` as JSON data, by id."""
    with open_store(db_url) as store:
        return sorted((c.model_dump(mode="json") for c in store.claims()), key=lambda c: c["id"])
