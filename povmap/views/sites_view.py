"""Streamlit glue of the local-economy pages: cached site tables, names, tooltips, the site map.

The pages (enterprises, product, culture, innovation, village) stay thin: they read the view,
call these helpers and ``data.sites`` / ``analysis.technology``, and lay out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import folium
import pandas as pd
import streamlit as st

from analysis import sites as geometry
from data import sites
from data.importer import ImportFailed
from geo import maps, site_layers
from geo.codes import LEVELS, ancestor, level_of, level_or_none, parent_code
from geo.maps import format_number, format_percent
from povmap import rules, settings, vendor
from povmap.i18n import t
from povmap.views import ui
from povmap.views.tables import show_table
from query import areas, sites_read
from query import village as vq


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


def finest_code(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["subdistrict_code"]
        .where(frame["subdistrict_code"].notna(), frame["district_code"])
        .where(lambda s: s.notna(), frame["province_code"])
    )


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
    level: str, round_be: int | None, area: str | None, rule_name: str, k: float
) -> pd.DataFrame:
    """Households, people, poor households and people and the headcount ratio (in %) per
    boundary polygon of ``level`` inside ``area`` (:func:`query.areas.area_measures`: a polygon
    holding several current subdistrict codes sums them), indexed by polygon code."""
    frame = areas.area_measures(
        ui.cursor(),
        level,
        round_be=round_be,
        area=area,
        rule=rules.poor_rule(rule_name, k),
        polygons=ui.polygon_lookup() if level == "subdistrict" else None,
    ).set_index("code")
    counts = frame[["households", "people", "poor_households", "poor_people"]]
    return counts.assign(headcount_ratio=frame["headcount_ratio"] * 100)


def poverty_layer(view: ui.View, metric: str) -> tuple[Any, pd.Series, set[str]]:
    """Polygons of the level below the view's area, the metric per polygon code, suppressed codes."""
    level = view.level_below
    layer = ui.boundary_layer(level)
    if view.area:
        column = "district_code" if level == "subdistrict" else "code"
        layer = layer[
            layer[column].str.startswith(
                ancestor(view.area, "district") if level == "subdistrict" else view.area
            )
        ]
    counts = polygon_counts(level, view.round_be, view.area, view.rule_name, view.k)
    small = counts["households"].between(1, settings.get("POVMAP_MIN_CELL") - 1)
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
            stops = sites_read.route_stops(ui.cursor(), rows["site_id"])
            stop_names = names(stops, lang)
            stops = stops.assign(
                tooltip=[
                    f"{t('sites_stop', lang, n=n)}: {name}"
                    for n, name in zip(stops["stop_no"], stop_names, strict=True)
                ]
            )
            n_stops = stops.groupby("route_id").size()
            labelled["tooltip"] = [
                f"{name}\n{cat}\n{t('sites_stops', lang, n=n_stops.get(rid, 0))}"
                for name, cat, rid in zip(
                    labelled["name"], labelled["category_name"], labelled["site_id"], strict=True
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
        used = labelled["category"].value_counts().index
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


def search(frame: pd.DataFrame, query: str, columns: Iterable[str]) -> pd.DataFrame:
    """Rows where every word of ``query`` appears in one of ``columns`` (case-insensitive)."""
    words = [w for w in query.lower().split() if w]
    if not words or frame.empty:
        return frame
    text = frame[list(columns)].astype("string").fillna("").agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= text.str.contains(word, regex=False)
    return frame[keep]


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


# --- enterprise profiles and product labels ---------------------------------------------------------


def is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def tags_text(vocab: str, value: Any, lang: str, sep: str = ", ") -> str:
    """'|'-separated codes as names in ``lang``."""
    return sep.join(sites.term_name(vocab, c, lang) for c in sites.split_tags(value))


def products_with_links(products: pd.DataFrame, lang: str, round_be: int | None) -> pd.DataFrame:
    """A product table for display, with a link column to each product's digital label."""
    return pd.DataFrame(
        {
            t("sites_name", lang): names(products, lang).to_numpy(),
            t("sites_ent_product_type", lang): [
                sites.term_name("product_type", c, lang) for c in products["product_type"]
            ],
            t("sites_prod_price", lang): [
                t("sites_prod_price_value", lang, price=baht(p), unit=u or "")
                if not is_missing(p)
                else "–"
                for p, u in zip(
                    products["price_baht"],
                    products["unit_en" if lang == "en" else "unit_th"],
                    strict=True,
                )
            ],
            t("sites_prod_certifications", lang): [
                tags_text("certification", c, lang) for c in products["certifications"]
            ],
            t("sites_ent_open_label", lang): [
                link("product", lang, round_be, product=pid) for pid in products["product_id"]
            ],
        },
        index=products["product_id"].to_numpy(),
    )


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


_LABEL_CSS = """
<style>
.povmap-label { max-width: 760px; border: 2px solid #2b2b2b; border-radius: 10px; padding: 18px 22px;
  background: #fff; color: #1f1f1f; font-family: 'Sarabun','Noto Sans Thai','Loma','Garuda',sans-serif;
  position: relative; }
.povmap-label .pl-head { display: flex; gap: 18px; justify-content: space-between; align-items: flex-start; }
.povmap-label .pl-kicker { font-size: 0.8rem; letter-spacing: 0.04em; color: #8a5a00; font-weight: 700; }
.povmap-label h2 { margin: 2px 0 0 0; font-size: 1.7rem; line-height: 1.25; padding: 0; }
.povmap-label .pl-other { color: #555; font-size: 1rem; }
.povmap-label .pl-qr { text-align: center; font-size: 0.75rem; color: #444; flex: 0 0 auto; }
.povmap-label .pl-qr img { width: 150px; height: 150px; image-rendering: pixelated; display: block; }
.povmap-label dl { display: grid; grid-template-columns: max-content 1fr; gap: 5px 16px; margin: 14px 0; }
.povmap-label dt { font-weight: 700; color: #444; }
.povmap-label dd { margin: 0; }
.povmap-label .pl-chip { display: inline-block; border: 1px solid #999; border-radius: 10px;
  padding: 0 8px; margin: 0 4px 3px 0; font-size: 0.85rem; }
.povmap-label .pl-chain { display: grid; grid-template-columns: 1fr auto 1fr auto 1fr; gap: 6px;
  align-items: stretch; margin: 8px 0 12px 0; }
.povmap-label .pl-step { border-radius: 8px; padding: 8px 10px; font-size: 0.88rem; border: 1px solid #ccc; }
.povmap-label .pl-step b { display: block; font-size: 0.8rem; margin-bottom: 2px; }
.povmap-label .pl-arrow { align-self: center; color: #777; font-size: 1.2rem; }
.povmap-label .pl-foot { border-top: 1px solid #ddd; padding-top: 8px; font-size: 0.78rem; color: #555;
  word-break: break-all; }
.povmap-label .pl-stamp { position: absolute; top: 8px; right: 190px; transform: rotate(-6deg);
  border: 2px solid #c0392b; color: #c0392b; font-weight: 700; padding: 1px 8px; border-radius: 4px;
  font-size: 0.8rem; background: rgba(255,255,255,.85); }
@media print {
  body * { visibility: hidden !important; }
  .povmap-label, .povmap-label * { visibility: visible !important; }
  .povmap-label { position: fixed; left: 0; top: 0; width: 180mm; max-width: none; border-width: 1.5px; }
  .povmap-label .pl-step, .povmap-label .pl-stamp { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def label_html(
    product: dict,
    lang: str,
    *,
    qr_png_bytes: bytes,
    url: str,
    markets: list[str],
    synthetic: bool,
) -> str:
    """The printable digital label of one product (every value escaped)."""
    import base64

    esc = html.escape
    frame = pd.DataFrame([product])
    name = names(frame, lang).iloc[0]
    other = other_names(frame, lang).iloc[0]
    maker = names(frame, lang, "enterprise_").iloc[0]
    where = area_names(finest_code(frame), lang).iloc[0]
    if product.get("approximate"):
        where += f" ({t('sites_approx_short', lang)})"
    unit = product.get("unit_en" if lang == "en" else "unit_th") or ""
    price = (
        t("sites_prod_price_value", lang, price=baht(product["price_baht"]), unit=unit)
        if not is_missing(product.get("price_baht"))
        else ""
    )
    materials = product.get("materials_en" if lang == "en" else "materials_th")
    materials = "" if is_missing(materials) else str(materials)
    source_area = product.get("materials_area_code")
    materials_from = (
        area_names(pd.Series([source_area]), lang).iloc[0] if not is_missing(source_area) else ""
    )
    certs = "".join(
        f'<span class="pl-chip">{esc(sites.term_name("certification", c, lang))}</span>'
        for c in sites.split_tags(product.get("certifications"))
    ) or esc(t("sites_prod_none", lang))
    stage_colour = {c: term.colour for c, term in sites.vocabulary("value_chain_stage").items()}

    def step(stage: str, title: str, body: str) -> str:
        colour = stage_colour[stage]
        return (
            f'<div class="pl-step" style="border-color:{colour};background:{colour}1f">'
            f"<b>{esc(title)}</b>{esc(body) or '—'}</div>"
        )

    rows = [
        (t("sites_prod_maker", lang), maker),
        (t("sites_prod_origin", lang), where),
        (t("sites_prod_price", lang), price),
        (t("sites_prod_materials", lang), materials),
        (t("sites_prod_sold_at", lang), ", ".join(markets)),
    ]
    dl = "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in rows if v and not is_missing(v)
    )
    dl += f"<dt>{esc(t('sites_prod_certifications', lang))}</dt><dd>{certs}</dd>"
    qr = base64.b64encode(qr_png_bytes).decode("ascii")
    stamp = (
        f'<div class="pl-stamp">{esc(t("sites_prod_synthetic_stamp", lang))}</div>'
        if synthetic
        else ""
    )
    description = product.get("description_en" if lang == "en" else "description_th")
    description = "" if is_missing(description) else f"<p>{esc(str(description))}</p>"
    chain = (
        step("upstream", t("sites_prod_chain_up", lang), materials_from or materials)
        + '<div class="pl-arrow">→</div>'
        + step("midstream", t("sites_prod_chain_mid", lang), maker)
        + '<div class="pl-arrow">→</div>'
        + step(
            "downstream",
            t("sites_prod_chain_down", lang),
            ", ".join(markets) or t("sites_prod_direct", lang),
        )
    )
    foot = " · ".join(
        x
        for x in (
            f"{t('sites_prod_id', lang)} {product['product_id']}",
            f"{t('sites_updated', lang)} {date_text(product.get('updated_on'))}",
            f"{t('sites_source', lang)}: {product.get('source') or ''}",
            url,
        )
        if x
    )
    return (
        f'{_LABEL_CSS}<div class="povmap-label">{stamp}<div class="pl-head"><div>'
        f'<div class="pl-kicker">{esc(t("page_product", lang))} · LEOS</div>'
        f'<h2>{esc(str(name))}</h2><div class="pl-other">{esc(str(other))}</div>{description}</div>'
        f'<div class="pl-qr"><img src="data:image/png;base64,{qr}" alt="QR"/>'
        f"<div>{esc(t('sites_prod_scan', lang))}</div></div></div>"
        f"<dl>{dl}</dl><div><b>{esc(t('sites_prod_chain', lang))}</b></div>"
        f'<div class="pl-chain">{chain}</div><div class="pl-foot">{esc(foot)}</div></div>'
    )


# --- technology library and matching -----------------------------------------------------------------


def technology_table(lang: str) -> pd.DataFrame:
    """The technology library with names, tags as names, and adoptions counted."""
    tech = site_table(["technology"], None)
    adopted = sites_read.adoption_counts(ui.cursor())
    out = tech.assign(
        name=names(tech, lang),
        other_name=other_names(tech, lang),
        category_name=[sites.term_name("technology", c, lang) for c in tech["category"]],
        causes_text=[tags_text("cause", v, lang) for v in tech["causes"]],
        indicators_text=[tags_text("indicator", v, lang, sep="; ") for v in tech["indicators"]],
        capitals_text=[tags_text("capital", v, lang) for v in tech["capitals"]],
        readiness_name=[sites.term_name("readiness", v, lang) for v in tech["readiness"]],
        area_name="",
    )
    out["villages"] = out["site_id"].map(adopted).fillna(0).astype(int)
    return out


def matches(
    view: ui.View, area: str | None, library: pd.DataFrame
) -> tuple[pd.Series, pd.DataFrame]:
    """(top causes of the area's poor households, library technologies ranked for them)."""
    from analysis.technology import match_technologies, top_causes_of
    from data.schema import BMN_CODES
    from povmap import rules

    causes, failing = sites_read.poor_needs(
        ui.cursor(), view.round_be, area, rules.poor_rule(view.rule_name, view.k), BMN_CODES
    )
    n = int(setting("POVMAP_TECH_TOP_CAUSES"))
    ranked = match_technologies(
        library,
        causes,
        failing,
        top_causes=n,
        indicator_weight=float(setting("POVMAP_TECH_INDICATOR_WEIGHT")),
    )
    return top_causes_of(causes, n), ranked.merge(
        library.drop(columns=["rank"], errors="ignore"), on="site_id", how="left"
    )


def reason_text(row: pd.Series, shares: pd.Series, lang: str) -> str:
    """Why a technology is suggested, in words: the causes it targets and its best indicator."""
    causes = ", ".join(sites.term_name("cause", c, lang) for c in row["matched_causes"])
    parts = [t("sites_inno_reason_causes", lang, causes=causes, share=share(row["cause_coverage"]))]
    if row["matched_indicators"]:
        best = row["matched_indicators"][0]
        parts.append(
            t(
                "sites_inno_reason_indicator",
                lang,
                indicator=sites.term_name("indicator", best, lang),
                share=share(row["indicator_coverage"]),
            )
        )
    return " · ".join(parts)


def ranked_table(ranked: pd.DataFrame, top: pd.Series, lang: str) -> pd.DataFrame:
    """The ranked technologies as shown: rank, name, score, why, category, cost, readiness."""
    return pd.DataFrame(
        {
            t("sites_inno_rank", lang): ranked["rank"].to_numpy(),
            t("sites_name", lang): ranked["name"].to_numpy(),
            t("sites_inno_score", lang): ranked["score"].round(3).to_numpy(),
            t("sites_inno_reason", lang): [reason_text(r, top, lang) for _, r in ranked.iterrows()],
            t("sites_category", lang): ranked["category_name"].to_numpy(),
            t("sites_inno_cost", lang): ranked["cost_baht"].to_numpy(),
            t("sites_inno_readiness", lang): ranked["readiness_name"].to_numpy(),
        },
        index=ranked["site_id"].to_numpy(),
    )


def indicator_level(area: str | None, levels: Iterable[str]) -> tuple[str, str | None]:
    """(level, scope) to map an area indicator for the view's area: the level below the area when
    the indicator has values there, else the area's own level among its siblings.

    >>> indicator_level("46", ["province", "district"])
    ('district', '46')
    >>> indicator_level("4601", ["province", "district"])
    ('district', '46')
    >>> indicator_level(None, ["district"])
    ('district', None)
    """
    have = [lv for lv in ("province", "district", "subdistrict") if lv in set(levels)]
    if not have:
        return "province", None
    if not area:
        return have[0], None
    own = level_of(area)
    for level in (ui.level_below(area), own, *reversed(have)):
        if level in have:
            if LEVELS.index(level) > LEVELS.index(own):
                return level, area  # the areas inside the view's area
            return level, parent_code(ancestor(area, level))  # the area among its siblings
    return have[0], None  # pragma: no cover


# --- sections of the innovation page ----------------------------------------------------------------

_LIBRARY_COLUMNS = (
    ("name", "sites_name"),
    ("category_name", "sites_category"),
    ("causes_text", "sites_inno_causes"),
    ("indicators_text", "sites_inno_indicators"),
    ("capitals_text", "sites_inno_capitals"),
    ("cost_baht", "sites_inno_cost"),
    ("readiness_name", "sites_inno_readiness"),
    ("villages", "sites_inno_adopted"),
)


def area_technologies_section(view: ui.View, library: pd.DataFrame) -> None:
    """The library's technologies ranked for the area's main causes, with the reason."""
    lang = view.lang
    if library.empty:
        st.info(t("sites_inno_no_library", lang))
        return
    top, ranked = matches(view, view.area, library)
    if top.empty:
        st.info(t("sites_inno_no_poor", lang))
        return
    causes = ", ".join(f"{sites.term_name('cause', c, lang)} ({share(s)})" for c, s in top.items())
    st.markdown(
        t("sites_inno_top_causes", lang, area=view.area_name(), round=view.round_be, causes=causes)
    )
    if ranked.empty:
        st.info(t("sites_inno_no_match", lang))
    else:
        table = ranked_table(ranked, top, lang)
        score = t("sites_inno_score", lang)
        show_table(
            table,
            lang,
            hide_index=True,
            use_container_width=True,
            height=min(560, 38 + 35 * len(table)),
            column_config={
                score: st.column_config.ProgressColumn(
                    format="%.2f", min_value=0.0, max_value=max(1.0, float(table[score].max()))
                ),
                t("sites_inno_reason", lang): st.column_config.TextColumn(width="large"),
            },
        )
        ui.csv_download(
            table.rename_axis("technology_id"),
            "technologies-for-area",
            lang,
            "dl-tech-area",
            ui.export_meta(view),
        )
    st.caption(
        t(
            "sites_inno_score_help",
            lang,
            n=setting("POVMAP_TECH_TOP_CAUSES"),
            w=setting("POVMAP_TECH_INDICATOR_WEIGHT"),
        )
        + " · "
        + t("sites_model_note", lang)
    )


def library_section(lang: str, library: pd.DataFrame) -> None:
    """The searchable technology and innovation library (search kept in the URL as ``q``)."""
    if library.empty:
        st.info(t("sites_inno_no_library", lang))
        return
    if "inno_q" not in st.session_state:
        st.session_state["inno_q"] = st.query_params.get("q", "")
    left, mid, right = st.columns(3)
    text = left.text_input(
        t("sites_search", lang), key="inno_q", on_change=sync_param("q", "inno_q")
    )
    cats = mid.multiselect(
        t("sites_category", lang),
        list(sites.vocabulary("technology")),
        format_func=lambda c: sites.term_name("technology", c, lang),
        key="inno_cats",
        placeholder="—",
    )
    wanted = right.multiselect(
        t("sites_inno_causes", lang),
        list(sites.vocabulary("cause")),
        format_func=lambda c: sites.term_name("cause", c, lang),
        key="inno_causes",
        placeholder="—",
    )
    rows = library
    if cats:
        rows = rows[rows["category"].isin(cats)]
    if wanted:
        rows = rows[rows["causes"].fillna("").map(lambda v: bool(set(v.split("|")) & set(wanted)))]
    rows = search(
        rows,
        text,
        [*SEARCH_COLUMNS[:5], "causes_text", "indicators_text", "capitals_text"],
    )
    st.caption(t("sites_count", lang, n=f"{len(rows):,}"))
    shown = rows.set_index("site_id")[[c for c, _ in _LIBRARY_COLUMNS]]
    shown.columns = [t(k, lang) for _, k in _LIBRARY_COLUMNS]
    show_table(shown, lang, use_container_width=True, height=420)
    ui.csv_download(rows.set_index("site_id"), "technology-library", lang, "dl-library")
    if rows.empty:
        return
    pick = st.selectbox(
        t("sites_inno_detail", lang),
        list(rows["site_id"]),
        format_func=dict(zip(rows["site_id"], rows["name"], strict=True)).get,
        key="inno_pick",
    )
    one = rows.set_index("site_id").loc[pick]
    st.markdown(f"#### {md(one['name'])}")
    st.html(
        facts_html(
            [
                ("", one["other_name"]),
                (
                    t("sites_description", lang),
                    one[f"description_{'en' if lang == 'en' else 'th'}"],
                ),
                (t("sites_inno_causes", lang), one["causes_text"]),
                (t("sites_inno_indicators", lang), one["indicators_text"]),
                (t("sites_inno_capitals", lang), one["capitals_text"]),
                (t("sites_inno_cost", lang), format_number(one["cost_baht"])),
                (t("sites_inno_readiness", lang), one["readiness_name"]),
                (t("sites_inno_adopted", lang), format_number(one["villages"])),
                (t("sites_source", lang), one["source"]),
            ]
        )
    )


def communities_section(view: ui.View) -> None:
    """Innovation communities of the area and what they brought to villages."""
    lang = view.lang
    communities = with_labels(site_table(["innovation_community"], view.area), lang)
    if communities.empty:
        st.info(t("sites_none", lang))
        return
    reach = sites_read.community_reach(ui.cursor())
    table = (
        communities.set_index("site_id")
        .join(reach)
        .fillna({"techs": 0, "villages": 0, "households": 0})
    )
    shown = table[
        ["name", "category_name", "area_name", "members", "techs", "villages", "households"]
    ]
    shown.columns = [
        t("sites_name", lang),
        t("sites_category", lang),
        t("sites_area", lang),
        t("sites_members", lang),
        t("sites_inno_community_adoptions", lang),
        t("sites_inno_villages_reached", lang),
        t("sites_inno_households_reached", lang),
    ]
    show_table(shown, lang, use_container_width=True, height=420)
    ui.csv_download(table, "innovation-communities", lang, "dl-communities")


def city_section(view: ui.View) -> None:
    """A livable-city indicator as a choropleth and a table with source and vintage."""
    lang = view.lang
    con = ui.cursor()
    defs = sites_read.indicator_definitions(con)
    if defs.empty:
        st.info(t("sites_city_none", lang))
        indicator_import_section(view, expanded=True)
        return
    options = list(defs["indicator"])
    if "city_ind" not in st.session_state:
        wanted = st.query_params.get("indicator")
        st.session_state["city_ind"] = wanted if wanted in options else options[0]
    labels = dict(zip(defs["indicator"], names(defs, lang), strict=True))
    indicator = st.selectbox(
        t("sites_city_indicator", lang),
        options,
        format_func=labels.get,
        key="city_ind",
        on_change=sync_param("indicator", "city_ind"),
    )
    d = defs.set_index("indicator").loc[indicator]
    level, scope = indicator_level(view.area, list(d["levels"]))
    values = sites_read.indicator_values(con, indicator, level=level, area=scope)
    if values.empty:
        st.info(t("sites_city_none_here", lang, level=t(f"level_{level}", lang)))
        return
    unit = d["unit_en"] if lang == "en" and not is_missing(d["unit_en"]) else d["unit"]
    unit = "" if is_missing(unit) else str(unit)
    title = f"{labels[indicator]} ({unit})" if unit else labels[indicator]
    direction = None if is_missing(d["higher_is_better"]) else bool(d["higher_is_better"])
    better = "sites_city_higher_better" if direction is not False else "sites_city_lower_better"
    st.caption(
        t(
            "sites_city_caption",
            lang,
            indicator=title,
            level=t(f"level_{level}", lang),
            direction=t(better, lang),
        )
    )
    layer = ui.boundary_layer(level)
    if scope:
        layer = layer[layer["code"].str.startswith(scope)]
    m = site_layers.indicator_map(
        layer,
        values.set_index("area_code")["value"],
        title=title,
        higher_is_better=direction is not False,
        level_label=t(f"level_{level}", lang),
        lang=lang,
        no_data_label=t("no_data_label", lang),
        tiles=settings.get("POVMAP_TILES"),
        assets=vendor.ASSETS,
    )
    show_map(m, key=f"city-{indicator}-{level}-{scope}-{lang}", height=520)
    values = values.sort_values(["rank", "area_code"], na_position="last")
    table = pd.DataFrame(
        {
            t("sites_city_rank", lang): values["rank"].to_numpy(),
            t("sites_area", lang): area_names(values["area_code"], lang).to_numpy(),
            f"{t('sites_city_value', lang)}{f' ({unit})' if unit else ''}": values[
                "value"
            ].to_numpy(),
            t("sites_city_year", lang): values["period_be"].to_numpy(),
            t("sites_source", lang): values["source"].to_numpy(),
            t("sites_link", lang): values["source_url"].to_numpy(),
        },
        index=pd.Index(values["area_code"].to_numpy(), name="area_code"),
    )
    show_table(
        table,
        lang,
        use_container_width=True,
        height=360,
        column_config={t("sites_link", lang): st.column_config.LinkColumn()},
    )
    if direction is None:
        st.caption(t("sites_city_direction_unknown", lang))
    else:
        st.caption(
            t(
                "sites_city_rank_note",
                lang,
                direction=t("city_imp_higher" if direction else "city_imp_lower", lang),
            )
        )
    ui.csv_download(table, f"livable-{indicator}", lang, "dl-city")
    indicator_import_section(view)


# --- area-indicator import (the preview and form of povmap import indicators) ----------------------


def _indicator_preview(upload, value_column: str | None) -> sites.IndicatorFile | ImportFailed:
    """The upload read and its headers mapped, kept in the session for this file and value
    column (the file is on disk only while it is read: ``povmap.uploads``)."""
    from povmap import uploads
    from povmap.views import data_view

    key = (data_view.upload_key(upload), value_column)
    kept = st.session_state.get("city_preview")
    if kept is None or kept[0] != key:
        try:
            with uploads.on_disk(upload) as (path,):
                result = sites.read_indicator_file(path, value_column=value_column)
        except ImportFailed as exc:
            result = exc
        kept = st.session_state["city_preview"] = (key, result)
    return kept[1]


def _field_label(name: str, lang: str) -> str:
    field = next((f for f in sites.INDICATOR_FIELDS if f.name == name), None)
    if field is None:
        return name
    return field.label_en if lang == "en" else field.label_th


def _show_indicator_preview(file: sites.IndicatorFile, lang: str) -> None:
    """How the headers were read, what was left out, the first rows."""
    from povmap.views import data_view

    st.caption(
        t(
            "city_imp_read",
            lang,
            file=data_view.md_escape(file.file_name),
            rows=format_number(len(file.frame)),
            line=file.header_line,
        )
    )
    shown = [(h, c) for c, h in file.headers.items()]
    show_table(
        pd.DataFrame(
            {
                t("data_col_header", lang): [h for h, _ in shown],
                t("data_col_canonical", lang): [c for _, c in shown],
                t("data_col_label", lang): [_field_label(c, lang) for _, c in shown],
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )
    for what, how in file.columns.derived:
        note = f"{what} ← {how}"
        st.caption(t("data_derived", lang, what=data_view.md_escape(note)))
    if file.columns.unknown:
        columns = ", ".join(data_view.md_escape(c) for c in file.columns.unknown)
        st.warning(t("data_unknown_columns", lang, columns=columns), icon="⚠️")
    sample = file.frame.head(5).copy()
    sample.insert(0, t("data_col_line", lang), list(file.lines[: len(sample)]))
    sample.columns = [sample.columns[0], *(_field_label(c, lang) for c in sample.columns[1:])]
    show_table(sample, lang, hide_index=True, width="stretch")


def _meta_form(file: sites.IndicatorFile, lang: str, n: int) -> sites.IndicatorMeta | None:
    """Ask for what the file leaves out (prefilled from its headers); the metadata on submit."""
    hint = sites.effective_meta(file, None)
    needs = set(file.needs)
    values: dict[str, object] = {}
    with st.form(f"city_meta{n}"):
        st.markdown(f"**{t('city_imp_meta', lang)}**")
        left, right = st.columns(2)
        boxes = {
            "name_th": left,
            "name_en": right,
            "indicator": left,
            "period": right,
            "unit": left,
            "unit_en": right,
            "source": left,
            "source_url": right,
        }
        for name, box in boxes.items():
            if name not in needs:
                continue
            label = _field_label(sites.META_COLUMNS[name], lang)
            required = name in sites.META_REQUIRED
            values[name] = box.text_input(
                label + (" *" if required else ""),
                value=str(getattr(hint, name) or ""),
                key=f"city_meta_{name}{n}",
            ).strip()
        if "higher_is_better" in needs:
            values["higher_is_better"] = st.radio(
                t("city_imp_direction", lang) + " *",
                [True, False],
                index=None,
                format_func=lambda v: t("city_imp_higher" if v else "city_imp_lower", lang),
                horizontal=True,
                key=f"city_meta_direction{n}",
            )
        submitted = st.form_submit_button(t("city_imp_go", lang), type="primary")
    if not submitted:
        return None
    missing = [
        name
        for name in (*sites.META_REQUIRED, "higher_is_better")
        if name in needs
        and values.get(name) in (None, "")
        and not (name == "indicator" and (values.get("name_en") or values.get("name_th")))
    ]
    if missing:
        names = ", ".join(
            t("city_imp_direction", lang)
            if n == "higher_is_better"
            else _field_label(sites.META_COLUMNS[n], lang)
            for n in missing
        )
        st.error(t("city_imp_need", lang, fields=names))
        return None
    return sites.IndicatorMeta(**{k: (v if v != "" else None) for k, v in values.items()})


def indicator_import_section(view: ui.View, *, expanded: bool = False) -> None:
    """Upload an area-indicator file: the column preview, a form for what it leaves out, then
    the import (``data.sites.import_indicators``, the command line's code path)."""
    from povmap import uploads
    from povmap.views import data_view

    lang = view.lang
    with st.expander(t("city_imp_title", lang), expanded=expanded):
        st.caption(t("city_imp_hint", lang))
        n = st.session_state.setdefault("city_uploads", 0)  # a new key empties the uploader
        upload = st.file_uploader(
            t("city_imp_file", lang), type=data_view.UPLOAD_TYPES, key=f"city_file{n}"
        )
        if upload is None:
            if done := st.session_state.get("city_done"):
                st.success(done)
            return
        value_column = st.session_state.get(f"city_value_col{n}") or None
        file = _indicator_preview(upload, value_column)
        if isinstance(file, ImportFailed):
            st.error(t("city_imp_failed", lang, n=len(file.problems)))
            st.code(
                data_view.failure_text(str(file), lang, file.problems),
                language=None,
                wrap_lines=True,
            )
            return
        _show_indicator_preview(file, lang)
        if not file.has_area:
            st.error(t("city_imp_no_area", lang))
            return
        choices = [c for c in [file.headers.get("value"), *file.numbers] if c]
        if "value" not in file.frame.columns or file.numbers:
            if "value" not in file.frame.columns:
                st.warning(t("city_imp_no_value", lang))
            st.selectbox(
                t("city_imp_value_col", lang),
                ["", *choices] if "value" not in file.frame.columns else choices,
                format_func=lambda c: c or "—",
                key=f"city_value_col{n}",
            )
        if "value" not in file.frame.columns:
            return
        meta = _meta_form(file, lang, n)
        if meta is None:
            return
        try:
            with uploads.on_disk(upload) as (path,):
                result = sites.import_indicators(
                    ui.cursor(),
                    path,
                    report_dir=settings.var_dir() / "reports",
                    meta=meta,
                    value_column=value_column,
                )
        except ImportFailed as exc:
            st.error(t("city_imp_failed", lang, n=len(exc.problems)))
            shown = list(exc.problems[: data_view.SHOWN_PROBLEMS])
            show_table(
                data_view.problems_frame(shown, lang), lang, hide_index=True, width="stretch"
            )
            return
        c = result.counts
        st.session_state["city_done"] = t(
            "city_imp_done",
            lang,
            file=upload.name,
            n=format_number(result.rows),
            new=format_number(c.new),
            replaced=format_number(c.replaced),
            unchanged=format_number(c.unchanged),
        )
        st.session_state["city_uploads"] = n + 1
        st.session_state.pop("city_preview", None)
        st.rerun()


# --- village profile -----------------------------------------------------------------------------------

VILLAGE_LIST_LIMIT = 600


@ui.cached(edits=(), max_entries=32)
def village_options(
    area: str | None, round_be: int | None, rule_name: str, k: float
) -> pd.DataFrame:
    """Villages of ``area`` (the whole store when None) with their poor households in the round,
    most poor first (at most VILLAGE_LIST_LIMIT), for the village picker."""
    return vq.villages_by_poor(
        ui.cursor(), area, round_be, rules.poor_rule(rule_name, k), VILLAGE_LIST_LIMIT
    )


@ui.cached(edits=(), max_entries=64)
def village_numbers(code: str, round_be: int | None, rule_name: str, k: float) -> pd.DataFrame:
    """One village's households, people, poor households and people, headcount ratio and
    Alkire–Foster ``H``, ``A``, ``M0`` (weights from the settings, cut-off ``k``) in the round:
    the query of ``povmap stats --level village --area <code>`` (:func:`query.areas.area_measures`)."""
    return areas.area_measures(
        ui.cursor(),
        "village",
        round_be=round_be,
        area=code,
        rule=rules.poor_rule(rule_name, k),
        af_weights=dict(rules.af_weights()),
        af_k=float(k),
    )


def village(code: str) -> dict | None:
    """The stored village (names, point), or None."""
    return vq.village(ui.cursor(), code)


def nearest_village(lat: float, lon: float, subdistrict: str) -> str | None:
    """The village of ``subdistrict`` whose point is nearest to (lat, lon)."""
    frame = vq.village_points(ui.cursor(), subdistrict)
    if frame.empty:
        return None
    d = geometry.distance_km(lat, lon, frame["lat"].to_numpy(float), frame["lon"].to_numpy(float))
    return str(frame["village_code"].iloc[int(d.argmin())])


def village_referrals(code: str, lang: str) -> pd.DataFrame | None:
    """Referrals of the village's households by current status (None when referrals are not set up).

    Reads the ``referral_current`` view of the referrals feature when it exists.
    """
    frame = vq.referral_counts(ui.cursor(), code)
    if frame is None:
        return None
    try:
        from data.referrals import STATUSES, status_label
    except ImportError:  # pragma: no cover - the referrals module ships with its table
        return frame
    order = {s: i for i, s in enumerate(STATUSES)}
    frame = frame.sort_values("status", key=lambda s: s.map(order).fillna(99))
    frame["status"] = [status_label(s, lang) for s in frame["status"]]
    return frame


def nearby_sites(
    lat: float, lon: float, radius_km: float, province: str, lang: str
) -> pd.DataFrame:
    """Places and enterprises within ``radius_km`` of a point (same or neighbouring province)."""
    frame = site_table(sites.PLACE_KINDS, None)
    # a cheap box first (1 degree ~ 111 km), then the exact distance
    box = radius_km / 100.0
    frame = frame[(frame["lat"] - lat).abs().le(box) & (frame["lon"] - lon).abs().le(box * 1.1)]
    near = geometry.nearby(frame, lat, lon, radius_km)
    return with_labels(near, lang) if len(near) else near


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
    import plotly.express as px

    from analysis.capitals import LEVEL_LABELS
    from data.schema import table

    lang = view.lang
    i = 1 if lang == "en" else 0
    numbers = village_poverty(view.round_be, code, view.rule_name, view.k)
    a, b, c = st.columns(3)
    with c:
        st.markdown(f"**{t('sites_vil_households_by_level', lang)}**")
        levels = numbers.levels.copy()
        levels.index = [LEVEL_LABELS[x][i] for x in levels.index]
        show_table(
            levels[["households"]].rename(columns={"households": t("households_unit", lang)}),
            lang,
            use_container_width=True,
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
        st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
    with b:
        st.markdown(f"**{t('sites_vil_causes', lang)}**")
        causes = numbers.causes.copy()
        causes.index = [sites.term_name("cause", x, lang) for x in causes.index]
        show_table(causes.rename(t("poor_households", lang)), lang, use_container_width=True)
    failing = numbers.failing.head(5)
    failing = failing[failing > 0]
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
            use_container_width=True,
        )


@ui.cached(edits=(), max_entries=32)
def village_poverty(round_be: int | None, code: str, rule_name: str, k: float) -> vq.VillagePoverty:
    """One village's levels and its poor households' capitals, causes and indicators."""
    from povmap import rules

    return vq.village_poverty(
        ui.cursor(),
        round_be,
        code,
        rule=rules.poor_rule(rule_name, k),
        model=rules.household_model(),
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


def product_links(frame: pd.DataFrame, lang: str, round_be: int | None) -> None:
    """Products as a table whose last column opens each digital label."""
    show_table(
        products_with_links(frame, lang, round_be),
        lang,
        use_container_width=True,
        column_config={
            t("sites_ent_open_label", lang): st.column_config.LinkColumn(
                display_text=t("sites_open", lang)
            )
        },
    )


def enterprise_profile(view: ui.View, e: pd.Series, products: pd.DataFrame) -> None:
    """One enterprise (a labelled row of :func:`with_labels`, indexed by site_id): facts, the
    poor households of its subdistrict, and its products with links to their labels."""
    lang = view.lang
    st.markdown(f"### {md(e['name'])}")
    if e["other_name"]:
        st.caption(md(e["other_name"]))
    a, b = st.columns([3, 2])
    description = e.get("description_en" if lang == "en" else "description_th")
    if not is_missing(description):
        a.markdown(md(description))
    where = e["area_name"] + (f" ({t('sites_approximate', lang)})" if e["approximate"] else "")
    a.html(
        facts_html(
            [
                (t("sites_ent_enterprise_type", lang), e["category_name"]),
                (
                    t("sites_ent_product_type", lang),
                    sites.term_name("product_type", e["product_type"], lang),
                ),
                (
                    t("sites_ent_stage", lang),
                    sites.term_name("value_chain_stage", e["value_chain_stage"], lang),
                ),
                (t("sites_members", lang), format_number(e["members"])),
                (t("sites_ent_registration", lang), e["registration_no"]),
                (t("sites_area", lang), where),
                (t("sites_contact", lang), e["contact"]),
                (t("sites_phone", lang), e["phone"]),
                (t("sites_website", lang), e["website"]),
                (t("sites_started", lang), date_text(e["started_on"])),
                (t("sites_updated", lang), date_text(e["updated_on"])),
                (t("sites_source", lang), e["source"]),
            ]
        )
    )
    if not is_missing(e["subdistrict_code"]):
        here = ui.area_stats(
            "subdistrict", view.round_be, e["subdistrict_code"], view.rule_name, view.k
        )
        poor = int(here["poor_households"].sum()) if len(here) else 0
        b.metric(t("sites_ent_near_poor", lang, round=view.round_be), format_number(poor))
        near = e["village_code"]
        if is_missing(near) and not is_missing(e["lat"]):
            near = nearest_village(float(e["lat"]), float(e["lon"]), e["subdistrict_code"])
        if not is_missing(near):
            b.page_link(
                "pages/village.py",
                label=f"{t('page_village', lang)} {near}",
                query_params={"village": near, "lang": lang},
            )
    st.markdown(f"**{t('sites_ent_product_list', lang)}**")
    own = products[products["enterprise_id"] == e.name]
    if own.empty:
        st.caption(t("sites_ent_no_products", lang))
    else:
        product_links(own, lang, view.round_be)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def md(text: Any) -> str:
    r"""User text made safe for Streamlit markdown (headings, captions): every markdown, emoji
    (``:x:``), colour (``:red[]``) and math (``$``) character is backslash-escaped, and web or
    mail addresses get an invisible word joiner so they are not turned into links.

    >>> print(md("**a** :red[b] $c$"))
    \*\*a\*\* \:red\[b\] \$c\$
    >>> "\u2060" in md("see http://example.com or www.example.com")
    True
    """
    if is_missing(text):
        return ""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    out = re.sub(r"(?i)(\\:)(/)", "\\1\u2060\\2", out)
    out = re.sub(r"(?i)\b(www)(\\\.)", "\\1\u2060\\2", out)
    return out.replace("@", "@\u2060")
