"""The workbench's state-changing requests (POST only, each checked for the session's CSRF token):
accept, reject or correct a claim; merge or split an entity; set the reviewer's name; log in and out.

Owns how a form becomes a decision and where the browser goes next. Every decision is appended
through ``ReviewStore``; nothing is overwritten. Imports FastAPI, the review store and the
workbench's own modules; never a stage.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from pipeline.errors import ReviewError
from pipeline.store.reviews import REVIEW_FIELDS
from pipeline.workbench.rendering import base_path, render, wants_json
from pipeline.workbench.security import check_csrf, clean_name, client_of, login_throttle, reviewer_of, same_secret

router = APIRouter()
login_router = APIRouter()


async def checked_form(request: Request) -> FormData:
    """Return the request's form after checking its CSRF token (403 when missing or wrong)."""
    form = await request.form()
    check_csrf(request, form)
    return form


def local_target(request: Request, form: FormData, default: str) -> str:
    """Return where to send the browser: the form's ``next`` when it is a path of this site, else ``default``."""
    target = str(form.get("next") or "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = default
    return f"{base_path(request)}{target}"


def corrections(form: FormData) -> dict[str, object]:
    """Return the corrected fields a form sends (only those present), ``swap`` as a boolean."""
    changes: dict[str, object] = {name: str(form[name]) for name in REVIEW_FIELDS if name in form}
    if form.get("swap"):
        changes["swap"] = True
    return changes


def require_reviewer(request: Request, form: FormData) -> str:
    """Return the reviewer's name; raise ``ReviewError`` when none is known."""
    reviewer = reviewer_of(request, form)
    if not reviewer:
        raise ReviewError(
            "who is reviewing? give your name in the reviewer box (or the X-Reviewer header)", stage="review"
        )
    request.session.setdefault("reviewer", reviewer)
    return reviewer


@router.post("/claims/{claim_id}/review")
async def review_claim(request: Request, claim_id: str) -> Response:
    """Append an accept, reject or correct decision on the claim; JSON for the page's script, else a redirect."""
    form = await checked_form(request)
    action = str(form.get("action") or "")
    changes = corrections(form) if action == "correct" else None
    review = request.app.state.reviews.review(
        claim_id,
        action=action,
        reviewer=require_reviewer(request, form),
        changes=changes,
        note=str(form.get("note") or ""),
    )
    if wants_json(request):
        return JSONResponse(
            {
                "id": review.id,
                "claim_id": claim_id,
                "action": review.action,
                "reviewer": review.reviewer,
                "plover": review.state["plover"],
            }
        )
    return RedirectResponse(local_target(request, form, f"/claims/{quote(claim_id)}"), status_code=303)


@router.post("/entities/{entity_id}/merge")
async def merge_entity(request: Request, entity_id: str) -> RedirectResponse:
    """Record that ``entity_id`` is the same actor as the form's ``target_id``."""
    form = await checked_form(request)
    target = str(form.get("target_id") or "").strip()
    request.app.state.reviews.decide_entity(
        action="merge", entity_id=entity_id, target_id=target, reviewer=require_reviewer(request, form)
    )
    return RedirectResponse(f"{base_path(request)}/entities/{quote(entity_id)}", status_code=303)


@router.post("/entities/{entity_id}/split")
async def split_entity(request: Request, entity_id: str) -> RedirectResponse:
    """Record that the mentions written ``alias`` are another actor (``target_id``, named ``target_name``)."""
    form = await checked_form(request)
    request.app.state.reviews.decide_entity(
        action="split",
        entity_id=entity_id,
        target_id=str(form.get("target_id") or "").strip(),
        target_name=str(form.get("target_name") or "").strip() or None,
        alias=str(form.get("alias") or "") or None,
        reviewer=require_reviewer(request, form),
    )
    return RedirectResponse(f"{base_path(request)}/entities/{quote(entity_id)}", status_code=303)


@router.post("/reviewer")
async def set_reviewer(request: Request) -> RedirectResponse:
    """Remember the reviewer's name in the session (not when logged in: then the login's name holds)."""
    form = await checked_form(request)
    if not request.session.get("login"):
        request.session["reviewer"] = clean_name(form.get("reviewer"))
    return RedirectResponse(local_target(request, form, "/claims"), status_code=303)


@login_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """The login form (the review token and the reviewer's name)."""
    return render(request, "login.html", failed=False)


@login_router.post("/login")
async def login(request: Request) -> Response:
    """Log the session in when the token matches the settings' review token. A client that sent too many wrong
    tokens lately is refused (429, ``Retry-After``) whatever it sends, the right token included."""
    form = await checked_form(request)
    secret = request.app.state.settings.review_token
    token = secret.get_secret_value() if secret else None
    name = clean_name(form.get("reviewer"))
    throttle, client = login_throttle(request), client_of(request)
    wait = throttle.wait_s(client) if token else 0.0
    if wait > 0:
        return PlainTextResponse(f"too many wrong tokens: try again in {wait:.0f} s", status_code=429,
                                 headers={"Retry-After": str(max(int(wait), 1))})
    if token and not same_secret(str(form.get("token") or ""), token):
        throttle.failed(client)
        return render(request, "login.html", status_code=401, failed=True)
    if not name:
        return render(request, "login.html", status_code=401, failed=True)
    request.session.update({"login": bool(token), "reviewer": name})
    return RedirectResponse(f"{base_path(request)}/claims", status_code=303)


@login_router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    """Forget the session (a new CSRF token comes with the next page)."""
    await checked_form(request)
    request.session.clear()
    return RedirectResponse(f"{base_path(request)}/login", status_code=303)
