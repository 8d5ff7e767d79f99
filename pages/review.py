"""Review and verify (สอบทาน): flagged households of the selected area, their status and history.

Flags: GPS point outside the declared subdistrict, duplicates, disagreements with the state
welfare registry, stored once per round and data version; the page shows the area's counts and
one page of the queue. A reviewer records verified / disputed with a note; every change is kept.
"""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import data_view, ui
from povmap.views.chrome import md_escape
from query.access import AccessDenied

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("review_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds() or view.round_be is None:
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("review_caption", lang, area=md_escape(view.area_name()), round=view.round_be))

tolerance = data_view.gps_tolerance()
key = data_view.review_flags(view.round_be)
if key is None:  # a read-only store whose flags were never computed
    st.info(t("no_data", lang))
    st.stop()
try:  # the review queue is the signed-in officer's areas only
    flags = data_view.flag_counts(key, view.round_be, view.area, tolerance)
    statuses = data_view.status_counts(view.round_be, view.area)
except AccessDenied as err:
    st.warning(md_escape(err.render(lang)))
    st.stop()
cols = st.columns(6)
cols[0].metric(t("review_flagged", lang), f"{flags['flagged']:,}")
cols[1].metric(t("review_flag_gps_outside", lang), f"{flags['gps_outside']:,}")
cols[2].metric(t("review_tab_duplicates", lang), f"{flags['duplicates']:,}")
cols[3].metric(t("review_kpi_registry", lang), f"{flags['registry']:,}")
cols[4].metric(t("review_status_verified", lang), f"{statuses['verified']:,}")
cols[5].metric(t("review_status_disputed", lang), f"{statuses['disputed']:,}")
st.caption(
    t("review_gps_caption", lang, m=tolerance) + " · " + t("review_household_hidden_id", lang)
)

tab_queue, tab_dup, tab_registry, tab_villages = st.tabs(
    [t(f"review_tab_{k}", lang) for k in ("queue", "duplicates", "registry", "villages")]
)
with tab_queue:
    data_view.queue_tab(view, key, tolerance)
with tab_dup:
    data_view.duplicates_tab(view, key)
with tab_registry:
    data_view.registry_tab(view)
with tab_villages:
    data_view.villages_tab(view, tolerance)
