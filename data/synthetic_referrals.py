"""Synthetic demo referrals and targets (run by povmap/bootstrap.py after the synthetic households).

Everything here is **synthetic** and flagged so (``synthetic = true`` on every referral and target,
"(สังเคราะห์)" in every name). It gives each page realistic content:

* every poor household of every round (TPMAP rule) gets a referral for the intervention the
  matching rules rank first (:func:`analysis.interventions.recommend`);
* the latest round's referrals are mostly identified or verified, fewer referred or accepted, a few
  further along; older rounds' are mostly closed, some still open (overdue), some escalated;
  households that left poverty by the next round more often have a resolved referral (so the
  outcomes page shows an association — and why it is not an effect);
* dates are relative to the day the demo is built, so "overdue" looks current: the latest round's
  referrals were created in the last 9 months, each older round a year earlier;
* central targets for the 20 provinces and their districts (baseline = first round, target = the
  round after the last), set so that provinces are a mix of on track, at risk and off track, and
  the provinces' own (area) targets a little higher.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis.interventions import load_catalogue, recommend, scoring_table
from data import targets as target_store
from data.referrals import PIPELINE, STATUSES
from data.store import SECRET_COLUMNS, PoorRule, transaction
from geo.codes import ancestors

#: Share of final statuses by age of the round (0 = latest) and whether the household left
#: poverty by the next round; order of data.referrals.STATUSES.
_FINAL_LATEST = [38, 28, 13, 8, 7, 3, 1.5, 1, 0.5]
_FINAL_OLDER = {
    (1, True): [0.5, 1, 1.5, 1.5, 3, 6, 57, 27, 2.5],
    (1, False): [1, 2, 3, 3, 9, 9, 45, 16, 12],
    (2, True): [0.2, 0.3, 0.5, 0.5, 1.5, 3, 64, 28, 2],
    (2, False): [0.5, 0.8, 1.2, 1.5, 4, 5, 54, 20, 13],
}
#: Where a self-resolved case leaves the main line (identified … in_progress) and where an
#: escalated one does (referred … assisted).
_SELF_BRANCH = (np.arange(5), [0.35, 0.25, 0.15, 0.1, 0.15])
_ESCALATE_BRANCH = (np.arange(2, 6), [0.3, 0.2, 0.35, 0.15])
_NOTES = {
    "identified": "ชี้เป้าจากข้อมูล จปฐ./TPMAP",
    "verified": "ลงพื้นที่สอบทานข้อมูลกับครัวเรือนแล้ว",
    "referred": "ส่งเรื่องให้หน่วยงานพร้อมข้อมูลครัวเรือน",
    "accepted": "รับเรื่องแล้ว นัดเยี่ยมบ้าน",
    "in_progress": "อยู่ระหว่างจัดความช่วยเหลือ",
    "assisted": "ให้ความช่วยเหลือตามมาตรการแล้ว",
    "resolved": "ติดตามผลแล้ว ครัวเรือนพ้นปัญหา",
    "self_resolved": "ครัวเรือนแก้ไขปัญหาได้เอง",
    "cannot_resolve": "เกินอำนาจหน่วยงาน ส่งคณะทำงานระดับจังหวัด",
}
_RESEARCH_STAGES = {"identified", "verified", "referred", "self_resolved"}
SECRETARIAT = "ทีมเลขานุการโครงการ (สังเคราะห์)"


def add_demo(
    con: duckdb.DuckDBPyConnection,
    *,
    seed: int,
    scale: float,
    cache_dir: Path | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Add synthetic referrals (with histories) and targets to a store holding the demo households."""
    rng = np.random.default_rng(seed + 505)
    today = today or dt.date.today()
    rule = PoorRule()
    rounds = [
        r[0] for r in con.execute("SELECT DISTINCT round_be FROM households ORDER BY 1").fetchall()
    ]
    if not rounds:
        return {"referrals": 0, "events": 0, "targets": 0}
    catalogue = load_catalogue()
    poor = con.execute(
        f"""SELECT * EXCLUDE ({", ".join(SECRET_COLUMNS)}) FROM households
            WHERE {rule.sql()} ORDER BY round_be, hh_id"""
    ).df()
    recs = recommend(poor, catalogue, scoring_table(), limit=1)
    cases = poor.loc[
        recs["row"],
        ["hh_id", "round_be", "province_code", "district_code", "subdistrict_code", "village_code"],
    ].reset_index(drop=True)
    cases["intervention"] = recs["intervention"].to_numpy()
    cases["agency"] = recs["agency"].to_numpy()
    cases["deficits"] = recs["deficits"].to_numpy()
    n = len(cases)

    # did the household leave poverty by the next round?
    flags = con.execute(f"SELECT hh_id, round_be, ({rule.sql()}) AS poor FROM households").df()
    next_round = dict(itertools.pairwise(rounds))
    cases["next_round"] = cases["round_be"].map(next_round)
    nxt = cases[["hh_id", "next_round"]].merge(
        flags.rename(columns={"round_be": "next_round", "poor": "poor_next"}),
        on=["hh_id", "next_round"],
        how="left",
    )
    exited = (nxt["poor_next"] == False).to_numpy()  # noqa: E712 (missing = not surveyed)
    age = (len(rounds) - 1 - cases["round_be"].map({r: i for i, r in enumerate(rounds)})).to_numpy()

    final = np.empty(n, dtype=np.int64)
    for key in [(0, None), *_FINAL_OLDER]:
        a, ex = key
        if a == 0:
            mask = age == 0
            p = np.array(_FINAL_LATEST, float)
        else:
            mask = (np.minimum(age, 2) == a) & (age > 0) & (exited == ex)
            p = np.array(_FINAL_OLDER[key], float)
        final[mask] = rng.choice(len(STATUSES), mask.sum(), p=p / p.sum())

    # the path of each case: main line up to its last stage, then the side status if any
    self_code, esc_code = STATUSES.index("self_resolved"), STATUSES.index("cannot_resolve")
    last_stage = np.where(final < len(PIPELINE), final, 0)
    is_self, is_esc = final == self_code, final == esc_code
    last_stage[is_self] = rng.choice(_SELF_BRANCH[0], is_self.sum(), p=_SELF_BRANCH[1])
    last_stage[is_esc] = rng.choice(_ESCALATE_BRANCH[0], is_esc.sum(), p=_ESCALATE_BRANCH[1])
    side = is_self | is_esc
    n_events = last_stage + 1 + side
    case = np.repeat(np.arange(n), n_events)
    starts = np.cumsum(n_events) - n_events
    pos = np.arange(len(case)) - starts[case]
    status_code = pos.copy()
    last = pos == n_events[case] - 1
    status_code[last & side[case]] = final[case][last & side[case]]

    # dates: creation in the round's year (relative to today), then gaps between changes
    created_days = np.where(age == 0, rng.uniform(7, 270, n), age * 365 + rng.uniform(14, 330, n))
    gaps = np.where(pos == 0, 0.0, rng.uniform(3, 50, len(case)))
    span = np.bincount(case, gaps, minlength=n)
    room = np.maximum(created_days.round() - 1, 0)  # the last change is yesterday at the latest
    shrink = np.where(span > room, room / np.maximum(span, 1e-9), 1.0)
    offset = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[starts] - gaps[starts], n_events)
    day = np.floor(offset * shrink[case])
    # each change during office hours; a change on the same day as the one before comes later
    clock = day * 86400 + rng.uniform(8 * 3600, 17 * 3600, len(case)).round()
    shifted = clock + case * 1e9
    clock = np.maximum.accumulate(shifted) - case * 1e9 + pos * 60
    base = pd.Timestamp(today) - pd.to_timedelta(created_days.round(), unit="D")
    at = pd.Series(base[case] + pd.to_timedelta(clock, unit="s")).dt.floor("s")
    created_at = at.to_numpy()[starts]
    target = (
        pd.to_datetime(created_at).normalize()
        + pd.to_timedelta(rng.integers(120, 361, n), unit="D")
    ).date

    # text columns are built in DuckDB from small lookup tables: fast at 2 million events
    first = con.execute(
        "SELECT coalesce(max(TRY_CAST(substr(referral_id, 3) AS BIGINT)), 0) FROM referrals"
    ).fetchall()[0][0]
    statuses = pd.DataFrame({"code": np.arange(len(STATUSES)), "name": list(STATUSES)})
    statuses["research"] = statuses["name"].isin(_RESEARCH_STAGES)
    statuses["note"] = statuses["name"].map(_NOTES)
    researchers = pd.DataFrame(
        {"idx": np.arange(40), "name": [f"นักวิจัยพื้นที่ {k:02d} (สังเคราะห์)" for k in range(1, 41)]}
    )
    officers = pd.DataFrame(
        {
            "agency": catalogue.agencies.index,
            "name": [f"เจ้าหน้าที่ {s} (สังเคราะห์)" for s in catalogue.agencies["short_th"]],
        }
    )
    previous = np.where(pos == 0, -1, status_code - 1)
    # the status before a side status is the stage it branched from
    side_last = last & side[case]
    previous[side_last] = last_stage[case][side_last]
    numbers = pd.DataFrame(
        {
            "no": np.arange(first + 1, first + n + 1),
            "researcher": rng.integers(0, 40, n),
            "target_date": target,
            "created_at": created_at,
        }
    )
    referrals = pd.concat(
        [cases.drop(columns=["next_round"]).reset_index(drop=True), numbers], axis=1
    )
    events = pd.DataFrame(
        {
            "no": first + 1 + case,
            "seq": (pos + 1).astype("int32"),
            "changed_at": at.to_numpy(),
            "status": status_code.astype("int8"),
            "previous": previous.astype("int8"),
            "with_note": rng.random(len(case)) < 0.35,
        }
    )
    tables = {
        "demo_referrals": referrals,
        "demo_events": events,
        "demo_statuses": statuses,
        "demo_researchers": researchers,
        "demo_officers": officers,
    }
    for name, frame in tables.items():
        con.register(name, frame)
    try:
        with transaction(con):
            con.execute(
                """INSERT INTO referrals
                   SELECT 'RF' || lpad(r.no::VARCHAR, 7, '0'), r.hh_id, r.round_be::INTEGER,
                     r.province_code, r.district_code, r.subdistrict_code, r.village_code,
                     r.intervention, r.agency, r.deficits, r.target_date::DATE, r.created_at, x.name,
                     true
                   FROM demo_referrals r JOIN demo_researchers x ON x.idx = r.researcher"""
            )
            con.execute(
                """INSERT INTO referral_events
                   SELECT 'RF' || lpad(e.no::VARCHAR, 7, '0'), e.seq, e.changed_at,
                     CASE WHEN s.research THEN x.name ELSE o.name END,
                     p.name, s.name, CASE WHEN e.with_note THEN s.note END, NULL
                   FROM demo_events e
                   JOIN demo_referrals r USING (no)
                   JOIN demo_statuses s ON s.code = e.status
                   LEFT JOIN demo_statuses p ON p.code = e.previous
                   JOIN demo_researchers x ON x.idx = r.researcher
                   JOIN demo_officers o ON o.agency = r.agency"""
            )
    finally:
        for name in tables:
            con.unregister(name)
    written = _demo_targets(con, rounds, rule, rng)
    return {"referrals": n, "events": len(events), "targets": written}


def _nice(x: np.ndarray, step: int) -> np.ndarray:
    return np.maximum(np.round(x / step) * step, step).astype("int64")


def _demo_targets(con, rounds: list[int], rule: PoorRule, rng: np.random.Generator) -> int:
    """Central targets for provinces (and their districts, shares of the province target) and
    slightly higher area targets for provinces."""
    baseline, latest = rounds[0], rounds[-1]
    goal = latest + 1
    expected = (latest - baseline) / (goal - baseline) if latest > baseline else 1.0
    got = target_store.achievements(
        con,
        level="province",
        baseline_round=baseline,
        latest_round=latest,
        target_round=goal,
        rule=rule,
    ).sort_values("area_code")
    if got.empty:
        return 0
    k = len(got)
    rel_lift = rng.uniform(0.45, 1.6, k)
    rel_close = rng.uniform(0.5, 1.6, k)
    lift = np.where(
        got["lifted"] > 0,
        got["lifted"] / (expected * rel_lift),
        got["baseline_poor"] * 0.2,
    )
    close = np.where(
        got["referrals_closed"] > 0,
        got["referrals_closed"] / (expected * rel_close),
        got["referrals"] * 0.3,
    )
    step = 10 if got["baseline_poor"].max() > 2000 else 1
    provinces = pd.DataFrame(
        {
            "area_code": got["area_code"],
            "scope": "central",
            "baseline_round": baseline,
            "target_round": goal,
            "households_to_lift": _nice(lift, step),
            "referrals_to_close": _nice(close, step),
        }
    )
    districts = target_store.achievements(
        con,
        level="district",
        baseline_round=baseline,
        latest_round=latest,
        target_round=goal,
        rule=rule,
    )
    districts["province"] = ancestors(districts["area_code"], "province")
    parts = []
    for prov, group in districts.groupby("province"):
        row = provinces.set_index("area_code").loc[prov]
        part = pd.DataFrame(
            {
                "area_code": group["area_code"],
                "scope": "central",
                "baseline_round": baseline,
                "target_round": goal,
                "households_to_lift": _split(
                    int(row["households_to_lift"]), group["baseline_poor"]
                ),
                "referrals_to_close": _split(int(row["referrals_to_close"]), group["referrals"]),
            }
        )
        parts.append(part)
    area = provinces.assign(
        scope="area",
        households_to_lift=_nice(provinces["households_to_lift"] * rng.uniform(1.0, 1.3, k), step),
        referrals_to_close=_nice(provinces["referrals_to_close"] * rng.uniform(1.0, 1.2, k), step),
    )
    frame = pd.concat([provinces, *parts, area], ignore_index=True)
    return target_store.set_targets(
        con, frame, by=SECRETARIAT, source="synthetic demo", synthetic=True
    )


def _split(total: int, weights: pd.Series) -> np.ndarray:
    """``total`` split in proportion to ``weights`` (largest remainder), summing exactly."""
    w = weights.to_numpy(float)
    if w.sum() <= 0:
        w = np.ones(len(w))
    raw = total * w / w.sum()
    out = np.floor(raw).astype("int64")
    out[np.argsort(-(raw - out))[: total - out.sum()]] += 1
    return out
