"""The ``convert`` command: the shared data's lexical resources (PETRARCH2 verb patterns, Phoenix actor
dictionaries and CountryInfo, PropBank frames) and installed packages' data (pytickersymbols' listed companies,
GeoNames points) converted into the project's lexicon and registry files.

Mounted on the main app by ``pipeline.cli``. The edge: options become arguments here; the work is in
``pipeline.convert``. Imports the shared ``pipeline.cli`` modules; never a command module.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.output import console, fail
from pipeline.errors import ClaimgraphError
from pipeline.settings import default_training_dir

LEXICON_SOURCES = Path("lexicons") / "petrarch2" / "CAMEO.2.0.txt"
# The checkout's models/ (a conversion replaces the committed files and shows in `git diff`); an installed
# claimgraph writes under ./models, never into its package.
DEFAULT_MODELS_OUT = default_training_dir(name=".").resolve()


def convert(
    data: Annotated[Path, typer.Option("--data", help="The shared data root (../shared/data), holding lexicons/")],
    out: Annotated[
        Path, typer.Option("--out", help="The models directory to write into (default: the checkout's models/; "
                                         "an installed claimgraph: ./models)")
    ] = DEFAULT_MODELS_OUT,
) -> None:
    """Convert PETRARCH2's verb patterns, the listed companies of pytickersymbols, the Phoenix actor dictionaries
    with CountryInfo, PropBank's frames and the place points into models/lexicons and models/registry (provenance
    per entry; conflicts with the hand-written files listed beside them, the hand entry kept), then rewrite the
    lexicon manifest."""
    from pipeline.convert import convert_all

    if not (data / LEXICON_SOURCES).is_file():
        fail(f"{data} is not the shared data root: {data / LEXICON_SOURCES} is missing")
    started = time.perf_counter()
    try:
        convert_all(data, out, report=lambda name, summary: console.print(f"[bold]{name}[/bold]\n{summary}"))
    except ClaimgraphError as error:
        fail(str(error))
    console.print(f"converted into {out} in {time.perf_counter() - started:.0f} s")
