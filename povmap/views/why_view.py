"""The Why page's Streamlit glue: the cached numbers (query.why) and the figures and tables drawn
from them. Widgets and caching only: every number comes from :func:`query.why.why_numbers`."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analysis.capitals import LEVEL_LABELS
from analysis.causes import comparison_long
from data import export
from data.schema import bmn_indicators, table
from geo.codes import parent_code
from geo.maps import format_percent
from povmap import rules, settings
from povmap.i18n import t
from povmap.views import ui
from query.why import WhyNumbers, why_numbers

FONT = "Sarabun, Loma, Garuda, sans-serif"
CHART = {"width": "stretch", "config": {"displayModeBar": False}}


def af_k() -> float:
    """The Alkire–Foster cut-off the page measures H, A and M0 with (POVMAP_AF_K)."""
    return float(settings.get("POVMAP_AF_K"))


@ui.cached(edits=(), max_entries=64)
def _numbers(
    round_be: int | None,
    area: str | None,
    types: tuple[str, ...],
    levels: tuple[str, ...],
    rule_name: str,
    k: float,
    mpi_k: float,
) -> WhyNumbers:
    return why_numbers(
        ui.cursor(),
        round_be,
        area,
        rule=rules.poor_rule(rule_name, k),
        model=rules.household_model(),
        weights=dict(rules.af_weights()),
        k=mpi_k,
        indicators=[(r["code"], r["dimension"]) for r in bmn_indicators()],
        types=types,
        levels=levels,
        summary=rules.summary_spec(rule_name, k),
    )


def numbers(view: ui.View, types: list[str], levels: list[str]) -> WhyNumbers:
    """The view's numbers under the researcher filters (cached until the store changes)."""
    return _numbers(
        view.round_be,
        view.area,
        tuple(types),
        tuple(levels),
        view.rule_name,
        view.k,
        af_k(),
    )


def parent_of(view: ui.View) -> str | None:
    """The area the page compares with (None: the country)."""
    return parent_code(view.area) if view.area else None


def capitals_figure(nums: WhyNumbers, area_name: str, parent_name: str, lang: str) -> go.Figure:
    """The poor households' capital means: the parent dashed underneath, the area filled on top."""
    i = 1 if lang == "en" else 0
    labels = [table("capitals")[j][["name_th", "name_en"][i]] for j in range(5)]
    fig = go.Figure()
    for name, values, colour, fill, dash in (
        (parent_name, nums.capitals_poor["parent"], "#1b9e77", "none", "dash"),
        (area_name, nums.capitals_poor["area"], "#d95f02", "toself", "solid"),
    ):
        fig.add_trace(
            go.Scatterpolar(
                r=[*values.tolist(), values.iloc[0]],
                theta=[*labels, labels[0]],
                name=name,
                line=dict(color=colour, dash=dash, width=3),
                fill=fill,
                opacity=0.75,
            )
        )
    fig.update_layout(
        polar=dict(radialaxis=dict(range=[1, 4], tickvals=[1, 2, 3, 4])),
        height=360,
        margin=dict(l=30, r=30, t=20, b=20),
        font_family=FONT,
        legend=dict(orientation="h"),
    )
    return fig


def capitals_download(nums: WhyNumbers, view: ui.View) -> None:
    frame = pd.DataFrame(
        {"this_area": nums.capitals_poor["area"], "parent_area": nums.capitals_poor["parent"]}
    ).rename_axis("capital")
    ui.csv_download(
        frame,
        "capital-means",
        view.lang,
        "dl-cap",
        ui.export_meta(view),
        units={"this_area": export.SCORE_1_4, "parent_area": export.SCORE_1_4},
    )


def levels_figure(nums: WhyNumbers, lang: str) -> go.Figure:
    i = 1 if lang == "en" else 0
    dist = nums.levels.assign(label=[LEVEL_LABELS[v][i] for v in nums.levels.index])
    fig = px.bar(
        dist,
        x="label",
        y="households",
        text=[format_percent(s * 100, 0) for s in dist["share"]],
        color="label",
        color_discrete_sequence=["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"],
        labels={"label": "", "households": t("surveyed_households", lang)},
    )
    fig.update_layout(
        height=360, showlegend=False, margin=dict(l=0, r=0, t=20, b=0), font_family=FONT
    )
    return fig


def levels_download(nums: WhyNumbers, view: ui.View) -> None:
    i = 1 if view.lang == "en" else 0
    dist = nums.levels.assign(label=[LEVEL_LABELS[v][i] for v in nums.levels.index])
    ui.csv_download(dist, "household-levels", view.lang, "dl-levels", ui.export_meta(view))


def contributions_figure(nums: WhyNumbers, lang: str) -> go.Figure:
    """Each indicator's share of M0, stacked by dimension."""
    i = 1 if lang == "en" else 0
    rows = bmn_indicators()
    contrib = pd.DataFrame(
        {
            "indicator": [r[["name_th", "name_en"][i]] for r in rows],
            "dimension": [r[["dimension_th", "dimension_en"][i]] for r in rows],
            "contribution": [nums.overall[f"phi_{r['code']}"] * 100 for r in rows],
        }
    )
    fig = px.bar(
        contrib,
        x="contribution",
        y="dimension",
        color="indicator",
        orientation="h",
        labels={"contribution": "%", "dimension": "", "indicator": ""},
    )
    fig.update_layout(
        height=300, margin=dict(l=0, r=0, t=10, b=0), font_family=FONT, legend=dict(font_size=10)
    )
    return fig


def heatmap_figure(nums: WhyNumbers, lang: str) -> go.Figure:
    """Per child area (at most 40), each dimension's share of M0 in percent."""
    i = 1 if lang == "en" else 0
    names = ui.areas().set_index("code")[["name_th", "name_en"][i]]
    dimension_names = {
        r["dimension"]: r[["dimension_th", "dimension_en"][i]] for r in reversed(bmn_indicators())
    }
    heat = nums.dimensions * 100
    heat.index = [names.get(c, c) for c in heat.index]
    heat.columns = [dimension_names[d] for d in heat.columns]
    fig = px.imshow(
        heat.head(40),
        aspect="auto",
        color_continuous_scale="YlOrRd",
        labels={"color": "%"},
        text_auto=".0f",
    )
    fig.update_layout(
        height=max(260, 22 * min(len(heat), 40)),
        margin=dict(l=0, r=0, t=10, b=0),
        font_family=FONT,
    )
    return fig


def mpi_download(nums: WhyNumbers, view: ui.View) -> None:
    ui.csv_download(nums.mpi, "mpi-by-area", view.lang, "dl-mpi", ui.export_meta(view))


def _where(view: ui.View, parent_name: str, country_name: str) -> tuple[list[str], dict]:
    """The scopes shown (the parent and the country coincide for a province, and everything is
    the country at the top) and their names."""
    shown = ["area", *(["parent"] if parent_of(view) else []), *(["country"] if view.area else [])]
    return shown, {"area": view.area_name(), "parent": parent_name, "country": country_name}


def causes_figure(
    nums: WhyNumbers, view: ui.View, parent_name: str, country_name: str
) -> go.Figure:
    i = 1 if view.lang == "en" else 0
    cause_names = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}
    shown, where = _where(view, parent_name, country_name)
    long = comparison_long(nums.cause_comparison, shown)
    long = long.assign(
        cause=[cause_names.get(c, c) for c in long["cause"]],
        where=[where[w] for w in long["where"]],
        share=long["share"] * 100,
    )
    fig = px.bar(
        long,
        x="share",
        y="cause",
        color="where",
        barmode="group",
        orientation="h",
        labels={"share": "%", "cause": "", "where": ""},
        color_discrete_sequence=["#d95f02", "#1b9e77", "#7570b3"],
    )
    fig.update_layout(
        height=460,
        margin=dict(l=0, r=0, t=10, b=0),
        font_family=FONT,
        yaxis=dict(autorange="reversed"),
    )
    return fig


def causes_download(nums: WhyNumbers, view: ui.View) -> None:
    i = 1 if view.lang == "en" else 0
    cause_names = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}
    ui.csv_download(
        nums.cause_comparison.rename(index=cause_names),
        "causes",
        view.lang,
        "dl-causes",
        ui.export_meta(view),
        units={
            **dict.fromkeys(("area", "parent", "country"), export.SHARE_AS_PCT),
            **dict.fromkeys(("vs_parent", "vs_country"), export.SHARE_DIFF_AS_PP),
        },
    )


def indicators_table(nums: WhyNumbers, view: ui.View, parent_name: str) -> pd.DataFrame:
    """The failed indicators among the poor as shown (percent, one decimal)."""
    i = 1 if view.lang == "en" else 0
    lang = view.lang
    comparison = nums.indicator_comparison
    labels = {r["code"]: r[["name_th", "name_en"][i]] for r in bmn_indicators()}
    dims = {r["code"]: r[["dimension_th", "dimension_en"][i]] for r in bmn_indicators()}
    return pd.DataFrame(
        {
            t("indicator", lang): [labels[c] for c in comparison.index],
            t("dimension", lang): [dims[c] for c in comparison.index],
            view.area_name(): (comparison["area"] * 100).round(1),
            parent_name: (comparison["parent"] * 100).round(1),
        },
        index=comparison.index,
    )


def indicators_column_config(view: ui.View, parent_name: str) -> dict:
    return {
        view.area_name(): st.column_config.ProgressColumn(
            format="%.1f%%", min_value=0, max_value=100
        ),
        parent_name: st.column_config.NumberColumn(format="%.1f%%"),
    }


def indicators_download(shown: pd.DataFrame, view: ui.View, parent_name: str) -> None:
    ui.csv_download(
        shown,
        "indicators-failed",
        view.lang,
        "dl-indicators",
        ui.export_meta(view),
        units=dict.fromkeys((view.area_name(), parent_name), export.PCT),
    )
