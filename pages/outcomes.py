"""Outcomes across rounds: who left poverty, who entered, level-to-level flows, exits by area and by
the intervention received (an association, not an effect)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analysis import interventions as iv
from analysis import outcomes as oc
from analysis.capitals import LEVEL_LABELS, LEVELS
from geo.maps import format_number, format_percent
from povmap import settings
from povmap.i18n import t
from povmap.views import action_view as av
from povmap.views import briefing_view as bv
from povmap.views import measure_view as mv
from povmap.views import ui
from povmap.views.chrome import md_escape

view: ui.View = ui.current_view()
lang = view.lang
i = av.lang_index(lang)

st.title(t("action_outcomes_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
rounds = ui.rounds()
if not rounds:
    st.info(t("no_data", lang))
    st.stop()
to_round = view.round_be or rounds[-1]
earlier = [r for r in rounds if r < to_round][::-1]
if not earlier:
    st.info(t("action_needs_two_rounds", lang, round=to_round))
    st.stop()
wanted = st.query_params.get("from", "")
from_round = st.selectbox(
    t("action_compare_from", lang, round=to_round),
    earlier,
    index=earlier.index(int(wanted)) if wanted.isdigit() and int(wanted) in earlier else 0,
    key="outcomes_from",
)
st.query_params["from"] = str(from_round)

child_col = {"province": "province_code", "district": "district_code"}.get(
    view.level_below, "subdistrict_code"
)
tables = av.outcome_tables(from_round, to_round, view.area, view.rule_name, view.k, child_col)
min_cell = int(settings.get("POVMAP_MIN_CELL"))
if tables["total"].empty:
    st.info(
        t(
            "action_no_households_in_rounds",
            lang,
            area=view.area_name(),
            round=from_round,
            to=to_round,
        )
    )
    st.stop()
total = tables["total"].iloc[0]
cols = st.columns(5)
cols[0].metric(t("action_poor_in", lang, round=from_round), format_number(total.poor_before))
cols[1].metric(t("action_exited", lang), format_number(total.exited))
cols[2].metric(t("action_exit_rate", lang), format_percent(total.exit_rate, 1, fraction=True))
cols[3].metric(t("action_entered", lang), format_number(total.entered))
cols[4].metric(
    t("action_poor_in", lang, round=to_round),
    format_number(total.poor_after),
    format_number(total.net_change) if total.net_change <= 0 else f"+{total.net_change:,}",
    delta_color="inverse",
)
st.caption(t("action_transitions_caption", lang, stayed=format_number(total.stayed)))
st.caption(
    mv.rounds_line(view.level_below, [from_round, to_round], view.area, lang, view.area_name())
)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("action_sankey_title", lang))
    flows = tables["flows"]
    labels = {k: v[i] for k, v in LEVEL_LABELS.items()} | {
        oc.NOT_SURVEYED: t("action_not_surveyed", lang)
    }
    links = oc.sankey_links(flows, labels, from_round=from_round, to_round=to_round)
    palette = dict(zip(LEVELS, ["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"], strict=True))
    node_colour = [palette.get(k, "#bdbdbd") for k in links["nodes"]]
    fig = go.Figure(
        go.Sankey(
            node=dict(label=links["label"], color=node_colour, pad=22, thickness=22),
            link=dict(
                source=links["source"],
                target=links["target"],
                value=links["value"],
                color=[av.translucent(node_colour[s]) for s in links["source"]],
            ),
            textfont=dict(size=15, color="#1f2328"),
        )
    )
    fig.update_layout(height=420, margin=dict(l=0, r=0, t=10, b=10), font_family=av.FONT)
    st.plotly_chart(fig, use_container_width=True, config=bv.chart_config("level-flows"))
    st.caption(t("action_sankey_caption", lang))
    ui.csv_download(
        flows,
        "level-flows",
        lang,
        "dl-flows",
        ui.export_meta(view, round_be=to_round, from_round_be=from_round),
    )
with right:
    st.subheader(t("action_exits_by_area", lang))
    by_area = tables["by_area"].copy()
    names = ui.areas().set_index("code")[["name_th", "name_en"][i]]
    by_area.insert(0, "name", by_area.index.map(names))
    chart = oc.exit_rate_chart_rows(by_area, min_cell)
    fig = px.bar(
        chart,
        x=chart["exit_rate"] * 100,
        y="name",
        orientation="h",
        text=[format_percent(r, 0, fraction=True) for r in chart["exit_rate"]],
        labels={"x": t("action_exit_rate", lang) + " (%)", "name": ""},
        color_discrete_sequence=["#1a7f37"],
    )
    fig.update_traces(textfont_size=13)
    fig.update_layout(
        height=max(300, 26 * len(chart) + 60),
        margin=dict(l=0, r=0, t=10, b=0),
        font_family=av.FONT,
        font_size=14,
    )
    st.plotly_chart(fig, use_container_width=True, config=bv.chart_config("exit-rate-by-area"))
    ui.csv_download(
        by_area,
        "transitions-by-area",
        lang,
        "dl-trans",
        ui.export_meta(view, round_be=to_round, from_round_be=from_round),
    )

st.subheader(t("action_by_intervention_title", lang))
st.warning(t("action_association_caveat", lang))
got = tables["by_intervention"].copy()
type_names = {k: v[i] for k, v in iv.INTERVENTION_TYPES.items()} | {
    "any": t("action_any_intervention", lang),
    "none": t("action_no_intervention", lang),
}
got.insert(0, "name", [type_names.get(k, k) for k in got.index])
if int(got.loc["any", "households"]) < min_cell or int(got.loc["none", "households"]) < min_cell:
    st.info(t("action_no_received", lang, round=from_round))
else:
    shown = oc.intervention_chart_rows(got, min_cell)
    fig = px.bar(
        shown,
        x=shown["exit_rate"] * 100,
        y="name",
        orientation="h",
        text=[
            f"{format_percent(r, 0, fraction=True)} · n={format_number(n)}"
            for r, n in zip(shown["exit_rate"], shown["households"], strict=True)
        ],
        labels={"x": t("action_exit_rate", lang) + " (%)", "name": ""},
        color=["none" if k == "none" else "any" if k == "any" else "type" for k in shown.index],
        color_discrete_map={"none": "#9e9e9e", "any": "#08519c", "type": "#6baed6"},
    )
    fig.update_traces(textfont_size=14)
    fig.update_layout(
        height=max(280, 34 * len(shown) + 60),
        font_size=14,
        margin=dict(l=0, r=0, t=10, b=0),
        font_family=av.FONT,
        showlegend=False,
    )
    st.plotly_chart(fig, use_container_width=True, config=bv.chart_config("exit-rate-by-help"))
    st.caption(t("action_by_intervention_caption", lang, round=from_round, to=to_round, n=min_cell))
    ui.csv_download(
        pd.DataFrame(got).rename_axis("type"),
        "exits-by-intervention",
        lang,
        "dl-int",
        ui.export_meta(view, round_be=to_round, from_round_be=from_round),
    )
bv.export_panel("outcomes", view, extra={"from": str(from_round)})
