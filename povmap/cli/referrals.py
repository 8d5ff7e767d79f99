"""`povmap referrals`: the referral queue as a spreadsheet for agencies, and their status changes back.

povmap referrals export --agency pmj --area 46 --out pmj-kalasin.xlsx
povmap referrals import pmj-kalasin.xlsx --by "พมจ.กาฬสินธุ์ สมศรี"
povmap referrals import-targets targets-2566.csv --by "เลขานุการแผนงาน"

An export has one row per referral with its current status and empty ``new_status`` and
``new_note`` columns; the agency fills them in (a status code or its Thai/English name) and the
file is imported back. An import is all or nothing: if any row is wrong nothing is written and a
report (``var/reports/referrals-…-rejected.csv``) names file, line, column and reason.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import typer
from rich.console import Console

from povmap import settings

referrals_app = typer.Typer(
    help="Referrals to agencies: export the queue, import status changes, import targets.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


def _connect():
    from data import store

    try:
        return store.connect(settings.get("POVMAP_DB"))
    except store.StoreUnavailable as exc:
        err.print(
            f"cannot open the store {settings.get('POVMAP_DB')}: {exc}\n"
            "Is the app running? Stop it, or use the referrals page's bulk update.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _read(path: Path):
    from data.readers import ReadError, read_any

    try:
        return read_any(path)
    except ReadError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except FileNotFoundError:
        err.print(f"{path}: file not found", markup=False)
        raise typer.Exit(1) from None


def _report(problems, name: str) -> Path:
    from data.importer import write_report

    return write_report(
        problems, settings.var_dir() / "reports" / f"{name}-{uuid.uuid4().hex[:8]}-rejected.csv"
    )


@referrals_app.command("export")
def export_command(
    out: Path = typer.Option(
        None, "--out", help="Write here (.csv or .xlsx); default: CSV to standard output."
    ),
    agency: list[str] = typer.Option(None, "--agency", help="Agency code(s), e.g. pmj."),
    area: str = typer.Option(None, help="Only referrals inside this code (2, 4, 6 or 8 digits)."),
    status: list[str] = typer.Option(None, "--status", help="Status code(s)."),
    open_only: bool = typer.Option(False, "--open-only", help="Only referrals not yet closed."),
    lang: str = typer.Option("th", help="Language of names and statuses: th or en."),
) -> None:
    """Export referrals with their current status, for an agency to fill in new_status/new_note."""
    from data import export
    from data import referrals as rf
    from query.access import Access
    from query.households import is_synthetic
    from query.referrals_read import referral_export

    statuses = tuple(status) if status else (rf.OPEN if open_only else None)
    bad = [s for s in statuses or () if s not in rf.STATUSES]
    if bad:
        err.print(f"unknown status {', '.join(bad)}; use one of {', '.join(rf.STATUSES)}")
        raise typer.Exit(2)
    filters = rf.Filters(
        area=area or None, agencies=tuple(agency) if agency else None, statuses=statuses
    )
    con = _connect()
    try:
        # the operator at the command line reads every referral (notes included)
        frame = referral_export(con, filters, access=Access.full(), lang=lang)
        meta = export.ExportMeta(synthetic=is_synthetic(con))
    except ValueError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    finally:
        con.close()
    # data.export writes every format: formulas defused, whole numbers as integers, the flag
    if out is None:
        sys.stdout.write(export.csv_text(frame, meta))
    elif out.suffix.lower() == ".xlsx":
        out.write_bytes(export.xlsx_bytes(frame, meta, sheet_name="referrals"))
    else:
        out.write_bytes(export.csv_bytes(frame, meta))
    if out is not None:
        err.print(f"exported {len(frame):,} referrals to {out}")


@referrals_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="CSV or Excel file with referral_id and new_status."),
    by: str = typer.Option(..., "--by", help="Who is recording these changes (name, agency)."),
    lang: str = typer.Option("en", help="Language of the problem report: th or en."),
) -> None:
    """Apply the status changes in FILE, all or nothing; rows with no new_status are skipped."""
    from data import referrals as rf

    raw = _read(file)
    con = _connect()
    try:
        result = rf.bulk_update(
            con, raw.frame, file_name=raw.source, by=by, line_numbers=raw.line_numbers, lang=lang
        )
    finally:
        con.close()
    if not result.ok:
        err.print(
            f"{raw.source}: nothing imported. {len(result.problems):,} problem(s):",
            markup=False,
        )
        for p in result.problems[:10]:
            err.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)
        err.print(f"Full report: {_report(result.problems, 'referrals')}", markup=False)
        raise typer.Exit(1)
    err.print(
        f"applied {result.applied:,} status change(s) from {raw.source} "
        f"({result.unchanged:,} row(s) unchanged); batch {result.batch_id}",
        markup=False,
    )


@referrals_app.command("import-targets")
def import_targets_command(
    file: Path = typer.Argument(..., help="CSV or Excel file of targets."),
    by: str = typer.Option(..., "--by", help="Who is setting these targets."),
    lang: str = typer.Option("en", help="Language of the problem report: th or en."),
) -> None:
    """Import targets (area_code, scope, baseline_round, target_round, households_to_lift,
    referrals_to_close): changed rows become new versions, all or nothing."""
    from data import targets as tg

    raw = _read(file)
    con = _connect()
    try:
        result = tg.import_targets(
            con, raw.frame, file_name=raw.source, by=by, line_numbers=raw.line_numbers, lang=lang
        )
    finally:
        con.close()
    if not result.ok:
        err.print(f"{raw.source}: nothing imported.", markup=False)
        for p in result.problems[:10]:
            err.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)
        err.print(f"Full report: {_report(result.problems, 'targets')}", markup=False)
        raise typer.Exit(1)
    err.print(
        f"imported {result.written:,} new target version(s) ({result.unchanged:,} unchanged)",
        markup=False,
    )
