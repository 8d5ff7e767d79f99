"""Monitoring alerts in the store: the state machine, due dates in working days, self-reports
matched at the visit, a round's alerts from the category rules, risk clearing by the rule,
append-only history across restarts, exit samples and their checks, and the messages in Thai
and English."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pandas as pd
import pytest

from analysis.monitoring import MonitoringThresholds
from data import exit_samples as xs
from data import monitoring as mon
from data import referrals as rf
from data import store
from data.messages_monitoring import MONITORING
from data.store import PoorRule
from tests.data.monitoring_rows import CATEGORIES_2565, LINE, VILLAGE_A, VILLAGE_B, make_store

FRIDAY = dt.datetime(2025, 1, 3, 16, 0)
TPMAP = PoorRule("tpmap")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("monitoring")
    return make_store(tmp / "template.duckdb", tmp)


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "m.duckdb"
    path.write_bytes(template.read_bytes())
    return path


@pytest.fixture
def con(db):
    c = store.connect(db)
    yield c
    c.close()


def history(con, alert_id):
    return con.execute(
        "SELECT seq, from_state, to_state, changed_by, hh_id, referral_id, note "
        "FROM alert_events WHERE alert_id = ? ORDER BY seq",
        [alert_id],
    ).df()


def current(con, alert_id):
    return con.execute("SELECT * FROM alert_current WHERE alert_id = ?", [alert_id]).df().iloc[0]


def walk(con, alert_id, states, start=FRIDAY, **kw):
    for i, s in enumerate(states, start=1):
        mon.change_state(con, alert_id, s, by="อสม. ก", at=start + dt.timedelta(days=i), **kw)


# --- the state machine -----------------------------------------------------------------------------

EDGES = {
    ("alerted", "visited"),
    ("visited", "cross_checked"),
    ("cross_checked", "reviewed"),
    ("reviewed", "monitored"),
    ("reviewed", "help_referred"),
    ("reviewed", "risk_cleared"),
    ("monitored", "help_referred"),
    ("monitored", "risk_cleared"),
    ("help_referred", "monitored"),
    ("help_referred", "risk_cleared"),
}


@pytest.mark.parametrize("pair", list(itertools.product(mon.STATES, repeat=2)))
def test_only_the_listed_transitions_are_allowed(pair):
    if pair in EDGES:
        mon.check_transition(*pair)
    else:
        with pytest.raises(mon.AlertTransitionError):
            mon.check_transition(*pair)


def test_a_refused_change_names_the_next_states_in_both_languages():
    with pytest.raises(mon.AlertTransitionError) as err:
        mon.check_transition("visited", "monitored")
    assert str(err.value) == (
        "cannot go from 'Visited' to 'Monitored': the next state can be 'Cross-checked'"
    )
    assert err.value.text("th") == (
        "เปลี่ยนสถานะจาก 'เยี่ยมบ้านแล้ว' เป็น 'เฝ้าระวังต่อเนื่อง' ไม่ได้: "
        "สถานะถัดไปที่ทำได้คือ 'ตรวจสอบข้อมูลข้ามหน่วยงานแล้ว'"
    )
    with pytest.raises(mon.AlertTransitionError, match="is final"):
        mon.check_transition("risk_cleared", "monitored")


# --- opening alerts -------------------------------------------------------------------------------


def test_an_alert_takes_its_area_from_the_household_and_due_dates_in_working_days(con):
    before = store.data_version(con)
    aid = mon.open_alert(
        con,
        category="sudden_hardship",
        channel="agency_file",
        by="สปสช. เขต 7",
        hh_id="H4",
        shocks=["illness"],
        source="nhso-2568-01.csv",
        at=FRIDAY,
    )
    assert re.fullmatch(r"AL\d{7}", aid)
    assert store.data_version(con) == before + 1
    assert store.data_version(con, ["referrals"]) == before  # a monitoring edit
    row = current(con, aid)
    assert row["hh_id"] == "H4" and pd.isna(row["round_be"])  # not from a survey round
    assert (row["province_code"], row["village_code"]) == ("46", VILLAGE_A)
    assert row["state"] == "alerted" and row["shocks"] == "illness"
    assert row["visit_due"].date() == dt.date(2025, 1, 7)  # Friday + 2 working days: Tuesday
    assert row["decision_due"].date() == dt.date(2025, 1, 24)
    holidays = frozenset({dt.date(2025, 1, 6)})
    late = mon.open_alert(
        con,
        category="marginal",
        channel="field_visit",
        by="x",
        hh_id="H3",
        at=FRIDAY,
        clock=mon.AlertClock(visit_days=2, decision_days=5, holidays=holidays),
    )
    assert current(con, late)["visit_due"].date() == dt.date(2025, 1, 8)
    assert current(con, late)["decision_due"].date() == dt.date(2025, 1, 13)
    assert history(con, aid)[["seq", "to_state"]].values.tolist() == [[1, "alerted"]]


def test_a_self_report_lands_in_its_village_and_is_matched_at_the_visit(con):
    aid = mon.open_alert(
        con,
        category="sudden_hardship",
        channel="self_report",
        by="แบบฟอร์มสาธารณะ",
        village_code=VILLAGE_A,
        shocks=["disaster"],
        contact="081-234-5678",
        description="น้ำท่วมบ้าน เลข 1-1017-00203-45-0",
        at=FRIDAY,
    )
    row = current(con, aid)
    assert pd.isna(row["hh_id"]) and row["village_code"] == VILLAGE_A
    assert row["subdistrict_code"] == "460101" and row["has_contact"]
    assert "contact" not in row.index  # the view never shows it
    assert "1017" not in row["description"] and "น้ำท่วมบ้าน" in row["description"]
    stored = con.execute("SELECT contact FROM alerts WHERE alert_id = ?", [aid]).fetchone()[0]
    assert stored == "0812345678"
    mon.change_state(con, aid, "visited", by="อสม. ก", at=FRIDAY + dt.timedelta(days=3), hh_id="H4")
    assert current(con, aid)["hh_id"] == "H4"
    assert current(con, aid)["visited_at"] == pd.Timestamp(FRIDAY + dt.timedelta(days=3))
    with pytest.raises(mon.MonitoringError, match="already about household H4"):
        mon.change_state(con, aid, "cross_checked", by="x", hh_id="H3")
    assert len(history(con, aid)) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(category="poor"), "unknown monitoring category 'poor'"),
        (dict(channel="phone"), "unknown channel 'phone'"),
        (dict(shocks=["flood"]), "unknown shock 'flood'"),
        (dict(by=" "), "say who"),
        (dict(hh_id="H9"), "no household H9"),
        (dict(hh_id="H1", round_be=2570), "no household H1 in round 2570"),
        (dict(hh_id=None), "give a household or a village"),
        (dict(hh_id=None, village_code="4601"), "not an 8-digit DOPA village code"),
        (dict(hh_id=None, village_code="46010199"), "no village 46010199 is known"),
        (dict(contact="1101700203450"), "a contact is a phone number"),
        (dict(hh_id=None, village_code=VILLAGE_A, channel="self_report"), "describe the hardship"),
    ],
)
def test_bad_alerts_are_refused_with_a_clear_message_and_nothing_is_written(con, kwargs, message):
    args = dict(category="marginal", channel="field_visit", by="x", hh_id="H3", at=FRIDAY)
    args.update(kwargs)
    with pytest.raises(mon.MonitoringError, match=message) as err:
        mon.open_alert(con, **args)
    assert re.search(r"[\u0e00-\u0e7f]", err.value.text("th"))
    assert con.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM alert_events").fetchone()[0] == 0


# --- the line ----------------------------------------------------------------------------------


def test_an_alert_walks_the_line_and_every_step_is_in_its_history(con):
    aid = mon.open_alert(
        con,
        category="exited_unstable",
        channel="field_visit",
        by="นักพัฒนาชุมชน",
        hh_id="H1",
        at=FRIDAY,
    )
    walk(con, aid, ["visited", "cross_checked", "reviewed"])
    rid = rf.create_referral(
        con,
        hh_id="H1",
        round_be=2565,
        intervention="SP-RELIEF",
        by="x",
        at=FRIDAY + dt.timedelta(days=4),
    )
    mon.change_state(
        con, aid, "help_referred", by="x", at=FRIDAY + dt.timedelta(days=5), referral_id=rid
    )
    walk(con, aid, ["monitored"], start=FRIDAY + dt.timedelta(days=5))
    h = history(con, aid)
    assert h["seq"].tolist() == [1, 2, 3, 4, 5, 6]
    assert h["to_state"].tolist() == [
        "alerted",
        "visited",
        "cross_checked",
        "reviewed",
        "help_referred",
        "monitored",
    ]
    assert h["from_state"].tolist()[1:] == h["to_state"].tolist()[:-1]
    assert current(con, aid)["referral_id"] == rid and current(con, aid)["state"] == "monitored"
    with pytest.raises(mon.MonitoringError, match="no referral RF9999999"):
        mon.change_state(con, aid, "help_referred", by="x", referral_id="RF9999999")
    other = rf.create_referral(con, hh_id="H3", round_be=2565, intervention="SP-RELIEF", by="x")
    with pytest.raises(mon.MonitoringError, match="another household"):
        mon.change_state(con, aid, "help_referred", by="x", referral_id=other)
    with pytest.raises(mon.MonitoringError, match="earlier than its last change"):
        mon.change_state(con, aid, "help_referred", by="x", at=FRIDAY)
    with pytest.raises(mon.AlertTransitionError):
        mon.change_state(con, aid, "visited", by="x")
    with pytest.raises(mon.MonitoringError, match="unknown state 'done'"):
        mon.change_state(con, aid, "done", by="x")
    with pytest.raises(mon.MonitoringError, match="no alert AL9999999"):
        mon.change_state(con, "AL9999999", "visited", by="x")
    with pytest.raises(ValueError, match="clear_risk"):
        mon.change_state(con, aid, "risk_cleared", by="x")
    assert len(history(con, aid)) == 6
    # a state may be named by its Thai or English label
    mon.change_state(con, aid, "ส่งต่อความช่วยเหลือแล้ว", by="x")
    assert current(con, aid)["state"] == "help_referred"


def test_history_survives_closing_and_reopening_the_store(db):
    c = store.connect(db)
    aid = mon.open_alert(con=c, category="marginal", channel="field_visit", by="x", hh_id="H3")
    mon.change_state(c, aid, "visited", by="y")
    before = history(c, aid)
    c.close()
    c = store.connect(db)
    try:
        pd.testing.assert_frame_equal(history(c, aid), before)
        mon.change_state(c, aid, "cross_checked", by="z")
        assert history(c, aid)["seq"].tolist() == [1, 2, 3]
        assert (
            mon.open_alert(c, category="marginal", channel="field_visit", by="x", hh_id="H1") != aid
        )
    finally:
        c.close()


# --- a round's alerts and risk clearing ------------------------------------------------------


def test_a_round_raises_the_alerts_of_the_category_rules_once(con):
    ids = mon.raise_round_alerts(con, 2565, rule=TPMAP, income_line=LINE, by="ระบบ", at=FRIDAY)
    assert len(ids) == 3
    got = con.execute(
        "SELECT hh_id, category, channel, round_be, shocks, state FROM alert_current ORDER BY hh_id"
    ).df()
    assert dict(zip(got["hh_id"], got["category"], strict=True)) == CATEGORIES_2565
    assert set(got["channel"]) == {"survey_round"} and set(got["round_be"]) == {2565}
    assert set(got["state"]) == {"alerted"}
    assert got.set_index("hh_id").loc["H4", "shocks"] == "illness"
    # again: nothing new (each household has an open alert of its category)
    assert mon.raise_round_alerts(con, 2565, rule=TPMAP, income_line=LINE, by="ระบบ") == []
    # one area only
    assert (
        mon.raise_round_alerts(con, 2565, rule=TPMAP, income_line=LINE, by="x", area=VILLAGE_B)
        == []
    )
    # 2564: H3 marginal (it has an open alert of that category already), nothing else
    assert mon.raise_round_alerts(con, 2564, rule=TPMAP, income_line=LINE, by="x") == []
    wide = MonitoringThresholds(marginal_multiple=3.0)  # marginal below 114,000
    args = dict(rule=TPMAP, income_line=LINE, by="x", thresholds=wide)
    assert mon.raise_round_alerts(con, 2565, area=VILLAGE_A, **args) == []  # H4: in hardship
    new = mon.raise_round_alerts(con, 2565, **args)
    assert con.execute(
        "SELECT list(hh_id ORDER BY hh_id) FROM alerts WHERE list_contains(?, alert_id)", [new]
    ).fetchone()[0] == ["H2"]
    assert mon.raise_round_alerts(con, 2570, rule=TPMAP, income_line=LINE, by="x") == []


def test_risk_is_cleared_only_by_the_rule_and_the_record_is_kept(con):
    at = FRIDAY
    h5 = mon.open_alert(
        con, category="exited_unstable", channel="field_visit", by="x", hh_id="H5", at=at
    )
    h1 = mon.open_alert(
        con, category="exited_unstable", channel="field_visit", by="x", hh_id="H1", at=at
    )
    for aid in (h5, h1):
        walk(con, aid, ["visited", "cross_checked", "reviewed", "monitored"])
    later = at + dt.timedelta(days=10)
    # H1 exited only in 2565 and is within the range: 0 rounds above
    with pytest.raises(mon.MonitoringError) as err:
        mon.clear_risk(con, h1, by="x", rule=TPMAP, income_line=LINE, at=later)
    assert str(err.value) == (
        "the risk cannot be cleared yet: the household has been above the monitoring range for "
        "0 round(s) in a row, 2 are needed"
    )
    assert "ต้องการ 2 รอบ" in err.value.text("th")
    # H5 has been above in 2564 and 2565, but another alert of sudden hardship is open
    shock = mon.open_alert(
        con, category="sudden_hardship", channel="agency_file", by="x", hh_id="H5", at=at
    )
    with pytest.raises(mon.MonitoringError, match=f"a shock is still open \\({shock}\\)"):
        mon.clear_risk(con, h5, by="x", rule=TPMAP, income_line=LINE, at=later)
    walk(con, shock, ["visited", "cross_checked", "reviewed"])
    # three rounds needed: refused
    with pytest.raises(mon.MonitoringError, match="for 2 round"):
        mon.clear_risk(
            con, shock, by="x", rule=TPMAP, income_line=LINE, at=later,
            thresholds=MonitoringThresholds(clear_after_rounds=3),
        )  # fmt: skip
    mon.clear_risk(con, shock, by="x", rule=TPMAP, income_line=LINE, at=later)
    event = mon.clear_risk(
        con, h5, by="หัวหน้างาน", rule=TPMAP, income_line=LINE, at=later, note="พ้นเกณฑ์ 2 รอบ"
    )
    assert event["to_state"] == "risk_cleared" and event["from_state"] == "monitored"
    assert current(con, h5)["state"] == "risk_cleared"
    assert len(history(con, h5)) == 6  # kept after clearing
    with pytest.raises(mon.AlertTransitionError, match="is final"):
        mon.change_state(con, h5, "monitored", by="x")
    self_report = mon.open_alert(
        con, category="sudden_hardship", channel="self_report", by="x", village_code=VILLAGE_A,
        description="ตกงาน", at=at,
    )  # fmt: skip
    walk(con, self_report, ["visited", "cross_checked", "reviewed"])
    with pytest.raises(mon.MonitoringError, match="not matched to a household"):
        mon.clear_risk(con, self_report, by="x", rule=TPMAP, income_line=LINE, at=later)


# --- exit samples ------------------------------------------------------------------------------


def test_an_exit_sample_is_drawn_from_the_two_groups_and_stored_with_its_seed(con):
    people = xs.populations(
        con, area="46", round_be=2565, previous_round=2564, rule=TPMAP, stratum_level="village"
    )
    # exited 2564 -> 2565: H1; never poor up to 2565: H2, H3, H4 (H5 and H6 were poor)
    assert people.values.tolist() == [
        ["H1", "exited", VILLAGE_A],
        ["H2", "unregistered", VILLAGE_B],
        ["H3", "unregistered", VILLAGE_A],
        ["H4", "unregistered", VILLAGE_A],
    ]
    sid = xs.draw_exit_sample(
        con, area="46", round_be=2565, rule=TPMAP, by="ผู้ประเมิน", seed=7, at=FRIDAY
    )
    sample = con.execute("SELECT * FROM exit_samples WHERE sample_id = ?", [sid]).df().iloc[0]
    assert (sample["previous_round"], sample["seed"], sample["rule"]) == (2564, 7, "tpmap")
    assert (sample["exited_population"], sample["unregistered_population"]) == (1, 3)
    drawn = con.execute(
        "SELECT hh_id, sample_group FROM exit_sample_households WHERE sample_id = ? ORDER BY 1",
        [sid],
    ).fetchall()
    # a margin of 5 % on 1 and 3 households takes them all (finite population correction)
    assert drawn == [
        ("H1", "exited"),
        ("H2", "unregistered"),
        ("H3", "unregistered"),
        ("H4", "unregistered"),
    ]
    again = xs.draw_exit_sample(
        con, area="46", round_be=2565, rule=TPMAP, by="x", seed=7, margin=0.6
    )
    small = con.execute(
        "SELECT list(hh_id ORDER BY hh_id) FROM exit_sample_households WHERE sample_id = ?", [again]
    ).fetchone()[0]
    same = xs.draw_exit_sample(
        con, area="46", round_be=2565, rule=TPMAP, by="x", seed=7, margin=0.6
    )
    assert (
        small
        == con.execute(
            "SELECT list(hh_id ORDER BY hh_id) FROM exit_sample_households WHERE sample_id = ?",
            [same],
        ).fetchone()[0]
    )
    assert len(small) < 4


def test_field_checks_are_appended_and_checked(con):
    sid = xs.draw_exit_sample(
        con, area=VILLAGE_A, round_be=2565, rule=TPMAP, by="x", seed=1, at=FRIDAY
    )
    xs.record_check(con, sid, "H1", by="ผู้ประเมิน", reached=False, at=FRIDAY + dt.timedelta(days=1))
    xs.record_check(
        con, sid, "H1", by="ผู้ประเมิน", reached=True, found_poor=False, satisfied=True,
        at=FRIDAY + dt.timedelta(days=2),
    )  # fmt: skip
    latest = con.execute(
        "SELECT seq, reached, found_poor, satisfied FROM exit_check_current WHERE hh_id = 'H1'"
    ).fetchall()
    assert latest == [(2, True, False, True)]
    for kwargs, message in [
        (dict(reached=False, found_poor=True), "not reached has no findings"),
        (dict(reached=True), "found poor"),
        (dict(reached=True, found_poor=True, at=FRIDAY), "earlier than its last change"),
        (dict(reached=True, found_poor=True, by=""), "say who"),
    ]:
        args = dict(by="x") | kwargs
        with pytest.raises(xs.ExitSampleError, match=message):
            xs.record_check(con, sid, "H1", **args)
    with pytest.raises(xs.ExitSampleError, match="H2 is not in this sample"):
        xs.record_check(con, sid, "H2", by="x", reached=True, found_poor=False)
    with pytest.raises(xs.ExitSampleError, match="no sample XS9999999"):
        xs.record_check(con, "XS9999999", "H1", by="x", reached=True, found_poor=False)
    assert con.execute("SELECT count(*) FROM exit_checks").fetchone()[0] == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(area="4"), "not a DOPA area code"),
        (dict(area=VILLAGE_A, stratum_level="district"), "strata must be a level below"),
        (dict(round_be=2566), "no data for round 2566"),
        (dict(round_be=2563), "no survey round before 2563"),
        (dict(margin=0), "margin of error"),
        (dict(confidence=1.0), "confidence"),
        (dict(expected=0), "expected rate"),
        (dict(min_per_stratum=-1), "minimum per stratum"),
        (dict(area="10"), "no household that exited"),
    ],
)
def test_bad_samples_are_refused(con, kwargs, message):
    args = dict(area="46", round_be=2565, rule=TPMAP, by="x") | kwargs
    with pytest.raises(xs.ExitSampleError, match=message) as err:
        xs.draw_exit_sample(con, **args)
    assert re.search(r"[\u0e00-\u0e7f]", err.value.text("th"))
    assert con.execute("SELECT count(*) FROM exit_samples").fetchone()[0] == 0


# --- the messages -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(MONITORING))
def test_every_message_has_thai_words_and_the_same_placeholders(code):
    th, en = MONITORING[code]
    fields = set(re.findall(r"\{(\w+)", th))
    assert fields == set(re.findall(r"\{(\w+)", en)), code
    words = re.sub(r"\{[^{}]*\}", " ", th)
    assert re.search(r"[\u0e00-\u0e7f]", words), code
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"'[^']*'", " ", words)), code


def test_a_round_the_household_missed_ends_its_run(tmp_path):
    panel = {
        "H7": (VILLAGE_A, (90_000, None, 90_000), {}),  # not surveyed in 2564
        "H8": (VILLAGE_A, (90_000, 90_000, 90_000), {}),
    }
    c = store.connect(make_store(tmp_path / "gap.duckdb", tmp_path, panel))
    try:
        ids = {
            hh: mon.open_alert(c, category="marginal", channel="field_visit", by="x", hh_id=hh)
            for hh in panel
        }
        for aid in ids.values():
            for s in ("visited", "cross_checked", "reviewed"):
                mon.change_state(c, aid, s, by="x")
        with pytest.raises(mon.MonitoringError, match="for 1 round"):
            mon.clear_risk(c, ids["H7"], by="x", rule=TPMAP, income_line=LINE)
        mon.clear_risk(c, ids["H8"], by="x", rule=TPMAP, income_line=LINE)
        assert current(c, ids["H8"])["state"] == "risk_cleared"
    finally:
        c.close()


# --- two sessions at once, and the public self-report ------------------------------------------


def _raise_at_once(cursors) -> list[BaseException]:
    """Both cursors raise round 2565's alerts at the same moment; the refusals they met."""
    import threading

    barrier = threading.Barrier(len(cursors))
    errors: list[BaseException] = []

    def run(cur) -> None:
        barrier.wait()
        try:
            mon.raise_round_alerts(cur, 2565, rule=TPMAP, income_line=LINE, by="x")
        except mon.MonitoringError as exc:  # retried three times, always in conflict
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(cur,)) for cur in cursors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_two_sessions_raising_a_round_at_once_open_each_alert_once(template, tmp_path):
    for attempt in range(3):
        path = tmp_path / f"race-{attempt}.duckdb"
        path.write_bytes(template.read_bytes())
        c = store.connect(path)
        try:
            errors = _raise_at_once([c.cursor(), c.cursor()])
            assert all(e.code == "conflict" for e in errors)
            got = c.execute(
                "SELECT hh_id, category, count(*) AS n FROM alerts GROUP BY ALL ORDER BY 1"
            ).df()
            assert dict(zip(got["hh_id"], got["category"], strict=True)) == CATEGORIES_2565
            assert set(got["n"]) == {1}
        finally:
            c.close()


def test_a_self_report_lands_in_its_villages_queue_without_echoing_the_contact(con):
    aid = mon.self_report(
        con,
        village_code=VILLAGE_B,
        description="น้ำท่วมบ้าน เลขบัตร 1101700203450",
        contact="081-234-5678",
        shocks=["disaster"],
        rate_keys=["session-a"],
        at=FRIDAY,
    )
    row = current(con, aid)
    assert row["village_code"] == VILLAGE_B and row["channel"] == "self_report"
    assert row["category"] == "sudden_hardship" and row["shocks"] == "disaster"
    assert row["has_contact"] and "contact" not in row.index and pd.isna(row["hh_id"])
    assert "1101700203450" not in row["description"]
    stored = con.execute(
        "SELECT contact, opened_by FROM alerts WHERE alert_id = ?", [aid]
    ).fetchone()
    assert stored == ("0812345678", mon.SELF_REPORT_BY)
    assert pd.Timestamp(row["visit_due"]).date() == dt.date(2025, 1, 7)
    for bad, code in (
        (dict(village_code="4601"), "bad_village"),
        (dict(village_code="10101099"), "unknown_village"),
        (dict(contact="1101700203450"), "bad_contact"),
        (dict(description="   "), "missing_description"),
        (dict(shocks=["lottery"]), "unknown_shock"),
    ):
        args = dict(village_code=VILLAGE_B, description="ป่วยหนัก", at=FRIDAY) | bad
        with pytest.raises(mon.MonitoringError) as refused:
            mon.self_report(con, **args)
        assert refused.value.code == code and re.search(
            r"[\u0e00-\u0e7f]", refused.value.text("th")
        )


def test_self_reports_are_limited_per_key_within_the_window(con):
    def report(keys, minutes):
        return mon.self_report(
            con,
            village_code=VILLAGE_A,
            description="ตกงาน",
            rate_keys=keys,
            max_reports=2,
            window=dt.timedelta(minutes=60),
            at=FRIDAY + dt.timedelta(minutes=minutes),
        )

    report(["session-1", "address-x"], 0)
    report(["session-2", "address-x"], 10)
    with pytest.raises(mon.MonitoringError) as refused:  # the address reached its limit
        report(["session-3", "address-x"], 20)
    assert refused.value.code == "rate_limited"
    assert "60" in refused.value.text("th") and "2" in refused.value.text("en")
    report(["session-3", "address-y"], 20)  # another address, another session
    report(["session-1", "address-x"], 61)  # the first report has left the window
    n = con.execute("SELECT count(*) FROM alerts WHERE channel = 'self_report'").fetchone()[0]
    assert n == 4
    # a refused report wrote nothing; a day later the old rows are gone
    report(["session-9"], 60 * 26)
    left = con.execute("SELECT count(*) FROM self_report_log").fetchone()[0]
    assert left == 1
