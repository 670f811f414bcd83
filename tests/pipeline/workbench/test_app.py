"""Tests of ``pipeline.workbench`` at the HTTP level (no browser): pages render over a store the real
pipeline filled, article text is escaped, POSTs need the CSRF token, the review token guards every
page, decisions reach the list and the gold export."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pipeline.evaluate import parse_gold_line
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.store.models import ReviewRow
from pipeline.workbench import create_workbench_app

from .conftest import IMG, SCRIPT


def review_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(ReviewRow)).scalar_one()


@pytest.mark.parametrize(
    "path",
    [
        "/claims",
        "/claims?plover=COOPERATE&outlet=wire",
        "/claims?text=s-400",
        "/claims?status=unreviewed&min_confidence=0.7",
        "/claims?date_from=2020-11-21&date_to=2020-11-22",
        "/graph",
        "/graph?actor=TUR&plover=COOPERATE",
        "/plot?left=TUR&right=RUS",
        "/precision",
        "/groups?subject=TUR&object=RUS&plover=COOPERATE",
        "/entities/TUR",
        "/login",
    ],
)
def test_app_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers


def test_app_list_filters_by_outlet_and_text(client: TestClient) -> None:
    by_outlet = client.get("/claims", params={"outlet": "wire"}).text
    by_text = client.get("/claims", params={"text": "S-400 MISSILES"}).text

    assert len(re.findall(r'class="claim-row', by_outlet)) == 3
    assert re.findall(r"<td>(wire|seed)</td>", by_text) == ["wire"]


def page_ids(client: TestClient, **params: str) -> tuple[list[str], str]:
    page = client.get("/claims", params={"limit": "10", **params}).text
    return re.findall(r'data-id="([^"]+)"', page), page


def test_app_list_pages_by_claim_id(client: TestClient, workbench_store: Store) -> None:
    every = sorted(claim.id for claim in workbench_store.claims())
    seen, after = [], ""
    while True:
        ids, page = page_ids(client, after=after)
        seen.extend(ids)
        if 'id="next-page"' not in page:
            break
        after = ids[-1]
    back, _ = page_ids(client, before=seen[20])

    assert seen == every
    assert back == every[10:20]


def test_app_article_text_is_escaped(client: TestClient, hostile_claim_id: str) -> None:
    claim_page = client.get(f"/claims/{hostile_claim_id}").text
    list_page = client.get("/claims", params={"outlet": "hostile<b>outlet</b>"}).text

    for page in (claim_page, list_page):
        assert SCRIPT not in page and IMG not in page and "<b>outlet</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in claim_page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in claim_page


def test_app_claim_page_highlights_the_parts(client: TestClient, hostile_claim_id: str) -> None:
    page = client.get(f"/claims/{hostile_claim_id}").text

    marks = re.findall(r'<mark class="(\w+)" data-label="\w+">([^<]*)</mark>', page)
    assert marks == [("subject", "Russia"), ("cue", "attacked"), ("object", "Turkey")]


def test_app_post_without_csrf_token_is_refused(
    client: TestClient, workbench_store: Store, hostile_claim_id: str
) -> None:
    client.get("/claims")
    missing = client.post(f"/claims/{hostile_claim_id}/review", data={"action": "accept", "reviewer": "mallory"})
    wrong = client.post(
        f"/claims/{hostile_claim_id}/review", data={"action": "accept", "reviewer": "mallory", "csrf_token": "guess"}
    )

    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert review_count(workbench_store) == 0


def test_app_csrf_token_belongs_to_its_session(
    workbench_app, hostile_claim_id: str, csrf: str, workbench_store: Store
) -> None:
    other = TestClient(workbench_app)
    other.get("/claims")

    response = other.post(
        f"/claims/{hostile_claim_id}/review", data={"action": "accept", "reviewer": "eve", "csrf_token": csrf}
    )

    assert response.status_code == 403
    assert review_count(workbench_store) == 0


def test_app_correction_shows_in_list_and_gold(client: TestClient, csrf: str, wire_claim_id: str) -> None:
    response = client.post(
        f"/claims/{wire_claim_id}/review",
        data={"action": "correct", "plover": "AID", "time": "2019", "reviewer": "ann", "csrf_token": csrf},
        follow_redirects=False,
    )
    listed = client.get("/claims", params={"plover": "AID", "outlet": "wire"}).text
    gold = [parse_gold_line(line) for line in client.get("/gold.jsonl").text.splitlines()]

    assert (response.status_code, response.headers["location"]) == (303, f"/claims/{wire_claim_id}")
    assert wire_claim_id in listed and "was COOPERATE" in listed
    assert [(g.article, g.subject, g.object, g.plover, g.time, g.sentence) for g in gold] == [
        ("wire-s400", "TUR", "RUS", "AID", "2019", "Turkey bought Russian S-400 missiles last year.")
    ]


def test_app_rejected_claims_are_not_gold(client: TestClient, csrf: str, wire_claim_id: str) -> None:
    client.post(f"/claims/{wire_claim_id}/review", data={"action": "reject", "reviewer": "ann", "csrf_token": csrf})

    assert client.get("/gold.jsonl").text == ""
    assert "status-reject" in client.get("/claims", params={"status": "reject"}).text


def test_app_bad_correction_is_refused_and_not_stored(
    client: TestClient, csrf: str, wire_claim_id: str, workbench_store: Store
) -> None:
    response = client.post(
        f"/claims/{wire_claim_id}/review",
        data={"action": "correct", "plover": "HUG", "reviewer": "ann", "csrf_token": csrf},
    )

    assert response.status_code == 400 and "HUG" in response.text
    assert review_count(workbench_store) == 0


def test_app_review_needs_a_reviewer(client: TestClient, csrf: str, wire_claim_id: str, workbench_store: Store) -> None:
    response = client.post(f"/claims/{wire_claim_id}/review", data={"action": "accept", "csrf_token": csrf})

    assert response.status_code == 400
    assert review_count(workbench_store) == 0


def test_app_group_page_shows_outlets_side_by_side(client: TestClient) -> None:
    page = client.get("/groups", params={"subject": "TUR", "object": "RUS", "plover": "COOPERATE"}).text

    assert re.findall(r'<section class="outlet">\s*<h2>([^<]+)</h2>', page) == ["seed", "wire"]
    assert "Turkey bought Russian S-400 missiles last year." in page


def test_app_precision_counts_latest_decisions(
    client: TestClient, csrf: str, wire_claim_id: str, hostile_claim_id: str
) -> None:
    for claim_id, action in ((wire_claim_id, "reject"), (wire_claim_id, "accept"), (hostile_claim_id, "reject")):
        client.post(f"/claims/{claim_id}/review", data={"action": action, "reviewer": "ann", "csrf_token": csrf})

    page = client.get("/precision").text

    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>\s*<td>([^<]+)</td></tr>", page
    )
    assert rows == [
        ("ASSAULT", "0", "0", "1", "1", "0.00"),
        ("COOPERATE", "1", "0", "0", "1", "1.00"),
        ("hostile&lt;b&gt;outlet&lt;/b&gt;", "0", "0", "1", "1", "0.00"),
        ("wire", "1", "0", "0", "1", "1.00"),
    ]


def test_app_review_token_guards_every_page(workbench_store: Store, workbench_settings: Settings) -> None:
    guarded = TestClient(create_workbench_app(workbench_store, workbench_settings.with_options(review_token="s3cret")))

    redirected = guarded.get("/claims", follow_redirects=False)
    api = guarded.get("/claims", headers={"Accept": "application/json"})
    with_header = guarded.get("/claims", headers={"Authorization": "Bearer s3cret"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', guarded.get("/login").text).group(1)
    wrong = guarded.post("/login", data={"reviewer": "ann", "token": "nope", "csrf_token": token})
    right = guarded.post(
        "/login", data={"reviewer": "ann", "token": "s3cret", "csrf_token": token}, follow_redirects=False
    )

    assert (redirected.status_code, redirected.headers["location"]) == (303, "/login")
    assert (api.status_code, with_header.status_code, wrong.status_code, right.status_code) == (401, 200, 401, 303)
    assert guarded.get("/claims").status_code == 200


def test_app_mounts_under_a_prefix(workbench_app) -> None:
    from fastapi import FastAPI

    outer = FastAPI()
    outer.mount("/review", workbench_app)
    page = TestClient(outer).get("/review/claims").text

    assert 'href="/review/static/workbench.css"' in page
    assert TestClient(outer).get("/review/static/workbench.js").status_code == 200


def test_app_graph_page_vendors_cytoscape_and_colours_by_quad(client: TestClient) -> None:
    page = client.get("/graph").text
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1))
    script = client.get("/static/cytoscape.min.js")

    assert '<script src="/static/cytoscape.min.js"></script>' in page and "//cdn" not in page and "https:" not in page
    assert script.status_code == 200 and "The Cytoscape Consortium" in script.text[:200]
    assert {edge["plover"]: edge["quad"] for edge in data["edges"]}.get("COOPERATE") == 2
    assert all(edge["negated"] <= edge["claims"] for edge in data["edges"])
    assert [q["label"] for q in data["quads"].values()] == [
        "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
    assert re.findall(r'<li data-quad="(\d)">', page) == ["1", "2", "3", "4"]
