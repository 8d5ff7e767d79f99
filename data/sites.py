"""Sites beside the poor: enterprises, cultural places, markets, routes, innovation, livable-city data.

One site model serves every kind of place (and the technology library, whose entries are not
places). A site is located by ``lat``/``lon`` or by a DOPA ``area_code``; a site given only a code
is placed at the area's representative point and marked ``approximate``. Products belong to
enterprises (LEOS digital labels); a tourism route is a line through ordered stops; technology
adoptions tie a library entry to a village; livable-city indicators are keyed by area code.

Imports follow the household import: every row valid or nothing is stored, a report names file,
line, column, value and reason, and a replaced record keeps its previous version in history.
The file format of each kind is :func:`markdown` (``FIELDS`` is the single source of truth).

Example:
    >>> vocabulary("value_chain_stage")["upstream"].name_en
    'Upstream (raw materials)'
    >>> round(float(distance_km(16.43, 103.51, 16.43, 103.61)), 2)
    10.67
    >>> label_url("https://povmap.example.org/", "P-1", "en")
    'https://povmap.example.org/product?product=P-1&lang=en'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd

from data import normalize, store
from data.columns import (
    THAI_DIGITS,
    clean_text,
    column_key,
    header_lookup,
    load_user_mapping,
    register_targets,
    synonyms,
    yes_no,
)
from data.importer import ImportFailed, file_sha256, summarise, write_report
from data.messages import msg
from data.normalize import normalize_dates, normalize_years, resolve_area
from data.problems import Problem, safe_value
from data.readers import ReadError, read_any
from data.schema import LAT_RANGE, LON_RANGE, table
from data.validate import national_id_checksum_ok
from geo import boundaries, codes

#: Kinds of site, in the order the app lists them. ``technology`` is a library entry, not a place.
SITE_KINDS: tuple[str, ...] = (
    "enterprise",
    "cultural_site",
    "cultural_product",
    "market",
    "tourism_route",
    "innovation_community",
    "technology",
)
#: Kinds a map can show (everything but the technology library).
PLACE_KINDS: tuple[str, ...] = SITE_KINDS[:-1]
#: What ``povmap import sites --kind`` accepts: the site kinds, products of enterprises, adoptions.
IMPORT_KINDS: tuple[str, ...] = (*SITE_KINDS, "product", "adoption")
ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,59}"
INDICATOR_RE = r"[a-z][a-z0-9_]{0,59}"
#: Points this far outside every polygon (degrees, about 5 km) still count as on land: the
#: boundaries are simplified, so a coastal point may fall just outside its subdistrict.
COAST_TOLERANCE_DEG = 0.05


# --- vocabularies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a category, product type, stage, certification or tag."""

    code: str
    name_th: str
    name_en: str
    colour: str = "#636363"

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_th


@functools.cache
def vocabulary(name: str) -> dict[str, Term]:
    """Codes and Thai/English names of a vocabulary.

    ``name`` is a site kind (its categories), ``product_type``, ``value_chain_stage``,
    ``certification``, ``readiness`` (data/tables/site_categories.csv), or ``cause``,
    ``indicator``, ``capital`` (the causes, BMN indicators and capitals tables).
    """
    if name == "cause":
        return {r["code"]: Term(r["code"], r["name_th"], r["name_en"]) for r in table("causes")}
    if name == "indicator":
        return {
            r["code"]: Term(r["code"], r["name_th"], r["name_en"]) for r in table("bmn_indicators")
        }
    if name == "capital":
        return {r["code"]: Term(r["code"], r["name_th"], r["name_en"]) for r in table("capitals")}
    rows = [r for r in table("site_categories") if r["vocabulary"] == name]
    if not rows:
        raise KeyError(f"no vocabulary {name!r}")
    return {r["code"]: Term(r["code"], r["name_th"], r["name_en"], r["colour"]) for r in rows}


def term_name(vocab: str, code: object, lang: str) -> str:
    """The name of ``code`` in ``vocab`` (the code itself when unknown, '' when missing)."""
    if code is None or (isinstance(code, float) and np.isnan(code)) or code is pd.NA:
        return ""
    term = vocabulary(vocab).get(str(code))
    return term.name(lang) if term else str(code)


def split_tags(value: object) -> list[str]:
    """A '|'-separated tag cell as a list (empty for a missing cell).

    >>> split_tags("lack_water|disaster"), split_tags(None)
    (['lack_water', 'disaster'], [])
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    return [v for v in str(value).split("|") if v]


# --- file format ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One column of a site, product, adoption or indicator file."""

    name: str
    kind: str  # id, text, longtext, phone, url, code, lat, lon, int, float, bool, date, year,
    # category, tags, ref, refs, slug, level
    required: bool = False
    vocab: str | None = None  # category/tags vocabulary; for ref/refs the kinds referred to
    minimum: float | None = None
    maximum: float | None = None
    label_th: str = ""
    label_en: str = ""
    notes: str = ""


_ID = Field(
    "site_id",
    "id",
    True,
    label_th="รหัส",
    label_en="ID",
    notes="1-60 of A-Z a-z 0-9 _ . - ; unique over every kind.",
)
_NAMES = (
    Field("name_th", "text", True, label_th="ชื่อ (ไทย)", label_en="Name (Thai)"),
    Field("name_en", "text", label_th="ชื่อ (อังกฤษ)", label_en="Name (English)"),
)
_DESCRIPTIONS = (
    Field("description_th", "longtext", label_th="รายละเอียด (ไทย)", label_en="Description (Thai)"),
    Field(
        "description_en", "longtext", label_th="รายละเอียด (อังกฤษ)", label_en="Description (English)"
    ),
)
_PLACE = (
    Field("lat", "lat", label_th="ละติจูด", label_en="Latitude", notes="WGS 84; with lon."),
    Field("lon", "lon", label_th="ลองจิจูด", label_en="Longitude", notes="WGS 84; with lat."),
    Field(
        "area_code",
        "code",
        label_th="รหัสพื้นที่",
        label_en="Area code",
        notes="DOPA province/district/subdistrict/village code. Without lat/lon the site is "
        "placed at the area's representative point and marked approximate.",
    ),
)
_CONTACT = (
    Field("contact", "text", label_th="ผู้ติดต่อ", label_en="Contact"),
    Field("phone", "phone", label_th="โทรศัพท์", label_en="Phone"),
    Field("website", "url", label_th="เว็บไซต์", label_en="Website", notes="http(s) only."),
)
_SOURCE = (
    Field(
        "source", "text", label_th="แหล่งข้อมูล", label_en="Source", notes="Default: the file name."
    ),
    Field("source_url", "url", label_th="ลิงก์แหล่งข้อมูล", label_en="Source link"),
    Field(
        "started_on",
        "date",
        label_th="วันที่เริ่ม",
        label_en="Started on",
        notes="Date; Buddhist-era years are converted.",
    ),
    Field("updated_on", "date", label_th="ข้อมูล ณ วันที่", label_en="Data as of"),
)
_MEMBERS = Field(
    "members", "int", minimum=1, maximum=1_000_000, label_th="จำนวนสมาชิก", label_en="Members"
)


def _category(kind: str) -> Field:
    return Field("category", "category", True, vocab=kind, label_th="ประเภท", label_en="Category")


#: Every import kind's columns, in file order.
FIELDS: dict[str, tuple[Field, ...]] = {
    "enterprise": (
        _ID,
        *_NAMES,
        _category("enterprise"),
        Field(
            "product_type",
            "category",
            True,
            vocab="product_type",
            label_th="ประเภทสินค้าหลัก",
            label_en="Main product type",
        ),
        Field(
            "value_chain_stage",
            "category",
            True,
            vocab="value_chain_stage",
            label_th="ตำแหน่งในห่วงโซ่คุณค่า",
            label_en="Value-chain stage",
        ),
        _MEMBERS,
        Field("registration_no", "text", label_th="เลขทะเบียน", label_en="Registration number"),
        *_DESCRIPTIONS,
        *_PLACE,
        *_CONTACT,
        *_SOURCE,
    ),
    "cultural_site": (
        _ID,
        *_NAMES,
        _category("cultural_site"),
        *_DESCRIPTIONS,
        *_PLACE,
        *_CONTACT,
        *_SOURCE,
    ),
    "cultural_product": (
        _ID,
        *_NAMES,
        _category("cultural_product"),
        Field(
            "enterprise_id",
            "ref",
            vocab="enterprise",
            label_th="ผู้ผลิต",
            label_en="Maker",
            notes="site_id of an enterprise already stored.",
        ),
        *_DESCRIPTIONS,
        *_PLACE,
        *_CONTACT,
        *_SOURCE,
    ),
    "market": (_ID, *_NAMES, _category("market"), *_DESCRIPTIONS, *_PLACE, *_CONTACT, *_SOURCE),
    "tourism_route": (
        _ID,
        *_NAMES,
        _category("tourism_route"),
        *_DESCRIPTIONS,
        Field(
            "stop_no",
            "int",
            True,
            minimum=1,
            maximum=200,
            label_th="ลำดับจุดแวะ",
            label_en="Stop number",
            notes="One row per stop; route columns repeat on every row.",
        ),
        Field("stop_name_th", "text", True, label_th="ชื่อจุดแวะ (ไทย)", label_en="Stop name (Thai)"),
        Field("stop_name_en", "text", label_th="ชื่อจุดแวะ (อังกฤษ)", label_en="Stop name (English)"),
        Field(
            "stop_site_id",
            "ref",
            vocab="any",
            label_th="รหัสสถานที่ของจุดแวะ",
            label_en="Site at the stop",
        ),
        *_PLACE,
        *_CONTACT,
        *_SOURCE,
    ),
    "innovation_community": (
        _ID,
        *_NAMES,
        _category("innovation_community"),
        _MEMBERS,
        *_DESCRIPTIONS,
        *_PLACE,
        *_CONTACT,
        *_SOURCE,
    ),
    "technology": (
        _ID,
        *_NAMES,
        _category("technology"),
        *_DESCRIPTIONS,
        Field(
            "causes",
            "tags",
            vocab="cause",
            label_th="สาเหตุที่แก้",
            label_en="Causes addressed",
            notes="Main-cause codes, separated by |.",
        ),
        Field(
            "indicators",
            "tags",
            vocab="indicator",
            label_th="ตัวชี้วัด จปฐ. ที่แก้",
            label_en="BMN indicators addressed",
            notes="bmn_01 ... bmn_17, separated by |.",
        ),
        Field(
            "capitals",
            "tags",
            vocab="capital",
            label_th="ทุนที่เสริม",
            label_en="Capitals strengthened",
            notes="human, physical, financial, natural, social, separated by |.",
        ),
        Field(
            "cost_baht",
            "float",
            minimum=0,
            maximum=1e9,
            label_th="ต้นทุนโดยประมาณ (บาท)",
            label_en="Approximate cost (baht)",
        ),
        Field(
            "readiness", "category", vocab="readiness", label_th="ความพร้อม", label_en="Readiness"
        ),
        Field("contact", "text", label_th="ผู้ติดต่อ", label_en="Contact"),
        Field("website", "url", label_th="เว็บไซต์", label_en="Website"),
        *_SOURCE,
    ),
    "product": (
        Field("product_id", "id", True, label_th="รหัสสินค้า", label_en="Product ID"),
        Field(
            "enterprise_id",
            "ref",
            True,
            vocab="enterprise",
            label_th="ผู้ผลิต",
            label_en="Maker",
            notes="site_id of an enterprise already stored.",
        ),
        *_NAMES,
        Field(
            "product_type",
            "category",
            True,
            vocab="product_type",
            label_th="ประเภทสินค้า",
            label_en="Product type",
        ),
        *_DESCRIPTIONS,
        Field(
            "price_baht",
            "float",
            minimum=0,
            maximum=10_000_000,
            label_th="ราคา (บาท)",
            label_en="Price (baht)",
        ),
        Field("unit_th", "text", label_th="หน่วย (ไทย)", label_en="Unit (Thai)"),
        Field("unit_en", "text", label_th="หน่วย (อังกฤษ)", label_en="Unit (English)"),
        Field("materials_th", "text", label_th="วัตถุดิบ (ไทย)", label_en="Materials (Thai)"),
        Field("materials_en", "text", label_th="วัตถุดิบ (อังกฤษ)", label_en="Materials (English)"),
        Field(
            "materials_area_code",
            "code",
            label_th="แหล่งวัตถุดิบ",
            label_en="Where materials come from",
        ),
        Field(
            "certifications",
            "tags",
            vocab="certification",
            label_th="มาตรฐานที่ได้รับ",
            label_en="Certifications",
        ),
        Field(
            "sold_at",
            "refs",
            vocab="market",
            label_th="จำหน่ายที่",
            label_en="Sold at",
            notes="site_ids of stored markets, separated by |.",
        ),
        Field("source", "text", label_th="แหล่งข้อมูล", label_en="Source"),
        Field("source_url", "url", label_th="ลิงก์แหล่งข้อมูล", label_en="Source link"),
        Field("updated_on", "date", label_th="ข้อมูล ณ วันที่", label_en="Data as of"),
    ),
    "adoption": (
        Field(
            "technology_id",
            "ref",
            True,
            vocab="technology",
            label_th="เทคโนโลยี",
            label_en="Technology",
        ),
        Field(
            "village_code",
            "code",
            True,
            minimum=8,
            label_th="รหัสหมู่บ้าน",
            label_en="Village code",
            notes="8 digits.",
        ),
        Field(
            "community_id",
            "ref",
            vocab="innovation_community",
            label_th="ชุมชนนวัตกรรม",
            label_en="Innovation community",
        ),
        Field(
            "households",
            "int",
            minimum=0,
            maximum=100_000,
            label_th="ครัวเรือนที่ใช้",
            label_en="Households using it",
        ),
        Field("adopted_on", "date", label_th="วันที่เริ่มใช้", label_en="Adopted on"),
        Field("source", "text", label_th="แหล่งข้อมูล", label_en="Source"),
    ),
}

INDICATOR_FIELDS: tuple[Field, ...] = (
    Field(
        "indicator",
        "slug",
        True,
        label_th="รหัสตัวชี้วัด",
        label_en="Indicator code",
        notes="a-z 0-9 _, e.g. green_area_sqm_pp.",
    ),
    Field(
        "indicator_name_th",
        "text",
        True,
        label_th="ชื่อตัวชี้วัด (ไทย)",
        label_en="Indicator name (Thai)",
    ),
    Field(
        "indicator_name_en", "text", label_th="ชื่อตัวชี้วัด (อังกฤษ)", label_en="Indicator name (English)"
    ),
    Field(
        "unit", "text", label_th="หน่วย", label_en="Unit", notes="In Thai, or language-neutral (%)."
    ),
    Field("unit_en", "text", label_th="หน่วย (อังกฤษ)", label_en="Unit (English)"),
    Field("higher_is_better", "bool", label_th="ค่ามากดีกว่า", label_en="Higher is better"),
    Field(
        "area_code",
        "code",
        label_th="รหัสพื้นที่",
        label_en="Area code",
        notes="Province, district or subdistrict; or give area_name.",
    ),
    Field(
        "area_name",
        "text",
        label_th="ชื่อพื้นที่",
        label_en="Area name",
        notes="Thai or English name, or an address; resolved to a DOPA code.",
    ),
    Field(
        "level",
        "level",
        label_th="ระดับพื้นที่",
        label_en="Area level",
        notes="province (default), district or subdistrict: how to read area_name.",
    ),
    Field(
        "province_name",
        "text",
        label_th="จังหวัด",
        label_en="Province",
        notes="Name as typed (กาฬสินธุ์, จ.กาฬสินธุ์, Kalasin); alone, or narrowing a district's name.",
    ),
    Field(
        "district_name",
        "text",
        label_th="อำเภอ",
        label_en="District",
        notes="Name as typed; narrows a subdistrict's name.",
    ),
    Field("subdistrict_name", "text", label_th="ตำบล", label_en="Subdistrict"),
    Field(
        "period",
        "year",
        True,
        label_th="ปีของข้อมูล",
        label_en="Year of the data",
        notes="Buddhist era (2566) or Christian era (2023).",
    ),
    Field("value", "float", True, label_th="ค่า", label_en="Value"),
    Field("source", "text", True, label_th="แหล่งข้อมูล", label_en="Source"),
    Field("source_url", "url", label_th="ลิงก์แหล่งข้อมูล", label_en="Source link"),
)


def markdown() -> str:
    """The site, product, adoption and indicator file formats as Markdown (for the docs)."""
    out = [
        "# Site, product and indicator files",
        "",
        "`povmap import sites FILE --kind KIND` (CSV in UTF-8 or Parquet, one row per record; a",
        "tourism route has one row per stop) and `povmap import indicators FILE`. All rows valid or",
        "nothing is stored; a replaced record keeps its previous version in history. Generated from",
        "`data/sites.py`.",
        "",
    ]
    for kind, fields in [*FIELDS.items(), ("indicators", INDICATOR_FIELDS)]:
        out += [
            f"## `{kind}`",
            "",
            "| column | type | required | Thai | English | notes |",
            "|---|---|---|---|---|---|",
        ]
        for f in fields:
            allowed = ""
            if f.kind in ("category", "tags") and f.vocab:
                allowed = " Allowed: " + ", ".join(f"`{c}`" for c in vocabulary(f.vocab)) + "."
            out.append(
                f"| `{f.name}` | {f.kind} | {'yes' if f.required else ''} | {f.label_th} | "
                f"{f.label_en} | {f.notes}{allowed} |"
            )
        out.append("")
    out += [
        "### Indicator files as people have them",
        "",
        "An indicator file's headers are matched like a household file's: the Thai and English",
        'synonyms of `data/tables/column_synonyms.csv` ("จังหวัด", "province", "รหัสจังหวัด",',
        '"ค่า", "value", "ปี", "แหล่งข้อมูล", ...), ignoring case, spaces and a trailing note',
        'in brackets. So a file of two columns, an area ("จังหวัด" with names as typed, or codes)',
        "and its values, imports: when no header names the value column, the only other column of",
        "numbers is taken. What the file leaves out (`indicator`, `indicator_name_th`, `unit`,",
        "`period`, `source`, `higher_is_better`) is asked for in the import form or given as",
        "options (`povmap import indicators FILE --indicator green_area --name-th ... --year 2566",
        '--source ... --higher-is-better`); a value header such as "พื้นที่สีเขียว (ตร.ม./คน)"',
        'suggests the name and unit, "2566" the year. The preview (and the command) shows how',
        "each header was read. Areas are ranked on the indicator (1 = best, by",
        "`higher_is_better`; ties share a rank).",
        "",
    ]
    return "\n".join(out)


# --- where things are -----------------------------------------------------------------------------


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


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in km; works on numbers and numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def nearby(frame: pd.DataFrame, lat: float, lon: float, radius_km: float) -> pd.DataFrame:
    """Rows of ``frame`` (with lat, lon) within ``radius_km`` of a point, nearest first.

    >>> f = pd.DataFrame({"site_id": ["a", "b"], "lat": [16.0, 17.0], "lon": [103.0, 103.0]})
    >>> nearby(f, 16.0, 103.05, 20)["site_id"].tolist()
    ['a']
    """
    located = frame.dropna(subset=["lat", "lon"])
    d = distance_km(lat, lon, located["lat"].to_numpy(float), located["lon"].to_numpy(float))
    out = located.assign(distance_km=d)
    return out[out["distance_km"] <= radius_km].sort_values(["distance_km", *out.columns[:1]])


# --- validation -------------------------------------------------------------------------------------

_MAX_TEXT = {"text": 300, "longtext": 4000, "phone": 40}


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


def _looks_like_id(text: str) -> bool:
    return any(
        national_id_checksum_ok(m)
        for m in re.findall(r"(?<!\d)\d{13}(?!\d)", re.sub(r"[\s-]", "", text))
    )


class _Checker:
    """Collects problems for one file; ``lines`` maps row positions to file lines."""

    def __init__(
        self, raw: pd.DataFrame, file_name: str, lines: np.ndarray | None, header_line: int
    ):
        self.raw = raw
        self.file = file_name
        self.lines = np.arange(len(raw)) + header_line + 1 if lines is None else np.asarray(lines)
        self.header_line = header_line
        self.problems: list[Problem] = []

    def header(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, self.header_line, column, "", reason))

    def add(self, mask, column: str, reason: str, values: pd.Series | None = None) -> None:
        mask = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        source = values if values is not None else self.raw.get(column)
        for i in np.flatnonzero(mask):
            value = "" if source is None else source.iloc[i]
            self.problems.append(
                Problem(self.file, int(self.lines[i]), column, safe_value(value), reason)
            )


def _clean(raw: pd.DataFrame, fields: tuple[Field, ...], check: _Checker) -> dict[str, pd.Series]:
    """Header checks, then each column stripped with empty cells as missing."""
    known = {f.name for f in fields}
    for extra in [c for c in raw.columns if c not in known]:
        check.header(str(extra), msg("site.unknown_column"))
    for f in fields:
        if f.required and f.name not in raw.columns:
            check.header(f.name, msg("validate.required_column"))
    out = {}
    for f in fields:
        if f.name in raw.columns:
            text = raw[f.name].astype("string").str.strip()
            out[f.name] = text.mask(text == "", pd.NA)
        else:
            out[f.name] = pd.Series(pd.NA, index=raw.index, dtype="string")
    return out


def _vocab_lookup(vocab: str) -> dict[str, str]:
    """Lower-cased code, Thai and English names -> code."""
    lookup = {}
    for code, term in vocabulary(vocab).items():
        for key in (code, term.name_th, term.name_en):
            lookup[key.strip().lower()] = code
    return lookup


def _parse(f: Field, text: pd.Series, check: _Checker) -> pd.Series:
    """Typed values of one column; bad cells become problems and missing values."""
    present = text.notna()
    if f.kind in ("int", "float", "lat", "lon"):
        number = pd.to_numeric(
            text.str.replace(",", "", regex=False).str.translate(THAI_DIGITS), errors="coerce"
        ).astype("Float64")
        bad = present & number.isna()
        check.add(bad, f.name, msg("validate.not_number"))
        lo, hi = f.minimum, f.maximum
        if f.kind == "lat":
            lo, hi = LAT_RANGE
        if f.kind == "lon":
            lo, hi = LON_RANGE
        out_of_range = pd.Series(False, index=text.index)
        if lo is not None:
            out_of_range |= (number < lo).fillna(False)
        if hi is not None:
            out_of_range |= (number > hi).fillna(False)
        code = "site.outside_thailand" if f.kind in ("lat", "lon") else "validate.outside"
        if lo is not None and hi is not None:
            check.add(out_of_range, f.name, msg(code, lo=f"{lo:g}", hi=f"{hi:g}"))
        bad |= out_of_range
        if f.kind == "int":
            frac = ((number % 1).fillna(0) != 0) & ~bad
            check.add(frac, f.name, msg("validate.not_whole_number"))
            bad |= frac
            return number.mask(bad).round().astype("Int64")
        return number.mask(bad)
    if f.kind == "bool":
        words = text.fillna("").map(yes_no)
        check.add(present & (words == "?"), f.name, msg("validate.not_bool"))
        out = pd.Series(pd.NA, index=text.index, dtype="boolean")
        out[words.map(lambda w: w is True).to_numpy(bool)] = True
        out[words.map(lambda w: w is False).to_numpy(bool)] = False
        return out
    if f.kind in ("date", "year"):
        fn = normalize_dates if f.kind == "date" else normalize_years
        values, issues = fn(text.fillna(""))
        bad = pd.Series(False, index=text.index)
        for idx, reason in issues:
            bad[idx] = True
            check.add(text.index == idx, f.name, reason)
        values = values.astype("string").mask(bad | ~present)
        if f.kind == "year":
            year = pd.to_numeric(values, errors="coerce").astype("Int64")
            wrong = present & ~bad & ~year.between(2400, 2700).fillna(False)
            check.add(wrong, f.name, msg("site.year_range"))
            return year.mask(wrong)
        return values
    if f.kind == "code":
        digits = text.str.translate(THAI_DIGITS)
        widths = (8,) if f.minimum == 8 else (2, 4, 6, 8)
        shape = digits.str.fullmatch(r"\d+").fillna(False) & digits.str.len().isin(widths)
        check.add(
            present & ~shape,
            f.name,
            msg("validate.code_width", width=8) if widths == (8,) else msg("site.code_width"),
        )
        known = pd.Series(
            [
                bool(v) and codes.is_valid_code(v, codes.LEVEL_BY_WIDTH[len(v)]) if s else False
                for v, s in zip(digits.fillna(""), shape, strict=True)
            ],
            index=text.index,
        )
        check.add(present & shape & ~known, f.name, msg("site.not_current_code"))
        return digits.mask(~(shape & known))
    if f.kind == "category":
        lookup = _vocab_lookup(f.vocab or "")
        mapped = text.str.lower().map(lambda v: lookup.get(v) if isinstance(v, str) else None)
        bad = present & mapped.isna()
        check.add(
            bad, f.name, msg("validate.not_one_of", allowed=", ".join(vocabulary(f.vocab or "")))
        )
        return mapped.astype("string").mask(bad)
    if f.kind == "tags":
        lookup = _vocab_lookup(f.vocab or "")
        out, bad = [], []
        for v in text:
            if v is pd.NA or v is None:
                out.append(pd.NA)
                bad.append(False)
                continue
            parts = [p.strip().lower() for p in re.split(r"[|,;]", str(v)) if p.strip()]
            mapped = [lookup.get(p) for p in parts]
            bad.append(any(m is None for m in mapped) or not parts)
            order = list(vocabulary(f.vocab or ""))
            out.append("|".join(sorted({m for m in mapped if m}, key=order.index)) or pd.NA)
        bad = pd.Series(bad, index=text.index)
        check.add(
            bad,
            f.name,
            msg("site.tags", allowed=", ".join(vocabulary(f.vocab or ""))),
        )
        return pd.Series(out, index=text.index, dtype="string").mask(bad)
    if f.kind in ("id", "ref"):
        bad = present & ~text.str.fullmatch(ID_RE).fillna(False)
        check.add(
            bad,
            f.name,
            msg("site.id"),
        )
        return text.mask(bad)
    if f.kind == "refs":
        parts = [
            [p.strip() for p in re.split(r"[|,;]", v) if p.strip()] if isinstance(v, str) else []
            for v in text
        ]
        bad = present & pd.Series(
            [not ps or not all(re.fullmatch(ID_RE, p) for p in ps) for ps in parts],
            index=text.index,
        )
        check.add(bad, f.name, msg("site.refs"))
        joined = ["|".join(dict.fromkeys(ps)) or pd.NA for ps in parts]
        return pd.Series(joined, index=text.index, dtype="string").mask(bad)
    if f.kind == "slug":
        bad = present & ~text.str.fullmatch(INDICATOR_RE).fillna(False)
        check.add(bad, f.name, msg("site.slug"))
        return text.mask(bad)
    if f.kind == "level":
        bad = present & ~text.str.lower().isin(["province", "district", "subdistrict"]).fillna(
            False
        )
        check.add(
            bad, f.name, msg("validate.not_one_of", allowed="province, district, subdistrict")
        )
        return text.str.lower().mask(bad)
    if f.kind == "url":
        bad = present & ~text.str.match(r"https?://[^\s<>\"']+$").fillna(False)
        check.add(bad, f.name, msg("site.url"))
        return text.mask(bad)
    # text, longtext, phone
    limit = _MAX_TEXT.get(f.kind, 300)
    long = present & (text.str.len() > limit).fillna(False)
    check.add(long, f.name, msg("site.too_long", limit=limit))
    ids = present & text.map(lambda v: _looks_like_id(v) if isinstance(v, str) else False).astype(
        bool
    )
    check.add(ids, f.name, msg("site.national_id"))
    bad = long | ids
    if f.kind == "phone":
        shape = present & ~bad & ~text.str.fullmatch(r"[0-9+()\-\s/,#]{3,40}").fillna(False)
        check.add(shape, f.name, msg("site.phone"))
        bad |= shape
    return text.mask(bad)


def _typed(raw: pd.DataFrame, fields: tuple[Field, ...], check: _Checker) -> pd.DataFrame:
    cleaned = _clean(raw, fields, check)
    typed = {}
    for f in fields:
        text = cleaned[f.name]
        typed[f.name] = _parse(f, text, check)
        if f.required and f.name in raw.columns:
            check.add(text.isna(), f.name, msg("validate.required_value"))
    return pd.DataFrame(typed, index=raw.index)


def _check_refs(
    t: pd.DataFrame,
    fields: tuple[Field, ...],
    check: _Checker,
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


def _locate(t: pd.DataFrame, check: _Checker, gazetteer: Gazetteer, required: bool) -> pd.DataFrame:
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


def _duplicates(t: pd.DataFrame, keys: list[str], check: _Checker, column: str) -> None:
    dup = t.duplicated(keys, keep="first") & t[keys].notna().all(axis=1)
    check.add(dup, column, msg("site.earlier"))


SITE_COLUMNS: tuple[str, ...] = (
    "site_id", "kind", "category", "name_th", "name_en", "description_th", "description_en",
    "area_code", "province_code", "district_code", "subdistrict_code", "village_code", "lat", "lon",
    "approximate", "product_type", "value_chain_stage", "members", "registration_no",
    "enterprise_id", "causes", "indicators", "capitals", "cost_baht", "readiness", "contact",
    "phone", "website", "source", "source_url", "started_on", "updated_on",
)  # fmt: skip
STOP_COLUMNS: tuple[str, ...] = (
    "route_id", "stop_no", "name_th", "name_en", "stop_site_id", "area_code", "province_code",
    "district_code", "subdistrict_code", "village_code", "lat", "lon", "approximate",
)  # fmt: skip
ROUTE_FIELDS = (
    "name_th",
    "name_en",
    "category",
    "description_th",
    "description_en",
    "contact",
    "phone",
    "website",
    "source",
    "source_url",
    "started_on",
    "updated_on",
)


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
    check = _Checker(raw, file_name, lines, header_line)
    t = _typed(raw, fields, check)
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


#: Name columns of an indicator file, larger areas first: each narrows the next (its level;
#: ``area_name`` is read at the row's ``level``).
_NAME_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("province_name", "province"),
    ("district_name", "district"),
    ("subdistrict_name", "subdistrict"),
    ("area_name", None),
)


def validate_indicators(
    frame: pd.DataFrame, file_name: str, lines: np.ndarray | None = None, header_line: int = 1
) -> SiteValidation:
    """Check an area-indicator file: each row one indicator value for one area and year.

    Areas are given by DOPA code or by Thai/English name (``area_name``, read at ``level``).
    """
    raw = frame.reset_index(drop=True)
    check = _Checker(raw, file_name, lines, header_line)
    t = _typed(raw, INDICATOR_FIELDS, check)
    if not len(raw):
        check.header("", msg("import.no_rows"))
    level = t["level"].fillna("province")
    resolved = []
    memo: dict[tuple[str, str, str | None], object] = {}
    for i, code in enumerate(t["area_code"]):
        found, parent, last = None, None, None
        for col, lv in _NAME_COLUMNS:
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
    neither = t["area_code"].isna() & t[[c for c, _ in _NAME_COLUMNS]].isna().all(axis=1)
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


# --- storing ----------------------------------------------------------------------------------------


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, keys: list[str], import_id: str
) -> store.LoadCounts:
    """:func:`store.upsert_with_history` of the rows of ``frame`` (inside the caller's transaction)."""
    name = f"incoming_{table}"
    con.register(name, frame)
    try:
        return store.upsert_with_history(con, name, table, keys, import_id)
    finally:
        con.unregister(name)


def _transaction(
    con: duckdb.DuckDBPyConnection, work: Callable[[], store.LoadCounts]
) -> store.LoadCounts:
    with store.transaction(con):
        return work()


def store_sites(
    con: duckdb.DuckDBPyConnection,
    validation: SiteValidation,
    kind: str,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> store.LoadCounts:
    """Store validated rows of one kind in one transaction (history kept for replaced records)."""
    if not validation.ok:
        raise ValueError("refusing to store a file with problems")
    frame = validation.frame.copy()
    frame["synthetic"] = synthetic
    frame["import_id"] = import_id
    rows = len(validation.stops) if validation.stops is not None else len(frame)

    def work() -> store.LoadCounts:
        if kind == "product":
            frame["record_hash"] = store.record_hash(frame)
            counts = _upsert(con, "products", frame, ["product_id"], import_id)
        elif kind == "adoption":
            frame["record_hash"] = store.record_hash(frame)
            counts = _upsert(
                con, "technology_adoptions", frame, ["technology_id", "village_code"], import_id
            )
        else:
            extra = None
            if validation.stops is not None:
                stops = validation.stops
                extra = frame["site_id"].map(
                    {
                        rid: g.drop(columns="route_id")
                        .astype("string")
                        .fillna("")
                        .to_csv(index=False)
                        for rid, g in stops.groupby("route_id")
                    }
                )
            frame["record_hash"] = store.record_hash(frame, extra)
            con.register("incoming_sites", frame)
            try:
                counts = store.upsert_with_history(
                    con,
                    "incoming_sites",
                    "sites",
                    ["site_id"],
                    import_id,
                    status_table="_site_status",
                )
            finally:
                con.unregister("incoming_sites")
            status = con.execute("SELECT site_id, status FROM _site_status").df()
            con.execute("DROP TABLE _site_status")
            if validation.stops is not None:
                changed = set(status.loc[status["status"] != "unchanged", "site_id"])
                stops = validation.stops[validation.stops["route_id"].isin(changed)].copy()
                stops["import_id"] = import_id
                con.register("incoming_stops", stops)
                try:
                    con.execute(
                        """INSERT INTO route_stop_history SELECT s.*, now()::TIMESTAMP, ? FROM route_stops s
                           WHERE route_id IN (SELECT DISTINCT route_id FROM incoming_stops)""",
                        [import_id],
                    )
                    con.execute(
                        "DELETE FROM route_stops WHERE route_id IN (SELECT DISTINCT route_id FROM incoming_stops)"
                    )
                    cols = [r[0] for r in con.execute("DESCRIBE route_stops").fetchall()]
                    con.execute(
                        f"INSERT INTO route_stops SELECT {', '.join(cols)} FROM incoming_stops"
                    )
                finally:
                    con.unregister("incoming_stops")
        store.record_import(
            con,
            import_id,
            f"sites:{kind}",
            file_name,
            file_sha256,
            rows,
            counts,
            synthetic=synthetic,
        )
        return counts

    return _transaction(con, work)


def store_indicators(
    con: duckdb.DuckDBPyConnection,
    validation: SiteValidation,
    *,
    import_id: str,
    file_name: str,
    file_sha256: str | None,
    synthetic: bool,
) -> store.LoadCounts:
    """Store validated indicator values and their definitions in one transaction."""
    if not validation.ok:
        raise ValueError("refusing to store a file with problems")
    frame = validation.frame.copy()
    frame["synthetic"] = synthetic
    frame["record_hash"] = store.record_hash(frame)
    frame["import_id"] = import_id
    definitions = validation.definitions.copy()
    definitions["import_id"] = import_id

    def work() -> store.LoadCounts:
        con.register("incoming_definitions", definitions)
        try:
            con.execute(
                """INSERT OR REPLACE INTO area_indicator_definitions
                   SELECT indicator, name_th, name_en, unit, unit_en, CAST(higher_is_better AS BOOLEAN),
                     import_id
                   FROM incoming_definitions"""
            )
        finally:
            con.unregister("incoming_definitions")
        counts = _upsert(
            con, "area_indicators", frame, ["indicator", "area_code", "period_be"], import_id
        )
        store.record_import(
            con,
            import_id,
            "indicators",
            file_name,
            file_sha256,
            len(frame),
            counts,
            synthetic=synthetic,
        )
        return counts

    return _transaction(con, work)


# --- importing files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteImportResult:
    import_id: str
    kind: str
    rows: int
    records: int
    counts: store.LoadCounts


def known_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every stored site ID with its kind."""
    return dict(con.execute("SELECT site_id, kind FROM sites").fetchall())


def read_site_table(
    path: Path, fields: Iterable[Field], known: Callable[[str], bool] | None = None
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """A CSV (UTF-8 or TIS-620), Excel or Parquet file as text: (rows, their file lines, header line).

    The header is the first of the top rows naming at least two of ``fields`` (or two headers
    ``known`` accepts; title rows above it are skipped), else the first row.

    Raises:
        ImportFailed: the file is missing, empty or not a table.
    """
    names = {f.name for f in fields}

    def recognised(cells: Iterable[object]) -> int:
        cells = [str(c).strip() for c in cells]
        return sum(1 for c in cells if c in names or (known is not None and known(c)))

    try:
        try:
            raw = read_any(path, header_row=1)
        except ReadError:
            raw = read_any(path)  # line 1 empty: let the reader find the first rows
        if recognised(raw.frame.columns) < 2:
            for i, row in enumerate(raw.frame.head(20).itertuples(index=False)):
                if recognised(row) >= 2:
                    raw = read_any(path, header_row=int(raw.line_numbers[i]))
                    break
        if known is not None and len(raw.frame.columns) == 1:
            # a title line without delimiters above the header: let the reader find the table
            found = read_any(path)
            if len(found.frame.columns) > 1:
                raw = found
    except ReadError as exc:
        raise ImportFailed(str(exc), [exc.problem()], None) from None
    frame = raw.frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, np.asarray(raw.line_numbers), int(raw.header_row)


def _reject(problems: list[Problem], report_dir: Path, import_id: str, name: str, rows: int):
    report = write_report(problems, report_dir / f"import-{import_id}-rejected.csv")
    return ImportFailed(summarise(problems, name, rows), problems, report)


def import_sites(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    *,
    report_dir: Path,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda _step: None,
) -> SiteImportResult:
    """Validate a site (or product, adoption) file of ``kind`` and store it, or raise ImportFailed.

    Nothing is written when any row is invalid; the report CSV lists every problem.
    """
    if kind not in FIELDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(IMPORT_KINDS)}")
    progress("read")
    frame, lines, header = read_site_table(Path(path), FIELDS[kind])
    progress("validate")
    villages = con.execute("SELECT village_code, lat, lon FROM villages").df()
    result = validate_sites(
        frame,
        Path(path).name,
        kind,
        gazetteer=Gazetteer.load(cache_dir, villages),
        known=known_ids(con),
        lines=lines,
        header_line=header,
    )
    import_id = uuid.uuid4().hex[:12]
    if result.problems:
        raise _reject(result.problems, report_dir, import_id, Path(path).name, len(frame))
    progress("store")
    counts = store_sites(
        con,
        result,
        kind,
        import_id=import_id,
        file_name=Path(path).name,
        file_sha256=file_sha256(Path(path)),
        synthetic=False,
    )
    return SiteImportResult(import_id, kind, len(frame), len(result.frame), counts)


# --- area-indicator files as people have them ---------------------------------------------------

#: What an indicator file's headers may map to (``data.normalize.map_columns``, kind
#: "indicators"): the indicator columns, and the household file's area codes and survey year,
#: which bring their Thai and English synonyms (data/tables/column_synonyms.csv) along.
INDICATOR_TARGETS: tuple[str, ...] = (
    *(f.name for f in INDICATOR_FIELDS),
    "province_code",
    "district_code",
    "subdistrict_code",
    "round_be",
)
register_targets("indicators", INDICATOR_TARGETS)


@dataclass(frozen=True)
class IndicatorMeta:
    """What an indicator file may leave out: asked for in the import form, or CLI options.

    Each fills the column of that name when the file has none (the file's own column wins).
    ``period`` is a year, Buddhist or Christian era; ``higher_is_better`` the direction.
    """

    indicator: str | None = None
    name_th: str | None = None
    name_en: str | None = None
    unit: str | None = None
    unit_en: str | None = None
    period: str | None = None
    source: str | None = None
    source_url: str | None = None
    higher_is_better: bool | None = None


#: IndicatorMeta field -> the file column it fills
META_COLUMNS: dict[str, str] = {
    "indicator": "indicator",
    "name_th": "indicator_name_th",
    "name_en": "indicator_name_en",
    "unit": "unit",
    "unit_en": "unit_en",
    "period": "period",
    "source": "source",
    "source_url": "source_url",
    "higher_is_better": "higher_is_better",
}
#: The metadata an import cannot do without (the others are optional).
META_REQUIRED: tuple[str, ...] = ("indicator", "name_th", "period", "source")
_CODE_COLUMNS = ("subdistrict_code", "district_code", "province_code")
_NOTE = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<note>[^()\[\]]*)[)\]]\s*$")


def _indicator_header(header: str) -> bool:
    """Does this header name an indicator-file column (a synonym, as the household import reads)?"""
    return header_lookup(header, synonyms("indicators"))[0]


def _mostly_numbers(values: pd.Series) -> bool:
    """Nine in ten of the non-empty cells read as numbers (commas and Thai digits allowed)."""
    text = values.astype("string").str.strip()
    text = text[text.notna() & (text != "")]
    if not len(text):
        return False
    number = pd.to_numeric(
        text.str.replace(",", "", regex=False).str.translate(THAI_DIGITS), errors="coerce"
    )
    return bool(number.notna().mean() >= 0.9)


def suggest_code(*texts: str | None) -> str | None:
    """An indicator code from the first text with Latin letters ("Green area (m²)" → green_area).

    >>> suggest_code("พื้นที่สีเขียว", "Green area per person (m²)")
    'green_area_per_person'
    >>> suggest_code("ค่า") is None
    True
    """
    for text in texts:
        if not text:
            continue
        plain = _NOTE.sub(r"\g<name>", str(text)).lower()
        code = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:60].strip("_")
        if re.fullmatch(INDICATOR_RE, code):
            return code
    return None


def header_hints(header: str | None) -> IndicatorMeta:
    """What a value column's header tells: a year ("2566", "พ.ศ. 2566"), or a name with its unit
    in brackets ("พื้นที่สีเขียว (ตร.ม./คน)").

    >>> header_hints("พื้นที่สีเขียว (ตร.ม./คน)")
    IndicatorMeta(indicator=None, name_th='พื้นที่สีเขียว', name_en=None, unit='ตร.ม./คน', unit_en=None, period=None, source=None, source_url=None, higher_is_better=None)
    >>> header_hints("2023").period
    '2566'
    """
    text = clean_text(header or "")
    if not text or column_key(text) in synonyms("indicators"):
        return IndicatorMeta()
    years, issues = normalize_years(pd.Series([text]))
    if not issues and re.fullmatch(r"\d{4}", str(years.iloc[0])):
        return IndicatorMeta(period=str(years.iloc[0]))
    m = _NOTE.match(text)
    name, unit = (m["name"].strip(), m["note"].strip() or None) if m else (text, None)
    if re.search(r"[\u0e00-\u0e7f]", name):
        return IndicatorMeta(name_th=name, unit=unit)
    return IndicatorMeta(indicator=suggest_code(name), name_en=name, unit=unit)


@dataclass
class IndicatorFile:
    """An area-indicator file read and its headers mapped: what the import preview shows.

    ``frame`` holds every row as text under canonical column names; ``headers`` says which of
    the file's headers each came from; ``columns`` is the household import's column report
    (mapped, unknown, doubled); ``numbers`` lists the unmapped headers whose cells are numbers
    (the choices for the value column); ``hints`` what the value header suggests.
    """

    file_name: str
    frame: pd.DataFrame
    lines: np.ndarray
    header_line: int
    columns: normalize.ColumnReport
    headers: dict[str, str]
    numbers: list[str]
    hints: IndicatorMeta

    @property
    def needs(self) -> tuple[str, ...]:
        """The IndicatorMeta fields the file does not give (the form asks for these)."""
        return tuple(k for k, col in META_COLUMNS.items() if col not in self.frame.columns)

    @property
    def has_area(self) -> bool:
        return any(c in self.frame.columns for c in ("area_code", *(n for n, _ in _NAME_COLUMNS)))

    def problems(self) -> list[Problem]:
        """What stops the import before any row is read: doubled columns, no area or value."""
        out = self.columns.problems(self.file_name, self.header_line)
        if not self.has_area:
            out.append(
                Problem(
                    self.file_name,
                    self.header_line,
                    "area_code",
                    "",
                    msg("validate.required_column"),
                )
            )
        if "value" not in self.frame.columns:
            out.append(
                Problem(
                    self.file_name, self.header_line, "value", "", msg("validate.required_column")
                )
            )
        return out


def map_indicator_columns(
    frame: pd.DataFrame,
    file_name: str,
    lines: np.ndarray,
    header_line: int,
    *,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
) -> IndicatorFile:
    """Map an indicator file's headers as the household import does (``normalize.map_columns``).

    ``mapping`` is a user mapping ``{their header: column}``; ``value_column`` names the
    header holding the values. Without either, and when no header is a synonym of ``value``,
    the only unmapped column of numbers is the value column. Province, district and
    subdistrict codes become ``area_code`` (the finest given), a survey year ``period``.
    """
    user = dict(load_user_mapping(mapping))
    numbers = [
        str(h)
        for i, h in enumerate(frame.columns)
        if not _indicator_header(str(h))
        and column_key(h) not in user
        and _mostly_numbers(frame.iloc[:, i])
    ]
    derived = None
    if value_column:
        user[column_key(value_column)] = "value"
    elif (
        len(numbers) == 1
        and "value" not in user.values()
        and not any(
            header_lookup(str(h), synonyms("indicators"))[1] == "value" for h in frame.columns
        )
    ):
        user[column_key(numbers[0])] = "value"
        derived = ("value", f"'{numbers[0]}' (the only other column of numbers)")
    mapped, report = normalize.map_columns(frame, user, kind="indicators")
    if derived:
        report.derived.append(derived)
    headers = {target: shown for shown, target in report.mapped}
    mapped = mapped.copy()
    if "round_be" in mapped.columns:
        if "period" in mapped.columns:
            report.duplicates["period"] = [headers["period"], headers["round_be"]]
        else:
            mapped["period"] = mapped["round_be"]
            headers["period"] = headers["round_be"]
        mapped = mapped.drop(columns="round_be")
    given = [c for c in _CODE_COLUMNS if c in mapped.columns]
    if given and "area_code" not in mapped.columns:
        mapped["area_code"] = mapped[given[0]]
        headers["area_code"] = headers[given[0]]
    mapped = mapped.drop(columns=given)
    value_header = headers.get("value")
    return IndicatorFile(
        file_name,
        mapped,
        np.asarray(lines),
        header_line,
        report,
        headers,
        [n for n in numbers if n != value_header],
        header_hints(value_header),
    )


def read_indicator_file(
    path: Path,
    *,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
) -> IndicatorFile:
    """Read an area-indicator file and map its headers (:func:`map_indicator_columns`).

    Raises:
        ImportFailed: the file is missing, empty or not a table.
    """
    try:
        frame, lines, header = read_site_table(Path(path), INDICATOR_FIELDS, _indicator_header)
    except ReadError as exc:  # pragma: no cover - read_site_table raises ImportFailed
        raise ImportFailed(str(exc), [exc.problem()], None) from None
    return map_indicator_columns(
        frame, Path(path).name, lines, header, mapping=mapping, value_column=value_column
    )


def default_code(name_th: str | None, name_en: str | None) -> str | None:
    """An indicator code when none is given: from the English name, else a stable one from the
    Thai name (the same name gives the same code, so a re-import updates it).

    >>> default_code("พื้นที่สีเขียว", None)
    'ind_3473976d'
    """
    code = suggest_code(name_en)
    if code or not name_th:
        return code
    return "ind_" + hashlib.sha1(str(name_th).strip().encode()).hexdigest()[:8]


def effective_meta(file: IndicatorFile, meta: IndicatorMeta | None) -> IndicatorMeta:
    """``meta``, with what it leaves empty taken from the value header's hints, the English name
    for a missing Thai one, and a code made from the names when neither the file nor ``meta``
    gives one."""
    given = meta or IndicatorMeta()
    values = {}
    for name in META_COLUMNS:
        value = getattr(given, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            value = getattr(file.hints, name)
        values[name] = value
    if not values["name_th"] and "indicator_name_th" not in file.frame.columns:
        values["name_th"] = values["name_en"]  # an English-only file: its name stands in
    if not values["indicator"] and "indicator" not in file.frame.columns:
        values["indicator"] = default_code(values["name_th"], values["name_en"])
    return IndicatorMeta(**values)


def with_meta(file: IndicatorFile, meta: IndicatorMeta | None) -> pd.DataFrame:
    """The file's rows with the columns it lacks filled from :func:`effective_meta`."""
    out = file.frame.copy()
    meta = effective_meta(file, meta)
    for name, column in META_COLUMNS.items():
        value = getattr(meta, name)
        if column in out.columns or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[column] = str(value).strip()
    return out


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


def import_indicators(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    report_dir: Path,
    meta: IndicatorMeta | None = None,
    mapping: Mapping[str, str | None] | str | Path | None = None,
    value_column: str | None = None,
    progress: Callable[[str], None] = lambda _step: None,
) -> SiteImportResult:
    """Validate an area-indicator file and store it, or raise ImportFailed (nothing written).

    Headers map as in :func:`map_indicator_columns`; ``meta`` gives what the file leaves out.
    """
    progress("read")
    file = read_indicator_file(Path(path), mapping=mapping, value_column=value_column)
    progress("validate")
    result = validate_indicator_file(file, meta)
    import_id = uuid.uuid4().hex[:12]
    if result.problems:
        raise _reject(result.problems, report_dir, import_id, Path(path).name, len(file.frame))
    progress("store")
    counts = store_indicators(
        con,
        result,
        import_id=import_id,
        file_name=Path(path).name,
        file_sha256=file_sha256(Path(path)),
        synthetic=False,
    )
    return SiteImportResult(import_id, "indicators", len(file.frame), len(result.frame), counts)


# --- reading ----------------------------------------------------------------------------------------

_SITE_SELECT = ", ".join(SITE_COLUMNS) + ", synthetic"


def _area_clause(
    area: str | None,
    column: str = "coalesce(village_code, subdistrict_code, district_code, province_code)",
) -> tuple[str, list]:
    if not area:
        return "", []
    if not (area.isdigit() and len(area) in codes.LEVEL_BY_WIDTH):
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits")
    return f" AND starts_with({column}, ?)", [area]


def sites_frame(
    con: duckdb.DuckDBPyConnection,
    kinds: Iterable[str] | None = None,
    *,
    area: str | None = None,
) -> pd.DataFrame:
    """Stored sites (of ``kinds``; inside ``area`` when given), ordered by kind and Thai name.

    A site counts as inside an area when its most precise known code starts with the area code.
    """
    kinds = list(kinds) if kinds is not None else list(SITE_KINDS)
    where, params = _area_clause(area)
    return con.execute(
        f"""SELECT {_SITE_SELECT} FROM sites WHERE list_contains(?, kind){where}
            ORDER BY kind, name_th, site_id""",
        [kinds, *params],
    ).df()


def site(con: duckdb.DuckDBPyConnection, site_id: str) -> dict | None:
    """One site as a dict (None if unknown)."""
    frame = con.execute(f"SELECT {_SITE_SELECT} FROM sites WHERE site_id = ?", [site_id]).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def route_stops(
    con: duckdb.DuckDBPyConnection, route_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Stops of tourism routes in order (of ``route_ids`` when given)."""
    cols = ", ".join(STOP_COLUMNS)
    if route_ids is None:
        return con.execute(f"SELECT {cols} FROM route_stops ORDER BY route_id, stop_no").df()
    return con.execute(
        f"SELECT {cols} FROM route_stops WHERE list_contains(?, route_id) ORDER BY route_id, stop_no",
        [list(route_ids)],
    ).df()


_PRODUCT_SELECT = """
  p.product_id, p.enterprise_id, p.name_th, p.name_en, p.product_type, p.description_th,
  p.description_en, p.price_baht, p.unit_th, p.unit_en, p.materials_th, p.materials_en,
  p.materials_area_code, p.certifications, p.sold_at, p.source, p.source_url, p.updated_on,
  p.synthetic, e.name_th AS enterprise_name_th, e.name_en AS enterprise_name_en,
  e.category AS enterprise_category, e.value_chain_stage, e.contact, e.phone, e.website,
  e.province_code, e.district_code, e.subdistrict_code, e.village_code, e.lat, e.lon,
  e.approximate"""


def products_frame(
    con: duckdb.DuckDBPyConnection,
    *,
    enterprise_id: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """Products with their enterprise's name, stage, contact and place."""
    where, params = _area_clause(
        area, "coalesce(e.village_code, e.subdistrict_code, e.district_code, e.province_code)"
    )
    if enterprise_id:
        where += " AND p.enterprise_id = ?"
        params.append(enterprise_id)
    return con.execute(
        f"""SELECT {_PRODUCT_SELECT} FROM products p LEFT JOIN sites e ON e.site_id = p.enterprise_id
            WHERE true{where} ORDER BY p.enterprise_id, p.name_th, p.product_id""",
        params,
    ).df()


def product(con: duckdb.DuckDBPyConnection, product_id: str) -> dict | None:
    """One product with its enterprise (None if unknown)."""
    frame = con.execute(
        f"SELECT {_PRODUCT_SELECT} FROM products p LEFT JOIN sites e ON e.site_id = p.enterprise_id WHERE p.product_id = ?",
        [product_id],
    ).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def adoptions_frame(
    con: duckdb.DuckDBPyConnection, *, village_code: str | None = None, area: str | None = None
) -> pd.DataFrame:
    """Technology adoptions with the technology's names and the community's name."""
    where, params = _area_clause(area, "a.village_code")
    if village_code:
        where += " AND a.village_code = ?"
        params.append(village_code)
    return con.execute(
        f"""SELECT a.technology_id, t.name_th, t.name_en, t.category, t.causes, a.village_code,
              a.community_id, c.name_th AS community_name_th, c.name_en AS community_name_en,
              a.households, a.adopted_on, a.source, a.synthetic
            FROM technology_adoptions a
            LEFT JOIN sites t ON t.site_id = a.technology_id
            LEFT JOIN sites c ON c.site_id = a.community_id
            WHERE true{where} ORDER BY a.village_code, t.name_th""",
        params,
    ).df()


def indicator_definitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Livable-city indicators with names, unit, direction, levels and years available."""
    return con.execute(
        """SELECT d.indicator, d.name_th, d.name_en, d.unit, d.unit_en, d.higher_is_better,
             list_sort(list(DISTINCT v.level)) AS levels,
             list_sort(list(DISTINCT v.period_be)) AS periods, count(v.value) AS areas
           FROM area_indicator_definitions d LEFT JOIN area_indicators v USING (indicator)
           GROUP BY ALL ORDER BY d.indicator"""
    ).df()


def indicator_values(
    con: duckdb.DuckDBPyConnection,
    indicator: str | None = None,
    *,
    level: str | None = None,
    area: str | None = None,
    latest: bool = True,
) -> pd.DataFrame:
    """Indicator values (latest year per area when ``latest``) with source and vintage, and
    ``rank``: each area's rank among the rows returned of its indicator, level and (unless
    ``latest``) year, 1 = best by the indicator's direction (:func:`area_ranks`)."""
    clauses, params = ["true"], []
    if indicator:
        clauses.append("indicator = ?")
        params.append(indicator)
    if level:
        clauses.append("level = ?")
        params.append(level)
    where, extra = _area_clause(area, "area_code")
    sql = f"SELECT * EXCLUDE (record_hash, import_id) FROM area_indicators WHERE {' AND '.join(clauses)}{where}"
    if latest:
        sql += " QUALIFY row_number() OVER (PARTITION BY indicator, area_code ORDER BY period_be DESC) = 1"
    out = con.execute(sql + " ORDER BY indicator, area_code, period_be", [*params, *extra]).df()
    direction = dict(
        con.execute("SELECT indicator, higher_is_better FROM area_indicator_definitions").fetchall()
    )
    groups = ["indicator", "level"] if latest else ["indicator", "level", "period_be"]
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    for key, rows in out.groupby(groups, sort=False):
        out.loc[rows.index, "rank"] = area_ranks(rows["value"], direction.get(key[0]))
    return out


def area_ranks(values: pd.Series, higher_is_better: object) -> pd.Series:
    """Rank of each area on an indicator: 1 = best; ties share the best rank (1, 2, 2, 4).

    No rank without a value, or when the direction is not known.

    >>> area_ranks(pd.Series([3.0, 9.0, 3.0, None]), False).tolist()
    [1, 3, 1, <NA>]
    """
    known = higher_is_better is not None and higher_is_better is not pd.NA
    if not known or (isinstance(higher_is_better, float) and np.isnan(higher_is_better)):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ranks = pd.to_numeric(values, errors="coerce").rank(
        method="min", ascending=not bool(higher_is_better)
    )
    return ranks.round().astype("Int64")


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any stored site, product, adoption or indicator came from the demo generator."""
    row = con.execute(
        """SELECT bool_or(synthetic) FROM imports
           WHERE kind LIKE 'sites:%' OR kind = 'indicators'"""
    ).fetchone()
    return bool(row[0])


def counts(con: duckdb.DuckDBPyConnection, area: str | None = None) -> dict[str, int]:
    """Number of stored records per site kind (inside ``area``), plus products."""
    where, params = _area_clause(area)
    out = dict.fromkeys(SITE_KINDS, 0)
    out.update(
        dict(
            con.execute(
                f"SELECT kind, count(*) FROM sites WHERE true{where} GROUP BY kind", params
            ).fetchall()
        )
    )
    if area:
        out["technology"] = con.execute(
            "SELECT count(*) FROM sites WHERE kind = 'technology'"
        ).fetchone()[0]
    out["product"] = len(products_frame(con, area=area))
    return out


# --- digital product labels -------------------------------------------------------------------------


def label_url(base_url: str, product_id: str, lang: str | None = None) -> str:
    """The public address of a product's digital label page (what its QR code opens)."""
    url = f"{base_url.rstrip('/')}/product?product={quote(product_id, safe='')}"
    return url + (f"&lang={lang}" if lang in ("th", "en") else "")


def qr_png(url: str, scale: int = 8, border: int = 4) -> bytes:
    """A QR code (error correction M) for ``url`` as PNG bytes."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def qr_svg(url: str, scale: int = 8, border: int = 4) -> bytes:
    """The same QR code as SVG bytes (scales for print without blur)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=border, xmldecl=True, svgns=True, title=url
    )
    return out.getvalue()


def today_be() -> int:
    """This year in the Buddhist era."""
    return dt.date.today().year + 543
