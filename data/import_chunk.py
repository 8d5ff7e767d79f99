"""One chunk of an import file checked: normalised, validated on the file's own lines,
duplicates explained, rows hashed: :func:`check_chunk`, what the worker processes run.

:func:`validate_table` runs the validator of the table's kind (``data.validate`` for
households and members, ``data.registry`` for the registry) on a
:class:`data.normalize.NormalizedTable` and moves its problems onto the lines and headers of
the file, keeping one problem per cell (a value the normaliser already reported is not
reported again).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from data import store
from data.column_mapping import ColumnReport
from data.columns import TableKind
from data.import_duplicates import explain_duplicates
from data.messages import msg
from data.normalize import NormalizedTable, column_reason, normalize_table
from data.problems import Problem
from data.read_table import RawTable
from data.registry import validate_registry
from data.staging import write_stage_file
from data.validate import Validation, validate_households, validate_members


def validate_table(table: NormalizedTable, id_key: bytes | None = None) -> Validation:
    """Validate ``table.frame``; problems of both steps on the original lines, one per cell."""
    if table.kind == "registry":
        check = validate_registry
    else:
        check = validate_households if table.kind == "households" else validate_members
    result = check(table.frame, table.file_name, id_key)
    seen = {(p.line, p.column) for p in table.problems}
    merged = list(table.problems)
    for p in result.problems:
        line = table.header_row if p.line <= 1 else int(table.line_numbers[p.line - 2])
        if (line, p.column) in seen:
            continue
        seen.add((line, p.column))
        header = table.column_report.header_of(p.column)
        reason = column_reason(header, p.reason) if header else p.reason
        merged.append(Problem(p.file, line, p.column, p.value, reason))
    merged.sort(key=lambda p: (p.line, p.column))
    return Validation(result.frame, merged)


@dataclass
class CheckedChunk:
    """One chunk normalised and validated: what ``data.import_file.FileRun`` needs of it."""

    validation: Validation
    line_numbers: np.ndarray
    column_report: ColumnReport
    warnings: list[Problem]
    record_hash: np.ndarray  # of each row of validation.frame with the constant columns
    staged: tuple[Path, int] | None = None  # valid rows already written there (and how many)


def check_chunk(
    raw: RawTable,
    mapping: Mapping[str, str | None] | str | Path | None,
    kind: TableKind,
    id_key: bytes,
    extra: Mapping[str, object],
    stage_file: Path | None = None,
) -> CheckedChunk:
    """Normalise and validate one chunk, add the constant columns ``extra`` and hash the
    rows (pure: runs in a worker process on large files). With ``stage_file`` the valid rows
    are written there (:func:`write_stage_file`) instead of being handed back."""
    table = normalize_table(raw, mapping, kind=kind)
    warnings = chunk_warnings(raw, table.column_report, table.notes)
    validation = validate_table(table, id_key)
    for name, value in extra.items():
        validation.frame[name] = value
    explain_duplicates(kind, validation, table.line_numbers)
    hashes = store.record_hash(validation.frame)
    prepared = CheckedChunk(validation, table.line_numbers, table.column_report, warnings, hashes)
    if stage_file is not None:
        lines = table.line_numbers
        bad = np.isin(lines, sorted(validation.bad_lines()))
        frame = validation.frame.assign(_line=lines)[~bad]
        prepared.staged = (stage_file, write_stage_file(frame, hashes[~bad], stage_file))
        validation.frame = validation.frame.iloc[:0]
        prepared.record_hash = hashes[:0]
    return prepared


def chunk_warnings(raw: RawTable, report: ColumnReport, notes: list[str]) -> list[Problem]:
    """What the import leaves out or changes without it being an error: one line each."""
    name, line = raw.source, raw.header_row
    out = [
        Problem(name, line, header, "", msg("import.unknown_column")) for header in report.unknown
    ]
    out += [
        Problem(name, line, header, "", msg("import.column_left_out", inner=why))
        for header, why in report.ignored
    ]
    if raw.rows_above_header:
        out.append(
            Problem(
                name,
                line,
                "",
                "",
                msg("import.rows_above_header", n=raw.rows_above_header),
            )
        )
    others = [s for s in raw.sheets if s != raw.sheet]
    if others:
        out.append(
            Problem(
                name,
                1,
                "",
                "",
                msg("import.other_sheets", sheet=repr(raw.sheet), others=", ".join(others)),
            )
        )
    out += [Problem(name, line, "", "", note) for note in notes]
    return out
