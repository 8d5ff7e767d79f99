"""AppTests of the local-economy pages on the small demo store: enterprises (LEOS), product
labels, cultural spaces, innovation and livable cities, village profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import sites, store
from geo.maps import format_number, format_percent
from query import sites_read
from query.access import Access
from query.households import household_frame
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(page: str, query: dict[str, str] | None = None, role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=90), role or roles.role_for(page))
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for e in (*at.markdown, *at.caption, *at.title, *at.subheader, *at.info, *at.warning)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def demo(demo_store):
    con = store.connect(demo_store)
    try:
        product = sites_read.products_frame(con).iloc[0].to_dict()
        enterprises = sites_read.sites_frame(con, ["enterprise"])
        adopted = con.execute(
            "SELECT village_code, count(*) FROM technology_adoptions WHERE village_code IN "
            "(SELECT village_code FROM households WHERE round_be = 2564) "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchone()
        markets = len(sites_read.sites_frame(con, ["market"]))
    finally:
        con.close()
    return {
        "product": product,
        "enterprises": enterprises,
        "village": adopted[0],
        "adoptions": adopted[1],
        "markets": markets,
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_enterprises_registry_and_profile(demo, lang):
    e = demo["enterprises"].iloc[0]
    at = run("pages/enterprises.py", {"lang": lang, "enterprise": e["site_id"]})
    metrics = {m.label: m.value for m in at.metric}
    label = "Enterprises" if lang == "en" else "ผู้ประกอบการ"
    assert metrics[label] == format_number(len(demo["enterprises"]))
    assert at.selectbox(key="ent_pick").value == e["site_id"]
    assert any(e["name_en" if lang == "en" else "name_th"] in h.value for h in at.markdown)
    assert any("ข้อมูลสังเคราะห์" in w.value or "Synthetic" in w.value for w in at.warning)


def test_enterprise_filters_come_from_the_url(demo):
    at = run("pages/enterprises.py", {"lang": "en", "ptype": "textile", "stage": "midstream"})
    wanted = demo["enterprises"]
    wanted = wanted[
        (wanted["product_type"] == "textile") & (wanted["value_chain_stage"] == "midstream")
    ]
    assert {m.label: m.value for m in at.metric}["Enterprises"] == format_number(len(wanted))
    assert at.multiselect(key="ent_ptype").value == ["textile"]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_product_label_page_from_its_url(demo, lang):
    p = demo["product"]
    at = run("pages/product.py", {"lang": lang, "product": p["product_id"]})
    label = at.html[0].value
    assert p["name_en" if lang == "en" else "name_th"] in label
    url = sites.label_url("http://localhost:8501", p["product_id"], lang)
    assert url.replace("&", "&amp;") in label and "data:image/png;base64," in label
    assert {b.label for b in at.download_button} >= {
        "Download QR (PNG)" if lang == "en" else "ดาวน์โหลด QR (PNG)",
        "Download QR (SVG, for print)" if lang == "en" else "ดาวน์โหลด QR (SVG สำหรับพิมพ์)",
    }
    assert ("Sample · synthetic data" if lang == "en" else "ข้อมูลสังเคราะห์") in label


def test_an_unknown_product_says_so():
    at = run("pages/product.py", {"lang": "en", "product": "NO-SUCH"})
    assert any("No product with ID NO-SUCH" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_culture_page_lists_places_with_filters(demo, lang):
    at = run("pages/culture.py", {"lang": lang, "kind": "market"})
    assert at.multiselect(key="cult_kinds").value == ["market"]
    shown = demo["markets"]
    assert (f"{shown:,} records" if lang == "en" else f"{shown:,} รายการ") in texts(at)
    assert len(at.dataframe[0].value) == shown


def test_culture_page_for_a_province(demo):
    at = run("pages/culture.py", {"lang": "en", "area": "46", "more": "1"})
    assert "Cultural spaces · Kalasin" in at.title[0].value
    assert at.toggle(key="cult_more").value is True


@pytest.mark.parametrize("section", ["area", "library", "communities", "city"])
def test_innovation_sections_run(section):
    at = run(
        "pages/innovation.py", {"lang": "en", "area": "46", "round": "2564", "section": section}
    )
    assert at.segmented_control(key="inno_section").value == section


def test_technologies_for_an_area_are_the_analysis_ranking(demo_store):
    from analysis.poverty import poor_households
    from analysis.technology import area_needs, match_technologies
    from data.schema import BMN_CODES
    from povmap import rules

    con = store.connect(demo_store)
    try:
        frame = household_frame(
            con, ["main_cause", *BMN_CODES], round_be=2564, area="46", access=Access.full()
        )
        library = sites_read.sites_frame(con, ["technology"])
    finally:
        con.close()
    rule = rules.poor_rule()
    poor = frame[poor_households(frame, rule.name, rules.af_weights(), rule.k).to_numpy(bool)]
    causes, failing = area_needs(poor, BMN_CODES)
    expected = match_technologies(library, causes, failing, top_causes=3, indicator_weight=0.5)
    at = run(
        "pages/innovation.py", {"lang": "en", "area": "46", "round": "2564", "section": "area"}
    )
    table = at.dataframe[0].value
    names = library.set_index("site_id")["name_en"]
    assert table["Name"].tolist() == [names[s] for s in expected["site_id"]]
    assert table["Score"].tolist() == pytest.approx(expected["score"].round(3).tolist())
    assert "targets" in table["Why"].iloc[0]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_village_profile_numbers_equal_povmap_stats(demo, demo_store, lang):
    from povmap.cli.stats import area_table

    code = demo["village"]
    con = store.connect(demo_store)
    try:
        expected = area_table(con, "village", round_be=2564, area=code).iloc[0]
    finally:
        con.close()
    # povmap stats' numbers unsuppressed: an executive (the public's small villages are hidden)
    at = run("pages/village.py", {"lang": lang, "round": "2564", "village": code}, role="executive")
    metrics = [m.value for m in at.metric]
    assert metrics == [
        format_number(expected.households),
        format_number(expected.people),
        format_number(expected.poor_households),
        format_number(expected.poor_people),
        format_percent(expected.headcount_ratio * 100, 1),
        f"{expected.mpi_M0:.3f}",
    ]
    shown = texts(at)
    assert "(round 2564)" in shown or "(รอบ 2564)" in shown
    assert "povmap stats" not in shown
    adopted = [d for d in at.dataframe if len(d.value) == demo["adoptions"]]
    assert adopted, "the village's adopted technologies are listed"


def test_village_page_without_a_village_and_with_an_unknown_one():
    at = run("pages/village.py", {"lang": "en"})
    assert any("8-digit code" in c.value for c in at.caption)
    at = run("pages/village.py", {"lang": "en", "village": "46999999"})
    assert any("No village with code 46999999" in w.value for w in at.warning)


def test_indicator_level_maps_below_the_area_or_among_siblings():
    from povmap.views.city_view import indicator_level

    assert indicator_level(None, ["province", "district"]) == ("province", None)
    assert indicator_level("46", ["province", "district"]) == ("district", "46")
    assert indicator_level("46", ["province"]) == ("province", None)
    assert indicator_level("4601", ["province", "district"]) == ("district", "46")
    assert indicator_level("460101", ["subdistrict"]) == ("subdistrict", "4601")
