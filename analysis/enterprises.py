"""Local enterprises (LEOS) and their products: the counts the Enterprises page shows.

Pure functions of the enterprise and product tables the page has read for one area.

Example:
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"site_id": ["E1", "E2"], "stage": ["make", "make"],
    ...                      "kind": ["food", "cloth"]})
    >>> products = pd.DataFrame({"enterprise_id": ["E1", "E1", "E9"],
    ...                          "certifications": ["OTOP", None, "GI"]})
    >>> products_per_enterprise(rows, products).tolist()
    [2, 0]
    >>> products_of(products, rows["site_id"])["enterprise_id"].tolist()
    ['E1', 'E1']
    >>> certified_share(products_of(products, rows["site_id"]))
    0.5
    >>> chain_counts(rows, "stage", "kind").to_dict("records")
    [{'stage': 'make', 'kind': 'cloth', 'size': 1}, {'stage': 'make', 'kind': 'food', 'size': 1}]
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def products_per_enterprise(rows: pd.DataFrame, products: pd.DataFrame) -> pd.Series:
    """How many products each enterprise of ``rows`` (by ``site_id``) has (0 for none)."""
    counts = products.groupby("enterprise_id").size()
    return rows["site_id"].map(counts).fillna(0).astype(int)


def products_of(products: pd.DataFrame, enterprise_ids: Iterable[object]) -> pd.DataFrame:
    """The products made by the enterprises ``enterprise_ids``, in the order of ``products``."""
    return products[products["enterprise_id"].isin(list(enterprise_ids))]


def other_products(products: pd.DataFrame, product_id: object) -> pd.DataFrame:
    """``products`` without the product ``product_id`` (an enterprise's other products)."""
    return products[products["product_id"] != product_id]


def total_members(rows: pd.DataFrame) -> float:
    """The members of the enterprises ``rows`` added up (missing counts as none)."""
    return rows["members"].sum()


def markets_selling(markets: pd.DataFrame, market_ids: Iterable[object]) -> pd.DataFrame:
    """The markets among ``markets`` whose ``site_id`` is one of ``market_ids`` (where a product
    is sold), in the order of ``markets``."""
    return markets[markets["site_id"].isin(list(market_ids))]


def certified_share(products: pd.DataFrame) -> float | None:
    """The share of ``products`` with a certification (None when there are none)."""
    return float(products["certifications"].notna().mean()) if len(products) else None


def chain_counts(rows: pd.DataFrame, stage: str, kind: str) -> pd.DataFrame:
    """Enterprises per (value-chain stage, product type): columns ``stage``, ``kind``, size."""
    return rows.groupby([stage, kind], as_index=False).size()
