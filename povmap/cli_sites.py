"""`povmap import sites` and `povmap import indicators`: the typer command functions.

    povmap import sites FILE --kind enterprise|cultural_site|cultural_product|market|
                                    tourism_route|innovation_community|technology|product|adoption
    povmap import indicators FILE

The CLI registers them (``import_app.command("sites")(import_sites_command)``). Every row valid
or nothing is stored; on failure the message names file, line, column and reason, and the full
report is written to POVMAP_VAR_DIR/reports/. Exit status: 0 imported, 1 nothing imported.
The technology library shipped with the app is itself a valid file:
``povmap import sites data/tables/technologies.csv --kind technology``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from data.sites import IMPORT_KINDS
from povmap import settings

err = Console(stderr=True)

SiteKind = StrEnum("SiteKind", {k: k for k in IMPORT_KINDS})
KIND_HELP = (
    "What the file holds: "
    + ", ".join(IMPORT_KINDS)
    + " (one row per record; a tourism route has one row per stop)."
)


def _open_store():
    import duckdb

    from data import store

    try:
        return store.connect(settings.get("POVMAP_DB"))
    except duckdb.IOException as exc:
        err.print(
            f"cannot open the store {settings.get('POVMAP_DB')}: {exc}. Is the app running? "
            "Stop it and try again.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _say_counts(result) -> None:
    c = result.counts
    err.print(
        f"imported {result.records:,} {result.kind} record(s) from {result.rows:,} row(s): "
        f"{c.new:,} new, {c.replaced:,} replaced (previous versions kept in history), "
        f"{c.unchanged:,} unchanged.",
        markup=False,
        highlight=False,
    )


def _failed(exc) -> None:
    # user data may contain [brackets]: never let rich read them as markup
    err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
    if exc.report:
        err.print(f"Full report: {exc.report}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def import_sites_command(
    file: Path = typer.Argument(..., help="Site file: CSV (UTF-8 or TIS-620), Excel or Parquet."),
    kind: SiteKind = typer.Option(
        ...,
        "--kind",
        help=KIND_HELP,
        case_sensitive=False,
    ),
) -> None:
    """Validate a site file of one kind and store it: every row valid, or nothing is written."""
    from data.importer import ImportFailed
    from data.sites import import_sites

    con = _open_store()
    try:
        result = import_sites(
            con,
            file,
            kind.value,
            report_dir=settings.var_dir() / "reports",
            cache_dir=settings.get("POVMAP_CACHE_DIR"),
            progress=lambda step: err.print(f"› {step}", markup=False, highlight=False),
        )
    except ImportFailed as exc:
        _failed(exc)
    finally:
        con.close()
    _say_counts(result)


def import_indicators_command(
    file: Path = typer.Argument(
        ..., help="Area-indicator file (livable-city open data): CSV, Excel or Parquet."
    ),
) -> None:
    """Validate an area-indicator file (areas by code or Thai/English name) and store it, or nothing."""
    from data.importer import ImportFailed
    from data.sites import import_indicators

    con = _open_store()
    try:
        result = import_indicators(
            con,
            file,
            report_dir=settings.var_dir() / "reports",
            progress=lambda step: err.print(f"› {step}", markup=False, highlight=False),
        )
    except ImportFailed as exc:
        _failed(exc)
    finally:
        con.close()
    _say_counts(result)
