"""geo/map_areas.py: the levels, scope and boundary layer of the map of an area, the one answer
the map page, the slides and the briefings share."""

from __future__ import annotations

import pytest

from geo.boundaries import NATIONAL
from geo.map_areas import LEVELS, layer_level, levels_for, scope_of

KALASIN, MUEANG, KALASIN_SUBDISTRICT = "46", "4601", "460101"


@pytest.mark.parametrize(
    ("area", "levels"),
    [
        (None, ["province", "district", "subdistrict"]),
        ("", ["province", "district", "subdistrict"]),
        (KALASIN, ["district", "subdistrict"]),
        (MUEANG, ["subdistrict"]),
        (KALASIN_SUBDISTRICT, ["subdistrict"]),
    ],
)
def test_the_levels_a_map_offers(area, levels):
    assert levels_for(area) == levels
    assert tuple(levels) == LEVELS[-len(levels) :]


@pytest.mark.parametrize(
    ("area", "level", "scope"),
    [
        (None, "province", None),
        (None, "district", None),
        (None, "subdistrict", None),
        (KALASIN, "province", None),
        (KALASIN, "district", KALASIN),
        (KALASIN, "subdistrict", KALASIN),
        (MUEANG, "district", KALASIN),  # a district among its province's
        (MUEANG, "subdistrict", MUEANG),
        (KALASIN_SUBDISTRICT, "subdistrict", MUEANG),  # a subdistrict among its district's
    ],
)
def test_the_area_whose_children_are_drawn(area, level, scope):
    assert scope_of(area, level) == scope


def test_every_subdistrict_of_the_country_comes_from_the_coarse_layer():
    assert layer_level("subdistrict", None) == NATIONAL
    assert layer_level("subdistrict", KALASIN) == "subdistrict"
    assert [layer_level(level, None) for level in ("province", "district")] == [
        "province",
        "district",
    ]
