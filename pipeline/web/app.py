"""The JSON API over the store: GET /api/entities, /api/claims, /api/clusters and /api/graph?since=CURSOR;
GET / redirects to the review workbench, which ``claimgraph serve`` mounts at ``WORKBENCH_PATH``.

Every parameter is validated and bounded (page sizes capped, strings length-limited, PLOVER types
enumerated); queries are SQLAlchemy expressions only. The OpenAPI document is at /openapi.json, Swagger UI over it
at /docs (``pipeline.web.docs``: its scripts and styles from this server, never a CDN).
Imports FastAPI, the store (its queries and the graph feed) and records; never spaCy, Prefect or another stage.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from pipeline import __version__
from pipeline.records import PloverType
from pipeline.store import Store, graph, lookups, queries, reviewed
from pipeline.store.feed import CONTRACT, CONTRACT_VERSION, read_page
from pipeline.web.docs import add_docs_routes

MAX_PAGE = 500
MAX_GRAPH_PAGE = 1000
MAX_OFFSET = 1_000_000
MAX_TEXT = 200
MAX_QUERY_BYTES = 4096
WORKBENCH_PATH = "/review"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Text = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)]


def create_app(store: Store) -> FastAPI:
    """Return the API app reading ``store`` (the caller opens and closes it)."""
    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description=f"Claims, clusters and the graph feed ({CONTRACT} {CONTRACT_VERSION}).",
        # FastAPI's own /docs and /redoc load Swagger UI and ReDoc from a CDN (third-party scripts on a page of this
        # server, beside the workbench): add_docs_routes serves Swagger UI from the installed package instead.
        docs_url=None,
        redoc_url=None,
    )
    add_request_limits(app)
    add_docs_routes(app)
    add_record_routes(app, store)
    add_cluster_routes(app, store)
    add_graph_routes(app, store)
    return app


def add_request_limits(app: FastAPI) -> None:
    """Refuse overlong query strings and NUL bytes before any route runs; send ``/`` to the workbench."""

    @app.middleware("http")
    async def limit_query(request: Request, call_next: Any) -> Response:
        """Answer 414 to a query string longer than any valid set of filters (each is capped at
        ``MAX_TEXT``), 400 to a NUL byte."""
        query = request.scope.get("query_string", b"")
        if len(query) > MAX_QUERY_BYTES:
            return PlainTextResponse(f"query string over {MAX_QUERY_BYTES} bytes", status_code=414)
        if b"%00" in query or "\x00" in request.scope.get("path", ""):
            return PlainTextResponse("NUL byte in the request: no stored text holds one", status_code=400)
        return await call_next(request)

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> RedirectResponse:
        """Send a browser to the review workbench (mounted at ``WORKBENCH_PATH`` beside the API)."""
        return RedirectResponse(f"{request.scope.get('root_path', '').rstrip('/')}{WORKBENCH_PATH}", status_code=307)


def add_record_routes(app: FastAPI, store: Store) -> None:
    """Add ``/api/entities`` and ``/api/claims``, reading ``store``."""

    @app.get("/api/entities")
    def entities(q: Text = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Entities by id with their aliases; ``q`` filters by a part of the id or name."""
        with store.transaction("read entities") as connection:
            ids = graph.select_entity_ids(connection, query=q, limit=limit, offset=offset)
            payloads = graph.entity_payloads(connection, ids)
        return {"items": [payloads[i] for i in ids], "limit": limit, "offset": offset}

    @app.get("/api/claims")
    def claims(
        actor: Text = None, type: PloverType | None = None, source: Text = None, limit: Limit = 100, offset: Offset = 0
    ) -> dict[str, Any]:
        """Claim records matching every filter, by article then position, as served: the latest review's values in
        the fields, ``review`` saying who decided what and the values as extracted (null when unreviewed)."""
        with store.transaction("read claims") as connection:
            statement = queries.claims_statement(
                dialect=connection.dialect.name, actor=actor, plover=type, source=source
            )
            found = queries.list_claims(connection, statement.offset(offset).limit(limit))
            served = reviewed.served_records(connection, {claim.id: claim.model_dump(mode="json") for claim in found})
        return {"items": [served[claim.id] for claim in found], "limit": limit, "offset": offset}


def add_cluster_routes(app: FastAPI, store: Store) -> None:
    """Add ``/api/clusters``, reading ``store``."""

    @app.get("/api/clusters")
    def clusters(
        actor: Annotated[
            list[str], Query(max_length=2, description="one actor, or two for a pair (ids, names or mentions)")
        ] = [],  # noqa: B006  (FastAPI copies defaults)
        outlet: Text = None,
        contradicted: bool | None = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Claim clusters involving the actor(s) (a state with its sector actors, as ``claimgraph compare``), spoken
        to by ``outlet`` (any case), contradicted or not."""
        if any(len(name) > MAX_TEXT or not name for name in actor):
            raise HTTPException(status_code=422, detail=f"actor must be 1 to {MAX_TEXT} characters")
        with store.transaction("read clusters") as connection:
            families = [lookups.resolve_family(connection, name) for name in actor]
            outlets = lookups.known_outlets(connection) if outlet is not None else []
            named = next((known for known in outlets if known.lower() == (outlet or "").lower()), outlet)
            if not all(families) or (outlet is not None and named not in outlets):
                return {"items": [], "limit": limit, "offset": offset}
            found = graph.select_clusters(
                connection, families=families, outlet=named, contradicted=contradicted, limit=limit, offset=offset
            )
        return {"items": [cluster.model_dump(mode="json") for cluster in found], "limit": limit, "offset": offset}


def add_graph_routes(app: FastAPI, store: Store) -> None:
    """Add ``/api/graph``, the graph feed's pages after a cursor, reading ``store``."""

    @app.get("/api/graph")
    def graph_feed(
        since: Annotated[
            int, Query(ge=0, le=2**62, description="cursor: the last one you received (0 for everything)")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_GRAPH_PAGE)] = MAX_GRAPH_PAGE,
    ) -> Response:
        """Nodes, edges and tombstones changed after ``since``, by sequence; ask again with ``cursor`` while ``more``."""  # noqa: E501  (the OpenAPI description, kept on one line)
        with store.transaction("read the graph feed") as connection:
            page = read_page(connection, since, limit=limit)
        body = {**page.meta(), "nodes": page.nodes, "edges": page.edges, "deleted": page.deleted}
        # The page is plain JSON data already: serialized directly, not walked again by FastAPI's encoder
        # (half the time of a 500-item page).
        return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), media_type="application/json")
