"""The poverty choropleth of one level inside one parent area, built from plain tables (no streamlit).

Example:
    >>> import pandas as pd
    >>> stats = pd.DataFrame({"code": ["100101", "100910"], "households": [10, 5],
    ...     "people": [40, 20], "poor_households": [4, 1], "poor_people": [16, 4]})
    >>> lookup = pd.DataFrame({"subdistrict_code": ["100101", "100910"],
    ...     "polygon_code": ["100101", "100905"]})
    >>> polygon_stats(stats, lookup)["code"].tolist()
    ['100101', '100905']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import maps

COUNT_COLUMNS = ("households", "people", "poor_households", "poor_people")


@dataclass(frozen=True)
class Metric:
    key: str
    label_th: str
    label_en: str
    kind: str  # "count" or "share"
    definition_th: str
    definition_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_th

    def definition(self, lang: str) -> str:
        return self.definition_en if lang == "en" else self.definition_th


METRICS: dict[str, Metric] = {
    "poor_households": Metric(
        "poor_households",
        "ครัวเรือนยากจน",
        "Poor households",
        "count",
        "จำนวนครัวเรือนที่เข้านิยามคนจน",
        "Households meeting the poverty rule",
    ),
    "poor_people": Metric(
        "poor_people",
        "คนจน",
        "Poor people",
        "count",
        "จำนวนสมาชิกของครัวเรือนยากจน",
        "Members of poor households",
    ),
    "headcount_ratio": Metric(
        "headcount_ratio",
        "สัดส่วนคนจน (%)",
        "Headcount ratio (%)",
        "share",
        "คนจน ÷ คนในครัวเรือนที่สำรวจ",
        "Poor people ÷ people in surveyed households",
    ),
}


def polygon_stats(stats: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """Subdistrict aggregates re-keyed to boundary polygons (DOPA codes newer than the boundaries
    share an older polygon); counts are summed and ratios recomputed from the sums."""
    poly = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    frame = stats.assign(code=stats["code"].map(lambda c: poly.get(c, c)))
    out = frame.groupby("code", as_index=False)[list(COUNT_COLUMNS)].sum()
    return with_ratios(out)


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["headcount_ratio"] = out["poor_people"] / out["people"].where(out["people"] > 0)
    return out


def build_area_map(
    layer: gpd.GeoDataFrame,
    stats: pd.DataFrame,
    metric: Metric,
    *,
    lang: str = "th",
    method: str = "quantiles",
    min_cell: int = 5,
    tiles: bool = False,
    labels: Mapping[str, str] | None = None,
    level_label: str = "",
    coord_decimals: int = 4,
) -> folium.Map:
    """A choropleth of ``metric`` over ``layer`` (already restricted to the parent area).

    Areas with fewer than ``min_cell`` surveyed households are suppressed; areas without records
    show as "no data". Tooltips carry both names, the value and the rank within the parent.
    """
    labels = labels or {}
    frame = layer[["code", "name_th", "name_en", "geometry"]].merge(stats, on="code", how="left")
    value = frame[metric.key].astype(float)
    if metric.kind == "share":
        value = value * 100
    suppressed = set(frame.loc[frame["households"].fillna(0).between(1, min_cell - 1), "code"])
    shown = value.where(~frame["code"].isin(suppressed))
    rank = shown.rank(ascending=False, method="min")
    n_ranked = int(shown.notna().sum())
    frame["rank_text"] = [
        "" if np.isnan(r) else f"{int(r)} / {n_ranked}" for r in rank.to_numpy(dtype=float)
    ]
    values = pd.Series(shown.to_numpy(), index=frame["code"])
    bins = maps.classify(values.dropna(), method, k=5)
    fmt = (lambda v: maps.format_number(v, 1)) if metric.kind == "share" else maps.format_number
    first, second = ("name_en", "name_th") if lang == "en" else ("name_th", "name_en")
    # keyboard=False: focusing the map on mousedown scrolls the page when the map is partly off
    # screen, and the mouseup then misses the area that was pressed (no drill-down on click)
    m = maps.offline_map(tiles=tiles, prefer_canvas=False, keyboard=False)
    maps.choropleth(
        frame,
        values,
        bins=bins,
        palette=maps.YLORRD_5,
        tooltip_fields={
            level_label or labels.get("area", ""): first,
            "": second,
            labels.get("rank", "อันดับ" if lang == "th" else "Rank"): "rank_text",
        },
        value_label=metric.label(lang),
        value_fmt=fmt,
        no_data_label=labels.get("no_data", "ไม่มีข้อมูล" if lang == "th" else "No data"),
        suppressed_codes=suppressed,
        suppressed_label=labels.get(
            "suppressed", "ปกปิด (ข้อมูลน้อย)" if lang == "th" else "Suppressed (few records)"
        ),
        coord_decimals=coord_decimals,
    ).add_to(m)
    maps.legend(
        metric.label(lang),
        bins,
        maps.YLORRD_5,
        labels_fmt=fmt,
        no_data_label=labels.get("no_data", "ไม่มีข้อมูล" if lang == "th" else "No data"),
        suppressed_label=labels.get(
            "suppressed", "ปกปิด (ข้อมูลน้อย)" if lang == "th" else "Suppressed (few records)"
        ),
    ).add_to(m)
    if len(frame):
        maps.fit_bounds(m, frame)
    return maps.localize(m)
