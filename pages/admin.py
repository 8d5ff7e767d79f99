"""Administration: the accounts and the audit trail (admins only; the door checks it too)."""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import admin_view, signin_view, ui

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("page_admin", lang))
if not signin_view.allowed(signin_view.signed_in(), "admin"):
    st.warning(t("access_admin_only", lang))
    st.stop()
admin_view.accounts_table(lang)
st.divider()
admin_view.audit_trail(lang)
