"""The national synthetic panel (``povmap demo --national``): all 77 provinces at BMN scale.

Planned for all 77 provinces at a tiny scale (one household in 2,000); five provinces are drawn
(each province has its own seeded stream, so a province drawn alone is the one a full build
stores) and two go through the importer, so the test is fast.
"""

from __future__ import annotations

import duckdb
import geothai
import numpy as np
import pandas as pd
import pytest

from data.schema import BMN_CODES
from data.synthetic import (
    CAPITAL_TARGETS,
    NATIONAL_HOUSEHOLDS,
    NATIONAL_PEOPLE,
    NATIONAL_POOR_HOUSEHOLDS_2564,
    ROUND_FACTOR,
    ROUNDS,
    generate_national,
    national_plan,
)

SCALE = 0.0005  # 6,471 households per round
#: Bangkok (least poor), Kalasin, Nan (poorest share), Chiang Rai, Pattani
DRAWN = ["10", "46", "55", "57", "94"]


def _subdistricts() -> pd.DataFrame:
    """Every current DOPA subdistrict (code, district_code)."""
    return pd.DataFrame(
        [
            (s.code, d.code)
            for p in geothai.provinces()
            for d in geothai.districts(p.code)
            for s in geothai.subdistricts(d.code)
        ],
        columns=["code", "district_code"],
    )


def _anywhere(_code: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """Points in Thailand's box (the real polygons are the demo tests' business)."""
    return np.column_stack([rng.uniform(98.0, 105.0, n), rng.uniform(6.0, 20.0, n)])


@pytest.fixture(scope="module")
def national():
    subs = _subdistricts()
    chunks = list(generate_national(subs, _anywhere, seed=7, scale=SCALE, provinces=DRAWN))
    households = pd.concat([c.households for c in chunks], ignore_index=True)
    members = pd.concat([c.members for c in chunks], ignore_index=True)
    plan = national_plan(subs, seed=7, scale=SCALE)
    return subs, chunks, households, members, plan


def _poor(frame: pd.DataFrame) -> pd.Series:
    """TPMAP's rule: fails at least one of the 17 indicators."""
    return (frame[list(BMN_CODES)] == 0).any(axis=1)


def test_every_province_at_bmn_scale(national):
    subs, chunks, households, members, plan = national
    assert plan["province_code"].tolist() == sorted(p.code for p in geothai.provinces())
    assert len(plan) == 77 and plan["subdistricts"].sum() == len(subs) > 7_400
    assert plan["households"].sum() == round(NATIONAL_HOUSEHOLDS * SCALE)
    assert (plan["households"] > plan["poor_2564"]).all() and (plan["poor_2564"] >= 1).all()
    assert [c.province_code for c in chunks] == DRAWN
    per_round = households.groupby(["province_code", "round_be"]).size().unstack()
    assert per_round.columns.tolist() == list(ROUNDS)
    want = plan.set_index("province_code")["households"].loc[DRAWN]
    for round_be in ROUNDS:
        assert (per_round[round_be] == want).all()
    assert households["subdistrict_code"].str[:2].eq(households["province_code"]).all()
    assert households["subdistrict_code"].isin(subs["code"]).all()
    assert not households.duplicated(["hh_id", "round_be"]).any()
    # about 2.79 people per household, as the BMN survey counts
    mean_size = households["members"].mean()
    assert mean_size == pytest.approx(NATIONAL_PEOPLE / NATIONAL_HOUSEHOLDS, rel=0.04)
    assert len(members) == households["members"].sum()


def test_poor_households_are_calibrated_per_province(national):
    _subs, _chunks, households, _members, plan = national
    poor = households[_poor(households)]
    counts = poor.groupby(["province_code", "round_be"]).size().unstack()
    for round_be in ROUNDS:
        planned = plan.set_index("province_code")["poor_2564"].loc[DRAWN]
        want = [round(int(n) * ROUND_FACTOR[round_be]) for n in planned]
        assert counts[round_be].loc[DRAWN].tolist() == want, round_be
    planned = plan["poor_2564"].sum()
    assert planned == pytest.approx(NATIONAL_POOR_HOUSEHOLDS_2564 * SCALE, rel=0.05)
    # a few % of surveyed households are poor, poorer where TPMAP counts more poor (Nan, not
    # Bangkok), and poverty falls across rounds
    assert 0.03 < planned / plan["households"].sum() < 0.07
    share = _poor(households).groupby(households["province_code"]).mean()
    assert share["55"] > 3 * share["10"]
    assert counts[2563].sum() > counts[2564].sum() > counts[2565].sum()


def test_realism_of_the_poor(national):
    _subs, _chunks, households, _members, _plan = national
    r = households[households["round_be"] == 2564]
    poor = r[_poor(r)]
    assert poor["members"].mean() == pytest.approx(4.55, rel=0.1)  # poor people per household
    assert poor["main_cause"].notna().all() and r.loc[~_poor(r), "main_cause"].isna().all()
    from analysis.capitals import capital_scores
    from data.schema import table

    scores = capital_scores(poor, pd.DataFrame(table("capital_scoring")))
    for capital, target in CAPITAL_TARGETS.items():
        assert scores[capital].mean() == pytest.approx(target, abs=0.25), capital


def test_a_province_drawn_alone_is_the_same(national):
    subs, chunks, *_ = national
    alone = next(generate_national(subs, _anywhere, seed=7, scale=SCALE, provinces=["55"]))
    nan = chunks[DRAWN.index("55")]
    pd.testing.assert_frame_equal(alone.households, nan.households)
    pd.testing.assert_frame_equal(alone.members, nan.members)


def test_build_goes_through_the_importer_and_is_labelled_synthetic(boundary_cache, tmp_path):
    from povmap import bootstrap

    db = tmp_path / "national.duckdb"
    built = bootstrap.build_national(
        db,
        boundary_cache,
        seed=7,
        scale=SCALE,
        id_key=b"t" * 32,
        provinces=["55", "10"],
        extras=False,
        workers=1,
        progress=lambda _m: None,
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        imports = con.execute(
            "SELECT file_name, rows_in_file, synthetic FROM imports ORDER BY file_name"
        ).fetchall()
        by_province = con.execute(
            "SELECT province_code, count(*), count(head_id_hash) FROM households GROUP BY 1 ORDER BY 1"
        ).fetchall()
        members = con.execute("SELECT count(*) FROM members").fetchone()[0]
        villages = con.execute("SELECT count(*), bool_and(synthetic) FROM villages").fetchone()
        stray = con.execute(
            "SELECT count(*) FROM households h ANTI JOIN villages v USING (village_code)"
        ).fetchone()[0]
    finally:
        con.close()
    assert [(name, synthetic) for name, _rows, synthetic in imports] == [
        ("households-10.csv", True),
        ("households-55.csv", True),
    ]
    assert [p for p, _n, _ids in by_province] == ["10", "55"]
    assert all(0 < ids < n for _p, n, ids in by_province)  # about half the heads carry an ID
    assert built["households"] == sum(n for _p, n, _ids in by_province)
    assert built["members"] == members > built["households"]
    assert villages[0] > 0 and villages[1] and stray == 0
    assert built["bytes"] == db.stat().st_size
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("povmap-national-")]
