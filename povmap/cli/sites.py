"""`povmap import sites` and `povmap import indicators`: the typer command functions.

    povmap import sites FILE --kind enterprise|cultural_site|cultural_product|market|
                                    tourism_route|innovation_community|technology|product|adoption
    povmap import indicators FILE [--indicator CODE --name-th NAME --year 2566 --source ...]

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
    from data import store

    try:
        return store.connect(settings.get("POVMAP_DB"))
    except store.StoreUnavailable as exc:
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


def _say_mapping(file) -> None:
    """How the file's headers were read (the same preview the import form shows)."""
    err.print(
        f"{file.file_name}: {len(file.frame):,} row(s); header on line {file.header_line}",
        markup=False,
        highlight=False,
    )
    for line in file.columns.summary():
        err.print(f"  {line}", markup=False, highlight=False)


def import_indicators_command(
    file: Path = typer.Argument(
        ..., help="Area-indicator file (livable-city open data): CSV, Excel or Parquet."
    ),
    indicator: str | None = typer.Option(
        None, "--indicator", help="Indicator code (a-z 0-9 _) when the file has none."
    ),
    name_th: str | None = typer.Option(
        None, "--name-th", help="Thai name of the indicator when the file has none."
    ),
    name_en: str | None = typer.Option(None, "--name-en", help="English name of the indicator."),
    unit: str | None = typer.Option(None, "--unit", help="Unit (Thai, or language-neutral)."),
    unit_en: str | None = typer.Option(None, "--unit-en", help="Unit in English."),
    year: str | None = typer.Option(
        None, "--year", help="Year of the data (2566 BE or 2023 CE) when the file has none."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Where the data come from, when the file does not say."
    ),
    source_url: str | None = typer.Option(None, "--source-url", help="Link to the source."),
    higher_is_better: bool | None = typer.Option(
        None,
        "--higher-is-better/--lower-is-better",
        help="Direction of the indicator (ranks areas); else the file's higher_is_better.",
    ),
    value_column: str | None = typer.Option(
        None, "--value-column", help="The header of the column holding the values."
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", help="Header mapping file (CSV or JSON: their header, column)."
    ),
    preview: bool = typer.Option(
        False, "--preview", help="Show how the headers are read and stop (nothing stored)."
    ),
) -> None:
    """Validate an area-indicator file (areas by code or Thai/English name) and store it, or nothing.

    Headers are read as the household import reads them ("จังหวัด", "province", "ค่า", ...); what
    the file leaves out (code, names, unit, year, source, direction) is given as options.
    """
    from data.columns import MappingError
    from data.importer import ImportFailed
    from data.sites import (
        IndicatorMeta,
        effective_meta,
        import_indicators,
        read_indicator_file,
    )

    meta = IndicatorMeta(
        indicator=indicator,
        name_th=name_th,
        name_en=name_en,
        unit=unit,
        unit_en=unit_en,
        period=year,
        source=source,
        source_url=source_url,
        higher_is_better=higher_is_better,
    )
    try:
        mapped = read_indicator_file(file, mapping=mapping, value_column=value_column)
    except ImportFailed as exc:
        _failed(exc)
    except MappingError as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(1) from None
    _say_mapping(mapped)
    options = {
        "indicator": "--indicator",
        "name_th": "--name-th",
        "period": "--year",
        "source": "--source",
        "higher_is_better": "--higher-is-better or --lower-is-better (else no ranks)",
    }
    have = effective_meta(mapped, meta)
    asked = [flag for k, flag in options.items() if k in mapped.needs and getattr(have, k) is None]
    if asked:
        err.print(
            "the file does not give: " + ", ".join(asked) + " (give them as options)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if preview:
        return
    con = _open_store()
    try:
        result = import_indicators(
            con,
            file,
            report_dir=settings.var_dir() / "reports",
            meta=meta,
            mapping=mapping,
            value_column=value_column,
            progress=lambda step: err.print(f"› {step}", markup=False, highlight=False),
        )
    except ImportFailed as exc:
        _failed(exc)
    finally:
        con.close()
    _say_counts(result)
