"""Referrals: the state machine, append-only history across restarts, atomic bulk updates, the
spreadsheet round trip (`povmap referrals`), and the synthetic demo referrals."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.interventions import load_catalogue, recommend
from data import export, store
from data import referrals as rf
from data.importer import import_households
from tests.data.rows import households

KEY = b"k" * 32
ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2025, 3, 1, 9, 0)


def make_store(path: Path, tmp_path: Path) -> Path:
    con = store.connect(path)
    csv = tmp_path / "hh.csv"
    households(4).to_csv(csv, index=False)
    import_households(con, csv, report_dir=tmp_path, id_key=KEY)
    con.close()
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    return make_store(tmp_path / "r.duckdb", tmp_path)


@pytest.fixture
def con(db):
    c = store.connect(db)
    yield c
    c.close()


def new(con, hh="H1", **kw) -> str:
    args = dict(hh_id=hh, round_be=2564, intervention="SP-RELIEF", by="นักวิจัย ก", at=NOW)
    args.update(kw)
    return rf.create_referral(con, **args)


def walk(con, rid, statuses, start=NOW):
    for i, s in enumerate(statuses, start=1):
        rf.change_status(con, rid, s, by="จนท. พมจ.", at=start + dt.timedelta(days=i))


# --- the state machine ---------------------------------------------------------------------------


EDGES = {
    ("identified", "verified"),
    ("identified", "self_resolved"),
    ("verified", "referred"),
    ("verified", "self_resolved"),
    ("referred", "accepted"),
    ("referred", "cannot_resolve"),
    ("referred", "self_resolved"),
    ("accepted", "in_progress"),
    ("accepted", "cannot_resolve"),
    ("accepted", "self_resolved"),
    ("in_progress", "assisted"),
    ("in_progress", "cannot_resolve"),
    ("in_progress", "self_resolved"),
    ("assisted", "resolved"),
    ("assisted", "in_progress"),
    ("assisted", "cannot_resolve"),
    ("cannot_resolve", "referred"),
}


@pytest.mark.parametrize("pair", list(itertools.product(rf.STATUSES, repeat=2)))
def test_only_the_workflow_transitions_are_allowed(pair):
    a, b = pair
    if pair in EDGES:
        rf.check_transition(a, b)
    else:
        with pytest.raises(rf.TransitionError):
            rf.check_transition(a, b)


def test_a_referral_walks_the_whole_line_and_every_step_is_in_its_history(con):
    rid = new(con, note="เริ่มต้น", target_date=dt.date(2025, 6, 1))
    assert re.fullmatch(r"RF\d{7}", rid)
    walk(con, rid, ["verified", "referred", "accepted", "in_progress", "assisted", "resolved"])
    h = rf.history(con, rid)
    assert h["seq"].tolist() == list(range(1, 8))
    assert h["from_status"].tolist()[1:] == list(rf.PIPELINE[:-1])
    assert pd.isna(h["from_status"].iloc[0])
    assert h["to_status"].tolist() == list(rf.PIPELINE)
    assert h["changed_by"].tolist() == ["นักวิจัย ก"] + ["จนท. พมจ."] * 6
    assert h["note"].iloc[0] == "เริ่มต้น"
    current = rf.get_referral(con, rid)
    assert current["status"] == "resolved" and current["agency"] == "pmj"
    assert current["province_code"] == "46" and current["village_code"] == "46010103"


def test_an_invalid_change_is_refused_with_a_clear_message_and_nothing_is_written(con):
    rid = new(con)
    with pytest.raises(rf.TransitionError) as err:
        rf.change_status(con, rid, "assisted", by="x", at=NOW + dt.timedelta(days=1))
    assert str(err.value) == (
        "cannot go from 'Identified' to 'Assisted': the next status can be 'Verified', 'Self-resolved'"
    )
    assert "ชี้เป้า" in err.value.text("th") and "สอบทานแล้ว" in err.value.text("th")
    assert len(rf.history(con, rid)) == 1
    walk(con, rid, ["self_resolved"])
    with pytest.raises(rf.TransitionError, match="is final"):
        rf.change_status(con, rid, "verified", by="x", at=NOW + dt.timedelta(days=5))
    with pytest.raises(rf.ReferralError, match="unknown status"):
        rf.change_status(con, rid, "done", by="x")
    with pytest.raises(rf.ReferralError, match="no referral RF9999999"):
        rf.change_status(con, "RF9999999", "verified", by="x")
    with pytest.raises(rf.ReferralError, match="say who"):
        rf.change_status(con, rid, "verified", by="  ")
    assert len(rf.history(con, rid)) == 2


def test_an_escalated_referral_can_be_referred_again(con):
    rid = new(con)
    walk(con, rid, ["verified", "referred", "cannot_resolve", "referred", "accepted"])
    assert rf.get_referral(con, rid)["status"] == "accepted"


def test_history_survives_closing_and_reopening_the_store(db):
    c = store.connect(db)
    rid = new(c)
    walk(c, rid, ["verified", "referred"])
    before = rf.history(c, rid)
    c.close()
    c = store.connect(db)
    try:
        pd.testing.assert_frame_equal(rf.history(c, rid), before)
        assert rf.get_referral(c, rid)["status"] == "referred"
        walk(c, rid, ["accepted"], start=NOW + dt.timedelta(days=10))
        assert rf.history(c, rid)["seq"].tolist() == [1, 2, 3, 4]
        assert new(c, hh="H2") != rid
    finally:
        c.close()


def test_changes_never_rewrite_the_referral_row(con):
    rid = new(con, target_date=dt.date(2025, 5, 1))
    row = con.execute("SELECT * FROM referrals").df()
    walk(con, rid, ["verified", "referred", "accepted"])
    pd.testing.assert_frame_equal(con.execute("SELECT * FROM referrals").df(), row)


@pytest.mark.parametrize("module", ["data/referrals.py", "data/targets.py"])
def test_the_stores_only_ever_append(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    assert not re.search(r"\b(UPDATE|DELETE FROM|DROP TABLE|TRUNCATE)\b", source)


def test_creation_checks_household_intervention_agency_and_dates(con):
    cases = [
        (dict(hh="NOPE"), "no household NOPE in round 2564"),
        (dict(intervention="MAGIC"), "unknown intervention MAGIC"),
        (dict(agency="nobody"), "unknown agency nobody"),
        (dict(by=""), "say who"),
        (dict(status="resolved"), "a new referral starts as one of"),
        (dict(target_date=dt.date(2024, 1, 1)), "target date cannot be before"),
    ]
    for kw, text in cases:
        with pytest.raises(rf.ReferralError, match=text):
            new(con, **kw)
    assert con.execute("SELECT count(*) FROM referrals").fetchall()[0][0] == 0
    rid = new(con, agency="codi", status="referred")
    assert rf.get_referral(con, rid)[["agency", "status"]].tolist() == ["codi", "referred"]


def test_notes_never_keep_a_national_id():
    assert rf.scrub_note("โทร 1101700203450 แล้ว") == "โทร [เลขประจำตัวประชาชนถูกลบ] แล้ว"
    assert rf.scrub_note("บัญชี 1234567890123") == "บัญชี 1234567890123"  # bad check digit
    assert len(rf.scrub_note("x" * 5000)) == rf.MAX_NOTE


def test_a_note_with_an_id_is_stored_scrubbed(con):
    rid = new(con, note="ID 1-1017-00203-45-0")
    assert "1101700203450" not in rf.history(con, rid)["note"].iloc[0]
    assert "00203" not in rf.history(con, rid)["note"].iloc[0]


# --- bulk update -----------------------------------------------------------------------------------------


def test_bulk_update_is_all_or_nothing_and_names_file_line_column(con):
    a, b = new(con), new(con, hh="H2")
    before = con.execute("SELECT count(*) FROM referral_events").fetchall()[0][0]
    frame = pd.DataFrame(
        {"referral_id": [a, b, "RF0000099"], "new_status": ["verified", "assisted", "verified"]}
    )
    result = rf.bulk_update(
        con, frame, file_name="changes.csv", by="พมจ.", now=NOW + dt.timedelta(1)
    )
    assert not result.ok and result.applied == 0
    assert [(p.line, p.column) for p in result.problems] == [(3, "new_status"), (4, "referral_id")]
    assert "cannot go from 'Identified' to 'Assisted'" in result.problems[0].reason
    assert result.problems[1].reason == "no referral RF0000099"
    assert con.execute("SELECT count(*) FROM referral_events").fetchall()[0][0] == before
    good = frame.iloc[:2].assign(new_status=["verified", "verified"])
    done = rf.bulk_update(con, good, file_name="changes.csv", by="พมจ.", now=NOW + dt.timedelta(1))
    assert done.ok and done.applied == 2
    batches = con.execute("SELECT DISTINCT batch_id FROM referral_events WHERE seq = 2").fetchall()
    assert batches == [(done.batch_id,)]


def test_bulk_rows_apply_in_order_with_thai_headers_labels_and_dates(con):
    a = new(con)
    frame = pd.DataFrame(
        {
            "เลขที่ส่งต่อ": [a, a, a, ""],
            "สถานะใหม่": ["สอบทานแล้ว", "Referred", "", ""],
            "หมายเหตุ": ["ลงพื้นที่", "ส่ง พมจ.", "ไม่เปลี่ยน", ""],
            "ผู้บันทึก": ["", "อสม. สมศรี", "", ""],
            "วันที่เปลี่ยนสถานะ": ["02/03/2568", "2025-03-04 10:30", "", ""],
        }
    )
    result = rf.bulk_update(
        con, frame, file_name="x.xlsx", by="default", now=NOW + dt.timedelta(30)
    )
    assert result.ok, result.problems
    assert (result.applied, result.unchanged) == (2, 1)
    h = rf.history(con, a)
    assert h["to_status"].tolist() == ["identified", "verified", "referred"]
    assert h["changed_by"].tolist()[1:] == ["default", "อสม. สมศรี"]
    assert h["changed_at"].dt.date.tolist()[1:] == [dt.date(2025, 3, 2), dt.date(2025, 3, 4)]
    assert h["note"].tolist()[1:] == ["ลงพื้นที่", "ส่ง พมจ."]


def test_bulk_problems_in_thai_for_the_report(con):
    a = new(con)
    frame = pd.DataFrame(
        {
            "referral_id": [a, a, a],
            "new_status": ["verified", "finished", "verified"],
            "at": ["2025-02-01", "", "31/13/2025"],
        }
    )
    result = rf.bulk_update(con, frame, file_name="f.csv", by="x", lang="th", now=NOW)
    reasons = {(p.line, p.column): p.reason for p in result.problems}
    assert reasons[(2, "at")].startswith("ก่อนการเปลี่ยนแปลงครั้งล่าสุด")
    assert reasons[(3, "new_status")].startswith("ไม่รู้จักสถานะ 'finished'")
    assert reasons[(4, "at")].startswith("วันเวลาไม่ถูกต้อง '31/13/2025'")
    missing = rf.bulk_update(con, pd.DataFrame({"id": [a]}), file_name="f.csv", by="x")
    assert [(p.line, p.column) for p in missing.problems] == [(1, "referral_id"), (1, "new_status")]


# --- reading the queue ---------------------------------------------------------------------------------


def test_summary_funnel_queue_and_overdue(con):
    due = dt.date(2025, 4, 1)
    ids = [new(con, hh=f"H{i}", target_date=due) for i in (1, 2, 3, 4)]
    walk(con, ids[1], ["verified", "referred"])
    walk(con, ids[2], ["verified", "referred", "accepted", "in_progress", "assisted", "resolved"])
    walk(con, ids[3], ["verified", "referred", "cannot_resolve"])
    late = dt.date(2025, 5, 1)
    assert rf.summary(con, as_of=late) == {
        "total": 4,
        "open": 2,
        "overdue": 2,
        "closed": 1,
        "escalated": 1,
    }
    assert rf.summary(con, as_of=due)["overdue"] == 0
    f = rf.funnel(con)
    assert f["reached"].tolist() == [4, 3, 3, 1, 1, 1, 1, 0, 1]
    assert f.loc["referred", "current"] == 1 and f.loc["cannot_resolve", "current"] == 1
    q = rf.queue(con, as_of=late)
    assert q["referral_id"].tolist()[:2] == [ids[0], ids[1]]
    assert q["overdue"].tolist() == [True, True, False, False]
    assert q.loc[0, "days_overdue"] == 30
    assert rf.queue(con, as_of=late, overdue_only=True)["referral_id"].tolist() == ids[:2]
    only = rf.Filters(statuses=("referred",), area="4601")
    assert rf.queue(con, only, as_of=late)["referral_id"].tolist() == [ids[1]]
    assert rf.queue(con, rf.Filters(area="47"), as_of=late).empty
    agencies = rf.by_agency(con, as_of=late)
    assert agencies.loc["pmj", ["open", "overdue", "closed", "total"]].tolist() == [2, 2, 1, 4]
    got = rf.received(con)
    assert got[["hh_id", "intervention", "type"]].values.tolist() == [
        ["H3", "SP-RELIEF", "social_protection"]
    ]


def test_export_fill_in_and_import_back(con):
    a, b = new(con), new(con, hh="H2")
    sheet = rf.export_frame(con, lang="th")
    assert sheet["status_label"].tolist() == ["ชี้เป้า", "ชี้เป้า"]
    assert sheet["allowed_next"].iloc[0] == "สอบทานแล้ว; แก้ไขปัญหาได้ด้วยตนเอง"
    sheet.loc[sheet["referral_id"] == b, ["new_status", "new_note"]] = ["สอบทานแล้ว", "=HYPERLINK()"]
    result = rf.bulk_update(con, sheet.astype(str), file_name="sheet.csv", by="พมจ.")
    assert result.ok and result.applied == 1 and result.unchanged == 1
    assert rf.get_referral(con, b)["status"] == "verified"
    assert rf.get_referral(con, a)["status"] == "identified"
    out = export.defuse_frame(rf.export_frame(con))
    assert out.loc[out["referral_id"] == b, "last_note"].iloc[0] == "'=HYPERLINK()"


# --- the command line ------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(db, tmp_path, monkeypatch):
    monkeypatch.setenv("POVMAP_DB", str(db))
    monkeypatch.setenv("POVMAP_VAR_DIR", str(tmp_path / "var"))
    c = store.connect(db)
    ids = [new(c), new(c, hh="H2", intervention="HOU-REPAIR")]
    c.close()
    return ids


def test_cli_export_then_import(cli_env, tmp_path):
    from povmap.cli.referrals import referrals_app

    runner = CliRunner()
    out = tmp_path / "pmj.csv"
    result = runner.invoke(referrals_app, ["export", "--agency", "pmj", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(sheet) == 2  # both SP-RELIEF and HOU-REPAIR are the provincial social office's
    sheet.loc[0, "new_status"] = "verified"
    sheet.to_csv(out, index=False)
    result = runner.invoke(referrals_app, ["import", str(out), "--by", "พมจ. สมศรี"])
    assert result.exit_code == 0, result.output
    assert "applied 1 status change" in result.output
    sheet.loc[1, "new_status"] = "resolved"
    sheet.loc[0, "new_status"] = ""
    sheet.to_csv(out, index=False)
    result = runner.invoke(referrals_app, ["import", str(out), "--by", "x"])
    assert result.exit_code == 1
    assert "line 3, column new_status" in result.output
    reports = list((tmp_path / "var" / "reports").glob("referrals-*-rejected.csv"))
    assert len(reports) == 1
    xlsx = tmp_path / "all.xlsx"
    assert runner.invoke(referrals_app, ["export", "--out", str(xlsx)]).exit_code == 0
    assert len(pd.read_excel(xlsx)) == 2


def test_cli_export_to_stdout_and_bad_status(cli_env):
    from povmap.cli.referrals import referrals_app

    runner = CliRunner()
    result = runner.invoke(referrals_app, ["export", "--lang", "en", "--status", "identified"])
    assert result.exit_code == 0
    assert "Identified" in result.stdout and cli_env[0] in result.stdout
    assert runner.invoke(referrals_app, ["export", "--status", "done"]).exit_code == 2


# --- the synthetic demo ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_store):
    c = store.connect(demo_store)
    yield c
    c.close()


def test_every_poor_household_of_every_round_has_a_matched_demo_referral(demo):
    poor = demo.execute(
        f"SELECT * FROM households WHERE {store.PoorRule().sql()} ORDER BY round_be, hh_id"
    ).df()
    refs = demo.execute(
        "SELECT hh_id, round_be, intervention, synthetic FROM referrals WHERE synthetic"
    ).df()
    assert len(refs) == len(poor)
    top = recommend(poor, load_catalogue(), limit=1)[["hh_id", "round_be", "intervention"]]
    merged = refs.merge(top, on=["hh_id", "round_be"], suffixes=("", "_rule"))
    assert len(merged) == len(refs)
    assert (merged["intervention"] == merged["intervention_rule"]).all()


def test_demo_histories_follow_the_state_machine(demo):
    # only the demo's own histories: page tests earlier in the session add events of today
    events = demo.execute(
        "SELECT referral_id, seq, changed_at, from_status, to_status FROM referral_events "
        "WHERE referral_id IN (SELECT referral_id FROM referral_events GROUP BY 1 "
        "HAVING bool_and(changed_by LIKE '%(สังเคราะห์)')) ORDER BY referral_id, seq"
    ).df()
    first = events["seq"] == 1
    assert events.loc[first, "to_status"].eq("identified").all()
    assert events.loc[first, "from_status"].isna().all()
    nxt = events[~first]
    prev = events.shift(1)[~first]
    assert (nxt["from_status"] == prev["to_status"]).all()
    assert all((a, b) in EDGES for a, b in zip(nxt["from_status"], nxt["to_status"], strict=True))
    assert (nxt["changed_at"] > prev["changed_at"]).all()
    assert (events["changed_at"] < pd.Timestamp(dt.date.today())).all()


def test_demo_statuses_are_realistic(demo):
    latest = demo.execute("SELECT max(round_be) FROM referrals").fetchall()[0][0]
    now = (
        demo.execute(
            "SELECT status, count(*) AS n FROM referral_current WHERE round_be = ? GROUP BY 1",
            [latest],
        )
        .df()
        .set_index("status")["n"]
    )
    share = now / now.sum()
    assert share[["identified", "verified"]].sum() > 0.5  # the latest round is mostly at the start
    assert share.get("referred", 0) > share.get("resolved", 0)
    s = rf.summary(demo)
    assert 0.05 < s["overdue"] / s["total"] < 0.4
    assert 0 < s["escalated"] / s["total"] < 0.15
    assert s["closed"] > 0
    assert rf.funnel(demo).loc[list(rf.PIPELINE), "reached"].is_monotonic_decreasing


def test_apostrophe_text_marks_from_spreadsheets_are_dropped(con):
    a = new(con)
    frame = pd.DataFrame({"referral_id": ["'" + a], "new_status": ["'verified"], "new_note": ["'"]})
    result = rf.bulk_update(con, frame, file_name="f.csv", by="x", now=NOW + dt.timedelta(1))
    assert result.ok and result.applied == 1
    assert rf.history(con, a)["note"].iloc[-1] == ""
