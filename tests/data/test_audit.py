"""The audit trail: each audited action leaves exactly one entry (in the same transaction as the
change it records), the trail is append-only, and query.audit_read filters, pages and exports it."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from data import audit, erase, store, users, verification
from data import referrals as rf
from data.audit import ACTIONS, Actor
from data.importer import import_households
from data.messages import CATALOGUE, text
from query import audit_read
from query.audit_read import AuditFilter
from tests.data.rows import households

ROOT = Path(__file__).resolve().parents[2]
KEY = b"k" * 32
T0 = dt.datetime(2025, 3, 1, 9, 0)
ADMIN = Actor("cli:test", (), "cli")
OFFICER = Actor("somsri", ("provincial",), "10.0.0.7")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "audit.duckdb")
    csv = tmp_path / "hh.csv"
    households(4).to_csv(csv, index=False)
    import_households(c, csv, report_dir=tmp_path / "reports", id_key=KEY)
    yield c
    c.close()


def purge(con, before, who, **kwargs) -> int:
    """audit.purge in one transaction, as povmap.retention.apply calls it."""
    with store.atomic(con):
        return audit.purge(con, before, who, **kwargs)


def last_seq(con) -> int:
    return con.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchall()[0][0]


def since(con, seq: int) -> list[tuple]:
    return con.execute(
        "SELECT action, who, object, details FROM audit WHERE seq > ? ORDER BY seq", [seq]
    ).fetchall()


def one_entry(con, action: str, step) -> tuple:
    """Run ``step`` and return the one entry it left, which must be ``action``."""
    before = last_seq(con)
    step()
    new = since(con, before)
    assert [e[0] for e in new] == [action], new
    return new[0]


def test_each_audited_action_leaves_exactly_one_entry(con):
    def sign_in(password=PASSWORD, name="somsri"):
        return users.sign_in(con, name, password, "10.0.0.7", now=T0)

    entry = one_entry(
        con,
        "user_added",
        lambda: users.add_user(
            con, "somsri", PASSWORD, roles=["provincial"], areas=["46"], by=ADMIN
        ),
    )
    assert entry[1:3] == ("cli:test", "somsri")
    one_entry(con, "user_changed", lambda: users.set_roles(con, "somsri", areas=["4601"], by=ADMIN))
    one_entry(
        con, "password_reset", lambda: users.reset_password(con, "somsri", PASSWORD, by=ADMIN)
    )
    one_entry(con, "user_disabled", lambda: users.disable(con, "somsri", by=ADMIN))
    assert one_entry(con, "sign_in_failed", sign_in)[3] == '{"reason": "disabled"}'
    one_entry(con, "user_enabled", lambda: users.enable(con, "somsri", by=ADMIN))
    failed = one_entry(con, "sign_in_failed", lambda: sign_in("wrong password given"))
    assert failed[1:3] == ("somsri", "somsri")
    # a name that is no account: who and object stay empty (it may be a mistyped password)
    unknown = one_entry(con, "sign_in_failed", lambda: sign_in(name="my-secret-passw0rd"))
    assert unknown[1:4] == ("", "", '{"reason": "no_account"}')
    session = sign_in()
    assert [e[0] for e in since(con, last_seq(con) - 1)] == ["signed_in"]
    one_entry(con, "signed_out", lambda: users.sign_out(con, session.token, now=T0))

    created = []
    one_entry(
        con,
        "referral_created",
        lambda: created.append(
            rf.create_referral(
                con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", at=T0, actor=OFFICER
            )
        ),
    )
    one_entry(
        con,
        "referral_changed",
        lambda: rf.change_status(con, created[0], "verified", at=T0, actor=OFFICER),
    )
    bulk = pd.DataFrame({"referral_id": [created[0]], "new_status": ["referred"]})
    entry = one_entry(
        con,
        "referrals_bulk_updated",
        lambda: rf.bulk_update(con, bulk, file_name="pmj.csv", now=T0, actor=OFFICER),
    )
    assert entry[2] == "pmj.csv"
    one_entry(
        con,
        "verification_set",
        lambda: verification.set_status(con, "H2", 2564, "verified", actor=OFFICER),
    )
    entry = one_entry(
        con,
        "household_erased",
        lambda: erase.erase_household(con, "H3", reason="request 2568/1", by=ADMIN, key=KEY),
    )
    assert entry[2] == erase.erase_token("H3", KEY) and "H3" not in entry[3]
    one_entry(con, "retention_applied", lambda: purge(con, T0 - dt.timedelta(days=1), ADMIN))
    # what the pages and the importer record themselves, through the one function
    for action in ("household_viewed", "file_downloaded", "file_imported", "subject_report"):
        one_entry(con, action, lambda a=action: audit.record(con, OFFICER, a, object="H1"))


def test_referral_and_verification_history_name_the_signed_in_user(con):
    rid = rf.create_referral(
        con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="typed", at=T0, actor=OFFICER
    )
    rf.change_status(con, rid, "verified", by="typed", at=T0, actor=OFFICER)
    assert rf.get_referral(con, rid)["created_by"] == "somsri"
    assert rf.history(con, rid)["changed_by"].tolist() == ["somsri", "somsri"]
    bulk = pd.DataFrame({"referral_id": [rid], "new_status": ["referred"]})
    rf.bulk_update(con, bulk, file_name="f.csv", by="typed", now=T0, actor=OFFICER)
    assert rf.history(con, rid)["changed_by"].iloc[-1] == "somsri"
    verification.set_status(con, "H1", 2564, "disputed", reviewer="typed", actor=OFFICER)
    assert verification.status_history(con, "H1", 2564)["reviewer"].tolist() == ["somsri"]


def test_a_refused_or_failed_change_leaves_no_entry(con):
    rid = rf.create_referral(
        con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", at=T0, actor=OFFICER
    )
    before = last_seq(con)
    with pytest.raises(rf.TransitionError):
        rf.change_status(con, rid, "resolved", at=T0, actor=OFFICER)
    with pytest.raises(ValueError):
        verification.set_status(con, "NO-SUCH", 2564, "verified", actor=OFFICER)
    wrong = pd.DataFrame({"referral_id": [rid, "RF9999999"], "new_status": ["verified", "x"]})
    assert not rf.bulk_update(con, wrong, file_name="f.csv", now=T0, actor=OFFICER).ok
    with pytest.raises(users.AccountError):
        users.add_user(con, "nok", "short", roles=["admin"], by=ADMIN)
    assert since(con, before) == []


def test_the_change_and_its_entry_commit_together(con, monkeypatch):
    """The entry is written by the change's own transaction: if it cannot be written, the
    change is not stored either."""
    rid = rf.create_referral(
        con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="x", at=T0
    )
    referrals = con.execute("SELECT count(*) FROM referrals").fetchall()[0][0]

    def broken(*args, **kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        rf.create_referral(
            con, hh_id="H2", round_be=2564, intervention="SP-RELIEF", at=T0, actor=OFFICER
        )
    with pytest.raises(RuntimeError):
        rf.change_status(con, rid, "verified", at=T0, actor=OFFICER)
    with pytest.raises(RuntimeError):
        verification.set_status(con, "H1", 2564, "verified", actor=OFFICER)
    with pytest.raises(RuntimeError):
        users.add_user(con, "nok", PASSWORD, roles=["admin"], by=ADMIN)
    assert con.execute("SELECT count(*) FROM referrals").fetchall()[0][0] == referrals
    assert rf.history(con, rid)["to_status"].tolist() == ["identified"]
    assert verification.status_history(con, "H1", 2564).empty
    assert users.get_user(con, "nok") is None


def test_callers_without_an_actor_are_not_audited(con):
    """The demo and older callers name who typed the change; only a signed-in actor is audited."""
    before = last_seq(con)
    rid = rf.create_referral(
        con, hh_id="H1", round_be=2564, intervention="SP-RELIEF", by="x", at=T0
    )
    rf.change_status(con, rid, "verified", by="x", at=T0)
    verification.set_status(con, "H1", 2564, "verified", reviewer="x")
    assert since(con, before) == []


# --- append-only ----------------------------------------------------------------------------------

#: SQL that changes audit rows.
WRITES = re.compile(
    r"\b(UPDATE\s+audit|DELETE\s+FROM\s+audit|TRUNCATE\s+(TABLE\s+)?audit|DROP\s+TABLE\s+"
    r"(IF\s+EXISTS\s+)?audit|INSERT\s+(OR\s+\w+\s+)?INTO\s+audit|ALTER\s+TABLE\s+audit)\b",
    re.IGNORECASE,
)


def sources() -> list[Path]:
    skip = {".venv", "tests", "var", "node_modules", ".git", "static"}
    return [
        p
        for p in ROOT.rglob("*")
        if p.suffix in (".py", ".sql") and not skip & set(p.relative_to(ROOT).parts) and p.is_file()
    ]


def test_only_data_audit_writes_audit_rows():
    """Append-only: nothing but data/audit.py inserts into, or deletes from, the audit table (its
    record and its retention purge), and nothing updates it."""
    writers = {}
    for path in sources():
        found = WRITES.findall(path.read_text(encoding="utf-8"))
        if found:
            writers[str(path.relative_to(ROOT))] = sorted({f[0].split()[0].upper() for f in found})
    assert writers == {"data/audit.py": ["DELETE", "INSERT"]}


def test_the_write_pattern_finds_sql():
    assert WRITES.search("UPDATE audit SET who = ''")
    assert WRITES.search("delete from  audit where seq = 1")
    assert not WRITES.search("SELECT * FROM audit_read")
    assert not WRITES.search("INSERT INTO audit_log VALUES (1)")


def test_purge_deletes_only_older_entries_and_says_so(con):
    for day in (1, 2, 3):
        audit.record(con, OFFICER, "household_viewed", object="H1", at=T0 + dt.timedelta(days=day))
    deleted = purge(con, T0 + dt.timedelta(days=2), ADMIN, details={"reports": 4}, at=T0)
    assert deleted == 1
    left = audit_read.entries(con)
    assert left["action"].tolist() == [
        "retention_applied",
        "household_viewed",
        "household_viewed",
        "file_imported",  # the fixture's import, today: newer than the cut-off
    ]
    assert left.loc[0, "row_count"] == 1 and '"reports": 4' in left.loc[0, "details"]


def test_an_import_leaves_one_entry_naming_who_imported(con, tmp_path):
    entries = audit_read.entries(con)
    assert entries["action"].tolist() == ["file_imported"]  # the fixture's, at the command line
    assert entries.loc[0, "who"].startswith("cli:") and entries.loc[0, "row_count"] == 4
    csv = tmp_path / "more.csv"
    households(6).to_csv(csv, index=False)
    with audit.acting_as(OFFICER):
        import_households(con, csv, report_dir=tmp_path / "reports", id_key=KEY)
    newest = audit_read.entries(con, limit=1)
    assert newest.loc[0, "action"] == "file_imported" and newest.loc[0, "object"] == "more.csv"
    assert newest.loc[0, "who"] == OFFICER.name and newest.loc[0, "row_count"] == 2
    assert audit_read.count(con) == 2


# --- what an entry holds ----------------------------------------------------------------------


def test_an_entry_records_who_when_where_what_and_scope(con):
    audit.record(
        con,
        OFFICER,
        "file_downloaded",
        object="households-46.csv",
        rows=120,
        scope=["46", "round 2566"],
        details={"columns": ["hh_id", "members"]},
        at=T0,
    )
    row = audit_read.entries(con).iloc[0]
    assert row[
        ["logged_at", "who", "roles", "from_addr", "action", "object", "scope"]
    ].tolist() == [
        pd.Timestamp(T0),
        "somsri",
        "provincial",
        "10.0.0.7",
        "file_downloaded",
        "households-46.csv",
        "46;round 2566",
    ]
    assert row["row_count"] == 120 and row["details"] == '{"columns": ["hh_id", "members"]}'


def test_details_never_keep_a_national_id(con):
    audit.record(con, OFFICER, "household_viewed", details={"typed": "1-1017-00203-45-0"})
    assert "1017" not in audit_read.entries(con).loc[0, "details"]


def test_unknown_actions_and_actors_are_refused(con):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(con, OFFICER, "looked_around")
    with pytest.raises(TypeError):
        audit.record(con, "somsri", "household_viewed")


def test_a_session_is_an_actor(con):
    users.add_user(con, "nok", PASSWORD, roles=["researcher"], by=ADMIN)
    session = users.sign_in(con, "nok", PASSWORD, "192.168.1.9", now=T0)
    audit.record(con, session, "file_downloaded", object="x.csv")
    assert audit_read.entries(con).loc[0, ["who", "roles", "from_addr"]].tolist() == [
        "nok",
        "researcher",
        "192.168.1.9",
    ]


def test_every_action_has_a_thai_and_an_english_name():
    for code, action in ACTIONS.items():
        assert CATALOGUE[f"audit.action.{code}"] == (action.th, action.en)
        assert re.search("[\u0e00-\u0e7f]", text(f"audit.action.{code}", "th"))
        assert action.records


def test_entries_do_not_raise_the_data_version(con):
    before = store.data_version(con)
    audit.record(con, OFFICER, "household_viewed", object="H1")
    assert store.data_version(con) == before


# --- reading -------------------------------------------------------------------------------------


def test_filters_paging_and_count(con):
    for i in range(5):
        who = OFFICER if i % 2 else ADMIN
        audit.record(con, who, "household_viewed", object=f"H{i}", at=T0 + dt.timedelta(hours=i))
    assert audit_read.count(con) == 6  # and the fixture's import
    views = AuditFilter(actions=("household_viewed",))
    assert audit_read.count(con, views) == 5
    page = audit_read.entries(con, views, limit=2, offset=1)
    assert page["object"].tolist() == ["H3", "H2"]
    mine = AuditFilter(who="somsri")
    assert audit_read.entries(con, mine)["object"].tolist() == ["H3", "H1"]
    window = AuditFilter(since=T0 + dt.timedelta(hours=1), until=T0 + dt.timedelta(hours=3))
    assert audit_read.entries(con, window)["object"].tolist() == ["H2", "H1"]
    assert audit_read.count(con, AuditFilter(objects=("H4", "H0"))) == 2
    assert audit_read.count(con, AuditFilter(actions=("signed_in",))) == 0
    with pytest.raises(ValueError):
        audit_read.count(con, AuditFilter(actions=("nope",)))


def test_the_export_defuses_formulas_and_names_actions(con):
    audit.record(con, OFFICER, "file_downloaded", object='=HYPERLINK("http://x","y")')
    csv = audit_read.export_csv(con, lang="th")
    frame = pd.read_csv(io.StringIO(csv))
    assert frame.loc[0, "object"] == '\'=HYPERLINK("http://x","y")'
    assert frame.loc[0, "action_name"] == "ดาวน์โหลดไฟล์"
    assert list(frame.columns[:7]) == [
        "seq",
        "logged_at",
        "who",
        "roles",
        "from_addr",
        "action",
        "action_name",
    ]
