"""One chunk of an import file checked: normalised, validated on the file's own lines.

:func:`validate_table` runs the validator of the table's kind (``data.validate`` for
households and members, ``data.registry`` for the registry) on a
:class:`data.normalize.NormalizedTable` and moves its problems onto the lines and headers of
the file, keeping one problem per cell (a value the normaliser already reported is not
reported again).
"""

from __future__ import annotations

from data.normalize import NormalizedTable, column_reason
from data.problems import Problem
from data.registry import validate_registry
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
