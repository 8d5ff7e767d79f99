"""Report a hardship (แจ้งความเดือดร้อน): the public form a village's QR code opens. It lands as an
alert in the village's queue, is limited per browser session and address, and never shows back
what was sent."""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import monitoring_view as mv
from povmap.views import ui

view: ui.View = ui.current_view()
lang = view.lang

st.title(t("page_self_report", lang))
ui.synthetic_banner(lang)
st.markdown(t("self_intro", lang))
mv.self_report_form(view)
