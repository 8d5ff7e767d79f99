"""How long things are kept: audit entries, uploads left on disk, import and referral reports.

:func:`apply` (``povmap retention``) deletes, with the retention settings:

* audit entries older than ``POVMAP_AUDIT_RETENTION_DAYS`` (``data.audit.purge``, the only
  deletion of audit entries, which leaves one ``retention_applied`` entry saying what went);
* uploads (``povmap.uploads``) no running process owns, and any upload older than
  ``POVMAP_UPLOAD_RETENTION_DAYS`` (a step is minutes long; older ones are a crash's leftovers);
* reports in ``POVMAP_VAR_DIR/reports`` older than ``POVMAP_REPORT_RETENTION_DAYS`` (rejected
  rows hold household values);
* sessions that have ended or expired (only their token hashes; the trail keeps the sign-ins).

:func:`reports_mentioning` finds the reports that name a household ID: a subject report lists
them and an erase deletes them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from data import audit, store, users
from data.audit import Actor
from povmap import settings, uploads

if TYPE_CHECKING:
    import duckdb

REPORTS = "reports"


@dataclass(frozen=True)
class Periods:
    """Retention periods in days (:func:`periods` reads them from the settings)."""

    audit_days: int
    upload_days: int
    report_days: int

    def __post_init__(self) -> None:
        for name in ("audit_days", "upload_days", "report_days"):
            if getattr(self, name) < 1:
                raise ValueError(
                    f"a retention period is at least 1 day ({name} = {getattr(self, name)})"
                )


def periods() -> Periods:
    """The retention periods of the settings."""
    return Periods(
        int(settings.get("POVMAP_AUDIT_RETENTION_DAYS")),
        int(settings.get("POVMAP_UPLOAD_RETENTION_DAYS")),
        int(settings.get("POVMAP_REPORT_RETENTION_DAYS")),
    )


def reports_dir(var_dir: Path | None = None) -> Path:
    """``POVMAP_VAR_DIR/reports``: where imports and referral files write their reports."""
    return Path(var_dir if var_dir is not None else settings.var_dir()) / REPORTS


def _older(path: Path, cutoff: dt.datetime) -> bool:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime) < cutoff
    except FileNotFoundError:
        return False


def _remove(path: Path) -> int:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def old_uploads(var_dir: Path, cutoff: dt.datetime) -> int:
    """Delete uploads no running process owns (``povmap.uploads.sweep``) and the step folders
    of running ones last written before ``cutoff``. Returns how many entries went."""
    removed = uploads.sweep(var_dir)
    top = uploads.root(var_dir)
    if top.is_dir():
        for folder in top.iterdir():
            if folder.is_dir():
                removed += sum(_remove(step) for step in folder.iterdir() if _older(step, cutoff))
    return removed


def old_reports(var_dir: Path, cutoff: dt.datetime) -> int:
    """Delete the report files last written before ``cutoff``. Returns how many."""
    folder = reports_dir(var_dir)
    if not folder.is_dir():
        return 0
    return sum(_remove(p) for p in folder.rglob("*") if p.is_file() and _older(p, cutoff))


def reports_mentioning(hh_id: str, var_dir: Path | None = None) -> list[Path]:
    """The report files that hold ``hh_id`` as a whole value (not inside a longer ID)."""
    folder = reports_dir(var_dir)
    if not folder.is_dir() or not hh_id:
        return []
    word = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(hh_id)}(?![A-Za-z0-9_-])")
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with path.open(encoding="utf-8", errors="replace") as fh:
            if any(word.search(line) for line in fh):
                found.append(path)
    return found


def apply(
    con: duckdb.DuckDBPyConnection,
    *,
    by: Actor | None = None,
    now: dt.datetime | None = None,
    var_dir: Path | None = None,
    keep: Periods | None = None,
) -> dict[str, int]:
    """Delete what the retention periods (default: the settings') no longer keep, and leave one
    audit entry saying what. Returns what was deleted: audit entries, uploads, reports,
    sessions."""
    at = now or dt.datetime.now().replace(microsecond=0)
    var = Path(var_dir if var_dir is not None else settings.var_dir())
    keep = keep or periods()
    done = {
        "uploads": old_uploads(var, at - dt.timedelta(days=keep.upload_days)),
        "reports": old_reports(var, at - dt.timedelta(days=keep.report_days)),
        "sessions": users.purge_sessions(con, now=at),
    }
    with store.atomic(con):
        done["audit_entries"] = audit.purge(
            con,
            at - dt.timedelta(days=keep.audit_days),
            by or Actor.cli(),
            details={**done, "periods_days": keep.__dict__},
            at=at,
        )
    return done
