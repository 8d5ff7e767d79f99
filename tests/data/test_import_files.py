"""data.importer on real-world files: a corpus of bad files made here, both modes, streaming,
idempotence, history, reports that hide IDs and defuse formulas, and SIGKILL at any moment."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from data import store
from data.importer import ImportFailed, ReadOptions, import_households
from data.validate import national_id_checksum_ok
from tests import processes
from tests.data.rows import GOOD, households

KEY = b"k" * 32
ID = GOOD["head_national_id"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "s.duckdb")
    yield c
    c.close()


def snapshot(con) -> dict[str, str]:
    return {
        t: con.execute(f"SELECT * EXCLUDE (import_id) FROM {t} ORDER BY ALL").df().to_csv()
        for t in ("households", "members")
    } | {
        "history": con.execute(
            "SELECT * EXCLUDE (import_id, replaced_at, replaced_by) FROM household_history "
            "ORDER BY ALL"
        )
        .df()
        .to_csv(),
        "imports": str(con.execute("SELECT count(*) FROM imports").fetchone()[0]),
    }


def run(con, path, tmp_path, **kw):
    return import_households(con, path, report_dir=tmp_path / "reports", id_key=KEY, **kw)


def csv_file(tmp_path, frame: pd.DataFrame, name="hh.csv", **kw) -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False, **kw)
    return path


def national_id(seed: int) -> str:
    body = f"{1 + seed % 8}{seed:011d}"[-12:]
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    out = body + str((11 - total % 11) % 10)
    assert national_id_checksum_ok(out)
    return out


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --- what field teams send: each case imports correctly --------------------------------------------


def thai_rows(n=3) -> list[dict[str, str]]:
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    rows = []
    for i in range(n):
        g = dict(GOOD, hh_id=f"H{i + 1}")
        rows.append(
            {
                "รหัสครัวเรือน": g["hh_id"],
                "ปีสำรวจ": "2021",  # Christian era
                "จังหวัด": "จ.กาฬสินธุ์",
                "อำเภอ": "อ.เมือง",
                "ตำบล": "ต.กาฬสินธุ์",
                "หมู่ที่": "หมู่ " + g["village_no"].translate(thai),
                "ละติจูด": g["lat"],
                "ลองจิจูด": g["lon"],
                "จำนวนสมาชิก": g["members"].translate(thai) + " คน",
                **{
                    k: g[k]
                    for k in GOOD
                    if k.startswith(("bmn_", "hc_", "pc_", "fc_", "nc_", "sc_"))
                },
                "สมาชิกอายุต่ำกว่า 15 ปี": g["members_under_15"],
                "ผู้สูงอายุ": g["members_60_plus"],
                "จำนวนคนพิการ": "0",
                "รายได้เฉลี่ยต่อคนต่อปี (บาท)": "๓๐,๐๐๐.๐๐ บาท",
                "บัตรสวัสดิการแห่งรัฐ": "มี",
                "เลขประจำตัวประชาชน": "1-1017-00203-45-0",
                "สาเหตุหลัก": "ขาดเงินทุน",
            }
        )
    return rows


def expected_store(tmp_path) -> pd.DataFrame:
    """The canonical file's rows as stored, to compare messy files with."""
    c = store.connect(tmp_path / "expected.duckdb")
    try:
        run(c, csv_file(tmp_path, households(3), "canonical.csv"), tmp_path)
        return c.execute("SELECT * EXCLUDE (import_id) FROM households ORDER BY hh_id").df()
    finally:
        c.close()


def stored(con) -> pd.DataFrame:
    return con.execute("SELECT * EXCLUDE (import_id) FROM households ORDER BY hh_id").df()


def test_thai_windows_cp874_file_with_title_row_imports_like_the_canonical_file(con, tmp_path):
    path = tmp_path / "ครัวเรือน.csv"
    rows = thai_rows()
    with path.open("w", encoding="cp874", newline="") as fh:
        fh.write("ข้อมูล จปฐ. ปี 2564\r\n")
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run(con, path, tmp_path)
    assert (result.rows, result.counts.new, result.rejected_rows) == (3, 3, 0)
    assert "cp874" in result.read_as and "header on line 2" in result.read_as
    pd.testing.assert_frame_equal(stored(con), expected_store(tmp_path))
    warnings = [r for r in report_rows(result.report) if r["severity"] == "warning"]
    assert any("above the header" in r["reason"] for r in warnings)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(con, tmp_path, encoding):
    path = csv_file(tmp_path, pd.DataFrame(thai_rows()), encoding=encoding)
    result = run(con, path, tmp_path)
    assert result.rows == 3
    pd.testing.assert_frame_equal(stored(con), expected_store(tmp_path))


def test_encoding_option_is_used(con, tmp_path):
    path = tmp_path / "hh.csv"
    pd.DataFrame(thai_rows()).to_csv(path, index=False, encoding="cp874")
    with pytest.raises(ImportFailed, match="cannot be decoded as utf-8"):
        run(con, path, tmp_path, options=ReadOptions(encoding="utf-8"))
    assert run(con, path, tmp_path, options=ReadOptions(encoding="tis-620")).rows == 3


def test_excel_with_title_rows_and_several_sheets(con, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "คำอธิบาย"
    notes.append(["แบบสำรวจ จปฐ."])
    data = wb.create_sheet("ข้อมูล")
    data.append(["ข้อมูลครัวเรือน จังหวัดกาฬสินธุ์"])
    data.append([])
    rows = households(3)
    data.append(list(rows.columns))
    for r in rows.itertuples(index=False):
        data.append(list(r))
    path = tmp_path / "hh.xlsx"
    wb.save(path)
    result = run(con, path, tmp_path)
    assert result.rows == 3
    assert "sheet 'ข้อมูล'" in result.read_as and "row 3" in result.read_as
    pd.testing.assert_frame_equal(stored(con), expected_store(tmp_path))
    reasons = [r["reason"] for r in report_rows(result.report)]
    assert any("not read: คำอธิบาย" in r for r in reasons)
    # --sheet by name and by number (1-based, as typed on the command line)
    assert run(con, path, tmp_path, options=ReadOptions(sheet="2")).counts.unchanged == 3
    with pytest.raises(ImportFailed, match="no sheet named 'x'"):
        run(con, path, tmp_path, options=ReadOptions(sheet="x"))


def test_parquet(con, tmp_path):
    path = tmp_path / "hh.parquet"
    households(3).to_parquet(path)
    assert run(con, path, tmp_path).rows == 3
    pd.testing.assert_frame_equal(stored(con), expected_store(tmp_path))


def test_mapping_file_names_custom_headers(con, tmp_path):
    frame = households(3).rename(columns={"hh_id": "เลขที่แบบสอบถาม", "members": "คนในบ้าน"})
    path = csv_file(tmp_path, frame)
    with pytest.raises(ImportFailed) as info:
        run(con, path, tmp_path)
    assert "nothing imported" in str(info.value) and "is missing" in str(info.value)
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"เลขที่แบบสอบถาม": "hh_id", "คนในบ้าน": "members"}, ensure_ascii=False)
    )
    assert run(con, path, tmp_path, options=ReadOptions(mapping=mapping)).rows == 3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"คนในบ้าน": "people"}))
    with pytest.raises(ImportFailed, match="not a canonical column"):
        run(con, path, tmp_path, options=ReadOptions(mapping=bad))


def test_codes_with_lost_zeros_th_prefix_and_thai_digits(con, tmp_path):
    frame = households(3)
    frame.loc[0, ["province_code", "district_code"]] = ["TH46", "๔๖๐๑"]
    frame.loc[1, "subdistrict_code"] = "46011"  # 46|01|1 with a zero lost
    frame.loc[2, "village_code"] = "4611.0"  # glued numbers, parent codes in the row
    frame.loc[2, "village_code"] = "46010103.0"
    result = run(con, csv_file(tmp_path, frame), tmp_path)
    assert result.rows == 3
    pd.testing.assert_frame_equal(stored(con), expected_store(tmp_path))


def test_ambiguous_area_name_lists_candidates(con, tmp_path):
    frame = households(2).drop(
        columns=["province_code", "district_code", "subdistrict_code", "village_code"]
    )
    frame["ตำบล"] = ["ในเมือง", "ต.กาฬสินธุ์ อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์"]
    with pytest.raises(ImportFailed) as info:
        run(con, csv_file(tmp_path, frame), tmp_path)
    problems = [p for p in info.value.problems if p.column == "subdistrict_code"]
    assert [p.line for p in problems] == [2]
    assert "ambiguous" in problems[0].reason and "places" in problems[0].reason
    assert {p.line for p in info.value.problems} == {2}
    result = run(con, csv_file(tmp_path, frame), tmp_path, mode="accept_valid")
    assert (result.rows, result.rejected_rows) == (1, 1)


# --- the corpus of bad files: a clear error or a correct partial import -----------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the error must contain)."""
    out: dict[str, tuple[Path, str]] = {}
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    out["empty"] = (empty, "empty")
    header = tmp_path / "header.csv"
    header.write_text(",".join(GOOD) + "\n", encoding="utf-8")
    out["header only"] = (header, "header but no rows")
    semi = tmp_path / "semicolon.csv"
    households(3).to_csv(semi, index=False, sep=";")
    out["wrong delimiter"] = (semi, "wrong delimiter")
    long = tmp_path / "long.csv"
    long.write_bytes(b"hh_id," + b"x" * 10_000_000)
    out["10 MB single line"] = (long, "not a table")
    truncated = tmp_path / "truncated.csv"
    text = households(4).to_csv(index=False)
    truncated.write_text(text[: text.rindex("\n", 0, -1)] + '\nH9,"2564', encoding="utf-8")
    out["truncated"] = (truncated, "truncated")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    out["binary"] = (binary, "")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hh_id\nH1\n")
    out["not really xlsx"] = (fake, "not a .xlsx file")
    return out


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "header only",
        "wrong delimiter",
        "10 MB single line",
        "truncated",
        "binary",
        "not really xlsx",
    ],
)
@pytest.mark.parametrize("mode", ["strict", "accept_valid"])
def test_bad_files_give_a_clear_error_and_write_nothing(con, tmp_path, case, mode):
    path, words = _bad_files(tmp_path)[case]
    before = snapshot(con)
    # the delimiter given wrong (as with --delimiter ,) for the semicolon file
    options = ReadOptions(delimiter=",") if case == "wrong delimiter" else ReadOptions()
    try:
        result = run(con, path, tmp_path, mode=mode, options=options)
    except ImportFailed as exc:
        assert words.lower() in str(exc).lower(), str(exc)
        assert exc.report is not None and exc.report.exists()
        assert exc.result is not None and exc.result.summary_file.exists()
        assert snapshot(con) == before
    else:  # only a truncated file may import in part, and only with accept_valid
        assert (case, mode) == ("truncated", "accept_valid")
        assert result.rows == 3 and result.rejected_rows == 1
        lines = {int(r["line"]) for r in report_rows(result.rejected)}
        assert lines == {6}


def test_truncated_row_with_missing_cells_is_rejected_alone(con, tmp_path):
    lines = households(3).to_csv(index=False).splitlines()
    lines[-1] = ",".join(lines[-1].replace('"30,000"', "30000").split(",")[:20])  # cut short
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed):
        run(con, path, tmp_path)
    result = run(con, path, tmp_path, mode="accept_valid")
    assert (result.rows, result.rejected_rows) == (2, 1)
    rejected = report_rows(result.rejected)
    assert {r["line"] for r in rejected} == {"4"}
    assert any("cells" in r["reason"] for r in rejected)


def test_formula_injection_and_html_are_reported_as_text_and_defused(con, tmp_path):
    frame = households(4)
    frame.loc[0, "hh_id"] = '=HYPERLINK("http://evil.example","click")'
    frame.loc[1, "members"] = "+1+cmd|' /C calc'!A0"
    frame.loc[2, "village_no"] = "@SUM(1,1)"
    frame["ชื่อหัวหน้า <script>alert(1)</script>"] = "<img src=x onerror=alert(1)>"
    frame["province_name"] = "-2+3"
    path = csv_file(tmp_path, frame)
    result = run(con, path, tmp_path, mode="accept_valid")
    assert result.rejected_rows == 3 and result.rows == 1
    for report in (result.report, result.rejected):
        with report.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert cell[:1] not in ("=", "+", "-", "@"), cell
        text = report.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text
    warnings = [r for r in report_rows(result.report) if r["severity"] == "warning"]
    assert any(r["column"] == "ชื่อหัวหน้า <script>alert(1)</script>" for r in warnings)


def test_national_ids_never_reach_the_store_reports_or_summary(tmp_path):
    db = tmp_path / "ids.duckdb"
    c = store.connect(db)
    frame = households(3)
    bad_id = ID[:-1] + str((int(ID[-1]) + 1) % 10)
    frame.loc[1, "head_national_id"] = bad_id
    frame.loc[2, "head_national_id"] = "1-1017-00203-45-0"
    result = run(c, csv_file(tmp_path, frame), tmp_path, mode="accept_valid")
    assert result.rejected_rows == 1
    c.execute("CHECKPOINT")
    c.close()
    blobs = [db.read_bytes()] + [p.read_bytes() for p in (tmp_path / "reports").iterdir()]
    for blob in blobs:
        for raw in (ID, bad_id):
            assert raw.encode() not in blob
            assert raw.encode("utf-16-le") not in blob
    assert ID not in result.summary and bad_id not in result.summary


# --- modes, reports, idempotence, history -----------------------------------------------------------


def test_strict_writes_nothing_and_accept_valid_writes_the_valid_rows(con, tmp_path):
    frame = households(6, row1={"members": "many"}, row4={"round_be": "64"})
    path = csv_file(tmp_path, frame)
    before = snapshot(con)
    with pytest.raises(ImportFailed) as info:
        run(con, path, tmp_path)
    assert snapshot(con) == before
    assert info.value.result.rejected_rows == 2
    result = run(con, path, tmp_path, mode="accept_valid")
    assert (result.rows, result.rejected_rows, result.counts.new) == (4, 2, 4)
    ids = [r[0] for r in con.execute("SELECT hh_id FROM households ORDER BY 1").fetchall()]
    assert ids == ["H1", "H3", "H4", "H6"]
    rejected = report_rows(result.rejected)
    assert [(r["line"], r["column"]) for r in rejected] == [("3", "members"), ("6", "round_be")]
    assert set(rejected[0]) == {"file", "line", "column", "value", "reason"}
    assert rejected[0]["file"] == "hh.csv" and rejected[0]["value"] == "many"
    assert result.summary_file.read_text(encoding="utf-8").startswith("hh.csv: imported 4 of 6")


def test_every_rejected_row_has_a_line_in_the_rejects_file(con, tmp_path):
    frame = households(40)
    bad = [3, 7, 8, 20, 39]
    for i in bad:
        frame.loc[i, "members_disabled"] = "99"
    result = run(con, csv_file(tmp_path, frame), tmp_path, mode="accept_valid", chunksize=7)
    assert result.rows + result.rejected_rows == 40
    assert {int(r["line"]) for r in report_rows(result.rejected)} == {i + 2 for i in bad}


def test_dry_run_counts_without_writing(con, tmp_path):
    run(con, csv_file(tmp_path, households(2)), tmp_path)
    before = snapshot(con)
    result = run(
        con,
        csv_file(tmp_path, households(3, row0={"members": "5"}), "b.csv"),
        tmp_path,
        dry_run=True,
    )
    assert result.dry_run
    assert (result.counts.new, result.counts.replaced, result.counts.unchanged) == (1, 1, 1)
    assert snapshot(con) == before
    assert "would import" in result.summary


@pytest.mark.parametrize("chunksize", [None, 2])
def test_idempotent_and_corrections_keep_history(con, tmp_path, chunksize):
    path = csv_file(tmp_path, households(5))
    run(con, path, tmp_path, chunksize=chunksize)
    before = snapshot(con)
    again = run(con, path, tmp_path, chunksize=chunksize)
    assert (again.counts.new, again.counts.replaced, again.counts.unchanged) == (0, 0, 5)
    after = snapshot(con)
    assert {k: v for k, v in after.items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }
    fixed = csv_file(tmp_path, households(5, row3={"members": "6"}), "fixed.csv")
    result = run(con, fixed, tmp_path, chunksize=chunksize)
    assert (result.counts.replaced, result.counts.unchanged) == (1, 4)
    assert con.execute("SELECT members FROM households WHERE hh_id = 'H4'").fetchone() == (6,)
    assert con.execute("SELECT hh_id, members FROM household_history").fetchall() == [("H4", 4)]


def test_streamed_and_in_memory_imports_store_the_same(tmp_path):
    frame = households(30, row5={"lat": "", "lon": ""}, row9={"welfare_card": "ไม่ใช่"})
    path = csv_file(tmp_path, frame)
    stores = []
    for chunksize in (None, 4):
        c = store.connect(tmp_path / f"s{chunksize}.duckdb")
        run(c, path, tmp_path, chunksize=chunksize)
        stores.append(snapshot(c))
        c.close()
    assert stores[0] == stores[1]
    # the two paths agree on record hashes: a streamed re-import of an in-memory import is a no-op
    c = store.connect(tmp_path / "sNone.duckdb")
    assert run(c, path, tmp_path, chunksize=3).counts.unchanged == 30
    c.close()


def _messy_big_file(tmp_path) -> Path:
    """120 rows: a bad cell, an out-of-range value, a duplicate in a later chunk, Thai yes/no."""
    frame = households(
        120,
        row5={"members": "many"},
        row40={"income_per_person_year": "-5"},
        row77={"welfare_card": "ไม่ใช่"},
    )
    frame.loc[100, "hh_id"] = "H3"  # the same household as line 4, nine chunks later
    return csv_file(tmp_path, frame, "big.csv")


def _import_with(tmp_path, path, workers: int, name: str, **kw):
    c = store.connect(tmp_path / f"{name}.duckdb")
    result = import_households(
        c,
        path,
        report_dir=tmp_path / name,
        id_key=KEY,
        chunksize=10,
        mode="accept_valid",
        workers=workers,
        **kw,
    )
    stored_now = snapshot(c)
    c.close()
    rejected = report_rows(result.rejected)
    return result, stored_now, rejected


def test_worker_processes_store_and_report_exactly_what_one_process_does(tmp_path, monkeypatch):
    import data.import_pool as import_pool

    started = []
    real = import_pool.start_pool
    monkeypatch.setattr(import_pool, "start_pool", lambda n: started.append(n) or real(n))
    path = _messy_big_file(tmp_path)
    one = _import_with(tmp_path, path, 1, "one")
    assert started == []  # one worker: everything in this process
    two = _import_with(tmp_path, path, 2, "two")
    assert started == [2]  # twelve chunks: the workers ran
    assert one[1] == two[1]  # the same rows, hashes and history in the store
    assert one[2] == two[2]  # the same rejects, in the file's order
    assert (one[0].rows, one[0].rejected_rows) == (two[0].rows, two[0].rejected_rows) == (117, 3)
    assert [r["line"] for r in two[2]] == ["7", "42", "102"]


def test_workers_never_run_the_programs_main_script(tmp_path, monkeypatch):
    """A Streamlit page or a test runner's last script is ``__main__``; a worker that ran it
    again would open the store this process holds (or fail)."""
    import types

    import data.import_pool as import_pool

    script = tmp_path / "page.py"
    script.write_text(
        "from pathlib import Path\n"
        "Path(__file__).with_suffix('.ran').write_text('ran')\n"
        "raise SystemExit('a worker ran the main script')\n"
    )
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    started = []
    real = import_pool.start_pool
    monkeypatch.setattr(import_pool, "start_pool", lambda n: started.append(n) or real(n))
    # nothing may swap __main__ meanwhile, even for a moment: Streamlit's script runner
    # assigns it from other threads (a second session would race with the swap)
    swapped, done = [], threading.Event()

    def watch() -> None:
        while not done.is_set():
            if sys.modules.get("__main__") is not page:
                swapped.append(sys.modules.get("__main__"))
            time.sleep(0.0002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result, _stored, _rejected = _import_with(tmp_path, _messy_big_file(tmp_path), 2, "main")
    finally:
        done.set()
        watcher.join()
    assert started == [2] and result.rows == 117
    assert not script.with_suffix(".ran").exists()
    assert swapped == []
    assert sys.modules["__main__"] is page


def test_workers_start_from_their_own_module_and_none_outlives_the_import(tmp_path):
    """While the chunks are checked: one process of data.import_worker and its two workers,
    children of this one; when the import returns (stored, refused, or stopped by an error):
    none."""
    seen: list[list[processes.Proc]] = []
    before = processes.descendants()

    def rows(_done, _total) -> None:
        seen.append(processes.descendants(besides=before))

    path = _messy_big_file(tmp_path)
    result, _stored, _rejected = _import_with(tmp_path, path, 2, "stored", on_rows=rows)
    assert result.rows == 117 and len(seen) == 12
    assert all(len(procs) == 3 for procs in seen), seen  # the forking process and 2 workers
    assert all("-m data.import_worker" in p.cmdline for procs in seen for p in procs), seen
    assert processes.descendants(besides=before) == []
    c = store.connect(tmp_path / "strict.duckdb")
    with pytest.raises(ImportFailed):  # strict: refused after every chunk was checked
        import_households(c, path, report_dir=tmp_path, id_key=KEY, chunksize=10, workers=2)
    c.close()
    assert processes.descendants(besides=before) == []

    def stop(done, _total) -> None:
        if done >= 20:  # a Streamlit rerun or stop raises in the page's thread like this
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _import_with(tmp_path, path, 2, "stopped", on_rows=stop)
    assert processes.descendants(besides=before) == []


def test_a_worker_killed_mid_import_costs_speed_never_rows(tmp_path):
    killed: list[int] = []
    before = processes.descendants()

    def rows(done, _total) -> None:
        if not killed:
            workers = [p for p in processes.descendants(besides=before) if p.ppid != os.getpid()]
            os.kill(workers[0].pid, signal.SIGKILL)
            killed.append(workers[0].pid)

    path = _messy_big_file(tmp_path)
    broken = _import_with(tmp_path, path, 2, "killed", on_rows=rows)
    reference = _import_with(tmp_path, path, 1, "reference")
    assert killed and broken[1] == reference[1] and broken[2] == reference[2]
    assert processes.descendants(besides=before) == []


def test_a_broken_worker_pool_falls_back_to_checking_here(tmp_path, monkeypatch):
    """Workers that die (or cannot start) cost speed, never rows."""
    import concurrent.futures.process

    import data.import_pool as import_pool

    class Broken:
        def submit(self, fn, *args):
            future = concurrent.futures.Future()
            future.set_exception(concurrent.futures.process.BrokenProcessPool("gone"))
            return future

        def shutdown(self, **kw):
            pass

    monkeypatch.setattr(import_pool, "start_pool", lambda n: Broken())
    path = _messy_big_file(tmp_path)
    broken = _import_with(tmp_path, path, 2, "broken")
    reference = _import_with(tmp_path, path, 1, "reference")
    assert broken[1] == reference[1] and broken[2] == reference[2]


def test_same_household_twice_across_chunks_is_rejected(con, tmp_path):
    frame = households(10)
    frame.loc[8, "hh_id"] = "H2"
    path = csv_file(tmp_path, frame)
    with pytest.raises(ImportFailed) as info:
        run(con, path, tmp_path, chunksize=3)
    assert any("line 3" in p.reason and p.line == 10 for p in info.value.problems)
    result = run(con, path, tmp_path, chunksize=3, mode="accept_valid")
    assert (result.rows, result.rejected_rows) == (9, 1)


def test_members_stream_and_orphans_are_rejected(con, tmp_path):
    hh = csv_file(tmp_path, households(4))
    members = pd.DataFrame(
        [
            {
                "hh_id": f"H{i}",
                "round_be": "2564",
                "person_no": str(p),
                "age": "30",
                "sex": "หญิง",
                "disability": "false",
                "education": "primary",
                "occupation": "farmer",
                "national_id": "",
            }
            for i in (1, 2, 3, 9)
            for p in (1, 2)
        ]
    )
    mpath = csv_file(tmp_path, members, "members.csv")
    with pytest.raises(ImportFailed) as info:
        run(con, hh, tmp_path, members_path=mpath, chunksize=3)
    assert {p.line for p in info.value.problems} == {8, 9}
    result = run(con, hh, tmp_path, members_path=mpath, chunksize=3, mode="accept_valid")
    assert (result.members, result.rejected_members) == (6, 2)
    assert con.execute("SELECT count(*) FROM members").fetchone()[0] == 6


def test_progress_reports_steps_and_rows(con, tmp_path):
    steps, rows = [], []
    run(
        con,
        csv_file(tmp_path, households(7)),
        tmp_path,
        chunksize=3,
        progress=steps.append,
        on_rows=lambda done, total: rows.append((done, total)),
    )
    assert steps == ["read", "validate", "store"]
    assert rows == [(3, 7), (6, 7), (7, 7)]


# --- atomic: SIGKILL at any moment -------------------------------------------------------------------


def _kill_script(db: Path, path: Path, reports: Path, patch: str) -> str:
    head = "import os, signal\nfrom pathlib import Path\nimport data.importer as importer\n"
    head += "import data.staging as staging\nimport data.store as store\n"
    body = textwrap.dedent(
        f"""
        con = store.connect(Path({str(db)!r}))
        print("importing", flush=True)
        importer.import_households(con, Path({str(path)!r}), report_dir=Path({str(reports)!r}),
                                   id_key=b"k" * 32, chunksize=50)
        print("finished")
        """
    )
    return head + textwrap.dedent(patch) + body


def _run_script(script: str, env: dict | None = None) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-c", script], env=env, cwd=ROOT).wait(timeout=120)


def _importing(script: str) -> tuple[subprocess.Popen, float]:
    """Start ``script``; return once it says it begins the import, with the time it said so."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "importing"
    return proc, time.perf_counter()


def _import_seconds(script: str) -> float:
    """How long the import of ``script`` runs, from its start to the process's exit."""
    proc, started = _importing(script)
    proc.stdout.read()
    assert proc.wait(timeout=120) == 0
    return time.perf_counter() - started


def _kill_while_importing(script: str, after: float) -> int:
    """SIGKILL ``after`` seconds into the import; the exit code."""
    proc, started = _importing(script)
    time.sleep(max(0.0, after - (time.perf_counter() - started)))
    proc.send_signal(signal.SIGKILL)
    proc.stdout.read()
    return proc.wait(timeout=60)


@pytest.fixture(scope="module")
def kill_setup(tmp_path_factory):
    """A store with 2 households, a 600-row file, and the store as it is after that import."""
    tmp = tmp_path_factory.mktemp("kill")
    base = tmp / "base.duckdb"
    c = store.connect(base)
    run(c, csv_file(tmp, households(2)), tmp)
    before = snapshot(c)
    c.close()
    big = households(600, row1={"members": "5"})  # H2 is replaced: history changes too
    path = csv_file(tmp, big, "big.csv")
    done = tmp / "done.duckdb"
    done.write_bytes(base.read_bytes())
    seconds = _import_seconds(_kill_script(done, path, tmp, ""))
    c = store.connect(done)
    after = snapshot(c)
    c.close()
    assert after != before
    return tmp, base, path, before, after, seconds


PATCHES = {
    "while staging chunks": """
original = staging.Stage.add_file
calls = []
def dying(self, frame, *args, **kwargs):
    calls.append(1)
    if len(calls) == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, frame, *args, **kwargs)
staging.Stage.add_file = dying
""",
    "inside the commit transaction": """
original = store.upsert_with_history
def dying(con, *a, **k):
    counts = original(con, *a, **k)
    con.execute("DELETE FROM households")
    os.kill(os.getpid(), signal.SIGKILL)
store.upsert_with_history = dying
""",
    "right after the commit": """
original = store.record_import
def dying(con, *a, **k):
    original(con, *a, **k)
    con.execute("COMMIT")
    os.kill(os.getpid(), signal.SIGKILL)
store.record_import = dying
""",
}


@pytest.mark.parametrize("moment", list(PATCHES))
def test_sigkill_leaves_the_store_as_before_or_as_after(kill_setup, tmp_path, moment):
    _tmp, base, path, before, after, _seconds = kill_setup
    db = tmp_path / "k.duckdb"
    db.write_bytes(base.read_bytes())
    code = _run_script(_kill_script(db, path, tmp_path, PATCHES[moment]))
    assert code == -signal.SIGKILL
    c = store.connect(db)
    now = snapshot(c)
    tables = {r[0] for r in c.execute("SHOW ALL TABLES").fetchall()}
    c.close()
    assert now == (after if moment == "right after the commit" else before)
    assert not any(t.startswith(("_stage", "_import")) for t in tables)


def test_a_killed_import_leaves_no_worker_behind(kill_setup, tmp_path):
    """SIGKILL of the importing process while its workers check chunks: they see their
    sockets close and exit (a worker busy with a chunk when it has checked it)."""
    _tmp, base, path, _before, _after, _seconds = kill_setup
    db = tmp_path / "w.duckdb"
    db.write_bytes(base.read_bytes())
    env = {"POVMAP_TEST_KILLED": str(tmp_path), "POVMAP_IMPORT_WORKERS": "2"}
    script = _kill_script(db, path, tmp_path, PATCHES["while staging chunks"])
    assert _run_script(script, env=env) == -signal.SIGKILL
    left = processes.still_alive(
        lambda: processes.marked("POVMAP_TEST_KILLED", str(tmp_path)), grace_s=15
    )
    assert left == []


def test_staging_files_of_a_killed_import_are_swept_by_the_next(kill_setup, tmp_path):
    import tempfile

    _tmp, base, path, _before, _after, _seconds = kill_setup
    db = tmp_path / "sweep.duckdb"
    db.write_bytes(base.read_bytes())
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("povmap-stage-*"))
    assert _run_script(_kill_script(db, path, tmp_path, PATCHES["while staging chunks"])) < 0
    left = set(temp.glob("povmap-stage-*")) - before
    assert left  # a SIGKILL leaves its staging folder behind...
    c = store.connect(tmp_path / "other.duckdb")
    run(c, path, tmp_path, chunksize=50)
    c.close()
    assert not any(folder.exists() for folder in left)  # ...and the next import removes it


def test_sigkill_at_a_random_moment(kill_setup, tmp_path):
    """No hook: the import is killed from outside after a delay; before or after, nothing else.

    The delays are fractions of how long the same import takes unkilled, counted from the moment
    the process begins it, so the kill lands while it runs (its exit code says so); a run that
    ended first (the machine was busier when it was timed) is tried again with half the delay."""
    _tmp, base, path, before, after, seconds = kill_setup
    for share in (0.2, 0.5):
        delay = share * seconds
        for attempt in range(4):  # a run faster than the measured one: kill it sooner
            db = tmp_path / f"r{share}-{attempt}.duckdb"
            db.write_bytes(base.read_bytes())
            code = _kill_while_importing(_kill_script(db, path, tmp_path, ""), delay)
            if code == -signal.SIGKILL:
                break
            delay /= 2
        assert code == -signal.SIGKILL, f"the import ended before the kill at {share:.0%}"
        c = store.connect(db)
        now = snapshot(c)
        c.close()
        assert now in (before, after)


def test_benchmark_smoke_run_prints_its_ratio(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_import
    finally:
        sys.path.remove(str(ROOT / "bench"))
    result = bench_import.main(["--rows", "300", "--in-process", "--work", str(tmp_path)])
    out = capsys.readouterr().out
    assert "ratio import / raw:" in out and "peak" in out
    assert "processes left running after the import: 0" in out
    assert result["raw"]["rows"] == result["import"]["rows"] == 300
    assert result["ratio"] > 0
