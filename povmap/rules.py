"""The poverty rule the settings ask for, shared by the CLI and the app."""

from __future__ import annotations

import pandas as pd

from analysis.mpi import indicator_weights
from data.schema import bmn_indicators, table
from data.store import PoorRule
from povmap import settings
from query.profile import HouseholdModel
from query.summary import Spec

DIMENSIONS = ("health", "living", "education", "income", "access")


def af_weights() -> pd.Series:
    """Indicator weights from POVMAP_AF_DIMENSION_WEIGHTS (each dimension shared equally)."""
    dims = dict(zip(DIMENSIONS, settings.get("POVMAP_AF_DIMENSION_WEIGHTS"), strict=True))
    return indicator_weights(pd.DataFrame(bmn_indicators()), dims)


def poor_rule(name: str | None = None, k: float | None = None) -> PoorRule:
    """POVMAP_POOR_RULE as a PoorRule ('tpmap' or 'af' with POVMAP_AF_K)."""
    name = name or settings.get("POVMAP_POOR_RULE")
    if name == "af":
        k = settings.get("POVMAP_AF_K") if k is None else k
        return PoorRule("af", float(k), tuple(af_weights().items()))
    return PoorRule(name)


def household_model() -> HouseholdModel:
    """The household model (capital scoring table, income line, level thresholds) the settings
    ask for: what query.profile scores households with."""
    return HouseholdModel(
        scoring=tuple(table("capital_scoring")),
        income_line=float(settings.get("POVMAP_INCOME_LINE")),
        weak_below=float(settings.get("POVMAP_WEAK_CAPITAL")),
        struggling_weak=int(settings.get("POVMAP_LEVEL_STRUGGLING_WEAK")),
        fragile_margin=float(settings.get("POVMAP_LEVEL_FRAGILE_MARGIN")),
    )


def summary_spec(rule_name: str | None = None, k: float | None = None) -> Spec:
    """What the village sums of :mod:`query.summary` are for under the settings: the rule
    (``rule_name`` and ``k``, default the settings'), the household model, the Alkire–Foster
    weights and POVMAP_AF_K, and every BMN indicator."""
    return Spec(
        rule=poor_rule(rule_name, k),
        model=household_model(),
        af_weights=tuple(af_weights().items()),
        af_k=float(settings.get("POVMAP_AF_K")),
        indicators=tuple(r["code"] for r in bmn_indicators()),
    )


def summary_specs() -> list[Spec]:
    """The sums every write path prepares for the first visitor: both rules at the settings."""
    return [summary_spec("tpmap"), summary_spec("af")]
