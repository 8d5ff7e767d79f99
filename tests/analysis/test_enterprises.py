"""analysis.enterprises: what the Enterprises and Product pages count, known answers."""

from __future__ import annotations

import math

import pandas as pd

from analysis.enterprises import (
    certified_share,
    chain_counts,
    markets_selling,
    other_products,
    products_of,
    products_per_enterprise,
    total_members,
)

ENTERPRISES = pd.DataFrame(
    {
        "site_id": ["E1", "E2", "E3"],
        "members": [12, None, 30],
        "stage": ["midstream", "upstream", "midstream"],
        "kind": ["food", "food", "textile"],
    }
)
PRODUCTS = pd.DataFrame(
    {
        "product_id": ["P1", "P2", "P3", "P4"],
        "enterprise_id": ["E3", "E1", "E9", "E1"],
        "certifications": ["OTOP", None, "GI", "GAP|OTOP"],
    }
)


def test_products_of_the_listed_enterprises_keep_the_products_order():
    got = products_of(PRODUCTS, ENTERPRISES["site_id"])
    assert got["product_id"].tolist() == ["P1", "P2", "P4"]
    assert products_of(PRODUCTS, ["E1"])["product_id"].tolist() == ["P2", "P4"]
    assert products_of(PRODUCTS, []).empty


def test_other_products_leave_out_only_the_one_shown():
    assert other_products(PRODUCTS, "P2")["product_id"].tolist() == ["P1", "P3", "P4"]
    assert len(other_products(PRODUCTS, "P404")) == 4


def test_members_add_up_missing_as_none():
    assert total_members(ENTERPRISES) == 42
    assert total_members(ENTERPRISES.iloc[0:0]) == 0


def test_markets_selling_a_product_are_the_named_ones_in_the_markets_order():
    markets = pd.DataFrame({"site_id": ["M1", "M2", "M3"], "name_th": ["a", "b", "c"]})
    assert markets_selling(markets, ("M3", "M1", "M9"))["site_id"].tolist() == ["M1", "M3"]
    assert markets_selling(markets, ()).empty


def test_counts_per_enterprise_share_certified_and_chain():
    assert products_per_enterprise(ENTERPRISES, PRODUCTS).tolist() == [2, 0, 1]
    assert math.isclose(certified_share(products_of(PRODUCTS, ENTERPRISES["site_id"])), 2 / 3)
    assert certified_share(PRODUCTS.iloc[0:0]) is None
    assert chain_counts(ENTERPRISES, "stage", "kind").to_dict("records") == [
        {"stage": "midstream", "kind": "food", "size": 1},
        {"stage": "midstream", "kind": "textile", "size": 1},
        {"stage": "upstream", "kind": "food", "size": 1},
    ]
