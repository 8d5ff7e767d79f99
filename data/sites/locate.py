"""Where a site is: representative points of areas and the areas a point falls in.

Used by the site validation (:mod:`data.sites.validate`): a site given by ``lat``/``lon`` gets
the province, district and subdistrict codes of the polygon it falls in; a site given only an
area code is placed at the area's representative point. Both read the boundary cache.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import boundaries, codes

#: Points this far outside every polygon (degrees, about 5 km) still count as on land: the
#: boundaries are simplified, so a coastal point may fall just outside its subdistrict.
COAST_TOLERANCE_DEG = 0.05


@functools.cache
def _layers(cache_dir: str) -> tuple[gpd.GeoDataFrame, dict[str, tuple[float, float]]]:
    subs = boundaries.load_level("subdistrict", cache_dir)
    points: dict[str, tuple[float, float]] = {}
    for level in ("province", "district"):
        layer = boundaries.load_level(level, cache_dir)
        points.update(
            zip(
                layer["code"], zip(layer["label_lat"], layer["label_lon"], strict=True), strict=True
            )
        )
    by_polygon = dict(
        zip(subs["code"], zip(subs["label_lat"], subs["label_lon"], strict=True), strict=True)
    )
    lookup = boundaries.load_lookup(cache_dir).dropna(subset=["polygon_code"])
    for code, polygon in zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True):
        if polygon in by_polygon:
            points[code] = by_polygon[polygon]
    first = subs["dopa_codes"].fillna("").str.split("|")
    subs = subs.assign(
        dopa=[c if c in cs else (cs[0] or c) for c, cs in zip(subs["code"], first, strict=True)]
    )[["dopa", "district_code", "geometry"]]
    return subs, points


@dataclass
class Gazetteer:
    """Representative points of areas and point-in-polygon lookup of codes (from the boundary cache).

    Village codes are placed at the village's point when ``villages`` (village_code, lat, lon)
    knows it, else at their subdistrict's point.
    """

    subdistricts: gpd.GeoDataFrame
    points: Mapping[str, tuple[float, float]]
    villages: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, cache_dir: Path | str, villages: pd.DataFrame | None = None) -> Gazetteer:
        subs, points = _layers(str(cache_dir))
        known = {}
        if villages is not None and len(villages):
            v = villages.dropna(subset=["lat", "lon"])
            known = dict(zip(v["village_code"], zip(v["lat"], v["lon"], strict=True), strict=True))
        return cls(subs, points, known)

    def point(self, code: str) -> tuple[float, float] | None:
        """(lat, lon) of the area ``code`` (2, 4, 6 or 8 digits), or None if unknown."""
        if codes.level_or_none(code) == "village":
            return self.villages.get(code) or self.points.get(codes.ancestor(code, "subdistrict"))
        return self.points.get(code)

    def locate(self, lat: Iterable[float], lon: Iterable[float]) -> pd.DataFrame:
        """Province, district and subdistrict codes of points (missing outside Thailand)."""
        pts = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(list(lon), list(lat)), crs=self.subdistricts.crs
        )
        out = pd.DataFrame(
            index=pts.index, columns=["subdistrict_code", "district_code"], dtype="string"
        )
        if len(pts):
            hit = gpd.sjoin(pts, self.subdistricts, how="left", predicate="within")
            hit = hit[~hit.index.duplicated(keep="first")]
            out["subdistrict_code"] = hit["dopa"].astype("string")
            out["district_code"] = hit["district_code"].astype("string")
            missing = out["subdistrict_code"].isna()
            if missing.any():
                with warnings.catch_warnings():
                    warnings.simplefilter(
                        "ignore"
                    )  # degrees as distance: a tolerance, not a measure
                    near = gpd.sjoin_nearest(
                        pts[missing.to_numpy()],
                        self.subdistricts,
                        how="left",
                        max_distance=COAST_TOLERANCE_DEG,
                    )
                near = near[~near.index.duplicated(keep="first")]
                out.loc[near.index, "subdistrict_code"] = near["dopa"].astype("string")
                out.loc[near.index, "district_code"] = near["district_code"].astype("string")
        out["province_code"] = codes.ancestors(out["district_code"], "province")
        return out
