"""Tests of ``pipeline.store.reviews`` and ``ReviewStore``, on SQLite and PostgreSQL: decisions are
appended (never overwritten), the reviewed state is the latest decision's, bad decisions write
nothing, and entity merges and splits reach the gold export."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from pipeline.errors import ReviewError
from pipeline.evaluate import parse_gold_line
from pipeline.records import TimeSpan
from pipeline.store import Store
from pipeline.store.models import ReviewRow
from pipeline.store.review_queries import ClaimFilters
from pipeline.store.review_store import ReviewStore
from pipeline.store.reviews import corrected_state, timeml_of
from pipeline.workbench.gold import write_gold

EXTRACTED_A1 = {
    "plover": "ACCUSE", "subject": "Q43", "object": "Q159", "polarity": "affirmed", "modality": "asserted",
    "kind": "event", "time": None, "place": None,
}


def review_rows(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        statement = select(ReviewRow.id, ReviewRow.claim_id, ReviewRow.action, ReviewRow.reviewer, ReviewRow.state, ReviewRow.previous)
        return [tuple(row) for row in connection.execute(statement.order_by(ReviewRow.id))]


def gold_lines(reviews: ReviewStore) -> list[str]:
    handle = io.StringIO()
    write_gold(reviews, handle)
    return handle.getvalue().splitlines()


def test_reviews_two_reviewers_correcting_one_claim_keep_both_decisions(filled_store: Store) -> None:
    reviews = ReviewStore(filled_store)

    reviews.review("c_a1", action="correct", reviewer="ann", changes={"plover": "REJECT"})
    reviews.review("c_a1", action="correct", reviewer="bob", changes={"plover": "SANCTION", "swap": True}, note="a ban")

    after_ann = {**EXTRACTED_A1, "plover": "REJECT"}
    after_bob = {**after_ann, "plover": "SANCTION", "subject": "Q159", "object": "Q43"}
    assert review_rows(filled_store) == [
        (1, "c_a1", "correct", "ann", after_ann, EXTRACTED_A1),
        (2, "c_a1", "correct", "bob", after_bob, after_ann),
    ]
    _, _, state, history = reviews.claim("c_a1")
    assert (state, [review.reviewer for review in history]) == (after_bob, ["ann", "bob"])


def test_reviews_accept_after_correct_keeps_the_correction(filled_store: Store) -> None:
    reviews = ReviewStore(filled_store)
    reviews.review("c_a2", action="correct", reviewer="ann", changes={"time": "2021-03", "place": ""})

    accepted = reviews.review("c_a2", action="accept", reviewer="bob")

    assert (accepted.state["time"], accepted.state["place"], accepted.previous == accepted.state) == ("2021-03", None, True)


@pytest.mark.parametrize(
    ("action", "changes", "reviewer", "message"),
    [
        ("approve", None, "ann", "unknown review action"),
        ("correct", {"plover": "HUG"}, "ann", "plover 'HUG'"),
        ("correct", {"confidence": "1"}, "ann", "cannot be corrected"),
        ("correct", {"subject": ""}, "ann", "needs a subject"),
        ("accept", None, "  ", "needs a reviewer"),
    ],
)
def test_reviews_bad_decision_writes_nothing(filled_store: Store, action: str, changes: dict | None, reviewer: str, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        ReviewStore(filled_store).review("c_a1", action=action, reviewer=reviewer, changes=changes)

    assert review_rows(filled_store) == []


def test_reviews_unknown_claim_is_refused(filled_store: Store) -> None:
    with pytest.raises(ReviewError, match="no claim 'c_zz'"):
        ReviewStore(filled_store).review("c_zz", action="accept", reviewer="ann")


def test_reviews_list_filters_by_status_and_reviewed_type(filled_store: Store) -> None:
    reviews = ReviewStore(filled_store)
    reviews.review("c_a1", action="correct", reviewer="ann", changes={"plover": "REJECT"})
    reviews.review("c_b2", action="reject", reviewer="ann")

    def ids(**filters: object) -> list[str]:
        return [row["id"] for row in reviews.claim_page(ClaimFilters(**filters)).rows]

    assert ids(status="unreviewed") == ["c_a2", "c_a3", "c_b1"]
    assert ids(status="reject") == ["c_b2"]
    assert ids(plover="REJECT") == ["c_a1", "c_b1"]
    assert ids(text="REJECTED", outlet="aljazeera") == ["c_b1"]
    assert ids(actor="erdo", min_confidence=0.5) == ["c_b2"]


def test_reviews_gold_applies_merges_and_splits(filled_store: Store) -> None:
    reviews = ReviewStore(filled_store)
    reviews.review("c_a2", action="accept", reviewer="ann")
    reviews.review("c_b2", action="accept", reviewer="ann")
    reviews.decide_entity(action="split", entity_id="Q43", alias="Turkey", target_id="turkish_people", target_name="Turkish people", reviewer="ann")
    reviews.decide_entity(action="merge", entity_id="Q39259", target_id="ent_rebels", reviewer="ann")

    gold = [parse_gold_line(line) for line in gold_lines(reviews)]

    assert [(g.article, g.subject, g.object, g.plover, g.time, g.modality) for g in gold] == [
        ("a_alpha", "Turkish people", "Syrian rebels", "AID", "2021", "future"),
        ("a_beta", "Syrian rebels", "RUS", "CONSULT", None, "asserted"),
    ]


def test_reviews_entity_decision_needs_two_entities(filled_store: Store) -> None:
    with pytest.raises(ReviewError, match="two different entities"):
        ReviewStore(filled_store).decide_entity(action="merge", entity_id="Q43", target_id="Q43", reviewer="ann")


@pytest.mark.parametrize(
    ("start", "granularity", "expected"),
    [("2015-11-01", "month", "2015-11"), ("2004-01-01", "year", "2004"), ("2016-01-01", "open", "2016"),
     ("2007-02-05", "day", "2007-02-05"), ("1990-01-01", "decade", "199X"), (None, "open", None)],
)
def test_reviews_timeml_of_a_time_span(start: str | None, granularity: str, expected: str | None) -> None:
    span = TimeSpan(text="t", start=start, end=None, granularity=granularity, relative=False)

    assert timeml_of(span) == expected


def test_reviews_corrected_state_swaps_and_clears() -> None:
    state = corrected_state(EXTRACTED_A1, {"swap": True, "object": "", "time": " 2020 "})

    assert state == {**EXTRACTED_A1, "subject": "Q159", "object": None, "time": "2020"}
