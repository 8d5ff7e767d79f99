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

#: Words that mean "no value" in any cell.
MISSING_WORDS = frozenset(
    {"-", "–", "—", "--", "n/a", "na", "#n/a", "null", "none", "nan", "ไม่ระบุ", "ไม่ทราบ"}
)
#: Yes and no as field teams write them: the one vocabulary of every yes/no column of every file
#: (households, registry, sites and indicators; read by :func:`data.columns.yes_no`).
YES_WORDS = frozenset(
    {"true", "t", "yes", "y", "1", "ใช่", "มี", "เป็น", "ได้", "ถือ", "✓", "✔", "☑", "✅", "/"}
)
NO_WORDS = frozenset(
    {"false", "f", "no", "n", "0", "ไม่ใช่", "ไม่มี", "ไม่เป็น", "ไม่ได้", "ไม่ถือ", "✗", "✘", "☐", "❌"}
)


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
    """The 17 TPMAP/BMN indicators (docs/methods.md, "Who counts as poor") with dimension and Thai/English labels."""
    return table("bmn_indicators")


def cause_codes() -> tuple[str, ...]:
    """Codes of the main causes of hardship (docs/methods.md, "Causes")."""
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

#: The state-welfare registry extract (a second source, matched to households by hashed ID).
REGISTRY_COLUMN_LIST: tuple[Column, ...] = (
    Column(
        "national_id",
        "national_id",
        "เลขประจำตัวประชาชน",
        "National ID",
        notes="13 digits with a valid check digit; hashed on import (id_hash), never stored.",
    ),
    Column("province_code", "code", "รหัสจังหวัด", "Province code", code_level="province"),
    Column("district_code", "code", "รหัสอำเภอ", "District code", code_level="district"),
    Column("subdistrict_code", "code", "รหัสตำบล", "Subdistrict code", code_level="subdistrict"),
    Column(
        "village_code",
        "code",
        "รหัสหมู่บ้าน",
        "Village code",
        required=False,
        code_level="village",
    ),
    Column(
        "card_holder",
        "bool",
        "ถือบัตรสวัสดิการแห่งรัฐ",
        "Holds a state welfare card",
        required=False,
        notes="Card status in the registry: true (holds a card), false (registered, no card "
        "or cancelled), empty (not stated).",
    ),
)

HOUSEHOLD_COLUMNS = {c.name: c for c in HOUSEHOLD_COLUMN_LIST}
MEMBER_COLUMNS = {c.name: c for c in MEMBER_COLUMN_LIST}


def allowed_values(column: Column) -> tuple[str, ...]:
    """Allowed values of a category column (causes come from the causes table)."""
    if column.name == "main_cause":
        return cause_codes()
    return column.allowed


_FILES_MD = """\
Thai Poverty Map reads one **household file** per survey round, optionally a **member file**
(one row per person), and **welfare registry files** (one row per registered person, one file
per snapshot). Generated from `data/schema.py` by `povmap schema --markdown`; a test keeps the
two equal.

Rules for every file:

- Files are CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or TIS-620/cp874 as Thai Windows saves
  it; delimiter `,` `;` tab or `|`), Excel `.xlsx`/`.xlsm` or Parquet; old `.xls` and `.ods` are
  refused (save as `.xlsx` or CSV). Encoding, delimiter, sheet and header row are detected: the
  header is the first of the top 20 non-empty rows with at least 3 recognised column names, so
  title rows above it are skipped (with a warning).
- Headers: a column is recognised by its name in the tables below, its Thai or English label,
  or another synonym in `data/tables/column_synonyms.csv`; case, spaces, `_ - . : *` and a
  trailing note in brackets ("รายได้ (บาท)") do not matter. One exception: the Thai label of
  `bmn_15` is a synonym of `income_per_person_year` and its English label is not recognised, so
  head that column `bmn_15` (or `ตัวชี้วัดที่ 15`, `จปฐ.15`). A mapping file (`--mapping`: a CSV of
  `their header,canonical`, or JSON `{"their header": "canonical"}`) names columns the synonyms
  miss and wins over them; an empty target (or `ignore`) leaves a column out. Unknown columns
  are left out with a warning; a required column that nothing maps to, or two columns that map
  to one, refuse the file.
- Admin codes are DOPA codes written as text: 2 digits (province), 4 (district), 6
  (subdistrict), 8 (village). Each code starts with its parent's code. Joins use codes,
  never names.
- Province, district and subdistrict codes must be current DOPA codes. Codes are cleaned (Thai
  digits, a `TH` prefix, spaces, dashes, `460101.0`), and zeros lost inside a code (`4611` for
  `460101`) are put back when exactly one current code fits. An area may be given by name
  instead, in Thai or English, in a `province_name`, `district_name` or `subdistrict_name`
  column (headers such as `จังหวัด`, `อำเภอ`, `ตำบล`) or in one `address` column ("ต.ในเมือง
  อ.เมืองขอนแก่น จ.ขอนแก่น"); a name that fits several places is refused with the candidates. A
  larger area's code that is left out is taken from a smaller area's code.
- Booleans are `true`/`false` (also accepted, in any case: `yes`/`no`, `y`/`n`, `t`/`f`,
  `1`/`0`, `ใช่`/`ไม่ใช่`, `มี`/`ไม่มี`, `เป็น`/`ไม่เป็น`, `ได้`/`ไม่ได้`, `ถือ`/`ไม่ถือ`, `✓`/`✗`). A
  lone `x` is refused: it could be a tick or a cross.
- Numbers may carry thousands separators in groups of three, a unit and Thai digits
  (`1,234.50 บาท` is 1234.5); a comma as decimal mark (`1,5`) is refused. Years are Buddhist
  era: a bare year below 2400 is taken as Christian era (2021 is 2564); a two-digit year is
  refused.
- Category columns take the code or a Thai or English word (`ชาย`/`หญิง` for `M`/`F`, `ประถม`
  for `primary`, `เช่า` for `rent`); `main_cause` also takes the Thai or English name from the
  table of causes below. BMN columns also take `ผ่าน`/`ไม่ผ่าน`/`ไม่เกี่ยวข้อง` and the yes/no words.
- Empty cells are missing values, and so are `-`, `n/a`, `null`, `ไม่ระบุ` and `ไม่ทราบ` in number,
  yes/no, category, code and ID columns; a required column may not be empty.
- One row per household and round; the pair (`hh_id`, `round_be`) is unique in a file.
  Importing a household again for the same round leaves an identical record alone and replaces
  a changed one, whose previous version is kept in `household_history`. Members in a member
  file replace every stored member of their household and round; a member whose household is
  not among the valid rows of the household file is refused.
- A national ID is cleaned (dashes, spaces, Thai digits; a number Excel turned into scientific
  notation is refused), checked (13 digits, valid check digit) and replaced by a keyed hash
  (HMAC-SHA256, key in `POVMAP_ID_HASH_KEY`, by default a random key made once in
  `POVMAP_VAR_DIR/id_hash.key`); the raw number is never stored, logged or reported (reports
  show `<hidden national ID, 13 characters>`). Households, members and the registry share the
  key, so one person has one hash in all three: keep the key stable. An `hh_id` that looks like
  a national ID is refused.
- Who counts as poor is a setting (`POVMAP_POOR_RULE`), computed from the BMN columns:
  TPMAP's rule is *fails at least one of the 17 indicators*; `af` is a weighted Alkire-Foster
  score of at least `POVMAP_AF_K`.
"""

_HOUSEHOLD_MD = """\
One row per household and round. `village_code` may be left out when `village_no` (header
`หมู่ที่`; values such as `3`, `ม.3`, `หมู่ที่ ๓`, `Moo 3`) and the subdistrict are given, and
`village_no` is taken from `village_code` when left out. One `latlon` column (header such as
`พิกัด` or `gps`, values such as `16.43, 103.50`) may replace `lat` and `lon`; coordinates written
the wrong way round are swapped back (with a warning).
"""

_IMPORT_MD = """\
## Importing a file

From the command line (stop the app first: the store has one writer) or on the app's data page,
which runs the same code:

```sh
.venv/bin/povmap import households survey-2566.csv --members members-2566.csv
.venv/bin/povmap import registry registry-2565.csv --snapshot 2565
```

Options of both: `--encoding`, `--sheet` (a name, or a number from 1), `--delimiter`,
`--mapping` (see the headers rule above), `--accept-valid`, `--dry-run` and `--chunk-size`
(rows checked at a time; default `POVMAP_IMPORT_CHUNK_ROWS`).

- **Strict** (default): if any row is invalid, nothing is written. **`--accept-valid`**: the
  valid rows are written and every invalid row is listed in the rejects file.
- **`--dry-run`**: the whole file is checked and the new, replaced and unchanged rows are
  counted, but nothing is written to the store (the report files are written).
- An import is one transaction: a crash leaves the store as it was before or as it is after.
  Importing the same file again changes nothing. Every import that stores is a row of the
  `imports` table (kind, file name, SHA-256 of the file, rows, new, replaced, unchanged).
- Every run writes up to three files to `POVMAP_VAR_DIR/reports/`: `import-<id>-report.csv`
  (every error and warning: severity, file, line, column, value, reason),
  `import-<id>-rejected.csv` (the errors only, written when there are any: file, line, column,
  value, reason) and `import-<id>-summary.txt` (what the command prints). The CSV files are
  UTF-8 with BOM for Excel; their values hide national IDs and are cut at 40 characters, and a
  cell that starts with `=`, `+`, `-` or `@` is prefixed with `'`.
- Exit status: 0 every row stored; 1 nothing stored (the file was refused: the message and the
  report say why); 2 bad usage (a required option missing, a snapshot that is not a
  Buddhist-era year) or a file that cannot be opened (not found, a folder); 3 stored with
  `--accept-valid`, but some rows or members were rejected (the rejects file lists them). With
  `--dry-run` the same, for what would be stored. A problem is told in English, then in Thai.
- The same household (or person) twice in a file: the first row is kept and each later one is
  rejected with the line of the kept row and the columns whose values differ (or "the same
  values" for a repeated row). A member file with no household of the household file is named
  as such (the wrong file?), not the household file.
"""

_REGISTRY_INTRO_MD = """\
## Welfare registry file

An extract of the state-welfare-card registry (ทะเบียนผู้มีสิทธิ์บัตรสวัสดิการแห่งรัฐ, Ministry of
Finance): a second source, matched to the surveyed households by hashed national ID to count
TPMAP's targeted poor and to flag where the two sources disagree (the Review page's registry
tab and review queue). **One row per registered person**; one file per snapshot, the year (BE)
of the extract, which is given on import (`--snapshot`), not in the file. Only the columns
below are read: names, birth dates and any other column of an extract are left out with a
warning, so nothing about a person but the hashed ID, the address codes and the card status is
stored.
"""

_REGISTRY_HEADERS_MD = """\
Headers accepted besides the column name (case, spaces and `_ - . : *` do not matter; a
trailing note in brackets is tried without it). The last four are helper columns that give the
areas by name:
"""

_REGISTRY_MD = """\
A header of a household column only, such as `หมู่ที่` (`village_no`), is not a registry column:
it is left out with a warning.

**Areas.** The person's address as the registry has it. It decides where a registered person
is counted (`registry_only`, `registry_total`) and whether a matched household lives elsewhere.

- Every row needs its subdistrict: `subdistrict_code`, or its name in `subdistrict_name` or
  `address`, with the district or province where the name alone is ambiguous (`ต.ในเมือง
  อ.เมืองขอนแก่น`; `ในเมือง` alone fits many subdistricts and is refused with the first five).
- `province_code` and `district_code` may be left out, or empty on a row, when the subdistrict
  is known: they are its first 2 and 4 digits. When given, they must agree with it.
- Codes are cleaned and checked as in every file: current DOPA province, district and
  subdistrict codes, each starting with its parent's code.
- `village_code` is optional: 8 digits starting with the subdistrict code (the village number
  is not checked against a list of villages). `หมู่ 3`, `ม.3` or `Moo 3` in that column is village
  3 of the row's subdistrict.

**Card status (`card_holder`).** An optional column; case, spaces and `_ - .` do not matter.

| written | stored |
|---|---|
| `ได้รับบัตร`, `ได้รับ`, `ถือบัตร`, `อนุมัติ`, `ผ่าน`, `ผ่านการคัดกรอง`, `active`, `approved`, `holder`, `issued`, and every yes word (`ใช่`, `มี`, `yes`, `true`, `1`, …) | `true`: holds a card |
| `ไม่ได้รับบัตร`, `ไม่ได้รับ`, `ไม่อนุมัติ`, `ไม่ผ่าน`, `ไม่ผ่านการคัดกรอง`, `ยกเลิก`, `ยกเลิกบัตร`, `cancelled`, `canceled`, `rejected`, `not approved`, `none`, and every no word (`ไม่ใช่`, `ไม่มี`, `no`, `false`, `0`, …) | `false`: registered, without a card or with a cancelled one |
| empty, `-`, `n/a`, `null`, `ไม่ระบุ`, `ไม่ทราบ`, or no card column | empty: not stated |

Anything else (`x`, `รอตรวจสอบ`) is refused. Whatever the status, the person is in the
registry: the status matters only for the card-status check below.

**Rejected rows.** Each problem is a line of the report with the file's line, the column, the
value (national IDs hidden) and the reason; a reason found while cleaning a value starts with
the file's header (`column 'รหัสตำบล': …`). In strict mode one rejected row keeps the whole file
out.

| problem | reason in the report | why |
|---|---|---|
| no national ID | `required value is empty` | a person without an ID cannot be matched |
| not 13 digits, or a wrong check digit | `not a valid 13-digit national ID (check digit)` | a mistyped ID could match another person |
| an ID Excel turned into `1.10170E+12` | `written in scientific notation …` | its last digits are lost |
| the same ID again in the file | `same person as an earlier line, with other values …` (or `with the same values …`), naming the line kept | one row per person and snapshot: the first row counts, the later ones are refused |
| no subdistrict | `required value is empty` | the person cannot be placed |
| a code that is not a current DOPA code | `not a current DOPA subdistrict code (6 digits)` (or province, district) | the area cannot be mapped or matched |
| a code of the wrong length that cannot be restored | `has 5 digits …` | |
| a code that does not start with its parent's code | `does not start with district_code` (or `province_code`, `subdistrict_code`) | the address contradicts itself |
| an unknown or ambiguous area name | `unknown subdistrict name …`, `ambiguous subdistrict name …: N places have it (…)` | |
| a village given by name | `a village is given by name: …` | there is no list of village names |
| a card status not in the table above | `not a card status: …` | |

The whole file is refused (nothing stored; exit status 1) when it cannot be read, has no
header row or no rows, has no national ID column or nothing that gives the subdistrict
(`required column … is missing`), or has two columns that map to one.

**Snapshots, re-imports and history.**

- `--snapshot` is required: the year of the extract in the Buddhist era, 2400–2700 (a
  Christian-era year such as 2022 is refused: write 2565). The data page offers 2500–2700 and
  proposes the latest snapshot stored, else the latest survey round.
- A person is stored once per snapshot (key: hashed ID and snapshot); snapshots are kept side
  by side, so 2562 and 2565 can both be in the store.
- Importing a snapshot again: an identical row is left alone, a changed row (another address or
  card status) replaces the stored one and its previous version is copied to
  `registry_history` (with `replaced_at` and `replaced_by`, the id of the import), and people
  not yet stored are added. People stored for that snapshot but missing from the new file stay:
  a re-import adds and corrects, it never removes anyone.
- A survey round is matched against the latest snapshot not after it, else the earliest: with
  snapshots 2562 and 2565, round 2564 uses 2562, round 2561 uses 2562 and round 2566 uses 2565.

**National IDs.** Cleaned as in every file (`1-0000-00000-03-3`, Thai digits, Excel's `….0`),
checked, and replaced by the keyed hash made with the same key as the households'
`head_national_id` and the members' `national_id` (`POVMAP_ID_HASH_KEY`, or
`POVMAP_VAR_DIR/id_hash.key`). The store keeps `id_hash`, `snapshot_be`, the four area codes,
`card_holder`, `record_hash` and `import_id` (table `registry`, migration 003); the raw ID is
never stored, logged or shown (the data page's preview shows `•••••••••••••`). Because the key is
shared, `registry.id_hash` equals `households.head_id_hash` for the same person; hashes made
with another key match nobody, so import households and registry with the same key.

**Matching** (`data/registry.py`). For a survey round and each area (on the Review page: the
areas one level below the selection), against the round's snapshot:

| column | what it counts |
|---|---|
| `households` | households surveyed in the round |
| `with_id` | of which the head's national ID is known |
| `in_both` | of which the head is in the snapshot |
| `survey_only` | of which the head's ID is known but not in the snapshot |
| `no_id` | of which no head ID was given: they cannot be matched |
| `registry_only` | people the snapshot places in the area who are neither head nor member (by the member file's `national_id`) of any household surveyed in the round |
| `registry_total` | people the snapshot places in the area |

Households count where they were surveyed, registry entries where the registry puts them. Only
the head is matched to count `in_both`.

**Targeted poor (คนจนเป้าหมาย)**, TPMAP's definition: households that are poor by the poverty
rule in use (`POVMAP_POOR_RULE`, or the rule chosen in the app; TPMAP's rule, deprived in at
least one of the 17 BMN indicators, is its "MPI-poor") **and** whose head is in the snapshot,
whatever the card status. Per area: `poor_households`, `targeted_poor_households`,
`targeted_poor_people` (the members of those households) and `targeted_share` (targeted poor
households ÷ poor households). The Map page shows the count as the metric "targeted poor
matched with the welfare registry" (blank until a registry is imported). The overview's "TPMAP
targeted households" figure and the map metric of that name do not use the registry: they count
poor households whose survey answer `welfare_card` is true.

**Where the two sources disagree** (review-queue flags `registry_card_missing`,
`registry_address`, `registry_card_status`), for households whose head's ID is known, one
reason each:

- `card_missing`: the survey says the household holds a welfare card, but the head is not in
  the snapshot;
- `address`: the head is in the snapshot with another subdistrict;
- `card_status`: the head is in the snapshot in the same subdistrict, and its card status is
  stated and differs from the survey's `welfare_card`.

**Example.** Synthetic IDs: digits 2–5 of an ID are the registration office, and `0000` is no
office, so no real person has these numbers; their check digits are valid. Thai headers, area
codes and Thai card statuses; the third ID is written with dashes and the last row's status is
not stated:

```csv
เลขประจำตัวประชาชน,รหัสจังหวัด,รหัสอำเภอ,รหัสตำบล,รหัสหมู่บ้าน,สถานะบัตร
1000000000017,40,4001,400101,40010101,ได้รับบัตร
1000000000025,40,4001,400101,40010103,ยกเลิก
1-0000-00000-03-3,40,4001,400102,,ได้รับบัตร
1000000000041,46,4601,460101,46010105,ไม่ได้รับบัตร
1000000000050,46,4601,460102,,
```

The same file with English headers starts
`national_id,province_code,district_code,subdistrict_code,village_code,card_holder` and may
write the card status as `true`/`false`. To import it as the 2565 snapshot (add `--dry-run` to
check it first):

```sh
.venv/bin/povmap import registry registry-2565.csv --snapshot 2565
```

It stores 5 people of snapshot 2565: 2 holding a card, 2 registered without one, 1 not stated.
"""

#: Helper columns a registry file may have besides its canonical columns (see data.normalize).
_REGISTRY_HELPERS = ("province_name", "district_name", "subdistrict_name", "address")


def markdown() -> str:
    """docs/data-format.md, generated from the column tables."""
    out = ["# Data format", "", *_FILES_MD.splitlines(), ""]
    out += ["## Household file", "", *_HOUSEHOLD_MD.splitlines(), ""]
    out += [*_column_table(HOUSEHOLD_COLUMN_LIST), ""]
    out += ["## Member file", "", *_column_table(MEMBER_COLUMN_LIST), ""]
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
    out += ["", *_IMPORT_MD.splitlines(), ""]
    out += [*_REGISTRY_INTRO_MD.splitlines(), ""]
    out += [*_column_table(REGISTRY_COLUMN_LIST), ""]
    out += [*_REGISTRY_HEADERS_MD.splitlines(), ""]
    names = [c.name for c in REGISTRY_COLUMN_LIST] + list(_REGISTRY_HELPERS)
    out += [*_synonym_table(names), ""]
    out += [*_REGISTRY_MD.splitlines(), ""]
    return "\n".join(out)


def _column_table(columns: tuple[Column, ...]) -> list[str]:
    """The Markdown table of a file's columns: type, unit, allowed values, labels, notes."""
    out = [
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
    return out


def _synonym_table(names: list[str]) -> list[str]:
    """Headers accepted for each column (data/tables/column_synonyms.csv), one row per column."""
    out = ["| column | accepted headers |", "|---|---|"]
    for name in names:
        seen: set[str] = {name}
        headers = []
        for row in table("column_synonyms"):
            synonym = row["synonym"]
            if row["canonical"].strip() == name and synonym.lower() not in seen:
                seen.add(synonym.lower())
                headers.append(f"`{synonym}`")
        out.append(f"| `{name}` | {', '.join(headers)} |")
    return out


def _num(x: float | None, thousands: bool = True) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{x:,.0f}" if thousands else f"{x:.0f}"
    return f"{x:g}"
