"""Thai Poverty Map: navigation and the shared sidebar only. Pages live in pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from povmap import settings
from povmap.i18n import LABELS, t
from povmap.views import chrome, present_view, share_view, ui

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
        "section_keep_out",
        (
            ("pages/monitoring.py", "page_monitoring", "monitoring", True),
            ("pages/exit_check.py", "page_exit_check", "exit-check", True),
            ("pages/grievances.py", "page_grievances", "grievances", True),
            ("pages/self_report.py", "page_self_report", "self-report", False),
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
    (
        "section_present",
        (("pages/storylines.py", "page_storylines", "storylines", False),),
    ),
)

st.set_page_config(page_title="Thai Poverty Map · แผนที่ความยากจน", layout="wide")

#: ?present=<storyline>: the storyline one view per screen, no sidebar (povmap.views.present_view)
presenting = present_view.requested()
if presenting is None:
    view = ui.sidebar()
    st.session_state["view"] = view
    lang = view.lang
else:
    lang = ui.url_language()
chrome.widget_texts(lang)  # Streamlit's own widget texts in the page's language
chrome.print_styles()  # a page printed from the browser: A4, no sidebar, no chrome
show_households = settings.get("POVMAP_SHOW_HOUSEHOLDS")


def _title(key: str, fallback: str) -> str:
    return t(key, lang) if key in LABELS else fallback


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
if presenting is not None:
    st.navigation(navigation, position="hidden")  # the pages stay known (links), none runs
    present_view.present(presenting, lang)
else:
    page = st.navigation(navigation, expanded=True)  # every page listed: no "View N more"
    share_view.sidebar(view, page.url_path or "overview")  # copy link, save this view
    page.run()
