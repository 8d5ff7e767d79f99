"""`povmap import`: household files and the state-welfare registry, from the command line.

povmap import households FILE [--members F] [--encoding E] [--sheet S] [--mapping M]
                              [--accept-valid] [--dry-run]
povmap import registry FILE --snapshot 2565 [--encoding E] [--sheet S] [--mapping M]
                              [--accept-valid] [--dry-run]

Both run the same code as the app's data page (``data.importer``): a progress bar while the
file streams in, then one line of counts, and the paths of the report, the rejects file and
the summary. A problem (a file refused, rows rejected) is told in English, then in Thai.

Exit status (``EXIT_HELP``): 0 every row stored, 1 nothing stored (the message says why), 2 bad
usage or a file that cannot be opened, 3 stored with --accept-valid but rows were rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from povmap import settings

#: exit statuses of ``povmap import``: whether anything was stored
EXIT_STORED = 0  # every row of the file (a dry run: every row would be)
EXIT_NOTHING_STORED = 1  # the file was refused, or the store could not be opened
EXIT_USAGE = 2  # a wrong option, or a file that cannot be opened (not found, a folder, ...)
EXIT_PARTLY_STORED = 3  # --accept-valid: the valid rows stored, the others rejected
EXIT_HELP = (
    "Exit status: 0 every row stored; 1 nothing stored (the file was refused: the message and "
    "the report say why); 2 bad usage, or a file that cannot be opened; 3 stored with "
    "--accept-valid, but some rows (or members) were rejected: see the rejects file. With "
    "--dry-run the same, for what would be stored."
)

import_app = typer.Typer(help="Import data files into the store.", no_args_is_help=True)
err = Console(stderr=True)

ENCODING_HELP = "Text encoding of a CSV (utf-8, utf-8-sig, cp874/tis-620); detected if not given."
SHEET_HELP = "Excel sheet: its name, or its number (1 = first); by default the first with a header."
MAPPING_HELP = (
    "Mapping file (CSV of 'their header,canonical' or JSON) naming columns the synonyms miss."
)
ACCEPT_HELP = (
    "Store the valid rows and list the invalid ones in the rejects file (default: strict, "
    "any invalid row means nothing is stored)."
)
DRY_RUN_HELP = "Check the whole file and say what would change, without storing anything."


def _options(encoding, sheet, mapping, delimiter):
    from data.importer import ReadOptions

    return ReadOptions(
        encoding=encoding or None, sheet=sheet or None, mapping=mapping, delimiter=delimiter
    )


def _say(text: str, known: tuple[str, ...] = (), then: str = "") -> None:
    """A problem in English (and the line ``then``), then in Thai (``povmap.i18n.reasons_th``)."""
    from povmap.i18n.reasons_th import thai_message

    # user data may contain [brackets]: never let rich read them as markup
    err.print(text, markup=False, highlight=False, soft_wrap=True)
    if then:
        err.print(then, markup=False, highlight=False, soft_wrap=True)
    thai = thai_message(text, known)
    if thai != text:
        err.print("ภาษาไทย:", markup=False, highlight=False)
        err.print(thai, markup=False, highlight=False, soft_wrap=True)


def _check_files(*paths: Path | None) -> None:
    """Exit with status 2 and one clear line if a file given cannot be opened."""
    from data.readers import ReadError, check_readable

    for path in paths:
        if path is None:
            continue
        try:
            check_readable(path)
        except ReadError as exc:
            _say(f"{path}: {exc.message}", (exc.message,))
            raise typer.Exit(EXIT_USAGE) from None


@contextmanager
def _store():
    """The store, or one clear line when another process (the app) holds it."""
    from data import store

    try:
        con = store.connect(settings.get("POVMAP_DB"))
    except store.StoreUnavailable as exc:
        err.print(
            f"cannot open the store {settings.get('POVMAP_DB')}: {exc}. Is the app running? "
            "Stop it, or import from the app's data page.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_NOTHING_STORED) from None
    try:
        yield con
    finally:
        con.close()


@contextmanager
def _progress_bar(file: Path):
    """(step callback, rows callback) drawing one rich progress bar on stderr."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold cyan]{task.description:<10}"),
        BarColumn(),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        task = bar.add_task("read", total=None, rows="")

        def step(name: str) -> None:
            bar.update(task, description=name)

        def rows(done: int, total: int | None) -> None:
            shown = f"{done:,}" + (f"/{total:,} rows" if total else " rows")
            bar.update(task, completed=done, total=total, rows=shown)

        yield step, rows
        bar.update(task, description="done")


def _run(file: Path, call: Callable) -> object:
    from data.columns import MappingError
    from data.importer import ImportFailed, id_hash_key
    from povmap import bootstrap

    report_dir = settings.var_dir() / "reports"
    key = id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY"))
    with _store() as con:
        try:
            with _progress_bar(file) as (step, rows):
                result = call(con, report_dir, key, step, rows)
            bootstrap.summarise(
                con, settings.get("POVMAP_CACHE_DIR"), lambda text: err.print(text, markup=False)
            )
            return result
        except ImportFailed as exc:
            then = f"Full report: {exc.report}" if exc.report else ""
            _say(str(exc), tuple(p.reason for p in exc.problems), then)
            raise typer.Exit(EXIT_NOTHING_STORED) from None
        except (MappingError, ValueError) as exc:
            _say(f"{file.name}: {exc}", (str(exc),))
            raise typer.Exit(EXIT_USAGE) from None


def _print_result(result, what: str) -> None:
    """The counts, the report paths; exit 3 when rows were rejected (English, then Thai)."""
    c = result.counts
    verb = "[yellow]would import[/]" if result.dry_run else "[green]imported[/]"
    members = f"; {result.members:,} members" if what == "households" else ""
    err.print(
        f"{verb} {result.rows:,} rows from {_plain(result.summary.split(':', 1)[0])}: "
        f"{c.new:,} new, {c.replaced:,} replaced (previous versions kept in history), "
        f"{c.unchanged:,} unchanged{members}.",
        soft_wrap=True,
    )
    details = result.summary.split("\n", 1)[1] if "\n" in result.summary else ""
    if details:
        err.print(details, markup=False, highlight=False, soft_wrap=True)
    if result.rejected:
        err.print(f"Rejects: {result.rejected}", markup=False, soft_wrap=True)
    err.print(f"Report: {result.report}", markup=False, soft_wrap=True)
    if result.rejected_rows or result.rejected_members:
        from povmap.i18n.reasons_th import thai_message

        known = tuple(p.reason for p in (*result.problems, *result.warnings))
        err.print("ภาษาไทย:", markup=False, highlight=False)
        err.print(thai_message(result.summary, known), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_PARTLY_STORED)


def _plain(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@import_app.command("households", epilog=EXIT_HELP)
def households_command(
    file: Path = typer.Argument(..., help="Household file: CSV, Excel .xlsx or Parquet."),
    members: Path = typer.Option(
        None, "--members", help="Optional member file (one row per person)."
    ),
    encoding: str = typer.Option(None, "--encoding", help=ENCODING_HELP),
    sheet: str = typer.Option(None, "--sheet", help=SHEET_HELP),
    mapping: Path = typer.Option(None, "--mapping", help=MAPPING_HELP),
    delimiter: str = typer.Option(
        None, "--delimiter", help="CSV delimiter; detected if not given."
    ),
    accept_valid: bool = typer.Option(False, "--accept-valid", help=ACCEPT_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    chunk_size: int = typer.Option(
        None,
        "--chunk-size",
        min=1,
        help="Rows read and checked at a time (default POVMAP_IMPORT_CHUNK_ROWS).",
    ),
) -> None:
    """Read, check and store FILE: every row valid, or nothing is written and a report says why
    (with --accept-valid: the valid rows, and a rejects file for the others)."""
    from data.importer import import_households

    _check_files(file, members, mapping)
    options = _options(encoding, sheet, mapping, delimiter)

    def call(con, report_dir, key, step, rows):
        return import_households(
            con,
            file,
            members_path=members,
            report_dir=report_dir,
            id_key=key,
            progress=step,
            options=options,
            members_options=_options(encoding, None, mapping, delimiter),
            mode="accept_valid" if accept_valid else "strict",
            dry_run=dry_run,
            chunksize=chunk_size or settings.get("POVMAP_IMPORT_CHUNK_ROWS"),
            workers=settings.get("POVMAP_IMPORT_WORKERS"),
            on_rows=rows,
        )

    _print_result(_run(file, call), "households")


@import_app.command("registry", epilog=EXIT_HELP)
def registry_command(
    file: Path = typer.Argument(
        ..., help="State-welfare registry extract: national ID, address codes, card status."
    ),
    snapshot: int = typer.Option(
        ..., "--snapshot", help="Year of the extract in the Buddhist era, e.g. 2565."
    ),
    encoding: str = typer.Option(None, "--encoding", help=ENCODING_HELP),
    sheet: str = typer.Option(None, "--sheet", help=SHEET_HELP),
    mapping: Path = typer.Option(None, "--mapping", help=MAPPING_HELP),
    delimiter: str = typer.Option(
        None, "--delimiter", help="CSV delimiter; detected if not given."
    ),
    accept_valid: bool = typer.Option(False, "--accept-valid", help=ACCEPT_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    chunk_size: int = typer.Option(
        None, "--chunk-size", min=1, help="Rows per chunk (default POVMAP_IMPORT_CHUNK_ROWS)."
    ),
) -> None:
    """Import a welfare-registry extract; national IDs are hashed with the households' key so
    the two sources match (``povmap`` never stores a raw ID)."""
    from data.importer import import_registry

    _check_files(file, mapping)
    options = _options(encoding, sheet, mapping, delimiter)

    def call(con, report_dir, key, step, rows):
        return import_registry(
            con,
            file,
            snapshot_be=snapshot,
            report_dir=report_dir,
            id_key=key,
            progress=step,
            options=options,
            mode="accept_valid" if accept_valid else "strict",
            dry_run=dry_run,
            chunksize=chunk_size or settings.get("POVMAP_IMPORT_CHUNK_ROWS"),
            workers=settings.get("POVMAP_IMPORT_WORKERS"),
            on_rows=rows,
        )

    _print_result(_run(file, call), "registry")
