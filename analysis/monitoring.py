"""Keeping households out of poverty: which households of a round are monitored, and when a
household's risk is cleared (docs/methods.md, "Monitoring and early warning").

The three monitored categories follow China's dynamic monitoring (防止返贫动态监测, DOMAIN.md
§9.1), read on this project's household record. In round R, with the earlier rounds of the
panel, a household **not poor** in R (poor by the settings' rule, :mod:`analysis.poverty`) is

* **exited but unstable** (``exited_unstable``, 脱贫不稳定户): it was poor in one of the
  ``exit_lookback_rounds`` rounds before R, and now its income per person is below
  ``income_line × (1 + unstable_margin)`` or it fails at least ``unstable_failed_indicators``
  BMN indicators (possible under the Alkire–Foster rule, where failing one is not poor);
* **marginal** (``marginal``, 边缘易致贫户): not exited, and its income is below
  ``income_line × marginal_multiple`` or it fails at least ``marginal_failed_indicators``;
* in **sudden hardship** (``sudden_hardship``, 突发严重困难户): a shock since its previous
  record: a new chronically ill member (``illness``), a new member with a disability
  (``disability``), a disaster named as the main cause of hardship (``disaster``), debt grown
  by more than ``large_expense_share`` of its yearly income (``large_expense``: the record has
  no spending, so new debt stands for large essential costs), income per person fallen by more
  than ``income_drop_share`` (``income_drop``); or a shock reported through another channel.

Poor households are not monitored here: they are the programme's targets already. A household
may be in sudden hardship and exited-unstable or marginal at once; ``category`` names one, the
most urgent first (:data:`CATEGORIES` order: sudden hardship, exited unstable, marginal).

**Risk cleared** (风险消除): the household was above the monitoring range (surveyed, not poor,
in no category) in each of the last ``clear_after_rounds`` rounds of the panel up to R, in a
row, and has no shock still open (an alert of sudden hardship not yet cleared, passed in by the
caller).

Every function takes a plain frame, one row per household and round, with ``hh_id``,
``round_be``, ``income_per_person_year``, the indicator columns of ``weights`` and, for the
shocks, ``members``, ``hc_chronic_ill``, ``members_disabled``, ``fc_debt_baht`` and
``main_cause``. The rule is given as :func:`analysis.poverty.poor_households` takes it.

Example:
    >>> panel = pd.DataFrame({"hh_id": ["a", "a", "b", "b"], "round_be": [2564, 2565] * 2,
    ...     "income_per_person_year": [30_000, 40_000, 60_000, 50_000], "bmn_15": [0, 1, 1, 1],
    ...     "members": 4, "hc_chronic_ill": 0, "members_disabled": 0, "fc_debt_baht": 0.0,
    ...     "main_cause": None})
    >>> out = classify(panel, 2565, income_line=38_000, weights={"bmn_15": 1.0})
    >>> out[["hh_id", "exited", "category"]].values.tolist()
    [['a', True, 'exited_unstable'], ['b', False, 'marginal']]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.household import failed_counts
from analysis.poverty import poor_households

#: The monitored categories, the most urgent first (the order ``category`` picks in).
CATEGORIES: tuple[str, ...] = ("sudden_hardship", "exited_unstable", "marginal")
#: The shocks that put a household in sudden hardship.
SHOCKS: tuple[str, ...] = ("illness", "disability", "disaster", "large_expense", "income_drop")

INCOME = "income_per_person_year"
#: Area columns passed through to the result when the panel has them.
AREA_COLUMNS: tuple[str, ...] = (
    "province_code",
    "district_code",
    "subdistrict_code",
    "village_code",
)


@dataclass(frozen=True)
class MonitoringThresholds:
    """The thresholds of the monitored categories and of risk clearing (settings per round, to
    be wired as ``POVMAP_MONITOR_*``; the defaults follow DOMAIN.md §9.1)."""

    exit_lookback_rounds: int = 2
    """How many rounds before the current one count for an exit: a household poor in any of
    them and not poor now has exited."""

    unstable_margin: float = 0.5
    """An exited household whose income per person is below the income line × (1 + this)
    is unstable (0.5: within 1.5 × the line, Anhui's monitoring range)."""

    unstable_failed_indicators: int = 1
    """An exited household failing at least this many BMN indicators again is unstable
    (0: income only). Under TPMAP's any-indicator rule a household failing one is poor."""

    marginal_multiple: float = 1.5
    """A household never poor in the look-back whose income per person is below the income
    line × this is marginal."""

    marginal_failed_indicators: int = 2
    """A household never poor in the look-back failing at least this many BMN indicators is
    marginal (0: income only)."""

    income_drop_share: float = 0.3
    """A fall of income per person since the previous record larger than this share of it is
    a shock (income_drop)."""

    large_expense_share: float = 0.5
    """Debt grown since the previous record by more than this share of the household's
    yearly income then (income per person × members) is a shock (large_expense)."""

    clear_after_rounds: int = 2
    """Rounds in a row, up to the current one, the household must be above the monitoring
    range (not poor, in no category, no shock) before its risk is cleared."""

    def __post_init__(self) -> None:
        for name in ("exit_lookback_rounds", "clear_after_rounds"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("unstable_failed_indicators", "marginal_failed_indicators"):
            if int(getattr(self, name)) < 0:
                raise ValueError(f"{name} must be 0 or more")
        if self.unstable_margin < 0 or self.marginal_multiple < 1:
            raise ValueError("unstable_margin must be 0 or more and marginal_multiple at least 1")
        if not 0 < self.income_drop_share <= 1:
            raise ValueError("income_drop_share must be above 0 and at most 1")
        if self.large_expense_share <= 0:
            raise ValueError("large_expense_share must be above 0")


def _rounds_up_to(
    panel: pd.DataFrame, round_be: int, rounds: Iterable[int] | None = None
) -> list[int]:
    """The survey rounds up to ``round_be``: ``rounds`` when given, else the panel's."""
    found = panel["round_be"].unique() if rounds is None else rounds
    return sorted({int(r) for r in found if r <= round_be} | {int(round_be)})


def shocks(
    panel: pd.DataFrame,
    round_be: int,
    thresholds: MonitoringThresholds = MonitoringThresholds(),
    reported: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per household surveyed in ``round_be`` (index ``hh_id``): one boolean column per shock
    of :data:`SHOCKS`, against its latest earlier record in the panel (none: only a disaster
    named now counts). ``reported`` (``hh_id``, ``shock``): shocks known from other channels
    (agency files, self-reports, field visits), added as they are.

    >>> panel = pd.DataFrame({"hh_id": ["a", "a"], "round_be": [2564, 2565],
    ...     "income_per_person_year": [50_000, 30_000], "members": 2, "hc_chronic_ill": [0, 1],
    ...     "members_disabled": 0, "fc_debt_baht": 0.0, "main_cause": None})
    >>> shocks(panel, 2565).loc["a"].tolist()
    [True, False, False, False, True]
    """
    now = _one_per_household(panel[panel["round_be"] == round_be]).set_index("hh_id")
    before = panel[panel["round_be"] < round_be].sort_values("round_be")
    prev = before.drop_duplicates("hh_id", keep="last").set_index("hh_id").reindex(now.index)
    seen = prev["round_be"].notna()

    def rose(column: str) -> pd.Series:
        return seen & (now[column] > prev[column]).fillna(False)

    income_now = now[INCOME].astype(float)
    income_prev = prev[INCOME].astype(float)
    yearly_prev = income_prev * prev["members"].astype(float)
    debt_rise = now["fc_debt_baht"].astype(float) - prev["fc_debt_baht"].astype(float)
    cause_now = now["main_cause"].astype(object)
    out = pd.DataFrame(
        {
            "illness": rose("hc_chronic_ill"),
            "disability": rose("members_disabled"),
            "disaster": (cause_now == "disaster")
            & ~(prev["main_cause"].astype(object) == "disaster"),
            "large_expense": seen
            & (debt_rise > thresholds.large_expense_share * yearly_prev).fillna(False),
            "income_drop": seen
            & (income_prev > 0).fillna(False)
            & ((income_prev - income_now) > thresholds.income_drop_share * income_prev).fillna(
                False
            ),
        },
        index=now.index,
    ).astype(bool)
    if reported is not None and len(reported):
        unknown = set(reported["shock"]) - set(SHOCKS)
        if unknown:
            raise ValueError(f"unknown shocks {sorted(unknown)}: use {', '.join(SHOCKS)}")
        for kind, ids in reported.groupby("shock")["hh_id"]:
            out.loc[out.index.isin(set(ids)), kind] = True
    return out[list(SHOCKS)]


def _one_per_household(frame: pd.DataFrame) -> pd.DataFrame:
    if frame["hh_id"].duplicated().any():
        raise ValueError("one row per household and round is expected")
    return frame


def classify(
    panel: pd.DataFrame,
    round_be: int,
    *,
    income_line: float,
    weights: Mapping[str, float],
    rule_name: str = "tpmap",
    k: float = 0.2,
    thresholds: MonitoringThresholds = MonitoringThresholds(),
    reported_shocks: pd.DataFrame | None = None,
    rounds: Iterable[int] | None = None,
) -> pd.DataFrame:
    """The households surveyed in ``round_be``, each with its monitored categories.

    Columns: ``hh_id``, the area columns the panel has, ``poor``, ``exited``, ``income_ratio``
    (income per person ÷ the income line), ``failed`` (BMN indicators of ``weights`` failed),
    ``shocks`` (';'-joined, :data:`SHOCKS` order), one boolean per category and ``category``
    (the first of :data:`CATEGORIES` that applies, else None); ordered by ``hh_id``.
    ``rule_name``, ``weights`` and ``k``: the poverty rule (:func:`analysis.poverty.poor_households`).
    ``rounds``: the survey rounds that count for the look-back (default: the panel's; give them
    when the panel holds a few households, which may have missed a round).
    """
    if income_line <= 0:
        raise ValueError("income_line must be above 0")
    t = thresholds
    if not (panel["round_be"] == round_be).any():
        raise ValueError(f"no household of round {round_be} in the panel")
    earlier = _rounds_up_to(panel, round_be, rounds)[:-1][-t.exit_lookback_rounds :]
    panel = panel[panel["round_be"].isin([*earlier, round_be])]
    poor = poor_households(panel, rule_name, weights, k)
    poor_before = set(panel.loc[poor & panel["round_be"].isin(earlier), "hh_id"])
    is_now = panel["round_be"] == round_be
    now = _one_per_household(panel[is_now]).assign(poor=poor[is_now].to_numpy())
    now = now.sort_values("hh_id").reset_index(drop=True)

    income = now[INCOME].astype(float)
    failed = failed_counts(now, list(weights)).astype(int)
    not_poor = ~now["poor"].astype(bool)
    exited = not_poor & now["hh_id"].isin(poor_before)

    def failing(n: int) -> pd.Series:
        return (failed >= n) if n > 0 else pd.Series(False, index=now.index)

    unstable = exited & (
        (income < income_line * (1 + t.unstable_margin)).fillna(False)
        | failing(t.unstable_failed_indicators)
    )
    marginal = (
        not_poor
        & ~exited
        & (
            (income < income_line * t.marginal_multiple).fillna(False)
            | failing(t.marginal_failed_indicators)
        )
    )
    shock = shocks(panel, round_be, t, reported_shocks).reindex(now["hh_id"]).fillna(False)
    shock = shock.astype(bool).reset_index(drop=True)
    sudden = not_poor & shock.any(axis=1)

    out = now[["hh_id", *(c for c in AREA_COLUMNS if c in now.columns)]].copy()
    out["poor"] = now["poor"].astype(bool)
    out["exited"] = exited.astype(bool)
    out["income_ratio"] = income / float(income_line)
    out["failed"] = failed
    out["shocks"] = [";".join(s for s in SHOCKS if row[s]) for row in shock.to_dict("records")]
    flags = {"sudden_hardship": sudden, "exited_unstable": unstable, "marginal": marginal}
    for name in CATEGORIES:
        out[name] = flags[name].astype(bool).to_numpy()
    chosen = out[list(CATEGORIES)].to_numpy()
    out["category"] = pd.Series(
        [
            next((c for c, hit in zip(CATEGORIES, hits, strict=True) if hit), None)
            for hits in chosen
        ],
        index=out.index,
        dtype=object,
    )
    return out


def risk_cleared(
    panel: pd.DataFrame,
    round_be: int,
    *,
    income_line: float,
    weights: Mapping[str, float],
    rule_name: str = "tpmap",
    k: float = 0.2,
    thresholds: MonitoringThresholds = MonitoringThresholds(),
    open_shocks: Iterable[str] = (),
    rounds: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Per household surveyed in ``round_be`` (ordered by ``hh_id``): ``rounds_above``, the
    rounds in a row up to ``round_be`` it was surveyed and above the monitoring range (not
    poor and in no category of :func:`classify`), ``shock_open`` (in ``open_shocks``, the
    households with a shock not yet cleared) and ``cleared`` (``rounds_above`` at least
    ``clear_after_rounds`` and no shock open). ``rounds``: the survey rounds (default: the
    panel's); a round a household missed ends its run.

    >>> panel = pd.DataFrame({"hh_id": ["a"] * 3, "round_be": [2563, 2564, 2565],
    ...     "income_per_person_year": [30_000, 70_000, 80_000], "bmn_15": [0, 1, 1],
    ...     "members": 4, "hc_chronic_ill": 0, "members_disabled": 0, "fc_debt_baht": 0.0,
    ...     "main_cause": None})
    >>> risk_cleared(panel, 2565, income_line=38_000, weights={"bmn_15": 1.0}).to_dict("records")
    [{'hh_id': 'a', 'rounds_above': 2, 'shock_open': False, 'cleared': True}]
    """
    every = _rounds_up_to(panel, round_be, rounds)
    args = dict(
        income_line=income_line, weights=weights, rule_name=rule_name, k=k, thresholds=thresholds
    )
    surveyed = set(panel["round_be"])
    streak: pd.Series | None = None
    for r in reversed(every):
        if r not in surveyed:  # nobody of the panel surveyed that round: every run ends
            break
        part = panel[panel["round_be"] <= r]
        c = classify(part, r, rounds=every, **args).set_index("hh_id")
        above = ~c["poor"] & c["category"].isna()
        if streak is None:
            streak = above.astype(int)
            alive = above.copy()
        else:
            alive = alive & above.reindex(alive.index, fill_value=False)
            streak = streak + alive.astype(int)
        if not alive.any():
            break
    if streak is None:
        raise ValueError(f"no household of round {round_be} in the panel")
    opened = set(open_shocks)
    out = pd.DataFrame({"hh_id": streak.index, "rounds_above": streak.to_numpy()})
    out["shock_open"] = out["hh_id"].isin(opened)
    out["cleared"] = (out["rounds_above"] >= thresholds.clear_after_rounds) & ~out["shock_open"]
    return out.reset_index(drop=True)
