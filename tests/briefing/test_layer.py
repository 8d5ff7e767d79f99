"""briefing/ takes numbers and writes files: it imports neither Streamlit nor the UI glue."""

from __future__ import annotations

import pytest

from tests.test_layers import ROOT, imported, modules

BRIEFING = modules("briefing")
FORBIDDEN = ("streamlit", "streamlit_folium", "pages", "app", "povmap")


def test_briefing_modules_are_found():
    assert {"briefing.deck", "briefing.png", "briefing.downloads", "briefing.fonts"} <= set(
        BRIEFING
    )


@pytest.mark.parametrize("name", sorted(BRIEFING))
def test_briefing_imports_no_ui(name):
    bad = sorted(m for m in imported(name, BRIEFING[name]) if m.split(".")[0] in FORBIDDEN)
    assert bad == [], f"{BRIEFING[name].relative_to(ROOT)} imports {bad}"
