"""Keeping them out of poverty (เฝ้าระวังการกลับไปยากจน): the area's monitored households, its alert
queue (overdue in red), an alert's history and next state, monitored households by area, and a
round's alerts raised for one province."""

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

st.title(t("page_monitoring", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("monitor_intro", lang))
mv.alert_metrics(view, access)

queue_tab, areas_tab, raise_tab = st.tabs(
    [t("monitor_tab_queue", lang), t("monitor_tab_areas", lang), t("monitor_tab_raise", lang)]
)
with queue_tab:
    av.show_done("mon-change")
    picked = mv.alert_queue(view, access)
    st.subheader(t("monitor_tab_change", lang))
    alert_id = mv.alert_id_input(picked, lang)
    if alert_id:
        mv.alert_panel(alert_id, by, view, access)
with areas_tab:
    mv.areas_section(view, access)
with raise_tab:
    mv.raise_section(view, by, access)
