"""Review commands of the ``claimgraph`` CLI: serve the review workbench, export reviewed claims as gold.

``review_app`` is mounted as ``claimgraph review`` by ``pipeline.cli``. Because ``pipeline.cli``
imports this module, its pieces (``open_db``, ``settings_for``, the consoles) are imported inside
the commands. Imports typer and the workbench; never spaCy or Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import ClaimgraphError

review_app = typer.Typer(help="Review claims in the browser and export the reviewed ones as gold.", no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store URL (sqlite:///... or postgresql://...); default $CLAIMGRAPH_DB or ./claimgraph.db")]


@review_app.command("serve")
def serve_workbench(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; set CLAIMGRAPH_REVIEW_TOKEN before leaving 127.0.0.1")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8001,
) -> None:
    """Serve the review workbench (claim list, claim pages, review, graph, plots, precision, gold download)."""
    import uvicorn

    from pipeline.cli import console, open_db, settings_for
    from pipeline.workbench import create_workbench_app

    settings = settings_for(db)
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.review_token:
        console.print("[yellow]warning:[/yellow] serving beyond this machine with no CLAIMGRAPH_REVIEW_TOKEN: anyone who reaches it can review")
    try:
        store = open_db(db)
    except ClaimgraphError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    with store:
        uvicorn.run(create_workbench_app(store, settings), host=host, port=port)


@review_app.command("export-gold")
def export_gold(
    out_path: Annotated[Path, typer.Option("--out", help="Gold file to write (JSON Lines, corpora/gold/README.md format)")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file (or write through a link) outside the working directory")] = False,
) -> None:
    """Write every accepted or corrected claim (its latest decision) as a gold line for `claimgraph evaluate` and training."""
    from pipeline.cli import check_out_path, console, open_db, out

    check_out_path(out_path, force=force)
    from pipeline.store.review_store import ReviewStore
    from pipeline.workbench.gold import write_gold

    try:
        with open_db(db) as store, out_path.open("w", encoding="utf-8") as handle:
            count = write_gold(ReviewStore(store), handle)
    except ClaimgraphError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    out.print(f"wrote {count} reviewed claims to {out_path}")
