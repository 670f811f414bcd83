"""Record builders the tests share: entities, claims and gold claims made by hand, with every field
a test does not care about set to a plain default. Importable from any test module (tests/ is on
sys.path through tests/conftest.py).
"""

from __future__ import annotations

from pipeline.evaluate.gold import GoldClaim
from pipeline.ontology import QUAD
from pipeline.records import ArticleRef, Claim, Entity, Evidence, Extractor, Predicate


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
