"""Thai Poverty Map: navigation and the shared sidebar only. Pages live in pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from data import audit
from povmap import settings
from povmap.i18n import LABELS, t
from povmap.views import chrome, present_view, share_view, signin_view, ui

HERE = Path(__file__).resolve().parent

#: (section label key, [(page file, title label key, url path, what it needs)]): a page is listed
#: for a user holding any of the capabilities it needs (data.roles: the public has "aggregates");
#: the door checks every read again, so a hidden page is a courtesy, not the protection.
#: A page whose file is not there yet is left out, so features can land one at a time.
#: The first page (the Overview) is served at the app's root "/" and at its own path.
AGGREGATES = ("aggregates",)
RECORDS = ("household_ids", "deidentified_records")
PROGRAMME = ("programme",)
CASEWORK = ("verify",)
SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]], ...] = (
    (
        "section_where",
        (
            ("pages/overview.py", "page_overview", "overview", AGGREGATES),
            ("pages/map.py", "page_map", "map", AGGREGATES),
        ),
    ),
    (
        "section_why",
        (
            ("pages/why.py", "page_why", "why", AGGREGATES),
            ("pages/household.py", "page_household", "household", RECORDS),
        ),
    ),
    (
        "section_how",
        (
            ("pages/referrals.py", "page_referrals", "referrals", ("refer", "agency_referrals")),
            ("pages/outcomes.py", "page_outcomes", "outcomes", PROGRAMME),
            ("pages/programme.py", "page_programme", "programme", PROGRAMME),
        ),
    ),
    (
        "section_keep_out",
        (
            ("pages/monitoring.py", "page_monitoring", "monitoring", CASEWORK),
            ("pages/exit_check.py", "page_exit_check", "exit-check", CASEWORK),
            ("pages/grievances.py", "page_grievances", "grievances", CASEWORK),
            ("pages/self_report.py", "page_self_report", "self-report", AGGREGATES),
        ),
    ),
    (
        "section_data",
        (
            ("pages/data.py", "page_data", "data", ("import",)),
            ("pages/review.py", "page_review", "review", CASEWORK),
        ),
    ),
    (
        "section_local_economy",
        (
            ("pages/enterprises.py", "page_enterprises", "enterprises", AGGREGATES),
            ("pages/product.py", "page_product", "product", AGGREGATES),
            ("pages/culture.py", "page_culture", "culture", AGGREGATES),
            ("pages/innovation.py", "page_innovation", "innovation", AGGREGATES),
            ("pages/village.py", "page_village", "village", AGGREGATES),
        ),
    ),
    (
        "section_present",
        (("pages/storylines.py", "page_storylines", "storylines", AGGREGATES),),
    ),
    (
        "section_admin",
        (
            ("pages/signin.py", "page_signin", "signin", AGGREGATES),
            ("pages/admin.py", "page_admin", "admin", ("admin",)),
        ),
    ),
)


st.set_page_config(page_title="Thai Poverty Map · แผนที่ความยากจน", layout="wide")

#: ?present=<storyline>: the storyline one view per screen, no sidebar (povmap.views.present_view)
presenting = present_view.requested()
#: who is signed in (None: the public) and what the door answers them, for every page
session = signin_view.start(ui.url_language())
if presenting is None:
    account_line = st.sidebar.container()  # filled below, once the pages are known
    view = ui.sidebar()
    st.session_state["view"] = view
    lang = view.lang
else:
    lang = ui.url_language()
chrome.widget_texts(lang)  # Streamlit's own widget texts in the page's language
chrome.print_styles()  # a page printed from the browser: A4, no sidebar, no chrome
show_households = settings.get("POVMAP_SHOW_HOUSEHOLDS")  # off: no household page for anyone
RECORD_WORK = {"household_ids", "deidentified_records", "refer", "agency_referrals", "verify"}


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


def _listed(path: str, needs: tuple[str, ...]) -> bool:
    """Whether this user is offered the page: it exists, they hold a capability it needs, and
    this deployment shows household pages if it is one."""
    return (
        (HERE / path).exists()
        and any(signin_view.allowed(session, need) for need in needs)
        and (show_households or not (set(needs) & RECORD_WORK))
    )


navigation: dict[str, list] = {}
may_open: set[str] = set()  # the URL paths of the pages listed (presentation mode asks too)
for section, pages in SECTIONS:
    entries = []
    for path, title, url, needs in pages:
        if _listed(path, needs):
            may_open.add(url)
            entries += _pages(path, _title(title, url), url)
    if entries:
        navigation[_title(section, section)] = entries
if presenting is not None:
    st.navigation(navigation, position="hidden")  # the pages stay known (links), none runs
    present_view.present(presenting, lang, may_open)
else:
    page = st.navigation(navigation, expanded=True)  # every page listed: no "View N more"
    signin_view.sidebar_account(session, lang, account_line)
    share_view.sidebar(view, page.url_path or "overview")  # copy link, save this view
    with audit.acting_as(signin_view.actor(session)):  # writes name the signed-in user
        page.run()
