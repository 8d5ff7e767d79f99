"""Uploaded files on disk: only while a step reads one, never after.

Streamlit keeps an uploaded file in the session's memory. The readers (``data.readers``) and the
import's worker processes read paths, so a step that reads an upload (preview, check, store, a
referral or target file) writes it to a private file for that step only::

    with uploads.on_disk(upload) as (path,):
        preview(path)

and the file is deleted when the block ends, however it ends. Nothing is kept between reruns, so
a session that is closed or abandoned leaves nothing behind.

Layout: ``var/uploads/<process>.lock`` beside ``var/uploads/<process>/<step>/<name>`` (folders
0700, files 0600, created with those permissions). A running process holds an exclusive lock on
its ``.lock`` file. When the process stops normally (a server stopped with SIGTERM, SIGINT or
SIGQUIT included) it deletes its folder at exit: Streamlit's script threads are daemons, so a step
cut short by the stop cannot clean up after itself. Whatever a process that died (SIGKILL, a crash,
power loss) left, :func:`sweep` deletes: at server start (``povmap.serve``) and before a process's
first upload. It never deletes the folder of a process that is still running (its lock is held).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

try:
    import fcntl
except ImportError:  # not POSIX: no locks, so a sweep spares only this process's folder
    fcntl = None  # type: ignore[assignment]

FOLDER = "uploads"
LOCK_SUFFIX = ".lock"


class Upload(Protocol):
    """What is needed of an upload (Streamlit's ``UploadedFile``): its name and bytes."""

    name: str

    def getvalue(self) -> bytes: ...


_guard = threading.Lock()
_owned: dict[Path, tuple[Path, IO[bytes]]] = {}  # uploads root -> (this process's folder, lock)
_owner_pid = os.getpid()
_exit_hook = False


def root(var_dir: Path | None = None) -> Path:
    """``<var>/uploads`` (POVMAP_VAR_DIR when ``var_dir`` is not given)."""
    if var_dir is None:
        from povmap import settings

        var_dir = settings.var_dir()
    return Path(var_dir) / FOLDER


@contextlib.contextmanager
def on_disk(*files: Upload | None, var_dir: Path | None = None) -> Iterator[list[Path | None]]:
    """The uploads as private files for the length of the block (None stays None); deleted on
    leaving it, on success and on error alike. Each file keeps its name, made safe: no folders,
    and no 13-digit run (a national ID) in it, since readers name the file in reports."""
    folder = _process_folder(root(var_dir))
    steps: list[Path] = []
    try:
        paths: list[Path | None] = []
        for upload in files:
            if upload is None:
                paths.append(None)
                continue
            step = Path(tempfile.mkdtemp(dir=folder))
            steps.append(step)
            paths.append(_write(step / safe_name(upload.name), upload))
        yield paths
    finally:
        for step in steps:
            shutil.rmtree(step, ignore_errors=True)


def _write(path: Path, upload: Upload) -> Path:
    """The upload's bytes in a new file that is private from its creation (no chmod after)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as fh:
        if hasattr(upload, "getbuffer"):  # BytesIO (Streamlit's UploadedFile): no copy
            with upload.getbuffer() as view:
                fh.write(view)
        else:
            fh.write(upload.getvalue())
    return path


def safe_name(name: str) -> str:
    """An uploaded file's name as a plain file name: no folders, no 13-digit runs, short."""
    base = Path(str(name).replace("\\", "/")).name
    suffix = Path(base).suffix.lower()[:8]
    stem = base[: -len(suffix)] if suffix else base
    stem = "".join(c for c in stem if c.isalnum() or c in "-_ .")[:80].strip(" .")
    stem = re.sub(r"\d{13,}", lambda m: "x" * len(m.group()), stem)
    suffix = "".join(c for c in suffix if c.isalnum() or c == ".")
    return f"{stem or 'file'}{suffix}"


def sweep(var_dir: Path | None = None) -> int:
    """Delete what ``var/uploads`` holds that no running process owns. Returns how many entries
    (folders, lock files, loose files) were deleted."""
    top = root(var_dir)
    try:
        entries = list(top.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return 0
    mine = {folder.name for folder, _lock in _owned.values()}
    names = {e.name for e in entries}
    removed = 0
    for entry in entries:
        name = entry.name.removesuffix(LOCK_SUFFIX)
        if name in mine:
            continue
        if entry.name.endswith(LOCK_SUFFIX):
            removed += _remove_if_unlocked(entry, top / name)
        elif name + LOCK_SUFFIX not in names:  # no lock beside it: nobody owns it
            removed += _remove(entry)
        # else: the lock decides (handled with the lock file)
    return removed


def remove_own() -> None:
    """Delete this process's upload folders (registered to run at exit)."""
    if os.getpid() != _owner_pid:  # a forked child: the folders are its parent's
        return
    with _guard:
        for folder, lock in _owned.values():
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(folder.with_name(folder.name + LOCK_SUFFIX))
            lock.close()
        _owned.clear()


def _process_folder(top: Path) -> Path:
    global _exit_hook
    top = top.resolve()
    with _guard:
        if top in _owned:
            folder, lock = _owned[top]
            if folder.is_dir():
                return folder
            lock.close()  # someone deleted it: start again
        top.mkdir(parents=True, exist_ok=True, mode=0o700)
        if top not in _owned:
            sweep(top.parent)  # the first upload of this process: what dead ones left
        while True:
            name = f"{os.getpid()}-{os.urandom(6).hex()}"
            lock_path = top / (name + LOCK_SUFFIX)
            lock = open(lock_path, "xb")  # noqa: SIM115 - held open for the process's life
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            try:
                same = os.stat(lock_path).st_ino == os.fstat(lock.fileno()).st_ino
            except FileNotFoundError:  # a sweep took it between creation and locking
                same = False
            if same:
                break
            lock.close()
        folder = top / name
        folder.mkdir(mode=0o700)
        _owned[top] = (folder, lock)
        if not _exit_hook:
            atexit.register(remove_own)
            _exit_hook = True
        return folder


def _remove_if_unlocked(lock_path: Path, folder: Path) -> int:
    try:
        lock = open(lock_path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return 0
    with lock:
        if fcntl is not None:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # held: its process is running
                return 0
        removed = _remove(folder) if folder.exists() else 0
        return removed + _remove(lock_path)


def _remove(entry: Path) -> int:
    try:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    except FileNotFoundError:
        return 0
    except OSError:
        shutil.rmtree(entry, ignore_errors=True)
        return 0 if entry.exists() else 1
    return 1
