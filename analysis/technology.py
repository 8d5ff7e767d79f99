"""Which technologies of the library address an area's main causes of poverty, ranked, with why.

An area's needs come from its poor households (the "why" analysis): the share of them whose main
cause is each cause (``analysis.causes.cause_shares``) and the share failing each BMN indicator
(``analysis.causes.indicator_shares``). A technology is tagged with the causes, indicators and
capitals it addresses (data/tables/technologies.csv). The match:

* **top causes**: the area's ``top_causes`` most common main causes ("other" excluded: no
  technology targets it);
* **cause coverage** = sum of the shares of the top causes the technology addresses: the share of
  the area's poor households whose main cause it targets;
* **indicator coverage** = the largest share of poor households failing an indicator the
  technology addresses;
* **score** = cause coverage + ``indicator_weight`` × indicator coverage.

Only technologies addressing at least one top cause are listed, best score first (ties: higher
cause coverage, then ID). This ranking is this project's model, not a programme rule.

Example:
    >>> import pandas as pd
    >>> tech = pd.DataFrame({"site_id": ["pump", "loan"], "causes": ["lack_water", "lack_capital"],
    ...                      "indicators": ["bmn_07", "bmn_15"]})
    >>> causes = pd.Series({"lack_water": 0.5, "lack_capital": 0.3, "illness": 0.2})
    >>> fails = pd.Series({"bmn_07": 0.4, "bmn_15": 0.9})
    >>> m = match_technologies(tech, causes, fails, top_causes=2, indicator_weight=0.5)
    >>> m[["site_id", "score"]].values.tolist()
    [['loan', 0.75], ['pump', 0.7]]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.causes import cause_shares, indicator_shares

MATCH_COLUMNS = (
    "site_id",
    "rank",
    "score",
    "cause_coverage",
    "indicator_coverage",
    "matched_causes",
    "matched_indicators",
)


def _tags(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [v for v in value.split("|") if v]


def area_needs(poor: pd.DataFrame, indicators: Sequence[str]) -> tuple[pd.Series, pd.Series]:
    """(share of poor households by main cause, share failing each indicator) for one area.

    ``poor`` has one row per poor household with ``main_cause`` and the indicator columns
    (0 = fails). Both series are sorted largest first; empty when there are no poor households.
    """
    if poor.empty:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    one = poor.assign(_area="area")
    causes = cause_shares(one, "_area")["share"].droplevel(0).sort_values(ascending=False)
    failing = indicator_shares(one, "_area", list(indicators))["share"].droplevel(0)
    return causes, failing.sort_values(ascending=False)


def top_causes_of(cause_share: pd.Series, n: int) -> pd.Series:
    """The ``n`` largest cause shares, without "other" (ties broken by cause code)."""
    shares = cause_share.drop(labels=["other"], errors="ignore")
    shares = shares[shares > 0]
    order = sorted(shares.index, key=lambda c: (-float(shares[c]), str(c)))
    return shares.reindex(order[:n])


def match_technologies(
    technologies: pd.DataFrame,
    cause_share: pd.Series,
    indicator_share: pd.Series | None = None,
    *,
    top_causes: int = 3,
    indicator_weight: float = 0.5,
) -> pd.DataFrame:
    """Technologies addressing the area's top causes, ranked (see the module docstring).

    Args:
        technologies: one row per technology with ``site_id`` and '|'-separated ``causes`` and
            ``indicators`` tags.
        cause_share: share of the area's poor households per main cause.
        indicator_share: share of the area's poor households failing each indicator.
        top_causes: how many of the most common causes count.
        indicator_weight: weight of the indicator coverage in the score (0 = causes only).

    Returns:
        One row per matching technology: ``site_id``, ``rank`` (1 = best), ``score``,
        ``cause_coverage``, ``indicator_coverage``, ``matched_causes`` and ``matched_indicators``
        (lists of codes, the most common first).
    """
    top = top_causes_of(cause_share, top_causes)
    fails = indicator_share if indicator_share is not None else pd.Series(dtype=float)
    rows = []
    for tech_id, cause_tags, indicator_tags in zip(
        technologies["site_id"], technologies["causes"], technologies["indicators"], strict=True
    ):
        tags = set(_tags(cause_tags))
        matched = [c for c in top.index if c in tags]
        if not matched:
            continue
        addressed = [i for i in _tags(indicator_tags) if float(fails.get(i, 0.0)) > 0]
        addressed.sort(key=lambda i: (-float(fails[i]), i))
        cause_cov = float(sum(top[c] for c in matched))
        ind_cov = float(fails[addressed[0]]) if addressed else 0.0
        rows.append(
            (
                tech_id,
                round(cause_cov + indicator_weight * ind_cov, 12),
                cause_cov,
                ind_cov,
                matched,
                addressed,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "site_id",
            "score",
            "cause_coverage",
            "indicator_coverage",
            "matched_causes",
            "matched_indicators",
        ],
    )
    out = out.sort_values(
        ["score", "cause_coverage", "site_id"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    out.insert(1, "rank", range(1, len(out) + 1))
    return out[list(MATCH_COLUMNS)]
