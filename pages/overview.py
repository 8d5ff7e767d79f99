"""Overview: the executive's ten-second answer to "where are the poor, and is it falling?".

Every number comes from the same store queries as `povmap stats` (tested to be equal).
"""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analysis.areas import bar_rows, ranked_extremes, round_change, round_pair
from analysis.measures import MEASURES, for_rule
from geo.maps import format_number, format_percent
from povmap import settings
from povmap.i18n import t
from povmap.views import briefing_view as bv
from povmap.views import measure_view as mv
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.map_view import map_fragment

FONT = "Sarabun, Loma, Garuda, sans-serif"
TREND_HEADROOM = 1.25  # the trend's y axis ends this many times above its top value
view: ui.View = ui.current_view()
lang = view.lang
access = signin_view.access()  # area numbers as the signed-in user's role may see them

st.title(t("overview_title", lang) + f" · {md_escape(view.area_name())}")
st.caption(t("app_tagline", lang))
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

ui.breadcrumb(view)
tot = ui.totals(view.area, view.rule_name, view.k, access).set_index("round_be")
now, prev, prev_round = round_pair(tot, view.round_be)


def delta(column: str, pct: bool = False) -> str | None:
    """Change against the previous round, with its sign (the arrow shows the direction)."""
    d = round_change(now, prev, column)
    if d is None:
        return None
    text = f"{d * 100:,.1f}" + (" จุด" if lang == "th" else " pts") if pct else format_number(d)
    return ("+" if d > 0 else "") + text + f" · {t('vs_round', lang, round=prev_round)}"


if now is not None:
    # what the totals cover, above them: 20 surveyed provinces are not Thailand
    headline = mv.headline(view.level_below, view.round_be, view.area, lang, view.area_name())
    st.markdown(f":material/info: **{headline}**")
    cols = st.columns(5)
    # (measure, value, change since the previous round); each card's name and definition come
    # from the measure registry, and the definition stays visible under the number
    cards = (
        (MEASURES["poor_households"], format_number(now.poor_households), delta("poor_households")),
        (MEASURES["poor_people"], format_number(now.poor_people), delta("poor_people")),
        (
            for_rule("headcount_ratio", view.rule_name),
            format_percent(now.headcount_ratio * 100, 1),
            delta("headcount_ratio", pct=True),
        ),
        (
            MEASURES["targeted_poor_households"],
            format_number(now.targeted_poor_households),
            delta("targeted_poor_households"),
        ),
        (MEASURES["households"], format_number(now.households), None),
    )
    for col, (measure, value, change) in zip(cols, cards, strict=True):
        mv.card(col, measure, value, lang, delta=change, k=view.k)
    rule = t("rule_af", lang, k=view.k) if view.rule_name == "af" else t("rule_tpmap", lang)
    st.caption(
        t("data_vintage", lang, round=view.round_be)
        + " · "
        + t("map_overview_stats_note", lang, rule=rule)
    )

left, right = st.columns([3, 2])
with left:
    map_fragment(view, full=False, height=540)
    st.page_link("pages/map.py", label=t("map_overview_open_map", lang), icon=":material/map:")
with right:
    min_cell = int(settings.get("POVMAP_MIN_CELL"))
    stats = ui.area_stats(
        view.level_below, view.round_be, view.area, view.rule_name, view.k, access
    )
    # rank only areas with data this round (surveyed, at least min_cell households); fewer
    # than 20 ranked areas are split, so no area is both "most" and "fewest"
    ranked = mv.ranked_codes(view.level_below, view.round_be, view.area)
    top, bottom, n = ranked_extremes(stats, "poor_households", ranked, min_cell)
    level_words = mv.level_words(view.level_below, lang)
    names = ui.area_names(lang)
    for title, rows, colour in (
        ("overview_top", top, "#d7301f"),
        ("overview_bottom", bottom, "#2c7fb8"),
    ):
        st.markdown(f"##### {t(title, lang, n=n, level=level_words)}")
        bars = bar_rows(rows, names, format_number)
        fig = px.bar(
            bars,
            x="value",
            y="name",
            orientation="h",
            text="text",
            labels={"value": t("poor_households", lang), "name": ""},
            color_discrete_sequence=[colour],
        )
        fig.update_traces(textposition="outside", cliponaxis=False)
        fig.update_layout(
            height=max(160, 28 * len(bars) + 60),
            margin=dict(l=0, r=30, t=10, b=0),
            font_family=FONT,
            xaxis_tickformat=",",
        )
        st.plotly_chart(fig, width="stretch", config=bv.chart_config(title))
    st.caption(mv.ranking(view.level_below, view.round_be, view.area, lang))

st.markdown(f"##### {t('map_overview_trend', lang, area=md_escape(view.area_name()))}")
trend = tot["poor_households"]
fig2 = px.line(
    x=list(trend.index),
    y=list(trend),
    markers=True,
    text=[format_number(v) for v in trend],
    color_discrete_sequence=["#d7301f"],
    labels={"x": t("round", lang), "y": t("poor_households", lang)},
)
# the value labels sit above the points: the y axis leaves a fifth of its height above the top
# one, and labels may spill into the margin rather than be cut
fig2.update_traces(textposition="top center", cliponaxis=False)
fig2.update_xaxes(tickmode="array", tickvals=list(trend.index))
top = float(trend.max()) if len(trend) else 0.0
fig2.update_yaxes(tickformat=",", range=[0, max(top, 1.0) * TREND_HEADROOM])
fig2.update_layout(height=260, margin=dict(l=0, r=0, t=20, b=0), font_family=FONT)
st.plotly_chart(fig2, width="stretch", config=bv.chart_config("trend"))
# the trend adds up whatever each round surveyed: say so, round by round
per_round = [(r, mv.round_coverage(view.level_below, int(r), view.area)) for r in trend.index]
st.caption(
    t(
        "coverage_trend",
        lang,
        rounds=" · ".join(
            f"{r}: {len(c.surveyed):,}/{c.areas:,} {mv.level_words(c.level, lang)}"
            for r, c in per_round
        ),
    )
)
bv.export_panel("overview", view, extra={"metric": st.session_state.get("ov_metric")})
