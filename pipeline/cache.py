"""A disk cache of what is slow to build and built the same way every time: the gazetteer, the actor registry.

Leaf module: the standard library and ``pipeline.__version__`` only; imports no stage. Whoever builds an
object names everything the build reads in its key (``cache_key``: data files, the source of the code that
builds it and defines its classes, any other value) and calls ``DiskCache.fetch``: the file of that name
and key under the cache directory is unpickled, else the object is built and written there through a
temporary file renamed into place, so processes starting side by side (the worker processes) never read
half a file. Caching never fails a run: a file that cannot be read or unpickled is built again, a
directory that cannot be written means no caching.

A pickle runs code when it is loaded, so the directory must be one only its user writes (the default,
``~/.cache/claimgraph``, is); a file another user owns is ignored.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, TypeVar

from pipeline import __version__

# Part of every key: bump it when the layout of the cached files changes.
CACHE_FORMAT = 1
# Files kept per name, the most recently used first, so inputs changed now and then do not fill the disk.
KEPT_PER_NAME = 3
SUFFIX = ".pickle"
T = TypeVar("T")
log = logging.getLogger(__name__)


def cache_key(*, files: Iterable[Path] = (), stamped: Iterable[Path] = (), modules: Iterable[ModuleType] = (),
              values: Iterable[str] = ()) -> str:
    """Return the hex key of a build that reads ``files`` (by their contents; a missing one counts as
    missing), ``stamped`` (large installed files, by size and modification time: a reinstall changes
    them), runs the code of ``modules`` (a package: every .py file in it) and depends on ``values``."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{sys.version_info[:2]}".encode())
    for path in files:
        digest.update(f"\0file {path}\0".encode())
        digest.update(file_digest(path))
    for path in stamped:
        stat = path.stat() if path.exists() else None
        digest.update(f"\0stamp {path} {stat and stat.st_size} {stat and stat.st_mtime_ns}".encode())
    for source in sorted(set(source_files(modules))):
        digest.update(f"\0code {source.name}\0".encode())
        digest.update(file_digest(source))
    for value in values:
        digest.update(f"\0value {value}".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> bytes:
    """Return the SHA-256 of the file at ``path``, or ``b"missing"`` when there is none."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except FileNotFoundError:
        return b"missing"


def source_files(modules: Iterable[ModuleType]) -> Iterator[Path]:
    """Yield the .py files of ``modules``: a module's own file, every .py file under a package's folders."""
    for module in modules:
        folders = getattr(module, "__path__", None)
        if folders is not None:
            for folder in folders:
                yield from Path(folder).rglob("*.py")
        elif module.__file__ is not None:
            yield Path(module.__file__)


@dataclass(frozen=True)
class DiskCache:
    """Built objects pickled under ``directory``, a file per name and key; with ``directory`` None nothing is
    cached (every ``fetch`` builds)."""

    directory: Path | None

    def path_of(self, name: str, key: str) -> Path | None:
        """Return the file that holds ``name`` built under ``key`` (None when caching is off)."""
        return self.directory / f"{name}-{key[:32]}{SUFFIX}" if self.directory is not None else None

    def fetch(self, build: Callable[[], T], *, name: str, key: str, kind: type[T]) -> T:
        """Return the ``kind`` object cached as ``name`` under ``key``, else ``build()`` it and cache it.

        Raises what ``build`` raises; an unreadable file or an unwritable directory is no error.
        """
        path = self.path_of(name, key)
        if path is None:
            return build()
        found = read_cached(path)
        if isinstance(found, kind):
            return found
        built = build()
        if write_cached(path, built):
            prune(path.parent, name, keep=KEPT_PER_NAME)
        return built


def read_cached(path: Path) -> object | None:
    """Return the object pickled at ``path``; None when there is none, it is another user's, or it does not load."""
    try:
        with path.open("rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                log.warning("ignoring the cache file %s: another user owns it", path)
                return None
            found = unpickled(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged or foreign pickle can fail in any way unpickling can: build again
        log.info("ignoring the cache file %s (%s: %s); building again", path, type(error).__name__, error)
        return None
    touch(path)
    return found


def unpickled(handle: IO[bytes]) -> object:
    """Return the object pickled in ``handle``, with the garbage collector paused: its passes over the
    millions of small objects a load makes would take most of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def write_cached(path: Path, built: object) -> bool:
    """Pickle ``built`` to ``path`` through a temporary file renamed into place; return False (and cache
    nothing) when the directory cannot be made or written. Raises when ``built`` cannot be pickled (a bug)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    except OSError as error:
        log.info("not caching %s: %s", path.name, error)
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        log.info("not caching %s: %s", path.name, error)
        return False
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True


def touch(path: Path) -> None:
    """Mark ``path`` as just used (its modification time), so ``prune`` keeps it; no error when it cannot."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(directory: Path, name: str, *, keep: int) -> None:
    """Delete all but the ``keep`` most recently used cache files of ``name`` in ``directory`` (best effort)."""
    try:
        files = sorted(directory.glob(f"{name}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in files[keep:]:
            stale.unlink(missing_ok=True)
    except OSError as error:
        log.info("could not prune the cache of %s: %s", name, error)
