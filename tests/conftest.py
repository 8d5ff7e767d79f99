"""Shared fixtures: the boundary cache and a small seeded demo store, built once per test session."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tests import processes

ROOT = Path(__file__).resolve().parent.parent
DEMO_SCALE = 0.02  # 2,801 poor households in round 2564: every page has content, builds in seconds


def boundary_source() -> str:
    """POVMAP_BOUNDARIES if set (CI points it at ../shared/boundaries), else the sibling folder."""
    source = os.environ.get("POVMAP_BOUNDARIES") or str(ROOT.parent / "shared" / "boundaries")
    if "://" not in source and not Path(source).is_dir():
        raise RuntimeError(f"boundary folder {source} not found: set POVMAP_BOUNDARIES")
    return source


@pytest.fixture(scope="session")
def boundary_cache() -> Path:
    """The real boundary cache (built by `make test`'s set-up step, or here when missing)."""
    from povmap import bootstrap

    os.environ["POVMAP_BOUNDARIES"] = boundary_source()
    return bootstrap.ensure_boundaries(lambda _m: None, cache_dir=ROOT / "var" / "boundaries")


@pytest.fixture(scope="session")
def demo_store(boundary_cache, tmp_path_factory) -> Path:
    """A small synthetic store; the environment points the app at it for the whole session."""
    from povmap import bootstrap

    var = tmp_path_factory.mktemp("var")
    db = var / "demo.duckdb"
    bootstrap.build_demo(
        db, boundary_cache, seed=2564, scale=DEMO_SCALE, id_key=b"t" * 32, progress=lambda _m: None
    )
    os.environ.update(
        POVMAP_DB=str(db),
        POVMAP_CACHE_DIR=str(boundary_cache),
        POVMAP_VAR_DIR=str(var),
        POVMAP_ID_HASH_KEY="t" * 32,
    )
    return db


# --- no process outlives the session ----------------------------------------------------------------

#: seconds the session's last processes get to exit before the check fails the session
LEFTOVER_GRACE_S = 5.0


def pytest_sessionstart(session: pytest.Session) -> None:
    """Mark every process the session starts (they inherit the environment, orphans too)."""
    os.environ[processes.SESSION_MARK] = uuid.uuid4().hex


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if an import worker or a multiprocessing helper it started lives on
    (and stop them: they must not outlive the tests either)."""
    mark = os.environ.get(processes.SESSION_MARK)
    if not mark:
        return
    left = processes.still_alive(
        lambda: processes.workers(processes.marked(processes.SESSION_MARK, mark)),
        grace_s=LEFTOVER_GRACE_S,
    )
    if not left:
        return
    processes.kill(left)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"{len(left)} process(es) started by the tests outlived them (now killed):"]
    lines += [f"  {p}" for p in left]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True, bold=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
