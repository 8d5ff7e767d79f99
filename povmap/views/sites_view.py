"""Streamlit glue shared by the local-economy pages: cached site tables, names, tooltips, the site
map, formatting and the list filters kept in the URL.

One view module per page family beside it: ``enterprises_view`` (LEOS registry, profiles and
product labels), ``innovation_view`` (technologies for an area, the library, communities),
``city_view`` (livable-city indicators and their import) and ``village_view`` (the village
profile). What they compute from the tables lives in ``analysis.sites``; what they read, in
``query.sites_read``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

import folium
import pandas as pd
import streamlit as st

from analysis.sites import by_frequency, count_per, finest_code
from analysis.suppression import suppressed
from data import sites
from geo import boundaries, maps, site_layers
from geo.codes import LEVELS, ancestor, level_or_none
from geo.maps import format_number, format_percent
from povmap import rules, settings, vendor
from povmap.i18n import t
from povmap.views import signin_view, ui
from query import areas, sites_read
from query.access import Access


def setting(name: str) -> Any:
    """A setting of this feature (declared in povmap.settings)."""
    return settings.get(name)


# --- cached data ---------------------------------------------------------------------------------


@ui.cached(edits=(), max_entries=32)
def _sites(kinds: tuple[str, ...], area: str | None) -> pd.DataFrame:
    return sites_read.sites_frame(ui.cursor(), kinds, area=area)


def site_table(kinds: Iterable[str], area: str | None) -> pd.DataFrame:
    """Stored sites of ``kinds`` inside ``area`` (cached until the store changes)."""
    return _sites(tuple(kinds), area)


@ui.cached(edits=(), max_entries=16)
def product_table(area: str | None) -> pd.DataFrame:
    return sites_read.products_frame(ui.cursor(), area=area)


@ui.cached(edits=(), max_entries=4)
def _synthetic() -> bool:
    return sites_read.is_synthetic(ui.cursor())


def synthetic_note(lang: str) -> None:
    """Say that the sites shown are synthetic (the household banner only covers households)."""
    if _synthetic():
        st.caption(f":orange[**{t('sites_synthetic', lang)}**]")


@ui.cached(edits=(), max_entries=16)
def route_stops(route_ids: tuple[str, ...]) -> pd.DataFrame:
    """The stops of these tourism routes in order."""
    return sites_read.route_stops(ui.cursor(), route_ids)


@ui.cached(edits=(), max_entries=64)
def product(product_id: str) -> dict | None:
    """One product with its enterprise (None if unknown)."""
    return sites_read.product(ui.cursor(), product_id)


@ui.cached(edits=(), max_entries=64)
def enterprise_products(enterprise_id: str) -> pd.DataFrame:
    """The products of one enterprise."""
    return sites_read.products_frame(ui.cursor(), enterprise_id=enterprise_id)


# --- names -------------------------------------------------------------------------------------------


def kind_label(kind: str, lang: str) -> str:
    return t(f"sites_kind_{kind}", lang)


def names(frame: pd.DataFrame, lang: str, prefix: str = "") -> pd.Series:
    """The name in ``lang``, falling back to the Thai name when there is no English one."""
    th = frame[f"{prefix}name_th"]
    if lang != "en":
        return th
    return frame[f"{prefix}name_en"].where(frame[f"{prefix}name_en"].notna(), th)


def other_names(frame: pd.DataFrame, lang: str, prefix: str = "") -> pd.Series:
    """The name in the other language ('' when missing or the same)."""
    col = f"{prefix}name_th" if lang == "en" else f"{prefix}name_en"
    shown = names(frame, lang, prefix)
    other = frame[col].fillna("")
    return other.where(other != shown, "")


def area_names(codes: pd.Series, lang: str) -> pd.Series:
    """'subdistrict, district, province' for the most precise code of each row."""
    table = ui.areas().set_index("code")["name_en" if lang == "en" else "name_th"]
    out = []
    for code in codes:
        if not isinstance(code, str) or not code:
            out.append("")
            continue
        own = level_or_none(code)
        shown = LEVELS[: LEVELS.index(own) + 1] if own else ()
        parts = [
            str(table.get(ancestor(code, lv), "")) for lv in reversed(shown) if lv != "village"
        ]
        out.append(", ".join(p for p in parts if p))
    return pd.Series(out, index=codes.index)


def with_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sites with display columns: name, other name, kind and category names, area, place."""
    out = frame.copy()
    out["name"] = names(frame, lang)
    out["other_name"] = other_names(frame, lang)
    out["kind_name"] = [kind_label(k, lang) for k in frame["kind"]]
    out["category_name"] = [
        sites.term_name(k, c, lang) for k, c in zip(frame["kind"], frame["category"], strict=True)
    ]
    out["area_name"] = area_names(finest_code(frame), lang)
    out["place"] = [
        t("sites_approx_short", lang) if a else "" for a in frame["approximate"].fillna(False)
    ]
    return out


def tooltips(labelled: pd.DataFrame, lang: str) -> pd.Series:
    """Multi-line tooltip texts (shown as text on the map, never as HTML)."""
    approx = t("sites_approximate", lang)
    out = []
    for name, other, cat, area, is_approx in zip(
        labelled["name"],
        labelled["other_name"],
        labelled["category_name"],
        labelled["area_name"],
        labelled["approximate"].fillna(False),
        strict=True,
    ):
        lines = [str(name), str(other), str(cat), str(area), approx if is_approx else ""]
        out.append("\n".join(line for line in lines if line))
    return pd.Series(out, index=labelled.index)


def link(page: str, lang: str, round_be: int | None, **params: str) -> str:
    """A relative link to another page that keeps the language and round."""
    query = {"lang": lang, **({"round": str(round_be)} if round_be else {}), **params}
    return f"/{page}?" + "&".join(f"{k}={v}" for k, v in query.items())


# --- the site map ------------------------------------------------------------------------------------


#: Poverty measures the site maps can draw underneath (label keys of povmap.i18n).
POVERTY_METRICS = ("poor_households", "poor_people", "headcount_ratio")


@ui.cached(edits=(), max_entries=32)
def polygon_counts(
    level: str, round_be: int | None, area: str | None, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    """Households, people, poor households and people and the headcount ratio (in %) per
    boundary polygon of ``level`` inside ``area`` (:func:`query.areas.area_measures`: a polygon
    holding several current subdistrict codes sums them), indexed by polygon code, as
    ``access`` may see them (``suppressed``: the polygons hidden for it)."""
    frame = areas.area_measures(
        ui.cursor(),
        level,
        round_be=round_be,
        area=area,
        rule=rules.poor_rule(rule_name, k),
        polygons=ui.polygon_lookup() if level == "subdistrict" else None,
        access=access,
    ).set_index("code")
    counts = frame[["households", "people", "poor_households", "poor_people", "suppressed"]]
    return counts.assign(headcount_ratio=frame["headcount_ratio"] * 100)


def poverty_layer(view: ui.View, metric: str) -> tuple[Any, pd.Series, set[str]]:
    """Polygons of the level below the view's area, the metric per polygon code, suppressed codes
    (small areas, and the areas the door hid for the user)."""
    level = view.level_below
    scope = ancestor(view.area, "district") if view.area and level == "subdistrict" else view.area
    layer = boundaries.polygons_in(ui.boundary_layer(level), level, scope)
    counts = polygon_counts(
        level, view.round_be, view.area, view.rule_name, view.k, signin_view.access()
    )
    small = suppressed(counts["households"], int(settings.get("POVMAP_MIN_CELL")))
    small = small | counts["suppressed"].astype(bool)
    return layer, counts[metric].where(~small), set(counts.index[small])


def site_map(
    view: ui.View,
    kinds: Iterable[str],
    metric: str = "poor_households",
    *,
    shown: Iterable[str] | None = None,
) -> folium.Map:
    """The poverty choropleth of the view's area with toggleable layers of ``kinds`` on top.

    ``shown`` are the layers switched on when the map opens (default: all).
    """
    lang = view.lang
    level = view.level_below
    layer, values, suppressed = poverty_layer(view, metric)
    fmt = (
        (lambda v: maps.format_number(v, 1)) if metric == "headcount_ratio" else maps.format_number
    )
    bins = maps.classify(values.dropna(), "quantiles", k=5)
    label = t(metric, lang) + (" (%)" if metric == "headcount_ratio" else "")
    first, second = ("name_en", "name_th") if lang == "en" else ("name_th", "name_en")
    m = maps.offline_map(tiles=settings.get("POVMAP_TILES"), lang=lang, keyboard=False)
    maps.choropleth(
        layer,
        values,
        bins=bins,
        tooltip_fields={t(f"level_{level}", lang): first, "": second},
        value_label=label,
        value_fmt=fmt,
        no_data_label=t("no_data_label", lang),
        suppressed_codes=suppressed,
        suppressed_label=t("suppressed", lang),
        coord_decimals=settings.get("POVMAP_COORD_DECIMALS"),
        fill_opacity=0.7,
        name=html.escape(label),
    ).add_to(m)
    maps.legend(
        label,
        bins,
        labels_fmt=fmt,
        no_data_label=t("no_data_label", lang),
        suppressed_label=t("suppressed", lang) if suppressed else None,
    ).add_to(m)
    if len(layer):
        maps.fit_bounds(m, layer)
    kinds = list(kinds)
    shown = set(kinds if shown is None else shown)
    frame = site_table(kinds, view.area)
    layers: list[folium.map.Layer] = []
    entries: list[site_layers.LegendEntry] = []
    for kind in kinds:
        rows = frame[frame["kind"] == kind]
        if rows.empty:
            continue
        colours = {c: term.colour for c, term in sites.vocabulary(kind).items()}
        labelled = with_labels(rows, lang)
        label = f"{kind_label(kind, lang)} ({len(rows):,})"
        if kind == "tourism_route":
            stops = route_stops(tuple(rows["site_id"]))
            stop_names = names(stops, lang)
            stops = stops.assign(
                tooltip=[
                    f"{t('sites_stop', lang, n=n)}: {name}"
                    for n, name in zip(stops["stop_no"], stop_names, strict=True)
                ]
            )
            n_stops = count_per(labelled["site_id"], stops["route_id"])
            labelled["tooltip"] = [
                f"{name}\n{cat}\n{t('sites_stops', lang, n=n)}"
                for name, cat, n in zip(
                    labelled["name"], labelled["category_name"], n_stops, strict=True
                )
            ]
            layers.append(
                site_layers.route_layer(labelled, stops, label, colours, show=kind in shown)
            )
        else:
            labelled["tooltip"] = tooltips(labelled, lang)
            layers.append(
                site_layers.site_cluster(labelled, kind, label, colours, show=kind in shown)
            )
        used = by_frequency(labelled["category"])
        entries.append(
            site_layers.LegendEntry(
                kind_label(kind, lang),
                None if kind == "tourism_route" else kind,
                tuple((sites.term_name(kind, c, lang), colours.get(c, "")) for c in used),
            )
        )
    legend = (
        site_layers.site_legend(t("sites_legend", lang), entries, t("sites_legend_approx", lang))
        if layers
        else None
    )
    return site_layers.add_site_layers(m, layers, legend, assets=vendor.ASSETS)


def show_map(m: folium.Map, key: str, height: int = 600) -> None:
    from streamlit_folium import st_folium

    st_folium(m, returned_objects=[], height=height, use_container_width=True, key=key)


# --- small formatting helpers ----------------------------------------------------------------------


def baht(value: Any) -> str:
    return format_number(value)


def share(value: Any) -> str:
    return format_percent(value, 0, fraction=True)


def date_text(value: Any) -> str:
    """A date as day month year (Buddhist era), e.g. 17/9/2567."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    stamp = pd.Timestamp(value)
    return f"{stamp.day}/{stamp.month}/{stamp.year + 543}"


#: The columns a site list searches (:func:`analysis.sites.search`), after :func:`with_labels`.
SEARCH_COLUMNS = (
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "category_name",
    "area_name",
)


def query_list(key: str, allowed: Iterable[str]) -> list[str]:
    """Values of a repeated query parameter that are allowed (for filters kept in the URL)."""
    allowed = list(allowed)
    return [v for v in st.query_params.get_all(key) if v in allowed]


def sync_param(key: str, state_key: str) -> Callable[[], None]:
    """An on_change callback copying a widget's value to the URL (lists as repeated params)."""

    def sync() -> None:
        value = st.session_state[state_key]
        if value in (None, "", []):
            if key in st.query_params:
                del st.query_params[key]
        else:
            st.query_params[key] = value

    return sync


def is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def tags_text(vocab: str, value: Any, lang: str, sep: str = ", ") -> str:
    """'|'-separated codes as names in ``lang``."""
    return sep.join(sites.term_name(vocab, c, lang) for c in sites.split_tags(value))


_FACTS_CSS = """
<style>
.povmap-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px;
  font-size: 0.95rem; line-height: 1.45; margin: 0 0 0.5rem 0; }
.povmap-facts dt { color: #555; font-weight: 600; }
.povmap-facts dd { margin: 0; }
</style>
"""


def facts_html(rows: list[tuple[str, Any]]) -> str:
    """Label/value facts as an HTML definition list (every text escaped; missing values left out)."""
    shown = [(k, v) for k, v in rows if v not in (None, "", "–") and not is_missing(v)]
    body = "".join(
        f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in shown
    )
    return f'{_FACTS_CSS}<dl class="povmap-facts">{body}</dl>'
