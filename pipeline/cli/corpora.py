"""Where ``evaluate``, ``dataset`` and ``train`` find the gold claims and the texts of their articles.

Every default is a path under the working directory (run from a checkout, or pass the option):
the gold is ``corpora/gold/claims.jsonl`` and the texts are the bundled ``corpora/samples``. A
corpus that does not ship with claimgraph (MEANTIME, PETRARCH) is named explicitly, e.g.
``--texts meantime:PATH``; when the gold names articles that no ``--texts`` source holds, the
command stops and says which ``--texts`` to add. Shared by the command modules of ``pipeline.cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.output import fail
from pipeline.errors import ClaimgraphError

if TYPE_CHECKING:
    from pipeline.assess import TextSource

DEFAULT_GOLD = Path("corpora/gold/claims.jsonl")
BUNDLED_TEXTS = "corpora/samples"
TEXTS_HELP = (
    f"[PREFIX:]PATH of the texts of the gold's articles (repeatable; default {BUNDLED_TEXTS}; "
    "MEANTIME: --texts meantime:PATH)"
)
SHOWN_IDS = 3


def text_sources(specs: list[str] | None) -> list[TextSource]:
    """Return the text sources ``--texts`` names, or the bundled samples when it names none."""
    # pipeline.assess loads the NLP stack: imported here so that the CLI starts fast.
    from pipeline.assess import TextSource

    return [TextSource.parse(spec) for spec in specs or [BUNDLED_TEXTS]]


def missing_articles(gold: Path, sources: list[TextSource]) -> list[str]:
    """Return the ids of the articles ``gold`` names that none of ``sources`` holds, sorted.

    Raises ``ClaimgraphError`` when the gold or a source cannot be read.
    """
    from pipeline.assess import load_texts
    from pipeline.evaluate import load_gold

    wanted = {claim.article for claim in load_gold(gold)}
    found, _ = load_texts(sources, wanted)
    return sorted(wanted - {article.id for article in found})


def missing_texts_message(gold: Path, missing: list[str], *, command: str | None = None) -> str:
    """Return what to tell a user whose ``--texts`` lack the ``missing`` articles of ``gold``: which ``--texts``
    to add (to ``command`` when it is another command than the one that failed)."""
    prefixes = sorted({article.partition(":")[0] for article in missing if ":" in article})
    hints = [f"--texts {prefix}:PATH" for prefix in prefixes]
    if any(":" not in article for article in missing):
        hints.append(f"--texts PATH (e.g. {BUNDLED_TEXTS}, the file or directory holding them)")
    shown = ", ".join(missing[:SHOWN_IDS]) + (", ..." if len(missing) > SHOWN_IDS else "")
    where = f" to `{command}`" if command else ""
    return (
        f"{gold} names {len(missing)} article(s) that no --texts source holds ({shown}): "
        f"add {' and '.join(hints)}{where}"
    )


def checked_text_sources(gold: Path, specs: list[str] | None, *, command: str | None = None) -> list[TextSource]:
    """Return the text sources ``--texts`` names (default: the bundled samples) when they hold every
    article of ``gold``.

    Exits with status 2 when they do not, saying which ``--texts`` to add (to ``command``, when the
    options belong to another command), or when a source cannot be read.
    """
    sources = text_sources(specs)
    try:
        missing = missing_articles(gold, sources)
    except ClaimgraphError as error:
        fail(str(error))
    if missing:
        fail(missing_texts_message(gold, missing, command=command))
    return sources
