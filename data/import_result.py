"""What an import did (:class:`ImportResult`) or why it stored nothing (:class:`ImportFailed`),
and the summary each ends with: :func:`finish` closes the reports of a run that stored (or, for a
dry run, would store) its rows, :func:`fail` those of a run that stored nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from data import store
from data.column_mapping import ColumnReport
from data.import_file import FileRun
from data.import_report import Reports, count_lines, count_text
from data.messages import join, msg
from data.problems import Problem


class ImportFailed(Exception):
    """The file was not imported; ``problems`` says why and ``report`` where the full list is.

    ``result`` (when the run got that far) has the counts and every report path.
    """

    def __init__(
        self,
        message: str,
        problems: list[Problem],
        report: Path | None,
        result: ImportResult | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.problems = problems
        self.report = report
        self.result = result

    def __str__(self) -> str:
        return self.message  # a Text: the app renders it in the page's language


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do).

    ``rows`` is the number of valid rows stored; ``counts`` splits them into new, replaced
    (previous version kept in history) and unchanged.
    """

    import_id: str
    rows: int
    members: int
    counts: store.LoadCounts
    rows_in_file: int = 0
    rejected_rows: int = 0
    members_in_file: int = 0
    rejected_members: int = 0
    report: Path | None = None
    rejected: Path | None = None
    summary_file: Path | None = None
    summary: str = ""
    read_as: str = ""
    dry_run: bool = False
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    column_report: ColumnReport | None = None
    kind: str = "households"
    file_error: bool = False  # the whole file was refused (unreadable, columns missing, ...)


def fail(
    reports: Reports,
    import_id: str,
    file_name: str,
    run: FileRun,
    result_args,
    mrun: FileRun | None = None,
) -> None:
    summary = failure_summary(reports, file_name, run, mrun)
    report, rejected, summary_file = reports.close(summary)
    result = ImportResult(
        import_id,
        0,
        0,
        store.LoadCounts(0, 0, 0),
        report=report,
        rejected=rejected,
        summary_file=summary_file,
        summary=summary,
        problems=tuple(reports.first_errors),
        warnings=tuple(reports.first_warnings),
        file_error=reports.file_level,
        **result_args,
    )
    raise ImportFailed(summary, list(reports.first_errors), rejected or report, result)


def failure_summary(
    reports: Reports, file_name: str, run: FileRun, mrun: FileRun | None = None, shown: int = 10
) -> str:
    """What the command line prints (and the data page shows) when nothing was stored. The
    first line names the file at fault: the member file when only it has problems."""
    members_fault = mrun is not None and (not mrun.readable or (mrun.errors and not run.errors))
    at_fault = mrun if members_fault else run
    out: list[object]
    if reports.file_level:
        out = [msg("summary.cannot_import", file=at_fault.name)]
    else:
        counts = [at_fault]
        if mrun is not None and not members_fault and mrun.errors:
            counts.append(mrun)  # both files have problems: the member file's counts too
        parts = [count_text(r.errors, r.rejected_rows, r.rows_in_file) for r in counts]
        also = msg("summary.also", file=mrun.name, counts=parts[1]) if len(parts) > 1 else ""
        out = [
            msg(
                "summary.nothing_imported",
                file=at_fault.name,
                counts=parts[0],
                also=also,
                inhead="",
            )
        ]
    out += count_lines(reports.by_reason.most_common(shown))
    out += member_notes(run, mrun)
    if at_fault.read_as:
        out.append(msg("summary.read_as", how=at_fault.read_as))
    report = at_fault.column_report
    if report is not None and report.unknown and (report.missing or reports.file_level):
        out.append(msg("summary.unknown_columns", names=", ".join(report.unknown[:15])))
    out.append(msg("summary.first_problems"))
    out += [
        msg("summary.first_problem", problem=p.line_text()) for p in reports.first_errors[:shown]
    ]
    return join("\n", out)


def member_notes(run: FileRun, mrun: FileRun | None) -> list[str]:
    """A line when no member has a household in the household file (the wrong file?)."""
    if mrun is None or not mrun.unmatched:
        return []
    return [msg("summary.strangers", members=mrun.name, file=run.name)]


def finish(
    reports: Reports,
    import_id: str,
    file_name: str,
    counts: store.LoadCounts,
    rows: int,
    members: int,
    *,
    dry_run: bool,
    notes: tuple[str, ...] | list[str] = (),
    **result_args,
) -> ImportResult:
    verb = msg("summary.would_import" if dry_run else "summary.imported")
    shown_members = (
        msg("summary.members", n=f"{members:,}") if result_args.get("members_in_file") else ""
    )
    lines: list[object] = [
        msg(
            "summary.done",
            file=file_name,
            verb=verb,
            rows=f"{rows:,}",
            total=f"{result_args['rows_in_file']:,}",
            new=f"{counts.new:,}",
            replaced=f"{counts.replaced:,}",
            unchanged=f"{counts.unchanged:,}",
            members=shown_members,
        )
    ]
    rejected = result_args["rejected_rows"] + result_args.get("rejected_members", 0)
    if rejected:
        rows_out, n = f"{result_args['rejected_rows']:,}", f"{reports.errors:,}"
        if result_args.get("rejected_members"):
            members_out = f"{result_args['rejected_members']:,}"
            lines.append(msg("summary.rejected_members", rows=rows_out, members=members_out, n=n))
        else:
            lines.append(msg("summary.rejected", rows=rows_out, n=n))
        lines += count_lines(reports.by_reason.most_common(5))
    lines += notes
    if result_args.get("read_as"):
        lines.append(msg("summary.read_as", how=result_args["read_as"]))
    if reports.warnings:
        lines.append(msg("summary.warnings", n=f"{reports.warnings:,}"))
        lines += [
            msg("summary.warning", column=p.column, reason=p.reason)
            if p.column
            else msg("summary.warning_file", reason=p.reason)
            for p in reports.first_warnings[:10]
        ]
    summary = join("\n", lines)
    report, rejected_path, summary_file = reports.close(summary)
    return ImportResult(
        import_id,
        rows,
        members,
        counts,
        report=report,
        rejected=rejected_path,
        summary_file=summary_file,
        summary=summary,
        dry_run=dry_run,
        problems=tuple(reports.first_errors),
        warnings=tuple(reports.first_warnings),
        **result_args,
    )
