"""The shared options' helpers: ``check_out_path`` lets an export write new files anywhere and
replace files only inside the working directory, unless ``--force``; ``settings_for`` lets ``--db`` win."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from pipeline.cli.options import check_out_path, prefect_home_environment, settings_for
from pipeline.errors import ConfigError


@pytest.mark.parametrize(
    ("where", "exists", "link", "force", "allowed"),
    [
        ("inside", False, False, False, True),
        ("inside", True, False, False, True),
        ("outside", False, False, False, True),
        ("outside", True, False, False, False),
        ("outside", True, False, True, True),
        ("inside", False, True, False, False),
        ("inside", False, True, True, True),
    ],
)
def test_options_check_out_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, exists: bool, link: bool, force: bool, allowed: bool
) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(tmp_path / "inside")
    path = tmp_path / where / "out.jsonl"
    if exists:
        path.write_text("kept\n")
    if link:
        path.symlink_to(tmp_path / "outside" / "target.jsonl")
    if allowed:
        assert check_out_path(path, force=force) == path
    else:
        with pytest.raises(typer.Exit) as raised:
            check_out_path(path, force=force)
        assert raised.value.exit_code == 2


@pytest.mark.parametrize(
    ("db", "env", "expected"),
    [
        (None, "sqlite:///env.db", "sqlite:///env.db"),
        ("sqlite:///opt.db", "sqlite:///env.db", "sqlite:///opt.db"),
    ],
)
def test_options_settings_for_prefers_the_db_option(
    monkeypatch: pytest.MonkeyPatch, db: str | None, env: str, expected: str
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_DB", env)
    assert settings_for(db).db_url == expected


def test_options_settings_for_takes_every_setting_from_set_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_FETCH_CONCURRENCY", "3")
    monkeypatch.setenv("CLAIMGRAPH_FETCH_RETRIES", "9")
    settings = settings_for(None, assignments=["fetch_timeout_s=2.5", "FETCH_RETRIES=5", "max_body_bytes = 1000"])
    found = (settings.fetch_timeout_s, settings.fetch_retries, settings.max_body_bytes, settings.fetch_concurrency)
    assert found == (2.5, 5, 1000, 3)


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("fetch_timeout_s", "--set 'fetch_timeout_s': write NAME=VALUE"),
        ("fetch_timeout_s=soon", "fetch_timeout_s='soon' is refused"),
        ("db=sqlite:///x.db", "--set db: a secret is never taken from the command line; export CLAIMGRAPH_DB"),
    ],
)
def test_options_settings_for_refuses_a_bad_set(assignment: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        settings_for(None, assignments=[assignment])
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("environ", "profiles", "own_home"), [
    ({}, None, True),
    ({}, 'active = "ephemeral"\n[profiles.ephemeral]\nPREFECT_SERVER_ALLOW_EPHEMERAL_MODE = "true"\n', True),
    ({}, 'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://prefect.example:4200/api"\n', False),
    ({}, "active = [unclosed\n", False),
    ({"PREFECT_API_URL": "http://127.0.0.1:4200/api"}, None, False),
    ({"PREFECT_HOME": "/srv/prefect"}, None, False),
    ({"PREFECT_PROFILES_PATH": "/srv/profiles.toml"}, None, False),
])
def test_options_a_run_gets_its_own_prefect_home_unless_the_user_chose_one(
    tmp_path: Path, environ: dict[str, str], profiles: str | None, own_home: bool,
) -> None:
    if profiles is not None:
        (tmp_path / ".prefect").mkdir()
        (tmp_path / ".prefect" / "profiles.toml").write_text(profiles, encoding="utf-8")
    before = dict(environ)
    prefect_home_environment(environ, home=tmp_path)
    expected = {**before, "PREFECT_HOME": str(tmp_path / ".claimgraph" / "prefect")} if own_home else before
    assert environ == expected
    assert (tmp_path / ".claimgraph" / "prefect").is_dir() == own_home
