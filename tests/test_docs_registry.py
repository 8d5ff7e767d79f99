"""docs/data-format.md's welfare-registry section stays true to the code.

The column table lists exactly the registry schema's columns, every documented header maps to
its column, every documented card-status word normalises as documented, and the example CSV and
command line import cleanly into a fresh store (known answers: 5 people, 2 + 2 + 1 statuses).
"""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from data import store
from data.columns import column_key, synonyms, targets
from data.importer import import_registry
from data.normalize import normalize_card_status
from data.schema import REGISTRY_COLUMN_LIST
from data.validate import hash_national_id, national_id_checksum_ok

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs/data-format.md"
KEY = bytes(range(32))  # any 32 bytes: the key households and registry share


def registry_section() -> str:
    """The text of '## Welfare registry file' up to the next second-level heading."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Welfare registry file\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, "docs/data-format.md has no '## Welfare registry file' section"
    return match.group(1)


def table(text: str, header: str) -> list[list[str]]:
    """Rows (cells stripped) of the Markdown table whose header line starts with ``header``."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    assert start is not None, f"no table starting {header!r}"
    assert re.fullmatch(r"\|(---\|)+", lines[start + 1]), "the header is not followed by |---|"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip()[1:-1].split("|")])
    return rows


def ticked(cell: str) -> list[str]:
    """The `code` spans of a cell, in order."""
    return re.findall(r"`([^`]+)`", cell)


def block(text: str, language: str) -> str:
    """The first fenced block of ``language`` in ``text``."""
    match = re.search(rf"^```{language}\n(.*?)^```$", text, re.M | re.S)
    assert match, f"no ```{language} block"
    return match.group(1)


def example_csv() -> str:
    return block(registry_section(), "csv")


def example_ids() -> list[str]:
    """The example's national IDs as 13 digits (the file may write them with dashes)."""
    frame = pd.read_csv(io.StringIO(example_csv()), dtype=str)
    return [re.sub(r"\D", "", v) for v in frame.iloc[:, 0]]


def stated_counts() -> tuple[int, int, int, int, int]:
    """(people, snapshot, holding a card, without one, not stated) as the doc states them."""
    m = re.search(
        r"It stores (\d+) people of snapshot (\d{4}): (\d+) holding a card, (\d+) registered "
        r"without one, (\d+) not stated",
        " ".join(registry_section().split()),
    )
    assert m, "the doc no longer says what the example stores"
    return tuple(int(g) for g in m.groups())  # type: ignore[return-value]


# --- the column table and the headers ------------------------------------------------------------


def test_documented_columns_are_the_registry_schema():
    rows = table(registry_section(), "| column | type |")
    documented = [(ticked(r[0])[0], r[4], r[5], r[6]) for r in rows]
    expected = [
        (c.name, "yes" if c.required else "no", c.label_th, c.label_en)
        for c in REGISTRY_COLUMN_LIST
    ]
    assert documented == expected


def test_every_documented_header_maps_to_its_column():
    rows = table(registry_section(), "| column | accepted headers |")
    by_column = {ticked(r[0])[0]: ticked(r[1]) for r in rows}
    # every column a registry header may map to is documented, and nothing else
    assert set(by_column) == set(targets("registry"))
    known = synonyms("registry")
    for column, headers in by_column.items():
        assert headers, f"no accepted headers listed for {column}"
        for header in headers:
            assert known.get(column_key(header)) == column, (header, column)


def test_a_household_only_header_is_not_a_registry_column():
    # the doc says `หมู่ที่` (village_no) is left out of a registry file
    assert "`หมู่ที่` (`village_no`)" in registry_section()
    assert column_key("หมู่ที่") not in synonyms("registry")
    assert synonyms("households")[column_key("หมู่ที่")] == "village_no"


# --- card status -------------------------------------------------------------------------------


def test_card_status_words_normalise_as_documented():
    rows = table(registry_section(), "| written | stored |")
    assert len(rows) == 3
    cases: list[tuple[str, str]] = []
    for written, stored in rows:
        target = ticked(stored)[0] if ticked(stored) else ""
        assert target in ("true", "false", "")
        cases += [(word, target) for word in ticked(written)]
    assert {t for _, t in cases} == {"true", "false", ""}
    words = pd.Series([w for w, _ in cases], dtype="str")
    values, issues = normalize_card_status(words)
    assert issues == []
    assert values.tolist() == [t for _, t in cases]


def test_the_words_documented_as_refused_are_refused():
    section = " ".join(registry_section().split())
    refused = re.search(r"Anything else \(([^)]*)\) is refused", section)
    assert refused
    words = ticked(refused.group(1))
    assert words
    _, issues = normalize_card_status(pd.Series(words, dtype="str"))
    assert [i for i, _ in issues] == list(range(len(words)))


# --- the example ---------------------------------------------------------------------------------


def test_example_ids_are_synthetic_and_checksum_valid():
    ids = example_ids()
    assert len(ids) == len(set(ids)) == stated_counts()[0]
    for digits in ids:
        assert national_id_checksum_ok(digits)
        assert digits[1:5] == "0000", "example IDs must keep the impossible office code 0000"


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "fresh.duckdb")
    yield c
    c.close()


def test_example_csv_imports_cleanly(con, tmp_path):
    people, snapshot, holding, without, unstated = stated_counts()
    path = tmp_path / "registry-example.csv"
    path.write_text(example_csv(), encoding="utf-8")
    result = import_registry(
        con,
        path,
        snapshot_be=snapshot,
        report_dir=tmp_path / "reports",
        id_key=KEY,
        workers=1,
    )
    assert result.problems == () and result.warnings == ()
    assert (result.rows, result.rows_in_file, result.rejected_rows) == (people, people, 0)
    assert result.counts == store.LoadCounts(people, 0, 0)
    stored = con.execute(
        "SELECT id_hash, snapshot_be, card_holder, subdistrict_code FROM registry"
    ).df()
    assert stored.snapshot_be.eq(snapshot).all()
    # national IDs stored only as the households' keyed hash, never raw
    ids = example_ids()
    assert set(stored.id_hash) == {hash_national_id(d, KEY) for d in ids}
    cells = {str(v) for v in stored.to_numpy().ravel()}
    assert not cells & set(ids)
    for report in (tmp_path / "reports").iterdir():
        text = report.read_text(encoding="utf-8-sig")
        assert not any(d in text for d in ids)
    # the statuses the doc states for its example
    statuses = con.execute(
        """SELECT count(*) FILTER (WHERE card_holder), count(*) FILTER (WHERE NOT card_holder),
                  count(*) FILTER (WHERE card_holder IS NULL) FROM registry"""
    ).fetchone()
    assert statuses == (holding, without, unstated)


def test_reimporting_the_example_adds_and_corrects_but_never_removes(con, tmp_path):
    snapshot = stated_counts()[1]
    first = tmp_path / "first.csv"
    first.write_text(example_csv(), encoding="utf-8")
    args = dict(snapshot_be=snapshot, report_dir=tmp_path / "reports", id_key=KEY, workers=1)
    import_registry(con, first, **args)
    lines = example_csv().splitlines()
    header, rows = lines[0], lines[1:]
    # the first person's card is cancelled; the last person is missing from the new extract
    changed = [rows[0].replace("ได้รับบัตร", "ยกเลิก"), *rows[1:-1]]
    assert changed[0] != rows[0]
    second = tmp_path / "second.csv"
    second.write_text("\n".join([header, *changed]) + "\n", encoding="utf-8")
    result = import_registry(con, second, **args)
    assert result.counts == store.LoadCounts(0, 1, len(rows) - 2)
    assert con.execute("SELECT count(*) FROM registry").fetchone()[0] == len(rows)
    history = con.execute("SELECT id_hash, card_holder FROM registry_history").fetchall()
    assert history == [(hash_national_id(example_ids()[0], KEY), True)]


def test_the_documented_command_line_imports_the_example(tmp_path, monkeypatch):
    from povmap.cli.imports import import_app

    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POVMAP_DB", str(tmp_path / "var" / "cli.duckdb"))
    monkeypatch.delenv("POVMAP_ID_HASH_KEY", raising=False)
    people, snapshot, *_ = stated_counts()
    words = shlex.split(block(registry_section(), "sh").strip())
    assert words[:3] == [".venv/bin/povmap", "import", "registry"]
    args = words[2:]
    assert args[args.index("--snapshot") + 1] == str(snapshot)
    path = tmp_path / args[1]
    path.write_text(example_csv(), encoding="utf-8")
    args[1] = str(path)
    runner = CliRunner()
    result = runner.invoke(import_app, args)
    assert result.exit_code == 0, result.output
    assert f"imported {people} rows from {path.name}: {people} new" in result.output
    assert not any(d in result.output for d in example_ids())
    again = runner.invoke(import_app, args)  # the same file again changes nothing
    assert again.exit_code == 0, again.output
    assert f"{people} unchanged" in again.output
