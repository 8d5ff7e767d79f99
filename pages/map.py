"""Poverty map: drill-down choropleths of every metric, hot spots, village points and the table.

Shareable: level (``map_level``), metric, classes (``method``), colours (``palette``) and the
hot-spot layer (``hotspots=1``) live in the URL next to the app's lang, round and area.
"""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.map_view import map_fragment

view: ui.View = ui.current_view()
lang = view.lang

st.title(t("map_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

ui.breadcrumb(view)
map_fragment(view, full=True, height=620)  # with the export panel of the view it shows
