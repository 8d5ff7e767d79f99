"""`povmap stats` on the seeded test demo equals the golden files committed before the query layer moved.

The golden files (tests/golden/stats-<rule>-<level>.csv) were written by `povmap stats` of main at
560486b (CSV; read here against today's JSON output, which keeps fractions) on a demo built with seed 2564, scale 0.02 and the tests' ID key. Counts must be equal
exactly; ratios and Alkire–Foster H, A, M0 to 1e-9 (two runs of that code already differed in the
16th digit). A change to the demo generator or to any measure shows up here first.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .conftest import DEMO_SCALE

GOLDEN = Path(__file__).resolve().parent / "golden"
LEVELS = ("province", "district", "subdistrict", "village")
RULES = ("tpmap", "af")
COUNTS = ("round_be", "households", "people", "poor_households", "poor_people")
RATIOS = ("headcount_ratio", "mpi_H", "mpi_A", "mpi_M0")


@pytest.fixture(scope="module")
def fresh_demo(boundary_cache, tmp_path_factory) -> dict[str, str]:
    """A store of its own: other tests write referrals and imports into the shared one."""
    from povmap import bootstrap

    var = tmp_path_factory.mktemp("golden-var")
    db = var / "demo.duckdb"
    assert DEMO_SCALE == 0.02
    bootstrap.build_demo(
        db, boundary_cache, seed=2564, scale=0.02, id_key=b"t" * 32, progress=lambda _m: None
    )
    return {
        **os.environ,
        "POVMAP_DB": str(db),
        "POVMAP_CACHE_DIR": str(boundary_cache),
        "POVMAP_VAR_DIR": str(var),
        "POVMAP_ID_HASH_KEY": "t" * 32,
    }


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("level", LEVELS)
def test_stats_equal_the_golden_file(fresh_demo, level, rule):
    done = subprocess.run(
        [sys.executable, "-m", "povmap.cli", "stats", "--level", level, "--format", "json"],
        env={**fresh_demo, "POVMAP_POOR_RULE": rule},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    got = pd.read_json(io.StringIO(done.stdout), dtype={"code": str})
    want = pd.read_csv(GOLDEN / f"stats-{rule}-{level}.csv", dtype={"code": str})
    key = ["code", "round_be"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    assert got["code"].tolist() == want["code"].tolist()
    for col in COUNTS:
        assert got[col].tolist() == want[col].tolist(), col
    for col in RATIOS:
        pd.testing.assert_series_equal(got[col], want[col], check_exact=False, atol=1e-9, rtol=0)
