"""Import a site, product, adoption or area-indicator file: read, type, check, store, or refuse.

The site import pipeline in one place (:mod:`data.sites` lists its steps). As the household
import: every row valid or nothing is stored, the refusal names file, line, column, value and
reason and writes the report CSV, and a replaced record keeps its previous version in history.
``povmap import sites|indicators`` and the Innovation page's import form call these.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data import store
from data.importer import ImportFailed, file_sha256, summarise, write_report
from data.problems import Problem
from data.sites.locate import Gazetteer
from data.sites.read import IndicatorMeta, read_indicator_file, read_site_table
from data.sites.schema import FIELDS, IMPORT_KINDS
from data.sites.store import store_indicators, store_sites
from data.sites.validate import validate_indicator_file, validate_sites


@dataclass(frozen=True)
class SiteImportResult:
    """What one import stored: its ID, kind, file rows, records and new/replaced/unchanged counts."""

    import_id: str
    kind: str
    rows: int
    records: int
    counts: store.LoadCounts


def known_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every stored site ID with its kind."""
    return dict(con.execute("SELECT site_id, kind FROM sites").fetchall())


def _reject(problems: list[Problem], report_dir: Path, import_id: str, name: str, rows: int):
    report = write_report(problems, report_dir / f"import-{import_id}-rejected.csv")
    return ImportFailed(summarise(problems, name, rows), problems, report)


def import_sites(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    *,
    report_dir: Path,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda _step: None,
) -> SiteImportResult:
    """Validate a site (or product, adoption) file of ``kind`` and store it, or raise ImportFailed.

    Nothing is written when any row is invalid; the report CSV lists every problem.
    """
    if kind not in FIELDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(IMPORT_KINDS)}")
    progress("read")
    frame, lines, header = read_site_table(Path(path), FIELDS[kind])
    progress("validate")
    villages = con.execute("SELECT village_code, lat, lon FROM villages").df()
    result = validate_sites(
        frame,
        Path(path).name,
        kind,
        gazetteer=Gazetteer.load(cache_dir, villages),
        known=known_ids(con),
        lines=lines,
        header_line=header,
    )
    import_id = uuid.uuid4().hex[:12]
    if result.problems:
        raise _reject(result.problems, report_dir, import_id, Path(path).name, len(frame))
    progress("store")
    counts = store_sites(
        con,
        result,
        kind,
        import_id=import_id,
        file_name=Path(path).name,
        file_sha256=file_sha256(Path(path)),
        synthetic=False,
    )
    return SiteImportResult(import_id, kind, len(frame), len(result.frame), counts)


def import_indicators(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    report_dir: Path,
    meta: IndicatorMeta | None = None,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
    progress: Callable[[str], None] = lambda _step: None,
) -> SiteImportResult:
    """Validate an area-indicator file and store it, or raise ImportFailed (nothing written).

    Headers map as in :func:`map_indicator_columns`; ``meta`` gives what the file leaves out.
    """
    progress("read")
    file = read_indicator_file(Path(path), mapping=mapping, value_column=value_column)
    progress("validate")
    result = validate_indicator_file(file, meta)
    import_id = uuid.uuid4().hex[:12]
    if result.problems:
        raise _reject(result.problems, report_dir, import_id, Path(path).name, len(file.frame))
    progress("store")
    counts = store_indicators(
        con,
        result,
        import_id=import_id,
        file_name=Path(path).name,
        file_sha256=file_sha256(Path(path)),
        synthetic=False,
    )
    return SiteImportResult(import_id, "indicators", len(file.frame), len(result.frame), counts)
