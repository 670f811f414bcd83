"""The workbench's pages (GET only, nothing changes): the claim list, a claim, a group of claims
across outlets, an entity, the graph, a pair's claims over time, precision from the reviews and the
gold download.

Owns how query parameters become filters and what each template is given. Imports FastAPI, the
review store and the workbench's own modules; never a stage.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from starlette.datastructures import QueryParams

from pipeline.ontology import QUAD
from pipeline.records import PLOVER_TYPES
from pipeline.store.review_queries import STATUSES, ClaimFilters
from pipeline.store.review_store import ReviewStore
from pipeline.store.reviews import CHOICES, REVIEW_FIELDS
from pipeline.store.rows import claim_from_record
from pipeline.workbench.gold import iter_gold_rows
from pipeline.workbench.highlight import article_segments
from pipeline.workbench.plot import month_plot
from pipeline.workbench.rendering import base_path, render

router = APIRouter()
PAGE_SIZE = 50
GRAPH_EDGES = 300
MAX_GRAPH_EDGES = 1000
# The graph's colours: one per quad class, cooperation green, conflict red, material darker than verbal.
QUAD_CLASSES = (
    (1, "verbal cooperation", "#43a047"), (2, "material cooperation", "#1b5e20"),
    (3, "verbal conflict", "#fb8c00"), (4, "material conflict", "#c62828"),
)


def reviews_of(request: Request) -> ReviewStore:
    """Return the review store the app was built with."""
    return request.app.state.reviews


def confidence_of(value: str | None) -> float | None:
    """Return ``value`` as a confidence in [0, 1], or None when blank or not a number."""
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0.0 <= number <= 1.0 else None


def filters_of(params: QueryParams) -> ClaimFilters:
    """Return the claim-list filters in ``params``; values outside their sets are dropped."""
    text = {
        name: (params.get(name) or "").strip()
        for name in ("actor", "outlet", "date_from", "date_to", "text", "subject_id", "object_id")
    }
    plover = (params.get("plover") or "").upper()
    status = params.get("status") or ""
    return ClaimFilters(
        **text,
        plover=plover if plover in PLOVER_TYPES else "",
        status=status if status in STATUSES else "",
        min_confidence=confidence_of(params.get("min_confidence")),
    )


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    """Send the visitor to the claim list."""
    return RedirectResponse(f"{base_path(request)}/claims", status_code=303)


@router.get("/claims", response_class=HTMLResponse)
def claim_list(request: Request, after: str = "", before: str = "", limit: int = PAGE_SIZE) -> HTMLResponse:
    """The filtered claim list, one keyset page (of at most ``MAX_PAGE`` claims) at a time."""
    filters = filters_of(request.query_params)
    reviews = reviews_of(request)
    page = reviews.claim_page(filters, after=after, before=before, limit=limit)
    return render(
        request,
        "claims.html",
        page=replace(page, rows=[reviewed_row(row) for row in page.rows]),
        filters=filters,
        query=filters.query(),
        statuses=STATUSES,
        outlets=reviews.outlets(),
    )


def reviewed_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return a claim-list row with its polarity and modality as last reviewed, the extracted ones kept beside
    (``extracted_polarity``, ``extracted_modality``)."""
    state = row.get("review_state") or {}
    return {**row, "polarity": state.get("polarity", row["polarity"]),
            "modality": state.get("modality", row["modality"]),
            "extracted_polarity": row["polarity"], "extracted_modality": row["modality"]}


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Return the leaves of a nested record as (dotted name, value) pairs, in field order."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in flatten(item, f"{prefix}{key}.")]
    if isinstance(value, list):
        return [(prefix.rstrip("."), ", ".join(map(str, value)) or "-")]
    return [(prefix.rstrip("."), value)]


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str) -> HTMLResponse:
    """One claim: the article with its parts highlighted, every field, the review forms and the audit trail."""
    reviews = reviews_of(request)
    filters = filters_of(request.query_params)
    claim, article, state, history = reviews.claim(claim_id)
    previous_id, next_id = reviews.neighbours(filters, claim_id)
    return render(
        request,
        "claim.html",
        claim=claim,
        article=article,
        state=state,
        history=history,
        segments=article_segments(claim, article.get("text") or ""),
        fields=flatten(claim.model_dump(mode="json")),
        previous_id=previous_id,
        next_id=next_id,
        query=filters.query(),
        choices=CHOICES,
        review_fields=REVIEW_FIELDS,
        names=reviews.entity_names([value for value in (state["subject"], state["object"]) if value]),
    )


def stance(row: dict[str, Any]) -> str:
    """Return "contradicts" for a claim an outlet negates or denies, else "affirms"."""
    return "contradicts" if row["polarity"] == "negated" or row["modality"] == "denied" else "affirms"


@router.get("/groups", response_class=HTMLResponse)
def group_page(request: Request, subject: str, plover: str, object: str = "") -> HTMLResponse:
    """The claims of one (subject, object, type) group side by side per outlet, agreeing or contradicting."""
    rows = reviews_of(request).group(subject, object or None, plover)
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_outlet[row["source"] or "(none)"].append({**row, "stance": stance(row), "sentence": claim_sentence(row)})
    stances = {outlet: {item["stance"] for item in items} for outlet, items in by_outlet.items()}
    names = reviews_of(request).entity_names([subject] + ([object] if object else []))
    return render(
        request,
        "group.html",
        by_outlet=dict(by_outlet),
        stances=stances,
        subject=subject,
        object=object,
        plover=plover,
        names=names,
        contradicted=len({s for found in stances.values() for s in found}) > 1,
    )


def claim_sentence(row: dict[str, Any]) -> str:
    """Return the evidence sentence stored in a claim row's record."""
    return claim_from_record(row["record"]).evidence.sentence


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    """One entity: its aliases by role, merges and splits, and the timeline of its claims."""
    entity = reviews_of(request).entity(entity_id)
    if entity is None:
        raise HTTPException(status_code=404, detail=f"no entity {entity_id!r}")
    return render(request, "entity.html", entity=entity)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, actor: str = "", plover: str = "", limit: int = GRAPH_EDGES) -> HTMLResponse:
    """The actors and their claims as a graph one can filter and click through, edges coloured by quad class (drawn
    by cytoscape.js, vendored under static/)."""
    plover = plover.upper() if plover.upper() in PLOVER_TYPES else ""
    edges = reviews_of(request).graph(actor=actor.strip(), plover=plover, limit=max(1, min(limit, MAX_GRAPH_EDGES)))
    data = {"edges": [{**edge, "quad": QUAD[edge["plover"]]} for edge in edges],
            "quads": {number: {"label": label, "color": color} for number, label, color in QUAD_CLASSES}}
    return render(request, "graph.html", edges=edges, data=data, quads=QUAD_CLASSES, actor=actor, plover=plover,
                  limit=limit)


@router.get("/plot", response_class=HTMLResponse)
def plot_page(request: Request, left: str = "", right: str = "") -> HTMLResponse:
    """Claims over time between two actors, as a server-drawn SVG of stacked bars per month and type."""
    rows = reviews_of(request).pair_months(left, right) if left and right else []
    names = reviews_of(request).entity_names([left, right])
    return render(request, "plot.html", plot=month_plot(rows), left=left, right=right, names=names)


def precision_rows(table: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Return one row per key: counts, reviewed total and precision (accepted over reviewed)."""
    rows = []
    for key, counts in table.items():
        reviewed = sum(counts.values())
        rows.append(
            {"key": key, **counts, "reviewed": reviewed, "precision": counts["accept"] / reviewed if reviewed else None}
        )
    return rows


@router.get("/precision", response_class=HTMLResponse)
def precision_page(request: Request) -> HTMLResponse:
    """Precision of the extracted claims per PLOVER type and per outlet, from the reviewers' latest decisions."""
    tables = reviews_of(request).precision()
    return render(
        request, "precision.html", by_type=precision_rows(tables["plover"]), by_outlet=precision_rows(tables["outlet"])
    )


@router.get("/gold.jsonl")
def gold_download(request: Request) -> StreamingResponse:
    """The reviewed claims as gold lines (``claimgraph review export-gold`` writes the same)."""
    rows = (json.dumps(row, ensure_ascii=False) + "\n" for row in iter_gold_rows(reviews_of(request)))
    return StreamingResponse(
        rows, media_type="application/x-ndjson", headers={"Content-Disposition": "attachment; filename=gold.jsonl"}
    )
