"""The admin page's views: the accounts (read-only here; `povmap users` changes them) and the
audit trail, filtered, paged and downloaded (formulas defused by data.export)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data import users
from data.audit import ACTIONS
from povmap.i18n import t
from povmap.views import ui
from povmap.views.tables import show_table
from query import audit_read

#: audit entries shown per page
PAGE_ROWS = 100


def accounts_table(lang: str) -> None:
    """Every account with its roles and scopes (no password hash), and how to change them."""
    frame = users.list_users(ui.cursor())
    st.subheader(t("access_accounts", lang))
    if frame.empty:
        st.info(t("access_no_accounts", lang))
    else:
        keep = [
            c
            for c in (
                "name",
                "display_name",
                "email",
                "roles",
                "areas",
                "agencies",
                "disabled",
                "locked_until",
            )
            if c in frame.columns
        ]
        show_table(frame[keep], lang, hide_index=True, codes=("areas", "agencies"))
    st.caption(t("access_accounts_help", lang))


def audit_filters(lang: str) -> audit_read.AuditFilter:
    """The audit trail's filter widgets: who, which actions, from and to which day."""
    cols = st.columns([2, 3, 2, 2])
    who = cols[0].text_input(t("access_audit_who", lang), key="admin_audit_who").strip()
    actions = cols[1].multiselect(
        t("access_audit_actions", lang),
        list(ACTIONS),
        format_func=lambda c: audit_read.action_names([c], lang)[0],
        key="admin_audit_actions",
    )
    today = dt.date.today()
    since = cols[2].date_input(
        t("access_audit_since", lang), today - dt.timedelta(days=30), key="admin_audit_since"
    )
    until = cols[3].date_input(t("access_audit_until", lang), today, key="admin_audit_until")
    return audit_read.AuditFilter(
        who=who or None,
        actions=tuple(actions) or None,
        since=dt.datetime.combine(since, dt.time()) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None,
    )


def audit_trail(lang: str) -> None:
    """One page of the audit trail the filters keep, newest first, and all of it as CSV."""
    st.subheader(t("access_audit_title", lang))
    filters = audit_filters(lang)
    con = ui.cursor()
    total = audit_read.count(con, filters)
    pages = max(1, -(-total // PAGE_ROWS))
    page = int(
        st.number_input(
            t("access_audit_page", lang, pages=pages), 1, pages, 1, key="admin_audit_page_no"
        )
    )
    frame = audit_read.entries(
        con, filters, limit=PAGE_ROWS, offset=(page - 1) * PAGE_ROWS, lang=lang
    )
    st.caption(t("access_audit_count", lang, n=total))
    if frame.empty:
        st.info(t("access_audit_none", lang))
        return
    show_table(frame, lang, hide_index=True, codes=("seq", "scope"))
    ui.csv_download(
        audit_read.entries(con, filters, limit=None, lang=lang),
        "audit",
        lang,
        key="admin_audit_csv",
        label=t("access_audit_download", lang),
    )
