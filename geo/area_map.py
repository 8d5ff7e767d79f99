"""The poverty choropleth of one level inside one parent area, built from plain tables (no streamlit).

A map is two parts, so that changing the metric repaints it instead of rebuilding it:

* the **geometry** (:func:`geometry_payload`, drawn by :class:`AreaLayer`): codes, both names,
  parent names and the rings, delta-encoded as short ASCII strings at ``coord_decimals``;
  the same for every metric;
* the **style** (:func:`style_payload`, applied by :class:`AreaStyle`): one class letter, a
  formatted value and a rank per area, the legend and the hot-spot classes. It lives in a
  ``folium.FeatureGroup`` that ``st_folium(feature_group_to_add=...)`` swaps in the browser
  without touching the polygons.

Everything shown to the user is set with ``textContent`` in the browser (names, values, legend),
so no name or label can inject markup.

Example:
    >>> import pandas as pd
    >>> stats = pd.DataFrame({"code": ["100101", "100910"], "households": [10, 5],
    ...     "people": [40, 20], "poor_households": [4, 1], "poor_people": [16, 4]})
    >>> lookup = pd.DataFrame({"subdistrict_code": ["100101", "100910"],
    ...     "polygon_code": ["100101", "100905"]})
    >>> polygon_stats(stats, lookup)["code"].tolist()
    ['100101', '100905']
    >>> decode_ring(encode_rings([[(100.5, 13.75), (100.6, 13.75), (100.6, 13.8)]], 4)[0], 4)[:2]
    [(100.5, 13.75), (100.6, 13.75)]
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from analysis.areas import rank_within
from analysis.measures import MEASURES, Measure
from geo import maps
from geo.codes import WIDTH, ancestor

COUNT_COLUMNS = ("households", "people", "poor_households", "poor_people")

# --- metrics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One mapped measure: its labels, definition, how it is formatted and coloured.

    ``kind`` is ``count``, ``share`` (a fraction shown in %), ``index`` (0–1, 3 decimals),
    ``score`` (capital score 1–4), ``change_count`` or ``change_share`` (percentage points).
    ``higher_is_worse`` decides the colour direction (dark = more in need); ``rank_ascending``
    gives rank 1 to the smallest value (see analysis/measures.py: rank 1 is the area most in
    need for a level, the largest fall for a change).
    """

    key: str
    label_th: str
    label_en: str
    kind: str
    definition_th: str
    definition_en: str
    column: str = ""
    higher_is_worse: bool = True
    rank_ascending: bool = False

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_th

    def definition(self, lang: str) -> str:
        return self.definition_en if lang == "en" else self.definition_th

    @property
    def source(self) -> str:
        """The column of the area measures frame that holds this metric."""
        return self.column or self.key

    @property
    def is_change(self) -> bool:
        return self.kind.startswith("change")


#: How each map metric is stored and formatted; its names, definition and direction come from
#: the measure registry (analysis/measures.py), the one owner of what a measure is called.
_KINDS: dict[str, tuple[str, str]] = {
    "poor_households": ("count", ""),
    "poor_people": ("count", ""),
    "headcount_ratio": ("share", ""),
    "mpi_M0": ("index", "M0"),
    "targeted_poor_households": ("count", ""),
    "registry_targeted_households": ("count", ""),
    **{
        f"capital_{c}": ("score", "")
        for c in ("human", "physical", "financial", "natural", "social")
    },
    "change_poor_households": ("change_count", ""),
    "change_headcount_ratio": ("change_share", ""),
}


def metric_of(measure: Measure, kind: str, column: str = "") -> Metric:
    """The map metric of a registry measure (``kind``: how it is formatted and coloured)."""
    return Metric(
        measure.key,
        measure.name("th"),
        measure.name("en"),
        kind,
        measure.definition("th"),
        measure.definition("en"),
        column=column,
        higher_is_worse=measure.lower_is_better,
        rank_ascending=measure.rank_ascending,
    )


METRICS: dict[str, Metric] = {
    key: metric_of(MEASURES[key], kind, column) for key, (kind, column) in _KINDS.items()
}

# --- colours --------------------------------------------------------------------------------------

#: Colour-blind-safe sequential palettes, light (low) to dark (high).
PALETTES: dict[str, list[str]] = {
    "ylorrd": list(maps.YLORRD_5),
    "ylgnbu": ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    "viridis": list(reversed(maps.VIRIDIS_5)),
}
#: The palette of change metrics, whatever palette is chosen: ColorBrewer RdBu.
DIVERGING = "rdbu"
PALETTE_NAMES: dict[str, str] = {
    "ylorrd": "YlOrRd",
    "ylgnbu": "YlGnBu",
    "viridis": "viridis",
    DIVERGING: "RdBu",
}
#: ColorBrewer RdBu 7, blue (fewer poor: better) to red (more poor: worse); middle = no change.
DIVERGING_7 = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]


def palette_used(metric: Metric, chosen: str) -> str:
    """The palette the map of ``metric`` is drawn in: ``chosen`` (a key of :data:`PALETTES`) for
    a level, :data:`DIVERGING` (blue–red) for a change. Legends and captions name this one."""
    return DIVERGING if metric.is_change else chosen


METHODS = ("quantiles", "natural_breaks")

# --- numbers --------------------------------------------------------------------------------------


def format_value(value: Any, metric: Metric, lang: str = "th") -> str:
    """The value as the map shows it: ``1,234`` · ``12.3%`` · ``0.123`` · ``2.45`` · ``+1.2 จุด``.

    Example:
        >>> format_value(0.1234, METRICS["headcount_ratio"])
        '12.3%'
        >>> format_value(-1234.0, METRICS["change_poor_households"])
        '-1,234'
        >>> format_value(0.012, METRICS["change_headcount_ratio"], "en")
        '+1.2 pts'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    v = float(value)
    if metric.kind == "count":
        return maps.format_number(v)
    if metric.kind == "share":
        return maps.format_percent(v, 1, fraction=True)
    if metric.kind == "index":
        return f"{v:.3f}"
    if metric.kind == "score":
        return f"{v:.2f}"
    sign = "+" if v > 0 else ""
    if metric.kind == "change_count":
        return sign + maps.format_number(v)
    unit = " pts" if lang == "en" else " จุด"
    return sign + f"{v * 100:,.1f}" + unit


def _display(value: float, metric: Metric) -> float:
    """The number classes are drawn on: shares in percent, everything else as stored."""
    return value * 100 if metric.kind in ("share", "change_share") else value


# --- per-area values --------------------------------------------------------------------------------


def polygon_stats(stats: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    """Subdistrict aggregates re-keyed to boundary polygons (DOPA codes newer than the boundaries
    share an older polygon); counts are summed and ratios recomputed from the sums."""
    poly = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
    frame = stats.assign(code=stats["code"].map(lambda c: poly.get(c, c)))
    out = frame.groupby("code", as_index=False)[list(COUNT_COLUMNS)].sum()
    return with_ratios(out)


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["headcount_ratio"] = out["poor_people"] / out["people"].where(out["people"] > 0)
    return out


def area_values(
    codes: Sequence[str],
    stats: pd.DataFrame,
    metric: Metric,
    *,
    parents: Sequence[str] | None = None,
    min_cell: int = 5,
) -> pd.DataFrame:
    """The mapped value of every shown area, whether it is suppressed, and its rank in its parent.

    ``stats`` is indexed by code (or has a ``code`` column) with the metric's column and
    ``households`` (and ``households_prev`` for change metrics). An area with fewer than
    ``min_cell`` surveyed households (in either round, for a change) is suppressed: its value
    never leaves the server. Columns: ``value`` (as stored, NaN = no data), ``suppressed``,
    ``shown`` (value, NaN when suppressed), ``rank`` (among the areas with the same parent and
    data: 1 = most in need for a level, the largest fall for a change) and ``of``.
    """
    table = stats.set_index("code") if "code" in stats.columns else stats
    table = table.reindex(pd.Index(list(codes), name="code"))
    value = pd.to_numeric(table.get(metric.source), errors="coerce").astype(float)
    if metric.source not in table:
        value = pd.Series(np.nan, index=table.index)
    households = pd.to_numeric(table.get("households"), errors="coerce").fillna(0)
    small = households.between(1, min_cell - 1)
    if metric.is_change and "households_prev" in table:
        prev = pd.to_numeric(table["households_prev"], errors="coerce").fillna(0)
        small |= prev.between(1, min_cell - 1)
    no_data = households <= 0
    value = value.where(~no_data)
    shown = value.where(~small)
    groups = pd.Series(list(parents), index=table.index) if parents is not None else None
    ranks = rank_within(shown, groups, ascending=metric.rank_ascending)
    return pd.DataFrame(
        {
            "value": value,
            "suppressed": small.astype(bool),
            "shown": shown,
            "rank": ranks["rank"],
            "of": ranks["of"],
        }
    )


@dataclass(frozen=True)
class Scheme:
    """Classes of a choropleth: upper bounds, one colour and one legend label per class."""

    bins: list[float]
    colours: list[str]
    labels: list[str]

    def index(self, value: float) -> int | None:
        return maps.class_index(value, self.bins)


def class_scheme(
    values: pd.Series | Iterable[float],
    metric: Metric,
    *,
    method: str = "quantiles",
    palette: str = "ylorrd",
    k: int = 5,
    lang: str = "th",
) -> Scheme:
    """Classes for the shown values (as stored; shares are classed in percent).

    Sequential metrics get ``k`` classes of ``method`` (quantiles or natural breaks) coloured
    light to dark toward "more in need" (reversed for capital scores, where low is worse).
    Change metrics get a diverging scheme: up to 3 classes of decreases (blues), one class for
    no change, up to 3 of increases (reds). Each label is the range of the values in its class.

    Example:
        >>> s = class_scheme(pd.Series([1.0, 2, 3, 4, 5, 6]), METRICS["poor_households"], k=3)
        >>> s.labels, s.colours
        (['1 – 2', '3 – 4', '5 – 6'], ['#ffffb2', '#fd8d3c', '#bd0026'])
    """
    if method not in METHODS:
        raise ValueError(f"unknown classification method {method!r}: use {', '.join(METHODS)}")
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}: use {', '.join(PALETTES)}")
    raw = pd.to_numeric(pd.Series(list(values), dtype="float64"), errors="coerce").dropna()
    shown = raw.map(lambda v: _display(v, metric))
    if palette_used(metric, palette) == DIVERGING:
        neg = maps.classify(shown[shown < 0], method, k=3)
        pos = maps.classify(shown[shown > 0], method, k=3)
        zero = [0.0] if (shown == 0).any() or (neg and pos) else []
        bins = [*neg, *zero, *pos]
        blues, reds = DIVERGING_7[:3], DIVERGING_7[4:]
        colours = [
            *maps.class_colours(len(neg), blues),
            *([DIVERGING_7[3]] if zero else []),
            *maps.class_colours(len(pos), reds),
        ]
    else:
        bins = maps.classify(shown, method, k=k)
        colours = maps.class_colours(len(bins), PALETTES[palette])
        if not metric.higher_is_worse:
            colours = colours[::-1]
    labels, keep = [], []
    cls = np.array([maps.class_index(v, bins) for v in shown]) if len(shown) else np.array([])
    for i in range(len(bins)):
        members = shown.to_numpy()[cls == i] if len(cls) else np.array([])
        if members.size == 0:
            continue
        lo, hi = float(members.min()), float(members.max())
        fmt_lo = format_value(_stored(lo, metric), metric, lang)
        fmt_hi = format_value(_stored(hi, metric), metric, lang)
        labels.append(fmt_lo if fmt_lo == fmt_hi else f"{fmt_lo} – {fmt_hi}")
        keep.append(i)
    return Scheme([bins[i] for i in keep], [colours[i] for i in keep], labels)


def _stored(display_value: float, metric: Metric) -> float:
    return display_value / 100 if metric.kind in ("share", "change_share") else display_value


# --- geometry: compact rings ------------------------------------------------------------------------

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
        from geo.codes import area_table

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


# --- style ---------------------------------------------------------------------------------------

#: Words used in tooltips and the legend when the caller passes none (Thai, English).
DEFAULT_LABELS: dict[str, tuple[str, str]] = {
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "suppressed": ("ปกปิด (ข้อมูลน้อย)", "Suppressed (few records)"),
    "rank": ("อันดับ {r} จาก {n} ใน{p}", "Rank {r} of {n} in {p}"),
    "hot_title": ("จุดร้อน–จุดเย็น (Gi*)", "Hot and cold spots (Gi*)"),
}


def _label(labels: Mapping[str, str] | None, key: str, lang: str) -> str:
    if labels and key in labels:
        return labels[key]
    th, en = DEFAULT_LABELS[key]
    return en if lang == "en" else th


def style_payload(
    geometry: Mapping[str, Any],
    stats: pd.DataFrame,
    metric: Metric,
    *,
    lang: str = "th",
    method: str = "quantiles",
    palette: str = "ylorrd",
    min_cell: int = 5,
    labels: Mapping[str, str] | None = None,
    hotspots: pd.Series | None = None,
    hot_labels: Mapping[str, str] | None = None,
    selected: str | None = None,
    outline_weight: float = 0.7,
) -> dict[str, Any]:
    """What the browser needs to colour the areas of ``geometry`` by ``metric``.

    Keys: ``v`` (a version token), ``lang``, ``label``, ``cls`` (one character per area: the
    class digit, ``n`` no data, ``s`` suppressed), ``colours``, ``val`` (formatted values, empty
    when not shown), ``r`` (rank, 0 = none), ``n`` (ranked areas per parent), ``rank``
    (template), ``nodata``, ``supp``, ``legend`` (title and rows of (kind, colour, label)),
    ``sel`` (index of the selected area or -1) and ``hot`` (hot-spot classes or None).
    ``hotspots`` maps code -> a class of :data:`analysis.hotspots.HOTSPOT_CLASSES`.
    """
    codes = geometry["code"]
    parents = [geometry["par"][i] for i in range(len(codes))]
    values = area_values(codes, stats, metric, parents=parents, min_cell=min_cell)
    scheme = class_scheme(
        values["shown"].dropna(), metric, method=method, palette=palette, lang=lang
    )
    cls, val, rank = [], [], []
    for shown, suppressed, r in zip(
        values["shown"], values["suppressed"], values["rank"], strict=True
    ):
        if suppressed:
            cls.append("s")
            val.append("")
        elif pd.isna(shown):
            cls.append("n")
            val.append("")
        else:
            cls.append(str(scheme.index(_display(shown, metric))))
            val.append(format_value(shown, metric, lang))
        rank.append(0 if pd.isna(r) else int(r))
    of = values.groupby(pd.Series(parents, index=values.index))["of"].first()
    n = [int(of.get(i, 0)) for i in range(len(geometry["pn"]))]
    no_data = _label(labels, "no_data", lang)
    suppressed_label = _label(labels, "suppressed", lang)
    rows = [["f", c, lab] for c, lab in zip(scheme.colours, scheme.labels, strict=True)]
    legend = {"title": metric.label(lang), "rows": rows}
    hot = None
    if hotspots is not None:
        from analysis.hotspots import HOTSPOT_CLASSES, HOTSPOT_COLOURS, HOTSPOT_LABELS

        hot_names = {
            c: (hot_labels or {}).get(c, HOTSPOT_LABELS[c][1 if lang == "en" else 0])
            for c in HOTSPOT_CLASSES
        }
        by_code = pd.Series(hotspots).reindex(codes).astype(object)
        usable = [
            h if c not in "ns" and isinstance(h, str) else None
            for h, c in zip(by_code, cls, strict=True)
        ]
        present = [c for c in HOTSPOT_CLASSES if c in usable]
        hot_cls = "".join("-" if h is None else str(present.index(h)) for h in usable)
        title = _label(labels, "hot_title", lang)
        hot = {
            "cls": hot_cls,
            "colours": [HOTSPOT_COLOURS[c] for c in present],
            "labels": [hot_names[c] for c in present],
            "label": title,
        }
        legend = {
            "title": title,
            "rows": [["f", HOTSPOT_COLOURS[c], hot_names[c]] for c in present],
        }
    legend["rows"].append(["n", maps.NO_DATA_COLOUR, no_data])
    if "s" in cls:
        legend["rows"].append(["s", maps.SUPPRESSED_COLOUR, suppressed_label])
    sel = codes.index(selected) if selected in codes else -1
    payload = {
        "lang": lang,
        "label": metric.label(lang),
        "cls": "".join(cls),
        "colours": scheme.colours,
        "val": val,
        "r": rank,
        "n": n,
        "rank": _label(labels, "rank", lang),
        "nodata": no_data,
        "supp": suppressed_label,
        "legend": legend,
        "sel": sel,
        "hot": hot,
        "w": float(outline_weight),
    }
    payload["v"] = _token(payload)
    return payload


def _token(payload: Mapping[str, Any]) -> str:
    import hashlib

    return hashlib.sha1(_js(payload).encode()).hexdigest()[:12]


def _js(obj: Any) -> str:
    """JSON for embedding in a <script>: compact, UTF-8, with <, >, & and line separators escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# --- browser side ---------------------------------------------------------------------------------

_AREA_CSS = (
    """
.povmap-legend { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font-family: @FONT; font-size: 12px;
  line-height: 1.35; color: #222; max-width: 240px; }
.povmap-legend-title { font-weight: bold; margin-bottom: 4px; }
.povmap-legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.povmap-swatch { flex: 0 0 auto; width: 18px; height: 12px; border: 1px solid #6b6b6b;
  box-sizing: border-box; }
.povmap-swatch-s { border-style: dashed; background: repeating-linear-gradient(45deg,
  @HATCH 0 2px, @SUPP 2px 5px); }
.povmap-tip { font-family: @FONT; font-size: 13px; line-height: 1.4; }
.povmap-tip-name { font-weight: bold; }
.povmap-tip-dim { color: #555; }
.povmap-home { background: #762a83; border: 2px solid #fff; border-radius: 50%;
  box-shadow: 0 0 2px rgba(0,0,0,0.6); }
.povmap-home-cluster { background-color: rgba(118, 42, 131, 0.35); }
.povmap-home-cluster div { background-color: rgba(118, 42, 131, 0.8); color: #fff; }
""".replace("@FONT", maps.THAI_FONT_STACK)
    .replace("@HATCH", maps.SUPPRESSED_HATCH_COLOUR)
    .replace("@SUPP", maps.SUPPRESSED_COLOUR)
)

_AREA_JS = """
(function (map, P, hatchFill) {
  var t0 = Date.now(), timing = {start: t0};
  var A = %(alphabet)s, V = {};
  for (var a = 0; a < A.length; a++) V[A.charAt(a)] = a;
  var scale = Math.pow(10, P.d), x = 0, y = 0;
  function ring(s) {
    var out = [], i = 0, n = s.length;
    while (i < n) {
      var pair = [0, 0];
      for (var k = 0; k < 2; k++) {
        var z = 0, shift = 1, c;
        do { c = V[s.charAt(i++)]; z += (c & 31) * shift; shift *= 32; } while (c >= 32);
        pair[k] = (z %% 2) ? -(z + 1) / 2 : z / 2;
      }
      x += pair[0]; y += pair[1];
      out.push([x / scale, y / scale]);
    }
    out.push(out[0]);
    return out;
  }
  var features = [];
  for (var f = 0; f < P.code.length; f++) {
    var polys = [];
    for (var p = 0; p < P.g[f].length; p++) {
      var rings = [];
      for (var r = 0; r < P.g[f][p].length; r++) rings.push(ring(P.g[f][p][r]));
      polys.push(rings);
    }
    features.push({type: "Feature", id: P.code[f], properties: {code: P.code[f], i: f},
                   geometry: {type: "MultiPolygon", coordinates: polys}});
  }
  var S = null, layers = [], NODATA = %(nodata)s, OUTLINE = %(outline)s;
  function styleFor(i) {
    var st = {color: OUTLINE, weight: S ? S.w : 0.7, opacity: 1, fillOpacity: 0.85,
              dashArray: null, fillColor: NODATA};
    if (!S) return st;
    var c = S.cls.charAt(i);
    if (c === "s") {
      st.fillColor = hatchFill; st.color = %(hatch)s; st.weight = 1.2; st.dashArray = "4 3";
    } else if (S.hot) {
      var h = S.hot.cls.charAt(i);
      st.fillColor = h === "-" ? NODATA : S.hot.colours[+h];
    } else if (c !== "n") {
      st.fillColor = S.colours[+c];
    }
    if (i === S.sel) { st.weight = 3; st.color = "#111111"; }
    return st;
  }
  function tip(i) {
    var box = document.createElement("div");
    function line(text, cls) {
      if (!text) return;
      var d = document.createElement("div");
      if (cls) d.className = cls;
      d.textContent = text;
      box.appendChild(d);
    }
    var en = S && S.lang === "en";
    line(en ? P.en[i] : P.th[i], "povmap-tip-name");
    line(en ? P.th[i] : P.en[i], "povmap-tip-dim");
    var parent = P.pn[P.par[i]], pname = en ? parent[1] : parent[0];
    if (P.where) line(pname, "povmap-tip-dim");
    if (!S) return box;
    var c = S.cls.charAt(i);
    line(S.label + ": " + (c === "s" ? S.supp : (c === "n" ? S.nodata : S.val[i])));
    if (S.r[i] > 0) {
      line(S.rank.replace("{r}", S.r[i]).replace("{n}", S.n[P.par[i]]).replace("{p}", pname));
    }
    if (S.hot) {
      var h = S.hot.cls.charAt(i);
      if (h !== "-") line(S.hot.label + ": " + S.hot.labels[+h]);
    }
    return box;
  }
  timing.decodeMs = Date.now() - t0;
  // the areas join the map with their first style (one SVG pass): see api.apply
  var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
    style: function (feature) { return styleFor(feature.properties.i); },
    smoothFactor: 0.5,
    onEachFeature: function (feature, lyr) { layers[feature.properties.i] = lyr; }
  });
  layer.bindTooltip(function (lyr) { return tip(lyr.feature.properties.i); },
                    {sticky: true, className: "povmap-tip"});
  layer.on("mouseover", function (e) { e.layer.setStyle({weight: 2.5, color: "#111111"}); });
  layer.on("mouseout", function (e) { e.layer.setStyle(styleFor(e.layer.feature.properties.i)); });
  timing.buildMs = Date.now() - t0 - timing.decodeMs;
  var legend = L.control({position: "bottomright"}), legendDiv = null;
  legend.onAdd = function () {
    legendDiv = L.DomUtil.create("div", "povmap-legend leaflet-control");
    L.DomEvent.disableClickPropagation(legendDiv);
    return legendDiv;
  };
  legend.addTo(map);
  function drawLegend() {
    while (legendDiv.firstChild) legendDiv.removeChild(legendDiv.firstChild);
    var title = document.createElement("div");
    title.className = "povmap-legend-title";
    title.textContent = S.legend.title;
    legendDiv.appendChild(title);
    S.legend.rows.forEach(function (row) {
      var div = document.createElement("div"), sw = document.createElement("span");
      var text = document.createElement("span");
      div.className = "povmap-legend-row";
      sw.className = "povmap-swatch" + (row[0] === "s" ? " povmap-swatch-s" : "");
      if (row[0] !== "s") sw.style.background = row[1];
      text.textContent = row[2];
      div.appendChild(sw); div.appendChild(text);
      legendDiv.appendChild(div);
    });
  }
  var api = {
    layer: layer,
    version: null,
    timing: timing,
    apply: function (style) {
      var t1 = Date.now();
      S = style;
      for (var i = 0; i < layers.length; i++) if (layers[i]) layers[i].setStyle(styleFor(i));
      if (!map.hasLayer(layer)) {
        layer.addTo(map);
        timing.drawMs = Date.now() - t1;
      } else {
        timing.styleMs = Date.now() - t1;
      }
      drawLegend();
      api.version = S.v;
      map.getContainer().setAttribute("data-povmap-style", S.v);
    }
  };
  window.povmapAreas = api;
  if (window.povmapPendingStyle) { api.apply(window.povmapPendingStyle); }
})(%(map)s, %(payload)s, %(hatch_fill)s);
"""


class AreaLayer(MacroElement):
    """The areas of a :func:`geometry_payload`, drawn once; :class:`AreaStyle` colours them."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.script(this._parent.get_name()) }}
        {% endmacro %}
        """
    )

    def __init__(self, geometry: Mapping[str, Any], *, where: bool = False):
        super().__init__()
        self._name = "AreaLayer"
        self.css = _AREA_CSS
        self.hatch = maps.HatchPattern()
        sent = {k: v for k, v in geometry.items() if k != "bounds"}
        sent["where"] = bool(where)
        self.payload = _js(sent)
        self.add_child(self.hatch)

    def script(self, map_name: str) -> str:
        return _AREA_JS % {
            "alphabet": json.dumps(ALPHABET),
            "nodata": json.dumps(maps.NO_DATA_COLOUR),
            "outline": json.dumps(maps.OUTLINE_COLOUR),
            "hatch": json.dumps(maps.SUPPRESSED_HATCH_COLOUR),
            "hatch_fill": json.dumps(self.hatch.fill),
            "map": map_name,
            "payload": self.payload,
        }


class AreaStyle(MacroElement):
    """Applies a :func:`style_payload` to the map's :class:`AreaLayer` (now, or once it exists)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (S) {
          if (window.povmapAreas) { window.povmapAreas.apply(S); }
          else { window.povmapPendingStyle = S; }
        })({{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, style: Mapping[str, Any]):
        super().__init__()
        self._name = "AreaStyle"
        self.payload = _js(style)


class _FitBounds(MacroElement):
    """Open the map on ``(minx, miny, maxx, maxy)`` at once (no zoom animation on load), with the
    bottom clear of the attribution line."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }},
            {paddingTopLeft: [10, 10], paddingBottomRight: [10, 40], animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Sequence[float]):
        super().__init__()
        self._name = "FitBounds"
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        self.bounds = [[miny, minx], [maxy, maxx]]


@dataclass
class AreaMap:
    """A built map: the folium map (geometry, points, legend slot) and the style feature group.

    Pass ``styles`` to ``st_folium(..., feature_group_to_add=styles)``; call :meth:`standalone`
    to render the whole map as one HTML page instead.
    """

    map: folium.Map
    styles: folium.FeatureGroup
    geometry: dict[str, Any] = field(repr=False)
    style: dict[str, Any] = field(repr=False)

    def standalone(self) -> folium.Map:
        self.styles.add_to(self.map)
        return self.map


_POINT_JS = """
function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]), row[3] ? {icon: L.divIcon({
        className: "povmap-home", iconSize: [12, 12]})} : {});
    var tip = document.createElement("span");
    tip.textContent = String(row[2]);
    marker.bindTooltip(tip);
    return marker;
}
"""

_HOME_CLUSTER_JS = """
function (cluster) {
    var div = document.createElement("div"), span = document.createElement("span");
    span.textContent = String(cluster.getChildCount());
    div.appendChild(span);
    return L.divIcon({html: div.outerHTML, className: "marker-cluster povmap-home-cluster",
                      iconSize: new L.Point(36, 36)});
}
"""

#: FastMarkerCluster always adds itself to the map; this copy leaves that to folium's Layer, which
#: honours ``show=False`` (the overlay starts switched off in the layer control).
_CLUSTER_TEMPLATE = Template(
    """
    {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            {{ this.callback }}
            var data = {{ this.data|tojson }};
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            {%- if this.icon_create_function is not none %}
            cluster.options.iconCreateFunction = {{ this.icon_create_function.strip() }};
            {%- endif %}
            for (var i = 0; i < data.length; i++) { callback(data[i]).addTo(cluster); }
            return cluster;
        })();
    {% endmacro %}
    """
)


def _cluster(frame: pd.DataFrame, name: str, show: bool, home: bool) -> maps.OfflineMarkerCluster:
    df = frame.dropna(subset=["lat", "lon"])
    data = [
        [round(float(la), 5), round(float(lo), 5), str(tip), home]
        for la, lo, tip in zip(df["lat"], df["lon"], df["tooltip"], strict=True)
    ]
    layer = maps.OfflineMarkerCluster(
        data,
        callback=_POINT_JS.strip(),
        name=name,
        show=show,
        options={"showCoverageOnHover": False, "maxClusterRadius": 50},
        icon_create_function=_HOME_CLUSTER_JS if home else None,
    )
    layer._template = _CLUSTER_TEMPLATE
    return layer


def point_layers(
    villages: pd.DataFrame | None = None,
    households: pd.DataFrame | None = None,
    *,
    village_name: str = "หมู่บ้าน",
    household_name: str = "ครัวเรือน",
    show_villages: bool = True,
    show_households: bool = False,
) -> list[folium.Element]:
    """Clustered village pins and household dots (each frame: ``lat``, ``lon``, ``tooltip``), as
    overlays the map's layer control switches on and off. Tooltips are set as text."""
    layers: list[folium.Element] = []
    for frame, name, show, home in (
        (villages, village_name, show_villages, False),
        (households, household_name, show_households, True),
    ):
        if frame is not None and not frame.empty:
            layers.append(_cluster(frame, name, show, home))
    return layers


def build_area_map(
    layer: gpd.GeoDataFrame | None,
    stats: pd.DataFrame,
    metric: Metric,
    *,
    lang: str = "th",
    method: str = "quantiles",
    palette: str = "ylorrd",
    min_cell: int = 5,
    tiles: bool = False,
    labels: Mapping[str, str] | None = None,
    coord_decimals: int = 4,
    geometry: Mapping[str, Any] | None = None,
    hotspots: pd.Series | None = None,
    hot_labels: Mapping[str, str] | None = None,
    selected: str | None = None,
    points: Sequence[folium.Element] = (),
    where: bool = False,
    outline_weight: float = 0.7,
    style: Mapping[str, Any] | None = None,
    assets: maps.Assets,
) -> AreaMap:
    """A choropleth of ``metric`` over ``layer`` (already restricted to the parent area).

    ``geometry`` (a cached :func:`geometry_payload`) replaces ``layer``, ``style`` (a cached
    :func:`style_payload`) the style arguments. Areas with fewer than
    ``min_cell`` surveyed households are suppressed; areas without records show as "no data".
    Tooltips carry both names, the value and the rank within the parent; ``where`` adds the
    parent's name (for maps that span several parents). ``assets``: where the browser loads
    Leaflet from (see :func:`geo.maps.localize`).
    """
    if geometry is None:
        if layer is None:
            raise ValueError("give a layer or its geometry payload")
        geometry = geometry_payload(layer, decimals=coord_decimals)
    if style is None:
        style = style_payload(
            geometry,
            stats,
            metric,
            lang=lang,
            method=method,
            palette=palette,
            min_cell=min_cell,
            labels=labels,
            hotspots=hotspots,
            hot_labels=hot_labels,
            selected=selected,
            outline_weight=outline_weight,
        )
    # keyboard=False: focusing the map on mousedown scrolls the page when the map is partly off
    # screen, and the mouseup then misses the area that was pressed (no drill-down on click)
    # the attribution line speaks the map's language: the style's (it carries the labels)
    map_lang = str(style.get("lang", lang))
    m = maps.offline_map(tiles=tiles, lang=map_lang, prefer_canvas=False, keyboard=False)
    AreaLayer(geometry, where=where).add_to(m)
    for element in points:
        element.add_to(m)
    if len(geometry["code"]):
        _FitBounds(geometry["bounds"]).add_to(m)
    styles = folium.FeatureGroup(name="povmap-style", control=False)
    AreaStyle(style).add_to(styles)
    maps.localize(m, assets)
    maps.localize(styles, assets)
    return AreaMap(m, styles, dict(geometry), dict(style))


def ring_count(geometry: Mapping[str, Any]) -> int:
    """Number of rings in a geometry payload (for tests and benchmarks)."""
    return sum(len(poly) for feature in geometry["g"] for poly in feature)


def payload_bytes(obj: Any) -> int:
    """Bytes of ``obj`` as embedded in the page (UTF-8 JSON)."""
    return len(_js(obj).encode("utf-8"))


def shapely_rings(geom: Any, decimals: int) -> list[list[list[tuple[float, float]]]]:
    """The rings :func:`geometry_payload` keeps for ``geom`` (rounded), as (lon, lat) tuples."""
    factor = 10.0**decimals
    return [
        [[(float(px) / factor, float(py) / factor) for px, py in ring] for ring in rings]
        for rings in _quantized_rings(geom, decimals)
    ]


__all__ = [
    "ALPHABET",
    "DIVERGING",
    "DIVERGING_7",
    "METHODS",
    "METRICS",
    "PALETTES",
    "AreaLayer",
    "AreaMap",
    "AreaStyle",
    "Metric",
    "Scheme",
    "area_values",
    "build_area_map",
    "class_scheme",
    "decode_geometry",
    "decode_ring",
    "encode_rings",
    "format_value",
    "geometry_payload",
    "palette_used",
    "point_layers",
    "polygon_stats",
    "style_payload",
    "with_ratios",
]
