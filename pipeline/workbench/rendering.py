"""How the workbench answers a browser: the Jinja2 templates (every one autoescaped, so article text
is always escaped), a page rendered with what every page needs, the mount path links start from,
and whether a client asked for JSON.

Shared by ``pipeline.workbench.app`` (which builds the app), ``pages`` and ``actions``; imports
FastAPI, Jinja2, records and ``pipeline.workbench.security``, never another workbench module that
imports this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from pipeline.records import PLOVER_TYPES
from pipeline.workbench.security import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def build_templates() -> Jinja2Templates:
    """Return the templates, every one autoescaped whatever its file name."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return Jinja2Templates(env=environment)


def base_path(request: Request) -> str:
    """Return the path the workbench is mounted at ("" when it serves alone)."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Return ``template`` rendered with ``context`` and what every page needs (CSRF token, base path, reviewer)."""
    templates: Jinja2Templates = request.app.state.templates
    common = {
        "csrf": csrf_token(request),
        "base": base_path(request),
        "plover_types": PLOVER_TYPES,
        "reviewer": request.session.get("reviewer", ""),
        "logged_in": bool(request.session.get("login")),
        "token_required": bool(request.app.state.settings.review_token),
    }
    return templates.TemplateResponse(request, template, {**common, **context}, status_code=status_code)


def wants_json(request: Request) -> bool:
    """Return True when the client (the workbench's own script) asked for JSON rather than a page."""
    return "application/json" in request.headers.get("accept", "")
