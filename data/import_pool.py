"""The worker processes that check the chunks of a large import file.

:class:`Pipeline` submits chunks and hands the results back in the order submitted; its
workers are a :class:`WorkerPool` (started by :func:`start_pool`, entry module
``data.import_worker``). Workers only compute: the store is written by the importing process
alone, so killing an import at any moment still leaves the store as before.
"""

from __future__ import annotations

import collections
import concurrent.futures
import concurrent.futures.process
import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

#: seconds the worker processes get to exit once their sockets close (then they are killed)
POOL_EXIT_TIMEOUT_S = 10.0


def import_workers(configured: int | None = None) -> int:
    """Worker processes for a large import: ``configured`` if positive, else one per core
    (at most 4; 1 means none: everything in this process)."""
    if configured and configured > 0:
        return configured
    return max(1, min(4, os.cpu_count() or 1))


class Pipeline:
    """Chunks checked in worker processes, results handed back in the order submitted.

    Nothing starts until :meth:`start` (a small file never pays for processes). At most
    ``ahead`` chunks wait at a time, so memory stays bounded by a few chunks. Workers only
    compute: the store is written by the importing process alone, so killing an import at
    any moment still leaves the store as before (the workers exit when their parent does).
    If the workers cannot run (a broken pool), the chunks are checked in this process. The
    workers have exited when the ``with`` block ends.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: WorkerPool | None = None
        self._failed = False
        self._pending: collections.deque = collections.deque()

    @property
    def parallel(self) -> bool:
        """True while worker processes run (they then write the staged rows themselves)."""
        return self._pool is not None

    @property
    def ahead(self) -> int:
        """Chunks that may wait unfinished (none when everything runs in this process)."""
        return 2 * self.workers if self.parallel else 0

    def start(self) -> None:
        """Start the workers (they load in the background while this process reads on)."""
        if self.workers > 1 and self._pool is None and not self._failed:
            try:
                self._pool = start_pool(self.workers)
            except (OSError, subprocess.SubprocessError):
                self._failed = True  # no processes here: check in this process

    def submit(self, shape, fn, *args) -> None:
        future: concurrent.futures.Future | None = None
        if self._pool is not None:
            try:
                future = self._pool.submit(fn, *args)
            except concurrent.futures.process.BrokenProcessPool:
                self._stop()  # the workers died: the rest is checked here
        if future is None:
            future = concurrent.futures.Future()
            future.set_result(fn(*args))
        self._pending.append((shape, future, fn, args))

    def results(self, until: int) -> Iterator[tuple[object, object]]:
        """(shape, result) of the oldest chunks, in the order submitted, until ``until`` wait."""
        while len(self._pending) > until:
            shape, future, fn, args = self._pending.popleft()
            try:
                result = future.result()
            except (
                concurrent.futures.process.BrokenProcessPool,
                concurrent.futures.CancelledError,
            ):
                self._stop()  # the workers died (or were stopped when one did): check it here
                result = fn(*args)
            yield shape, result

    def _stop(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            self._failed = True
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc) -> None:
        for _shape, future, _fn, _args in self._pending:
            future.cancel()
        self._pending.clear()
        self._stop()


class WorkerPool:
    """``workers`` processes that check chunks, with futures like a ``ProcessPoolExecutor``'s.

    They are started from their own entry module (:mod:`data.import_worker`), never from this
    program's main script, so nothing in this process is swapped or hidden while they start (a
    Streamlit page or a test runner may be ``__main__``). One process loads the import modules
    and forks the workers; each worker is fed through its own socket by a thread here, which
    sends a chunk, waits for the answer and takes the next. The pool belongs to one import:
    :meth:`shutdown` ends every process it started before it returns.
    """

    def __init__(self, workers: int):
        from multiprocessing.connection import Connection

        conns: list = []
        theirs: list[socket.socket] = []
        try:
            for _ in range(workers):
                mine, other = socket.socketpair()
                conns.append(Connection(mine.detach()))
                theirs.append(other)
            root = str(Path(__file__).resolve().parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
            fds = [s.fileno() for s in theirs]
            self._process = subprocess.Popen(
                [sys.executable, "-P", "-m", "data.import_worker", *map(str, fds)],
                pass_fds=fds,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # its own process group (stopped as one), no Ctrl-C
            )
        except BaseException:
            for conn in conns:
                conn.close()
            raise
        finally:
            for s in theirs:
                s.close()
        self._conns = conns
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._broken: str | None = None
        self._closed = False
        self._busy = 0
        self._threads = [
            threading.Thread(target=self._feed, args=(c,), name="povmap-import-worker", daemon=True)
            for c in conns
        ]
        for thread in self._threads:
            thread.start()

    @property
    def pid(self) -> int:
        """The process that forks the workers (their parent)."""
        return self._process.pid

    def submit(self, fn: Callable, *args) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self._broken:
                raise concurrent.futures.process.BrokenProcessPool(self._broken)
            if self._closed:
                raise RuntimeError("the import workers were shut down")
            self._tasks.put((future, fn, args))
        return future

    def _feed(self, conn) -> None:
        """One worker's thread: its chunks, one at a time, until the pool stops or it dies.
        Nothing is sent before the worker is up (a chunk waiting in a socket is a copy)."""
        try:
            conn.recv()  # the worker's process id, once it has started
        except (OSError, EOFError) as exc:
            self._break(f"an import worker did not start ({exc!r})")
            return
        while True:
            task = self._tasks.get()
            if task is None or not self._run(conn, *task):
                return
            del task  # a chunk held here while waiting would double the memory it takes

    def _run(self, conn, future: concurrent.futures.Future, fn: Callable, args: tuple) -> bool:
        """Send one call, set its future from the answer; False once the worker is gone."""
        if not future.set_running_or_notify_cancel():
            return True
        with self._lock:
            self._busy += 1
        try:
            conn.send((fn, args))
            ok, value = conn.recv()
        except (OSError, EOFError) as exc:  # the worker is gone (or was stopped)
            future.set_exception(self._break(f"an import worker stopped ({exc!r})"))
            return False
        except Exception as exc:  # arguments or an answer that cannot be pickled
            future.set_exception(exc)
            return True
        finally:
            with self._lock:
                self._busy -= 1
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return True

    def _break(self, why: str) -> concurrent.futures.process.BrokenProcessPool:
        """No more chunks for these workers: the waiting ones fail (and are checked here)."""
        with self._lock:
            self._broken = self._broken or why
            waiting = self._drain()
        error = concurrent.futures.process.BrokenProcessPool(self._broken)
        for future in waiting:
            future.set_exception(error)
        return error

    def _drain(self) -> list[concurrent.futures.Future]:
        waiting = []
        with contextlib.suppress(queue.Empty):
            while True:
                task = self._tasks.get_nowait()
                if task is not None:
                    waiting.append(task[0])
        return waiting

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers and wait until every process of the pool has exited.

        With ``cancel_futures`` the chunks not started are cancelled and a chunk being checked
        is abandoned (its worker is killed); else they are all checked first.
        """
        with self._lock:
            self._closed = True
            waiting = self._drain() if cancel_futures else []
            abandon = cancel_futures and self._busy > 0
        for future in waiting:
            future.cancel()
        if abandon:
            self._kill()
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join()
        for conn in self._conns:
            conn.close()  # each worker sees its socket close and exits
        try:
            self._process.wait(timeout=POOL_EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill()
            self._process.wait()

    def _kill(self) -> None:
        if self._process.poll() is None:  # not yet reaped: its process group is still ours
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)


def start_pool(workers: int) -> WorkerPool:
    """The worker processes of one import (see :class:`WorkerPool`)."""
    return WorkerPool(workers)
