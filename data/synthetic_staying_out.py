"""Synthetic demo content of "keep them out of poverty" (issue 17): monitoring alerts in every
state, self-reports, grievances along the approval chain and one exit-verification sample with
its field checks. Run by povmap/bootstrap.py after the synthetic households, referrals,
registry and sites (the name sorts after them, so help referred can name a referral).

Everything is **synthetic** and flagged so (``synthetic = true`` on every alert, grievance and
sample; "(สังเคราะห์)" in every name and text):

* each survey round's alerts come from the category rules of :mod:`analysis.monitoring` (the
  defaults, TPMAP's rule, the 38,000-baht line), as ``raise_round_alerts`` finds them, one per
  household and category while an earlier one is open;
* the latest round's alerts were opened in the last 45 days and stand at every state before
  risk clearing (the older, the further along), so some are overdue; the round before's were
  opened a year earlier and are monitored or help referred; the first round's are cleared
  where the clearing rule allows it (above the range in the last two rounds) and monitored
  otherwise;
* a few self-reports per province (a village, a synthetic phone number, a short text), some
  matched to a household at the home visit; grievances of each type at each step of the
  village → district → province chain; one sample of Kalasin (or the first province) in the
  latest round with most of its households checked.

Dates are relative to the day the demo is built, in office hours; due dates skip weekends and
the shipped Thai public holidays (:mod:`data.holidays`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis.monitoring import classify, risk_cleared
from data import exit_samples as xs
from data import grievances as gv
from data import monitoring as mon
from data.casework import next_numbers
from data.holidays import read_holidays
from data.store import PoorRule, transaction

RULE = PoorRule()
INCOME_LINE = 38_000.0
SYSTEM = "ระบบเฝ้าระวัง (สังเคราะห์)"
#: Who takes each step of an alert.
STEP_BY = {
    "visited": "อสม. ประจำหมู่บ้าน (สังเคราะห์)",
    "cross_checked": "เจ้าหน้าที่ พมจ. (สังเคราะห์)",
    "reviewed": "คณะทำงานระดับอำเภอ (สังเคราะห์)",
    "monitored": "คณะทำงานระดับอำเภอ (สังเคราะห์)",
    "help_referred": "คณะทำงานระดับอำเภอ (สังเคราะห์)",
    "risk_cleared": "คณะทำงานระดับจังหวัด (สังเคราะห์)",
}
STEP_NOTE = {
    "visited": "เยี่ยมบ้านแล้ว พบสมาชิกครัวเรือน (สังเคราะห์)",
    "cross_checked": "ตรวจสอบกับข้อมูลหน่วยงานแล้ว (สังเคราะห์)",
    "reviewed": "พิจารณาในที่ประชุมคณะทำงานแล้ว (สังเคราะห์)",
    "monitored": "ติดตามต่อเนื่องทุกเดือน (สังเคราะห์)",
    "help_referred": "ส่งต่อหน่วยงานให้ความช่วยเหลือ (สังเคราะห์)",
    "risk_cleared": "พ้นเกณฑ์เฝ้าระวังสองรอบติดกัน (สังเคราะห์)",
}
#: The latest round's alerts: the share at each state before risk clearing (an alert of a
#: few days is mostly still alerted).
LATEST_STATES = ("alerted", "visited", "cross_checked", "reviewed", "monitored", "help_referred")
LATEST_SHARES = (0.3, 0.2, 0.15, 0.1, 0.15, 0.1)
SELF_REPORTS = (
    ("illness", "หัวหน้าครอบครัวป่วยหนัก ต้องหยุดงานหลายเดือน (สังเคราะห์)"),
    ("disaster", "น้ำท่วมบ้านและนาข้าวเสียหายทั้งหมด (สังเคราะห์)"),
    ("income_drop", "ตกงานจากโรงงาน ไม่มีรายได้ประจำ (สังเคราะห์)"),
    ("large_expense", "ต้องกู้เงินจ่ายค่ารักษาพยาบาลก้อนใหญ่ (สังเคราะห์)"),
    ("disability", "สมาชิกประสบอุบัติเหตุจนพิการ (สังเคราะห์)"),
)
GRIEVANCE_TEXT = {
    "excluded_interviewed": "ได้รับการสัมภาษณ์แล้วแต่ไม่มีชื่อในรายชื่อ (สังเคราะห์)",
    "never_interviewed": "ครัวเรือนย้ายเข้ามาใหม่ ไม่เคยได้รับการสัมภาษณ์ (สังเคราะห์)",
    "wrongly_included": "ครัวเรือนนี้มีรายได้สูง ไม่ควรอยู่ในรายชื่อ (สังเคราะห์)",
    "wants_removal": "ครัวเรือนมีรายได้เพียงพอแล้ว ขอถอนชื่อ (สังเคราะห์)",
    "data_error": "จำนวนสมาชิกในข้อมูลไม่ตรงกับความจริง (สังเคราะห์)",
}
#: Where each demo grievance stops on the chain (the steps before it are taken in order).
GRIEVANCE_PATHS: tuple[tuple[str, ...], ...] = (
    (),
    ("village_reviewed",),
    ("village_reviewed", "district_reviewed"),
    ("village_reviewed", "returned"),
    ("village_reviewed", "district_reviewed", "decided"),
    ("village_reviewed", "district_reviewed", "decided", "applied"),
    ("withdrawn",),
)
GRIEVANCE_BY = {
    "village": "คณะกรรมการหมู่บ้าน (สังเคราะห์)",
    "district": "คณะทำงานระดับอำเภอ (สังเคราะห์)",
    "province": "คณะทำงานระดับจังหวัด (สังเคราะห์)",
    None: "ผู้ร้องเรียน (สังเคราะห์)",
}
FOCUS_PROVINCE = "46"  # Kalasin: the province the guides and tests open


def add_demo(
    con: duckdb.DuckDBPyConnection,
    *,
    seed: int,
    scale: float,
    cache_dir: Path | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Add the synthetic alerts, self-reports, grievances and exit sample; their counts."""
    rng = np.random.default_rng(seed + 1717)
    now = dt.datetime.now().replace(microsecond=0)
    if today is not None:
        now = dt.datetime.combine(today, dt.time(7, 0))
    latest = now - dt.timedelta(hours=1)  # every step before the demo is built
    holidays = read_holidays()
    clock = mon.AlertClock(holidays=holidays)
    rounds = [
        int(r[0])
        for r in con.execute("SELECT DISTINCT round_be FROM households ORDER BY 1").fetchall()
    ]
    if len(rounds) < 2:
        return {"alerts": 0, "grievances": 0, "samples": 0}
    alerts = _round_alerts(con, rounds, rng, latest, clock)
    reports = _self_reports(con, rng, latest, clock)
    grievances = _grievances(con, rng, latest, holidays)
    samples = _exit_sample(con, rounds[-1], seed, rng, latest)
    return {"alerts": alerts + reports, "grievances": grievances, "samples": samples}


# --- alerts of the survey rounds ---------------------------------------------------------------


def _categories(con: duckdb.DuckDBPyConnection, rounds: list[int]) -> pd.DataFrame:
    """Per province, every round's households in a category (``round_be``, ``cleared``: the
    clearing rule holds at the latest round)."""
    provinces = [
        r[0]
        for r in con.execute("SELECT DISTINCT province_code FROM households ORDER BY 1").fetchall()
    ]
    weights = mon.rule_weights(RULE)
    parts = []
    for province in provinces:
        panel = mon.household_panel(con, rounds[-1], rounds=len(rounds), area=province)
        args = dict(income_line=INCOME_LINE, weights=weights, rule_name=RULE.name, k=RULE.k)
        cleared = risk_cleared(panel, rounds[-1], rounds=rounds, **args)
        cleared = set(cleared.loc[cleared["cleared"], "hh_id"])
        for r in rounds:
            if r not in set(panel["round_be"]):
                continue
            found = classify(panel[panel["round_be"] <= r], r, rounds=rounds, **args)
            found = found[found["category"].notna()].assign(round_be=r)
            parts.append(found.assign(cleared=found["hh_id"].isin(cleared)))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _round_alerts(
    con: duckdb.DuckDBPyConnection,
    rounds: list[int],
    rng: np.random.Generator,
    latest: dt.datetime,
    clock: mon.AlertClock,
) -> int:
    found = _categories(con, rounds)
    if found.empty:
        return 0
    first, last = rounds[0], rounds[-1]
    rows, walks = [], []
    still_open: set[tuple[str, str]] = set()
    for r in rounds:
        of_round = found[found["round_be"] == r].sort_values("hh_id")
        age_years = len(rounds) - 1 - rounds.index(r)
        for f in of_round.itertuples():
            key = (f.hh_id, f.category)
            if key in still_open:  # an open alert of this category: none raised again
                continue
            if r == last:
                days = rng.uniform(0, 45)
                path = _path_to(
                    rng.choice(LATEST_STATES, p=LATEST_SHARES) if days > 2 else "alerted"
                )
            elif r == first and f.cleared and age_years >= 2:
                path = _path_to("risk_cleared", via_monitored=rng.random() < 0.5)
            else:
                path = _path_to("monitored" if rng.random() < 0.6 else "help_referred")
                if r != first and rng.random() < 0.15:
                    path = _path_to("reviewed")
            if path[-1] != mon.CLEARED:
                still_open.add(key)
            if r != last:
                days = 365 * age_years + rng.uniform(0, 60)
            opened = _office_time(latest - dt.timedelta(days=days), rng)
            opened = min(opened, latest - dt.timedelta(minutes=30 * len(path)))
            visit_due, decision_due = clock.due(opened)
            rows.append(
                [
                    f.hh_id,
                    r,
                    f.province_code,
                    f.district_code,
                    f.subdistrict_code,
                    f.village_code,
                    f.category,
                    f.shocks,
                    "survey_round",
                    f"round {r} (synthetic)",
                    None,
                    "",
                    opened,
                    SYSTEM,
                    visit_due,
                    decision_due,
                    True,
                ]
            )
            walks.append((opened, path))
    referrals = dict(
        con.execute(
            "SELECT hh_id, max(referral_id) FROM referrals WHERE synthetic GROUP BY 1"
        ).fetchall()
    )
    with transaction(con, "monitoring"):
        ids = next_numbers(con, "alerts", "alert_id", "AL", len(rows))
        columns = [c[0] for c in con.execute("DESCRIBE alerts").fetchall()]
        table = pd.DataFrame([[i, *r] for i, r in zip(ids, rows, strict=True)], columns=columns)
        events = _events(ids, table["hh_id"].tolist(), walks, referrals, rng, latest)
        con.register("_demo_alerts", table)
        con.register("_demo_alert_events", events)
        try:
            con.execute("INSERT INTO alerts SELECT * FROM _demo_alerts")
            con.execute(
                "INSERT INTO alert_events SELECT alert_id, seq, changed_at, changed_by, "
                "from_state, to_state, note, hh_id, referral_id FROM _demo_alert_events"
            )
        finally:
            con.unregister("_demo_alerts")
            con.unregister("_demo_alert_events")
    return len(rows)


def _path_to(state: str, *, via_monitored: bool = False) -> list[str]:
    """The states from ``alerted`` to ``state`` along :data:`data.monitoring.TRANSITIONS`."""
    line = ["alerted", "visited", "cross_checked", "reviewed"]
    if state in line:
        return line[: line.index(state) + 1]
    if state == mon.CLEARED:
        return [*line, *(["monitored"] if via_monitored else []), state]
    return [*line, state]


def _office_time(at: dt.datetime, rng: np.random.Generator) -> dt.datetime:
    """``at``'s day at a time in office hours (8:30 to 16:30)."""
    day = dt.datetime.combine(at.date(), dt.time(8, 30))
    return day + dt.timedelta(minutes=int(rng.integers(0, 8 * 60)))


def _events(
    ids: list[str],
    households: list[str],
    walks: list[tuple[dt.datetime, list[str]]],
    referrals: dict[str, str],
    rng: np.random.Generator,
    latest: dt.datetime,
) -> pd.DataFrame:
    """Every alert's events along its path: each step 0.3 to 5 days after the one before, the
    last no later than ``latest`` (steps squeezed into the time left when needed)."""
    out = []
    for alert_id, hh_id, (opened, path) in zip(ids, households, walks, strict=True):
        gaps = rng.uniform(0.3, 5.0, len(path) - 1)
        room = (latest - opened).total_seconds() / 86400
        if gaps.sum() > room:
            gaps = gaps * (room / gaps.sum()) * 0.95
        at = opened
        for seq, state in enumerate(path, start=1):
            if seq > 1:
                at = at + dt.timedelta(days=float(gaps[seq - 2]))
                at = at.replace(microsecond=0)
            out.append(
                {
                    "alert_id": alert_id,
                    "seq": seq,
                    "changed_at": at if seq > 1 else opened,
                    "changed_by": SYSTEM if seq == 1 else STEP_BY[state],
                    "from_state": None if seq == 1 else path[seq - 2],
                    "to_state": state,
                    "note": "" if seq == 1 else STEP_NOTE[state],
                    "hh_id": None,
                    "referral_id": referrals.get(hh_id) if state == "help_referred" else None,
                }
            )
    return pd.DataFrame(out)


# --- self-reports, grievances, a sample ----------------------------------------------------------


def _villages(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, n: int) -> list[str]:
    """``n`` villages with surveyed households: about half in Kalasin when it has data."""
    codes = [
        r[0]
        for r in con.execute("SELECT DISTINCT village_code FROM households ORDER BY 1").fetchall()
    ]
    focus = [c for c in codes if c.startswith(FOCUS_PROVINCE)]
    others = [c for c in codes if not c.startswith(FOCUS_PROVINCE)]
    chosen = list(rng.choice(focus, min(len(focus), (n + 1) // 2), replace=False)) if focus else []
    rest = n - len(chosen)
    if others and rest > 0:
        chosen += list(rng.choice(others, min(len(others), rest), replace=False))
    return sorted(str(c) for c in chosen)


def _household_in(con: duckdb.DuckDBPyConnection, village: str, rng) -> str | None:
    found = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT hh_id FROM households WHERE village_code = ? ORDER BY 1", [village]
        ).fetchall()
    ]
    return str(rng.choice(found)) if found else None


def _self_reports(
    con: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    latest: dt.datetime,
    clock: mon.AlertClock,
) -> int:
    villages = _villages(con, rng, 12)
    opened = []
    for n, village in enumerate(villages):
        shock, text = SELF_REPORTS[n % len(SELF_REPORTS)]
        at = _office_time(latest - dt.timedelta(days=float(rng.uniform(2, 25))), rng)
        phone = "08" + "".join(str(d) for d in rng.integers(0, 10, 8))
        aid = mon.self_report(
            con,
            village_code=village,
            description=text,
            contact=phone,
            shocks=[shock],
            at=at,
            clock=clock,
            synthetic=True,
        )
        opened.append((aid, village, at))
    for n, (aid, village, at) in enumerate(opened):
        if n % 3 == 0:
            continue  # still waiting for the home visit
        visit = at + dt.timedelta(days=float(rng.uniform(0.5, 1.5)))
        hh_id = _household_in(con, village, rng)
        mon.change_state(
            con, aid, "visited", by=STEP_BY["visited"], note=STEP_NOTE["visited"], at=visit,
            hh_id=hh_id,
        )  # fmt: skip
        if n % 3 == 2:
            mon.change_state(
                con,
                aid,
                "cross_checked",
                by=STEP_BY["cross_checked"],
                note=STEP_NOTE["cross_checked"],
                at=visit + dt.timedelta(days=1),
            )
    return len(opened)


def _grievances(
    con: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    latest: dt.datetime,
    holidays: frozenset[dt.date],
) -> int:
    import_id = con.execute(
        "SELECT import_id FROM imports WHERE synthetic ORDER BY 1 LIMIT 1"
    ).fetchone()
    villages = _villages(con, rng, 14)
    filed = 0
    for n, village in enumerate(villages):
        kind = gv.TYPES[n % len(gv.TYPES)]
        path = GRIEVANCE_PATHS[n % len(GRIEVANCE_PATHS)]
        if "applied" in path and import_id is None:
            path = path[:-1]
        at = _office_time(latest - dt.timedelta(days=float(rng.uniform(3, 40))), rng)
        hh_id = None if kind == "never_interviewed" else _household_in(con, village, rng)
        gid = gv.file_grievance(
            con,
            grievance_type=kind,
            by="ศูนย์ดำรงธรรมอำเภอ (สังเคราะห์)",
            description=GRIEVANCE_TEXT[kind],
            hh_id=hh_id,
            village_code=None if hh_id else village,
            at=at,
            holidays=holidays,
            synthetic=True,
        )
        filed += 1
        state = "received"
        for step in path:
            at = at + dt.timedelta(days=float(rng.uniform(0.5, 3.0)))
            level = gv.acting_level(state, step)
            upheld = "applied" in path or n % 2 == 0
            gv.advance(
                con,
                gid,
                step,
                by=GRIEVANCE_BY[level],
                note="(สังเคราะห์)",
                at=min(at, latest),
                outcome=("upheld" if upheld else "rejected") if step in gv.FINDINGS else None,
                action=gv.SUGGESTED_ACTION[kind] if step == "decided" and upheld else None,
                import_id=import_id[0] if step == "applied" else None,
            )
            state = step
    return filed


def _exit_sample(
    con: duckdb.DuckDBPyConnection,
    round_be: int,
    seed: int,
    rng: np.random.Generator,
    latest: dt.datetime,
) -> int:
    has_focus = con.execute(
        "SELECT count(*) FROM households WHERE province_code = ?", [FOCUS_PROVINCE]
    ).fetchone()[0]
    area = (
        FOCUS_PROVINCE
        if has_focus
        else con.execute("SELECT min(province_code) FROM households").fetchone()[0]
    )
    drawn_at = latest - dt.timedelta(days=21)
    try:
        sample_id = xs.draw_exit_sample(
            con,
            area=area,
            round_be=round_be,
            rule=RULE,
            by="ผู้ประเมินอิสระ (สังเคราะห์)",
            margin=0.1,
            stratum_level="district",
            seed=seed,
            at=drawn_at,
            synthetic=True,
        )
    except xs.ExitSampleError:
        return 0
    drawn = con.execute(
        "SELECT hh_id, sample_group FROM exit_sample_households WHERE sample_id = ? ORDER BY 1",
        [sample_id],
    ).fetchall()
    for hh_id, group in drawn:
        if rng.random() < 0.25:
            continue  # not visited yet
        at = drawn_at + dt.timedelta(days=float(rng.uniform(1, 18)))
        reached = rng.random() < 0.95
        poor_share = 0.01 if group == "exited" else 0.02
        xs.record_check(
            con,
            sample_id,
            hh_id,
            by="ผู้ประเมินอิสระ (สังเคราะห์)",
            reached=bool(reached),
            found_poor=bool(rng.random() < poor_share) if reached else None,
            satisfied=(bool(rng.random() < 0.94) if rng.random() < 0.97 else None)
            if reached
            else None,
            note="(สังเคราะห์)",
            at=min(at, latest),
        )
    return 1
