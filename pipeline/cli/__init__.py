"""The ``claimgraph`` command line: typer commands, progress bars and tables.

This package is the edge of the system: it builds ``Settings`` from options and the environment
and passes them down, and it is the one place outside ``flows/`` that may start a Prefect flow
(``run`` without ``--no-prefect``, ``schedule``). Layout, with imports pointing one way only:

- ``output`` (consoles, the error line, the progress bar), ``guard`` (the one error path: the command
  group that turns usage errors, ``ClaimgraphError`` and ``OSError`` into that line), ``options``
  (the shared options, each defined once, and ``settings_for``/``open_db``/``check_out_path``) and
  ``corpora`` (gold and text defaults) are shared; they never import a command module;
- one module per command group: ``run`` (run, annotate), ``store`` (claims, export, schema),
  ``evaluate``, ``registry`` (entities, actors ...), ``graph`` (cluster, compare, serve,
  export-graph), ``feeds`` (schedule), ``model`` (train, dataset, train-classifier), ``review`` (review ...);
- this module assembles them into ``app`` and exposes ``main``, the console script.
"""

from __future__ import annotations

import logging

import typer

from pipeline.cli.convert import convert
from pipeline.cli.evaluate import evaluate
from pipeline.cli.feeds import schedule
from pipeline.cli.graph import cluster, compare, export_graph, serve
from pipeline.cli.guard import GuardedGroup
from pipeline.cli.model import dataset, train, train_classifier
from pipeline.cli.registry import actors_app, entities
from pipeline.cli.review import review_app
from pipeline.cli.run import annotate, run
from pipeline.cli.store import claims, export, schema

__all__ = ["app", "main"]

# Every command, sub-commands included, runs inside ``GuardedGroup``: one error line and exit 2, never a traceback.
app = typer.Typer(
    help="Extract checkable claims from news into a store and a graph.", no_args_is_help=True, add_completion=False,
    cls=GuardedGroup,
)

# Registered in the order ``claimgraph --help`` lists them.
for command in (run, claims, export, annotate, evaluate, schema, entities, cluster, compare, serve):
    app.command()(command)
app.command("export-graph")(export_graph)
for later_command in (schedule, train, dataset, convert):
    app.command()(later_command)
app.command("train-classifier")(train_classifier)
app.add_typer(actors_app, name="actors")
app.add_typer(review_app, name="review")


def main() -> None:
    """Run the command line with logging configured (the library only logs): warnings and errors on stderr.

    The handler, not only the root logger, holds the level: Prefect's run loggers log each batch at INFO
    for its server, and those records reach the root's handlers too.
    """
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    app()
