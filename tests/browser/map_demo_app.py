"""A tiny Streamlit page for the offline-map browser test: 77 provinces, a legend, clustered points.

Not the real app: it only proves that a geo.maps map drawn through st_folium needs nothing but
the Streamlit server. Boundaries come from $POVMAP_BOUNDARIES/tha_adm1_provinces.geojson.
Values are made up (deterministic per code); province 96 has no data and 58 is suppressed, so
every legend row shows. $MAP_DEMO_HOSTILE_NAME, when set, replaces Bangkok's name (10), to check
that names render as text.

Run by hand from the repository root (so .streamlit/config.toml and static/ apply)::

    POVMAP_BOUNDARIES=../shared/boundaries streamlit run tests/browser/map_demo_app.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo import maps  # noqa: E402
from povmap.vendor import ASSETS  # noqa: E402

NO_DATA_CODE = "96"
SUPPRESSED_CODE = "58"


@st.cache_data
def provinces(folder: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(Path(folder) / "tha_adm1_provinces.geojson")
    gdf["code"] = gdf["ADM1_PCODE"].str[2:]
    gdf["name"] = gdf["ADM1_TH"]
    return gdf[["code", "name", "geometry"]]


def demo_value(code: str) -> float:
    """A made-up, deterministic number of poor households for a province code."""
    return float((int(code) * 7919) % 9000 + 250)


st.set_page_config(page_title="แผนที่ทดสอบ", layout="wide")
st.title("แผนที่ครัวเรือนยากจน (ทดสอบออฟไลน์)")

folder = os.environ.get("POVMAP_BOUNDARIES") or str(ROOT.parent / "shared" / "boundaries")
gdf = provinces(folder).copy()
if hostile := os.environ.get("MAP_DEMO_HOSTILE_NAME"):
    gdf.loc[gdf["code"] == "10", "name"] = hostile
values = pd.Series({c: demo_value(c) for c in gdf["code"]})
values[NO_DATA_CODE] = np.nan

bins = maps.classify(values, "quantiles", k=5)
m = maps.offline_map()
maps.choropleth(
    gdf,
    values,
    bins=bins,
    palette=maps.YLORRD_5,
    tooltip_fields={"จังหวัด": "name", "รหัส": "code"},
    value_label="ครัวเรือนยากจน",
    suppressed_codes={SUPPRESSED_CODE},
    name="provinces",
).add_to(m)
maps.legend("ครัวเรือนยากจน (ครัวเรือน)", bins, maps.YLORRD_5).add_to(m)

points = gdf.assign(geometry=gdf.representative_point())
points = pd.DataFrame({"lat": points.geometry.y, "lon": points.geometry.x, "name": gdf["name"]})
maps.point_cluster(points, tooltip="name", name="centroids", showCoverageOnHover=False).add_to(m)
maps.fit_bounds(m, gdf)

st_folium(maps.localize(m, ASSETS), returned_objects=[], height=640, use_container_width=True)
st.caption(f"{len(gdf)} จังหวัด")
