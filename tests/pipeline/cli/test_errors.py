"""The one error path of the command line (``pipeline.cli.guard``): every failure a user can cause is
one line naming the problem and the fix, exit status 2, never a traceback, and a read command never
creates a store (no file, no directory, no table)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import open_store

UNREACHABLE = "postgresql://postgres:pw@127.0.0.1:1/claims"
NOT_A_URL = "nonsense"
# (arguments, environment, words the one error line must hold)
CASES = {
    "claims-bad-url": (["claims", "--db", NOT_A_URL], {}, "not a database URL"),
    "entities-bad-url": (["entities", "--db", NOT_A_URL], {}, "not a database URL"),
    "export-bad-url": (["export", "--out", "{tmp}/x.jsonl", "--db", NOT_A_URL], {}, "not a database URL"),
    "claims-unreachable": (["claims", "--db", UNREACHABLE], {}, "check the server is running"),
    "entities-unreachable": (["entities", "--db", UNREACHABLE], {}, "check the server is running"),
    "export-unreachable": (["export", "--out", "{tmp}/x.jsonl", "--db", UNREACHABLE], {}, "check the server is running"),
    "claims-no-dir": (["claims", "--db", "sqlite:///{tmp}/no/dir/x.db"], {}, "no store at"),
    "claims-format": (["claims", "--format", "xml", "--db", "{db}"], {}, "'xml' is not one of 'table', 'jsonl'"),
    "entities-format": (["entities", "--format", "xml", "--db", "{db}"], {}, "unknown format 'xml': use table or json"),
    "export-format": (["export", "--out", "{tmp}/x", "--format", "xml", "--db", "{db}"], {}, "use jsonl or gold"),
    "claims-type": (["claims", "--type", "FOO", "--db", "{db}"], {}, "use one of AGREE, CONSULT"),
    "export-graph-dir": (
        ["export-graph", "--out", "{tmp}/missing/dir/x.ttl", "--format", "rdf", "--db", "{db}"], {},
        "does not exist: create it",
    ),
    "export-graph-stdout": (["export-graph", "--out", "-", "--db", "{db}"], {}, "give a file path"),
    "batch-size": (["claims", "--db", "{db}"], {"CLAIMGRAPH_BATCH_SIZE": "abc"}, "CLAIMGRAPH_BATCH_SIZE='abc'"),
    "set-unknown": (["run", "{tmp}", "--set", "speed=9", "--db", "{db}"], {}, "unknown setting 'speed'"),
    "set-secret": (["run", "{tmp}", "--set", "review_token=x", "--db", "{db}"], {}, "export CLAIMGRAPH_REVIEW_TOKEN"),
    "unknown-option": (["claims", "--colour"], {}, "No such option: --colour"),
    "schedule-no-server": (["schedule", "{tmp}/good.toml"], {"PREFECT_API_URL": ""}, "PREFECT_API_URL is not set"),
    "schedule-unreachable": (
        ["schedule", "{tmp}/good.toml"], {"PREFECT_API_URL": "http://127.0.0.1:1/api"}, "no Prefect server answers",
    ),
    "schedule-bad-cron": (["schedule", "{tmp}/bad.toml"], {}, "'99 99 * * *' is neither an interval"),
}
FEED = '[[feed]]\nname = "news"\nurl = "https://example.org/rss"\noutlet = "News"\nschedule = "{schedule}"\n'


@pytest.fixture
def empty_store(tmp_path: Path) -> str:
    """Return the URL of an existing store with nothing in it, beside two feed lists (a good and a bad schedule)."""
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    open_store(db).close()
    (tmp_path / "good.toml").write_text(FEED.format(schedule="0 6 * * *"), encoding="utf-8")
    (tmp_path / "bad.toml").write_text(FEED.format(schedule="99 99 * * *"), encoding="utf-8")
    return db


@pytest.mark.parametrize(("arguments", "environment", "words"), list(CASES.values()), ids=list(CASES))
def test_errors_one_line_exit_2_and_no_store_created(
    tmp_path: Path, empty_store: str, arguments: list[str], environment: dict[str, str], words: str
) -> None:
    before = sorted(tmp_path.rglob("*"))
    filled = [a.format(tmp=tmp_path, db=empty_store) for a in arguments]
    result = CliRunner(env=environment).invoke(app, filled)
    lines = result.output.strip().splitlines()
    assert (result.exit_code, len(lines)) == (2, 1), result.output
    assert lines[0].startswith("error: ") and words in lines[0]
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(tmp_path.rglob("*")) == before


def test_errors_read_command_leaves_an_empty_postgresql_database_empty(postgres_url: str) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", postgres_url])
    assert result.exit_code == 2 and "no claimgraph store in" in result.output
    engine = create_engine(postgres_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_errors_password_never_shown(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", "postgresql://postgres:hunter2@127.0.0.1:1/claims"])
    assert result.exit_code == 2 and "postgres:***@127.0.0.1:1/claims" in result.output
    assert "hunter2" not in result.output


def test_errors_export_to_dash_writes_standard_output(tmp_path: Path, stored_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export", "--out", "-", "--db", stored_db])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    lines = result.stdout.strip().splitlines()
    assert len(lines) > 10 and all(line.startswith('{"id":') for line in lines)
    assert result.stderr.strip() == f"wrote {len(lines)} claims to standard output"
