"""The site files' model: kinds of site, their vocabularies and every column of every file.

Step one of the site import (:mod:`data.sites`). One site model serves every kind of place (and
the technology library, whose entries are not places). ``FIELDS`` is the single source of truth
of each kind's file format, and :func:`markdown` writes it out for the docs
(docs/sites-format.md). Vocabularies (categories, product types, value-chain stages,
certifications, readiness, causes, indicators, capitals) come from data/tables/.

Example:
    >>> vocabulary("value_chain_stage")["upstream"].name_en
    'Upstream (raw materials)'
    >>> term_name("product_type", None, "en")
    ''
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.schema import table

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


#: The stored columns of a site (table ``sites``) and of a tourism route's stop (``route_stops``).
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
#: Columns every row of one tourism route must repeat alike.
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

#: Name columns of an indicator file, larger areas first: each narrows the next (its level;
#: ``area_name`` is read at the row's ``level``).
NAME_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("province_name", "province"),
    ("district_name", "district"),
    ("subdistrict_name", "subdistrict"),
    ("area_name", None),
)


def markdown() -> str:
    """The site, product, adoption and indicator file formats as Markdown (for the docs)."""
    out = [
        "# Site, product and indicator files",
        "",
        "`povmap import sites FILE --kind KIND` (CSV in UTF-8 or Parquet, one row per record; a",
        "tourism route has one row per stop) and `povmap import indicators FILE`. All rows valid or",
        "nothing is stored; a replaced record keeps its previous version in history. Generated from",
        "`data/sites/schema.py`.",
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
