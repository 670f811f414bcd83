"""The one error hierarchy of claimgraph. Leaf module: imports nothing from the project.

Every error carries the context a user needs (the input, the article id, the stage) and its
message says what to do next. Per-article errors are recorded as failures and the run goes on;
anything else is a bug and fails loudly.
"""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Base class of every error claimgraph raises on purpose."""

    def __init__(self, message: str, *, origin: str = "", article_id: str | None = None, stage: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.article_id = article_id
        self.stage = stage

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}{self.message}"


class InputError(ClaimgraphError):
    """An input could not be read as an article (empty, binary, bad encoding, bad JSON)."""


class FetchError(InputError):
    """A URL could not be fetched as an article or feed. ``transient`` errors (network, timeout, 5xx)
    are worth retrying; the others (4xx, refused by safety rules or robots.txt, too big) are not.
    ``retry_after_s`` is how long the server asked us to wait first (``Retry-After``), when it said."""

    def __init__(
        self, message: str, *, origin: str = "", transient: bool = False, stage: str = "fetch",
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message, origin=origin, stage=stage)
        self.transient = transient
        self.retry_after_s = retry_after_s


class SourceError(ClaimgraphError):
    """A source argument names nothing claimgraph can read (missing path, unknown suffix)."""


class ModelError(ClaimgraphError):
    """A model or data file the pipeline needs is missing or does not match its manifest."""


class StoreError(ClaimgraphError):
    """The store could not be opened or written."""


class ConfigError(ClaimgraphError):
    """A setting has a value claimgraph cannot use."""


class ReviewError(ClaimgraphError):
    """A reviewer's decision cannot be stored: an unknown claim or entity, action, field or value."""
