"""Programme targets per province and district, and progress against them.

A target says, for one area (a province or a district) and one scope — ``central`` (set by the
programme) or ``area`` (the province's own) — how many poor households of the baseline round should
be lifted out of poverty by the target round, and how many referrals should be closed. Targets are
versioned: editing or importing appends a new version (who, when, source); the current target is
the latest version, and earlier versions stay as history.

Progress (:func:`progress`):

* **households lifted** = households poor in the baseline round that are surveyed again in the
  latest round available (no later than the target round) and are no longer poor;
* **referrals closed** = referrals based on a round from baseline to target round whose current
  status is resolved or self-resolved;
* **expected share** = (latest round − baseline) ÷ (target round − baseline), capped to [0, 1]:
  the share of the target due by now if progress were even across rounds;
* **status**: ``achieved`` (progress ≥ 100 %), else ``on_track`` when progress ≥ ``on_track`` ×
  expected share, ``at_risk`` when ≥ ``at_risk`` × expected share, else ``off_track``; a target of
  0 is ``no_target``.

Example:
    >>> target_status([1.1, 0.6, 0.4, 0.1], [2 / 3] * 4).tolist()
    ['achieved', 'on_track', 'at_risk', 'off_track']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from data.columns import find_headers
from data.messages import labels, msg
from data.problems import Problem
from data.referrals import CLOSED
from data.store import PoorRule, transaction
from geo.codes import LEVEL_BY_WIDTH, WIDTH, is_valid_code

TPMAP_RULE = PoorRule()
SCOPES: dict[str, tuple[str, str]] = labels("target.scope")
STATUS_ORDER: tuple[str, ...] = ("achieved", "on_track", "at_risk", "off_track", "no_target")
STATUS_LABELS: dict[str, tuple[str, str]] = labels("target.status")
#: Status colours (colour-blind safe enough with the label always shown beside them).
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#1a7f37",
    "on_track": "#4daf4a",
    "at_risk": "#f0a30a",
    "off_track": "#d7301f",
    "no_target": "#9e9e9e",
}
TARGET_FIELDS = (
    "area_code",
    "scope",
    "baseline_round",
    "target_round",
    "households_to_lift",
    "referrals_to_close",
)


def message(code: str, lang: str = "en", **params: object) -> str:
    """The target message ``code`` (``data/messages_problems.py``, ``target.*``) in ``lang``;
    in English a :class:`data.messages.Text` that the app can render in Thai too."""
    text = msg(f"target.{code}", **params)
    return text if lang == "en" else text.render(lang)


def target_status(
    progress: Sequence[float] | pd.Series,
    expected_share: Sequence[float] | pd.Series,
    *,
    on_track: float = 0.9,
    at_risk: float = 0.6,
    has_target: Sequence[bool] | pd.Series | None = None,
) -> pd.Series:
    """Status of each progress share (achieved ÷ target) given the share expected by now."""
    p = np.asarray(progress, dtype=float)
    e = np.asarray(expected_share, dtype=float)
    has = np.ones(len(p), bool) if has_target is None else np.asarray(has_target, bool)
    status = np.select(
        [~has, p >= 1, p >= on_track * e, p >= at_risk * e],
        ["no_target", "achieved", "on_track", "at_risk"],
        default="off_track",
    )
    index = progress.index if isinstance(progress, pd.Series) else None
    return pd.Series(status, index=index, name="status")


# --- reading and writing targets --------------------------------------------------------------------


def current_targets(
    con: duckdb.DuckDBPyConnection, *, scope: str | None = None, level: str | None = None
) -> pd.DataFrame:
    """The latest version of every target (optionally one scope, one level: province/district)."""
    clauses, params = [], []
    if scope:
        clauses.append("scope = ?")
        params.append(scope)
    if level:
        clauses.append("length(area_code) = ?")
        params.append(WIDTH[level])
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return con.execute(
        f"SELECT * FROM target_current {where} ORDER BY area_code, scope", params
    ).df()


def target_history(con: duckdb.DuckDBPyConnection, area_code: str) -> pd.DataFrame:
    """Every version of the targets of one area, newest first."""
    return con.execute(
        "SELECT * FROM targets WHERE area_code = ? ORDER BY scope, version DESC", [area_code]
    ).df()


def set_targets(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    by: str,
    source: str = "app",
    note: str = "",
    synthetic: bool = False,
    at: dt.datetime | None = None,
) -> int:
    """Append a new version for every row of ``frame`` (TARGET_FIELDS, valid values) that differs
    from the current target; return how many were written. One transaction."""
    by = " ".join(str(by or "").split())[:80]
    if not by:
        raise ValueError(message("missing_by"))
    rows = frame[list(TARGET_FIELDS)].copy()
    rows["note"] = frame.get("note", note)
    rows["note"] = rows["note"].fillna(note).astype(str)
    for col in TARGET_FIELDS[2:]:
        rows[col] = rows[col].astype("int64")
    rows["area_code"] = rows["area_code"].astype(str)
    con.register("incoming_targets", rows)
    try:
        with transaction(con, "targets"):
            written = con.execute(
                """
                WITH changed AS (
                  SELECT i.*, coalesce(c.version, 0) + 1 AS version FROM incoming_targets i
                  LEFT JOIN target_current c USING (area_code, scope)
                  WHERE c.area_code IS NULL
                     OR (c.baseline_round, c.target_round, c.households_to_lift, c.referrals_to_close)
                        IS DISTINCT FROM
                        (i.baseline_round, i.target_round, i.households_to_lift, i.referrals_to_close)
                )
                INSERT INTO targets
                SELECT area_code, scope, version, baseline_round, target_round, households_to_lift,
                  referrals_to_close, ?::TIMESTAMP, ?, ?, nullif(note, ''), ? FROM changed
                """,
                [at or dt.datetime.now().replace(microsecond=0), by, source, synthetic],
            ).fetchall()[0][0]
    finally:
        con.unregister("incoming_targets")
    return int(written)


@dataclass
class TargetImport:
    file_name: str
    written: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _scope(value: str) -> str | None:
    text = value.strip().casefold()
    for code, (th, en) in SCOPES.items():
        if text in (code, th.casefold(), en.casefold(), th.removeprefix("เป้าหมาย").casefold()):
            return code
    return None


def validate_targets(
    frame: pd.DataFrame,
    *,
    file_name: str,
    line_numbers: Sequence[int] | None = None,
    lang: str = "en",
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a targets table of text cells; return the typed rows and every problem.

    Columns (Thai headers accepted): area_code, scope (central/area, Thai labels too; default
    central), baseline_round, target_round, households_to_lift, referrals_to_close, note.
    """
    problems: list[Problem] = []
    lines = list(line_numbers) if line_numbers is not None else list(range(2, len(frame) + 2))
    cols = find_headers("targets", frame.columns)
    for needed in TARGET_FIELDS:
        if needed not in cols and needed != "scope":
            problems.append(
                Problem(file_name, 1, needed, "", message("missing_column", lang, column=needed))
            )
    if problems:
        return pd.DataFrame(columns=[*TARGET_FIELDS, "note"]), problems
    if not len(frame):
        return pd.DataFrame(columns=[*TARGET_FIELDS, "note"]), [
            Problem(file_name, 1, "", "", message("no_rows", lang))
        ]
    text = frame.astype(object).where(frame.notna(), "").map(lambda v: str(v).strip())
    rows, seen = [], {}
    for i, line in enumerate(lines):
        r = text.iloc[i]
        found: list[Problem] = []

        def add(
            column: str, value: str, reason: str, line: int = line, found: list = found
        ) -> None:
            found.append(Problem(file_name, line, cols.get(column, column), value[:40], reason))

        code = r[cols["area_code"]].zfill(2) if r[cols["area_code"]].isdigit() else ""
        raw_code = r[cols["area_code"]]
        level = LEVEL_BY_WIDTH.get(len(code))
        if level not in ("province", "district") or not is_valid_code(code, level):
            add("area_code", raw_code, message("bad_area", lang))
        scope = _scope(r[cols["scope"]]) if "scope" in cols and r[cols["scope"]] else "central"
        if scope is None:
            add("scope", r[cols["scope"]], message("bad_scope", lang, allowed=", ".join(SCOPES)))
        numbers = {}
        for col in TARGET_FIELDS[2:]:
            raw = r[cols[col]].replace(",", "")
            value = int(raw) if raw.isdigit() else None
            if col.endswith("round"):
                if value is None or not 2550 <= value <= 2600:
                    add(col, r[cols[col]], message("bad_round", lang))
            elif value is None:
                add(col, r[cols[col]], message("bad_count", lang))
            numbers[col] = value
        if (
            numbers.get("baseline_round")
            and numbers.get("target_round")
            and numbers["target_round"] <= numbers["baseline_round"]
        ):
            add("target_round", r[cols["target_round"]], message("round_order", lang))
        key = (code, scope)
        if not found and key in seen:
            add("area_code", raw_code, message("duplicate", lang, line=seen[key]))
        problems.extend(found)
        if not found:
            seen[key] = line
            rows.append(
                {
                    "area_code": code,
                    "scope": scope,
                    **numbers,
                    "note": r[cols["note"]] if "note" in cols else "",
                }
            )
    return pd.DataFrame(rows, columns=[*TARGET_FIELDS, "note"]), problems


def import_targets(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    file_name: str,
    by: str,
    line_numbers: Sequence[int] | None = None,
    lang: str = "en",
) -> TargetImport:
    """Validate a targets file and store it all or nothing (new versions for changed rows)."""
    result = TargetImport(file_name)
    typed, result.problems = validate_targets(
        frame, file_name=file_name, line_numbers=line_numbers, lang=lang
    )
    if not str(by or "").strip():
        result.problems.append(Problem(file_name, 1, "by", "", message("missing_by", lang)))
    if result.problems:
        return result
    result.written = set_targets(con, typed, by=by, source=f"import: {file_name}"[:120])
    result.unchanged = len(typed) - result.written
    return result


# --- progress -----------------------------------------------------------------------------------------


def achievements(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str,
    baseline_round: int,
    latest_round: int,
    target_round: int,
    rule: PoorRule = TPMAP_RULE,
) -> pd.DataFrame:
    """Per area of ``level``: baseline poor households, how many were lifted out by
    ``latest_round``, how many were not surveyed again, and referrals (based on rounds from
    baseline to target) total and closed."""
    col = {"province": "province_code", "district": "district_code"}[level]
    lifted = con.execute(
        f"""
        WITH b AS (SELECT hh_id, {col} AS area_code FROM households
                   WHERE round_be = ? AND {rule.sql()}),
             l AS (SELECT hh_id, ({rule.sql()}) AS poor FROM households WHERE round_be = ?)
        SELECT area_code, count(*)::BIGINT AS baseline_poor,
          count(*) FILTER (WHERE l.poor = false AND ? > ?)::BIGINT AS lifted,
          count(*) FILTER (WHERE l.hh_id IS NULL)::BIGINT AS not_resurveyed
        FROM b LEFT JOIN l USING (hh_id) GROUP BY 1""",
        [int(baseline_round), int(latest_round), int(latest_round), int(baseline_round)],
    ).df()
    closed = ", ".join(f"'{s}'" for s in CLOSED)
    referrals = con.execute(
        f"""SELECT {col} AS area_code, count(*)::BIGINT AS referrals,
              count(*) FILTER (WHERE status IN ({closed}))::BIGINT AS referrals_closed
            FROM referral_current WHERE round_be BETWEEN ? AND ? GROUP BY 1""",
        [int(baseline_round), int(target_round)],
    ).df()
    out = lifted.merge(referrals, on="area_code", how="outer")
    return out.fillna(0).astype({c: "int64" for c in out.columns if c != "area_code"})


def progress(
    con: duckdb.DuckDBPyConnection,
    *,
    scope: str = "central",
    level: str = "province",
    within: str | None = None,
    rule: PoorRule = TPMAP_RULE,
    on_track: float = 0.9,
    at_risk: float = 0.6,
) -> pd.DataFrame:
    """Current targets of ``scope`` at ``level`` (inside ``within``) with achievements and status.

    Columns: area_code, baseline_round, target_round, latest_round, expected_share,
    households_to_lift, lifted, lift_progress, lift_status, referrals_to_close,
    referrals_closed, close_progress, close_status, baseline_poor, referrals.
    """
    targets = current_targets(con, scope=scope, level=level)
    if within:
        targets = targets[targets["area_code"].str.startswith(within)]
    available = [
        r[0] for r in con.execute("SELECT DISTINCT round_be FROM households ORDER BY 1").fetchall()
    ]
    parts = []
    for (base, goal), group in targets.groupby(["baseline_round", "target_round"]):
        reached = [r for r in available if r <= goal]
        latest = max(reached) if reached else int(base)
        got = achievements(
            con,
            level=level,
            baseline_round=int(base),
            latest_round=latest,
            target_round=int(goal),
            rule=rule,
        )
        part = group.merge(got, on="area_code", how="left")
        part["latest_round"] = latest
        part["expected_share"] = float(np.clip((latest - base) / (goal - base), 0, 1))
        parts.append(part)
    columns = [
        "area_code",
        "baseline_round",
        "target_round",
        "latest_round",
        "expected_share",
        "households_to_lift",
        "lifted",
        "lift_progress",
        "lift_status",
        "referrals_to_close",
        "referrals_closed",
        "close_progress",
        "close_status",
        "baseline_poor",
        "referrals",
    ]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    for col in ("baseline_poor", "lifted", "referrals", "referrals_closed", "not_resurveyed"):
        out[col] = out[col].fillna(0).astype("int64")
    for goal_col, got_col, name in (
        ("households_to_lift", "lifted", "lift"),
        ("referrals_to_close", "referrals_closed", "close"),
    ):
        goal = out[goal_col].astype(float)
        out[f"{name}_progress"] = np.where(goal > 0, out[got_col] / goal.where(goal > 0, 1), np.nan)
        out[f"{name}_status"] = target_status(
            out[f"{name}_progress"].fillna(0),
            out["expected_share"],
            on_track=on_track,
            at_risk=at_risk,
            has_target=goal > 0,
        ).to_numpy()
    return out[columns].sort_values("area_code").reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    """The committee's numbers over the areas of a :func:`progress` table."""

    lifted: int
    households_to_lift: int
    closed: int
    referrals_to_close: int
    #: lifted / to lift and closed / to close (0 without a target)
    shares: tuple[float, float]
    #: the two shares' status against the expected share (:func:`target_status`)
    status: tuple[str, str]
    #: how many areas have each lift status
    areas_by_status: dict[str, int]


def headline(prog: pd.DataFrame) -> Headline:
    """Households lifted and referrals closed against their targets, summed over the areas,
    with their status, and the areas counted per lift status.

    >>> prog = pd.DataFrame({"lifted": [3, 1], "households_to_lift": [4, 4],
    ...     "referrals_closed": [2, 0], "referrals_to_close": [0, 0],
    ...     "expected_share": [0.5, 0.5], "lift_status": ["on_track", "behind"]})
    >>> h = headline(prog)
    >>> h.lifted, h.shares, h.areas_by_status
    (4, (0.5, 0.0), {'on_track': 1, 'behind': 1})
    """
    lifted, goal = int(prog["lifted"].sum()), int(prog["households_to_lift"].sum())
    closed, goal_c = int(prog["referrals_closed"].sum()), int(prog["referrals_to_close"].sum())
    expected = float(prog["expected_share"].iloc[0])
    shares = (lifted / goal if goal else 0.0, closed / goal_c if goal_c else 0.0)
    status = target_status(list(shares), [expected, expected], has_target=[goal > 0, goal_c > 0])
    counts = prog["lift_status"].value_counts()
    return Headline(
        lifted=lifted,
        households_to_lift=goal,
        closed=closed,
        referrals_to_close=goal_c,
        shares=shares,
        status=(str(status[0]), str(status[1])),
        areas_by_status={str(k): int(v) for k, v in counts.items()},
    )
