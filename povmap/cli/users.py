"""Built-in accounts, the audit trail and a data subject's requests, from the command line.

povmap users add somsri --role provincial --area 46 --display-name "สมศรี ใจดี"
povmap users list
povmap users roles somsri --role provincial --role researcher --area 46 --area 4701
povmap users reset somsri            (asks for the new password twice, without showing it)
povmap users disable somsri
povmap audit --who somsri --since 2025-01-01 > audit.csv
povmap subject-report H000123 --format json --out H000123.json
povmap erase H000123 --reason "PDPA request 2568/014"
povmap retention

Passwords are asked for at a prompt that does not show them, or read from standard input with
``--password-stdin`` (one line, for scripts); never give one as an argument. Every command that
changes something, and every report or export, leaves an entry in the audit trail naming
``cli:<login name>``. Like every write from the command line, these need the app stopped
(DuckDB lets one process write).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from povmap import settings

users_app = typer.Typer(
    help="Built-in accounts: add, list, disable, enable, reset a password, set roles and scopes.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()


class Format(StrEnum):
    csv = "csv"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _connect():
    from data import store

    try:
        return store.connect(settings.get("POVMAP_DB"))
    except store.StoreUnavailable as exc:
        err.print(
            f"cannot open the store {settings.get('POVMAP_DB')}: {exc}\nIs the app running? Stop it first.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _refuse(exc: Exception, code: int = 2) -> typer.Exit:
    """Print a refused change's message (English) and give the exit to raise."""
    err.print(getattr(exc, "text", lambda _lang: str(exc))("en"), markup=False, soft_wrap=True)
    return typer.Exit(code)


def _password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _actor():
    from data.audit import Actor

    return Actor.cli()


PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from one line of standard input."
)


@users_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="Sign-in name: a-z 0-9 . _ - @ (stored in lower case)."),
    role: list[str] = typer.Option(..., "--role", help="A role (repeat for several)."),
    area: list[str] = typer.Option(
        None, "--area", help="An area code the area roles work in (repeat): 46, 4601, …"
    ),
    agency: list[str] = typer.Option(
        None, "--agency", help="An agency code whose referral queue the account works (repeat)."
    ),
    display_name: str = typer.Option("", "--display-name", help="The name shown in the app."),
    email: str = typer.Option("", "--email", help="E-mail (single sign-on matches it)."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Add an account (the password is asked for, hidden)."""
    from data import users

    password = _password(password_stdin)
    con = _connect()
    try:
        users.add_user(
            con,
            name,
            password,
            roles=role,
            areas=area or (),
            agencies=agency or (),
            display_name=display_name,
            email=email,
            by=_actor(),
        )
    except users.AccountError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    err.print(f"added {users.normal_name(name)}", markup=False)


@users_app.command("list")
def list_command(
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", help="Output format."),
) -> None:
    """Every account with its roles, scopes and state (no password hashes)."""
    from data import export, users

    con = _connect()
    try:
        frame = users.list_users(con)
    finally:
        con.close()
    if fmt is ListFormat.csv:
        sys.stdout.write(export.csv_text(frame))
        return
    if fmt is ListFormat.json:
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("name", "display name", "roles", "areas", "agencies", "state", "last sign-in")
    for row in frame.itertuples():
        state = "disabled" if row.disabled else ("locked" if _locked(row.locked_until) else "")
        last = "" if row.last_signed_in_at is None else str(row.last_signed_in_at)[:16]
        table.add_row(row.name, row.display_name, row.roles, row.areas, row.agencies, state, last)
    out.print(table)


def _locked(until) -> bool:
    import pandas as pd

    return until is not None and not pd.isna(until) and until > dt.datetime.now()


@users_app.command("disable")
def disable_command(name: str = typer.Argument(..., help="The account.")) -> None:
    """Disable an account: it cannot sign in and its sessions end (kept for the history)."""
    from data import users

    con = _connect()
    try:
        users.disable(con, name, by=_actor())
    except users.AccountError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    err.print(f"disabled {name.strip().lower()}", markup=False)


@users_app.command("enable")
def enable_command(name: str = typer.Argument(..., help="The account.")) -> None:
    """Enable a disabled account again (and lift a lock)."""
    from data import users

    con = _connect()
    try:
        users.enable(con, name, by=_actor())
    except users.AccountError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    err.print(f"enabled {name.strip().lower()}", markup=False)


@users_app.command("reset")
def reset_command(
    name: str = typer.Argument(..., help="The account."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Set a new password (asked for, hidden): the lock is lifted, open sessions end."""
    from data import users

    password = _password(password_stdin)
    con = _connect()
    try:
        users.reset_password(con, name, password, by=_actor())
    except users.AccountError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    err.print(f"new password set for {name.strip().lower()}", markup=False)


@users_app.command("roles")
def roles_command(
    name: str = typer.Argument(..., help="The account."),
    role: list[str] = typer.Option(None, "--role", help="Its roles from now on (repeat)."),
    area: list[str] = typer.Option(None, "--area", help="Its area codes from now on (repeat)."),
    agency: list[str] = typer.Option(None, "--agency", help="Its agency codes (repeat)."),
    clear_areas: bool = typer.Option(False, "--clear-areas", help="Remove every area code."),
    clear_agencies: bool = typer.Option(False, "--clear-agencies", help="Remove every agency."),
    display_name: str = typer.Option(None, "--display-name", help="A new display name."),
    email: str = typer.Option(None, "--email", help="A new e-mail."),
) -> None:
    """Set an account's roles and scopes (what is not given stays as it is); shows the result."""
    from data import users

    con = _connect()
    try:
        changed = users.set_roles(
            con,
            name,
            roles=role or None,
            areas=() if clear_areas else (area or None),
            agencies=() if clear_agencies else (agency or None),
            display_name=display_name,
            email=email,
            by=_actor(),
        )
        user = users.get_user(con, name)
    except users.AccountError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    if not changed:
        err.print("nothing changed", markup=False)
    err.print(
        f"{user.name}: roles {', '.join(user.roles)}; areas {', '.join(user.areas) or '-'}; "
        f"agencies {', '.join(user.agencies) or '-'}",
        markup=False,
    )


# --- the audit trail ---------------------------------------------------------------------------


def _day(value: str | None, option: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        err.print(f"{option}: expected a date or time like 2025-01-31 or 2025-01-31T14:00")
        raise typer.Exit(2) from None


def audit_command(
    who: str = typer.Option(None, "--who", help="Only this user's entries."),
    action: list[str] = typer.Option(None, "--action", help="Only these actions (repeat)."),
    since: str = typer.Option(None, "--since", help="From this date or time (inclusive)."),
    until: str = typer.Option(None, "--until", help="Before this date or time."),
    about: str = typer.Option(None, "--object", help="Only entries about this object."),
    lang: str = typer.Option("en", help="Language of the action names: th or en."),
) -> None:
    """Export the audit trail as CSV, newest first (formulas defused). The export is audited."""
    from data import audit
    from query.audit_read import AuditFilter, count, export_csv

    filters = AuditFilter(
        who=who,
        actions=tuple(action) if action else None,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        objects=(about,) if about else None,
    )
    con = _connect()
    try:
        text = export_csv(con, filters, lang=lang)
        rows = count(con, filters)
        audit.record(
            con,
            _actor(),
            "file_downloaded",
            object="audit.csv",
            rows=rows,
            details={"who": who, "actions": action or [], "since": since, "until": until},
        )
    except ValueError as exc:
        raise _refuse(exc) from None
    finally:
        con.close()
    sys.stdout.write(text)


# --- a data subject's requests -------------------------------------------------------------------


def _id_key() -> bytes:
    from data.importer import id_hash_key

    return id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY"))


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a file only its owner may read (it holds personal data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def subject_report_command(
    household: str = typer.Argument(..., help="The household ID (hh_id)."),
    fmt: Format = typer.Option(Format.json, "--format", help="Output format."),
    to: Path = typer.Option(
        None, "--out", help="Write here (readable by you only); default: standard output."
    ),
) -> None:
    """Everything stored about one household, for a data subject's access request: its records
    in every round, members, registry matches, referrals and their history, verification,
    review flags, audit entries about it and the report files naming it. National-ID hashes
    are not shown (whether one is stored is). The report is audited."""
    from data import audit, export
    from data.erase import erase_token
    from povmap import retention
    from query.subject import as_json, long_table, rows, subject_report

    con = _connect()
    try:
        report = subject_report(con, household, erase_token=erase_token(household, _id_key()))
        files = [p.name for p in retention.reports_mentioning(household)]
        audit.record(
            con,
            _actor(),
            "subject_report",
            object=household,
            rows=rows(report),
            details={"format": fmt.value, "report_files": len(files)},
        )
    finally:
        con.close()
    if not rows(report) and not files:
        err.print(f"nothing is stored about household {household}", markup=False)
    if fmt is Format.json:
        document = {
            "household_id": household,
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
            "sections": as_json(report),
            "report_files": files,
        }
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        data = text.encode("utf-8")
    else:
        import pandas as pd

        table = long_table({**report, "report_files": pd.DataFrame({"file": files})})
        text = export.csv_text(table)
        data = export.csv_bytes(table)
    if to is None:
        sys.stdout.write(text)
    else:
        _write_private(to, data)
        err.print(f"wrote the report on {household} to {to}", markup=False)


def erase_command(
    household: str = typer.Argument(..., help="The household ID (hh_id)."),
    reason: str = typer.Option(
        ...,
        "--reason",
        help="The lawful request it answers, as a reference (e.g. 'PDPA request 2568/014'); "
        "not a person's name.",
    ),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Erase one household on a lawful request: every record of it is deleted in one
    transaction (rounds, members, registry matches nobody else shares, referrals, verification,
    flags) with the report files naming it, and the area numbers are summed again from the
    households that remain. The audit entry keeps no erased data (docs/privacy.md)."""
    from data.erase import NothingToErase, erase_household
    from povmap import bootstrap, retention

    if not yes:
        typer.confirm(
            f"Erase every record of household {household}? This cannot be undone", abort=True
        )
    files = retention.reports_mentioning(household)
    con = _connect()
    try:
        try:
            erased = erase_household(
                con,
                household,
                reason=reason,
                by=_actor(),
                key=_id_key(),
                extra={"report_files": len(files)},
            )
        except NothingToErase as exc:
            raise _refuse(exc, 1) from None
        except ValueError as exc:
            raise _refuse(exc) from None
        for path in files:
            path.unlink(missing_ok=True)
        bootstrap.summarise(con, settings.get("POVMAP_CACHE_DIR"), lambda m: err.print(f"› {m}"))
    finally:
        con.close()
    parts = ", ".join(f"{n:,} {table}" for table, n in erased.rows.items() if n)
    err.print(
        f"erased household {household}: {parts}; {len(files)} report file(s) deleted; "
        "area numbers summed again",
        markup=False,
        soft_wrap=True,
    )


def retention_command() -> None:
    """Delete what the retention settings no longer keep: audit entries, uploads left on disk,
    old import and referral reports, ended sessions (leaves one audit entry)."""
    from povmap import retention

    try:
        keep = retention.periods()
    except ValueError as exc:
        raise _refuse(exc) from None
    con = _connect()
    try:
        done = retention.apply(con, by=_actor(), keep=keep)
    finally:
        con.close()
    err.print(
        f"deleted {done['audit_entries']:,} audit entries older than {keep.audit_days} days, "
        f"{done['uploads']:,} uploads, {done['reports']:,} reports older than "
        f"{keep.report_days} days, {done['sessions']:,} ended sessions",
        markup=False,
        soft_wrap=True,
    )
