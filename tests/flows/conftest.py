"""Fixtures of the flow tests: a real Prefect server on loopback (``prefect server start``), with its own
home, for the tests that read what Prefect stored (runs, parameters, logs) over its HTTP API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, *, timeout: float, every: float = 0.5):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    return check()


def healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Start ``prefect server start`` on a free loopback port with its own home; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "1",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api", "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    }
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    api = env["PREFECT_API_URL"]
    if not wait_for(lambda: healthy(api), timeout=90):
        server.terminate()
        pytest.fail(f"the Prefect server did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
    yield api, env
    server.terminate()
    server.wait(timeout=30)
    log.close()




@pytest.fixture
def wait_until():  # noqa: ANN201
    """Return ``wait_for``: poll a check until it returns something truthy or the timeout passes."""
    return wait_for
