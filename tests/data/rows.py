"""Small hand-made canonical rows for data tests."""

from __future__ import annotations

import pandas as pd

from data.schema import BMN_CODES

# A real DOPA hierarchy: Kalasin (46) › Mueang Kalasin (4601) › Kalasin subdistrict (460101).
GOOD = {
    "hh_id": "H1",
    "round_be": "2564",
    "province_code": "46",
    "district_code": "4601",
    "subdistrict_code": "460101",
    "village_code": "46010103",
    "village_no": "3",
    "lat": "16.43",
    "lon": "103.5",
    "members": "4",
    "members_under_15": "1",
    "members_60_plus": "1",
    "members_disabled": "0",
    "income_per_person_year": "30,000",
    "welfare_card": "true",
    "head_national_id": "1101700203450",
    **dict.fromkeys(BMN_CODES, "1"),
    "bmn_15": "0",
    "bmn_01": "",
    "hc_max_education_years": "6",
    "hc_earners": "2",
    "hc_chronic_ill": "0",
    "hc_vocational_skill": "false",
    "pc_housing_condition": "2",
    "pc_drinking_water_lpd": "6.5",
    "pc_electricity": "true",
    "pc_productive_assets": "1",
    "pc_travel_minutes": "30",
    "fc_savings_baht": "0",
    "fc_debt_baht": "20000",
    "fc_informal_debt": "true",
    "nc_farm_land_rai": "3",
    "nc_land_tenure": "own",
    "nc_farm_water": "false",
    "nc_disaster_exposure": "1",
    "sc_group_memberships": "1",
    "sc_community_participation": "true",
    "sc_support_network": "2",
    "main_cause": "lack_capital",
}


def households(n: int = 3, **changes: dict[int, dict[str, str]]) -> pd.DataFrame:
    """``n`` valid rows (hh_id H1..Hn); ``changes={"row1": {...}}`` edits row 1 (0-based)."""
    rows = []
    for i in range(n):
        row = dict(GOOD, hh_id=f"H{i + 1}")
        row.update(changes.get(f"row{i}", {}))
        rows.append(row)
    return pd.DataFrame(rows)
