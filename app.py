"""Thai Poverty Map: navigation and the shared sidebar only. Pages live in pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from povmap import settings
from povmap.i18n import LABELS, t
from povmap.views import chrome, ui

HERE = Path(__file__).resolve().parent

#: (section label key, [(page file, title label key, url path, shows household records)]).
#: A page whose file is not there yet is left out, so features can land one at a time.
#: The first page (the Overview) is served at the app's root "/" and at its own path.
SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str, bool], ...]], ...] = (
    (
        "section_where",
        (
            ("pages/overview.py", "page_overview", "overview", False),
            ("pages/map.py", "page_map", "map", False),
        ),
    ),
    (
        "section_why",
        (
            ("pages/why.py", "page_why", "why", False),
            ("pages/household.py", "page_household", "household", True),
        ),
    ),
    (
        "section_how",
        (
            ("pages/referrals.py", "page_referrals", "referrals", True),
            ("pages/outcomes.py", "page_outcomes", "outcomes", False),
            ("pages/programme.py", "page_programme", "programme", False),
        ),
    ),
    (
        "section_data",
        (
            ("pages/data.py", "page_data", "data", True),
            ("pages/review.py", "page_review", "review", True),
        ),
    ),
    (
        "section_local_economy",
        (
            ("pages/enterprises.py", "page_enterprises", "enterprises", False),
            ("pages/product.py", "page_product", "product", False),
            ("pages/culture.py", "page_culture", "culture", False),
            ("pages/innovation.py", "page_innovation", "innovation", False),
            ("pages/village.py", "page_village", "village", False),
        ),
    ),
)

st.set_page_config(page_title="Thai Poverty Map · แผนที่ความยากจน", layout="wide")

view = ui.sidebar()
chrome.widget_texts(view.lang)  # Streamlit's own widget texts in the page's language
st.session_state["view"] = view
show_households = settings.get("POVMAP_SHOW_HOUSEHOLDS")


def _title(key: str, fallback: str) -> str:
    return t(key, view.lang) if key in LABELS else fallback


def _pages(path: str, title: str, url: str) -> list:
    """The page at /<url>; the Overview also at "/" (Streamlit serves the default page only at
    the root, so a hidden twin keeps /overview working, like every other page's path)."""
    if url != "overview":
        return [st.Page(path, title=title, url_path=url)]
    return [
        st.Page(path, title=title, url_path="", default=True),
        st.Page(path, title=title, url_path=url, visibility="hidden"),
    ]


navigation: dict[str, list] = {}
for section, pages in SECTIONS:
    entries = [
        page
        for path, title, url, households in pages
        if (HERE / path).exists() and (show_households or not households)
        for page in _pages(path, _title(title, url), url)
    ]
    if entries:
        navigation[_title(section, section)] = entries
st.navigation(navigation, expanded=True).run()  # every page listed: no "View N more"
