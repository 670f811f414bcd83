"""The review workbench: researchers read, filter and review claims in the browser.

Server-rendered Jinja2 pages (templates and static files ship inside this package) over the
store's review tables (``pipeline.store.reviews``): a claim list with filters and search, a claim
page with its article highlighted, groups of claims across outlets, entities, a graph, a plot over
time, precision from the reviews, and gold export (``pipeline.workbench.gold``). Imports FastAPI,
Jinja2 and the store; never a stage, never spaCy or Prefect.
"""

from __future__ import annotations

from pipeline.workbench.app import create_workbench_app

__all__ = ["create_workbench_app"]
