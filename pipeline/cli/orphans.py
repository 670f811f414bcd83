"""Child processes die with the command that started them, even when it is killed with ``kill -9``:
``reap_children_at_exit`` starts a small sentinel process that notes this process's children every
second and, once this process is gone, terminates those still running (Prefect's temporary API
server, worker processes), which would otherwise be orphaned and keep their ports and files.

The sentinel learns of the death through a pipe only this process holds open: the kernel closes it
however the process ends. Linux only (it reads ``/proc``); elsewhere nothing is started. Run as a
script it is the sentinel, so it imports the standard library only.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

POLL_S = 1.0
_sentinels: list[tuple[subprocess.Popen[bytes], int]] = []


def reap_children_at_exit() -> None:
    """Start the sentinel for this process (once); do nothing where there is no ``/proc``."""
    if _sentinels or not Path("/proc/self/stat").exists():
        return
    read_end, write_end = os.pipe()
    sentinel = subprocess.Popen(
        [sys.executable, __file__, str(os.getpid())], stdin=read_end, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(read_end)
    # The write end stays open, unwritten, for this process's lifetime; its children do not inherit it.
    _sentinels.append((sentinel, write_end))


def process_start(pid: int) -> tuple[int, str] | None:
    """Return the parent pid and start time of process ``pid``, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), fields[19]


def children_of(parent: int) -> dict[int, str]:
    """Return the children of ``parent`` by pid, with their start times (a pid reused later is not theirs)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = process_start(int(entry.name))
            if stat is not None and stat[0] == parent:
                found[int(entry.name)] = stat[1]
    return found


def watch(parent: int) -> None:
    """Note ``parent``'s children until its pipe (our stdin) closes, then terminate those still running."""
    known: dict[int, str] = {}
    while not select.select([sys.stdin], [], [], POLL_S)[0]:
        known.update(children_of(parent))
        known.pop(os.getpid(), None)
    for pid, started in known.items():
        stat = process_start(pid)
        if stat is not None and stat[1] == started:
            os.kill(pid, signal.SIGTERM)


if __name__ == "__main__":
    watch(int(sys.argv[1]))
