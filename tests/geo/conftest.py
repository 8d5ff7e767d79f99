"""Fixtures of the geo tests: the real boundary cache, built once per session into a temporary folder.

The boundary folder is $POVMAP_BOUNDARIES when set, else <repo>/../shared/boundaries. A missing
folder is an error, not a skip: these tests are about the real data.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import boundaries

ROOT = Path(__file__).resolve().parents[2]

#: The tuned tolerances (metres): the subdistrict layer as GeoJSON, 4 decimals, code only, stays
#: under 2.0 MB (see test_subdistrict_geojson_fits_the_budget).
TOLERANCES = {
    "province": 1500.0,
    "district": 500.0,
    "subdistrict": 250.0,
    "subdistrict_national": 1900.0,
}


def shared_boundaries() -> Path:
    env = os.environ.get("POVMAP_BOUNDARIES")
    folder = Path(env).expanduser() if env else ROOT.parent / "shared" / "boundaries"
    if not folder.is_absolute() and not folder.exists():
        folder = ROOT / folder
    if not folder.is_dir():
        raise RuntimeError(
            f"boundary folder {folder} not found (from "
            f"{'POVMAP_BOUNDARIES' if env else '<repo>/../shared/boundaries'}): the geo tests need "
            "the real HDX COD-AB layers; set POVMAP_BOUNDARIES to the folder"
        )
    missing = [name for name in boundaries.LAYER_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"boundary folder {folder} lacks {', '.join(missing)}")
    return folder.resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return shared_boundaries()


@pytest.fixture(scope="session")
def build_log() -> list[str]:
    return []


@pytest.fixture(scope="session")
def built_cache(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, build_log) -> Path:
    """The cache built from the shared folder with the tuned tolerances."""
    folder = tmp_path_factory.mktemp("geo") / "boundaries"
    return boundaries.build_cache(str(shared_dir), folder, TOLERANCES, progress=build_log.append)


@pytest.fixture(scope="session")
def layers(built_cache: Path) -> dict:
    return {level: boundaries.load_level(level, built_cache) for level in boundaries.LAYERS}
