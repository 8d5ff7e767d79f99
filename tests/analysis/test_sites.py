"""What the local-economy pages compute from their tables: known answers on small examples."""

from __future__ import annotations

import pandas as pd

from analysis.sites import (
    by_frequency,
    by_rank,
    count_per,
    distance_km,
    filter_in,
    finest_code,
    in_categories,
    in_order,
    most_failed,
    nearby,
    nearest,
    search,
    with_any_tag,
    with_counts,
    with_library,
)

SITES = pd.DataFrame(
    {
        "site_id": ["E1", "E2", "E3", "M1"],
        "kind": ["enterprise", "enterprise", "enterprise", "market"],
        "category": ["cooperative", "cooperative", "group", "night"],
        "product_type": ["food", "textile", "food", None],
        "name_th": ["กลุ่มผ้าไหม", "Rice mill", None, "ตลาดโต้รุ่ง"],
        "area_name": ["Kalasin", "Roi Et", "Kalasin", "Kalasin"],
        "lat": [16.43, 16.05, None, 16.44],
        "lon": [103.51, 103.65, None, 103.51],
    }
)


def test_one_degree_of_latitude_is_about_111_km():
    assert abs(float(distance_km(16.0, 103.0, 17.0, 103.0)) - 111.19) < 0.01
    assert float(distance_km(16.0, 103.0, 16.0, 103.0)) == 0.0


def test_nearby_leaves_out_far_and_unplaced_sites_nearest_first():
    near = nearby(SITES, 16.43, 103.51, 5)
    assert near["site_id"].tolist() == ["E1", "M1"]  # E2 is ~45 km away, E3 has no point
    assert near["distance_km"].iloc[0] == 0.0
    assert 1.0 < near["distance_km"].iloc[1] < 1.2  # 0.01 degree of latitude


def test_nearest_is_the_closest_row_and_none_for_nothing():
    placed = SITES.dropna(subset=["lat"])
    assert nearest(placed, 16.06, 103.65, "site_id") == "E2"
    assert nearest(placed.iloc[0:0], 16.06, 103.65, "site_id") is None


def test_finest_code_falls_back_to_the_larger_area():
    frame = pd.DataFrame(
        {
            "subdistrict_code": ["460101", None, None],
            "district_code": ["4601", "4602", None],
            "province_code": ["46", "46", "40"],
        }
    )
    assert finest_code(frame).tolist() == ["460101", "4602", "40"]


def test_search_needs_every_word_in_some_column_and_ignores_case_and_missing_cells():
    columns = ["name_th", "area_name"]
    assert search(SITES, "kalasin ผ้าไหม", columns)["site_id"].tolist() == ["E1"]
    assert search(SITES, "RICE", columns)["site_id"].tolist() == ["E2"]
    assert search(SITES, "kalasin", columns)["site_id"].tolist() == ["E1", "E3", "M1"]
    assert search(SITES, "", columns) is SITES
    assert search(SITES, "nowhere", columns).empty


def test_filter_in_ands_the_columns_and_an_empty_choice_keeps_everything():
    chosen = {"product_type": ["food"], "category": ["cooperative"]}
    assert filter_in(SITES, chosen)["site_id"].tolist() == ["E1"]
    assert filter_in(SITES, {"product_type": ["food"], "category": []})["site_id"].tolist() == [
        "E1",
        "E3",
    ]
    assert len(filter_in(SITES, {"product_type": []})) == len(SITES)


def test_with_any_tag_matches_one_tag_of_a_piped_list():
    library = pd.DataFrame(
        {"site_id": ["T1", "T2", "T3"], "causes": ["lack_water|disaster", "illness", None]}
    )
    assert with_any_tag(library, "causes", ["illness", "disaster"])["site_id"].tolist() == [
        "T1",
        "T2",
    ]
    assert with_any_tag(library, "causes", ["water"]).empty  # a whole tag, not a part of one
    assert len(with_any_tag(library, "causes", [])) == 3


def test_in_categories_reads_kind_and_category_together():
    assert in_categories(SITES, ["enterprise:group", "market:night"])["site_id"].tolist() == [
        "E3",
        "M1",
    ]
    assert in_categories(SITES, ["market:cooperative"]).empty
    assert len(in_categories(SITES, [])) == len(SITES)


def test_in_order_puts_unknown_values_last_and_keeps_ties_in_place():
    frame = pd.DataFrame({"status": ["done", "x", "new", "done"], "n": [1, 2, 3, 4]})
    out = in_order(frame, "status", ["new", "sent", "done"])
    assert out["n"].tolist() == [3, 1, 4, 2]


def test_counts_per_site():
    stops = pd.Series(["E1", "M1", "E1", "Z9"])
    assert count_per(SITES["site_id"], stops).tolist() == [2, 0, 0, 1]
    assert by_frequency(SITES["category"]) == ["cooperative", "group", "night"]
    reach = pd.DataFrame(
        {"techs": [2, 1], "villages": [3, 1], "households": [40.0, 7.0]},
        index=pd.Index(["E3", "E1"], name="community_id"),
    )
    out = with_counts(SITES, reach, "site_id")
    assert out[["techs", "villages", "households"]].values.tolist() == [
        [1, 1, 7],
        [0, 0, 0],
        [2, 3, 40],
        [0, 0, 0],
    ]
    assert list(out.columns[: len(SITES.columns)]) == list(SITES.columns)


def test_most_failed_keeps_the_first_n_above_zero():
    failing = pd.Series({"bmn_15": 0.8, "bmn_07": 0.5, "bmn_06": 0.2, "bmn_01": 0.0})
    assert most_failed(failing, 2).to_dict() == {"bmn_15": 0.8, "bmn_07": 0.5}
    assert most_failed(failing, 5).index.tolist() == ["bmn_15", "bmn_07", "bmn_06"]


def test_with_library_adds_the_library_columns_in_rank_order():
    ranked = pd.DataFrame({"site_id": ["T2", "T1"], "rank": [1, 2], "score": [0.9, 0.4]})
    library = pd.DataFrame({"site_id": ["T1", "T2"], "name": ["Pump", "Fund"], "rank": [9, 9]})
    out = with_library(ranked, library)
    assert out[["site_id", "rank", "name"]].values.tolist() == [
        ["T2", 1, "Fund"],
        ["T1", 2, "Pump"],
    ]


def test_by_rank_puts_the_best_first_and_unranked_last():
    values = pd.DataFrame(
        {"area_code": ["46", "40", "45", "44"], "rank": pd.array([2, pd.NA, 1, 2], dtype="Int64")}
    )
    assert by_rank(values)["area_code"].tolist() == ["45", "44", "46", "40"]
