"""The command line of accounts, the audit trail and a data subject's requests: `povmap users`,
`povmap audit`, `povmap subject-report`, `povmap erase` (area numbers as a fresh store's) and
`povmap retention`; the demo accounts (one per role, as README lists them)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from data import audit, erase, grievances, monitoring, store, users, verification
from data import referrals as rf
from data.audit import Actor
from data.importer import import_households, import_registry
from data.roles import ROLES
from povmap import accounts, bootstrap, rules
from povmap.cli.main import app
from query import audit_read, subject, summary
from query.audit_read import AuditFilter
from tests.data.rows import households

ROOT = Path(__file__).resolve().parent.parent
KEY = "k" * 32
PASSWORD = "correct horse battery staple"
CONTACT = "081-234-5678"
runner = CliRunner()

# Two villages of Mueang Kalasin; H1 and H4 have a head with a national ID.
SECOND = {"subdistrict_code": "460102", "village_code": "46010201", "village_no": "1"}


def nid(n: int) -> str:
    """A checksum-valid synthetic national ID."""
    body = f"3{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def survey() -> pd.DataFrame:
    return households(
        5,
        row0={"head_national_id": nid(1)},
        row1={"head_national_id": nid(2), "members_disabled": "1", "hc_chronic_ill": "1"},
        row2={**SECOND, "head_national_id": ""},
        row3={**SECOND, "head_national_id": nid(4), "bmn_15": "1"},
        row4={**SECOND, "head_national_id": ""},
    )


def members() -> pd.DataFrame:
    rows = [
        {
            "hh_id": "H2",
            "round_be": "2564",
            "person_no": str(i),
            "age": str(30 + i),
            "sex": "F",
            "disability": "true" if i == 1 else "false",
            "education": "primary",
            "occupation": "farmer",
            "national_id": nid(20 + i) if i == 1 else "",
        }
        for i in (1, 2)
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def env(tmp_path, monkeypatch, boundary_cache):
    var = tmp_path / "var"
    monkeypatch.setenv("POVMAP_VAR_DIR", str(var))
    monkeypatch.setenv("POVMAP_DB", str(var / "store.duckdb"))
    monkeypatch.setenv("POVMAP_CACHE_DIR", str(boundary_cache))
    monkeypatch.setenv("POVMAP_ID_HASH_KEY", KEY)
    return var


def build(var: Path, frame: pd.DataFrame, *, with_members: bool = True) -> Path:
    """A store of ``frame`` (and H2's members, a registry row of H1's head), summed as an import
    leaves it."""
    var.mkdir(parents=True, exist_ok=True)
    db = var / "store.duckdb"
    con = store.connect(db)
    hh, mm = var / "hh.csv", var / "members.csv"
    frame.to_csv(hh, index=False)
    kept = members()[lambda m: m["hh_id"].isin(frame["hh_id"])]
    kept.to_csv(mm, index=False)
    import_households(
        con,
        hh,
        members_path=mm if with_members and len(kept) else None,
        report_dir=var / "reports",
        id_key=KEY.encode(),
    )
    registry = var / "registry.csv"
    pd.DataFrame(
        [
            {
                "national_id": nid(1),
                "province_code": "46",
                "district_code": "4601",
                "subdistrict_code": "460101",
                "card_holder": "true",
            },
            {
                "national_id": nid(2),
                "province_code": "46",
                "district_code": "4601",
                "subdistrict_code": "460101",
                "card_holder": "true",
            },
        ]
    ).to_csv(registry, index=False)
    import_registry(
        con, registry, snapshot_be=2564, report_dir=var / "reports", id_key=KEY.encode()
    )
    bootstrap.summarise(con, os.environ["POVMAP_CACHE_DIR"], lambda _m: None)
    con.close()
    return db


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def entries(db: Path, **filters) -> pd.DataFrame:
    con = store.connect(db)
    try:
        return audit_read.entries(con, AuditFilter(**filters), limit=None)
    finally:
        con.close()


# --- povmap users ------------------------------------------------------------------------------


def test_users_add_list_roles_disable_reset(env):
    added = invoke(
        "users",
        "add",
        "Somsri",
        "--role",
        "provincial",
        "--area",
        "46",
        "--display-name",
        "สมศรี ใจดี",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output
    listed = invoke("users", "list", "--format", "csv")
    frame = pd.read_csv(io.StringIO(listed.stdout), dtype=str, keep_default_na=False)
    assert frame.loc[0, ["name", "display_name", "roles", "areas"]].tolist() == [
        "somsri",
        "สมศรี ใจดี",
        "provincial",
        "46",
    ]
    assert "argon2" not in listed.stdout
    changed = invoke("users", "roles", "somsri", "--role", "agency", "--agency", "pmj")
    assert changed.exit_code == 0, changed.output
    assert "roles agency; areas 46; agencies pmj" in changed.output
    typed = "a brand new long pass phrase"
    reset = invoke("users", "reset", "somsri", input=f"{typed}\n{typed}\n")
    assert reset.exit_code == 0, reset.output
    assert typed not in reset.output  # the prompt does not show it
    con = store.connect(env / "store.duckdb")
    assert isinstance(users.sign_in(con, "somsri", typed), users.Session)
    con.close()
    assert invoke("users", "disable", "somsri").exit_code == 0
    con = store.connect(env / "store.duckdb")
    assert users.sign_in(con, "somsri", typed) == users.Refused("disabled")
    con.close()
    assert invoke("users", "enable", "somsri").exit_code == 0
    trail = entries(env / "store.duckdb")
    assert trail["action"].tolist()[::-1] == [
        "user_added",
        "user_changed",
        "password_reset",
        "signed_in",
        "user_disabled",
        "sign_in_failed",
        "user_enabled",
    ]
    assert set(trail.loc[trail["action"].str.startswith("user"), "who"]) == {Actor.cli().name}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "admin"], "short\n", "a password needs at least 15 characters"),
        (["--role", "provincial"], PASSWORD + "\n", "work in assigned areas"),
        (["--role", "chief"], PASSWORD + "\n", "unknown role chief"),
        (["--role", "provincial", "--area", "99"], PASSWORD + "\n", "99 is not a DOPA area code"),
    ],
)
def test_users_add_refusals(env, args, stdin, message):
    result = invoke("users", "add", "nok", *args, "--password-stdin", input=stdin)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_mistyped_confirmation_adds_nothing(env):
    result = invoke("users", "add", "nok", "--role", "admin", input=f"{PASSWORD}\nother\n" * 1)
    assert result.exit_code != 0
    assert invoke("users", "list", "--format", "json").stdout.strip() == "[]"


def test_the_docs_never_put_a_password_on_the_command_line():
    for path in [ROOT / "README.md", ROOT / "docs" / "privacy.md", ROOT / "povmap/cli/users.py"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"povmap users (add|reset)[^\n]*--password(?!-stdin)", text), path


def test_the_policy_follows_the_settings(monkeypatch):
    assert accounts.policy() == users.Policy()
    monkeypatch.setenv("POVMAP_LOCKOUT_FAILURES", "3")
    monkeypatch.setenv("POVMAP_SESSION_IDLE_MINUTES", "10")
    assert (accounts.policy().lockout_failures, accounts.policy().idle_minutes) == (3, 10.0)


# --- povmap audit ------------------------------------------------------------------------------


def test_audit_export_is_csv_and_audited(env):
    invoke("users", "add", "nok", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    result = invoke("audit", "--action", "user_added")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame[["action", "object"]].values.tolist() == [["user_added", "nok"]]
    assert entries(env / "store.duckdb")["action"].iloc[0] == "file_downloaded"
    assert invoke("audit", "--action", "nope").exit_code == 2
    assert invoke("audit", "--since", "last tuesday").exit_code == 2


# --- povmap subject-report ----------------------------------------------------------------------


@pytest.fixture
def kept(env) -> Path:
    """A store where H2 has members, a registry row, a referral, a verification and audit
    entries, and a report file names it."""
    db = build(env, survey())
    con = store.connect(db)
    officer = Actor("somsri", ("provincial",), "10.0.0.7")
    at = dt.datetime(2025, 3, 1, 9)
    rid = rf.create_referral(
        con,
        hh_id="H2",
        round_be=2564,
        intervention="SP-RELIEF",
        note="โทรแล้ว",
        at=at,
        actor=officer,
    )
    rf.change_status(con, rid, "verified", at=at, actor=officer)
    verification.set_status(con, "H2", 2564, "verified", note="พบตัว", actor=officer)
    monitoring.open_alert(
        con,
        category="sudden_hardship",
        channel="field_visit",
        by="somsri",
        hh_id="H2",
        contact=CONTACT,
        at=at,
    )
    grievances.file_grievance(
        con,
        grievance_type="data_error",
        by="somsri",
        description="รายได้ผิด",
        hh_id="H2",
        contact=CONTACT,
        at=at,
    )
    con.execute(
        """INSERT INTO exit_samples VALUES ('XS0000001', '46', 2564, 2563, 'tpmap', 'village',
           1, 0.1, 0.95, 0.5, 1, 1, 0, ?, 'somsri', false)""",
        [at],
    )
    con.execute(
        "INSERT INTO exit_sample_households VALUES ('XS0000001', 'H2', 'exited', '46010103', 1)"
    )
    con.execute(
        "INSERT INTO exit_checks VALUES ('XS0000001', 'H2', 1, ?, 'somsri', true, false, true, '')",
        [at],
    )
    audit.record(con, officer, "household_viewed", object="H2", scope="46010103")
    audit.record(con, officer, "household_viewed", object="H1")
    con.close()
    reports = env / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "import-x-rejected.csv").write_text("file,line,column,value\nhh.csv,3,hh_id,H2\n")
    (reports / "import-y-rejected.csv").write_text("file,line,column,value\nhh.csv,3,hh_id,H21\n")
    return db


def stored_hashes(db: Path) -> set[str]:
    con = store.connect(db)
    try:
        rows = con.execute(
            """SELECT head_id_hash FROM households UNION SELECT id_hash FROM members
               UNION SELECT id_hash FROM registry"""
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows if r[0]}


def test_subject_report_holds_everything_about_the_household_and_no_hash(kept):
    result = invoke("subject-report", "H2")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["household_id"] == "H2"
    sections = report["sections"]
    (record,) = sections["households"]
    assert (record["hh_id"], record["round_be"], record["members_disabled"]) == ("H2", 2564, 1)
    assert record["hc_chronic_ill"] == 1 and record["head_id_stored"] is True
    assert "head_id_hash" not in record and "record_hash" not in record
    assert [(m["person_no"], m["national_id_stored"]) for m in sections["members"]] == [
        (1, True),
        (2, False),
    ]
    assert [(r["matched"], r["snapshot_be"]) for r in sections["registry"]] == [("head", 2564)]
    assert [i["kind"] for i in sections["imports"]] == ["households"]
    assert [r["status"] for r in sections["referrals"]] == ["verified"]
    assert [e["to_status"] for e in sections["referral_events"]] == ["identified", "verified"]
    assert [(v["status"], v["reviewer"]) for v in sections["verification"]] == [
        ("verified", "somsri")
    ]
    (alert,) = sections["alerts"]
    assert alert["has_contact"] is True and "contact" not in alert
    assert [e["to_state"] for e in sections["alert_events"]] == ["alerted"]
    (grievance,) = sections["grievances"]
    assert (grievance["grievance_type"], grievance["has_contact"]) == ("data_error", True)
    assert [e["to_state"] for e in sections["grievance_events"]] == ["received"]
    assert [x["sample_group"] for x in sections["exit_samples"]] == ["exited"]
    assert [x["found_poor"] for x in sections["exit_checks"]] == [False]
    assert CONTACT not in result.stdout
    assert sorted(a["action"] for a in sections["audit"]) == [
        "household_viewed",
        "referral_changed",
        "referral_created",
        "verification_set",
    ]
    assert report["report_files"] == ["import-x-rejected.csv"]
    for secret in stored_hashes(kept):
        assert secret not in result.stdout
    assert not re.search(r"\d{13}", result.stdout)  # no national ID either
    logged = entries(kept, actions=("subject_report",))
    assert logged[["object", "row_count"]].values.tolist() == [
        ["H2", sum(len(v) for v in sections.values())]
    ]


def test_subject_report_as_csv_to_a_private_file(kept, tmp_path):
    out = tmp_path / "H2.csv"
    result = invoke("subject-report", "H2", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["section", "row", "field", "value"]
    first = frame[frame["section"] == "households"].set_index("field")["value"]
    assert (first["hh_id"], first["village_code"]) == ("H2", "46010103")
    assert frame[frame["section"] == "report_files"]["value"].tolist() == ["import-x-rejected.csv"]
    assert set(frame["section"]) >= {"members", "referrals", "audit", "verification"}


def test_subject_report_of_an_unknown_household(env):
    build(env, survey())
    result = invoke("subject-report", "NOBODY")
    assert result.exit_code == 0
    assert "nothing is stored about household NOBODY" in result.output


# --- povmap erase ----------------------------------------------------------------------------


def stats(db: Path, monkeypatch, level: str) -> list[dict]:
    monkeypatch.setenv("POVMAP_DB", str(db))
    result = invoke("stats", "--level", level, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_erase_keeps_area_numbers_equal_to_a_fresh_store(kept, tmp_path, monkeypatch):
    result = invoke("erase", "H2", "--reason", "PDPA request 2568/014", "--yes")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 households" in said and "1 report file(s) deleted" in said
    fresh = build(tmp_path / "fresh", survey()[lambda f: f["hh_id"] != "H2"])
    for level in ("district", "subdistrict", "village"):
        assert stats(kept, monkeypatch, level) == stats(fresh, monkeypatch, level), level
    con = store.connect(kept)
    try:
        # the sums were made again from what remains (the pages read them, not the households)
        assert all(summary.relation(con, spec) for spec in rules.summary_specs())
        left = {
            t: con.execute(f"SELECT count(*) FROM {t} WHERE hh_id = 'H2'").fetchall()[0][0]
            for t in erase.HOUSEHOLD_TABLES
        }
        assert set(left.values()) == {0}
        for events in ("alert_events", "grievance_events"):
            assert con.execute(f"SELECT count(*) FROM {events}").fetchall()[0][0] == 0
        # H2's head's registry row went, H1's stayed
        assert con.execute("SELECT count(*) FROM registry").fetchall()[0][0] == 1
        assert con.execute("SELECT count(*) FROM referral_events").fetchall()[0][0] == 0
    finally:
        con.close()
    reports = sorted(p.name for p in (kept.parent / "reports").iterdir())
    assert "import-x-rejected.csv" not in reports and "import-y-rejected.csv" in reports


def test_the_erase_is_audited_without_the_erased_data(kept):
    assert invoke("erase", "H2", "--reason", "PDPA request 2568/014", "--yes").exit_code == 0
    (entry,) = entries(kept, actions=("household_erased",)).to_dict("records")
    assert entry["object"].startswith("erased:") and "H2" not in entry["object"]
    details = json.loads(entry["details"])
    assert details["reason"] == "PDPA request 2568/014" and details["report_files"] == 1
    assert details["rows"]["households"] == 1 and details["rows"]["members"] == 2
    assert "H2" not in entry["details"]
    # asked again, the subject report finds nothing but says that it was erased
    report = json.loads(invoke("subject-report", "H2").stdout)["sections"]
    assert all(not rows for name, rows in report.items() if name != "audit")
    assert "household_erased" in [a["action"] for a in report["audit"]]


def test_erase_asks_first_and_refuses_what_is_not_there(kept):
    aborted = invoke("erase", "H2", "--reason", "request 1", input="n\n")
    assert aborted.exit_code != 0
    assert entries(kept, actions=("household_erased",)).empty
    missing = invoke("erase", "NOBODY", "--reason", "request 1", "--yes")
    assert missing.exit_code == 1 and "no household NOBODY is stored" in missing.output
    assert invoke("erase", "H2", "--reason", "  ", "--yes").exit_code == 2


def test_erase_and_the_subject_report_cover_every_table_naming_a_household():
    """A table that names households (an hh_id column) is erased and reported: a new one added
    to the store without being added to data/erase.py and query/subject.py fails here."""
    con = store.connect(":memory:")
    named = {
        t
        for (t,) in con.execute(
            """SELECT c.table_name FROM information_schema.columns c
               JOIN information_schema.tables t USING (table_schema, table_name)
               WHERE c.column_name = 'hh_id' AND t.table_type = 'BASE TABLE'"""
        ).fetchall()
    }
    con.close()
    assert named == erase.HOUSEHOLD_TABLES
    section = {"verification_events": "verification", "exit_sample_households": "exit_samples"}
    assert {section.get(t, t) for t in named} <= set(subject.SECTIONS)


# --- povmap retention --------------------------------------------------------------------------


def test_retention_deletes_what_is_past_its_period(env):
    db = build(env, survey())
    now = dt.datetime.now()
    con = store.connect(db)
    audit.record(con, Actor("nok"), "household_viewed", at=now - dt.timedelta(days=800))
    audit.record(con, Actor("nok"), "household_viewed", at=now - dt.timedelta(days=10))
    con.close()
    reports = env / "reports"
    old, new = reports / "old-rejected.csv", reports / "new-rejected.csv"
    for path in (old, new):
        path.write_text("file,line\n")
    stamp = (now - dt.timedelta(days=100)).timestamp()
    os.utime(old, (stamp, stamp))
    orphan = env / "uploads" / "12345-abcdef"  # a dead process's folder: no lock beside it
    (orphan / "step").mkdir(parents=True)
    (orphan / "step" / "hh.csv").write_text("x")
    result = invoke("retention")
    assert result.exit_code == 0, result.output
    assert "deleted 1 audit entries older than 730 days" in " ".join(result.output.split())
    assert not old.exists() and new.exists() and not orphan.exists()
    trail = entries(db)
    assert trail["action"].tolist()[:2] == ["retention_applied", "household_viewed"]
    details = json.loads(trail.loc[0, "details"])
    assert (details["audit_entries"], details["reports"], details["uploads"]) == (1, 1, 1)


def test_retention_periods_must_be_days(env, monkeypatch):
    monkeypatch.setenv("POVMAP_AUDIT_RETENTION_DAYS", "0")
    result = invoke("retention")
    assert result.exit_code == 2 and "at least 1 day" in result.output


# --- the demo accounts -----------------------------------------------------------------------


def readme_accounts() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Demo accounts\n(.*?)(?=^## )", text, re.M | re.S).group(1)
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[c.strip().strip("`") for c in line.strip("|").split("|")] for line in rows]


def test_readme_lists_the_demo_accounts():
    listed = readme_accounts()
    assert [(r[0], r[1]) for r in listed] == [(a[0], a[1]) for a in bootstrap.DEMO_ACCOUNTS]
    for row, (_name, _pw, roles, areas, agencies) in zip(
        listed, bootstrap.DEMO_ACCOUNTS, strict=True
    ):
        assert row[2].startswith(roles[0])
        assert all(a in row[3] for a in (*areas, *agencies))
    assert sorted(r for a in bootstrap.DEMO_ACCOUNTS for r in a[2]) == sorted(ROLES)


def test_the_demo_store_has_one_account_per_role(demo_store):
    con = store.connect(demo_store)
    try:
        for name, password, roles, areas, agencies in bootstrap.DEMO_ACCOUNTS:
            signed = users.sign_in(con, name, password, "127.0.0.1")
            assert isinstance(signed, users.Session), name
            assert (signed.roles, signed.areas, signed.agencies) == (roles, areas, agencies)
            users.sign_out(con, signed.token)
    finally:
        con.close()


def test_demo_accounts_are_never_added_to_a_store_with_real_households(env):
    db = build(env, survey())
    con = store.connect(db)
    try:
        assert bootstrap.add_demo_accounts(con) == 0
        assert users.list_users(con).empty
    finally:
        con.close()
