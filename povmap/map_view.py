"""The map fragment: a choropleth of the areas below the selected one, with click-to-drill.

Runs inside ``st.fragment`` so panning, zooming and changing the metric rerun only the map; a
click on an area (the only value sent back) drills into it and reruns the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.area_map import METRICS, build_area_map, polygon_stats, with_ratios
from povmap import settings, ui
from povmap.i18n import t


@st.cache_resource(show_spinner=False)
def _subdistrict_lookup() -> pd.DataFrame:
    return pd.read_parquet(settings.get("POVMAP_CACHE_DIR") / "subdistrict_lookup.parquet")


def map_stats(view: ui.View) -> pd.DataFrame:
    """Area aggregates keyed by the codes of the shown polygons."""
    level = view.level_below
    stats = ui.area_stats(level, view.round_be, view.area, view.rule_name, view.k)
    if level == "subdistrict":
        return polygon_stats(stats, _subdistrict_lookup())
    return with_ratios(stats)


def shown_layer(view: ui.View):
    """Polygons of the level below the selected area, restricted to that area."""
    level = view.level_below
    layer = ui.boundary_layer(level)
    if not view.area:
        return layer
    if level == "subdistrict":
        return layer[layer["district_code"].str.startswith(view.area[:4])]
    return layer[layer["code"].str.startswith(view.area)]


@st.fragment
def area_map_fragment(view: ui.View, metric: str = "poor_households", height: int = 560) -> None:
    lang = view.lang
    key = st.selectbox(
        t("map_metric", lang),
        options=list(METRICS),
        format_func=lambda k: METRICS[k].label(lang),
        key="overview_metric",
        index=list(METRICS).index(metric),
    )
    chosen = METRICS[key]
    level = view.level_below
    caption_key = {"province": "map_caption", "district": "map_caption_district"}.get(
        level, "map_caption_subdistrict"
    )
    st.caption(
        t(caption_key, lang, metric=chosen.label(lang), area=view.area_name(), round=view.round_be)
        + f" · {chosen.definition(lang)}"
    )
    m = build_area_map(
        shown_layer(view),
        map_stats(view),
        chosen,
        lang=lang,
        min_cell=settings.get("POVMAP_MIN_CELL"),
        tiles=settings.get("POVMAP_TILES"),
        level_label=t(f"level_{level}", lang),
        labels={"no_data": t("no_data_label", lang), "suppressed": t("suppressed", lang)},
        coord_decimals=settings.get("POVMAP_COORD_DECIMALS"),
    )
    out = st_folium(
        m,
        returned_objects=["last_active_drawing"],
        height=height,
        use_container_width=True,
        key=f"map-{view.area or 'th'}-{level}",
    )
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
    if clicked and level in ("province", "district") and clicked != view.area:
        ui.set_area(clicked)
        st.rerun(scope="app")
