"""The ``claimgraph review`` commands: serve the review workbench, export reviewed claims as gold.

``review_app`` is mounted as ``claimgraph review`` by ``pipeline.cli``. Imports the shared
``pipeline.cli`` modules, typer and the workbench; never spaCy or Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.options import DbOption, ForceOption, check_out_path, open_db, settings_for
from pipeline.cli.output import fail, out
from pipeline.errors import ClaimgraphError

review_app = typer.Typer(
    help="Review claims in the browser and export the reviewed ones as gold.", no_args_is_help=True
)
AllowOpenOption = Annotated[
    bool, typer.Option("--allow-open", help="Serve beyond this machine with no review token (anyone can review)")
]


@review_app.command("serve")
def serve_workbench(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; set CLAIMGRAPH_REVIEW_TOKEN before leaving 127.0.0.1")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8001,
    allow_open: AllowOpenOption = False,
) -> None:
    """Serve the review workbench (claim list, claim pages, review, graph, plots, precision, gold download).
    Refuses a host beyond this machine without CLAIMGRAPH_REVIEW_TOKEN unless --allow-open."""
    import uvicorn

    from pipeline.workbench import create_workbench_app
    from pipeline.workbench.security import check_exposure

    settings = settings_for(db)
    try:
        check_exposure(host, settings, allow_open=allow_open)
        store = open_db(db)
    except ClaimgraphError as error:
        fail(str(error))
    with store:
        uvicorn.run(create_workbench_app(store, settings), host=host, port=port)


@review_app.command("export-gold")
def export_gold(
    out_path: Annotated[
        Path, typer.Option("--out", help="Gold file to write (JSON Lines, corpora/gold/README.md format)")
    ],
    db: DbOption = None,
    force: ForceOption = False,
) -> None:
    """Write every accepted or corrected claim (its latest decision) as a gold line for `claimgraph evaluate` and training."""  # noqa: E501  (the help text typer shows, kept on one line)
    check_out_path(out_path, force=force)
    from pipeline.store.review_store import ReviewStore
    from pipeline.workbench.gold import write_gold

    try:
        with open_db(db) as store, out_path.open("w", encoding="utf-8") as handle:
            count = write_gold(ReviewStore(store), handle)
    except ClaimgraphError as error:
        fail(str(error))
    out.print(f"wrote {count} reviewed claims to {out_path}")
