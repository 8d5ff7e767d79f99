"""An import's report files, written as problems arrive, and the short texts about them.

Every run writes three files (nothing is dropped without a line in them), through
:class:`Reports`:

* ``import-<id>-report.csv``: every error and warning (severity, file, line, column, value,
  reason): rejected rows, unknown columns left out, title rows above the header, other sheets;
* ``import-<id>-rejected.csv``: the errors that kept rows (or the file) out of the store;
* ``import-<id>-summary.txt``: the short summary the command line prints (written by
  ``data.import_result``).

Values in reports are shown safely: national IDs hidden, long text cut, cells that start like
a spreadsheet formula defused by ``data.export`` (the one rule for every export).
:func:`report_frame`, :func:`write_report` and :func:`summarise` do the same for a list of
problems found elsewhere (referrals, sites).

Example:
    >>> _report_row(Problem("f.csv", 3, "hh_id", '=HYPERLINK("http://x")', "bad"))
    ['f.csv', 3, 'hh_id', '\\'=HYPERLINK("http://x")', 'bad']
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pandas as pd

from data import export
from data.messages import Text, cut, join, msg
from data.problems import Problem, safe_text

#: problems kept in memory for messages and the data page (all of them go to the report files)
KEEP_PROBLEMS = 500


class Reports:
    """The run's report files, written as problems arrive (never all held in memory)."""

    HEADER = ("severity", "file", "line", "column", "value", "reason")

    def __init__(self, report_dir: Path, import_id: str):
        report_dir.mkdir(parents=True, exist_ok=True)
        self.report_path = report_dir / f"import-{import_id}-report.csv"
        self.rejected_path = report_dir / f"import-{import_id}-rejected.csv"
        self.summary_path = report_dir / f"import-{import_id}-summary.txt"
        self._files = {}
        self._writers = {}
        self.errors = 0
        self.warnings = 0
        self.by_reason: Counter[tuple[str, str]] = Counter()
        self.first_errors: list[Problem] = []
        self.first_warnings: list[Problem] = []
        self.file_level = False  # an error about the whole file (not one row)

    def _writer(self, which: str):
        if which not in self._writers:
            path = self.report_path if which == "report" else self.rejected_path
            fh = path.with_suffix(".tmp").open("w", newline="", encoding="utf-8-sig")
            writer = csv.writer(fh)
            writer.writerow(self.HEADER if which == "report" else self.HEADER[1:])
            self._files[which], self._writers[which] = fh, writer
        return self._writers[which]

    def error(self, problems: list[Problem], *, file_level: bool = False) -> None:
        for p in problems:
            row = _report_row(p)
            self._writer("report").writerow(["error", *row])
            self._writer("rejected").writerow(row)
            self.by_reason[(p.column, _reason_kind(p.reason))] += 1
            if len(self.first_errors) < KEEP_PROBLEMS:
                self.first_errors.append(p)
        self.errors += len(problems)
        self.file_level = self.file_level or (file_level and bool(problems))

    def warning(self, problems: list[Problem]) -> None:
        for p in problems:
            self._writer("report").writerow(["warning", *_report_row(p)])
            if len(self.first_warnings) < KEEP_PROBLEMS:
                self.first_warnings.append(p)
        self.warnings += len(problems)

    def close(self, summary: str) -> tuple[Path, Path | None, Path]:
        """Finish the files (the report exists even when empty); returns their paths."""
        self._writer("report")
        for which, fh in self._files.items():
            fh.close()
            path = self.report_path if which == "report" else self.rejected_path
            os.replace(path.with_suffix(".tmp"), path)
        self._files.clear()
        tmp = self.summary_path.with_suffix(".tmp")
        tmp.write_text(summary + "\n", encoding="utf-8")
        os.replace(tmp, self.summary_path)
        rejected = self.rejected_path if self.errors else None
        return self.report_path, rejected, self.summary_path

    def abandon(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()


def _report_row(p: Problem) -> list[object]:
    """One report line, every text cell defused (:func:`data.export.defuse_cell`)."""
    cells = (str(p.file), p.line, str(p.column), safe_text(p.value), str(p.reason))
    return [export.defuse_cell(c) for c in cells]


def _reason_kind(reason: str) -> str:
    """A reason without the parts that differ per row (for the summary's counts)."""
    reason = _without_detail(reason)
    return reason if len(reason) <= 160 else cut(reason, 160)


def _without_detail(reason: str) -> str:
    """A duplicate's reason without the line kept and the columns that differ."""
    if not isinstance(reason, Text):
        return reason
    if reason.code == "column":
        inner = _without_detail(reason.params["inner"])  # type: ignore[arg-type]
        return (
            reason
            if inner is reason.params["inner"]
            else msg("column", **{**reason.params, "inner": inner})
        )
    if reason.code in ("dup.other_values", "dup.same_values"):
        return msg(reason.code, what=reason.params["what"], kept="")
    if reason.code == "dup.rejected_too":
        return msg("dup.rejected_too_kind", what=reason.params["what"])
    return reason


REPORT_COLUMNS = ("file", "line", "column", "value", "reason")


def report_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as the rows of a report (for a download: ``data.export`` writes it)."""
    return pd.DataFrame([_report_row(p) for p in problems], columns=list(REPORT_COLUMNS))


def write_report(problems: list[Problem], path: Path) -> Path:
    """Write problems as CSV through :func:`data.export.csv_bytes` (UTF-8 with BOM for Excel;
    cells that start like a formula are defused)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(export.csv_bytes(report_frame(problems)))
    os.replace(tmp, path)
    return path


def summarise(problems: list[Problem], file_name: str, rows: int, shown: int = 10) -> str:
    """A short text: how many problems in how many rows, the commonest reasons, the first ones."""
    lines = sorted({p.line for p in problems if p.line > 1})
    by_reason = Counter((p.column, p.reason) for p in problems)
    counts = count_text(len(problems), len(lines), rows)
    inhead = msg("summary.in_header") if any(p.line == 1 for p in problems) else ""
    out: list[object] = [
        msg("summary.nothing_imported", file=file_name, counts=counts, also="", inhead=inhead)
    ]
    out += count_lines(by_reason.most_common(shown))
    out.append(msg("summary.first_problems"))
    out += [msg("summary.first_problem", problem=p.line_text()) for p in problems[:shown]]
    return join("\n", out)


def count_text(n: int, rows: int, total: int) -> Text:
    return msg("summary.counts", n=f"{n:,}", rows=f"{rows:,}", total=f"{total:,}")


def count_lines(counted: list[tuple[tuple[str, str], int]]) -> list[Text]:
    """``  12 × members: not a number``: how often each reason occurs, by column."""
    return [
        msg(
            "summary.count_line",
            n=f"{n:>7,}",
            column=column or msg("summary.whole_file"),
            reason=reason,
        )
        for (column, reason), n in counted
    ]
