"""Every download the app offers goes through data.export (found statically, so a new download
cannot skip it), and the command line's outputs do too."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from data import referrals as rf
from data import store
from povmap.views import ui

ROOT = Path(__file__).resolve().parents[2]
#: where the app and the command line live (data/ is checked separately)
APP_FILES = sorted(
    [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "povmap").rglob("*.py")]
)
#: the only functions that may call st.download_button
DOWNLOADERS = {
    ("povmap/views/ui.py", "csv_download"),
    ("povmap/views/ui.py", "file_download"),
    # briefing files (PPTX, PDF, PNG), area tables in every format and household records:
    # built by briefing/ and data.export (tests/app/test_briefing_panel.py)
    ("povmap/views/briefing_view.py", "_offer"),
    # a village's public notice as a PDF, built by briefing/pdf.py
    ("povmap/views/monitoring_view.py", "_offer_pdf"),
}
#: calls that write a table to a file or text without data.export
WRITERS = {"to_csv", "to_excel", "ExcelWriter", "writer", "DictWriter", "writerow", "writerows"}
#: writers in data/ that are not exports, with the reason they may stay
DATA_WRITERS_ALLOWED = {
    ("data/export.py", "csv_text"): "the one CSV writer",
    ("data/export.py", "xlsx_bytes"): "the one Excel writer",
    ("data/import_report.py", "_writer"): "import reports: every row is _report_row (defused)",
    ("data/import_report.py", "error"): "import reports: every row is _report_row (defused)",
    ("data/import_report.py", "warning"): "import reports: every row is _report_row (defused)",
    (
        "data/sites/store.py",
        "work",
    ): "route stops as text for a record hash, never written to a file",
}
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def calls(path: Path) -> list[tuple[str, ast.Call, str]]:
    """(called name, call, enclosing function or '<module>') of every call in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                found.append((name, child, inner))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return call.args[position] if len(call.args) > position else None


def test_only_the_ui_download_helpers_call_st_download_button():
    offenders = [
        f"{rel(path)}:{call.lineno} in {where}"
        for path in APP_FILES
        for name, call, where in calls(path)
        if name == "download_button" and (rel(path), where) not in DOWNLOADERS
    ]
    assert not offenders, (
        f"use ui.csv_download (tables) or ui.file_download (pictures): {offenders}"
    )


def test_the_csv_download_writes_through_data_export():
    helpers = {
        where: call
        for name, call, where in calls(ROOT / "povmap/views/ui.py")
        if name == "download_button"
    }
    data = argument(helpers["csv_download"], 1, "data")
    assert isinstance(data, ast.Call) and ast.unparse(data.func) == "export.csv_bytes"


def test_file_downloads_are_pictures_only():
    found = []
    for path in APP_FILES:
        for name, call, _ in calls(path):
            if name == "file_download" and rel(path) != "povmap/views/ui.py":
                mime = argument(call, 3, "mime")
                assert isinstance(mime, ast.Constant) and mime.value in ui.FILE_MIMES, (
                    f"{rel(path)}:{call.lineno}: a table must go through ui.csv_download"
                )
                found.append(call)
    assert found  # the QR codes
    with pytest.raises(ValueError, match="csv_download"):
        ui.file_download("x", b"a,b", "x.csv", "text/csv", "k")


def test_every_download_the_app_offers_is_found():
    offered = {
        (rel(path), call.lineno)
        for path in APP_FILES
        for name, call, _ in calls(path)
        if name in ("csv_download", "file_download") and rel(path) != "povmap/views/ui.py"
    }
    pages = {p for p, _ in offered}
    # the pages the issue names, and the referral sheet agencies fill in
    assert {
        "pages/enterprises.py",
        "pages/culture.py",
        "povmap/views/innovation_view.py",
        "povmap/views/city_view.py",
        "povmap/views/action_view.py",
        "pages/product.py",
    } <= pages
    assert len(offered) >= 20


def test_the_app_and_the_cli_write_no_table_themselves():
    offenders = [
        f"{rel(path)}:{call.lineno} {name} in {where}"
        for path in APP_FILES
        for name, call, where in calls(path)
        if name in WRITERS
    ]
    assert not offenders, f"write tables with data.export: {offenders}"


def test_data_writes_tables_only_through_data_export():
    offenders = [
        f"{rel(path)}:{call.lineno} {name} in {where}"
        for path in sorted((ROOT / "data").rglob("*.py"))
        for name, call, where in calls(path)
        if name in WRITERS and (rel(path), where) not in DATA_WRITERS_ALLOWED
    ]
    assert not offenders, f"write tables with data.export: {offenders}"


# --- the command line ----------------------------------------------------------------------------


def runnable(cell: str) -> bool:
    """A cell a spreadsheet would run: starts like a formula and is not a plain number."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


@pytest.fixture
def hostile_store(demo_store, tmp_path, monkeypatch):
    """A copy of the demo store with referrals whose notes are formulas, next to household IDs."""
    db = tmp_path / "cli.duckdb"
    db.write_bytes(demo_store.read_bytes())
    monkeypatch.setenv("POVMAP_DB", str(db))
    con = store.connect(db)
    try:
        hh_id, round_be = con.execute(
            "SELECT hh_id, round_be FROM households WHERE province_code = '46' ORDER BY 1 LIMIT 1"
        ).fetchone()
        ids = [
            rf.create_referral(
                con,
                hh_id=hh_id,
                round_be=round_be,
                intervention="SP-RELIEF",
                by="=cmd|' /C calc'!A0",
                note=note,
            )
            for note in HOSTILE
        ]
    finally:
        con.close()
    return db, ids


def test_cli_referral_exports_are_defused_in_every_format(hostile_store, tmp_path):
    from povmap.cli.main import app

    runner = CliRunner()
    _, ids = hostile_store
    outputs = {}
    result = runner.invoke(app, ["referrals", "export", "--area", "46"])
    assert result.exit_code == 0, result.output
    outputs["stdout"] = result.stdout
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"sheet.{suffix}"
        result = runner.invoke(app, ["referrals", "export", "--area", "46", "--out", str(out)])
        assert result.exit_code == 0, result.output
        if suffix == "csv":
            outputs["csv"] = out.read_bytes().decode("utf-8-sig")
        else:
            sheet = openpyxl.load_workbook(out).active
            assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
            rows = [[c.value for c in row] for row in sheet.iter_rows()]
            outputs["xlsx"] = "\n".join(
                ",".join("" if v is None else str(v) for v in row) for row in rows
            )
            cells_ = [str(v) for row in rows for v in row if isinstance(v, str)]
            assert not [c for c in cells_ if runnable(c)]
    for name in ("stdout", "csv"):
        rows = list(csv.reader(io.StringIO(outputs[name], newline="")))
        assert not [c for row in rows for c in row if runnable(c)], name
        frame = pd.read_csv(io.StringIO(outputs[name]), dtype=str, keep_default_na=False)
        notes = frame.set_index("referral_id").loc[ids, "last_note"].tolist()
        assert notes == ["'" + v for v in HOSTILE], name
        assert frame["synthetic"].eq("True").all()
        assert "round_be" in frame and not frame["round_be"].str.endswith(".0").any()


def test_cli_stats_csv_names_units_and_carries_the_rule(demo_store, monkeypatch):
    from povmap.cli.main import app

    monkeypatch.setenv("POVMAP_DB", str(demo_store))
    result = CliRunner().invoke(
        app, ["stats", "--level", "district", "--round", "2564", "--area", "46"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), dtype=str)
    assert list(frame.columns[:3]) == ["poor_rule", "af_k", "synthetic"]
    assert set(frame["poor_rule"]) == {"tpmap"} and set(frame["af_k"]) == {"0.2"}
    assert {"headcount_ratio_pct", "mpi_H_pct", "mpi_A_pct", "mpi_M0_index_0_1"} <= set(frame)
    assert "headcount_ratio" not in frame
    for column in ("households", "people", "poor_households", "poor_people"):
        assert frame[column].str.fullmatch(r"\d+").all(), column
    pct = frame["headcount_ratio_pct"].astype(float)
    ratio = frame["poor_people"].astype(float) / frame["people"].astype(float) * 100
    assert (pct - ratio).abs().max() < 1e-6
