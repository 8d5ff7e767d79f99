"""The geometry half of the browser's poverty map: the areas' codes, names and rings, compact.

:func:`geometry_payload` is what the browser needs to draw a layer whatever the metric (the
other half, the style, is :func:`geo.area_style.style_payload`). Rings are quantised at
``decimals`` and delta-encoded as short ASCII strings (:func:`encode_rings`); the browser
decodes them as :func:`decode_ring` does.

Example:
    >>> decode_ring(encode_rings([[(100.5, 13.75), (100.6, 13.75), (100.6, 13.8)]], 4)[0], 4)[:2]
    [(100.5, 13.75), (100.6, 13.75)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.codes import WIDTH, ancestor, area_table

#: 64 characters that need no escaping in JSON, JavaScript or HTML (and hold no "_", which
#: streamlit_folium strips when it hashes a map script). 0–31 end a number, 32–63 continue it.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.~"
_DIGIT = {c: i for i, c in enumerate(ALPHABET)}


def _encode_int(value: int, out: list[str]) -> None:
    z = value * 2 if value >= 0 else -value * 2 - 1  # zigzag: small magnitudes, small codes
    while z >= 32:
        out.append(ALPHABET[32 + (z & 31)])
        z >>= 5
    out.append(ALPHABET[z])


def _quantized_rings(geom: Any, decimals: int) -> list[list[np.ndarray]]:
    """Polygons -> rings of integer (x, y) at ``decimals``, without repeats or closing point."""
    factor = 10.0**decimals
    polygons = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings = []
        for ring in [poly.exterior, *poly.interiors]:
            q = np.round(np.asarray(ring.coords)[:, :2] * factor).astype(np.int64)
            keep = np.ones(len(q), dtype=bool)
            keep[1:] = np.any(q[1:] != q[:-1], axis=1)
            q = q[keep]
            if len(q) > 1 and (q[0] == q[-1]).all():
                q = q[:-1]
            if len(q) >= 3:
                rings.append(q)
            elif not rings:
                break  # the exterior collapsed: drop the polygon
        if rings:
            polygons.append(rings)
    return polygons


def encode_rings(rings: Sequence[Sequence[tuple[float, float]]], decimals: int) -> list[str]:
    """Rings of (lon, lat) as strings of zigzag deltas (each ring starts from the previous end).

    The inverse of :func:`decode_ring` applied in order; see :func:`geometry_payload`.
    """
    factor = 10.0**decimals
    x = y = 0
    out = []
    for ring in rings:
        chars: list[str] = []
        for lon, lat in ring:
            qx, qy = round(lon * factor), round(lat * factor)
            _encode_int(qx - x, chars)
            _encode_int(qy - y, chars)
            x, y = qx, qy
        out.append("".join(chars))
    return out


def decode_ring(
    text: str, decimals: int, start: tuple[int, int] = (0, 0)
) -> list[tuple[float, float]]:
    """Decode one ring string (the browser does the same in JavaScript)."""
    factor = 10.0**decimals
    x, y = start
    values, z, shift = [], 0, 0
    for ch in text:
        d = _DIGIT[ch]
        z += (d & 31) << shift
        shift += 5
        if d < 32:
            values.append(z // 2 if z % 2 == 0 else -(z + 1) // 2)
            z, shift = 0, 0
    points = []
    for dx, dy in zip(values[0::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        points.append((x / factor, y / factor))
    return points


def decode_geometry(payload: Mapping[str, Any]) -> list[list[list[list[tuple[float, float]]]]]:
    """All features' polygons -> rings -> (lon, lat) points, from a :func:`geometry_payload`."""
    x = y = 0
    factor = 10.0 ** payload["d"]
    out = []
    for feature in payload["g"]:
        polys = []
        for poly in feature:
            rings = []
            for text in poly:
                ring = decode_ring(text, payload["d"], (x, y))
                x, y = round(ring[-1][0] * factor), round(ring[-1][1] * factor)
                rings.append(ring)
            polys.append(rings)
        out.append(polys)
    return out


def parent_label(code: str | None, names: pd.DataFrame, lang_col: str) -> str:
    """``district, province`` for a district code, the province for a province code."""
    if not code:
        return ""
    parts = [ancestor(code, "province")]
    if len(code) >= WIDTH["district"]:
        parts.insert(0, ancestor(code, "district"))
    return ", ".join(str(names[lang_col].get(c, c)) for c in parts)


def geometry_payload(
    layer: gpd.GeoDataFrame,
    *,
    decimals: int = 4,
    parent_names: Mapping[str, tuple[str, str]] | None = None,
    country: tuple[str, str] = ("ประเทศไทย", "Thailand"),
) -> dict[str, Any]:
    """What the browser needs to draw ``layer`` (sorted by code), whatever the metric.

    Keys: ``d`` (decimals), ``code``, ``th``, ``en`` (names), ``par`` (index into ``pn``, the
    parents' (Thai, English) names; areas without a parent share ``country``), ``g`` (per area,
    polygons of encoded rings; the running (x, y) continues from ring to ring and area to area)
    and ``bounds`` (minx, miny, maxx, maxy).
    """
    frame = layer.sort_values("code")
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs(4326)
    if parent_names is None:
        names = area_table().set_index("code")
        parent_names = {}
        for p in frame.get("parent_code", pd.Series(dtype=str)).dropna().unique():
            parent_names[str(p)] = (
                parent_label(str(p), names, "name_th"),
                parent_label(str(p), names, "name_en"),
            )
    parents = frame["parent_code"] if "parent_code" in frame else pd.Series(None, index=frame.index)
    order: dict[str, int] = {}
    pn: list[list[str]] = []
    par: list[int] = []
    for p in parents:
        key = "" if p is None or pd.isna(p) else str(p)
        if key not in order:
            order[key] = len(pn)
            pn.append(list(parent_names.get(key, country)) if key else list(country))
        par.append(order[key])
    x = y = 0
    g: list[list[list[str]]] = []
    for geom in frame.geometry:
        polys = []
        for rings in _quantized_rings(geom, decimals) if geom is not None else []:
            texts = []
            for ring in rings:
                chars: list[str] = []
                deltas = np.diff(np.vstack([[x, y], ring]), axis=0)
                for dx, dy in deltas.tolist():
                    _encode_int(dx, chars)
                    _encode_int(dy, chars)
                x, y = (int(v) for v in ring[-1])
                texts.append("".join(chars))
            polys.append(texts)
        g.append(polys)
    minx, miny, maxx, maxy = (float(v) for v in frame.total_bounds) if len(frame) else (0,) * 4
    return {
        "d": int(decimals),
        "code": [str(c) for c in frame["code"]],
        "th": [str(v) for v in frame["name_th"]],
        "en": [str(v) for v in frame["name_en"]],
        "par": par,
        "pn": pn,
        "g": g,
        "bounds": [minx, miny, maxx, maxy],
    }


def shapely_rings(geom: Any, decimals: int) -> list[list[list[tuple[float, float]]]]:
    """The rings :func:`geometry_payload` keeps for ``geom`` (rounded), as (lon, lat) tuples."""
    factor = 10.0**decimals
    return [
        [[(float(px) / factor, float(py) / factor) for px, py in ring] for ring in rings]
        for rings in _quantized_rings(geom, decimals)
    ]


__all__ = [
    "ALPHABET",
    "decode_geometry",
    "decode_ring",
    "encode_rings",
    "geometry_payload",
    "parent_label",
    "shapely_rings",
]
