"""Household profile: one household's capitals, deprivations, level, cause and history across rounds.

Only the signed-in user's households: a provincial officer finds and opens those of the assigned
areas (each record opened is entered in the audit trail); a researcher sees the area's list and
downloads de-identified, and opens no single household.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.capitals import CAPITALS, LEVEL_LABELS
from analysis.household import failed_counts, failed_indicators, round_record
from data.schema import bmn_indicators, table
from geo.maps import format_number
from povmap import rules, settings
from povmap.i18n import t
from povmap.views import briefing_view as bv
from povmap.views import list_view, signin_view, ui
from povmap.views import monitoring_view as mv
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query.access import NAMED, AccessDenied
from query.household_profile import household_history
from query.households import village_households
from query.village import villages_in

view: ui.View = ui.current_view()
lang = view.lang
i = 1 if lang == "en" else 0
st.title(t("page_household", lang))
ui.synthetic_banner(lang)
if not settings.get("POVMAP_SHOW_HOUSEHOLDS"):
    st.info(t("households_hidden", lang))
    st.stop()
bv.household_downloads(view)
access = signin_view.access()

if NAMED not in access.capabilities:  # de-identified records only: the list, no profile
    st.caption(t("access_deidentified", lang))
    try:
        if view.area:
            list_view.household_list(view)
        else:
            list_view.province_list(view)
    except AccessDenied as err:
        st.warning(md_escape(err.render(lang)))
    st.stop()

con = ui.cursor()
villages = villages_in(con, view.area)
village_labels = {"": "—"} | {
    code: f"{name} ({code})"
    for code, name in zip(
        villages["village_code"], villages[["name_th", "name_en"][i]], strict=True
    )
}
left, right = st.columns(2)
typed = left.text_input(
    t("search_household", lang), key="hh_search", placeholder="H4601010101-0001"
).strip()
village = right.selectbox(
    t("village", lang),
    options=list(village_labels),
    format_func=village_labels.get,
    key="hh_village",
)
try:
    candidates = village_households(con, village, view.round_be, access=access) if village else []
except AccessDenied as err:
    st.warning(md_escape(err.render(lang)))
    candidates = []
hh_id = typed or (
    st.selectbox(t("household", lang), candidates, key="hh_pick") if candidates else ""
)
if not hh_id:
    # nothing typed or picked: the area's households with the most failed indicators
    st.caption(t("household_hint", lang))
    try:
        if view.area:
            hh_id = list_view.household_list(view) or ""
        else:
            list_view.province_list(view)
    except AccessDenied as err:
        st.warning(md_escape(err.render(lang)))
if not hh_id:
    st.stop()

try:
    profile = household_history(
        con,
        hh_id,
        model=rules.household_model(),
        rule=rules.poor_rule(view.rule_name, view.k),
        access=access,
    )
except AccessDenied as err:
    st.warning(md_escape(err.render(lang)))
    st.stop()
if profile.empty:
    st.warning(t("household_not_found", lang, hh_id=md_escape(hh_id)))
    st.stop()
row = round_record(profile, view.round_be)
ui.audit_household_view(hh_id, int(row.round_be), str(row.village_code))

st.subheader(f"{md_escape(hh_id)} · {t('round', lang)} {row.round_be}")
names = ui.areas().set_index("code")[["name_th", "name_en"][i]]
st.caption(
    " › ".join(
        md_escape(names.get(row[c], row[c]))
        for c in ("province_code", "district_code", "subdistrict_code")
    )
    + f" › {t('village_no', lang)} {row.village_no}"
)
cols = st.columns(4)
cols[0].metric(t("members", lang), format_number(row.members))
cols[1].metric(t("income_pp", lang), format_number(row.income_per_person_year))
cols[2].metric(t("household_level", lang), LEVEL_LABELS[row.level][i])
cause = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}.get(
    row.get("main_cause"), "–"
)
cols[3].metric(t("main_cause", lang), cause)

left, right = st.columns(2)
with left:
    labels_cap = [r[["name_th", "name_en"][i]] for r in table("capitals")]
    values = [float(row[f"capital_{c}"]) for c in CAPITALS]
    fig = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]],
            theta=[*labels_cap, labels_cap[0]],
            fill="toself",
            line_color="#d95f02",
        )
    )
    fig.update_layout(
        polar=dict(radialaxis=dict(range=[1, 4], tickvals=[1, 2, 3, 4])),
        height=340,
        margin=dict(l=30, r=30, t=20, b=20),
        font_family="Sarabun, Loma, sans-serif",
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    st.caption(t("level_model_note", lang))
with right:
    st.markdown(f"**{t('indicators_title', lang)}**")
    names_of = {r["code"]: r for r in bmn_indicators()}
    failed = [names_of[c] for c in failed_indicators(row, list(names_of))]
    if failed:
        for r in failed:
            st.markdown(
                f"- {r[['name_th', 'name_en'][i]]} — *{r[['dimension_th', 'dimension_en'][i]]}*"
            )
    else:
        st.markdown(t("no_deprivation", lang))

st.markdown(f"**{t('history', lang)}**")
hist = pd.DataFrame(
    {
        t("round", lang): profile["round_be"],
        t("poor_households", lang): profile["poor"].map({True: "✔", False: ""}),
        t("household_level", lang): [LEVEL_LABELS[v][i] for v in profile["level"]],
        t("deprivations", lang): failed_counts(profile, [r["code"] for r in bmn_indicators()]),
        t("income_pp", lang): profile["income_per_person_year"].map(format_number),
    }
)
show_table(hist, lang, hide_index=True, width="stretch")
mv.household_history(hh_id, lang, access)  # its alerts and every change of their state
