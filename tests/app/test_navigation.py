"""AppTests of the URL as the view's state: it follows a moved URL (Back, Forward, an edited
address), keeps the view over a page switch or a link that sets only some of it, and puts one
step's changes in the URL together. The browser walk is tests/browser/test_navigation.py."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def start(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


#: The sidebar and the full map in one script (AppTest's switch_page runs a page without app.py).
MAP_SCRIPT = """
import streamlit as st
from povmap.views import ui
from povmap.views.map_view import map_fragment

view = ui.sidebar()
st.session_state["view"] = view
map_fragment(view, full=True)
"""


def goto(at: AppTest, query: dict[str, str]) -> AppTest:
    """The address bar now says ``query`` (as after Back or Forward), then the app reruns."""
    at.query_params = dict(query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def view(at: AppTest) -> tuple[str, int, str]:
    return (
        at.radio(key="lang").value,
        at.selectbox(key="round").value,
        at.selectbox(key="area").value,
    )


def test_the_view_follows_the_url_when_it_moves(demo_store):
    at = start({"lang": "en", "round": "2563", "area": "46"})
    assert view(at) == ("en", 2563, "46")
    goto(at, {"lang": "en", "round": "2564", "area": "4601"})
    assert view(at) == ("en", 2564, "4601")
    assert "Mueang Kalasin" in at.title[0].value
    # a whole view without an area is Thailand
    goto(at, {"lang": "th", "round": "2564"})
    assert view(at) == ("th", 2564, "")
    assert "ประเทศไทย" in at.title[0].value
    assert dict(at.query_params) == {"lang": "th", "round": "2564"}


def test_a_page_switch_or_a_link_keeps_the_rest_of_the_view(demo_store):
    at = start({"lang": "en", "round": "2563", "area": "46"})
    # a page switch clears the URL: the view stays and is written back
    goto(at, {})
    assert view(at) == ("en", 2563, "46")
    assert dict(at.query_params) == {"lang": "en", "round": "2563", "area": "46"}
    # a link that sets only the language keeps the round and the area
    goto(at, {"lang": "th"})
    assert view(at) == ("th", 2563, "46")


def test_the_map_follows_the_url_and_a_new_area_resets_its_level_in_the_same_step(demo_store):
    base = {"lang": "en", "round": "2564", "area": "46"}
    at = AppTest.from_string(MAP_SCRIPT, default_timeout=120)
    at.query_params.update({**base, "map_level": "subdistrict", "metric": "poor_people"})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="mp_level").value == "subdistrict"
    assert at.selectbox(key="mp_metric").value == "poor_people"
    # Back to a URL without them: their defaults
    goto(at, base)
    assert at.selectbox(key="mp_level").value == "district"
    assert at.selectbox(key="mp_metric").value == "poor_households"
    assert "map_level" not in at.query_params and "metric" not in at.query_params
    # a chosen level, then a new area from the picker: area and level change together
    at.selectbox(key="mp_level").set_value("subdistrict").run()
    assert at.query_params["map_level"] == "subdistrict"
    at.selectbox(key="area").set_value("10").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["area"] == "10" and "map_level" not in at.query_params
    assert at.selectbox(key="mp_level").value == "district"
