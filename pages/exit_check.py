"""Exit verification (ตรวจสอบการพ้นความยากจน): a seeded stratified sample of the area's exited and
never-registered households, what the field checks found, and the wrong-exit, missed-poor and
satisfaction rates with their intervals and verdicts."""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import monitoring_view as mv
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape

view: ui.View = ui.current_view()
lang = view.lang
by = mv.recorder(lang)
access = signin_view.access()

st.title(t("page_exit_check", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("exit_intro", lang))

results_tab, draw_tab, record_tab = st.tabs(
    [t("exit_tab_results", lang), t("exit_tab_draw", lang), t("exit_tab_record", lang)]
)
with results_tab:
    sample_id = mv.results_section(view)
with draw_tab:
    mv.draw_section(view, by, access)
with record_tab:
    mv.record_section(sample_id, view, by, access)
