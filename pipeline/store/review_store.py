"""``ReviewStore``: the review workbench's door to a ``Store``. Each method is one transaction.

Owns nothing but the transactions: writing lives in ``pipeline.store.reviews``, page queries in
``pipeline.store.review_queries``. Imports the store's own modules and ``pipeline.records`` only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.records import Claim
from pipeline.store import Store, reviews
from pipeline.store import review_queries as queries
from pipeline.store.review_queries import ClaimFilters, ClaimPage
from pipeline.store.reviews import EntityDecision, Review, State

__all__ = ["ClaimFilters", "ClaimPage", "EntityDecision", "Review", "ReviewStore"]


class ReviewStore:
    """Reviews, entity decisions and the workbench's queries over one open ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def claim_page(self, filters: ClaimFilters, *, after: str = "", before: str = "", limit: int = 50) -> ClaimPage:
        """Return one page of the filtered claim list (see ``review_queries.claim_page``)."""
        with self.store.transaction("list claims for review") as connection:
            return queries.claim_page(connection, filters, after=after, before=before, limit=limit)

    def neighbours(self, filters: ClaimFilters, claim_id: str) -> tuple[str | None, str | None]:
        """Return the ids of the claims before and after ``claim_id`` in the filtered list."""
        with self.store.transaction("find neighbouring claims") as connection:
            return (
                queries.neighbour_id(connection, filters, claim_id, forward=False),
                queries.neighbour_id(connection, filters, claim_id, forward=True),
            )

    def claim(self, claim_id: str) -> tuple[Claim, dict[str, Any], State, list[Review]]:
        """Return the claim, its article row, its reviewed state and every decision on it.

        Raises ``ReviewError`` when there is no such claim.
        """
        with self.store.transaction(f"read claim {claim_id}") as connection:
            claim = reviews.load_claim(connection, claim_id)
            article = queries.article_of(connection, claim.article.id) or {}
            return claim, article, reviews.current_state(connection, claim), reviews.claim_history(connection, claim_id)

    def review(self, claim_id: str, *, action: str, reviewer: str, changes: dict[str, Any] | None = None,
               note: str = "") -> Review:
        """Append a decision on ``claim_id`` (accept, reject, correct) and return it; raises ``ReviewError``."""
        with self.store.transaction(f"review claim {claim_id}", write=True) as connection:
            return reviews.record_review(
                connection, claim_id, action=action, reviewer=reviewer, changes=changes, note=note,
                now=reviews.utc_now()
            )

    def decide_entity(self, *, action: str, entity_id: str, target_id: str, reviewer: str,
                      target_name: str | None = None, alias: str | None = None) -> EntityDecision:
        """Append a merge or split of ``entity_id`` and return it; raises ``ReviewError``."""
        with self.store.transaction(f"{action} entity {entity_id}", write=True) as connection:
            return reviews.record_entity_decision(
                connection, action=action, entity_id=entity_id, target_id=target_id, reviewer=reviewer,
                target_name=target_name, alias=alias, now=reviews.utc_now(),
            )

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """Return the entity with its aliases by role, its claims timeline and its merges and splits, or None."""
        with self.store.transaction(f"read entity {entity_id}") as connection:
            row = queries.entity_row(connection, entity_id)
            if row is None:
                return None
            return {
                **row, "aliases": queries.entity_aliases(connection, entity_id),
                "timeline": queries.entity_timeline(connection, entity_id),
                "decisions": reviews.entity_decisions(connection, entity_id),
            }

    def group(self, subject_id: str, object_id: str | None, plover: str) -> list[dict[str, Any]]:
        """Return the claims of one (subject, object, type) group across outlets."""
        with self.store.transaction("read a claim group") as connection:
            return queries.group_claims(connection, subject_id, object_id, plover)

    def graph(self, *, actor: str = "", plover: str = "", limit: int = 150) -> list[dict[str, Any]]:
        """Return the graph's most frequent edges."""
        with self.store.transaction("read graph edges") as connection:
            return queries.graph_edges(connection, actor=actor, plover=plover, limit=limit)

    def pair_months(self, left: str, right: str) -> list[dict[str, Any]]:
        """Return the claims between two actors per month and type."""
        with self.store.transaction("read a pair's timeline") as connection:
            return queries.pair_months(connection, left, right)

    def entity_names(self, entity_ids: list[str]) -> dict[str, str]:
        """Return the names of the stored entities among ``entity_ids``, by id."""
        with self.store.transaction("read entity names") as connection:
            return {entity_id: name for entity_id in entity_ids if (name := reviews.entity_name(connection, entity_id))}

    def outlets(self) -> list[str]:
        """Return the distinct outlets (article sources)."""
        with self.store.transaction("read outlets") as connection:
            return queries.outlets(connection)

    def precision(self) -> dict[str, dict[str, dict[str, int]]]:
        """Return the review counts per extracted type and per outlet (``{"plover": ..., "outlet": ...}``)."""
        with self.store.transaction("read review precision") as connection:
            return {group: reviews.precision_by(connection, group) for group in ("plover", "outlet")}

    def iter_reviewed(self) -> Iterator[tuple[Claim, Review]]:
        """Yield (claim, latest decision) of every accepted or corrected claim, by claim id."""
        with self.store.transaction("read reviewed claims") as connection:
            yield from reviews.stream_reviewed(connection)

    def all_entity_decisions(self) -> list[EntityDecision]:
        """Return every merge and split, oldest first."""
        with self.store.transaction("read entity decisions") as connection:
            return reviews.entity_decisions(connection)

    def entity_rows(self, entity_ids: set[str]) -> dict[str, dict[str, Any]]:
        """Return the stored entity rows among ``entity_ids``, by id."""
        with self.store.transaction("read entities") as connection:
            found = (queries.entity_row(connection, entity_id) for entity_id in sorted(entity_ids))
            return {row["id"]: row for row in found if row}
