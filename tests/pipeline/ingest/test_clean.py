"""Text cleaning: NFKC, and the invisible characters that make look-alike names removed and counted."""

from __future__ import annotations

import pytest

from pipeline.ingest.clean import clean_article, clean_text
from pipeline.records import Article


@pytest.mark.parametrize(
    ("text", "cleaned", "removed"),
    [
        ("Ir\u200ban attacked Israel.", "Iran attacked Israel.", 1),                       # zero-width space
        ("Ru\u200dss\u2060ia and Tur\ufeffkey", "Russia and Turkey", 3),                    # ZWJ, word joiner, BOM
        ("\u202eUkraine\u202c attacked \u2067Russia\u2069.", "Ukraine attacked Russia.", 4),  # bidi controls
        ("Chi\U000e0041na sent envoys", "China sent envoys", 1),                             # a tag character
        ("ＩＲＡＮ sent the ﬁrst envoy", "IRAN sent the first envoy", 0),                     # NFKC: full width, ligature
        ("Bell\x07 and \x1b[31mred", "Bell and [31mred", 2),                                # control characters
        ("Tabs\tand\nlines stay.\r\n", "Tabs\tand\nlines stay.\r\n", 0),
    ],
)
def test_clean_text(text: str, cleaned: str, removed: int) -> None:
    assert clean_text(text) == (cleaned, removed)


def test_clean_article_copies_only_what_changes() -> None:
    plain = Article(id="a", text="Iran attacked Israel.")
    hidden = Article(id="b", text="Ir\u200ban attacked Israel.", source="Dai\u200bly", title="Ｔalks", author="Ann")
    assert clean_article(plain) == (plain, 0)
    assert clean_article(hidden) == (
        Article(id="b", text="Iran attacked Israel.", source="Daily", title="Talks", author="Ann"), 2,
    )
