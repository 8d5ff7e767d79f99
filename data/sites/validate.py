"""Site and indicator rows checked together: references, places, duplicates, routes, areas.

Step four of the site import (:mod:`data.sites`): the cells typed (:mod:`data.sites.normalize`),
each row is located (a point gets its area codes, an area code its representative point:
:mod:`data.sites.locate`), references must name stored records of the right kind, an ID may not
change kind, a route's stops must agree, and an indicator's area, given by code or by name, must
resolve to one DOPA code. The result is what the store takes (:mod:`data.sites.store`): typed
rows, a route's stops, an indicator's definition, and every problem found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.messages import msg
from data.normalize import resolve_area
from data.problems import Problem
from data.sites.locate import Gazetteer
from data.sites.normalize import Checker, typed
from data.sites.read import IndicatorFile, IndicatorMeta, with_meta
from data.sites.schema import (
    FIELDS,
    IMPORT_KINDS,
    INDICATOR_FIELDS,
    NAME_COLUMNS,
    ROUTE_FIELDS,
    SITE_COLUMNS,
    STOP_COLUMNS,
    Field,
)
from geo import codes


@dataclass
class SiteValidation:
    """Typed rows ready to store (``stops`` for routes, ``definitions`` for indicators) and problems."""

    frame: pd.DataFrame
    problems: list[Problem]
    stops: pd.DataFrame | None = None
    definitions: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_refs(
    t: pd.DataFrame,
    fields: tuple[Field, ...],
    check: Checker,
    known: Mapping[str, str],
    same_file: Mapping[str, str],
) -> None:
    for f in fields:
        if f.kind not in ("ref", "refs"):
            continue
        wanted = None if f.vocab == "any" else f.vocab
        for i, value in enumerate(t[f.name]):
            if value is pd.NA or value is None:
                continue
            for ref in str(value).split("|") if f.kind == "refs" else [str(value)]:
                kind = known.get(ref) or same_file.get(ref)
                if kind is None:
                    reason = msg("site.ref_unknown", what=msg(f"site.kind.{wanted or 'site'}"))
                elif wanted and kind != wanted:
                    reason = msg(
                        "site.ref_kind",
                        ref=ref,
                        kind=msg(f"site.kind.{kind}"),
                        wanted=msg(f"site.kind.{wanted}"),
                    )
                else:
                    continue
                check.add(np.arange(len(t)) == i, f.name, reason)


def _locate(t: pd.DataFrame, check: Checker, gazetteer: Gazetteer, required: bool) -> pd.DataFrame:
    """Add province/district/subdistrict/village codes, fill lat/lon from codes, flag approximate."""
    lat, lon, area = t["lat"], t["lon"], t["area_code"]
    one = lat.isna() != lon.isna()
    check.add(one, "lat", msg("validate.latlon_together"))
    has_point = lat.notna() & lon.notna()
    if required:
        check.add(~has_point & area.isna() & ~one, "area_code", msg("site.give_location"))
    located = pd.DataFrame(
        pd.NA,
        index=t.index,
        columns=["subdistrict_code", "district_code", "province_code"],
        dtype="string",
    )
    if has_point.any():
        found = gazetteer.locate(lat[has_point].astype(float), lon[has_point].astype(float))
        found.index = t.index[has_point.to_numpy(bool)]
        located.loc[found.index] = found[located.columns]
    outside = has_point & located["province_code"].isna() & area.isna()
    check.add(outside, "lat", msg("site.outside_boundaries"))
    conflict = (
        has_point
        & area.notna()
        & located["province_code"].notna()
        & (located["province_code"] != codes.ancestors(area, "province"))
    )
    check.add(conflict, "lat", msg("site.other_province"))
    out = t.copy()
    sub = located["subdistrict_code"]
    dist = located["district_code"]
    # codes found from the point refine the given area_code only when they lie inside it
    finer_ok = pd.Series(
        [
            a is pd.NA or (isinstance(s, str) and s.startswith(a))
            for a, s in zip(area, sub, strict=True)
        ],
        index=t.index,
    )
    width = area.str.len()
    out["province_code"] = codes.ancestors(area, "province").fillna(located["province_code"])
    out["district_code"] = codes.ancestors(
        area.where(width >= codes.WIDTH["district"]), "district"
    ).fillna(dist.where(finer_ok))
    out["subdistrict_code"] = codes.ancestors(
        area.where(width >= codes.WIDTH["subdistrict"]), "subdistrict"
    ).fillna(sub.where(finer_ok))
    out["village_code"] = area.where(area.str.len() == 8)
    approx = ~has_point & area.notna()
    points = [
        gazetteer.point(c) if a else None for c, a in zip(area.fillna(""), approx, strict=True)
    ]
    unknown = approx & pd.Series([p is None for p in points], index=t.index)
    check.add(unknown, "area_code", msg("site.no_polygon"))
    out["lat"] = lat.astype("Float64").where(
        ~approx, pd.Series([p[0] if p else np.nan for p in points], index=t.index, dtype="Float64")
    )
    out["lon"] = lon.astype("Float64").where(
        ~approx, pd.Series([p[1] if p else np.nan for p in points], index=t.index, dtype="Float64")
    )
    out["approximate"] = approx.astype(bool)
    return out


def _duplicates(t: pd.DataFrame, keys: list[str], check: Checker, column: str) -> None:
    dup = t.duplicated(keys, keep="first") & t[keys].notna().all(axis=1)
    check.add(dup, column, msg("site.earlier"))


def validate_sites(
    frame: pd.DataFrame,
    file_name: str,
    kind: str,
    *,
    gazetteer: Gazetteer,
    known: Mapping[str, str] | None = None,
    lines: np.ndarray | None = None,
    header_line: int = 1,
) -> SiteValidation:
    """Check a site/product/adoption file of one ``kind`` (every cell text, as read).

    ``known`` maps the IDs already stored to their kind (references must point at them; a
    ``site_id`` may not change kind). ``lines`` are the file lines of the rows (default: the
    rows follow the header at ``header_line``). Returns the typed rows and every problem found.
    """
    if kind not in FIELDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(IMPORT_KINDS)}")
    known = dict(known or {})
    fields = FIELDS[kind]
    raw = frame.reset_index(drop=True)
    check = Checker(raw, file_name, lines, header_line)
    t = typed(raw, fields, check)
    if not len(raw):
        check.header("", msg("import.no_rows"))
    source_default = file_name

    if kind == "product":
        _duplicates(t, ["product_id"], check, "product_id")
        _check_refs(t, fields, check, known, {})
        t["source"] = t["source"].fillna(source_default)
        check.problems.sort(key=lambda p: (p.line, p.column))
        return SiteValidation(t, check.problems)
    if kind == "adoption":
        _duplicates(t, ["technology_id", "village_code"], check, "village_code")
        _check_refs(t, fields, check, known, {})
        t["source"] = t["source"].fillna(source_default)
        check.problems.sort(key=lambda p: (p.line, p.column))
        return SiteValidation(t, check.problems)

    # a site_id may not change kind
    changed = t["site_id"].map(lambda s: isinstance(s, str) and known.get(s, kind) != kind)
    for i in np.flatnonzero(changed.to_numpy(bool)):
        sid = t["site_id"].iloc[i]
        check.add(
            np.arange(len(t)) == i,
            "site_id",
            msg("site.kind_changed", kind=msg(f"site.kind.{known[sid]}")),
        )
    if kind == "tourism_route":
        _duplicates(t, ["site_id", "stop_no"], check, "stop_no")
        for col in ROUTE_FIELDS:
            first = t.groupby("site_id", dropna=True)[col].transform("first")
            differs = t["site_id"].notna() & (
                t[col].astype("string").fillna("") != first.astype("string").fillna("")
            )
            check.add(
                differs,
                col,
                msg("site.route_differs"),
            )
        stops_per_route = t.groupby("site_id")["site_id"].transform("size")
        check.add(
            t["site_id"].notna() & (stops_per_route < 2),
            "stop_no",
            msg("site.route_stops"),
        )
        same_file = {}
    else:
        _duplicates(t, ["site_id"], check, "site_id")
        same_file = dict.fromkeys(t["site_id"].dropna(), kind)
    _check_refs(t, fields, check, known, same_file)
    if kind == "technology":
        untagged = t[["causes", "indicators", "capitals"]].isna().all(axis=1)
        check.add(
            untagged,
            "causes",
            msg("site.untagged"),
        )
        for col in ("lat", "lon", "area_code"):
            t[col] = pd.Series(
                pd.NA, index=t.index, dtype="Float64" if col != "area_code" else "string"
            )
        t["province_code"] = t["district_code"] = t["subdistrict_code"] = t["village_code"] = (
            pd.Series(pd.NA, index=t.index, dtype="string")
        )
        t["approximate"] = False
    else:
        t = _locate(t, check, gazetteer, required=True)
    t["source"] = t["source"].fillna(source_default)
    t["kind"] = kind
    for col in SITE_COLUMNS:
        if col not in t:
            t[col] = pd.NA
    stops = None
    if kind == "tourism_route":
        stops = t.rename(
            columns={
                "site_id": "route_id",
                "stop_name_th": "name_th_stop",
                "stop_name_en": "name_en_stop",
            }
        )
        stops = stops.drop(columns=["name_th", "name_en"]).rename(
            columns={"name_th_stop": "name_th", "name_en_stop": "name_en"}
        )
        stops = (
            stops[list(STOP_COLUMNS)].sort_values(["route_id", "stop_no"]).reset_index(drop=True)
        )
        routes = t.sort_values(["site_id", "stop_no"]).groupby("site_id", as_index=False).first()
        # the route's place: its first stop; its area: what every stop shares
        for col in ("province_code", "district_code", "subdistrict_code"):
            shared = t.groupby("site_id")[col].agg(
                lambda s: s.iloc[0] if s.nunique(dropna=False) == 1 else pd.NA
            )
            routes[col] = routes["site_id"].map(shared).astype("string")
        routes["village_code"] = pd.NA
        routes["area_code"] = (
            routes[["subdistrict_code", "district_code", "province_code"]].bfill(axis=1).iloc[:, 0]
        )
        t = routes
    check.problems.sort(key=lambda p: (p.line, p.column))
    return SiteValidation(t[list(SITE_COLUMNS)].reset_index(drop=True), check.problems, stops=stops)


def validate_indicators(
    frame: pd.DataFrame, file_name: str, lines: np.ndarray | None = None, header_line: int = 1
) -> SiteValidation:
    """Check an area-indicator file: each row one indicator value for one area and year.

    Areas are given by DOPA code or by Thai/English name (``area_name``, read at ``level``).
    """
    raw = frame.reset_index(drop=True)
    check = Checker(raw, file_name, lines, header_line)
    t = typed(raw, INDICATOR_FIELDS, check)
    if not len(raw):
        check.header("", msg("import.no_rows"))
    level = t["level"].fillna("province")
    resolved = []
    memo: dict[tuple[str, str, str | None], object] = {}
    for i, code in enumerate(t["area_code"]):
        found, parent, last = None, None, None
        for col, lv in NAME_COLUMNS:
            name = t[col].iloc[i]
            if name is pd.NA or name is None:
                continue
            lv = lv or level.iloc[i]
            key = (str(name), lv, parent)
            if key not in memo:
                memo[key] = resolve_area(str(name), lv, parent)
            match = memo[key]
            if match.code is None:
                check.add(np.arange(len(t)) == i, col, match.reason or msg("site.unknown_area"))
                found, last = pd.NA, col
                break
            found = parent = match.code
            last = col
        if found is None:
            resolved.append(code)
        elif found is pd.NA:
            resolved.append(pd.NA)
        elif code is not pd.NA and code is not None and code != found:
            check.add(
                np.arange(len(t)) == i,
                "area_code",
                msg("site.area_mismatch", column=last, code=found),
            )
            resolved.append(pd.NA)
        else:
            resolved.append(found)
    area = pd.Series(resolved, index=t.index, dtype="string")
    neither = t["area_code"].isna() & t[[c for c, _ in NAME_COLUMNS]].isna().all(axis=1)
    check.add(neither, "area_code", msg("site.give_area"))
    village = area.str.len() == 8
    check.add(
        village.fillna(False),
        "area_code",
        msg("site.indicator_level"),
    )
    t["area_code"] = area.mask(village.fillna(False))
    t["level"] = (
        t["area_code"]
        .str.len()
        .map({codes.WIDTH[lv]: lv for lv in ("province", "district", "subdistrict")})
        .astype("string")
    )
    t["period_be"] = t["period"]
    _duplicates(t, ["indicator", "area_code", "period_be"], check, "period")
    for col in ("indicator_name_th", "indicator_name_en", "unit", "unit_en", "higher_is_better"):
        first = t.groupby("indicator", dropna=True)[col].transform("first")
        differs = t["indicator"].notna() & (
            t[col].astype("string").fillna("") != first.astype("string").fillna("")
        )
        check.add(differs, col, msg("site.indicator_differs"))
    definitions = (
        t.dropna(subset=["indicator"])
        .groupby("indicator", as_index=False)
        .first()[
            [
                "indicator",
                "indicator_name_th",
                "indicator_name_en",
                "unit",
                "unit_en",
                "higher_is_better",
            ]
        ]
        .rename(columns={"indicator_name_th": "name_th", "indicator_name_en": "name_en"})
    )
    values = t[["indicator", "area_code", "level", "period_be", "value", "source", "source_url"]]
    check.problems.sort(key=lambda p: (p.line, p.column))
    return SiteValidation(values.reset_index(drop=True), check.problems, definitions=definitions)


def validate_indicator_file(
    file: IndicatorFile, meta: IndicatorMeta | None = None
) -> SiteValidation:
    """Check a mapped indicator file with its metadata; problems name the file's own headers."""
    early = file.problems()
    result = validate_indicators(
        with_meta(file, meta), file.file_name, file.lines, file.header_line
    )
    problems = [
        Problem(p.file, p.line, file.headers.get(p.column, p.column), p.value, p.reason)
        for p in [*early, *result.problems]
    ]
    seen: set[tuple] = set()
    unique = []
    for p in problems:  # "value is missing" comes from both checks
        key = (p.line, p.column, p.reason)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    unique.sort(key=lambda p: (p.line, p.column))
    return SiteValidation(result.frame, unique, definitions=result.definitions)
