"""Storylines: saved views in the order they are presented, and every saved view.

A view is saved from the sidebar of any page ("Save this view"); here it is opened, put into a
storyline, moved up or down, and the storyline is presented full screen (``?present=<id>``,
:mod:`povmap.views.present_view`) or exported as briefing files.
"""

from __future__ import annotations

import streamlit as st

from povmap.i18n import t
from povmap.views import share_view, ui

view: ui.View = ui.current_view()
lang = view.lang

st.title(t("story_title", lang))
st.caption(t("story_intro", lang))
ui.synthetic_banner(lang)

left, right = st.columns([1, 1], gap="large")
with left:
    story = share_view.storylines(view)
with right:
    share_view.saved_views(view, story)
share_view.export_storyline(story, lang)  # PowerPoint, PDF and PNG of the storyline
