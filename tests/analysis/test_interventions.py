"""The interventions catalogue and the matching rules: known answers on small hand-made households."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import interventions as iv
from data.schema import BMN_CODES, bmn_indicators, cause_codes, table

#: A household with no deficit at all: every capital measure scores 2 or more, passes every
#: indicator, no main cause.
COMFORTABLE = {
    "hh_id": "OK",
    "round_be": 2564,
    "members": 4,
    "members_under_15": 1,
    "members_60_plus": 0,
    "members_disabled": 0,
    "income_per_person_year": 60_000.0,
    "welfare_card": True,
    **dict.fromkeys(BMN_CODES, 1.0),
    "hc_max_education_years": 12,
    "hc_earners": 2,
    "hc_chronic_ill": 0,
    "hc_vocational_skill": True,
    "pc_housing_condition": 4,
    "pc_drinking_water_lpd": 10.0,
    "pc_electricity": True,
    "pc_productive_assets": 5,
    "pc_travel_minutes": 10.0,
    "fc_savings_baht": 200_000.0,
    "fc_debt_baht": 0.0,
    "fc_informal_debt": False,
    "nc_farm_land_rai": 20.0,
    "nc_land_tenure": "own",
    "nc_farm_water": True,
    "nc_disaster_exposure": 0,
    "sc_group_memberships": 3,
    "sc_community_participation": True,
    "sc_support_network": 3,
    "main_cause": None,
}

#: One person aged 70 living alone, no income of her own, not cared for, little schooling.
ELDERLY = {
    **COMFORTABLE,
    "hh_id": "OLD",
    "members": 1,
    "members_under_15": 0,
    "members_60_plus": 1,
    "hc_earners": 0,
    "hc_max_education_years": 3,
    "income_per_person_year": 20_000.0,
    **dict.fromkeys(["bmn_01", "bmn_09", "bmn_10", "bmn_11", "bmn_12", "bmn_13", "bmn_17"], np.nan),
    "bmn_14": 0.0,
    "bmn_15": 0.0,
    "bmn_16": 0.0,
    "main_cause": "lack_labour",
}

#: Two working-age adults and a child; one earns; no vocational skill; low income.
UNSKILLED = {
    **COMFORTABLE,
    "hh_id": "SKL",
    "members": 3,
    "members_under_15": 1,
    "hc_earners": 1,
    "hc_vocational_skill": False,
    "income_per_person_year": 30_000.0,
    "bmn_13": 0.0,
    "bmn_15": 0.0,
    "welfare_card": True,
    "main_cause": "lack_skills",
}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


@pytest.fixture(scope="module")
def cat() -> iv.Catalogue:
    return iv.load_catalogue()


# --- the catalogue --------------------------------------------------------------------------------


def test_catalogue_loads_and_every_intervention_maps_to_existing_deficits(cat):
    scoring = pd.DataFrame(table("capital_scoring"))
    measure_capital = dict(zip(scoring["measure"], scoring["capital"], strict=True))
    indicators = {r["code"] for r in bmn_indicators()}
    assert len(cat.interventions) >= 20
    assert set(cat.interventions["type"]) == set(iv.INTERVENTION_TYPES), "every type is used"
    for code, r in cat.interventions.iterrows():
        assert r["agency"] in cat.agencies.index, code
        assert r["name_th"] and r["name_en"], code
        assert set(r["indicators"]) <= indicators, code
        assert set(r["causes"]) <= set(cause_codes()), code
        assert set(r["capitals"]) <= {c["code"] for c in table("capitals")}, code
        for m in r["measures"]:
            assert measure_capital[m] in r["capitals"], (code, m)
        assert r["measures"] or r["indicators"] or r["causes"], code
        assert set(r["requires"]) <= set(iv.REQUIREMENTS), code


def test_every_indicator_measure_and_cause_has_an_intervention(cat):
    assert iv.uncovered_deficits(cat) == []


def test_the_programme_agencies_are_in_the_table_with_thai_and_english_names(cat):
    expected = {"pmj", "cdd", "lao", "sho", "nfe", "baac", "codi", "univ", "eef", "ddpm", "alro"}
    assert expected <= set(cat.agencies.index)
    assert cat.agencies.loc["pmj", "short_th"] == "พมจ."
    assert cat.agencies.loc["sho", "short_th"] == "รพ.สต."
    assert (cat.agencies[["name_th", "name_en", "short_th", "short_en"]] != "").all().all()


def test_a_broken_catalogue_is_refused_with_every_problem_named():
    inter = pd.DataFrame(iv._table("interventions")).set_index("code", drop=False)
    inter.loc["SP-RELIEF", "agency"] = "nobody"
    inter.loc["SP-ELDERLY", "measures"] = "no_such_measure"
    inter.loc["SP-WELFARE-CARD", "type"] = "magic"
    inter.loc["SP-DISABILITY", "capitals"] = "social"  # chronic_ill_share is human capital
    inter.loc["HEA-HOMECARE", ["measures", "indicators", "causes"]] = ""
    inter.loc["HEA-LTC", "code"] = "HEA-COVERAGE"
    inter = inter.reset_index(drop=True)
    with pytest.raises(iv.CatalogueError) as err:
        iv.load_catalogue(inter, None)
    text = "\n".join(err.value.problems)
    assert "unknown agency 'nobody'" in text
    assert "unknown measures no_such_measure" in text
    assert "unknown type 'magic'" in text
    assert "belongs to human capital" in text
    assert "addresses no deficit" in text
    assert "duplicate code" in text
    assert len(err.value.problems) == 6


def test_a_catalogue_file_can_be_edited_and_reloaded(tmp_path, cat):
    inter = pd.DataFrame(iv._table("interventions"))
    extra = inter.iloc[[0]].assign(code="NEW-ONE", name_en="A new one", causes="other")
    path = tmp_path / "interventions.csv"
    pd.concat([inter, extra]).to_csv(path, index=False)
    edited = iv.load_catalogue(path)
    assert "NEW-ONE" in edited.interventions.index
    assert edited.interventions.loc["NEW-ONE", "causes"] == ("other",)


# --- deficits and matching -------------------------------------------------------------------------------


def test_a_household_without_deficits_gets_no_recommendation(cat):
    deficits = iv.household_deficits(frame(COMFORTABLE), iv.scoring_table())
    assert not deficits.to_numpy().any()
    assert iv.recommend(frame(COMFORTABLE), cat).empty


def test_not_applicable_indicators_are_never_deficits():
    deficits = iv.household_deficits(frame(ELDERLY), iv.scoring_table()).iloc[0]
    assert not deficits["bmn:bmn_13"] and not deficits["bmn:bmn_17"]
    failed = {k for k, v in deficits.items() if v}
    assert failed == {
        "bmn:bmn_14",
        "bmn:bmn_15",
        "bmn:bmn_16",
        "measure:earner_share",
        "measure:hc_max_education_years",
        "cause:lack_labour",
    }


def test_elderly_household_gets_elderly_allowance_first_and_no_job_training(cat):
    recs = iv.recommend(frame(ELDERLY), cat, limit=None)
    # SP-ELDERLY: bmn_14 + bmn_16 (2 each) + earner share (1) + main cause lack_labour (2) = 7
    # SP-RELIEF: bmn_15 (2) + earner share (1) + lack_labour (2) = 5; EMP-ELDERLY-WORK: 2 + 1 + 2 = 5
    # (tie: catalogue order); skills, jobs and credit need a working-age member
    assert recs["intervention"].head(3).tolist() == ["SP-ELDERLY", "SP-RELIEF", "EMP-ELDERLY-WORK"]
    assert recs["points"].head(3).tolist() == [7.0, 5.0, 5.0]
    assert recs["rank"].tolist() == list(range(1, len(recs) + 1))
    assert not {"EMP-SKILLS", "EMP-JOBS", "FIN-CREDIT", "EDU-LITERACY"} & set(recs["intervention"])
    assert "SP-WELFARE-CARD" not in set(recs["intervention"]), "she already holds a card"
    assert recs.loc[0, "deficits"] == "bmn:bmn_14;bmn:bmn_16;measure:earner_share;cause:lack_labour"
    assert recs.loc[0, "hh_id"] == "OLD" and recs.loc[0, "agency"] == "lao"


def test_unskilled_household_ranking_is_the_documented_points(cat):
    recs = iv.recommend(frame(UNSKILLED), cat, limit=3)
    # PMUA model: skill (1) + bmn_13 (2) + bmn_15 (2) + lack_skills (2) = 7
    # jobs: bmn_13 + bmn_15 + lack_skills = 6; skills training: skill + bmn_13 + lack_skills = 5
    assert list(zip(recs["intervention"], recs["points"], strict=True)) == [
        ("LIV-PMUA-MODEL", 7.0),
        ("EMP-JOBS", 6.0),
        ("EMP-SKILLS", 5.0),
    ]


def test_points_are_two_per_indicator_and_cause_and_one_per_measure(cat):
    rows = frame(ELDERLY, UNSKILLED, {**UNSKILLED, "hh_id": "X", "main_cause": "illness"})
    recs = iv.recommend(rows, cat, limit=None)
    for r in recs.itertuples():
        kinds = [iv.parse_key(k)[0] for k in r.deficits.split(";")]
        assert r.points == sum(1 if k == "measure" else 2 for k in kinds)
        addressed = set(cat.addresses().columns[cat.addresses().loc[r.intervention]])
        assert set(r.deficits.split(";")) <= addressed


def test_welfare_card_registration_only_for_households_without_a_card(cat):
    without = iv.recommend(frame({**UNSKILLED, "welfare_card": False}), cat, limit=None)
    with_card = iv.recommend(frame(UNSKILLED), cat, limit=None)
    assert "SP-WELFARE-CARD" in set(without["intervention"])
    assert "SP-WELFARE-CARD" not in set(with_card["intervention"])


def test_deficit_score_widens_what_counts_as_weak(cat):
    low = iv.household_deficits(frame(UNSKILLED), iv.scoring_table(), deficit_score=1)
    wide = iv.household_deficits(frame(UNSKILLED), iv.scoring_table(), deficit_score=2)
    assert not low.loc[0, "measure:earner_share"]  # 1 of 3 earns: score 2
    assert wide.loc[0, "measure:earner_share"]


def test_reasons_say_which_capital_and_why_in_english_and_thai(cat):
    en = iv.explain(pd.Series(ELDERLY), cat, lang="en", limit=1).iloc[0]
    assert en["intervention"] == "SP-ELDERLY"
    assert en["agency_name"].startswith("Local government")
    # human capital: schooling 3 years (1), earner share 0 (1), no chronic illness (4), skill (4)
    assert "Human capital 2.5/4: no member earns an income" in en["reasons"]
    assert "main cause: Lack of labour" in en["reasons"]
    assert any(r.startswith("fails BMN indicator 14, “Members 60+") for r in en["reasons"])
    th = iv.explain(pd.Series(ELDERLY), cat, lang="th", limit=1).iloc[0]
    assert "ทุนมนุษย์ 2.5/4: ไม่มีสมาชิกที่มีรายได้" in th["reasons"]
    assert "สาเหตุหลัก: ขาดแรงงาน" in th["reasons"]
    assert th["type_label"] == "การคุ้มครองทางสังคม"


def test_recommend_is_vectorised_and_keeps_frame_order():
    cat = iv.load_catalogue()
    rows = frame(*([ELDERLY, UNSKILLED, COMFORTABLE] * 50))
    rows["hh_id"] = [f"H{i}" for i in range(len(rows))]
    recs = iv.recommend(rows, cat, limit=1)
    assert len(recs) == 100  # the comfortable third has none
    assert set(recs.loc[recs["row"] % 3 == 0, "intervention"]) == {"SP-ELDERLY"}
    assert set(recs.loc[recs["row"] % 3 == 1, "intervention"]) == {"LIV-PMUA-MODEL"}
