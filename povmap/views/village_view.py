"""Views of the village profile page: the village picker, its numbers and poor households, its
referrals, the places near it on a map, and the technologies it adopted.
"""

from __future__ import annotations

import folium
import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.capitals import LEVEL_LABELS
from analysis.sites import in_order, most_failed, nearby, nearest
from data import sites
from data.referrals import STATUSES, status_label
from data.schema import table
from geo import maps, site_layers
from povmap import rules, settings, vendor
from povmap.i18n import t
from povmap.views import signin_view, ui
from povmap.views.sites_view import (
    date_text,
    kind_label,
    names,
    site_table,
    tooltips,
    with_labels,
)
from povmap.views.tables import show_table
from query import areas, sites_read
from query import village as vq
from query.access import Access

VILLAGE_LIST_LIMIT = 600


def village_options(
    area: str | None, round_be: int | None, rule_name: str, k: float
) -> pd.DataFrame:
    """Villages of ``area`` (the whole store when None) with their poor households in the round,
    most poor first (at most VILLAGE_LIST_LIMIT), for the village picker: as the signed-in user
    may see them (a hidden village's count is NA)."""
    return _village_options(area, round_be, rule_name, k, signin_view.access())


@ui.cached(edits=(), max_entries=32)
def _village_options(
    area: str | None, round_be: int | None, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    return vq.villages_by_poor(
        ui.cursor(),
        area,
        round_be,
        rules.poor_rule(rule_name, k),
        VILLAGE_LIST_LIMIT,
        access=access,
    )


def village_numbers(code: str, round_be: int | None, rule_name: str, k: float) -> pd.DataFrame:
    """One village's households, people, poor households and people, headcount ratio and
    Alkire–Foster ``H``, ``A``, ``M0`` (weights from the settings, cut-off ``k``) in the round:
    the query of ``povmap stats --level village --area <code>`` (:func:`query.areas.area_measures`),
    as the signed-in user may see them (``suppressed``: hidden for them, every number NA)."""
    return _village_numbers(code, round_be, rule_name, k, signin_view.access())


@ui.cached(edits=(), max_entries=64)
def _village_numbers(
    code: str, round_be: int | None, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    return areas.area_measures(
        ui.cursor(),
        "village",
        round_be=round_be,
        area=code,
        rule=rules.poor_rule(rule_name, k),
        af_weights=dict(rules.af_weights()),
        af_k=float(k),
        access=access,
    )


def numbers_hidden(stats: pd.DataFrame) -> bool:
    """Whether :func:`village_numbers` hid the village's numbers from the signed-in user."""
    return "suppressed" in stats and bool(stats["suppressed"].any())


@ui.cached(edits=(), max_entries=64)
def village(code: str) -> dict | None:
    """The stored village (names, point), or None."""
    return vq.village(ui.cursor(), code)


@ui.cached(edits=(), max_entries=32)
def _village_points(subdistrict: str) -> pd.DataFrame:
    return vq.village_points(ui.cursor(), subdistrict)


def nearest_village(lat: float, lon: float, subdistrict: str) -> str | None:
    """The village of ``subdistrict`` whose point is nearest to (lat, lon)."""
    code = nearest(_village_points(subdistrict), lat, lon, "village_code")
    return None if code is None else str(code)


@ui.cached(edits=("referrals",), max_entries=32)
def _referral_counts(code: str, access: Access) -> pd.DataFrame | None:
    return vq.referral_counts(ui.cursor(), code, access=access)


def sees_referrals(code: str) -> bool:
    """Whether the signed-in user works on referrals in the village (refers households there,
    or follows an agency's queue there): only they are shown its referral counts."""
    access = signin_view.access()
    return access.can("refer", code) or access.can("agency_referrals", code)


def village_referrals(code: str, lang: str) -> pd.DataFrame | None:
    """Referrals of the village's households by current status, those the signed-in user may
    read (None when referrals are not set up; :class:`query.access.AccessDenied` for a user
    who works on no referrals there).

    Reads the ``referral_current`` view of the referrals feature when it exists.
    """
    frame = _referral_counts(code, signin_view.access())
    if frame is None:
        return None
    frame = in_order(frame, "status", STATUSES)
    return frame.assign(status=[status_label(s, lang) for s in frame["status"]])


def nearby_sites(lat: float, lon: float, radius_km: float, lang: str) -> pd.DataFrame:
    """Places and enterprises within ``radius_km`` of a point, nearest first, labelled."""
    near = nearby(site_table(sites.PLACE_KINDS, None), lat, lon, radius_km)
    return with_labels(near, lang) if len(near) else near


@ui.cached(edits=(), max_entries=64)
def adoptions(code: str) -> pd.DataFrame:
    """The technologies the village adopted, with the communities that brought them."""
    return sites_read.adoptions_frame(ui.cursor(), village_code=code)


def village_map(
    point: tuple[float, float], near: pd.DataFrame, lang: str, subdistrict: str | None = None
) -> folium.Map:
    """The village (a ring), its subdistrict's outline and the places near it, offline."""
    m = maps.offline_map(
        center=point, zoom=12, tiles=settings.get("POVMAP_TILES"), lang=lang, keyboard=False
    )
    if subdistrict:
        layer = ui.boundary_layer("subdistrict")
        polygon = ui.polygon_lookup().get(subdistrict, subdistrict)
        outline = layer[layer["code"] == polygon]
        if len(outline):
            folium.GeoJson(
                outline[["code", "geometry"]].to_json(),
                style_function=lambda _f: {
                    "color": "#6b6b6b",
                    "weight": 1.5,
                    "fillColor": "#fdd49e",
                    "fillOpacity": 0.25,
                },
                control=False,
            ).add_to(m)
    # a ring around the village (drawn under the place icons, so a place at the village shows too)
    folium.CircleMarker(
        location=list(point), radius=17, color="#111111", weight=3, fill=True, fill_opacity=0.08
    ).add_to(m)
    layers: list[folium.map.Layer] = []
    for kind in sites.PLACE_KINDS:
        rows = near[near["kind"] == kind] if len(near) else near
        if rows is None or rows.empty or kind == "tourism_route":
            continue
        colours = {c: term.colour for c, term in sites.vocabulary(kind).items()}
        layers.append(
            site_layers.site_cluster(
                rows.assign(tooltip=tooltips(rows, lang)), kind, kind_label(kind, lang), colours
            )
        )
    if len(near):
        lats = [*near["lat"].astype(float), point[0]]
        lons = [*near["lon"].astype(float), point[1]]
        maps.fit_bounds(
            m,
            (min(lons), min(lats), max(lons), max(lats)),
            padding_top_left=(36, 36),
            padding_bottom_right=(36, 60),
            max_zoom=14,
        )
    return site_layers.add_site_layers(m, layers, assets=vendor.ASSETS)


def village_poverty_section(view: ui.View, code: str) -> None:
    """The village's poor households: capitals, main causes, levels, indicators failed most."""
    lang = view.lang
    i = 1 if lang == "en" else 0
    numbers = village_poverty(view.round_be, code, view.rule_name, view.k, signin_view.access())
    if numbers.suppressed:
        st.info(t("scope.suppressed", lang, n=settings.get("POVMAP_MIN_CELL")))
        return
    a, b, c = st.columns(3)
    with c:
        st.markdown(f"**{t('sites_vil_households_by_level', lang)}**")
        levels = numbers.levels.copy()
        levels.index = [LEVEL_LABELS[x][i] for x in levels.index]
        show_table(
            levels[["households"]].rename(columns={"households": t("households_unit", lang)}),
            lang,
            width="stretch",
        )
        st.caption(t("level_model_note", lang))
    if numbers.poor_households == 0:
        a.info(t("sites_vil_no_poor", lang))
        return
    with a:
        st.markdown(f"**{t('sites_vil_capitals', lang)}**")
        caps = numbers.capitals
        names_ = {r["code"]: r[["name_th", "name_en"][i]] for r in table("capitals")}
        fig = px.bar(
            x=caps.to_numpy(),
            y=[names_[k] for k in caps.index],
            orientation="h",
            range_x=[1, 4],
            labels={"x": "", "y": ""},
            color_discrete_sequence=["#d95f02"],
        )
        fig.update_layout(
            height=260, margin=dict(l=0, r=0, t=5, b=0), font_family="Sarabun, Loma, sans-serif"
        )
        st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    with b:
        st.markdown(f"**{t('sites_vil_causes', lang)}**")
        causes = numbers.causes.copy()
        causes.index = [sites.term_name("cause", x, lang) for x in causes.index]
        show_table(causes.rename(t("poor_households", lang)), lang, width="stretch")
    failing = most_failed(numbers.failing, 5)
    if len(failing):
        st.markdown(f"**{t('sites_vil_indicators', lang)}**")
        show_table(
            pd.DataFrame(
                {
                    t("indicator", lang): [
                        sites.term_name("indicator", x, lang) for x in failing.index
                    ],
                    t("poor_households", lang): failing.to_numpy(),
                }
            ),
            lang,
            hide_index=True,
            width="stretch",
        )


@ui.cached(edits=(), max_entries=32)
def village_poverty(
    round_be: int | None, code: str, rule_name: str, k: float, access: Access
) -> vq.VillagePoverty:
    """One village's levels and its poor households' capitals, causes and indicators, as
    ``access`` may see them (``suppressed``: hidden for it)."""
    return vq.village_poverty(
        ui.cursor(),
        round_be,
        code,
        rule=rules.poor_rule(rule_name, k),
        model=rules.household_model(),
        access=access,
    )


def adopted_table(adopted: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A village's adopted technologies as shown."""
    return pd.DataFrame(
        {
            t("sites_name", lang): names(adopted, lang).to_numpy(),
            t("sites_kind_innovation_community", lang): names(
                adopted, lang, "community_"
            ).to_numpy(),
            t("sites_inno_households_reached", lang): adopted["households"].to_numpy(),
            t("sites_started", lang): adopted["adopted_on"].map(date_text).to_numpy(),
        }
    )
