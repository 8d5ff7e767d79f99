"""The poverty map in Streamlit: data cached per (level, area, round, metric) and the map fragment.

Data are cached on plain values (level, area code, round, rule, k, metric key), never on
GeoDataFrames: geometry with ``st.cache_data``, measures with ``ui.cached`` (kept until the store's
households change). The map runs in ``st.fragment``: changing the metric, the classes,
the colours or the hot-spot layer reruns only the fragment, and the browser only restyles the
polygons it already has (the style travels in ``st_folium``'s ``feature_group_to_add``; the
geometry script is unchanged, so the map is not rebuilt). A click on an area drills into it and
reruns the page. On the map page, where a pan or a zoom ends the map's zoom and centre go into the
URL (``zoom``, ``lat``, ``lon``: :func:`view_from_url`, written by :func:`_sync_view` through
``ui.write_url``), rerunning only the fragment and restyling nothing; a link with them opens the map
there, and a new area or level starts from the whole area again. The overview's map sends nothing
back when panned.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis import areas as areas_maths
from analysis.areas import labelled, map_table, with_change
from analysis.hotspots import (
    EXPLANATION,
    HOTSPOT_LABELS,
    SIGNIFICANCE_LEVELS,
    local_gi_star,
    queen_weights,
    spot_counts,
)
from analysis.measures import for_rule
from analysis.suppression import suppressed
from geo import boundaries
from geo.area_geometry import geometry_payload
from geo.area_map import build_area_map, point_layers
from geo.area_style import class_counts, style_payload
from geo.area_values import area_values
from geo.classify import METHODS, PALETTES, palette_used
from geo.codes import level_of
from geo.map_areas import CENTRE_DECIMALS, layer_level, levels_for, map_view_of, scope_of
from geo.metrics import METRICS, Metric
from povmap import rules, settings, vendor
from povmap.i18n import t
from povmap.views import briefing_view as bv
from povmap.views import measure_view as mv
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query import areas, households
from query.access import NAMED, Access

HOTSPOT_LEVELS = ("district", "subdistrict")
#: Query parameters of the map page (``level`` is taken by the researcher filters). A value equal
#: to its default is left out of the URL (the level's default is the level below the area).
PARAMS = {"level": ui.MAP_LEVEL_PARAM, "metric": "metric", "method": "method", "palette": "palette"}
HOT_PARAM = "hotspots"


# --- which areas -------------------------------------------------------------------------------------


def shown_layer(level: str, scope: str | None):
    """Polygons of ``level`` inside ``scope``, sorted by code (read-only, from the cache)."""
    layer = boundaries.polygons_in(ui.boundary_layer(layer_level(level, scope)), level, scope)
    return layer.sort_values("code")


@st.cache_data(show_spinner=False, max_entries=24)
def geometry(level: str, scope: str | None, decimals: int) -> dict[str, Any]:
    """The compact geometry the browser draws (see geo.area_geometry.geometry_payload)."""
    return geometry_payload(shown_layer(level, scope), decimals=decimals)


@st.cache_data(show_spinner=False, max_entries=24)
def polygon_targets(level: str, scope: str | None) -> dict[str, str]:
    """Polygon code -> the area code a click selects (a current DOPA code for subdistricts)."""
    layer = shown_layer(level, scope)
    if "dopa_codes" not in layer:
        return {c: c for c in layer["code"]}
    return {
        code: (dopa.split("|")[0] if dopa else code)
        for code, dopa in zip(layer["code"], layer["dopa_codes"], strict=True)
    }


# --- measures ---------------------------------------------------------------------------------------


@ui.cached(edits=(), max_entries=48)
def round_measures(
    level: str, scope: str | None, round_be: int, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    """Every map measure of one round per polygon of ``level`` inside ``scope``, indexed by
    code (:func:`query.areas.area_measures`; subdistricts keyed by boundary polygon), as
    ``access`` may see them (``suppressed``: the areas hidden for it, numbers NA)."""
    frame = areas.area_measures(
        ui.cursor(),
        level,
        round_be=round_be,
        area=scope,
        rule=rules.poor_rule(rule_name, k),
        model=rules.household_model(),
        af_weights=dict(rules.af_weights()),
        af_k=float(settings.get("POVMAP_AF_K")),
        polygons=ui.polygon_lookup() if level == "subdistrict" else None,
        summary=rules.summary_spec(rule_name, k),
        access=access,
    )
    return frame.drop(columns="round_be").set_index("code")


def metric_for(key: str, rule_name: str, k: float) -> Metric:
    """The map metric ``key`` named for the poverty rule: under the Alkire–Foster rule the
    stored headcount ratio is H, and the registry names it so."""
    metric, measure = METRICS[key], for_rule(key, rule_name)
    if measure.key == key:
        return metric
    return replace(
        metric,
        label_th=measure.name("th", k),
        label_en=measure.name("en", k),
        definition_th=measure.definition("th", k),
        definition_en=measure.definition("en", k),
        rank_ascending=measure.rank_ascending,
    )


def previous_round(round_be: int | None) -> int | None:
    """The stored round before ``round_be`` (None when there is none)."""
    return areas_maths.previous_round(ui.rounds(), round_be)


@ui.cached(edits=(), max_entries=48)
def measures(
    level: str, scope: str | None, round_be: int, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    """:func:`round_measures` with the change since the previous round (``suppressed_prev``:
    the areas hidden for ``access`` in that round, whose change is not shown either)."""
    now = round_measures(level, scope, round_be, rule_name, k, access)
    before = previous_round(round_be)
    prev = round_measures(level, scope, before, rule_name, k, access) if before else None
    out = with_change(now, prev)
    if prev is not None and "suppressed" in prev:
        out["suppressed_prev"] = prev["suppressed"].reindex(out.index, fill_value=False)
    return out


@st.cache_resource(show_spinner=False, max_entries=16)
def _queen(level: str, scope: str | None):
    layer = shown_layer(level, scope)
    return queen_weights(layer.geometry, layer["code"].tolist())


def _gi_settings() -> tuple[str, str, int, int]:
    """The hot-spot settings in :func:`hotspot_classes`'s order (inference, correction,
    permutations, seed), read on every run: the panel reports what the computation used."""
    return (
        settings.get("POVMAP_HOTSPOT_INFERENCE"),
        settings.get("POVMAP_HOTSPOT_CORRECTION"),
        int(settings.get("POVMAP_HOTSPOT_PERMUTATIONS")),
        int(settings.get("POVMAP_HOTSPOT_SEED")),
    )


@ui.cached(edits=(), max_entries=64)
def hotspot_classes(
    level: str,
    scope: str | None,
    round_be: int,
    metric_key: str,
    rule_name: str,
    k: float,
    min_cell: int,
    inference: str,
    correction: str,
    permutations: int,
    seed: int,
    access: Access,
) -> tuple[pd.DataFrame | None, str]:
    """Gi* of the shown metric per polygon (suppressed areas left out): the class (``hotspot``)
    and the ``z``, ``p`` and ``p_adjusted`` of the one inference it comes from, with the
    analysis's ``attrs`` (inference, correction, permutations run, seed, areas tested); or None
    and the reason there is none."""
    codes = shown_layer(level, scope)["code"].tolist()
    stats = measures(level, scope, round_be, rule_name, k, access)
    values = area_values(codes, stats, METRICS[metric_key], min_cell=min_cell)["shown"]
    try:
        gi = local_gi_star(
            values,
            _queen(level, scope),
            inference=inference,
            correction=correction,
            permutations=permutations,
            seed=seed,
        )
    except ValueError as exc:
        return None, str(exc)
    out = gi[["hotspot", "z", "p", "p_adjusted"]].astype({"hotspot": str})
    out.attrs = dict(gi.attrs)
    return out, ""


@ui.cached(edits=(), max_entries=64)
def map_style(
    level: str,
    scope: str | None,
    decimals: int,
    round_be: int,
    rule_name: str,
    k: float,
    metric_key: str,
    method: str,
    palette: str,
    lang: str,
    hot: tuple[str, str, int, int] | None,
    selected: str | None,
    min_cell: int,
    access: Access,
) -> dict[str, Any]:
    """The style part of the map (classes, values, ranks, legend, hot spots), cached per view
    and per ``access`` (its hidden areas are drawn suppressed); ``hot``: the hot-spot settings
    (:func:`_gi_settings`) when the layer is on."""
    geo = geometry(level, scope, decimals)
    hot_classes = None
    if hot:
        gi, _ = hotspot_classes(
            level, scope, round_be, metric_key, rule_name, k, min_cell, *hot, access
        )
        hot_classes = None if gi is None else gi["hotspot"]
    n = len(geo["code"])
    return style_payload(
        geo,
        measures(level, scope, round_be, rule_name, k, access),
        metric_for(metric_key, rule_name, k),
        lang=lang,
        method=method,
        palette=palette,
        min_cell=min_cell,
        labels=_labels(lang, metric_for(metric_key, rule_name, k)),
        hotspots=hot_classes,
        hot_labels={c: HOTSPOT_LABELS[c][1 if lang == "en" else 0] for c in HOTSPOT_LABELS},
        selected=selected,
        outline_weight=0.25 if n > 3000 else (0.45 if n > 300 else 0.7),
    )


# --- points ---------------------------------------------------------------------------------------------


@ui.cached(edits=(), max_entries=16)
def village_points(
    scope: str, round_be: int, rule_name: str, k: float, lang: str, min_cell: int, access: Access
) -> pd.DataFrame:
    """Village pins inside ``scope`` with a tooltip: number, name, poor households of the round
    (as ``access`` may see them: a village hidden for it says it is suppressed)."""
    villages = areas.village_measures(
        ui.cursor(), scope, round_be, rules.poor_rule(rule_name, k), access=access
    )
    hidden = villages["suppressed"] if "suppressed" in villages else [False] * len(villages)
    tips = [
        _village_tip(no, th, en, households, poor, lang, min_cell, bool(gone))
        for (no, th, en, households, poor), gone in zip(
            villages[
                ["village_no", "name_th", "name_en", "households", "poor_households"]
            ].itertuples(index=False),
            hidden,
            strict=True,
        )
    ]
    return pd.DataFrame({"lat": villages["lat"], "lon": villages["lon"], "tooltip": tips})


def _village_tip(
    no, th, en, households: int, poor: int, lang: str, min_cell: int, hidden: bool = False
) -> str:
    name = f"{th} / {en}" if lang == "th" else f"{en} / {th}"
    args = {"no": no, "name": name, "min_cell": min_cell}
    if hidden:
        return t("map_village_tip_suppressed", lang, **args)
    if pd.isna(households) or not households:
        return t("map_village_tip_none", lang, **args)
    if suppressed(households, min_cell):
        return t("map_village_tip_suppressed", lang, **args)
    return t("map_village_tip", lang, poor=f"{int(poor):,}", total=f"{int(households):,}", **args)


@ui.cached(edits=(), max_entries=16)
def household_points(
    scope: str, round_be: int, rule_name: str, k: float, lang: str, access: Access
) -> pd.DataFrame:
    """Households with a GPS point inside ``scope`` (only where household views are allowed and
    ``access`` holds named records: the door refuses anyone else)."""
    homes = households.household_points(
        ui.cursor(), scope, round_be, rules.poor_rule(rule_name, k), access=access
    )
    status = {True: t("map_household_poor", lang), False: t("map_household_not_poor", lang)}
    tips = [
        t("map_household_tip", lang, hh_id=h, status=status[bool(p)], members=m)
        for h, p, m in zip(homes["hh_id"], homes["poor"], homes["members"], strict=True)
    ]
    return pd.DataFrame({"lat": homes["lat"], "lon": homes["lon"], "tooltip": tips})


# --- state ----------------------------------------------------------------------------------------------


def _init(
    key: str, options: list[Any], default: Any, param: str | None = None, take_url: bool = False
) -> None:
    """Give widget ``key`` a valid value: the URL's on first use and when the URL moved
    (``take_url``: Back, Forward, an edited address; a missing parameter means the default),
    else the session's, else the default."""
    reset = st.session_state.pop(f"{key}__reset", False)
    if param and (take_url or key not in st.session_state):
        wanted = st.query_params.get(param)
        st.session_state[key] = wanted if wanted in options else default
        return
    if key in st.session_state and st.session_state[key] in options and not reset:
        return
    st.session_state[key] = default


def _labels(lang: str, metric: Metric) -> dict[str, str]:
    return {
        "no_data": t("no_data_label", lang),
        "suppressed": t("suppressed", lang),
        "rank": t("rank_of", lang) + " · " + rank_note(metric, lang),
        "hot_title": t("map_hot_title", lang),
    }


def rank_note(metric: Metric, lang: str) -> str:
    """What rank 1 means for ``metric`` ("rank 1 = largest fall (best)"), from the registry."""
    return for_rule(metric.key, None).rank_note(lang)


def _level_label(level: str, scope: str | None, lang: str) -> str:
    if level == "subdistrict" and scope is None:
        return t("map_level_subdistrict_national", lang)
    return t(f"map_level_{level}", lang)


def _sync_params(prefix: str, defaults: dict[str, str]) -> None:
    """The map's choices into the URL (one history step; defaults left out, a parameter whose
    value means the same is not touched, so opening a shared link adds no step)."""
    changes: dict[str, str | None] = {}
    for name, param in PARAMS.items():
        value = str(st.session_state[f"{prefix}_{name}"])
        if (st.query_params.get(param) or defaults[name]) != value:
            changes[param] = None if value == defaults[name] else value
    hot = "1" if st.session_state.get(f"{prefix}_hot") else None
    if st.query_params.get(HOT_PARAM) != hot:
        changes[HOT_PARAM] = hot
    ui.write_url(changes)


def view_from_url() -> tuple[int, tuple[float, float]] | None:
    """The zoom and centre (lat, lon) the URL holds for the map, or None when it holds none (or
    a value out of range)."""
    view = map_view_of(*(st.query_params.get(p, "") for p in ui.MAP_VIEW_PARAMS))
    return None if view is None else (view.zoom, (view.lat, view.lon))


def reported_view(out: dict | None) -> tuple[int, tuple[float, float]] | None:
    """The zoom and centre ``st_folium`` reported, rounded as the URL keeps them (None before
    the map has reported any).

    >>> reported_view({"zoom": 8, "center": {"lat": 16.432149, "lng": 103.50118}})
    (8, (16.4321, 103.5012))
    >>> reported_view({"zoom": 6}) is None
    True
    """
    centre = (out or {}).get("center") or {}
    zoom = (out or {}).get("zoom")
    if zoom is None or centre.get("lat") is None or centre.get("lng") is None:
        return None
    lat, lon = (round(float(centre[k]), CENTRE_DECIMALS) for k in ("lat", "lng"))
    return round(float(zoom)), (lat, lon)


def same_view(a: tuple[int, tuple[float, float]], b: tuple[int, tuple[float, float]]) -> bool:
    """Whether two views differ by less than two screen pixels (Leaflet puts a centre it is given
    on a whole pixel, so a view read back from the URL may come back a pixel off).

    >>> same_view((12, (16.5493, 103.7906)), (12, (16.5494, 103.7906)))
    True
    >>> same_view((8, (16.5, 103.7)), (9, (16.5, 103.7))), same_view((8, (16.5, 103.7)), (8, (16.6, 103.7)))
    (False, False)
    """
    if a[0] != b[0]:
        return False
    tolerance = 2 * 360 / (256 * 2 ** a[0])
    return all(abs(x - y) < tolerance for x, y in zip(a[1], b[1], strict=True))


def shows_whole_area(out: dict | None, bounds) -> bool:
    """Whether the map as ``st_folium`` reported it shows the whole of ``bounds`` (minx, miny,
    maxx, maxy) and the area fills at least nearly half of it in one direction: the view the map
    opens on (fitted to its areas), which the URL leaves out.

    >>> view = {"bounds": {"_southWest": {"lat": 15.0, "lng": 102.0},
    ...                    "_northEast": {"lat": 17.5, "lng": 105.0}}}
    >>> shows_whole_area(view, (102.5, 15.5, 104.5, 17.0)), shows_whole_area(view, (103, 16, 104, 17))
    (True, False)
    """
    box = (out or {}).get("bounds") or {}
    sw, ne = box.get("_southWest") or {}, box.get("_northEast") or {}
    try:
        west, south, east, north = (float(v) for v in (sw["lng"], sw["lat"], ne["lng"], ne["lat"]))
    except (KeyError, TypeError, ValueError):
        return False
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    slack_x, slack_y = 0.02 * (east - west), 0.02 * (north - south)
    inside = (
        west - slack_x <= minx and maxx <= east + slack_x and south - slack_y <= miny
        and maxy <= north + slack_y
    )  # fmt: skip
    fills = (maxx - minx) >= 0.45 * (east - west) or (maxy - miny) >= 0.45 * (north - south)
    return inside and fills


def _sync_view(out: dict | None, shown: tuple[int, tuple[float, float]] | None, bounds) -> None:
    """Where the map is now into the URL, one history step per pan or zoom; the view it opens
    on (the whole area, :func:`shows_whole_area`) leaves the URL, and nothing is written when
    the URL already says so (after opening a link)."""
    now = reported_view(out)
    if now is None:
        return
    if shows_whole_area(out, bounds):
        if shown is not None:
            ui.write_url(dict.fromkeys(ui.MAP_VIEW_PARAMS))
        return
    if shown is not None and same_view(now, shown):
        return
    zoom, (lat, lon) = now
    ui.write_url(
        {
            ui.MAP_ZOOM_PARAM: str(zoom),
            ui.MAP_LAT_PARAM: f"{lat:.{CENTRE_DECIMALS}f}",
            ui.MAP_LON_PARAM: f"{lon:.{CENTRE_DECIMALS}f}",
        }
    )


# --- the fragment ---------------------------------------------------------------------------------------


@st.fragment
def map_fragment(view: ui.View, *, full: bool = True, height: int = 600) -> None:
    """The choropleth with its controls (``full``: level, classes, colours, hot spots, the
    panel beside the map, the table and the export panel of the view shown; otherwise the metric
    only, as on the overview)."""
    lang = view.lang
    prefix = "mp" if full else "ov"
    levels = levels_for(view.area) if full else [view.level_below]
    # a new area (click, breadcrumb, sidebar) starts at the level below it
    seen = st.session_state.get(f"{prefix}_level__area")
    if seen is not None and seen != (view.area or ""):
        st.session_state[f"{prefix}_level__reset"] = True
    st.session_state[f"{prefix}_level__area"] = view.area or ""
    # Back/Forward (or an edited address) moved the URL: the map follows it
    moved = full and ui.url_changes([*PARAMS.values(), HOT_PARAM, *ui.MAP_VIEW_PARAMS]) is not None
    defaults = {
        "level": view.level_below,
        "metric": "poor_households",
        "method": "quantiles",
        "palette": "ylorrd",
    }
    options = {
        "level": levels,
        "metric": list(METRICS),
        "method": list(METHODS),
        "palette": list(PALETTES),
    }
    for name, param in PARAMS.items():
        key = f"{prefix}_{name}"
        _init(key, options[name], defaults[name], param if full else None, take_url=moved)
    if moved or f"{prefix}_hot" not in st.session_state:
        st.session_state[f"{prefix}_hot"] = full and st.query_params.get(HOT_PARAM) == "1"

    if full:
        cols = st.columns([1.4, 2.4, 1.6, 1.3, 1.5], vertical_alignment="bottom")
        level = cols[0].selectbox(
            t("map_level", lang),
            levels,
            format_func=lambda v: _level_label(v, scope_of(view.area, v), lang),
            key=f"{prefix}_level",
            help=t("map_level_help", lang),
        )
        metric_box = cols[1]
        cols[2].selectbox(
            t("map_method", lang),
            list(METHODS),
            format_func=lambda v: t(f"map_method_{v}", lang),
            key=f"{prefix}_method",
            help=t("map_method_help", lang),
        )
        # a change metric is drawn blue–red whatever is chosen: a box that says so stands in
        # for the choice (which waits in the URL for a level metric)
        shown_metric = METRICS[st.session_state[f"{prefix}_metric"]]
        if shown_metric.is_change:
            cols[3].selectbox(
                t("map_palette", lang),
                [palette_used(shown_metric, "")],
                format_func=lambda v: t(f"map_palette_{v}", lang),
                key=f"{prefix}_palette_change",
                disabled=True,
                help=t("map_palette_change_help", lang),
            )
        else:
            cols[3].selectbox(
                t("map_palette", lang),
                list(PALETTES),
                format_func=lambda v: t(f"map_palette_{v}", lang),
                key=f"{prefix}_palette",
                help=t("map_palette_help", lang),
            )
        cols[4].toggle(
            t("map_hotspots", lang),
            key=f"{prefix}_hot",
            disabled=level not in HOTSPOT_LEVELS,
            help=t("map_hotspots_help", lang),
        )
    else:
        level, metric_box = view.level_below, st
    metric_key = metric_box.selectbox(
        t("map_metric", lang),
        list(METRICS),
        format_func=lambda v: metric_for(v, view.rule_name, view.k).label(lang),
        key=f"{prefix}_metric",
    )
    if full:
        _sync_params(prefix, defaults)
    metric = metric_for(metric_key, view.rule_name, view.k)
    scope = scope_of(view.area, level)
    method = st.session_state[f"{prefix}_method"]
    palette = st.session_state[f"{prefix}_palette"]
    min_cell = int(settings.get("POVMAP_MIN_CELL"))
    hot_on = bool(st.session_state[f"{prefix}_hot"]) and level in HOTSPOT_LEVELS
    access = signin_view.access()

    decimals = int(settings.get("POVMAP_COORD_DECIMALS"))
    geo = geometry(level, scope, decimals)
    if not geo["code"]:
        st.info(t("map_no_areas", lang))
        return
    stats = measures(level, scope, view.round_be, view.rule_name, view.k, access)
    hot, hot_reason = None, ""
    if hot_on:
        hot, hot_reason = hotspot_classes(
            level,
            scope,
            view.round_be,
            metric_key,
            view.rule_name,
            view.k,
            min_cell,
            *_gi_settings(),
            access,
        )
    selected = None
    if view.area and level_of(view.area) == "subdistrict":
        selected = ui.polygon_lookup().get(view.area, view.area)
    style = map_style(
        level, scope, decimals, view.round_be, view.rule_name, view.k, metric_key, method,
        palette, lang, _gi_settings() if hot_on else None, selected, min_cell, access,
    )  # fmt: skip
    points = []
    if full and level == "subdistrict" and scope:
        villages = village_points(
            scope, view.round_be, view.rule_name, view.k, lang, min_cell, access
        )
        homes = None
        district = level_of(scope) != "province"  # (else a whole province: too many points)
        named = access.can(NAMED, scope)  # household points are named records (IDs, GPS)
        if settings.get("POVMAP_SHOW_HOUSEHOLDS") and district and named:
            homes = household_points(scope, view.round_be, view.rule_name, view.k, lang, access)
        points = point_layers(
            villages,
            homes,
            village_name=t("map_villages", lang),
            household_name=t("map_households_gps", lang),
            show_villages=district,
        )
    amap = build_area_map(
        None,
        stats,
        metric,
        geometry=geo,
        style=style,
        tiles=settings.get("POVMAP_TILES"),
        points=points,
        where=len(set(geo["par"])) > 1,
        assets=vendor.ASSETS,
    )
    if points:
        folium.LayerControl(collapsed=False, position="topright").add_to(amap.map)

    map_key = f"{prefix}-map-{level}-{scope or 'th'}-{view.area or 'th'}"
    shown = target = None
    if full:
        # the URL's zoom and centre belong to the map they were written for: another level
        # starts from its whole area (a link, Back and Forward bring their own map with them)
        owner = st.session_state.get(f"{prefix}_view__map")
        shown = view_from_url()
        if shown is not None and owner not in (None, map_key) and not moved:
            ui.write_url(dict.fromkeys(ui.MAP_VIEW_PARAMS))
            shown = None
        st.session_state[f"{prefix}_view__map"] = map_key
        # the map stays where the user left it (its last report); Back, Forward and links
        # move it to the URL's view, and back to the whole area (drawn afresh) without one
        gen = int(st.session_state.get(f"{prefix}_view__gen", 0))
        last = st.session_state.get(f"{map_key}-{gen}")
        reported = reported_view(last)
        if moved and shown is None and reported and not shows_whole_area(last, geo["bounds"]):
            gen, reported = gen + 1, None
            st.session_state[f"{prefix}_view__gen"] = gen
        if reported and shows_whole_area(last, geo["bounds"]):
            reported = None  # the opening view: nothing to move the map to
        target = shown if moved or reported is None else reported
        map_key = f"{map_key}-{gen}"
    left, right = st.columns([3, 1.2]) if full else (st.container(), None)
    with left:
        out = st_folium(
            amap.map,
            feature_group_to_add=amap.styles,
            returned_objects=[
                "last_active_drawing",
                *(("zoom", "center", "bounds") if full else ()),
            ],
            zoom=target[0] if target else None,
            center=target[1] if target else None,
            height=height,
            use_container_width=True,
            key=map_key,
        )
    if full and not moved:  # (after Back the map has not reported the URL's view yet)
        _sync_view(out, shown, geo["bounds"])
    drawing = (out or {}).get("last_active_drawing") or {}
    clicked = (drawing.get("properties") or {}).get("code")
    targets = polygon_targets(level, scope)
    if clicked in targets and targets[clicked] != view.area:
        ui.set_area(targets[clicked])
        st.rerun(scope="app")
    if right is None:
        caption_key = {"province": "map_caption", "district": "map_caption_district"}
        st.caption(
            t(
                caption_key.get(level, "map_caption_subdistrict"),
                lang,
                metric=metric.label(lang),
                area=md_escape(view.area_name()),
                round=view.round_be,
            )
            + f" · {metric.definition(lang)} · "
            + mv.coverage_text(mv.round_coverage(level, view.round_be, scope), lang)
        )
        return
    with right:
        _panel(
            view, level, scope, metric, stats, geo, amap.style, hot, hot_reason, points, min_cell
        )
    _table(view, level, scope, metric, stats, geo, hot, min_cell)
    # the export panel reruns with the map: its files are of the metric, level, classes, colours
    # and zoom shown now (outside the fragment it would keep the view of the last full run)
    bv.export_panel("map", view)


def _panel(
    view, level, scope, metric, stats, geo, style, hot, hot_reason, points, min_cell
) -> None:
    """Definition, data vintage, synthetic flag, counts, classes and the hot-spot sentence."""
    lang = view.lang
    st.markdown(f"**{metric.label(lang)}**")
    st.caption(f"{t('map_definition', lang)}: {metric.definition(lang)}")
    before = previous_round(view.round_be)
    if metric.is_change:
        st.caption(
            t("map_vintage_change", lang, round=view.round_be, previous=before)
            if before
            else t("map_no_previous", lang, round=view.round_be)
        )
    else:
        st.caption(t("data_vintage", lang, round=view.round_be))
    if ui.synthetic():
        st.markdown(f":orange-badge[{t('map_synthetic_flag', lang)}]")
    else:
        st.markdown(f":blue-badge[{t('map_imported_flag', lang)}]")
    st.caption(t("rule_af", lang, k=view.k) if view.rule_name == "af" else t("rule_tpmap", lang))
    drawn, with_data, hidden = class_counts(style["cls"])
    st.caption(
        t(
            "map_counts",
            lang,
            shown=f"{drawn:,}",
            data=f"{with_data:,}",
            suppressed=f"{hidden:,}",
            min_cell=min_cell,
        )
    )
    st.caption(mv.ranking(level, view.round_be, scope, lang))
    st.caption(
        t(
            "map_classes_note",
            lang,
            method=t(f"map_method_{st.session_state['mp_method']}", lang),
            palette=t(f"map_palette_{palette_used(metric, st.session_state['mp_palette'])}", lang),
        )
        + " · "
        + t("rank_note", lang, note=rank_note(metric, lang))
    )
    if st.session_state.get("mp_hot") and level in HOTSPOT_LEVELS:
        if hot is None:
            st.warning(t("map_hotspots_failed", lang, reason=md_escape(hot_reason)))
        else:
            st.info(EXPLANATION[1 if lang == "en" else 0])
            st.caption(hotspot_summary(hot, lang))
            unreachable = hotspot_unreachable(hot, lang)
            if unreachable:
                st.warning(unreachable)
    elif st.session_state.get("mp_hot"):
        st.caption(t("map_hotspots_province", lang))
    if level == "subdistrict" and scope is None:
        st.caption(t("map_national_note", lang))
    if points:
        homes = len(points) > 1
        st.caption(
            t("map_points_note", lang, households=t("map_points_households", lang) if homes else "")
        )
    attribution = boundaries.ATTRIBUTION_TH if lang == "th" else boundaries.ATTRIBUTION
    st.caption(f"{t('map_boundaries', lang)}: {attribution}")


def hotspot_summary(gi: pd.DataFrame, lang: str) -> str:
    """The hot-spot panel's sentence for a :func:`hotspot_classes` frame: how many hot and cold
    spots, which z and p they come from (the inference, with the permutations and seed that the
    computation used), the correction for multiple tests and the rule that turns them into
    classes."""
    attrs = gi.attrs
    hot, cold = spot_counts(gi["hotspot"])
    counts = t("map_hotspots_summary", lang, hot=f"{hot:,}", cold=f"{cold:,}")
    if attrs["inference"] == "permutation":
        how = t(
            "map_hotspots_permutation",
            lang,
            perm=f"{attrs['permutations']:,}",
            seed=attrs["seed"],
        )
    else:
        how = t("map_hotspots_analytical", lang)
    correction = attrs["correction"]
    named = t(f"map_hotspots_correction_{correction}", lang, m=f"{attrs['n_tests']:,}")
    p_name = t("map_hotspots_p_plain" if correction == "none" else "map_hotspots_p_adjusted", lang)
    rule = t("map_hotspots_rule", lang, p=p_name)
    return f"{counts} · {how} · {t('map_hotspots_correction', lang, correction=named)}. {rule}"


def hotspot_unreachable(gi: pd.DataFrame, lang: str) -> str:
    """Why no area can be a hot or cold spot under these settings (permutations too few for the
    correction), or "" when the 90% class is within reach."""
    floor = float(gi.attrs.get("p_floor", 0.0))
    if floor <= max(SIGNIFICANCE_LEVELS.values()):
        return ""
    return t("map_hotspots_unreachable", lang, floor=f"{floor:.3g}")


#: Hot-spot corrections as short column names.
CORRECTION_NAMES = {"fdr": "FDR", "bonferroni": "Bonferroni"}


def area_table(geo, stats, metric, min_cell: int, hot=None) -> pd.DataFrame:
    """Every shown area with every measure (suppressed areas blank), its rank and, with ``hot`` (a
    :func:`hotspot_classes` frame), its hot-spot class with the z and p it comes from."""
    parents = list(geo["par"])
    values = area_values(geo["code"], stats, metric, parents=parents, min_cell=min_cell)
    return map_table(geo, stats, values, hot)


def heading(key: str, view: ui.View, lang: str) -> str:
    """A table column: the metric's name, with its unit when the table shows percent or points."""
    label = metric_for(key, view.rule_name, view.k).label(lang)
    if METRICS[key].kind in ("share", "change_share"):
        return f"{label} [{for_rule(key, view.rule_name).unit_label(lang)}]"
    return label


def _table(view, level, scope, metric, stats, geo, hot, min_cell) -> None:
    """The CSV of every shown area and, when asked for, the table (large: off by default)."""
    lang = view.lang
    frame = area_table(geo, stats, metric, min_cell, hot)
    left, right = st.columns([1, 2], vertical_alignment="center")
    with left:
        name = f"poverty-map-{level}-{scope or 'thailand'}-{view.round_be}"
        ui.csv_download(
            frame, name, lang, f"dl-map-{level}-{scope}", ui.export_meta(view, metric=metric.key)
        )
    show = right.toggle(t("map_table", lang), key="mp_table")
    st.caption(t("map_table_note", lang, min_cell=min_cell))
    if not show:
        return
    i = 1 if lang == "en" else 0
    columns = {
        t("map_col_name", lang): "name_en" if i else "name_th",
        t("map_col_parent", lang): "parent_en" if i else "parent_th",
        t("map_col_households", lang): "households",
        **{heading(k, view, lang): METRICS[k].source for k in METRICS},
        f"{t('map_col_rank', lang)} · {rank_note(metric, lang)}": "rank",
        t("map_col_hotspot", lang): "hotspot",
        t("map_col_hot_z", lang): "hotspot_z",
        t("map_col_hot_p", lang): "hotspot_p",
    }
    if hot is not None and hot.attrs.get("correction", "none") != "none":
        name = CORRECTION_NAMES[hot.attrs["correction"]]
        columns[t("map_col_hot_p_adjusted", lang, correction=name)] = "hotspot_p_adjusted"
    percent = [heading(k, view, lang) for k in ("headcount_ratio", "change_headcount_ratio")]
    display = labelled(
        frame,
        columns,
        index_name=t("map_col_code", lang),
        order=["rank", "households"],
        percent=percent,
        names={t("map_col_hotspot", lang): {c: v[i] for c, v in HOTSPOT_LABELS.items()}},
    )
    p_value = {t("map_col_hot_p", lang)} | {
        t("map_col_hot_p_adjusted", lang, correction=c) for c in CORRECTION_NAMES.values()
    }
    show_table(
        display,
        lang,
        percent=percent,
        decimals=dict.fromkeys(p_value, 3),
        width="stretch",
        height=360,
    )
