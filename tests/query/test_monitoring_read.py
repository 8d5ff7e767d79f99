"""Monitoring reads through the door: the alert queue per area with overdue flags and pages,
monitored households by category per area (held equal to the pure category rules on the demo
store), a household's alert history, exit-sample rates and verdicts, the grievance queue; no
read returns a contact."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from analysis import exit_sampling
from analysis.monitoring import CATEGORIES, classify
from data import exit_samples as xs
from data import grievances as gv
from data import monitoring as mon
from data import store
from data.store import PoorRule
from query import monitoring_read as mr
from query.access import Access
from tests.data.monitoring_rows import LINE, VILLAGE_A, VILLAGE_B, make_store

FRIDAY = dt.datetime(2025, 1, 3, 16, 0)  # visit due Tue 7 Jan, decision due Fri 24 Jan
TPMAP = PoorRule("tpmap")
CONTACT = "0899999999"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("monitoring_read")
    return make_store(tmp / "template.duckdb", tmp)


@pytest.fixture
def con(template, tmp_path):
    path = tmp_path / "r.duckdb"
    path.write_bytes(template.read_bytes())
    c = store.connect(path)
    yield c
    c.close()


def step(con, aid, states, start):
    for i, s in enumerate(states, start=1):
        mon.change_state(con, aid, s, by="x", at=start + dt.timedelta(hours=i))


@pytest.fixture
def alerts(con):
    """Five alerts in two villages at different states; returns their IDs by name."""
    ids = {
        "h1": mon.open_alert(
            con, category="exited_unstable", channel="survey_round", by="x", hh_id="H1", at=FRIDAY
        ),
        "h3": mon.open_alert(
            con, category="marginal", channel="field_visit", by="x", hh_id="H3", at=FRIDAY
        ),
        "h4": mon.open_alert(
            con,
            category="sudden_hardship",
            channel="agency_file",
            by="x",
            hh_id="H4",
            shocks=["illness"],
            at=FRIDAY + dt.timedelta(days=7),  # Fri 10 Jan: visit due Tue 14 Jan
        ),
        "self": mon.open_alert(
            con,
            category="sudden_hardship",
            channel="self_report",
            by="x",
            village_code=VILLAGE_B,
            contact=CONTACT,
            description="ไฟไหม้บ้าน",
            at=FRIDAY,
        ),
        "h5": mon.open_alert(
            con, category="exited_unstable", channel="field_visit", by="x", hh_id="H5", at=FRIDAY
        ),
    }
    step(con, ids["h3"], ["visited"], FRIDAY + dt.timedelta(days=3))
    step(con, ids["self"], ["visited", "cross_checked", "reviewed"], FRIDAY + dt.timedelta(days=4))
    step(con, ids["h5"], ["visited", "cross_checked", "reviewed", "monitored"], FRIDAY)
    mon.clear_risk(
        con, ids["h5"], by="x", rule=TPMAP, income_line=LINE, at=FRIDAY + dt.timedelta(days=1)
    )
    return ids


def test_the_queue_flags_overdue_alerts_and_puts_them_first(con, alerts):
    q = mr.alert_queue(con, "46", as_of=dt.date(2025, 1, 13), access=Access.full())
    assert q.total == 4  # the cleared alert is not in the open queue
    rows = q.rows.set_index("alert_id")
    # H1 still alerted after its visit due date (Tue 7 Jan): 4 working days late (8, 9, 10, 13)
    assert rows.loc[alerts["h1"], "visit_overdue"] and rows.loc[alerts["h1"], "days_overdue"] == 4
    # H3 visited on Monday 6 Jan, in time; the decision is not due before 24 Jan
    assert not rows.loc[alerts["h3"], "overdue"] and not rows.loc[alerts["h3"], "visited_late"]
    # H4 opened on the 10th: not due yet; the self-report is reviewed
    assert not rows.loc[alerts["h4"], "overdue"] and not rows.loc[alerts["self"], "overdue"]
    assert q.rows["alert_id"].iloc[0] == alerts["h1"]
    late = mr.alert_queue(con, "46", as_of=dt.date(2025, 1, 27), access=Access.full())
    by = late.rows.set_index("alert_id")
    assert by.loc[alerts["h1"], "days_overdue"] == 14  # visit due Tue 7 Jan: 3 + 5 + 5 + 1
    # decision due Fri 24 Jan: Monday 27 is its first working day late
    assert by.loc[alerts["h3"], "decision_overdue"] and by.loc[alerts["h3"], "days_overdue"] == 1
    assert by.loc[alerts["h4"], "visit_overdue"] and by.loc[alerts["h4"], "days_overdue"] == 9
    assert not by.loc[alerts["self"], "overdue"]  # reviewed: no due date left
    assert late.rows["alert_id"].tolist()[:3] == [alerts["h1"], alerts["h4"], alerts["h3"]]
    only = mr.alert_queue(
        con, "46", as_of=dt.date(2025, 1, 27), overdue_only=True, access=Access.full()
    )
    assert only.total == 3


def test_the_queue_is_per_area_filtered_and_paged(con, alerts):
    village_b = mr.alert_queue(con, VILLAGE_B, as_of=dt.date(2025, 1, 13), access=Access.full())
    assert village_b.rows["alert_id"].tolist() == [alerts["self"]]
    assert village_b.rows["village_code"].tolist() == [VILLAGE_B]
    assert mr.alert_queue(con, "10", access=Access.full()).total == 0
    hardship = mr.alert_queue(con, "4601", categories=["sudden_hardship"], access=Access.full())
    assert set(hardship.rows["alert_id"]) == {alerts["h4"], alerts["self"]}
    assert mr.alert_queue(con, categories=[], access=Access.full()).total == 0
    assert mr.alert_queue(con, channels=["self_report"], access=Access.full()).total == 1
    everything = mr.alert_queue(con, states=mon.STATES, access=Access.full())
    assert everything.total == 5 and alerts["h5"] in set(everything.rows["alert_id"])
    pages = [
        mr.alert_queue(
            con, "46", as_of=dt.date(2025, 1, 13), page=p, page_size=3, access=Access.full()
        )
        for p in (0, 1)
    ]
    assert [len(p.rows) for p in pages] == [3, 1] and pages[0].pages == 2
    seen = [a for p in pages for a in p.rows["alert_id"]]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 4
    assert list(pages[0].rows.columns[: len(mr.QUEUE_COLUMNS)]) == list(mr.QUEUE_COLUMNS)


def test_counts_by_category_per_area(con, alerts):
    villages = mr.category_counts(con, "village", "46", as_of=dt.date(2025, 1, 27)).set_index(
        "code"
    )
    assert villages.loc[VILLAGE_A, list(CATEGORIES)].tolist() == [1, 1, 1]
    assert villages.loc[VILLAGE_A, ["households", "alerts", "overdue"]].tolist() == [3, 3, 3]
    assert (
        villages.loc[VILLAGE_B, "sudden_hardship"] == 1 and villages.loc[VILLAGE_B, "overdue"] == 0
    )
    district = mr.category_counts(con, "district", "46")
    assert district["code"].tolist() == ["4601"] and int(district["households"].iloc[0]) == 4
    with_cleared = mr.category_counts(con, "province", states=mon.STATES)
    assert int(with_cleared["exited_unstable"].iloc[0]) == 2
    with pytest.raises(ValueError, match="above the area"):
        mr.category_counts(con, "province", "4601")


def test_a_households_alert_history_includes_a_matched_self_report(con, alerts):
    mon.change_state(con, alerts["h4"], "visited", by="อสม.", at=FRIDAY + dt.timedelta(days=8))
    report = mon.open_alert(
        con, category="sudden_hardship", channel="self_report", by="x", village_code=VILLAGE_A,
        contact=CONTACT, description="ลูกป่วยหนัก", at=FRIDAY + dt.timedelta(days=9),
    )  # fmt: skip
    mon.change_state(con, report, "visited", by="y", at=FRIDAY + dt.timedelta(days=10), hh_id="H4")
    own = mr.household_alerts(con, "H4", access=Access.full())
    assert own["alert_id"].tolist() == [alerts["h4"], report]
    assert own["state"].tolist() == ["visited", "visited"]
    h = mr.household_alert_history(con, "H4", access=Access.full())
    assert h[["alert_id", "to_state"]].values.tolist() == [
        [alerts["h4"], "alerted"],
        [alerts["h4"], "visited"],
        [report, "alerted"],
        [report, "visited"],
    ]
    assert set(h["channel"]) == {"agency_file", "self_report"}
    assert (
        mr.alert_history(con, alerts["h5"], access=Access.full())["to_state"].iloc[-1]
        == "risk_cleared"
    )
    assert mr.household_alerts(con, "H9", access=Access.full()).empty


def test_no_read_returns_a_contact(con, alerts):
    gv.file_grievance(
        con, grievance_type="never_interviewed", by="x", description="ไม่เคยถูกสัมภาษณ์",
        village_code=VILLAGE_A, contact=CONTACT, at=FRIDAY,
    )  # fmt: skip
    frames = [
        mr.alert_queue(con, states=mon.STATES, access=Access.full()).rows,
        mr.household_alert_history(con, "H4", access=Access.full()),
        mr.grievance_queue(con, access=Access.full()).rows,
        mr.alert_detail(con, alerts["self"], access=Access.full()).to_frame().T,
        mr.grievance_detail(con, "GV0000001", access=Access.full()).to_frame().T,
    ]
    for frame in frames:
        assert "contact" not in frame.columns
        assert not frame.astype(str).apply(lambda c: c.str.contains(CONTACT[1:])).any().any()
    assert bool(mr.alert_detail(con, alerts["self"], access=Access.full())["has_contact"])
    assert mr.alert_detail(con, "AL9999999", access=Access.full()) is None


def test_sample_rates_and_verdicts_from_the_latest_checks(con):
    sid = xs.draw_exit_sample(con, area="46", round_be=2565, rule=TPMAP, by="x", seed=3, at=FRIDAY)
    listed = mr.sample_households(con, sid, access=Access.full())
    assert listed.total == 4 and listed.rows["reached"].isna().all()
    assert mr.sample_rates(con, sid)["verdict"].tolist() == ["no_data"] * 3
    at = FRIDAY + dt.timedelta(days=1)
    xs.record_check(con, sid, "H1", by="x", reached=True, found_poor=False, satisfied=True, at=at)
    xs.record_check(con, sid, "H2", by="x", reached=True, found_poor=False, satisfied=True, at=at)
    xs.record_check(con, sid, "H3", by="x", reached=True, found_poor=True, satisfied=False, at=at)
    xs.record_check(con, sid, "H4", by="x", reached=False, at=at)
    rates = mr.sample_rates(con, sid)
    assert rates[["count", "n"]].values.tolist() == [[0, 1], [1, 2], [2, 3]]
    assert rates.loc["missed_poor", "value"] == 0.5
    assert rates.loc["wrong_exit", ["low", "high"]].tolist() == pytest.approx(
        exit_sampling.exact_interval(0, 1)
    )
    assert rates["verdict"].tolist() == ["inconclusive", "fail", "fail"]
    # a re-check replaces the finding: H3 was not poor after all
    xs.record_check(
        con, sid, "H3", by="x", reached=True, found_poor=False, satisfied=True,
        at=at + dt.timedelta(days=1),
    )  # fmt: skip
    rates = mr.sample_rates(con, sid)
    assert rates[["count", "n"]].values.tolist() == [[0, 1], [0, 2], [3, 3]]
    verdicts = mr.area_verdicts(con, "46")
    assert verdicts["sample_id"].tolist() == [sid]
    assert verdicts.loc[0, "missed_poor"] == 0 and verdicts.loc[0, "verdict"] == "inconclusive"
    page = mr.sample_households(
        con, sid, group="unregistered", page=0, page_size=2, access=Access.full()
    )
    assert page.total == 3 and len(page.rows) == 2
    assert mr.samples(con, VILLAGE_A).empty and len(mr.samples(con, "46", 2565)) == 1
    assert int(mr.samples(con)["checked"].iloc[0]) == 4


def test_the_grievance_queue_flags_overdue_and_counts_per_area(con):
    a = gv.file_grievance(
        con, grievance_type="wrongly_included", by="x", description="มีรายได้สูง", hh_id="H6",
        at=FRIDAY, due_days=5,
    )  # fmt: skip
    b = gv.file_grievance(
        con, grievance_type="data_error", by="x", description="อายุผิด", hh_id="H3", at=FRIDAY
    )
    c = gv.file_grievance(
        con, grievance_type="wants_removal", by="x", description="ขอถอนชื่อ", hh_id="H1", at=FRIDAY
    )
    gv.advance(con, c, "withdrawn", by="x", at=FRIDAY + dt.timedelta(days=1))
    q = mr.grievance_queue(con, "46", as_of=dt.date(2025, 1, 13), access=Access.full())
    assert q.rows["grievance_id"].tolist() == [a, b] and q.total == 2
    # due Fri 10 Jan (5 working days after Fri 3 Jan): Mon 13 Jan is one working day late
    assert q.rows["overdue"].tolist() == [True, False] and q.rows["days_overdue"].iloc[0] == 1
    assert mr.grievance_queue(con, VILLAGE_A, access=Access.full()).rows[
        "grievance_id"
    ].tolist() == [b]
    assert mr.grievance_queue(con, states=gv.STATES, access=Access.full()).total == 3
    assert mr.grievance_queue(con, types=["data_error"], access=Access.full()).total == 1
    counts = mr.grievance_counts(con, "village", "46", as_of=dt.date(2025, 1, 13)).set_index("code")
    assert counts.loc[VILLAGE_B, ["wrongly_included", "grievances", "overdue"]].tolist() == [
        1,
        1,
        1,
    ]
    assert counts.loc[VILLAGE_A, "data_error"] == 1 and counts.loc[VILLAGE_A, "wants_removal"] == 0
    assert mr.grievance_history(con, c, access=Access.full())["to_state"].tolist() == [
        "received",
        "withdrawn",
    ]


# --- at demo scale: SQL counts equal the pure rules ----------------------------------------------


def test_round_alerts_on_the_demo_match_the_category_rules(demo_store, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_store, path)
    con = store.connect(path)
    try:
        # the demo has its own alerts (data/synthetic_staying_out.py): start this copy without
        con.execute("DELETE FROM alert_events")
        con.execute("DELETE FROM alerts")
        province = con.execute(
            "SELECT province_code FROM households WHERE round_be = 2565 "
            "GROUP BY 1 ORDER BY count(*) LIMIT 1"
        ).fetchone()[0]
        ids = mon.raise_round_alerts(
            con, 2565, rule=TPMAP, income_line=LINE, by="x", area=province, at=FRIDAY
        )
        panel = mon.household_panel(con, 2565, rounds=3, area=province)
        expected = classify(panel, 2565, income_line=LINE, weights=mon.rule_weights(TPMAP))
        expected = expected[expected["category"].notna()]
        assert len(ids) == len(expected) > 0
        counts = mr.category_counts(con, "district", province)
        reference = expected.groupby(["district_code", "category"]).size().unstack(fill_value=0)
        reference = reference.reindex(columns=list(CATEGORIES), fill_value=0)
        got = counts.set_index("code")[list(CATEGORIES)]
        pd.testing.assert_frame_equal(
            got.astype("int64"), reference.astype("int64"), check_names=False
        )
        first = mr.alert_queue(
            con, province, as_of=dt.date(2025, 1, 8), page_size=20, access=Access.full()
        )
        assert first.total == len(ids) and len(first.rows) == min(20, len(ids))
        assert first.rows["visit_overdue"].all()  # all alerted, visit due 7 Jan
    finally:
        con.close()


def test_the_pages_labels_have_thai_words_and_the_same_placeholders():
    import re

    from povmap.i18n.monitoring import LABELS

    assert LABELS
    for key, (th, en) in LABELS.items():
        assert set(re.findall(r"\{(\w+)", th)) == set(re.findall(r"\{(\w+)", en)), key
        words = re.sub(r"\{[^{}]*\}", " ", th)
        assert re.search(r"[\u0e00-\u0e7f]", words), key
        assert not re.search(r"[A-Za-z]{3,}", words), key


# --- the clock in working days, who asks, the public notice --------------------------------------


def test_the_sql_clock_counts_working_days_as_the_pure_one():
    import duckdb

    from analysis.working_days import working_days_between

    con = duckdb.connect()
    holidays = [dt.date(2025, 1, 6), dt.date(2025, 4, 14), dt.date(2025, 4, 15)]
    start = dt.date(2024, 12, 27)
    pairs = [
        (start + dt.timedelta(days=a), start + dt.timedelta(days=a + b))
        for a in range(0, 120, 11)
        for b in range(-3, 40, 4)
    ]
    sql = f"SELECT {mr.working_days_sql('$a', '$b')}"
    for a, b in pairs:
        got = con.execute(sql, {"a": a, "b": b, "holidays": holidays}).fetchone()[0]
        assert got == max(working_days_between(a, b, holidays), 0), (a, b)


def test_an_alert_due_on_friday_is_late_from_monday_and_holidays_count(con):
    thursday = dt.datetime(2025, 1, 2, 9)  # visit due Mon 6 Jan with no holiday
    aid = mon.open_alert(
        con, category="marginal", channel="field_visit", by="x", hh_id="H3", at=thursday
    )
    day = {d: mr.alert_queue(con, "46", as_of=d, access=Access.full()).rows.set_index("alert_id").loc[aid] for d in (
        dt.date(2025, 1, 6), dt.date(2025, 1, 7))}  # fmt: skip
    assert not day[dt.date(2025, 1, 6)]["overdue"]
    assert day[dt.date(2025, 1, 7)]["days_overdue"] == 1
    # Tuesday 7 January a holiday: still not late that day
    off = mr.alert_queue(
        con, "46", as_of=dt.date(2025, 1, 7), holidays={dt.date(2025, 1, 7)}, access=Access.full()
    )
    assert not off.rows.set_index("alert_id").loc[aid, "overdue"]
    # a Friday due date is not late on the weekend
    friday_due = mon.open_alert(
        con, category="marginal", channel="field_visit", by="x", hh_id="H1",
        at=dt.datetime(2025, 1, 8, 9),
    )  # fmt: skip
    for as_of, late in (
        (dt.date(2025, 1, 11), 0),
        (dt.date(2025, 1, 12), 0),
        (dt.date(2025, 1, 13), 1),
    ):
        row = (
            mr.alert_queue(con, "46", as_of=as_of, access=Access.full())
            .rows.set_index("alert_id")
            .loc[friday_due]
        )
        assert row["days_overdue"] == late and bool(row["overdue"]) == bool(late), as_of


def test_the_reads_check_who_asks(con, alerts):
    from query.access import Access, AccessDenied

    outside = Access(user="o", roles=("provincial",), areas=("47",), min_cell=5)
    officer = Access(user="s", roles=("provincial",), areas=("46",), min_cell=5)
    researcher = Access(user="r", roles=("researcher",), min_cell=5)
    public = Access.public(min_cell=5)
    for who in (outside, public):
        with pytest.raises(AccessDenied):
            mr.alert_queue(con, "46", access=who)
        with pytest.raises(AccessDenied):
            mr.alert_detail(con, alerts["h1"], access=who)
        with pytest.raises(AccessDenied):
            mr.grievance_queue(con, "46", access=who)
    with pytest.raises(AccessDenied):
        mr.household_alerts(con, "H1", access=outside)
    with pytest.raises(AccessDenied):
        mr.alert_queue(con, access=officer)  # the whole country is outside the officer's areas
    named = mr.alert_queue(con, "46", access=officer, states=mon.STATES).rows
    assert {"hh_id", "state_by", "shocks"} <= set(named.columns)
    deidentified = mr.alert_queue(con, "46", access=researcher, states=mon.STATES)
    assert deidentified.total == 5
    assert not {"hh_id", "state_by", "referral_id", "shocks"} & set(deidentified.rows.columns)
    detail = mr.alert_detail(con, alerts["self"], access=researcher)
    assert "description" not in detail.index and "hh_id" not in detail.index
    history = mr.alert_history(con, alerts["h5"], access=researcher)
    assert not {"changed_by", "note", "hh_id"} & set(history.columns)
    with pytest.raises(AccessDenied):  # one household by its ID needs named records
        mr.household_alert_history(con, "H4", access=researcher)
    assert len(mr.household_alert_history(con, "H4", access=officer)) >= 1


def test_area_counts_hide_small_areas_for_who_needs_it(con, alerts):
    from query.access import Access

    public = Access.public(min_cell=5)
    officer = Access(user="s", roles=("provincial",), areas=("46",), min_cell=5)
    plain = mr.category_counts(con, "village", "46")
    assert "suppressed" not in plain.columns
    shown = mr.category_counts(con, "village", "46", access=officer, round_be=2565)
    assert not shown["suppressed"].any()
    assert shown["households"].tolist() == plain["households"].tolist()
    hidden = mr.category_counts(con, "village", "46", access=public, round_be=2565)
    # each village has three surveyed households: fewer than five, so hidden for the public
    assert hidden["suppressed"].all() and hidden["households"].isna().all()
    assert hidden["code"].tolist() == plain["code"].tolist()
    counts = mr.grievance_counts(con, "village", "46", access=public, round_be=2565)
    assert counts.empty or counts["suppressed"].all()
    total = mr.alert_totals(con, None, access=public, round_be=2565)
    assert not total["suppressed"] and int(total["alerts"]) == 4  # the country is never hidden
    assert int(mr.alert_totals(con, "46")["state_alerted"]) == 2


def test_the_public_notice_lists_proposed_households_and_nothing_personal(con):
    from query.access import Access, AccessDenied

    a = mr.village_notice(con, VILLAGE_A, 2565, rule=TPMAP, access=Access.full())
    assert a.values.tolist()[0][0] == "H1" and a["proposed"].tolist() == ["exited"]
    b = mr.village_notice(con, VILLAGE_B, 2565, rule=TPMAP, access=Access.full())
    assert b["hh_id"].tolist() == ["H6"] and b["proposed"].tolist() == ["poor"]
    assert list(a.columns) == list(mr.NOTICE_COLUMNS)
    assert mr.village_notice(con, VILLAGE_B, 2563, rule=TPMAP, access=Access.full())[
        "proposed"
    ].tolist() == ["poor"]
    with pytest.raises(AccessDenied):
        mr.village_notice(
            con, VILLAGE_A, 2565, rule=TPMAP, access=Access(roles=("researcher",), min_cell=5)
        )


def test_the_demo_has_content_for_every_page(demo_store):
    con = store.connect(demo_store)  # as the app opens it (one configuration per file)
    try:
        states = set(
            mr.alert_queue(con, states=mon.STATES, page_size=5000, access=Access.full()).rows[
                "state"
            ]
        )
        assert states == set(mon.STATES)  # alerts in every state
        assert (
            mr.alert_queue(
                con, "46", as_of=dt.date.today(), overdue_only=True, access=Access.full()
            ).total
            > 0
        )
        assert mr.alert_queue(con, channels=["self_report"], access=Access.full()).total > 0
        assert mr.grievance_queue(con, "46", states=gv.STATES, access=Access.full()).total > 0
        sample = mr.samples(con, "46")
        assert len(sample) == 1 and int(sample["checked"].iloc[0]) > 0
        assert con.execute("SELECT bool_and(synthetic) FROM alerts").fetchone()[0]
        assert con.execute("SELECT bool_and(synthetic) FROM grievances").fetchone()[0]
        # every step of every alert follows the transition table
        steps = con.execute(
            "SELECT from_state, to_state FROM alert_events WHERE from_state IS NOT NULL"
        ).fetchall()
        assert all(to in mon.TRANSITIONS[src] for src, to in set(steps))
        assert (
            con.execute(
                "SELECT count(*) FROM alert_events e JOIN alerts a USING (alert_id)"
                " WHERE e.changed_at < a.opened_at OR e.changed_at > now()"
            ).fetchone()[0]
            == 0
        )
    finally:
        con.close()
