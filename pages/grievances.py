"""Grievances about the list (เรื่องร้องเรียนเกี่ยวกับรายชื่อ): the queue with coded types and due
times, filing one, its way up the village → district → province chain with its whole history,
and a village's public notice of households proposed as poor or as out of poverty."""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import action_view as av
from povmap.views import monitoring_view as mv
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape

view: ui.View = ui.current_view()
lang = view.lang
by = mv.recorder(lang)
access = signin_view.access()

st.title(t("page_grievances", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("grievance_intro", lang))
mv.grievance_metrics(view, access)

queue_tab, file_tab, notice_tab = st.tabs(
    [t("grievance_tab_queue", lang), t("grievance_tab_file", lang), t("grievance_tab_notice", lang)]
)
with queue_tab:
    av.show_done("grv-review")
    picked = mv.grievance_queue(view, access)
    st.subheader(t("grievance_tab_review", lang))
    grievance_id = mv.grievance_id_input(picked, lang)
    if grievance_id:
        mv.grievance_panel(grievance_id, by, lang, access)
with file_tab:
    mv.file_section(view, by, access)
with notice_tab:
    mv.notice_section(view, access)
