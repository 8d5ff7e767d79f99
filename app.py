"""Thai Poverty Map: navigation and the shared sidebar only. Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from povmap import settings, ui
from povmap.i18n import t

st.set_page_config(page_title="Thai Poverty Map · แผนที่ความยากจน", layout="wide")

view = ui.sidebar()
st.session_state["view"] = view
pages = [
    st.Page(
        "pages/overview.py", title=t("page_overview", view.lang), url_path="overview", default=True
    ),
    st.Page("pages/why.py", title=t("page_why", view.lang), url_path="why"),
]
if settings.get("POVMAP_SHOW_HOUSEHOLDS"):
    pages.append(
        st.Page("pages/household.py", title=t("page_household", view.lang), url_path="household")
    )
st.navigation(pages).run()
