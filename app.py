"""Thai Poverty Map: navigation and the shared sidebar only. Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from povmap import ui
from povmap.i18n import t

st.set_page_config(page_title="Thai Poverty Map · แผนที่ความยากจน", page_icon="🗺️", layout="wide")

view = ui.sidebar()
st.session_state["view"] = view
pages = [
    st.Page("pages/overview.py", title=t("page_overview", view.lang), icon="📊", url_path="overview", default=True),
]
st.navigation(pages).run()
