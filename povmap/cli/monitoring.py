"""`povmap monitor`, `povmap exit-sample`, `povmap grievances`: keeping households out of poverty
from the command line.

povmap monitor raise --round 2565 --province 46   a round's alerts from the category rules
povmap monitor raise --round 2565                 every province with data, one at a time
povmap exit-sample --area 46 --round 2565 --seed 7 --out sample-46.csv
povmap grievances list --area 46 --overdue        the open grievances as CSV

The thresholds, due days, holidays and exit-verification settings are the app's
(``POVMAP_MONITOR_*``, ``POVMAP_ALERT_*``, ``POVMAP_EXIT_*``: docs/settings.md). Writes are
recorded as the person at the command line (``cli:<login>``) unless ``--by`` names someone.
Every table written goes through data.export (formulas defused, the synthetic flag).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from povmap import settings
from query.access import Access

monitor_app = typer.Typer(
    help="Monitoring alerts: raise a survey round's alerts.",
    no_args_is_help=True,
    add_completion=False,
)
grievances_app = typer.Typer(
    help="Grievances about the list: the queue as CSV.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


def _connect(read_only: bool = False):
    from data import store

    try:
        return store.connect(settings.get("POVMAP_DB"), read_only=read_only)
    except store.StoreUnavailable as exc:
        err.print(
            f"cannot open the store {settings.get('POVMAP_DB')}: {exc}\n"
            "Is the app running? Stop it, or use the app's pages.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _by(by: str | None) -> str:
    from data.audit import Actor

    return by or Actor.cli().name


@monitor_app.command("raise")
def raise_command(
    round_be: int = typer.Option(..., "--round", help="Survey round (Buddhist era), e.g. 2565."),
    province: list[str] = typer.Option(
        None, "--province", help="Province code(s); default every province with data."
    ),
    by: str = typer.Option(None, "--by", help="Who raises them (default cli:<login>)."),
) -> None:
    """Open an alert for every household of ROUND in a monitored category that has no open
    alert of it, province by province (three rounds of one province fit in memory)."""
    from data import monitoring as mon
    from povmap import monitoring_settings as ms
    from povmap import rules
    from query.households import data_provinces, is_synthetic

    con = _connect()
    try:
        provinces = list(province) if province else data_provinces(con)
        bad = [p for p in provinces if not (len(p) == 2 and p.isdigit())]
        if bad:
            err.print(f"not a province code: {', '.join(bad)} (2 digits, e.g. 46)", markup=False)
            raise typer.Exit(2)
        thresholds = ms.thresholds(round_be)
        clock = ms.alert_clock()
        synthetic = is_synthetic(con)
        total = 0
        for code in provinces:
            ids = mon.raise_round_alerts(
                con,
                round_be,
                rule=rules.poor_rule(),
                income_line=ms.income_line(),
                by=_by(by),
                thresholds=thresholds,
                area=code,
                clock=clock,
                synthetic=synthetic,
            )
            total += len(ids)
            err.print(f"{code}: {len(ids):,} new alert(s)", markup=False)
    except mon.MonitoringError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    finally:
        con.close()
    err.print(f"round {round_be}: {total:,} new alert(s) in {len(provinces)} province(s)")


def exit_sample_command(
    area: str = typer.Option(..., "--area", help="Area code (2, 4, 6 or 8 digits)."),
    round_be: int = typer.Option(..., "--round", help="Survey round (Buddhist era)."),
    seed: int = typer.Option(
        ..., "--seed", help="Random seed: the same seed draws the same sample."
    ),
    margin: float = typer.Option(None, help="Margin of error (default POVMAP_EXIT_MARGIN)."),
    confidence: float = typer.Option(None, help="Confidence (default POVMAP_EXIT_CONFIDENCE)."),
    strata: str = typer.Option("village", help="Stratify by district, subdistrict or village."),
    by: str = typer.Option(None, "--by", help="Who draws it (default cli:<login>)."),
    out: Path = typer.Option(None, "--out", help="Write the drawn households here (CSV)."),
) -> None:
    """Draw and store a seeded stratified sample of AREA's households that exited since the
    previous round and of those never found poor; print its ID and sizes."""
    from data import exit_samples as xs
    from data import export
    from povmap import monitoring_settings as ms
    from povmap import rules
    from query import monitoring_read as mr
    from query.households import is_synthetic

    con = _connect()
    try:
        sample_id = xs.draw_exit_sample(
            con,
            area=area,
            round_be=round_be,
            rule=rules.poor_rule(),
            by=_by(by),
            margin=ms.exit_margin() if margin is None else margin,
            confidence=ms.exit_thresholds().confidence if confidence is None else confidence,
            stratum_level=strata,
            seed=seed,
            synthetic=is_synthetic(con),
        )
        drawn = mr.samples(con, area).set_index("sample_id").loc[sample_id]
        households = mr.sample_households(
            con, sample_id, page_size=100_000, access=Access.full()
        ).rows
        meta = export.ExportMeta(round_be=round_be, synthetic=is_synthetic(con))
    except xs.ExitSampleError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    finally:
        con.close()
    print(
        f"{sample_id}: {int(drawn['exited_drawn']):,} of {int(drawn['exited_population']):,} "
        f"exited and {int(drawn['unregistered_drawn']):,} of "
        f"{int(drawn['unregistered_population']):,} never-registered households "
        f"(area {area}, round {round_be}, seed {seed})"
    )
    if out is not None:
        columns = ["hh_id", "sample_group", "stratum", "draw_no"]
        out.write_bytes(export.csv_bytes(households[columns].assign(sample_id=sample_id), meta))
        err.print(f"wrote {len(households):,} households to {out}", markup=False)


@grievances_app.command("list")
def list_command(
    area: str = typer.Option(None, help="Only grievances inside this code."),
    all_states: bool = typer.Option(False, "--all", help="Closed grievances too."),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue grievances."),
    lang: str = typer.Option("en", help="Language of the type and state names: th or en."),
) -> None:
    """The grievance queue as CSV on standard output: overdue first (working days late), with
    type, state, level, due date and village; never the description or the contact."""
    from data import export
    from data import grievances as gv
    from data.messages import text
    from povmap import monitoring_settings as ms
    from query import monitoring_read as mr
    from query.households import is_synthetic

    if lang not in ("th", "en"):
        err.print("--lang is th or en", markup=False)
        raise typer.Exit(2)
    con = _connect(read_only=True)
    try:
        page = mr.grievance_queue(
            con,
            area,
            holidays=ms.holidays(),
            states=gv.STATES if all_states else None,
            overdue_only=overdue,
            page_size=1_000_000,
            access=Access.full(),  # the operator at the command line
        )
        meta = export.ExportMeta(synthetic=is_synthetic(con))
    except ValueError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    finally:
        con.close()
    rows = page.rows
    frame = rows[
        [
            "grievance_id",
            "grievance_type",
            "hh_id",
            "village_code",
            "state",
            "state_level",
            "filed_at",
            "due",
            "overdue",
            "days_overdue",
        ]
    ].assign(
        type_name=[text(f"grievance.type.{v}", lang) for v in rows["grievance_type"]],
        state_name=[gv.label(s, lang) for s in rows["state"]],
        listahanan_code=[gv.LISTAHANAN[v] for v in rows["grievance_type"]],
    )
    sys.stdout.write(export.csv_text(frame, meta))
    err.print(f"{page.total:,} grievance(s)", markup=False)
