"""The entry module of an import's worker processes: ``python -P -m data.import_worker FD...``.

``data.import_pool`` starts this module once per import of several chunks, with one end of a
socket pair per worker (the file descriptors on the command line). It loads the import modules
once, then forks one worker per descriptor, so the workers share those pages and start at once;
each worker says it is up (its process id), then takes ``(function, arguments)`` from its
socket, runs it and sends back ``(True, result)`` or ``(False, exception)``, until the
importer closes its end. The process then
waits for its workers and exits: nothing outlives the import, and a killed importer leaves no
worker behind either (a worker waiting for a chunk sees the socket close at once, one checking
a chunk sees it when it answers).

Nothing here runs the program's main script (the Streamlit page, a test runner): this module
is its own main, started with ``-P`` so the current folder is not searched for modules; it
never prints a traceback (an error of a chunk goes back to the importer, which raises it; a
worker that cannot start makes the importer check the chunks itself).
"""

from __future__ import annotations

import os
import signal
import sys


def serve(fd: int) -> None:
    """Answer the calls sent on ``fd`` until the other end closes it."""
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    try:
        try:
            conn.send(os.getpid())  # up: the importer sends chunks from now on
        except OSError:
            return
        while True:
            try:
                fn, args = conn.recv()
            except (EOFError, OSError):
                return  # the import is over (or its process is gone)
            try:
                answer = (True, fn(*args))
            except Exception as exc:  # the importer raises it (as a pool's worker would)
                answer = (False, exc)
            del fn, args  # the chunk: never two in memory while the next one arrives
            try:
                conn.send(answer)
            except (OSError, EOFError):
                return
            except Exception as exc:  # an answer that cannot be pickled
                conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            del answer
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    """Fork one worker per descriptor in ``argv``, wait for them; the exit status is 0."""
    fds = [int(a) for a in (sys.argv[1:] if argv is None else argv)]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle
    try:
        import data.importer  # noqa: F401  (every import module, loaded once, shared by the workers)
    except BaseException:
        return 1  # the importer sees the sockets close and checks the chunks itself
    children = []
    for i, fd in enumerate(fds):
        pid = os.fork()
        if pid == 0:  # a worker: its own socket only
            for other in fds[:i] + fds[i + 1 :]:
                os.close(other)
            status = 0
            try:
                serve(fd)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        children.append(pid)
    for fd in fds:
        os.close(fd)
    for pid in children:
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
    return 0


if __name__ == "__main__":
    sys.exit(main())
