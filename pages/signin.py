"""Sign in: a built-in account's name and password, or the organisation's single sign-on."""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import signin_view, ui

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("access_signin_title", lang))
st.caption(t("access_signin_caption", lang))
signin_view.sign_in_form(signin_view.signed_in(), lang)
