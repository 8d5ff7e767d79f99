"""The canonical household and member file: every column with type, unit, allowed values and labels.

This table is the single source of truth for validation (``data.validate``), the DuckDB schema
(``data.store``), the synthetic generator and ``docs/data-format.md`` (generated from it by
``povmap schema --markdown``; a test keeps the two equal).

Example:
    >>> HOUSEHOLD_COLUMNS["income_per_person_year"].unit
    'baht/person/year'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Literal

Kind = Literal["str", "code", "int", "float", "bool", "category", "pass_fail", "national_id"]


@dataclass(frozen=True)
class Column:
    """One column of a canonical file."""

    name: str
    kind: Kind
    label_th: str
    label_en: str
    required: bool = True
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] = ()
    code_level: str | None = None  # for kind == "code": province/district/subdistrict/village
    capital: str | None = None  # which livelihood capital the column feeds
    notes: str = ""
    sql_type: str = field(default="", compare=False)

    def duckdb_type(self) -> str:
        return {
            "str": "VARCHAR",
            "code": "VARCHAR",
            "int": "INTEGER",
            "float": "DOUBLE",
            "bool": "BOOLEAN",
            "category": "VARCHAR",
            "pass_fail": "TINYINT",
            "national_id": "VARCHAR",
        }[self.kind]


@cache
def table(name: str) -> list[dict[str, str]]:
    """Rows of a reference table shipped in ``data/tables/`` (indicators, causes, capitals)."""
    text = files("data").joinpath(f"tables/{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def bmn_indicators() -> list[dict[str, str]]:
    """The 17 TPMAP/BMN indicators (DOMAIN.md §2.3) with dimension and Thai/English labels."""
    return table("bmn_indicators")


def cause_codes() -> tuple[str, ...]:
    """Codes of the main causes of hardship (DOMAIN.md §3.2/§3.6)."""
    return tuple(r["code"] for r in table("causes"))


BMN_CODES: tuple[str, ...] = tuple(f"bmn_{i:02d}" for i in range(1, 18))
CAPITALS: tuple[str, ...] = ("human", "physical", "financial", "natural", "social")
EDUCATION_LEVELS = (
    "none",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "vocational",
    "tertiary",
)
OCCUPATIONS = (
    "farmer",
    "labourer",
    "trader",
    "employee",
    "civil_servant",
    "self_employed",
    "student",
    "unemployed",
    "not_working",
)
LAND_TENURE = ("own", "rent", "public", "none")

# Thailand's bounding box with a margin: a GPS point outside it is a typo, not a location.
LAT_RANGE = (5.4, 20.6)
LON_RANGE = (97.2, 105.8)


def _bmn_columns() -> list[Column]:
    return [
        Column(
            r["code"],
            "pass_fail",
            r["name_th"],
            r["name_en"],
            required=False,
            allowed=("1", "0", ""),
            notes=f"1 = passes, 0 = fails (deprived: {r['deprived_when_en']}), empty = not "
            f"applicable. Applies to {r['applies_to']}. TPMAP dimension: {r['dimension_en']}.",
        )
        for r in bmn_indicators()
    ]


HOUSEHOLD_COLUMN_LIST: tuple[Column, ...] = (
    Column(
        "hh_id",
        "str",
        "รหัสครัวเรือน",
        "Household ID",
        notes="Stable across rounds; 1-40 characters A-Z a-z 0-9 _ -. Not a national ID.",
    ),
    Column(
        "round_be",
        "int",
        "รอบสำรวจ (พ.ศ.)",
        "Survey round (Buddhist era)",
        unit="year BE",
        minimum=2550,
        maximum=2600,
    ),
    Column(
        "province_code",
        "code",
        "รหัสจังหวัด",
        "Province code",
        code_level="province",
        notes="DOPA, 2 digits.",
    ),
    Column(
        "district_code",
        "code",
        "รหัสอำเภอ",
        "District code",
        code_level="district",
        notes="DOPA, 4 digits, starts with the province code.",
    ),
    Column(
        "subdistrict_code",
        "code",
        "รหัสตำบล",
        "Subdistrict code",
        code_level="subdistrict",
        notes="DOPA, 6 digits, starts with the district code; must be a current DOPA code.",
    ),
    Column(
        "village_code",
        "code",
        "รหัสหมู่บ้าน",
        "Village code",
        code_level="village",
        notes="DOPA, 8 digits: subdistrict code + 2-digit village number.",
    ),
    Column(
        "village_no",
        "int",
        "หมู่ที่",
        "Village number",
        minimum=1,
        maximum=99,
        notes="Must equal the last two digits of village_code.",
    ),
    Column(
        "lat",
        "float",
        "ละติจูด",
        "Latitude",
        required=False,
        unit="degrees WGS 84",
        minimum=LAT_RANGE[0],
        maximum=LAT_RANGE[1],
        notes="Optional GPS point of the house.",
    ),
    Column(
        "lon",
        "float",
        "ลองจิจูด",
        "Longitude",
        required=False,
        unit="degrees WGS 84",
        minimum=LON_RANGE[0],
        maximum=LON_RANGE[1],
        notes="Optional; given together with lat.",
    ),
    Column(
        "members", "int", "จำนวนสมาชิก", "Household members", unit="persons", minimum=1, maximum=40
    ),
    Column(
        "members_under_15",
        "int",
        "สมาชิกอายุต่ำกว่า 15 ปี",
        "Members under 15",
        unit="persons",
        minimum=0,
        maximum=40,
    ),
    Column(
        "members_60_plus",
        "int",
        "สมาชิกอายุ 60 ปีขึ้นไป",
        "Members aged 60+",
        unit="persons",
        minimum=0,
        maximum=40,
    ),
    Column(
        "members_disabled",
        "int",
        "สมาชิกที่พิการ",
        "Members with a disability",
        unit="persons",
        minimum=0,
        maximum=40,
    ),
    Column(
        "income_per_person_year",
        "float",
        "รายได้เฉลี่ยต่อคนต่อปี",
        "Income per person per year",
        unit="baht/person/year",
        minimum=0,
        maximum=10_000_000,
        capital="financial",
    ),
    Column(
        "welfare_card",
        "bool",
        "ถือบัตรสวัสดิการแห่งรัฐ",
        "Holds a state welfare card",
        notes="true/false.",
    ),
    Column(
        "head_national_id",
        "national_id",
        "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
        "National ID of the household head",
        required=False,
        notes="Optional. 13 digits with a valid check digit. Never stored: replaced on import "
        "by a keyed hash (head_id_hash).",
    ),
    *_bmn_columns(),
    # Human capital
    Column(
        "hc_max_education_years",
        "int",
        "จำนวนปีการศึกษาสูงสุดของสมาชิก",
        "Most years of schooling of any member",
        unit="years",
        minimum=0,
        maximum=25,
        capital="human",
    ),
    Column(
        "hc_earners",
        "int",
        "สมาชิกวัยแรงงานที่มีรายได้",
        "Working-age members with income",
        unit="persons",
        minimum=0,
        maximum=40,
        capital="human",
    ),
    Column(
        "hc_chronic_ill",
        "int",
        "สมาชิกที่ป่วยเรื้อรัง",
        "Members with a chronic illness",
        unit="persons",
        minimum=0,
        maximum=40,
        capital="human",
    ),
    Column(
        "hc_vocational_skill",
        "bool",
        "มีทักษะอาชีพ",
        "A member has a vocational skill",
        capital="human",
    ),
    # Physical capital
    Column(
        "pc_housing_condition",
        "int",
        "สภาพที่อยู่อาศัย",
        "Housing condition",
        minimum=1,
        maximum=4,
        capital="physical",
        notes="1 makeshift, 2 poor/insecure, 3 fair, 4 durable and secure.",
    ),
    Column(
        "pc_drinking_water_lpd",
        "float",
        "น้ำดื่มต่อคนต่อวัน",
        "Drinking water per person per day",
        unit="litres/person/day",
        minimum=0,
        maximum=1000,
        capital="physical",
    ),
    Column("pc_electricity", "bool", "มีไฟฟ้าใช้", "Has electricity", capital="physical"),
    Column(
        "pc_productive_assets",
        "int",
        "เครื่องมือ/ยานพาหนะประกอบอาชีพ",
        "Productive tools and vehicles",
        unit="items",
        minimum=0,
        maximum=100,
        capital="physical",
    ),
    Column(
        "pc_travel_minutes",
        "float",
        "เวลาเดินทางถึงบริการรัฐ",
        "Travel time to public services",
        unit="minutes",
        minimum=0,
        maximum=1440,
        capital="physical",
    ),
    # Financial capital
    Column(
        "fc_savings_baht",
        "float",
        "เงินออม",
        "Savings",
        unit="baht",
        minimum=0,
        maximum=100_000_000,
        capital="financial",
    ),
    Column(
        "fc_debt_baht",
        "float",
        "หนี้สิน",
        "Debt",
        unit="baht",
        minimum=0,
        maximum=100_000_000,
        capital="financial",
    ),
    Column("fc_informal_debt", "bool", "มีหนี้นอกระบบ", "Has informal debt", capital="financial"),
    # Natural capital
    Column(
        "nc_farm_land_rai",
        "float",
        "ที่ดินทำกิน",
        "Farm land",
        unit="rai (1 rai = 1,600 m²)",
        minimum=0,
        maximum=10_000,
        capital="natural",
    ),
    Column(
        "nc_land_tenure",
        "category",
        "สิทธิในที่ดิน",
        "Land tenure",
        allowed=LAND_TENURE,
        capital="natural",
    ),
    Column("nc_farm_water", "bool", "มีน้ำเพื่อการเกษตร", "Has water for farming", capital="natural"),
    Column(
        "nc_disaster_exposure",
        "int",
        "ความเสี่ยงภัยพิบัติ",
        "Exposure to disasters",
        minimum=0,
        maximum=3,
        capital="natural",
        notes="0 none, 1 occasional, 2 most years, 3 every year (flood, drought, landslide).",
    ),
    # Social capital
    Column(
        "sc_group_memberships",
        "int",
        "การเป็นสมาชิกกลุ่ม",
        "Community group memberships",
        unit="groups",
        minimum=0,
        maximum=50,
        capital="social",
    ),
    Column(
        "sc_community_participation",
        "bool",
        "มีส่วนร่วมในกิจกรรมชุมชน",
        "Takes part in community meetings and work",
        capital="social",
    ),
    Column(
        "sc_support_network",
        "int",
        "เครือข่ายช่วยเหลือ",
        "Support from kin and neighbours",
        minimum=0,
        maximum=3,
        capital="social",
        notes="0 none, 1 little, 2 some, 3 strong.",
    ),
    Column(
        "main_cause",
        "category",
        "สาเหตุหลักของความยากจน",
        "Main cause of hardship",
        allowed=(),
        required=False,
        notes="One code from data/tables/causes.csv; empty for households not in hardship.",
    ),
)

MEMBER_COLUMN_LIST: tuple[Column, ...] = (
    Column("hh_id", "str", "รหัสครัวเรือน", "Household ID"),
    Column(
        "round_be",
        "int",
        "รอบสำรวจ (พ.ศ.)",
        "Survey round (Buddhist era)",
        unit="year BE",
        minimum=2550,
        maximum=2600,
    ),
    Column("person_no", "int", "ลำดับสมาชิก", "Person number", minimum=1, maximum=40),
    Column("age", "int", "อายุ", "Age", unit="years", minimum=0, maximum=120),
    Column("sex", "category", "เพศ", "Sex", allowed=("M", "F")),
    Column("disability", "bool", "พิการ", "Has a disability"),
    Column("education", "category", "ระดับการศึกษา", "Education", allowed=EDUCATION_LEVELS),
    Column("occupation", "category", "อาชีพ", "Occupation", allowed=OCCUPATIONS),
    Column(
        "national_id",
        "national_id",
        "เลขประจำตัวประชาชน",
        "National ID",
        required=False,
        notes="Optional; hashed on import (id_hash), never stored.",
    ),
)

HOUSEHOLD_COLUMNS = {c.name: c for c in HOUSEHOLD_COLUMN_LIST}
MEMBER_COLUMNS = {c.name: c for c in MEMBER_COLUMN_LIST}


def allowed_values(column: Column) -> tuple[str, ...]:
    """Allowed values of a category column (causes come from the causes table)."""
    if column.name == "main_cause":
        return cause_codes()
    return column.allowed


def markdown() -> str:
    """docs/data-format.md, generated from the column tables."""
    out = [
        "# Data format",
        "",
        "Thai Poverty Map reads one **household file** per survey round (CSV in UTF-8, or Parquet),",
        "and optionally a **member file** (one row per person). Generated from `data/schema.py` by",
        "`povmap schema --markdown`; a test keeps the two equal.",
        "",
        "Rules for every file:",
        "",
        "- Admin codes are DOPA codes written as text: 2 digits (province), 4 (district), 6",
        "  (subdistrict), 8 (village). Each code starts with its parent's code. Joins use codes,",
        "  never names.",
        "- Booleans are `true`/`false` (also accepted: `1`/`0`, `yes`/`no`, `ใช่`/`ไม่ใช่`).",
        "- Empty cells are missing values; a required column may not be empty.",
        "- One row per household and round; the pair (`hh_id`, `round_be`) is unique in a file.",
        "  Importing a household again for the same round replaces its record.",
        "- A national ID is checked (13 digits, valid check digit) and replaced by a keyed hash",
        "  (HMAC-SHA256, key in `POVMAP_ID_HASH_KEY`); the raw number is never stored, logged or",
        "  reported.",
        "- Who counts as poor is a setting (`POVMAP_POOR_RULE`), computed from the BMN columns:",
        "  TPMAP's rule is *fails at least one of the 17 indicators*.",
        "",
    ]
    for title, columns in (
        ("Household file", HOUSEHOLD_COLUMN_LIST),
        ("Member file", MEMBER_COLUMN_LIST),
    ):
        out += [
            f"## {title}",
            "",
            "| column | type | unit | allowed | required | Thai label | English label | notes |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for c in columns:
            allowed = allowed_values(c)
            rng = ""
            if c.minimum is not None or c.maximum is not None:
                sep = c.unit != "year BE"
                rng = f"{_num(c.minimum, sep)} – {_num(c.maximum, sep)}"
            if allowed and c.kind != "pass_fail":
                rng = ", ".join(f"`{a}`" for a in allowed)
            elif c.kind == "pass_fail":
                rng = "`1`, `0`, empty"
            elif c.kind == "bool":
                rng = "`true`, `false`"
            elif c.kind == "code":
                rng = f"{ {'province': 2, 'district': 4, 'subdistrict': 6, 'village': 8}[c.code_level] } digits"
            kind = f"{c.kind}" + (f" ({c.capital} capital)" if c.capital else "")
            out.append(
                f"| `{c.name}` | {kind} | {c.unit} | {rng} | {'yes' if c.required else 'no'} | "
                f"{c.label_th} | {c.label_en} | {c.notes} |"
            )
        out.append("")
    out += [
        "## Main causes (`main_cause`)",
        "",
        "| code | Thai | English | China's term | TPMAP dimension | capital |",
        "|---|---|---|---|---|---|",
    ]
    for r in table("causes"):
        out.append(
            f"| `{r['code']}` | {r['name_th']} | {r['name_en']} | {r['china_term']} | "
            f"{r['tpmap_dimension']} | {r['capital']} |"
        )
    out.append("")
    return "\n".join(out)


def _num(x: float | None, thousands: bool = True) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{x:,.0f}" if thousands else f"{x:.0f}"
    return f"{x:g}"
