"""Tests of ``pipeline.cli.registry``: ``actors unresolved`` and ``entities`` over a real store of
hand-built claims, and ``actors add`` writing a temporary copy of the registry that a fresh load then
resolves against (names, dated roles, and errors that write nothing).

The commands are mounted on a fresh ``typer.Typer()`` here, as ``pipeline.cli`` mounts them.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from pipeline.cli.registry import actors_app, entities
from pipeline.normalize.actors import ADDITIONS_FILE, ActorRegistry
from pipeline.records import Article, Claim, Entity, Evidence, Extractor, Predicate
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "models" / "registry"

app = typer.Typer()
app.add_typer(actors_app, name="actors")
app.command()(entities)
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


# --- a store with two articles ----------------------------------------------------------------

FRONT = Entity(
    id="x:popular_front_for_testing",
    name="Popular Front for Testing",
    mention="Popular Front for Testing",
    type="organization",
)
SPOKESMAN = Entity(id="x:ali_veli", name="Ali Veli", mention="Ali Veli", type="person")
TURKISH_TROOPS = Entity(
    id="TUR:MIL", name="Turkey (military)", mention="Turkish troops", type="state", country="TUR", sector="MIL"
)
ERDOGAN = Entity(
    id="recep_tayyip_erdogan",
    name="Recep Tayyip Erdoğan",
    mention="Erdogan",
    type="person",
    country="TUR",
    sector="GOV",
    wikidata="Q39259",
)
EXTRACTOR = Extractor(version="0.1.0", model="test")
ARTICLE_ONE = Article(
    id="a_one",
    text="Popular Front for Testing attacked Turkish troops. Erdogan condemned the attack.",
    source="reuters",
    published_at=datetime(2020, 10, 7, tzinfo=UTC),
)
ARTICLE_TWO = Article(
    id="a_two", text="Ali Veli said the Front would free the soldiers. Erdoğan welcomed it.", source="aljazeera"
)


def make_claim(
    claim_id: str, article: Article, sentence: str, plover: str, cue: str, quad: int, **fields: object
) -> Claim:
    """Return a claim of ``article`` stated by ``sentence`` (a sentence of its text), typed ``plover``,
    with ``fields`` set."""
    start = article.text.index(sentence)
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence))
    predicate = Predicate(text=cue, lemma=cue.split()[-1], plover=plover, quad=quad)
    return Claim.model_validate(
        {
            "id": claim_id,
            "article": article.ref(),
            "evidence": evidence,
            "predicate": predicate,
            "extractor": EXTRACTOR,
            "confidence": 0.8,
            **fields,
        }
    )


CLAIMS_ONE = [
    make_claim(
        "c_1",
        ARTICLE_ONE,
        "Popular Front for Testing attacked Turkish troops.",
        "ASSAULT",
        "attacked",
        4,
        subject=FRONT,
        object=TURKISH_TROOPS,
    ),
    make_claim("c_2", ARTICLE_ONE, "Erdogan condemned the attack.", "ACCUSE", "condemned", 3, subject=ERDOGAN),
]
CLAIMS_TWO = [
    make_claim(
        "c_3",
        ARTICLE_TWO,
        "Ali Veli said the Front would free the soldiers.",
        "CONCEDE",
        "would free",
        2,
        modality="future",
        subject=FRONT.model_copy(update={"mention": "the Front"}),
        attributed_to=SPOKESMAN,
    ),
    make_claim(
        "c_4",
        ARTICLE_TWO,
        "Erdoğan welcomed it.",
        "SUPPORT",
        "welcomed",
        1,
        subject=ERDOGAN.model_copy(update={"mention": "Erdoğan"}),
    ),
]

UNRESOLVED = [
    {
        "id": "x:popular_front_for_testing",
        "name": "Popular Front for Testing",
        "type": "organization",
        "mentions": 2,
        "claims": 2,
        "aliases": ["Popular Front for Testing", "the Front"],
    },
    {"id": "x:ali_veli", "name": "Ali Veli", "type": "person", "mentions": 1, "claims": 1, "aliases": ["Ali Veli"]},
]
ENTITIES = [
    {
        "id": "TUR:MIL",
        "name": "Turkey (military)",
        "type": "state",
        "country": "TUR",
        "sector": "MIL",
        "wikidata": None,
        "aliases": ["Turkish troops"],
        "mentions": 1,
    },
    {
        "id": "recep_tayyip_erdogan",
        "name": "Recep Tayyip Erdoğan",
        "type": "person",
        "country": "TUR",
        "sector": "GOV",
        "wikidata": "Q39259",
        "aliases": ["Erdogan", "Erdoğan"],
        "mentions": 2,
    },
    {
        "id": "x:ali_veli",
        "name": "Ali Veli",
        "type": "person",
        "country": None,
        "sector": None,
        "wikidata": None,
        "aliases": ["Ali Veli"],
        "mentions": 1,
    },
    {
        "id": "x:popular_front_for_testing",
        "name": "Popular Front for Testing",
        "type": "organization",
        "country": None,
        "sector": None,
        "wikidata": None,
        "aliases": ["Popular Front for Testing", "the Front"],
        "mentions": 2,
    },
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Return the URL of a SQLite store holding both articles and their claims."""
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    with open_store(url) as store:
        store.write_article(ARTICLE_ONE, CLAIMS_ONE, run_id="r1")
        store.write_article(ARTICLE_TWO, CLAIMS_TWO, run_id="r1")
    return url


def table_rows(output: str) -> list[list[str]]:
    """Return the body rows of the rich table in ``output`` as lists of cells (header and rules left out)."""
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in output.splitlines() if line.startswith("│")]


def test_registry_unresolved_json_lists_x_actors_most_mentioned_first(db: str) -> None:
    result = invoke("actors", "unresolved", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == UNRESOLVED


def test_registry_unresolved_limit_keeps_the_most_mentioned(db: str) -> None:
    result = invoke("actors", "unresolved", "--db", db, "--format", "json", "--limit", "1")
    assert json.loads(result.stdout) == UNRESOLVED[:1]


def test_registry_unresolved_table(db: str) -> None:
    result = invoke("actors", "unresolved", "--db", db)
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [
        [
            "x:popular_front_for_testing",
            "Popular Front for Testing",
            "organization",
            "2",
            "2",
            "Popular Front for Testing; the Front",
        ],
        ["x:ali_veli", "Ali Veli", "person", "1", "1", "Ali Veli"],
    ]
    assert result.stdout.splitlines()[-1] == "2 unresolved actors"


def test_registry_entities_json_one_row_per_entity(db: str) -> None:
    result = invoke("entities", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == ENTITIES


def test_registry_entities_table(db: str) -> None:
    result = invoke("entities", "--db", db)
    assert table_rows(result.stdout) == [
        ["TUR:MIL", "Turkey (military)", "state", "TUR", "MIL", "-", "Turkish troops", "1"],
        ["recep_tayyip_erdogan", "Recep Tayyip Erdoğan", "person", "TUR", "GOV", "Q39259", "Erdogan; Erdoğan", "2"],
        ["x:ali_veli", "Ali Veli", "person", "-", "-", "-", "Ali Veli", "1"],
        [
            "x:popular_front_for_testing",
            "Popular Front for Testing",
            "organization",
            "-",
            "-",
            "-",
            "Popular Front for Testing; the Front",
            "2",
        ],
    ]


@pytest.mark.parametrize(
    ("actor", "ids"),
    [
        ("TUR:MIL", ["TUR:MIL"]),
        ("front", ["x:popular_front_for_testing"]),
        ("ERDOĞAN", ["recep_tayyip_erdogan"]),
        ("Turkish", ["TUR:MIL"]),
        ("nobody", []),
    ],
)
def test_registry_entities_filter_by_actor(db: str, actor: str, ids: list[str]) -> None:
    result = invoke("entities", "--db", db, "--actor", actor, "--format", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == ids


@pytest.mark.parametrize("command", [("actors", "unresolved"), ("entities",)])
def test_registry_listing_rejects_unknown_format(db: str, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--db", db, "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown format 'xml': use table or json" in result.stderr


# --- actors add -------------------------------------------------------------------------------


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    """Return a copy of the bundled registry without user additions (the real one is never written)."""
    return Path(shutil.copytree(REGISTRY, tmp_path / "registry", ignore=shutil.ignore_patterns(ADDITIONS_FILE)))


def test_registry_add_then_a_new_load_resolves_the_name(registry_dir: Path) -> None:
    result = invoke(
        "actors",
        "add",
        "Popular Front for Testing",
        "--type",
        "organization",
        "--country",
        "syr",
        "--sector",
        "reb",
        "--alias",
        "PFT",
        "--alias",
        "the Testing Front",
        "--wikidata",
        "Q123456",
        "--registry",
        str(registry_dir),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "popular_front_for_testing\n"
    registry = ActorRegistry.load(registry_dir)
    expected = Entity(
        id="popular_front_for_testing",
        name="Popular Front for Testing",
        mention="",
        type="organization",
        country="SYR",
        sector="REB",
        wikidata="Q123456",
    )
    for mention in ("the Popular Front for Testing", "PFT", "the Testing Front"):
        assert registry.resolve(mention) == expected.model_copy(update={"mention": mention})


ROLE = "interior minister:EST:GOV:2016-05-01:2017-05-01"


@pytest.mark.parametrize(
    ("on", "expected_id"),
    [
        (date(2016, 4, 30), "EST:GOV"),
        (date(2016, 5, 1), "jane_roe"),
        (date(2017, 4, 30), "jane_roe"),
        (date(2017, 5, 1), "EST:GOV"),
    ],
)
def test_registry_add_role_holds_between_its_dates(registry_dir: Path, on: date, expected_id: str) -> None:
    result = invoke(
        "actors",
        "add",
        "Jane Roe",
        "--type",
        "person",
        "--country",
        "TUR",
        "--sector",
        "ELI",
        "--role",
        ROLE,
        "--registry",
        str(registry_dir),
    )
    assert result.exit_code == 0, result.output
    entity = ActorRegistry.load(registry_dir).resolve("the Estonian interior minister", on=on)
    assert (entity.id, entity.country, entity.sector) == (expected_id, "EST", "GOV")


def test_registry_add_person_outside_roles_keeps_country_and_sector(registry_dir: Path) -> None:
    invoke(
        "actors",
        "add",
        "Jane Roe",
        "--type",
        "person",
        "--country",
        "TUR",
        "--sector",
        "ELI",
        "--wikidata",
        "Q7",
        "--role",
        ROLE,
        "--registry",
        str(registry_dir),
    )
    entity = ActorRegistry.load(registry_dir).resolve("Jane Roe", on=date(2020, 1, 1))
    assert entity == Entity(
        id="jane_roe", name="Jane Roe", mention="Jane Roe", type="person", country="TUR", sector="ELI", wikidata="Q7"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--type", "militia"],
            "unknown actor type 'militia': use one of person, state, organization, armed_group, igo, other",
        ),
        (["--type", "person", "--country", "XYZ"], "unknown country 'XYZ': use an ISO 3166 alpha-3 code"),
        (["--type", "person", "--country", "TR"], "unknown country 'TR'"),
        (["--type", "person", "--wikidata", "39259"], "'39259' is not a Wikidata QID"),
        (["--type", "person", "--wikidata", "Q0"], "'Q0' is not a Wikidata QID"),
        (["--type", "person", "--sector", "XXX"], "unknown sector 'XXX'"),
        (
            ["--type", "person", "--role", "president:TUR"],
            "bad --role 'president:TUR': write OFFICE:COUNTRY:SECTOR:START:END",
        ),
        (["--type", "person", "--role", "chief wizard:TUR:GOV::"], "unknown office 'chief wizard'"),
        (["--type", "person", "--role", "president:ZZZ:GOV::"], "unknown country 'ZZZ' in --role"),
        (["--type", "person", "--role", "president:TUR:GOV:2020-13-01:"], "bad date '2020-13-01'"),
        (["--type", "person", "--role", "president:TUR:GOV:2020-01-01:2019-01-01"], "ends before it starts"),
    ],
)
def test_registry_add_rejects_bad_entries_and_writes_nothing(
    registry_dir: Path, options: list[str], message: str
) -> None:
    result = invoke("actors", "add", "Jane Roe", *options, "--registry", str(registry_dir))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in " ".join(result.stderr.split())
    assert not (registry_dir / ADDITIONS_FILE).exists()


def test_registry_add_twice_is_refused(registry_dir: Path) -> None:
    assert invoke("actors", "add", "Jane Roe", "--type", "person", "--registry", str(registry_dir)).exit_code == 0
    again = invoke("actors", "add", "Jane Roe", "--type", "person", "--registry", str(registry_dir))
    assert again.exit_code == 2
    assert "an actor with id 'jane_roe' exists" in " ".join(again.stderr.split())
    assert [row["id"] for row in json.loads((registry_dir / ADDITIONS_FILE).read_text())["entries"]] == ["jane_roe"]
