"""Five livelihood capitals: score each household's human, physical, financial, natural and social capital.

This is the project's **model** (docs/methods.md, "Five livelihood capitals": PPAOS's own formula is unpublished): each
capital's score is the mean of its measures' scores, each measure scored 1 (very poor) to 4 (good)
by three cut points from ``data/tables/capital_scoring.csv``:

    higher is better: score = 1 + [x >= cut_2] + [x >= cut_3] + [x >= cut_4]
    lower is better:  score = 1 + [x <= cut_2] + [x <= cut_3] + [x <= cut_4]

Example:
    >>> import pandas as pd
    >>> rule = pd.Series({"better": "higher", "cut_2": 6, "cut_3": 9, "cut_4": 12})
    >>> score_measure(pd.Series([0, 6, 10, 16]), rule).tolist()
    [1, 2, 3, 4]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CAPITALS: tuple[str, ...] = ("human", "physical", "financial", "natural", "social")
LAND_TENURE_RANK = {"none": 1, "public": 2, "rent": 3, "own": 4}


def measures(households: pd.DataFrame) -> pd.DataFrame:
    """Derived measures the scoring table refers to, from canonical household columns.

    Shares and ratios: ``earner_share`` (earners / members), ``chronic_ill_share``,
    ``savings_months`` (savings / monthly household income), ``debt_to_income`` (debt / yearly
    household income) and ``land_tenure_rank`` (none 1, public 2, rent 3, own 4).
    """
    h = households
    members = h["members"].astype(float)
    yearly_income = h["income_per_person_year"].astype(float) * members
    out = pd.DataFrame(index=h.index)
    out["earner_share"] = h["hc_earners"].astype(float) / members
    out["chronic_ill_share"] = h["hc_chronic_ill"].astype(float) / members
    out["savings_months"] = h["fc_savings_baht"].astype(float) / (yearly_income / 12).clip(lower=1)
    out["debt_to_income"] = h["fc_debt_baht"].astype(float) / yearly_income.clip(lower=1)
    out["land_tenure_rank"] = h["nc_land_tenure"].map(LAND_TENURE_RANK).astype(float)
    for col in h.columns:
        if col not in out:
            out[col] = h[col]
    return out


def score_measure(values: pd.Series, rule: pd.Series) -> pd.Series:
    """Score one measure 1-4 with the rule's direction and cut points; missing stays missing."""
    x = pd.to_numeric(values, errors="coerce").astype(float)
    cuts = [float(rule["cut_2"]), float(rule["cut_3"]), float(rule["cut_4"])]
    if rule["better"] == "higher":
        score = 1 + sum((x >= c).astype(int) for c in cuts)
    elif rule["better"] == "lower":
        score = 1 + sum((x <= c).astype(int) for c in cuts)
    else:
        raise ValueError(f"better must be 'higher' or 'lower', got {rule['better']!r}")
    return score.where(x.notna())


def capital_scores(households: pd.DataFrame, scoring: pd.DataFrame) -> pd.DataFrame:
    """Mean measure score (1-4) per capital and household: columns human ... social."""
    m = measures(households)
    out = pd.DataFrame(index=households.index)
    for capital in CAPITALS:
        rules = scoring[scoring["capital"] == capital]
        if rules.empty:
            raise ValueError(f"the scoring table has no measure for {capital} capital")
        scores = pd.concat([score_measure(m[r["measure"]], r) for _, r in rules.iterrows()], axis=1)
        out[capital] = scores.mean(axis=1, skipna=True)
    return out


def weakest_capital(scores: pd.DataFrame) -> pd.Series:
    """The capital with the lowest score per household (first in CAPITALS order on ties)."""
    return scores[list(CAPITALS)].astype(float).idxmin(axis=1)


def count_weak(scores: pd.DataFrame, weak_below: float = 2.0) -> pd.Series:
    """How many capitals score below ``weak_below`` per household."""
    return (scores[list(CAPITALS)].astype(float) < weak_below).sum(axis=1).astype(np.int64)


LEVELS: tuple[str, ...] = ("struggling", "difficult", "getting_by", "living_well")
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "struggling": ("อยู่ลำบาก", "Struggling"),
    "difficult": ("อยู่ยาก", "Living with difficulty"),
    "getting_by": ("พออยู่ได้", "Getting by"),
    "living_well": ("อยู่ดี", "Living well"),
}


def household_levels(
    scores: pd.DataFrame,
    income_per_person_year: pd.Series,
    earners: pd.Series,
    *,
    income_line: float,
    weak_below: float = 2.0,
    struggling_weak: int = 3,
    fragile_margin: float = 0.2,
) -> pd.Series:
    """Classify households into the programme's four levels — this project's model (docs/methods.md, "Household levels").

    * struggling (อยู่ลำบาก): income below the line **and** (``struggling_weak`` or more weak
      capitals, or no member earning) — needs relief and welfare;
    * difficult (อยู่ยาก): income below the line otherwise — needs rehabilitation and development;
    * getting by (พออยู่ได้): income at or above the line but fragile: below
      ``income_line × (1 + fragile_margin)`` or with a weak capital — needs promotion;
    * living well (อยู่ดี): above that with no weak capital — graduated, monitor only.

    A capital is weak when its score is below ``weak_below``.

    >>> s = pd.DataFrame({c: [1.0, 3.0, 3.0, 3.0] for c in CAPITALS})
    >>> household_levels(s, pd.Series([10_000, 30_000, 40_000, 90_000]), pd.Series([0, 1, 1, 2]),
    ...                  income_line=38_000).tolist()
    ['struggling', 'difficult', 'getting_by', 'living_well']
    """
    weak = count_weak(scores, weak_below)
    income = income_per_person_year.astype(float).to_numpy()
    below = income < income_line
    fragile = (income < income_line * (1 + fragile_margin)) | (weak.to_numpy() > 0)
    struggling = below & (
        (weak.to_numpy() >= struggling_weak) | (earners.astype(float).to_numpy() == 0)
    )
    level = np.select(
        [struggling, below, fragile],
        ["struggling", "difficult", "getting_by"],
        default="living_well",
    )
    return pd.Series(level, index=scores.index, name="level")
