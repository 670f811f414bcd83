"""Ingest: every input becomes one Article or one Failure with a clear reason."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.ids import article_id
from pipeline.ingest import read_sources
from pipeline.records import Article, Failure

TEXT = "Turkey supports the GNA in Tripoli.\n\nRussia supports Haftar."


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_sources_text_file_with_headline_and_meta(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", b"Libya talks\n\n" + TEXT.encode())
    (tmp_path / "a.meta.json").write_text(json.dumps({"source": "wire", "published_at": "2020-11-20", "url": "https://x.test/a"}))
    [article] = read_sources([source])
    assert article == Article(
        id=article_id("Libya talks\n\n" + TEXT), text="Libya talks\n\n" + TEXT, title="Libya talks",
        url="https://x.test/a", source="wire", published_at=datetime(2020, 11, 20), origin=str(source),
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty article"),
        (b"  \n\t \n", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Turkey \xff\xfe supports", "invalid UTF-8 at byte 7"),
    ],
)
def test_sources_bad_text_file_is_a_failure(tmp_path: Path, data: bytes, reason: str) -> None:
    source = write(tmp_path / "bad.txt", data)
    [failure] = read_sources([source])
    assert isinstance(failure, Failure)
    assert (failure.origin, failure.stage) == (str(source), "ingest")
    assert failure.message.startswith(reason)


def test_sources_jsonl_names_each_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "n1", "text": TEXT, "source": "outlet-a", "published_at": "2020-11-20T10:00:00"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Russia supports Haftar."}),
        json.dumps({"id": 7, "text": "   "}),
    ]
    source = write(tmp_path / "batch.jsonl", "\n".join(lines).encode())
    items = list(read_sources([source]))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article", "Failure"]
    assert items[0].id == "n1" and items[0].source == "outlet-a"
    assert items[3].id == article_id("Russia supports Haftar.")
    assert [(f.origin, f.message.split(" (")[0].split(":")[0]) for f in items if isinstance(f, Failure)] == [
        (f"{source}:2", "not JSON"),
        (f"{source}:3", 'missing "text"'),
        (f"{source}:5", "empty article"),
    ]


def test_sources_meantime_field_names_are_understood(tmp_path: Path) -> None:
    source = write(tmp_path / "m.jsonl", json.dumps({"doc_id": "100911", "dct": "2008-03-01", "text": TEXT}).encode())
    [article] = read_sources([source])
    assert (article.id, article.published_at) == ("100911", datetime(2008, 3, 1))


def test_sources_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.txt", b"Russia supports Haftar.")
    write(tmp_path / "a.txt", b"Turkey supports the GNA.")
    write(tmp_path / "notes.md", b"ignored")
    assert [a.text for a in read_sources([tmp_path])] == ["Turkey supports the GNA.", "Russia supports Haftar."]


def test_sources_html_main_text_and_title(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Libya</title><meta property='article:published_time' content='2020-11-20'></head>"
        "<body><nav>Home | World</nav><article><h1>Libya</h1><p>" + "Turkey supports the GNA in Tripoli, while Russia supports Haftar. " * 5
        + "</p></article></body></html>"
    )
    [article] = read_sources([write(tmp_path / "p.html", html.encode())])
    assert "Turkey supports the GNA in Tripoli" in article.text and "Home | World" not in article.text
    assert article.title == "Libya"


def test_sources_missing_path_raises() -> None:
    with pytest.raises(SourceError, match="no such file"):
        list(read_sources(["/nonexistent/claimgraph"]))


@pytest.mark.parametrize(("given", "expected"), [
    ("2020-11-20", datetime(2020, 11, 20)),
    ("2020-11-20T10:30:00", datetime(2020, 11, 20, 10, 30)),
    ("March 01, 2008", datetime(2008, 3, 1)),
    ("03-02-2009", datetime(2009, 3, 2)),
])
def test_sources_publication_dates_in_other_forms(tmp_path: Path, given: str, expected: datetime) -> None:
    source = write(tmp_path / "d.jsonl", json.dumps({"text": TEXT, "published_at": given}).encode())
    [article] = read_sources([source])
    assert article.published_at == expected


def test_sources_unreadable_date_is_a_failure(tmp_path: Path) -> None:
    source = write(tmp_path / "d.jsonl", json.dumps({"text": TEXT, "published_at": "yesterday"}).encode())
    [failure] = read_sources([source])
    assert failure.message == "published_at 'yesterday' is not a date: use ISO 8601 (2020-11-20)"
