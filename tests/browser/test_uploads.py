"""Uploaded files never stay on disk: the real server (``python -m povmap.serve``) in headless
Chromium, stored with SIGTERM like a service manager does.

Each test scans the test's whole folder (the server's var folder, its temporary folder, its store
and its log) byte for byte for the raw national IDs of the file it uploaded (the upload is sent
from memory, so the test itself never writes them): none may be found.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import roles
from tests.browser.conftest import _stop, _wait_healthy, free_port
from tests.raw_ids import files_holding, fresh_ids, household_file, upload_files

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT_MS = 60_000


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    folder: Path  # everything the server writes: var/, tmp/, the store, the log
    var: Path


@pytest.fixture
def serve(vendored_static, demo_store, tmp_path) -> Iterator:
    """Factory: start the app with its own var folder, temporary folder and copy of the store."""
    started: list[subprocess.Popen] = []

    def start() -> Server:
        var, tmp = tmp_path / "var", tmp_path / "tmp"
        var.mkdir(exist_ok=True)
        tmp.mkdir(exist_ok=True)
        db = tmp_path / "store.duckdb"
        if not db.exists():
            shutil.copyfile(demo_store, db)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "POVMAP_DB": str(db),
            "POVMAP_VAR_DIR": str(var),
            "TMPDIR": str(tmp),
            "PYTHONPATH": str(ROOT),
        }
        log = tmp_path / f"server-{port}.log"
        cmd = [sys.executable, "-m", "povmap.serve", str(APP)]
        cmd += ["--server.headless", "true", "--server.port", str(port)]
        cmd += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        cmd += ["--server.fileWatcherType", "none"]
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        started.append(proc)
        _wait_healthy(url, proc, log)
        return Server(proc, url, tmp_path, var)

    try:
        yield start
    finally:
        for proc in started:
            _stop(proc)


def payload(ids: list[str], name: str = "hh.csv") -> dict:
    data = household_file(ids).to_csv(index=False).encode("utf-8")
    return {"name": name, "mimeType": "text/csv", "buffer": data}


def open_data_page(page, server: Server) -> None:
    roles.sign_in_browser(page, server.url, "admin", "en")  # imports are an administrator's
    page.goto(f"{server.url}/data?lang=en", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Import data")).to_be_visible(timeout=TIMEOUT_MS)


def upload_and_check(page, ids: list[str]) -> None:
    page.locator('input[type="file"]').first.set_input_files(payload(ids))
    check = page.get_by_role("button", name="Check the whole file")
    expect(check).to_be_visible(timeout=TIMEOUT_MS)  # the preview was read


def test_a_stored_file_leaves_no_raw_id_on_disk_at_any_step(serve, blocked_page):
    server = serve()
    ids = fresh_ids(8)
    page = blocked_page.page
    open_data_page(page, server)
    upload_and_check(page, ids)
    assert files_holding(ids, server.folder) == []  # previewed
    page.get_by_role("button", name="Check the whole file").click()
    store = page.get_by_role("button", name="Store 8 rows")
    expect(store).to_be_visible(timeout=TIMEOUT_MS)
    assert files_holding(ids, server.folder) == []  # checked
    store.click()
    expect(page.get_by_text("Stored 8 rows").first).to_be_visible(timeout=TIMEOUT_MS)
    assert files_holding(ids, server.folder) == []  # stored
    assert upload_files(server.var) == []


def test_an_abandoned_session_leaves_no_raw_id_on_disk(serve, blocked_page):
    server = serve()
    ids = fresh_ids(8)
    page = blocked_page.page
    open_data_page(page, server)
    upload_and_check(page, ids)
    page.get_by_role("button", name="Check the whole file").click()
    expect(page.get_by_role("button", name="Store 8 rows")).to_be_visible(timeout=TIMEOUT_MS)
    blocked_page.context.close()  # the user closes the tab without storing
    time.sleep(1.0)
    assert server.proc.poll() is None  # the server runs on
    assert files_holding(ids, server.folder) == []
    assert upload_files(server.var) == []


def test_a_server_stopped_with_sigterm_during_a_check_leaves_no_raw_id_on_disk(serve, blocked_page):
    server = serve()
    ids = fresh_ids(3_000)  # a check that takes a moment
    page = blocked_page.page
    open_data_page(page, server)
    upload_and_check(page, ids)
    page.get_by_role("button", name="Check the whole file").click()
    deadline = time.monotonic() + 60
    while not upload_files(server.var):  # the check has the file on disk
        assert time.monotonic() < deadline, "the check never put the file on disk"
        time.sleep(0.005)
    os.kill(server.proc.pid, signal.SIGTERM)  # what systemd or docker stop sends
    server.proc.wait(timeout=60)
    assert files_holding(ids, server.folder) == []
    assert upload_files(server.var) == []


def test_leftovers_of_a_killed_server_are_deleted_at_start(serve, tmp_path):
    ids = fresh_ids(4)
    data = payload(ids)["buffer"]
    uploads = tmp_path / "var" / "uploads"
    for leftover in ("0123456789ab/file/hh.csv", "hh.csv", "4242-deadbeef0000/x1/hh.csv"):
        (uploads / leftover).parent.mkdir(parents=True, exist_ok=True)
        (uploads / leftover).write_bytes(data)
    (uploads / "4242-deadbeef0000.lock").touch()  # its process is gone: nobody holds the lock
    assert len(files_holding(ids, tmp_path)) == 3 * len(ids)
    server = serve()
    assert files_holding(ids, server.folder) == []
    assert upload_files(server.var) == []
