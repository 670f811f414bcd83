"""``claimgraph compare`` over three outlets of our own sentences: a meeting reported either way round
is one cluster (and a contradiction between the two outlets); "Russia" stands for its government and
military; outlet names match case-insensitively and an unknown one is refused in one line; tables
print names, never Python lists or raw ids.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare.refresh import refresh_graph
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

ARTICLES = [
    {"id": "ankara-1", "source": "Ankara Daily", "published_at": "2026-03-04", "title": "No meeting",
     "text": "Erdogan did not meet Putin in Sochi on Monday, a spokesman said."},
    {"id": "moscow-1", "source": "Moscow Wire", "published_at": "2026-03-04", "title": "Meeting",
     "text": "Putin met Erdogan in Sochi on Monday."},
    {"id": "levant-1", "source": "Levant Monitor", "published_at": "2026-03-04", "title": "Strikes",
     "text": "Russian jets bombed Syrian rebels near Idlib on Tuesday. The Kremlin criticized Turkey on Wednesday."},
]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> str:
    folder = tmp_path_factory.mktemp("compare-cli")
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    url = f"sqlite:///{folder / 'claims.db'}"
    settings = Settings().with_db(url)
    with open_store(url) as store:
        run_sources([str(folder / "articles.jsonl")], settings, store=store, pipeline=pipeline)
        refresh_graph(store, encoder=None)
    return url


def compare(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["compare", "--db", db_url, "--no-refresh", *args])
    return result.exit_code, result.output


def compare_json(db_url: str, *args: str) -> dict:
    code, output = compare(db_url, *args, "--format", "json")
    assert code == 0, output
    return json.loads(output)


def test_compare_meeting_either_way_round_is_one_contradicted_cluster(db_url: str) -> None:
    report = compare_json(db_url, "--actor", "Putin", "--actor", "Erdogan")

    assert [(c["subject_name"], c["plover"], c["object_name"], c["asserted_by"], c["contradicted_by"])
            for c in report["clusters"]] == [
        ("Recep Tayyip Erdoğan", "CONSULT", "Vladimir Putin", ["Moscow Wire"], ["Ankara Daily"])]
    assert [c["plover"] for c in report["contradictions"]] == ["CONSULT"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--actor", "Russia"], [("Russia (government)", "ACCUSE"), ("Russia (military)", "ASSAULT")]),
    (["--actor", "RUS"], [("Russia (government)", "ACCUSE"), ("Russia (military)", "ASSAULT")]),
    (["--actor", "RUS:MIL"], [("Russia (military)", "ASSAULT")]),
], ids=["state-name", "state-code", "one-sector"])
def test_compare_actor_state_includes_its_sectors(db_url: str, args: list[str], expected: list) -> None:
    report = compare_json(db_url, *args)

    assert sorted((c["subject_name"], c["plover"]) for c in report["clusters"]) == expected


def test_compare_outlets_case_insensitive(db_url: str) -> None:
    report = compare_json(db_url, "--outlet", "ankara DAILY", "--outlet", "moscow wire")

    assert report["outlets"] == ["Ankara Daily", "Moscow Wire"]
    assert [(c["subject_name"], c["object_name"]) for c in report["contradict"]] == [
        ("Recep Tayyip Erdoğan", "Vladimir Putin")]


@pytest.mark.parametrize(("args", "message"), [
    (["--outlet", "Nope", "--outlet", "Moscow Wire"],
     "error: unknown outlet 'Nope': the store knows Ankara Daily, Levant Monitor, Moscow Wire"),
    (["--actor", "Atlantis"], "error: no actor in the store matches 'Atlantis'"),
    (["--actor", "Russia", "--no-sectors"], "error: no actor in the store matches 'Russia'"),
], ids=["unknown-outlet", "unknown-actor", "state-not-stored-without-sectors"])
def test_compare_refuses_unknown_names_in_one_line(db_url: str, args: list[str], message: str) -> None:
    code, output = compare(db_url, *args)

    assert code == 2
    assert len(output.strip().splitlines()) == 1 and output.startswith(message)


def test_compare_table_prints_names_not_lists_or_ids(db_url: str) -> None:
    code, output = compare(db_url, "--actor", "Russia")

    assert code == 0
    assert "actors: Russia (government), Russia (military)" in output
    assert "Russia (military)" in output and "Syria (rebels)" in output
    assert "[" not in output and "RUS:MIL" not in output and "SYR:REB" not in output


def test_compare_tables_for_outlets_have_no_python_lists(db_url: str) -> None:
    code, output = compare(db_url, "--outlet", "Ankara Daily", "--outlet", "Moscow Wire")

    assert code == 0
    assert "outlets: Ankara Daily; Moscow Wire" in output and "[" not in output
    assert "recep_tayyip_erdogan" not in output and "Recep Tayyip Erdoğan" in output
