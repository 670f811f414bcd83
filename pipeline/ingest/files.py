"""Read local inputs safely: regular files only (a FIFO, a device or a socket named as an input or
lying beside one is refused, never opened for a blocking read), every read capped, and JSON Lines
read as a stream of capped lines (one huge line costs its cap in memory, not its size).

Imports errors only; never another stage.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import InputError

# How much of an over-long line is skipped per read, looking for its end.
SKIP_CHUNK = 1 << 20


def open_regular(path: Path) -> BinaryIO:
    """Return ``path`` opened for binary reading; raise ``InputError`` when it is not a regular file.

    Opened without blocking (a FIFO would otherwise wait for a writer forever), then checked on the open
    descriptor, so what is read is what was checked.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InputError(f"cannot open {path.name}: {error.strerror}", origin=str(path), stage="ingest") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputError(f"{path.name} is not a regular file ({kind_of(mode)}): give a file of text",
                         origin=str(path), stage="ingest")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def kind_of(mode: int) -> str:
    """Return what a file mode says the file is, in words."""
    for check, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                        (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a directory")):
        if check(mode):
            return name
    return "not a plain file"


def read_regular(path: Path, *, max_bytes: int | None) -> bytes:
    """Return the bytes of the regular file at ``path``; raise ``InputError`` when it is not one or holds more than
    ``max_bytes`` (None: no cap), reading no more than the cap."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            raise over_cap(path, size, max_bytes)
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise over_cap(path, len(data), max_bytes)
    return data


def over_cap(path: Path, size: int, max_bytes: int) -> InputError:
    """Return the error of a file over its cap."""
    return InputError(
        f"file of {size:,} bytes is over the cap of {max_bytes:,}: split it or raise --max-chars",
        origin=str(path), stage="ingest",
    )


def capped_lines(handle: BinaryIO, *, max_line_bytes: int) -> Iterator[bytes | None]:
    """Yield each line of ``handle``; None in place of a line of more than ``max_line_bytes`` (its line end
    included), whose rest is skipped in chunks (a line is never held whole past its cap)."""
    while line := handle.readline(max_line_bytes + 1):
        if len(line) <= max_line_bytes:
            yield line
            continue
        if not line.endswith(b"\n"):
            while (rest := handle.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield None
