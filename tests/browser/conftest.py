"""Browser test harness: headless Debian chromium, a network that stops at localhost, Streamlit.

Fixtures (all usable from any test under tests/browser/):

``chromium_browser`` (session)
    playwright's sync API driving ``/usr/bin/chromium`` (override with $POVMAP_CHROMIUM). Never
    ``playwright install``: the system chromium is used.
``blocked_page``
    a ``BlockedPage`` in a fresh browser context whose every request to a host other than
    127.0.0.1/localhost is aborted and recorded in ``.aborted`` (so a test can assert that
    nothing external was even attempted, or only map tiles). Also records every request,
    responses with status >= 400 and console errors; ``.screenshot(name)`` saves to
    var/screenshots/.
``streamlit_server``
    factory: ``base_url = streamlit_server(script_path, env={...})`` starts
    ``python -m streamlit run`` on a free port with cwd = repository root (so
    .streamlit/config.toml applies), waits for /_stcore/health and stops it after the test.
    Streamlit serves ``<script dir>/static/`` at /app/static/, so a script outside the
    repository root is run through a symlink in a temporary folder beside a ``static`` link to
    the repository's static/ folder.
``boundaries_dir``
    $POVMAP_BOUNDARIES when it is a folder, else <repo>/../shared/boundaries.
``demo_app``
    factory: ``base_url, db = demo_app(**settings)`` serves app.py on a copy of the demo store
    (``db``, for the test to read what the app wrote) with ``settings`` (POVMAP_* values).
``sign_in_as``
    factory: ``sign_in_as(page, base_url, role, lang="th")`` signs the browser in as ``role``'s
    demo account (povmap.bootstrap.DEMO_ACCOUNTS: public, executive, researcher, provincial of
    46, agency of pmj in 46, admin) through the sign-in page's form, as a person does, and
    waits until the sidebar names the account; the session cookie keeps every later page of
    that browser context signed in. ``public``: nobody signs in. ``password=``: another
    account the test added to its store (``data.users.add_user``) before the app first read it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCREENSHOT_DIR = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("POVMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Schemes that never touch the network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-extension"})
STARTUP_TIMEOUT_S = 90.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in this folder drives a browser: mark it so ``-m 'not browser'`` skips it."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


# --- browser --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class BlockedPage:
    """A page whose network ends at localhost, with what it tried to reach."""

    page: object
    context: object
    #: URLs of non-local requests that were aborted (in order).
    aborted: list[str] = field(default_factory=list)
    #: Every request URL the page made (local and aborted).
    requests: list[str] = field(default_factory=list)
    #: (status, url) of local responses with status >= 400.
    bad_responses: list[tuple[int, str]] = field(default_factory=list)
    #: Text of console messages of type "error".
    console_errors: list[str] = field(default_factory=list)
    #: Uncaught exceptions in the page or any of its frames.
    page_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str, **kwargs) -> Path:
        """Save a screenshot of the page to var/screenshots/<name>.png and return its path."""
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / (name if name.endswith(".png") else f"{name}.png")
        self.page.screenshot(path=str(path), **kwargs)
        return path

    def external_attempts(self, allow: Callable[[str], bool] = lambda url: False) -> list[str]:
        """Aborted URLs that ``allow`` does not excuse (e.g. ``lambda u: 'tile' in u``)."""
        return [url for url in self.aborted if not allow(url)]


@pytest.fixture
def blocked_page(chromium_browser) -> Iterator[BlockedPage]:
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="th-TH", service_workers="block"
    )
    page = context.new_page()
    blocked = BlockedPage(page=page, context=context)

    def route(route_obj) -> None:
        url = route_obj.request.url
        if is_local_url(url):
            route_obj.continue_()
        else:
            blocked.aborted.append(url)
            route_obj.abort("internetdisconnected")

    context.route("**/*", route)
    page.on("request", lambda request: blocked.requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            blocked.bad_responses.append((response.status, response.url))
            if response.status >= 400
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            blocked.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: blocked.page_errors.append(str(error)))
    try:
        yield blocked
    finally:
        context.close()


# --- streamlit ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(base_url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {proc.returncode} before it was healthy:\n"
                + log.read_text(errors="replace")[-4000:]
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"streamlit was not healthy within {STARTUP_TIMEOUT_S:.0f} s:\n"
        + log.read_text(errors="replace")[-4000:]
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def vendored_static() -> Path:
    """The repository's static/ folder with Leaflet vendored (fetched with npm when missing)."""
    from povmap.vendor import STATIC_DIR, ensure_vendor

    ensure_vendor(STATIC_DIR, progress=lambda msg: print(f"[vendor] {msg}"))
    return STATIC_DIR


@pytest.fixture(scope="session")
def boundaries_dir() -> Path:
    env = os.environ.get("POVMAP_BOUNDARIES", "")
    folder = Path(env).expanduser() if env and Path(env).expanduser().is_dir() else None
    folder = folder or (ROOT.parent / "shared" / "boundaries")
    if not (folder / "tha_adm1_provinces.geojson").is_file():
        pytest.skip(f"no boundary files in {folder} (set POVMAP_BOUNDARIES)")
    return folder.resolve()


@pytest.fixture
def streamlit_server(vendored_static, tmp_path_factory):
    """Factory: ``streamlit_server(script_path, env=None) -> base URL``; stopped after the test."""
    started: list[subprocess.Popen] = []
    staging_dirs: list[Path] = []

    def start(script_path: str | Path, env: Mapping[str, str] | None = None) -> str:
        script = Path(script_path).resolve()
        if not script.is_file():
            raise FileNotFoundError(script)
        if (script.parent / "static").resolve() != vendored_static.resolve():
            stage = Path(tempfile.mkdtemp(prefix="st-app-", dir=tmp_path_factory.getbasetemp()))
            (stage / script.name).symlink_to(script)
            (stage / "static").symlink_to(vendored_static.resolve(), target_is_directory=True)
            staging_dirs.append(stage)
            script = stage / script.name
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        full_env = {**os.environ, **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), full_env.get("PYTHONPATH", "")) if p
        )
        log = tmp_path_factory.getbasetemp() / f"streamlit-{port}.log"
        cmd = [
            sys.executable,
            "-m",
            "povmap.serve",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        started.append(proc)
        _wait_healthy(base_url, proc, log)
        return base_url

    try:
        yield start
    finally:
        for proc in started:
            _stop(proc)
        for stage in staging_dirs:
            shutil.rmtree(stage, ignore_errors=True)


# --- signed in -----------------------------------------------------------------------------------


@pytest.fixture
def demo_app(streamlit_server, demo_store, tmp_path):
    """Factory: ``demo_app(**settings) -> (base_url, db)``: app.py on its own copy of the demo
    store (the demo's accounts included), stopped after the test."""

    def start(**settings: str) -> tuple[str, Path]:
        db = tmp_path / f"app-{len(list(tmp_path.glob('app-*.duckdb')))}.duckdb"
        shutil.copyfile(demo_store, db)
        env = {
            k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")
        }
        return streamlit_server(ROOT / "app.py", env={**env, "POVMAP_DB": str(db), **settings}), db

    return start


@pytest.fixture
def sign_in_as():
    """Factory: ``sign_in_as(page, base_url, role, lang="th", password=None)``: sign in through
    the form of the sign-in page (pages/signin.py) with ``role``'s demo account and wait for the
    sidebar's account line (``public``: nobody signs in; nothing is done):
    :func:`tests.roles.sign_in_browser`."""
    from tests.roles import sign_in_browser

    return sign_in_browser
