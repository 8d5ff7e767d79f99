"""`povmap`: set up, import and check numbers without the UI.

povmap setup                      boundary cache, map files, demo store (what `make run` does)
povmap import households FILE     validate and store a canonical household file
povmap stats --level province     area aggregates as CSV or JSON
povmap demo --scale 0.1           (re)build the synthetic demo store
povmap demo --national            the synthetic national store: 77 provinces, 12.9 M households/round
povmap users add|list|roles|…     built-in accounts; povmap audit: the audit trail as CSV
povmap subject-report ID          everything stored about a household; povmap erase ID: remove it
povmap retention                  delete what the retention settings no longer keep
povmap monitor raise --round 2565 a round's monitoring alerts (per province)
povmap exit-sample --area 46 --round 2565 --seed 7   an exit-verification sample
povmap grievances list            the grievance queue as CSV
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from analysis.measures import stats_columns_help
from povmap import settings
from povmap.cli.imports import import_app
from povmap.cli.monitoring import exit_sample_command, grievances_app, monitor_app
from povmap.cli.referrals import referrals_app
from povmap.cli.sites import import_indicators_command, import_sites_command
from povmap.cli.users import (
    audit_command,
    erase_command,
    retention_command,
    subject_report_command,
    users_app,
)

app = typer.Typer(help="Thai Poverty Map command line.", no_args_is_help=True, add_completion=False)
app.add_typer(import_app, name="import")
app.add_typer(referrals_app, name="referrals", help="Export and import referrals and targets.")
import_app.command("sites")(import_sites_command)
import_app.command("indicators")(import_indicators_command)
app.add_typer(users_app, name="users")
app.command("audit")(audit_command)
app.command("subject-report")(subject_report_command)
app.command("erase")(erase_command)
app.command("retention")(retention_command)
app.add_typer(monitor_app, name="monitor")
app.command("exit-sample")(exit_sample_command)
app.add_typer(grievances_app, name="grievances")
err = Console(stderr=True)


class Level(StrEnum):
    province = "province"
    district = "district"
    subdistrict = "subdistrict"
    village = "village"


class Format(StrEnum):
    csv = "csv"
    json = "json"


def _progress(message: str) -> None:
    err.print(f"[bold cyan]›[/] {message}")


@app.command()
def setup(
    demo: bool = typer.Option(True, help="Build the demo store when the store is empty."),
) -> None:
    """Prepare everything the app needs: map files, boundary cache and (if empty) the demo store."""
    from geo.boundaries import BoundaryError
    from povmap import bootstrap, vendor

    try:
        vendor.ensure_vendor(progress=_progress)
        bootstrap.ensure_boundaries(progress=_progress)
        if demo:
            bootstrap.ensure_demo(progress=_progress)
    except (BoundaryError, vendor.VendorError) as exc:
        err.print(f"[bold red]setup failed:[/] {exc}")
        raise typer.Exit(1) from None


@app.command("demo")
def demo_command(
    scale: float = typer.Option(
        None, help="Size relative to the programme (default POVMAP_DEMO_SCALE)."
    ),
    seed: int = typer.Option(None, help="Random seed (default POVMAP_DEMO_SEED)."),
    force: bool = typer.Option(False, help="Replace an existing store."),
    national: bool = typer.Option(
        False,
        help="All 77 provinces at BMN scale (12.9 M households and 36 M people per round at "
        "--scale 1, the default here), province by province through the importer.",
    ),
) -> None:
    """Generate the synthetic demo panel (3 rounds, 20 provinces) into the store."""
    from data.importer import id_hash_key
    from povmap import bootstrap

    db_path: Path = settings.get("POVMAP_DB")
    if db_path.exists():
        if not force:
            err.print(f"{db_path} exists; use --force to replace it with the synthetic demo.")
            raise typer.Exit(1)
        db_path.unlink()
        Path(str(db_path) + ".wal").unlink(missing_ok=True)
    cache_dir = bootstrap.ensure_boundaries(progress=_progress)
    if national:
        bootstrap.build_national(
            db_path,
            cache_dir,
            seed=seed if seed is not None else settings.get("POVMAP_DEMO_SEED"),
            scale=scale if scale is not None else 1.0,
            id_key=id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY")),
            progress=_progress,
        )
        return
    bootstrap.build_demo(
        db_path,
        cache_dir,
        seed=seed if seed is not None else settings.get("POVMAP_DEMO_SEED"),
        scale=scale if scale is not None else settings.get("POVMAP_DEMO_SCALE"),
        id_key=id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY")),
        progress=_progress,
    )


@app.command(epilog=stats_columns_help())
def stats(
    level: Level = typer.Option(Level.province, help="Aggregate to this level."),
    round_be: int = typer.Option(None, "--round", help="Survey round (Buddhist era), e.g. 2564."),
    area: str = typer.Option(None, help="Only areas inside this code (2, 4, 6 or 8 digits)."),
    fmt: Format = typer.Option(Format.csv, "--format", help="Output format."),
    mpi: bool = typer.Option(True, help="Add Alkire–Foster H, A, M0 per area."),
) -> None:
    """Print area aggregates: households, people, poor households, poor people, headcount ratio,
    and Alkire–Foster H, A, M0 (mpi_H, mpi_A, mpi_M0; weights and k from the settings).

    CSV is written by data.export: units in the header (headcount_ratio_pct, mpi_H_pct, …), the
    poverty rule, k and the synthetic flag as leading columns. JSON keeps fractions (0.75)."""
    from data import export, store
    from geo.codes import area_table
    from povmap.cli.stats import MPI_COLUMNS
    from povmap.cli.stats import area_table as stats_table
    from query.areas import STAT_COLUMNS
    from query.households import is_synthetic

    con = store.connect(settings.get("POVMAP_DB"))
    try:
        frame = stats_table(con, level.value, round_be=round_be, area=area, with_mpi=mpi)
        synthetic = is_synthetic(con)
    except ValueError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        con.close()
    names = area_table().set_index("code")[["name_th", "name_en"]]
    frame = frame.join(names, on="code")
    extra = [c for c in MPI_COLUMNS if c in frame]
    frame = frame[["code", "name_th", "name_en", "round_be", *STAT_COLUMNS, *extra]]
    if fmt is Format.json:
        sys.stdout.write(
            json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1) + "\n"
        )
    else:
        meta = export.ExportMeta(
            rule=settings.get("POVMAP_POOR_RULE"),
            k=float(settings.get("POVMAP_AF_K")),
            synthetic=synthetic,
        )
        sys.stdout.write(export.csv_text(frame, meta))


@app.command("refresh")
def refresh_command() -> None:
    """Sum the area numbers per village for the settings' rules (what the pages' first visits
    read). Imports and `povmap demo` do it themselves; run it after changing a setting of the
    poverty rule or the household model, or after an upgrade."""
    from data import store
    from povmap import bootstrap

    try:
        con = store.connect(settings.get("POVMAP_DB"))
    except store.StoreUnavailable as exc:
        err.print(f"cannot open the store: {exc}. Is the app running?", markup=False)
        raise typer.Exit(1) from None
    try:
        built = bootstrap.summarise(con, bootstrap.ensure_boundaries(progress=_progress), _progress)
    finally:
        con.close()
    if not built:
        _progress("area sums were already up to date")


@app.command("settings")
def settings_command(markdown: bool = typer.Option(False, help="Print docs/settings.md.")) -> None:
    """List every setting with its current value (or the Markdown documentation)."""
    if markdown:
        sys.stdout.write(settings.markdown())
        return
    for s in settings.SETTINGS:
        sys.stdout.write(f"{s.name}={settings.get(s.name)}\n")


@app.command("schema")
def schema_command(markdown: bool = typer.Option(True, help="Print docs/data-format.md.")) -> None:
    """Print the canonical data format (docs/data-format.md)."""
    from data.schema import markdown as schema_markdown

    sys.stdout.write(schema_markdown())


if __name__ == "__main__":
    app()
