"""Uploaded files never stay on disk (AppTests of the data page, and the sweep of var/uploads).

After every step of the data page (preview, check) the whole var folder and the temporary folder
are scanned, byte for byte, for the raw national IDs of the uploaded file: none may be there.
Storing, an abandoned session, a server stopped with SIGTERM and the start-up sweep are tested
in the browser (tests/browser/test_uploads.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from povmap import uploads
from tests.app.test_data_pages import open_page, texts
from tests.raw_ids import files_holding, fresh_ids, household_file, upload_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folders(demo_store, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """(var folder, a temporary folder of this test's own that the process uses meanwhile)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return Path(os.environ["POVMAP_VAR_DIR"]), tmp


def csv_bytes(ids: list[str], **changes: dict[str, str]) -> bytes:
    return household_file(ids, **changes).to_csv(index=False).encode("utf-8")


def test_a_checked_file_that_is_not_stored_leaves_no_raw_id_on_disk(folders):
    ids = fresh_ids(6)
    at = open_page("pages/data.py", "en")
    at.file_uploader[0].set_value(("hh.csv", csv_bytes(ids), "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "hh_id" in at.dataframe[0].value.iloc[:, 1].tolist()  # the preview was read
    assert files_holding(ids, *folders) == []
    at.button(key="data_check_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(b.label == "Store 6 rows" for b in at.button)  # checked, not stored
    assert files_holding(ids, *folders) == []
    assert upload_files(folders[0]) == []
    at.toggle(key="data_accept").set_value(True).run()  # a rerun: the preview is not re-read
    assert files_holding(ids, *folders) == []


@pytest.mark.parametrize("where", ["check", "preview"])
def test_a_failed_file_leaves_no_raw_id_on_disk(folders, where):
    ids = fresh_ids(5)
    if where == "check":  # strict mode: one wrong row and nothing can be stored
        data = csv_bytes(ids, row2={"members": "many"})
    else:  # a NUL byte in a line: the file cannot be read at all
        data = csv_bytes(ids).replace(b"\nU3,", b"\nU3\x00,")
    at = open_page("pages/data.py", "en")
    at.file_uploader[0].set_value(("hh.csv", data, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if where == "check":
        at.button(key="data_check_button").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert "Nothing was stored" in texts(at)
        assert not any(b.label.startswith("Store ") for b in at.button)
    else:
        assert any("Cannot be imported" in e.value for e in at.error)
    assert files_holding(ids, *folders) == []
    assert upload_files(folders[0]) == []


@dataclass
class Upload:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def sweep_from_another_process(var: Path) -> None:
    code = "import sys; from pathlib import Path; from povmap import uploads; uploads.sweep(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(var)], cwd=ROOT, check=True, timeout=120)


def test_sweep_deletes_leftovers_and_spares_a_running_process(tmp_path):
    var = tmp_path / "var"
    ids = fresh_ids(3)
    data = csv_bytes(ids)
    # what a killed server left: the old layout, a loose file, a folder whose lock nobody holds
    for leftover in (
        "uploads/1a2b3c4d5e6f/file/hh.csv",
        "uploads/hh.csv",
        "uploads/99-dead/x/hh.csv",
    ):
        (var / leftover).parent.mkdir(parents=True, exist_ok=True)
        (var / leftover).write_bytes(data)
    (var / "uploads" / "99-dead.lock").touch()
    with uploads.on_disk(Upload("hh.csv", data), None, var_dir=var) as (path, nothing):
        assert nothing is None
        assert path.name == "hh.csv" and path.read_bytes() == data
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.is_relative_to(var / "uploads")
        # the first upload of a process swept what no running process owns
        assert files_holding(ids, var) == [(path, i) for i in ids]
        sweep_from_another_process(var)  # another server starting: this step's file stays
        assert path.read_bytes() == data
    assert files_holding(ids, var) == []
    assert upload_files(var) == []


def test_a_file_is_deleted_when_the_step_fails(tmp_path):
    var = tmp_path / "var"
    ids = fresh_ids(2)
    with (
        pytest.raises(RuntimeError),
        uploads.on_disk(Upload("hh.csv", csv_bytes(ids)), var_dir=var),
    ):
        assert files_holding(ids, var)
        raise RuntimeError("the reader broke")
    assert files_holding(ids, var) == []


def test_a_national_id_in_the_file_name_is_not_written_either(tmp_path):
    var = tmp_path / "var"
    [national_id] = fresh_ids(1)
    upload = Upload(f"../registry {national_id}.csv", b"a,b\n1,2\n")
    with uploads.on_disk(upload, var_dir=var) as (path,):
        assert national_id not in str(path)
        assert path.name.startswith("registry ") and path.suffix == ".csv"
        assert path.parent.parent.parent == var / "uploads"
