"""Processes a test (or the test session) started, read from /proc: none may outlive its work.

Two ways to find them: the descendants of a process (children, grandchildren, ...), and every
process whose environment carries a marker (``POVMAP_TEST_SESSION``, set for the whole session
by tests/conftest.py, or one a test sets for a command it runs): a process inherits its
parent's environment, so the marker still finds one whose parent is gone (an orphan).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: the environment variable tests/conftest.py sets for the whole test session
SESSION_MARK = "POVMAP_TEST_SESSION"
#: command-line words of the import's worker processes and of multiprocessing's helpers
WORKER_WORDS = (
    "data.import_worker",
    "multiprocessing.forkserver",
    "multiprocessing.resource_tracker",
    "multiprocessing.spawn",
    "--multiprocessing-fork",
)


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    cmdline: str

    def __str__(self) -> str:
        return f"{self.pid} (parent {self.ppid}): {self.cmdline[:200]}"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # gone meanwhile, or not ours to read
        return None


def _all() -> list[tuple[Proc, Path]]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _read(entry / "stat")
        cmdline = _read(entry / "cmdline")
        if stat is None or cmdline is None:
            continue
        fields = stat.rsplit(b")", 1)[1].split()
        if fields[0] == b"Z":  # a zombie has exited (its parent has not read its status yet)
            continue
        text = cmdline.replace(b"\0", b" ").decode(errors="replace").strip()
        out.append((Proc(int(entry.name), int(fields[1]), text), entry))
    return out


def descendants(pid: int | None = None, *, besides: Iterable[Proc] = ()) -> list[Proc]:
    """Every living process below ``pid`` (default: this one), but those in ``besides``: what
    was already running before a test (the browser driver a session fixture started, say)."""
    pid = os.getpid() if pid is None else pid
    before = {p.pid for p in besides}
    procs = [p for p, _ in _all()]
    tree, grew = {pid}, True
    while grew:
        more = {p.pid for p in procs if p.ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return [p for p in procs if p.pid in tree and p.pid != pid and p.pid not in before]


def marked(name: str, value: str) -> list[Proc]:
    """Every living process (but this one) started with ``name=value`` in its environment."""
    needle = f"{name}={value}".encode()
    out = []
    for proc, entry in _all():
        if proc.pid == os.getpid():
            continue
        environ = _read(entry / "environ")
        if environ is not None and needle in environ.split(b"\0"):
            out.append(proc)
    return out


def workers(procs: Iterable[Proc]) -> list[Proc]:
    """The import workers and multiprocessing helpers among ``procs``."""
    return [p for p in procs if any(word in p.cmdline for word in WORKER_WORDS)]


def still_alive(find: Callable[[], list[Proc]], grace_s: float = 0.0) -> list[Proc]:
    """What ``find`` returns once it is empty or ``grace_s`` seconds have passed."""
    deadline = time.monotonic() + grace_s
    while True:
        found = find()
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


def kill(procs: Iterable[Proc]) -> None:
    for proc in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(proc.pid, signal.SIGKILL)
