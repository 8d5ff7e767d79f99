"""The outcomes page for an area without households in either round says so in the user's
language instead of stopping on an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from povmap.i18n import t
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EMPTY = "10"  # Bangkok: the demo store has no households there


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_area_without_households_in_either_round_is_explained(demo_store, lang):
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), "executive")  # programme
    for key, value in {"lang": lang, "round": "2565", "area": EMPTY}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/outcomes.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    start = t("action_no_households_in_rounds", lang, area="", round=2564, to=2565).strip()
    assert any(start in i.value for i in at.info), [i.value for i in at.info]
    assert not at.metric
