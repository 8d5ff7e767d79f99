"""Outcomes across survey rounds: who entered, stayed in or left poverty, and level-to-level flows.

Every function takes a plain household frame — one row per household and round with ``hh_id``,
``round_be``, a boolean poor flag (``poor``) and, where needed, an area code or a level — so the
same numbers come out of the app, the CLI and the tests.

Between round A and a later round B, a household surveyed in both is

* **stayed** poor (poor in A and B), **exited** (poor in A, not in B), **entered** (not poor in A,
  poor in B) or **never** poor (neither);
* a household poor in A but not surveyed in B is counted apart (``poor_not_resurveyed``), never as
  an exit.

The **exit rate** is exited ÷ (stayed + exited): the share of A's poor, surveyed again, who are no
longer poor. Areas are the household's area in round A (where it was poor).

Comparisons by intervention received are an **association**, not an effect: households that
received help differ from those that did not in ways the data do not capture.

Example:
    >>> panel = pd.DataFrame({"hh_id": ["a", "a", "b", "b", "c", "c"],
    ...     "round_be": [2564, 2565] * 3, "poor": [True, False, True, True, False, True],
    ...     "province_code": ["46"] * 6})
    >>> t = transitions(panel, 2564, 2565)
    >>> t[["exited", "stayed", "entered", "never"]].iloc[0].tolist()
    [1, 1, 1, 0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.suppression import reportable

TRANSITIONS: tuple[str, ...] = ("stayed", "exited", "entered", "never")
TRANSITION_LABELS: dict[str, tuple[str, str]] = {
    "stayed": ("ยังยากจน", "Stayed poor"),
    "exited": ("พ้นความยากจน", "Exited poverty"),
    "entered": ("เข้าสู่ความยากจน", "Entered poverty"),
    "never": ("ไม่ยากจนทั้งสองรอบ", "Not poor in either round"),
}
NOT_SURVEYED = "not_surveyed"


def _pair(frame: pd.DataFrame, from_round: int, to_round: int, cols: Sequence[str]) -> pd.DataFrame:
    """Households of ``from_round`` outer-joined to ``to_round`` (suffixes _a, _b)."""
    a = frame.loc[frame["round_be"] == from_round, ["hh_id", *cols]]
    b = frame.loc[frame["round_be"] == to_round, ["hh_id", *cols]]
    if a["hh_id"].duplicated().any() or b["hh_id"].duplicated().any():
        raise ValueError("one row per household and round is expected")
    return a.merge(b, on="hh_id", how="outer", suffixes=("_a", "_b"), indicator=True)


def household_transitions(
    frame: pd.DataFrame, from_round: int, to_round: int, *, poor_col: str = "poor"
) -> pd.DataFrame:
    """Per household surveyed in ``from_round`` or ``to_round``: ``poor_a``, ``poor_b`` (missing if
    not surveyed) and ``transition`` (stayed/exited/entered/never, or ``not_resurveyed`` /
    ``new_in_survey``)."""
    extra = [c for c in frame.columns if c not in ("hh_id", "round_be", poor_col)]
    pair = _pair(frame.rename(columns={poor_col: "poor"}), from_round, to_round, ["poor", *extra])
    a = pair["poor_a"].astype("boolean")
    b = pair["poor_b"].astype("boolean")
    both = (pair["_merge"] == "both").to_numpy()
    out = pair.drop(columns="_merge")
    out["transition"] = np.select(
        [
            both & a.fillna(False).to_numpy() & b.fillna(False).to_numpy(),
            both & a.fillna(False).to_numpy() & ~b.fillna(True).to_numpy(),
            both & ~a.fillna(True).to_numpy() & b.fillna(False).to_numpy(),
            both,
            (pair["_merge"] == "left_only").to_numpy(),
        ],
        ["stayed", "exited", "entered", "never", "not_resurveyed"],
        default="new_in_survey",
    )
    return out


def transitions(
    frame: pd.DataFrame,
    from_round: int,
    to_round: int,
    *,
    area_col: str | None = None,
    poor_col: str = "poor",
) -> pd.DataFrame:
    """Counts of each transition between two rounds, per area (``area_col`` in ``from_round``;
    a household new in ``to_round`` takes its area there) or for the whole frame.

    Columns: poor_before, poor_after, stayed, exited, entered, never, poor_not_resurveyed
    (poor in ``from_round``, not surveyed in ``to_round``), exit_rate (exited ÷ (stayed +
    exited)), entry_rate (entered ÷ (entered + never)), net_change (poor_after − poor_before).
    """
    cols = [poor_col] + ([area_col] if area_col else [])
    hh = household_transitions(
        frame[["hh_id", "round_be", *cols]], from_round, to_round, poor_col=poor_col
    )
    if area_col:
        key = hh[f"{area_col}_a"].fillna(hh[f"{area_col}_b"])
    else:
        key = pd.Series("all", index=hh.index)
    hh = hh.assign(_area=key.to_numpy())
    counts = hh.groupby(["_area", "transition"]).size().unstack(fill_value=0)
    for col in (*TRANSITIONS, "not_resurveyed", "new_in_survey"):
        if col not in counts:
            counts[col] = 0
    poor_a = hh["poor_a"].astype("boolean").fillna(False).astype(bool)
    poor_b = hh["poor_b"].astype("boolean").fillna(False).astype(bool)
    lost = poor_a & (hh["transition"] == "not_resurveyed")  # poor in A, not surveyed in B
    out = pd.DataFrame(
        {
            "poor_before": poor_a.groupby(hh["_area"]).sum(),
            "poor_after": poor_b.groupby(hh["_area"]).sum(),
            "stayed": counts["stayed"],
            "exited": counts["exited"],
            "entered": counts["entered"],
            "never": counts["never"],
            "poor_not_resurveyed": lost.groupby(hh["_area"]).sum(),
        }
    ).fillna(0)
    out = out.astype("int64")
    out["exit_rate"] = out["exited"] / (out["stayed"] + out["exited"]).where(lambda s: s > 0)
    out["entry_rate"] = out["entered"] / (out["entered"] + out["never"]).where(lambda s: s > 0)
    out["net_change"] = out["poor_after"] - out["poor_before"]
    out.index.name = area_col or "area"
    return out


def level_flows(
    frame: pd.DataFrame,
    from_round: int,
    to_round: int,
    *,
    level_col: str = "level",
    levels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Households moving from each level in ``from_round`` (rows) to each level in ``to_round``
    (columns); households surveyed in only one round flow from or to ``not_surveyed``."""
    pair = _pair(frame, from_round, to_round, [level_col])
    a = pair[f"{level_col}_a"].astype(object).where(pair[f"{level_col}_a"].notna(), NOT_SURVEYED)
    b = pair[f"{level_col}_b"].astype(object).where(pair[f"{level_col}_b"].notna(), NOT_SURVEYED)
    table = pd.crosstab(a, b)
    order = list(levels) if levels is not None else sorted((set(a) | set(b)) - {NOT_SURVEYED})
    order = [*order, NOT_SURVEYED]
    table = table.reindex(index=order, columns=order, fill_value=0).astype("int64")
    table.index.name, table.columns.name = "from", "to"
    return table


def sankey_links(
    flows: pd.DataFrame, labels: Mapping[str, str], *, from_round: int, to_round: int
) -> dict[str, list]:
    """Nodes and links for a Sankey diagram (plotly ``go.Sankey``) of :func:`level_flows`:
    left nodes are ``from_round`` levels, right nodes ``to_round`` levels; empty flows dropped.

    >>> f = pd.DataFrame([[2, 1], [0, 3]], index=["x", "y"], columns=["x", "y"])
    >>> s = sankey_links(f, {"x": "X", "y": "Y"}, from_round=1, to_round=2)
    >>> s["label"], s["source"], s["target"], s["value"]
    (['X · 1', 'Y · 1', 'X · 2', 'Y · 2'], [0, 0, 1], [2, 3, 3], [2, 1, 3])
    """
    left = list(flows.index)
    right = list(flows.columns)
    label = [f"{labels.get(k, k)} · {from_round}" for k in left] + [
        f"{labels.get(k, k)} · {to_round}" for k in right
    ]
    source, target, value = [], [], []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            n = int(flows.loc[a, b])
            if n > 0:
                source.append(i)
                target.append(len(left) + j)
                value.append(n)
    return {
        "label": label,
        "source": source,
        "target": target,
        "value": value,
        "nodes": left + right,
    }


def exits_since_previous(
    frame: pd.DataFrame,
    area_col: str = "province_code",
    *,
    round_be: int | None = None,
    poor_col: str = "poor",
) -> pd.DataFrame:
    """The map metric "exits since the previous round", per area and round.

    ``frame`` holds ``hh_id``, ``round_be``, ``area_col`` and ``poor_col``. For each round after the
    first (or only ``round_be``), households poor in the previous round present in the frame and
    not poor now are exits, counted in their area of the previous round. Columns: ``code``,
    ``round_be``, ``previous_round``, ``poor_previous``, ``exited``, ``entered``,
    ``poor_not_resurveyed``, ``exit_rate``.

    >>> panel = pd.DataFrame({"hh_id": ["a", "a", "b", "b"], "round_be": [2564, 2565] * 2,
    ...     "d": ["4601"] * 4, "poor": [True, False, True, True]})
    >>> exits_since_previous(panel, "d")[["code", "round_be", "exited", "exit_rate"]].values.tolist()
    [['4601', 2565, 1, 0.5]]
    """
    rounds = sorted(frame["round_be"].unique())
    wanted = [r for r in rounds[1:] if round_be is None or r == round_be]
    parts = []
    for r in wanted:
        previous = rounds[rounds.index(r) - 1]
        t = transitions(frame, previous, r, area_col=area_col, poor_col=poor_col)
        parts.append(
            pd.DataFrame(
                {
                    "code": t.index,
                    "round_be": r,
                    "previous_round": previous,
                    "poor_previous": t["poor_before"].to_numpy(),
                    "exited": t["exited"].to_numpy(),
                    "entered": t["entered"].to_numpy(),
                    "poor_not_resurveyed": t["poor_not_resurveyed"].to_numpy(),
                    "exit_rate": t["exit_rate"].to_numpy(),
                }
            )
        )
    columns = [
        "code",
        "round_be",
        "previous_round",
        "poor_previous",
        "exited",
        "entered",
        "poor_not_resurveyed",
        "exit_rate",
    ]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def outcomes_by_intervention(
    frame: pd.DataFrame,
    received: pd.DataFrame,
    from_round: int,
    to_round: int,
    *,
    poor_col: str = "poor",
    group_col: str = "type",
) -> pd.DataFrame:
    """Exit rates of ``from_round``'s poor households by the intervention they received — an
    association, not an effect.

    ``received`` has ``hh_id``, ``round_be`` (the round the referral was based on) and
    ``group_col``; only help based on ``from_round`` counts. A household that received several
    types counts in each. Rows: each type, ``any`` (received at least one) and ``none`` (received
    nothing recorded), with households (poor in ``from_round`` and surveyed again), exited,
    exit_rate and ``difference_pts`` (exit rate minus that of ``none``, in percentage points).
    """
    hh = household_transitions(
        frame[["hh_id", "round_be", poor_col]], from_round, to_round, poor_col=poor_col
    )
    base = hh.loc[hh["transition"].isin(["stayed", "exited"]), ["hh_id", "transition"]]
    base = base.assign(exited=(base["transition"] == "exited").astype("int64"))
    got = received.loc[received["round_be"] == from_round, ["hh_id", group_col]].drop_duplicates()
    joined = got.merge(base[["hh_id", "exited"]], on="hh_id", how="inner")
    per = joined.groupby(group_col)["exited"].agg(households="size", exited="sum")
    helped = base["hh_id"].isin(joined["hh_id"])
    rows = {
        "any": (int(helped.sum()), int(base.loc[helped, "exited"].sum())),
        "none": (int((~helped).sum()), int(base.loc[~helped, "exited"].sum())),
    }
    out = pd.concat(
        [
            per.astype("int64"),
            pd.DataFrame.from_dict(rows, orient="index", columns=["households", "exited"]),
        ]
    )
    out["exit_rate"] = out["exited"] / out["households"].where(out["households"] > 0)
    out["difference_pts"] = (out["exit_rate"] - out.loc["none", "exit_rate"]) * 100
    out.index.name = group_col
    return out


def intervention_chart_rows(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """The rows of :func:`outcomes_by_intervention` a chart shows: those with at least
    ``min_cell`` households, ``none`` first, then the intervention types by exit rate (lowest
    first), ``any`` last."""
    shown = table[table["households"] >= min_cell]
    ends = [k for k in ("none", "any") if k in shown.index]
    types = shown.drop(index=ends).sort_values("exit_rate", kind="stable")
    return pd.concat(
        [
            shown.loc[[k for k in ends if k == "none"]],
            types,
            shown.loc[[k for k in ends if k == "any"]],
        ]
    )


def exit_rate_chart_rows(by_area: pd.DataFrame, min_cell: int, most: int = 25) -> pd.DataFrame:
    """The areas of a by-area :func:`transitions` table an exit-rate chart shows: those with at
    least ``min_cell`` poor households in the first round, the ``most`` highest exit rates,
    lowest first (a horizontal bar chart draws the last row on top).

    >>> t = pd.DataFrame({"poor_before": [3, 20, 40], "exit_rate": [0.9, 0.2, 0.5]},
    ...                  index=["a", "b", "c"])
    >>> exit_rate_chart_rows(t, 10).index.tolist()
    ['b', 'c']
    >>> exit_rate_chart_rows(t, 10, most=1).index.tolist()
    ['c']
    """
    shown = by_area[reportable(by_area["poor_before"], min_cell)]
    return shown.sort_values("exit_rate", kind="stable").tail(most)
