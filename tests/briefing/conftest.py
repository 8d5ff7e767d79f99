"""The numbers the briefing tests export: read through the door (query.areas) from the demo store."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from data.store import connect as connect_store
from geo import boundaries
from query import areas
from query.households import is_synthetic


@dataclass(frozen=True)
class Numbers:
    frame: pd.DataFrame  # query.areas.area_measures, province level, every round
    latest: int
    provinces: gpd.GeoDataFrame
    names: dict[str, str]
    synthetic: bool

    def round(self, round_be: int) -> pd.DataFrame:
        return self.frame[self.frame["round_be"] == round_be].reset_index(drop=True)


@pytest.fixture(scope="session")
def numbers(demo_store, boundary_cache) -> Numbers:
    con = connect_store(demo_store)
    try:
        frame = areas.area_measures(con, "province")
        synthetic = is_synthetic(con)
    finally:
        con.close()
    provinces = boundaries.load_level("province", boundary_cache)
    names = dict(zip(provinces["code"].astype(str), provinces["name_th"], strict=True))
    return Numbers(frame, int(frame["round_be"].max()), provinces, names, synthetic)


def run(command: list[str], timeout: float = 180) -> str:
    """Run a Debian tool (installed by `make test`: scripts/system-packages.sh) and return its
    standard output; fail the test with its error output when it fails."""
    assert shutil.which(command[0]), f"{command[0]} is missing: run make test-packages"
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed: {done.stderr}"
    return done.stdout


def to_pdf(document: Path, out: Path) -> Path:
    """``document`` converted by LibreOffice headless (its own profile: tests run side by side)."""
    profile = out / "lo-profile"
    run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(document),
        ]
    )
    pdf = out / (document.stem + ".pdf")
    assert pdf.is_file()
    return pdf
