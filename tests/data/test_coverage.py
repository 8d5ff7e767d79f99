"""query.coverage: which areas a survey round covers, on the real demo store."""

from __future__ import annotations

import duckdb
import pytest

from data import store
from query.areas import area_stats
from query.coverage import coverage
from query.households import rounds


@pytest.fixture
def con(demo_store):
    c = store.connect(demo_store)
    yield c
    c.close()


def test_the_demo_covers_20_of_77_provinces_in_every_round(con):
    for round_be in rounds(con):
        cov = coverage(con, "province", round_be=round_be, min_cell=5)
        assert cov.areas == 77
        assert len(cov.surveyed) == 20
        assert not cov.complete
        provinces = area_stats(con, "province", round_be=round_be)
        assert set(cov.surveyed) == set(provinces["code"])


def test_districts_inside_a_province_and_the_min_cell_threshold(con):
    cov = coverage(con, "district", round_be=2565, within="46", min_cell=5)
    stats = area_stats(con, "district", round_be=2565, area="46")
    assert cov.areas == 18, "Kalasin has 18 districts (DOPA)"
    assert set(cov.surveyed) == set(stats["code"])
    assert set(cov.reportable) == set(stats.loc[stats["households"] >= 5, "code"])
    assert set(cov.reportable) <= set(cov.surveyed)


def test_a_round_without_records_covers_nothing(con):
    cov = coverage(con, "province", round_be=2500)
    assert cov.areas == 77 and cov.surveyed == () and cov.reportable == ()


def test_a_recorded_code_outside_the_official_list_still_counts_as_an_area():
    con = duckdb.connect()
    con.execute("CREATE TABLE households (province_code VARCHAR, round_be INTEGER)")
    con.execute("INSERT INTO households VALUES ('46', 2565), ('99', 2565)")
    cov = coverage(con, "province", round_be=2565)
    assert cov.areas == 78 and cov.surveyed == ("46", "99")
