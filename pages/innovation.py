"""Innovation communities and livable cities: technologies that address the selected area's main
causes (ranked, with the reason), the technology and innovation library, the innovation
communities and what they brought to villages, and livable-city area indicators.

Shareable: the section (``section``), the library search (``q``) and the city indicator
(``indicator``) live in the URL next to the app's lang, round and area.
"""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import city_view, innovation_view, ui
from povmap.views import sites_view as sv
from povmap.views.chrome import md_escape

SECTIONS = {
    "area": "sites_inno_tab_area",
    "library": "sites_inno_tab_library",
    "communities": "sites_inno_tab_communities",
    "city": "sites_inno_tab_city",
}

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("sites_inno_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
sv.synthetic_note(lang)
ui.breadcrumb(view)

if "inno_section" not in st.session_state:
    wanted = st.query_params.get("section")
    st.session_state["inno_section"] = wanted if wanted in SECTIONS else "area"
section = (
    st.segmented_control(
        t("page_innovation", lang),
        list(SECTIONS),
        format_func=lambda s: t(SECTIONS[s], lang),
        key="inno_section",
        label_visibility="collapsed",
        on_change=sv.sync_param("section", "inno_section"),
    )
    or "area"
)

library = innovation_view.technology_table(lang)
if section == "area":
    innovation_view.area_technologies_section(view, library)
elif section == "library":
    innovation_view.library_section(lang, library)
elif section == "communities":
    innovation_view.communities_section(view)
else:
    city_view.city_section(view)
