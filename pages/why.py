"""Why are they poor: five capitals, household levels, Alkire–Foster MPI and ranked causes."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analysis import why
from analysis.areas import area_measures
from analysis.capitals import LEVEL_LABELS
from analysis.causes import cause_shares, compare_with_parents, indicator_shares
from analysis.measures import MEASURES
from data import export
from data.schema import bmn_indicators, table
from geo.maps import format_number, format_percent
from povmap import measure_view as mv
from povmap import rules, settings, ui
from povmap.i18n import t
from povmap.tables import show_table

FONT = "Sarabun, Loma, Garuda, sans-serif"
view: ui.View = ui.current_view()
lang = view.lang
i = 1 if lang == "en" else 0
types, levels = ui.filters_sidebar(lang)

st.title(t("why_title", lang) + f" · {view.area_name()}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

frame = why.apply_filters(ui.profile_frame(view.round_be, view.area), types, levels)
parent_code = view.area[: {2: 0, 4: 2, 6: 4, 8: 6}[len(view.area)]] if view.area else None
parent = why.apply_filters(ui.profile_frame(view.round_be, parent_code or None), types, levels)
country = why.apply_filters(ui.profile_frame(view.round_be, None), types, levels)
parent_name = ui.View(lang, view.round_be, parent_code or None, view.rule_name, view.k).area_name()
# "the country" is the provinces the round surveyed, and says so
surveyed = mv.round_coverage("province", view.round_be, None).surveyed
country_name = t("coverage_country", lang, n=f"{len(surveyed):,}")
parent_name = parent_name if parent_code else country_name
# what the page adds up: the areas below this one that the round surveyed
st.caption(mv.headline(view.level_below, view.round_be, view.area, lang, view.area_name()))
if frame.empty:
    st.info(t("no_households", lang))
    st.stop()

rule = rules.poor_rule(view.rule_name, view.k)
indicators = pd.DataFrame(bmn_indicators())
codes = list(indicators["code"])


poor_mask = rule.mask
poor = poor_mask(frame)
labels_cap = [table("capitals")[j][["name_th", "name_en"][i]] for j in range(5)]

# --- five capitals and levels --------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("capitals_title", lang))
    here = why.capital_means(frame, poor)
    there = why.capital_means(parent, poor_mask(parent))
    fig = go.Figure()
    # the parent as a dashed outline underneath, this area filled on top, so both stay visible
    for name, values, colour, fill, dash in (
        (parent_name, there, "#1b9e77", "none", "dash"),
        (view.area_name(), here, "#d95f02", "toself", "solid"),
    ):
        fig.add_trace(
            go.Scatterpolar(
                r=[*values.tolist(), values.iloc[0]],
                theta=[*labels_cap, labels_cap[0]],
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
    st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
    st.caption(t("capitals_caption", lang, area=view.area_name(), parent=parent_name))
    ui.csv_download(
        pd.DataFrame({"this_area": here, "parent_area": there}).rename_axis("capital"),
        "capital-means",
        lang,
        "dl-cap",
        ui.export_meta(view),
        units={"this_area": export.SCORE_1_4, "parent_area": export.SCORE_1_4},
    )
with right:
    st.subheader(t("levels_title", lang))
    dist = why.level_distribution(frame)
    dist["label"] = [LEVEL_LABELS[k][i] for k in dist.index]
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
    st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
    st.caption(t("levels_caption", lang, n=settings.get("POVMAP_LEVEL_STRUGGLING_WEAK")))
    ui.csv_download(dist, "household-levels", lang, "dl-levels", ui.export_meta(view))

# --- Alkire–Foster -------------------------------------------------------------------------------
st.subheader(t("mpi_title", lang))
weights = rules.af_weights()
k = float(settings.get("POVMAP_AF_K"))
total = why.overall_mpi(frame, codes, weights, k)
cols = st.columns(4)
for col, (key, value) in zip(
    cols,
    (
        ("mpi_H", format_percent(total["H"] * 100, 1)),
        ("mpi_A", format_percent(total["A"] * 100, 1)),
        ("mpi_M0", f"{total['M0']:.3f}"),
        ("mpi_poor_people", format_number(total["poor_population"])),
    ),
    strict=True,
):
    mv.card(col, MEASURES[key], value, lang, k=k)
# H is not the TPMAP headcount ratio: show that one beside it, named as everywhere else
tpmap = pd.DataFrame(
    {
        "_all": "all",
        "members": frame["members"].to_numpy(),
        "poor": rules.poor_rule("tpmap").mask(frame).to_numpy(),
        "welfare_card": False,
    }
)
tpmap_ratio = area_measures(tpmap, "_all")["headcount_ratio"].iloc[0]
st.caption(
    t(
        "mpi_caption",
        lang,
        k=k,
        tpmap_name=MEASURES["headcount_ratio"].name(lang),
        tpmap=format_percent(tpmap_ratio * 100, 1),
    )
)
contrib = pd.DataFrame(
    {
        "indicator": [r[["name_th", "name_en"][i]] for r in bmn_indicators()],
        "dimension": [r[["dimension_th", "dimension_en"][i]] for r in bmn_indicators()],
        "contribution": [total[f"phi_{c}"] * 100 for c in codes],
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
st.markdown(f"**{t('contrib_title', lang)}**")
st.caption(t("contrib_caption", lang))
st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})

child_level = view.level_below
child_col = {"province": "province_code", "district": "district_code"}.get(
    child_level, "subdistrict_code"
)
mpi = why.mpi_table(frame, codes, weights, k, child_col)
heat = why.dimension_contributions(mpi, indicators, weights) * 100
names = ui.areas().set_index("code")[["name_th", "name_en"][i]]
heat.index = [names.get(c, c) for c in heat.index]
heat.columns = [
    indicators.set_index("dimension")[["dimension_th", "dimension_en"][i]]
    .groupby(level=0)
    .first()[d]
    for d in heat.columns
]
st.markdown(f"**{t('heatmap_title', lang)}**")
st.caption(t("heatmap_caption", lang))
fig = px.imshow(
    heat.head(40),
    aspect="auto",
    color_continuous_scale="YlOrRd",
    labels={"color": "%"},
    text_auto=".0f",
)
fig.update_layout(
    height=max(260, 22 * min(len(heat), 40)), margin=dict(l=0, r=0, t=10, b=0), font_family=FONT
)
st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
ui.csv_download(mpi, "mpi-by-area", lang, "dl-mpi", ui.export_meta(view))

# --- causes ------------------------------------------------------------------------------------------
st.subheader(t("causes_title", lang))
shares = {
    name: cause_shares(f[poor_mask(f)].assign(_a="all"), "_a")["share"].droplevel(0)
    for name, f in (("area", frame), ("parent", parent), ("country", country))
}
comparison = compare_with_parents(shares["area"], shares["parent"], shares["country"])
cause_names = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}
# the parent and the country coincide for a province, and everything is the country at the top
shown = ["area", *(["parent"] if parent_code else []), *(["country"] if view.area else [])]
long = (
    comparison[shown]
    .rename(columns={"area": view.area_name(), "parent": parent_name, "country": country_name})
    .rename(index=cause_names)
    .reset_index(names="cause")
    .melt(id_vars="cause", var_name="where", value_name="share")
)
long["share"] *= 100
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
    height=460, margin=dict(l=0, r=0, t=10, b=0), font_family=FONT, yaxis=dict(autorange="reversed")
)
st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
st.caption(t("causes_caption", lang, area=view.area_name(), parent=parent_name))
ui.csv_download(
    comparison.rename(index=cause_names),
    "causes",
    lang,
    "dl-causes",
    ui.export_meta(view),
    units={
        **dict.fromkeys(("area", "parent", "country"), export.SHARE_AS_PCT),
        **dict.fromkeys(("vs_parent", "vs_country"), export.SHARE_DIFF_AS_PP),
    },
)

# --- indicators failed -------------------------------------------------------------------------------
st.subheader(t("indicators_title", lang))
failing = {
    name: indicator_shares(f[poor_mask(f)].assign(_a="all"), "_a", codes)["share"].droplevel(0)
    for name, f in (("area", frame), ("parent", parent), ("country", country))
}
table_ind = compare_with_parents(failing["area"], failing["parent"], failing["country"])
labels_ind = {r["code"]: r[["name_th", "name_en"][i]] for r in bmn_indicators()}
dims_ind = {r["code"]: r[["dimension_th", "dimension_en"][i]] for r in bmn_indicators()}
shown_ind = pd.DataFrame(
    {
        t("indicator", lang): [labels_ind[c] for c in table_ind.index],
        t("dimension", lang): [dims_ind[c] for c in table_ind.index],
        view.area_name(): (table_ind["area"] * 100).round(1),
        parent_name: (table_ind["parent"] * 100).round(1),
    },
    index=table_ind.index,
)
show_table(
    shown_ind,
    lang,
    percent=(view.area_name(), parent_name),
    hide_index=True,
    use_container_width=True,
    column_config={
        view.area_name(): st.column_config.ProgressColumn(
            format="%.1f%%", min_value=0, max_value=100
        ),
        parent_name: st.column_config.NumberColumn(format="%.1f%%"),
    },
)
st.caption(t("indicators_caption", lang, area=view.area_name()))
ui.csv_download(
    shown_ind,
    "indicators-failed",
    lang,
    "dl-indicators",
    ui.export_meta(view),
    units=dict.fromkeys((view.area_name(), parent_name), export.PCT),
)
