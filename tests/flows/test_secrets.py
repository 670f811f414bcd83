"""Secrets never land in Prefect: ``claimgraph run`` against a real Prefect server, with a password in the
PostgreSQL URL and the review token and session key in the environment, stores its claims; then what
the server holds (flow and task runs with their parameters, every log line, the artifacts) is read back
over its HTTP API: none of the three secrets appears, and the run logged each batch. Deployments
(``schedule``) carry no secret either, and a flow refuses settings that carry one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from flows.feeds import deployments_for, settings_parameter
from flows.main import check_public, claimgraph_run, resolve_store_url
from pipeline.errors import ConfigError
from pipeline.records import Feed
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "samples"
PASSWORD = "pw-Zq81-never-shown"
TOKEN = "token-Kd42-never-shown"
SESSION_KEY = "key-Rt93-never-shown"
SECRETS = (PASSWORD, TOKEN, SESSION_KEY)


def with_password(url: str) -> str:
    """Return the PostgreSQL URL with ``PASSWORD`` in it (the test server trusts any password)."""
    return url.replace("postgresql+psycopg://postgres@", f"postgresql://postgres:{PASSWORD}@")


def read_back(api: str) -> dict[str, list[dict]]:
    """Return what the Prefect server holds: flow runs, task runs, logs and artifacts, as its API lists them."""
    with httpx.Client(base_url=api, timeout=10) as client:
        found = {kind: client.post(f"/{kind}/filter", json={}).json() for kind in ("flow_runs", "task_runs", "artifacts")}
        found["logs"] = client.post("/logs/filter", json={"limit": 200}).json()
    return found


@pytest.mark.slow
def test_secrets_never_reach_prefect_parameters_logs_or_artifacts(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]], postgres_url: str,
) -> None:
    api, env = prefect_server
    db = with_password(postgres_url)
    secrets = {"CLAIMGRAPH_REVIEW_TOKEN": TOKEN, "CLAIMGRAPH_REVIEW_SECRET": SESSION_KEY, "CLAIMGRAPH_CLASSIFIER": "0"}
    command = [str(Path(sys.executable).parent / "claimgraph"), "run", str(SAMPLES), "--db", db, "--set", "batch_size=1"]
    done = subprocess.run(command, env={**env, **secrets}, cwd=tmp_path, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not any(secret in done.stdout + done.stderr for secret in SECRETS)
    assert "batch 1:" not in done.stderr  # the lines per batch go to Prefect; the terminal shows the summary

    held = read_back(api)
    shown = json.dumps(held)
    assert [secret for secret in SECRETS if secret in shown] == []
    [run] = held["flow_runs"]
    assert sorted(run["parameters"]) == ["run_id", "settings", "sources"]
    assert run["parameters"]["settings"]["db"] is None and run["parameters"]["settings"]["review_token"] is None
    messages = [log["message"] for log in held["logs"]]
    assert any(m.startswith("batch 1: 1 articles, 1 new,") for m in messages), messages
    assert any(m.startswith("run run_") and "finished: read 1, new 1, duplicate 0, failed 0, claims" in m
               for m in messages), messages
    names = {task["name"] for task in held["task_runs"]}
    assert {"process batch 1 (1 articles)", "write batch 1 (1 articles)"} <= names, names
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM claims")).scalar_one() > 10
    finally:
        engine.dispose()


def test_secrets_deployments_carry_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_REVIEW_TOKEN", TOKEN)
    settings = Settings.from_env().with_db(f"postgresql://u:{PASSWORD}@db/claims")
    feed = Feed(name="news", url="https://example.org/rss", outlet="News", schedule="0 6 * * *")
    with pytest.raises(ConfigError, match="pass settings.public"):
        deployments_for([feed], settings)
    [deployment] = deployments_for([feed], settings.public())
    shown = json.dumps(deployment.parameters) + repr(settings) + json.dumps(settings_parameter(settings.public()))
    assert [secret for secret in SECRETS if secret in shown] == []
    assert settings.db_url.endswith(f":{PASSWORD}@db/claims") and settings.review_token is not None


def test_secrets_flow_refuses_settings_that_carry_one() -> None:
    settings = Settings().with_db("sqlite:///x.db")
    with pytest.raises(ConfigError, match="flow settings carry db"):
        check_public(settings)
    assert check_public(settings.public()) == settings.public()
    with pytest.raises(ConfigError):
        claimgraph_run.fn([], settings)


@pytest.mark.slow
def test_secrets_store_url_from_a_prefect_secret_block(tmp_path: Path) -> None:
    from prefect.blocks.system import Secret

    url = f"sqlite:///{tmp_path / 'kept.db'}"
    Secret(value=url).save("claimgraph-test-store", overwrite=True)
    assert resolve_store_url("prefect-secret:claimgraph-test-store") == url
    assert resolve_store_url(url) == url
    with pytest.raises(ConfigError, match="no Prefect Secret block 'claimgraph-test-absent'"):
        resolve_store_url("prefect-secret:claimgraph-test-absent")
