"""Tests of ``pipeline.cache``: a built object is read back instead of built again; another key, a damaged file,
another user's file or a folder that cannot be written means building (never an error); files are written
whole (no temporary file left, nothing written when pickling fails) and old ones pruned."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

from pipeline import cache
from pipeline.cache import DiskCache, cache_key


class Builds:
    """A build that counts its calls and returns a fresh dict each time."""

    def __init__(self, value: str = "built") -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> dict[str, list[str]]:
        self.calls += 1
        return {"value": [self.value]}


def fetch(disk: DiskCache, build: Builds, *, key: str = "k1") -> dict:
    return disk.fetch(build, name="thing", key=key, kind=dict)


def cached_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_cache_second_fetch_reads_the_file_without_building(tmp_path: Path) -> None:
    disk, build = DiskCache(tmp_path), Builds()

    first, second = fetch(disk, build), fetch(DiskCache(tmp_path), build)

    assert (first, second, build.calls) == ({"value": ["built"]}, {"value": ["built"]}, 1)
    assert first is not second
    assert cached_files(tmp_path) == [f"thing-k1{cache.SUFFIX}"]


def test_cache_another_key_builds_again(tmp_path: Path) -> None:
    disk, build = DiskCache(tmp_path), Builds()
    fetch(disk, build, key="k1")
    build.value = "changed"

    assert fetch(disk, build, key="k2") == {"value": ["changed"]}
    assert build.calls == 2
    assert fetch(disk, build, key="k1") == {"value": ["built"]}
    assert build.calls == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage", None],
                         ids=["empty", "text", "truncated", "another-type"])
def test_cache_damaged_file_is_built_again_and_replaced(tmp_path: Path, damage: bytes | None) -> None:
    disk, build = DiskCache(tmp_path), Builds()
    path = disk.path_of("thing", "k1")
    assert path is not None
    if damage is None:  # a whole pickle of something else than the kind asked for
        DiskCache(tmp_path).fetch(lambda: ["a list"], name="thing", key="k1", kind=list)
    else:
        path.write_bytes(damage)

    assert fetch(disk, build) == {"value": ["built"]}
    assert fetch(disk, build) == {"value": ["built"]}
    assert build.calls == 1


def test_cache_another_users_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk, build = DiskCache(tmp_path), Builds()
    fetch(disk, build)
    monkeypatch.setattr(cache.os, "getuid", lambda: os.getuid() + 1, raising=False)

    assert fetch(disk, build) == {"value": ["built"]}
    assert build.calls == 2


def test_cache_folder_that_cannot_be_made_means_no_caching(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    disk, build = DiskCache(blocker / "cache"), Builds()

    assert [fetch(disk, build), fetch(disk, build)] == [{"value": ["built"]}] * 2
    assert build.calls == 2
    assert cached_files(tmp_path) == ["a-file"]


def test_cache_read_only_folder_means_no_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(**options: object) -> tuple[int, str]:  # what a read-only folder answers (root is never refused)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refused)
    disk, build = DiskCache(tmp_path), Builds()

    assert [fetch(disk, build), fetch(disk, build)] == [{"value": ["built"]}] * 2
    assert build.calls == 2
    assert cached_files(tmp_path) == []


def test_cache_failing_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full_disk)
    build = Builds()

    assert fetch(DiskCache(tmp_path), build) == {"value": ["built"]}
    assert cached_files(tmp_path) == []


def test_cache_object_that_cannot_be_pickled_is_a_bug_and_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises((TypeError, AttributeError, cache.pickle.PicklingError)):
        DiskCache(tmp_path).fetch(lambda: {"build": lambda: None}, name="thing", key="k1", kind=dict)
    assert cached_files(tmp_path) == []


def test_cache_off_builds_every_time() -> None:
    disk, build = DiskCache(None), Builds()

    assert [fetch(disk, build), fetch(disk, build)] == [{"value": ["built"]}] * 2
    assert (build.calls, disk.path_of("thing", "k1")) == (2, None)


def test_cache_keeps_the_most_recently_used_files_of_a_name(tmp_path: Path) -> None:
    disk, build = DiskCache(tmp_path), Builds()
    keys = [f"k{i}" for i in range(cache.KEPT_PER_NAME + 2)]
    for age, key in enumerate(keys):
        fetch(disk, build, key=key)
        path = disk.path_of("thing", key)
        assert path is not None
        os.utime(path, ns=(age * 10**9, age * 10**9))
    other = DiskCache(tmp_path).fetch(lambda: {"other": []}, name="other", key="k0", kind=dict)

    assert other == {"other": []}
    assert cached_files(tmp_path) == sorted([f"other-k0{cache.SUFFIX}"]
                                            + [f"thing-{key}{cache.SUFFIX}" for key in keys[-cache.KEPT_PER_NAME:]])


def probe_module(path: Path) -> ModuleType:
    module = ModuleType("probe")
    module.__file__ = str(path)
    return module


@pytest.mark.parametrize("change", ["file", "stamped", "module", "value", "file-removed"])
def test_cache_key_changes_with_every_input(tmp_path: Path, change: str) -> None:
    data, stamped, source = tmp_path / "data.json", tmp_path / "big.json", tmp_path / "probe.py"
    for path in (data, stamped, source):
        path.write_text("1", encoding="utf-8")

    def key(value: str = "v") -> str:
        return cache_key(files=[data], stamped=[stamped], modules=[probe_module(source)], values=[value])

    before = key()
    if change == "value":
        assert key("w") != before
        return
    changed = {"file": data, "stamped": stamped, "module": source, "file-removed": data}[change]
    if change == "file-removed":
        changed.unlink()
    else:
        changed.write_text("22", encoding="utf-8")

    assert key() != before


def test_cache_key_is_the_same_for_the_same_inputs(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text("1", encoding="utf-8")

    assert cache_key(files=[data], modules=[cache], values=["v"]) == cache_key(files=[data], modules=[cache],
                                                                                values=["v"])
