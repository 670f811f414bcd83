"""Shared fixtures: the loaded pipeline (once per session), the seed article, a store per test."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Runs parse in their own process unless a test asks for worker processes (tests/pipeline/test_workers.py, the
# flow and kill tests do): two test processes already share the two cores, and a pool per run would double
# the loading.
os.environ.setdefault("CLAIMGRAPH_WORKERS", "1")
# The machine is shared: the ephemeral Prefect server may take longer than its default 20 s to start.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# Each test process (each pytest-xdist worker) gets its own Prefect home, so two ephemeral servers
# never share one SQLite database, and no test reads or writes the developer's ~/.prefect.
PREFECT_HOME = tempfile.mkdtemp(prefix=f"claimgraph-prefect-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-")
os.environ["PREFECT_HOME"] = PREFECT_HOME
atexit.register(shutil.rmtree, PREFECT_HOME, ignore_errors=True)
# The built gazetteer and registry are cached in a folder of this test process (the pipelines it builds and the
# commands it starts share it), never in the developer's ~/.cache, whose state no test may depend on.
CACHE_DIR = tempfile.mkdtemp(prefix=f"claimgraph-cache-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-")
os.environ["CLAIMGRAPH_CACHE_DIR"] = CACHE_DIR
atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)

from pipeline.run import Pipeline, build_pipeline, extractor_model  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.steps import load_model_scorer  # noqa: E402
from pipeline.store import Store, open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Test modules import the shared record builders (tests/builders.py) by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = ROOT / "corpora" / "samples" / "putin-erdogan.txt"


@pytest.fixture(scope="session")
def rules_pipeline() -> Pipeline:
    """The spaCy parser with claimgraph's components and the registries, no classifier: what rule tests need."""
    return build_pipeline(Settings(classifier=False))


@pytest.fixture(scope="session")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    """The full pipeline (rules and the committed pair model under its policy), sharing the rules pipeline's
    spaCy model so a session loads the parser once."""
    settings = Settings()
    scorer = load_model_scorer(settings)
    extractor = rules_pipeline.normalizer.extractor.model_copy(update={"model": extractor_model(settings, scorer)})
    normalizer = replace(rules_pipeline.normalizer, extractor=extractor)
    return replace(rules_pipeline, settings=settings, scorer=scorer, normalizer=normalizer)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_db(f"sqlite:///{tmp_path / 'claims.db'}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.db_url) as opened:
        yield opened


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"{SHARED_DATA} is not here: the shared gold data sits beside the repository in CI")
    return SHARED_DATA


POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
POSTGRES_MAINTENANCE_DB = "test"

def skip_or_fail(reason: str) -> None:
    """Skip the test, or fail it where ``CI`` is set (CI must run the PostgreSQL tests)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so PostgreSQL tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """Create a uniquely named PostgreSQL database for this test module; drop it afterwards."""
    maintenance_url = f"{POSTGRES_SERVER}/{POSTGRES_MAINTENANCE_DB}"
    admin = create_engine(maintenance_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as e:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {maintenance_url}: {e.orig}")
    yield f"{POSTGRES_SERVER}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


# --- a real local HTTP server serving feeds and article pages ----------------------------------

import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402


@dataclass
class Route:
    """What the server answers on one path: ``failures`` 500s first, ``delay`` seconds late, ``size`` bytes streamed."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    failures: int = 0
    delay: float = 0.0
    size: int = 0


class NewsServer:
    """A threaded ``http.server`` on 127.0.0.1 whose routes a test sets; it counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes = b"", **options: object) -> None:
        """Answer ``path`` with ``body`` and the ``Route`` options given."""
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]

    def hits(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == path)

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    return self.answer(404, b"not found", "text/plain", {})
                if route.failures > 0:
                    route.failures -= 1
                    return self.answer(500, b"try later", "text/plain", {})
                time.sleep(route.delay)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    return self.answer(304, b"", route.content_type, route.headers)
                if route.size:
                    return self.stream(route)
                self.answer(route.status, route.body, route.content_type, route.headers)

            def answer(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def stream(self, route: Route) -> None:
                # No Content-Length: the client must count the bytes and stop itself.
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_530 + b"</p>"
                try:
                    for _ in range(route.size // len(chunk) + 1):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


@pytest.fixture
def news_server() -> Iterator[NewsServer]:
    """Start a real HTTP server on a free loopback port; stop it afterwards."""
    server = NewsServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def load_benchmark() -> Callable[[str], ModuleType]:
    """Return a loader of a script under benchmarks/ as a module, by name ("meantime_times")."""
    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
        return module
    return load
