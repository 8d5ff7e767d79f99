"""Import canonical household (and member) files into the store: all rows valid, or nothing.

The CLI (``povmap import households``) and the app's data page call :func:`import_households`.
On any invalid row nothing is written to the store; a report (file, line, column, reason) is
saved as CSV and the error summarises it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import secrets
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data import store
from data.validate import Problem, Validation, validate_households, validate_members

IMPORT_STEPS = ("read", "validate", "store")


class ImportFailed(Exception):
    """The file was not imported; ``problems`` says why and ``report`` where the full list is."""

    def __init__(self, message: str, problems: list[Problem], report: Path | None):
        super().__init__(message)
        self.problems = problems
        self.report = report


@dataclass(frozen=True)
class ImportResult:
    import_id: str
    rows: int
    members: int
    counts: store.LoadCounts


def id_hash_key(var_dir: Path, configured: str | None = None) -> bytes:
    """The secret key for hashing national IDs: the setting if given, else a key file made once."""
    if configured:
        return configured.encode("utf-8")
    path = var_dir / "id_hash.key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return path.read_bytes()


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, with or without BOM) or Parquet file with every cell as text."""
    try:
        if path.suffix.lower() == ".parquet":
            frame = pd.read_parquet(path)
            return frame.astype("string").where(frame.notna(), None)
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailed(f"{path}: file not found", [], None) from None
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", [], None
        ) from None
    except pd.errors.EmptyDataError:
        raise ImportFailed(f"{path}: the file is empty (no header row)", [], None) from None
    except (pd.errors.ParserError, ValueError, OSError) as exc:
        raise ImportFailed(f"{path}: cannot be read as a table: {exc}", [], None) from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_households(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    members_path: Path | None = None,
    report_dir: Path,
    id_key: bytes,
    progress: Callable[[str], None] = lambda _step: None,
) -> ImportResult:
    """Validate ``path`` (and ``members_path``) and store them atomically, or raise ImportFailed.

    ``progress`` is told each step as it starts: "read", "validate", "store" (IMPORT_STEPS).
    """
    progress("read")
    frame = read_table(path)
    progress("validate")
    households = validate_households(frame, path.name, id_key)
    members = None
    problems = list(households.problems)
    if members_path is not None:
        members = validate_members(read_table(members_path), members_path.name, id_key)
        problems += members.problems
        problems += _orphans(members, households, members_path.name)
    import_id = uuid.uuid4().hex[:12]
    if not len(frame):
        problems.append(Problem(path.name, 1, "", "", "the file has a header but no rows"))
    if problems:
        report = write_report(problems, report_dir / f"import-{import_id}-rejected.csv")
        raise ImportFailed(summarise(problems, path.name, len(frame)), problems, report)
    progress("store")
    return load_validated(
        con,
        households,
        members,
        import_id=import_id,
        file_name=path.name,
        file_sha256=file_sha256(path),
        synthetic=False,
    )


def load_validated(
    con: duckdb.DuckDBPyConnection,
    households: Validation,
    members: Validation | None,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> ImportResult:
    counts = store.load_households(
        con,
        households.frame,
        members.frame if members is not None else None,
        import_id=import_id,
        file_name=file_name,
        file_sha256=file_sha256,
        synthetic=synthetic,
    )
    n_members = len(members.frame) if members is not None else 0
    return ImportResult(import_id, len(households.frame), n_members, counts)


def _orphans(members: Validation, households: Validation, file_name: str) -> list[Problem]:
    keys = set(zip(households.frame.hh_id, households.frame.round_be, strict=True))
    out = []
    for i, (hh, rnd) in enumerate(zip(members.frame.hh_id, members.frame.round_be, strict=True)):
        if pd.notna(hh) and pd.notna(rnd) and (hh, rnd) not in keys:
            out.append(
                Problem(
                    file_name,
                    i + 2,
                    "hh_id",
                    str(hh),
                    "no such household and round in the household file",
                )
            )
    return out


def write_report(problems: list[Problem], path: Path) -> Path:
    """Write problems as CSV (UTF-8 with BOM for Excel); cells that start like a formula are defused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "column", "value", "reason"])
        for p in problems:
            writer.writerow(
                [_defuse(p.file), p.line, _defuse(p.column), _defuse(p.value), p.reason]
            )
    os.replace(tmp, path)
    return path


def _defuse(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summarise(problems: list[Problem], file_name: str, rows: int, shown: int = 10) -> str:
    lines = sorted({p.line for p in problems if p.line > 1})
    by_reason = Counter((p.column, p.reason) for p in problems)
    out = [
        f"{file_name}: nothing imported. {len(problems):,} problem(s) in {len(lines):,} of {rows:,} rows"
        + (" and in the header" if any(p.line == 1 for p in problems) else "")
        + ":"
    ]
    for (column, reason), n in by_reason.most_common(shown):
        out.append(f"  {n:>7,} × {column}: {reason}")
    out.append("First problems:")
    out += [f"  {p}" for p in problems[:shown]]
    return "\n".join(out)
