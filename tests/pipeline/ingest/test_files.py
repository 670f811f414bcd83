"""Local files: only regular files are read (a FIFO is refused at once, never waited on), reads are
capped, and JSON Lines are read as capped lines whose over-long ones are skipped, not held."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest.files import capped_lines, read_regular


def test_files_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        read_regular(fifo, max_bytes=None)
    assert caught.value.message == "pipe.txt is not a regular file (a named pipe): give a file of text"


def test_files_read_is_capped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * 11)
    assert read_regular(tmp_path / "a.txt", max_bytes=11) == b"x" * 11
    with pytest.raises(InputError) as caught:
        read_regular(tmp_path / "a.txt", max_bytes=10)
    assert caught.value.message == "file of 11 bytes is over the cap of 10: split it or raise --max-chars"


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"short\n" + b"y" * 25 + b"\nend", [b"short\n", None, b"end"]),
        (b"012345678\n0123456789", [b"012345678\n", b"0123456789"]),
        (b"0123456789\n", [None]),                   # the line end counts
        (b"01234567\r\n" + b"z" * 100 + b"\n\n", [b"01234567\r\n", None, b"\n"]),
        (b"z" * 100, [None]),
        (b"", []),
    ],
)
def test_files_capped_lines_skip_what_is_over_the_cap(data: bytes, lines: list[bytes | None]) -> None:
    assert list(capped_lines(io.BytesIO(data), max_line_bytes=10)) == lines
