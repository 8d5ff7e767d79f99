"""Why are they poor: five capitals, household levels, Alkire–Foster MPI and ranked causes."""

from __future__ import annotations

import streamlit as st

from analysis.measures import MEASURES
from geo.maps import format_number, format_percent
from povmap import settings
from povmap.i18n import t
from povmap.views import briefing_view as bv
from povmap.views import measure_view as mv
from povmap.views import signin_view, ui
from povmap.views import why_view as wv
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table

view: ui.View = ui.current_view()
lang = view.lang
types, levels = ui.filters_sidebar(lang)

st.title(t("why_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

if ui.hidden(view, signin_view.access()):  # a small area: its numbers are suppressed for the role
    st.info(t("scope.suppressed", lang, n=settings.get("POVMAP_MIN_CELL")))
    st.stop()

nums = wv.numbers(view, types, levels)
parent_code = wv.parent_of(view)
# "the country" is the provinces the round surveyed, and says so
surveyed = mv.round_coverage("province", view.round_be, None).surveyed
country_name = t("coverage_country", lang, n=f"{len(surveyed):,}")
parent_name = (
    ui.View(lang, view.round_be, parent_code, view.rule_name, view.k).area_name()
    if parent_code
    else country_name
)
# what the page adds up: the areas below this one that the round surveyed
st.caption(mv.headline(view.level_below, view.round_be, view.area, lang, view.area_name()))
if nums.households == 0:
    st.info(t("no_households", lang))
    st.stop()

# --- five capitals and levels --------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("capitals_title", lang))
    st.plotly_chart(
        wv.capitals_figure(nums, view.area_name(), parent_name, lang),
        width="stretch",
        config=bv.chart_config("capitals"),
    )
    st.caption(
        t(
            "capitals_caption",
            lang,
            area=md_escape(view.area_name()),
            parent=md_escape(parent_name),
        )
    )
    wv.capitals_download(nums, view)
with right:
    st.subheader(t("levels_title", lang))
    st.plotly_chart(wv.levels_figure(nums, lang), width="stretch", config=bv.chart_config("levels"))
    st.caption(t("levels_caption", lang, n=settings.get("POVMAP_LEVEL_STRUGGLING_WEAK")))
    wv.levels_download(nums, view)

# --- Alkire–Foster -------------------------------------------------------------------------------
st.subheader(t("mpi_title", lang))
k = wv.af_k()
total = nums.overall
for col, (key, value) in zip(
    st.columns(4),
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
st.caption(
    t(
        "mpi_caption",
        lang,
        k=k,
        tpmap_name=MEASURES["headcount_ratio"].name(lang),
        tpmap=format_percent(nums.tpmap_ratio * 100, 1),
    )
)
st.markdown(f"**{t('contrib_title', lang)}**")
st.caption(t("contrib_caption", lang))
st.plotly_chart(
    wv.contributions_figure(nums, lang), width="stretch", config=bv.chart_config("contributions")
)
st.markdown(f"**{t('heatmap_title', lang)}**")
st.caption(t("heatmap_caption", lang))
st.plotly_chart(
    wv.heatmap_figure(nums, lang), width="stretch", config=bv.chart_config("dimensions")
)
wv.mpi_download(nums, view)

# --- causes ------------------------------------------------------------------------------------------
st.subheader(t("causes_title", lang))
st.plotly_chart(
    wv.causes_figure(nums, view, parent_name, country_name),
    width="stretch",
    config=bv.chart_config("causes"),
)
st.caption(
    t(
        "causes_caption",
        lang,
        area=md_escape(view.area_name()),
        parent=md_escape(parent_name),
    )
)
wv.causes_download(nums, view)

# --- indicators failed -------------------------------------------------------------------------------
st.subheader(t("indicators_title", lang))
shown = wv.indicators_table(nums, view, parent_name)
show_table(
    shown,
    lang,
    percent=(view.area_name(), parent_name),
    hide_index=True,
    width="stretch",
    column_config=wv.indicators_column_config(view, parent_name),
)
st.caption(t("indicators_caption", lang, area=md_escape(view.area_name())))
wv.indicators_download(shown, view, parent_name)
bv.export_panel("why", view)
