"""Overview: the executive's ten-second answer to "where are the poor, and is it falling?"."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from geo.maps import format_number, format_percent
from povmap import ui
from povmap.i18n import t
from povmap.map_view import area_map_fragment

view: ui.View = ui.current_view()
lang = view.lang

st.title(t("overview_title", lang) + f" · {view.area_name()}")
st.caption(t("app_tagline", lang))
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

ui.breadcrumb(view)
tot = ui.totals(view.area, view.rule_name, view.k).set_index("round_be")
now = tot.loc[view.round_be] if view.round_be in tot.index else None
previous = [r for r in tot.index if r < (view.round_be or 0)]
prev = tot.loc[previous[-1]] if previous else None

if now is not None:
    cols = st.columns(5)

    def delta(column: str, pct: bool = False) -> str | None:
        if prev is None:
            return None
        d = now[column] - prev[column]
        text = format_percent(d * 100, 1) + " pts" if pct else format_number(d)
        return ("+" if d > 0 else "") + text + f" · {t('vs_round', lang, round=previous[-1])}"

    cols[0].metric(
        t("poor_households", lang),
        format_number(now.poor_households),
        delta("poor_households"),
        delta_color="inverse",
    )
    cols[1].metric(
        t("poor_people", lang),
        format_number(now.poor_people),
        delta("poor_people"),
        delta_color="inverse",
    )
    cols[2].metric(
        t("headcount_ratio", lang),
        format_percent(now.headcount_ratio * 100, 1),
        delta("headcount_ratio", pct=True),
        delta_color="inverse",
    )
    cols[3].metric(
        t("targeted_poor", lang),
        format_number(now.targeted_poor_households),
        help=t("targeted_poor_help", lang),
    )
    cols[4].metric(t("surveyed_households", lang), format_number(now.households))
    st.caption(
        t("headcount_definition", lang) + " · " + t("data_vintage", lang, round=view.round_be)
    )

left, right = st.columns([3, 2])
with left:
    area_map_fragment(view, metric="poor_households")
with right:
    stats = ui.area_stats(view.level_below, view.round_be, view.area, view.rule_name, view.k)
    names = ui.areas().set_index("code")["name_en" if lang == "en" else "name_th"]
    top = stats.assign(name=stats["code"].map(names)).nlargest(10, "poor_households")
    st.subheader(t("top_areas", lang))
    fig = px.bar(
        top.iloc[::-1],
        x="poor_households",
        y="name",
        orientation="h",
        labels={"poor_households": t("poor_households", lang), "name": ""},
        color_discrete_sequence=["#e34a33"],
    )
    fig.update_layout(
        height=360, margin=dict(l=0, r=0, t=10, b=0), font_family="Sarabun, Loma, sans-serif"
    )
    st.plotly_chart(fig, use_container_width=True, config={"displayModeBar": False})
    st.subheader(t("trend", lang))
    trend = tot.reset_index()
    fig2 = px.line(
        trend,
        x="round_be",
        y="poor_households",
        markers=True,
        color_discrete_sequence=["#e34a33"],
        labels={"round_be": t("round", lang), "poor_households": t("poor_households", lang)},
    )
    fig2.update_xaxes(tickmode="array", tickvals=list(trend["round_be"]))
    fig2.update_layout(
        height=240, margin=dict(l=0, r=0, t=10, b=0), font_family="Sarabun, Loma, sans-serif"
    )
    st.plotly_chart(fig2, use_container_width=True, config={"displayModeBar": False})
