"""The style half of the browser's poverty map: each area's class, value and rank, the legend.

:func:`style_payload` is what the browser needs to colour the areas of a
:func:`geo.area_geometry.geometry_payload` by one metric. It travels in its own
``folium.FeatureGroup`` (see :mod:`geo.area_map`), so changing the metric, the classes, the
palette or the hot-spot layer restyles the drawn polygons instead of rebuilding the map.
Suppressed values never enter it. :func:`script_json` is how every payload is embedded in a
``<script>``.

Example:
    >>> script_json({"name": "<b>&</b>"})
    '{"name":"\\\\u003cb\\\\u003e\\\\u0026\\\\u003c/b\\\\u003e"}'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from geo import maps
from geo.area_values import area_values
from geo.classify import area_classes, class_scheme
from geo.metrics import Metric, format_value, map_label


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
    cls = [str(c) for c in area_classes(values, scheme, metric)]
    val = [
        "" if c in ("s", "n") else format_value(shown, metric, lang)
        for c, shown in zip(cls, values["shown"], strict=True)
    ]
    rank = [0 if pd.isna(r) else int(r) for r in values["rank"]]
    of = values.groupby(pd.Series(parents, index=values.index))["of"].first()
    n = [int(of.get(i, 0)) for i in range(len(geometry["pn"]))]
    no_data = map_label(labels, "no_data", lang)
    suppressed_label = map_label(labels, "suppressed", lang)
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
        title = map_label(labels, "hot_title", lang)
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
        "rank": map_label(labels, "rank", lang),
        "nodata": no_data,
        "supp": suppressed_label,
        "legend": legend,
        "sel": sel,
        "hot": hot,
        "w": float(outline_weight),
    }
    payload["v"] = _token(payload)
    return payload


def class_counts(cls: str) -> tuple[int, int, int]:
    """From a payload's ``cls`` (:func:`style_payload`): how many areas are drawn, how many have
    a value shown and how many are suppressed.

    Example:
        >>> class_counts("01ns2s")
        (6, 3, 2)
    """
    return len(cls), sum(c not in "ns" for c in cls), cls.count("s")


def _token(payload: Mapping[str, Any]) -> str:
    return hashlib.sha1(script_json(payload).encode()).hexdigest()[:12]


def script_json(obj: Any) -> str:
    """``obj`` as JSON to embed in a ``<script>``: compact, UTF-8, with ``<``, ``>``, ``&`` and
    the line separators escaped, so no value can close the script or inject markup."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


__all__ = ["class_counts", "script_json", "style_payload"]
