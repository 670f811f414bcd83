"""What the browser tests share: an app served by uvicorn on a free loopback port, and Debian's Chromium
(missing: a skip on a developer's machine, a failure in CI, where the browser tests must run). Importable
from any test module (tests/ is on sys.path through tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a free port; yield its base URL, then stop it."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 15 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def chromium() -> str:
    """Return the path of Debian's chromium; skip the test without it, fail it when ``CI`` is set."""
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium; make test does it)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI is set, so the browser tests must run")
        pytest.skip(reason)
    return path
