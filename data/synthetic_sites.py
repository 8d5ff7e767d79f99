"""Seeded synthetic sites for the demo: enterprises and products, cultural places, markets, routes,
innovation communities with the technologies they brought to villages, and livable-city indicators.

Everything here is **synthetic** (made-up names, places drawn at random inside the real polygons
of the 20 target provinces, numbers drawn from plausible ranges) and stored with
``synthetic = true``, except the technology library (data/tables/technologies.csv): a catalogue
of generic technologies written for this project, loaded as it is. Sites cluster near villages
with many poor households, as the programme builds the local economy around the poor.

Every table goes through the same validation as an imported file (``data.sites``), so the demo
cannot hold a row an import would refuse. ``povmap.bootstrap`` runs :func:`add_demo` after the
households.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from importlib.resources import files
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis.sites import distance_km
from data import sites
from data.store import PoorRule
from data.synthetic import TARGET_PROVINCES
from geo import boundaries
from geo.codes import ancestor, ancestors

#: shown as the source of every demo site, in either language
SOURCE = "ข้อมูลสังเคราะห์สำหรับสาธิต · synthetic demo data"
CATALOGUE = "technologies.csv"
#: approximate share of sites given only an area code (placed at its representative point)
BY_CODE_SHARE = 0.25

#: product type -> (Thai, English, unit Thai, unit English, price range in baht, materials Thai,
#: materials English)
PRODUCTS: dict[str, list[tuple[str, str, str, str, tuple[int, int], str, str]]] = {
    "food": [
        (
            "ข้าวฮางงอก",
            "Germinated parboiled rice",
            "กิโลกรัม",
            "kg",
            (60, 120),
            "ข้าวเปลือกจากนาสมาชิก",
            "Paddy from members' fields",
        ),
        (
            "กล้วยตาก",
            "Sun-dried banana",
            "กล่อง",
            "box",
            (40, 90),
            "กล้วยน้ำว้าจากสวนในหมู่บ้าน",
            "Namwa bananas from village orchards",
        ),
        (
            "น้ำพริกเผา",
            "Roasted chilli paste",
            "กระปุก",
            "jar",
            (35, 80),
            "พริกและหอมแดงจากแปลงสมาชิก",
            "Chillies and shallots from members' plots",
        ),
        (
            "แจ่วบอง",
            "Jaew bong chilli dip",
            "กระปุก",
            "jar",
            (40, 70),
            "ปลาร้าและพริกจากชุมชน",
            "Fermented fish and chillies from the community",
        ),
        (
            "ข้าวเกรียบสมุนไพร",
            "Herbal rice crackers",
            "ถุง",
            "bag",
            (25, 60),
            "ข้าวเหนียวและสมุนไพรพื้นบ้าน",
            "Sticky rice and local herbs",
        ),
    ],
    "beverage": [
        (
            "น้ำมะเม่า",
            "Mao berry juice",
            "ขวด",
            "bottle",
            (35, 90),
            "ผลมะเม่าจากป่าชุมชน",
            "Mao berries from the community forest",
        ),
        (
            "ชาใบหม่อน",
            "Mulberry-leaf tea",
            "กล่อง",
            "box",
            (60, 150),
            "ใบหม่อนจากแปลงเลี้ยงไหม",
            "Leaves from silkworm mulberry plots",
        ),
        (
            "กาแฟคั่วบด",
            "Ground roasted coffee",
            "ถุง",
            "bag",
            (120, 280),
            "เมล็ดกาแฟจากสวนบนดอย",
            "Beans from hill gardens",
        ),
        (
            "น้ำกระเจี๊ยบ",
            "Roselle drink",
            "ขวด",
            "bottle",
            (20, 45),
            "กระเจี๊ยบแดงจากแปลงสมาชิก",
            "Roselle from members' plots",
        ),
    ],
    "textile": [
        (
            "ผ้าไหมมัดหมี่",
            "Mudmee silk",
            "ผืน",
            "piece",
            (1500, 6000),
            "เส้นไหมจากการเลี้ยงไหมในหมู่บ้าน",
            "Silk from village sericulture",
        ),
        (
            "ผ้าฝ้ายย้อมคราม",
            "Indigo-dyed cotton",
            "ผืน",
            "piece",
            (450, 1800),
            "ฝ้ายและครามปลูกเอง",
            "Home-grown cotton and indigo",
        ),
        (
            "ผ้าขาวม้าทอมือ",
            "Hand-woven pha khao ma",
            "ผืน",
            "piece",
            (150, 450),
            "ด้ายฝ้ายจากกลุ่มปั่นฝ้าย",
            "Thread from the spinning group",
        ),
        (
            "เสื้อผ้าฝ้ายทอมือ",
            "Hand-woven cotton shirt",
            "ตัว",
            "shirt",
            (390, 1200),
            "ผ้าฝ้ายทอมือของกลุ่ม",
            "The group's hand-woven cotton",
        ),
    ],
    "handicraft": [
        (
            "กระติบข้าวจักสาน",
            "Woven sticky-rice basket",
            "ใบ",
            "piece",
            (80, 350),
            "ไม้ไผ่จากป่าชุมชน",
            "Bamboo from the community forest",
        ),
        (
            "เสื่อกกทอลาย",
            "Patterned reed mat",
            "ผืน",
            "piece",
            (250, 900),
            "ต้นกกจากหนองน้ำในหมู่บ้าน",
            "Reeds from the village pond",
        ),
        (
            "เครื่องปั้นดินเผา",
            "Earthenware pottery",
            "ชิ้น",
            "piece",
            (60, 600),
            "ดินเหนียวจากลำน้ำใกล้หมู่บ้าน",
            "Clay from the nearby stream",
        ),
        (
            "กระเป๋าผักตบชวา",
            "Water-hyacinth bag",
            "ใบ",
            "piece",
            (150, 650),
            "ผักตบชวาจากแหล่งน้ำสาธารณะ",
            "Water hyacinth from public waters",
        ),
    ],
    "herbal": [
        (
            "ยาหม่องสมุนไพร",
            "Herbal balm",
            "ตลับ",
            "jar",
            (30, 90),
            "ไพลและขมิ้นจากแปลงสมุนไพร",
            "Plai and turmeric from the herb garden",
        ),
        (
            "ลูกประคบสมุนไพร",
            "Herbal compress ball",
            "ลูก",
            "ball",
            (40, 120),
            "สมุนไพรพื้นบ้านปลูกเอง",
            "Home-grown local herbs",
        ),
        (
            "สบู่สมุนไพร",
            "Herbal soap",
            "ก้อน",
            "bar",
            (30, 80),
            "ขมิ้นและมะขามจากชุมชน",
            "Turmeric and tamarind from the community",
        ),
    ],
    "agriculture": [
        (
            "ข้าวหอมมะลิอินทรีย์",
            "Organic jasmine rice",
            "กิโลกรัม",
            "kg",
            (45, 90),
            "นาอินทรีย์ของสมาชิก",
            "Members' organic paddies",
        ),
        (
            "ผักปลอดสารพิษ",
            "Pesticide-free vegetables",
            "กิโลกรัม",
            "kg",
            (30, 70),
            "แปลงผักรวมของกลุ่ม",
            "The group's shared vegetable beds",
        ),
        (
            "ไข่ไก่อารมณ์ดี",
            "Free-range eggs",
            "แผง",
            "tray",
            (100, 160),
            "ไก่เลี้ยงปล่อยของสมาชิก",
            "Members' free-range hens",
        ),
    ],
    "service": [
        (
            "โฮมสเตย์ชุมชน",
            "Community homestay",
            "คืน",
            "night",
            (300, 900),
            "บ้านของสมาชิกในหมู่บ้าน",
            "Members' houses in the village",
        ),
        (
            "เวิร์กช็อปทอผ้า",
            "Weaving workshop",
            "คน",
            "person",
            (200, 600),
            "กี่และครูภูมิปัญญาของชุมชน",
            "The community's looms and master weavers",
        ),
    ],
}
PRODUCT_WORD = {
    "food": ("แปรรูปอาหาร", "Food Processing"),
    "beverage": ("เครื่องดื่มสมุนไพร", "Herbal Drinks"),
    "textile": ("ทอผ้า", "Weaving"),
    "handicraft": ("จักสาน", "Basketry"),
    "herbal": ("สมุนไพร", "Herbal Products"),
    "agriculture": ("เกษตรอินทรีย์", "Organic Farming"),
    "service": ("ท่องเที่ยวชุมชน", "Community Tourism"),
}
STAGE = {
    "agriculture": "upstream",
    "service": "downstream",
}
ENTERPRISE_PREFIX = {
    "community_enterprise": ("วิสาหกิจชุมชน", "Community Enterprise"),
    "otop_producer": ("กลุ่มผู้ผลิต OTOP ", "OTOP Producers"),
    "cooperative": ("สหกรณ์", "Cooperative"),
    "social_enterprise": ("วิสาหกิจเพื่อสังคม", "Social Enterprise"),
    "small_business": ("ร้าน", "Shop"),
}
CULTURAL_SITE = {
    "temple": ("วัดศรี{v}", "Wat Si {v}"),
    "museum": ("พิพิธภัณฑ์ชุมชนบ้าน{v}", "Ban {v} Community Museum"),
    "heritage": ("แหล่งโบราณคดีบ้าน{v}", "Ban {v} Archaeological Site"),
    "craft_village": ("หมู่บ้านหัตถกรรมบ้าน{v}", "Ban {v} Craft Village"),
    "learning_centre": ("ศูนย์เรียนรู้ภูมิปัญญาบ้าน{v}", "Ban {v} Local Wisdom Centre"),
    "festival": ("ลานประเพณีบ้าน{v}", "Ban {v} Festival Ground"),
}
CULTURAL_PRODUCT = {
    "textile": ("ผ้าทอลายโบราณบ้าน{v}", "Ban {v} heritage-pattern cloth"),
    "handicraft": ("เครื่องจักสานบ้าน{v}", "Ban {v} basketry"),
    "local_food": ("ข้าวต้มมัดและขนมพื้นบ้านบ้าน{v}", "Ban {v} traditional sweets"),
    "herbal": ("ตำรับยาสมุนไพรบ้าน{v}", "Ban {v} herbal remedies"),
    "performing_arts": ("หมอลำและดนตรีพื้นบ้านบ้าน{v}", "Ban {v} folk music and mor lam"),
}
MARKET = {
    "community_market": ("ตลาดชุมชนบ้าน{v}", "Ban {v} Community Market"),
    "green_market": ("ตลาดเขียว{d}", "{d} Green Market"),
    "walking_street": ("ถนนคนเดิน{d}", "{d} Walking Street"),
    "otop_centre": ("ศูนย์จำหน่ายสินค้า OTOP {p}", "{p} OTOP Sales Centre"),
}
ROUTE = {
    "cultural_route": ("เส้นทางวัฒนธรรม{d}", "{d} Cultural Route"),
    "community_tourism": ("เส้นทางท่องเที่ยวชุมชน{d}", "{d} Community Tourism Trail"),
    "food_route": ("เส้นทางอาหารถิ่น{d}", "{d} Local Food Trail"),
    "nature_route": ("เส้นทางธรรมชาติ{d}", "{d} Nature Trail"),
}
COMMUNITY = {
    "agriculture": ("ชุมชนนวัตกรรมเกษตรบ้าน{v}", "Ban {v} Farming Innovation Community"),
    "water": ("ชุมชนจัดการน้ำบ้าน{v}", "Ban {v} Water Management Community"),
    "energy": ("ชุมชนพลังงานบ้าน{v}", "Ban {v} Community Energy Group"),
    "health": ("ชุมชนสุขภาวะบ้าน{v}", "Ban {v} Community Health Network"),
    "crafts": ("ชุมชนหัตถกรรมสร้างสรรค์บ้าน{v}", "Ban {v} Creative Crafts Community"),
    "digital": ("ชุมชนดิจิทัลบ้าน{v}", "Ban {v} Digital Community"),
}
#: innovation-community category -> technology library categories it brings to villages
COMMUNITY_TECH = {
    "agriculture": ("agriculture", "food_processing"),
    "water": ("water", "disaster"),
    "energy": ("energy",),
    "health": ("health",),
    "crafts": ("skills", "digital"),
    "digital": ("digital", "finance", "skills"),
}
#: livable-city indicators: code -> (Thai, English, unit Thai, unit English, higher is better,
#: low, high)
INDICATORS = {
    "green_area_sqm_pp": ("พื้นที่สีเขียวต่อประชากร", "Green space per person", "ตร.ม./คน", "m²/person", True, 3.0, 18.0),
    "piped_water_pct": ("ครัวเรือนที่มีน้ำประปาใช้", "Households with piped water", "%", "%", True, 55.0, 98.0),
    "waste_managed_pct": ("ขยะที่ได้รับการจัดการอย่างถูกต้อง", "Waste managed properly", "%", "%", True, 35.0, 92.0),
    "pm25_days": ("จำนวนวันที่ค่า PM2.5 เกินมาตรฐาน", "Days with PM2.5 above the standard", "วัน/ปี", "days/year", False, 5.0, 95.0),
    "clinic_travel_min": ("เวลาเดินทางถึงหน่วยบริการสุขภาพ", "Travel time to a health centre", "นาที", "minutes", False, 8.0, 45.0),
}  # fmt: skip
INDICATOR_PERIODS = (2565, 2566)


def _count(base: float, minimum: int, scale: float) -> int:
    """Sites per province: ``base`` at full scale, shrinking with the square root of the scale."""
    return max(minimum, round(base * np.sqrt(max(scale, 0.0))))


@functools.cache
def _subdistrict_polygons(cache_dir: str) -> tuple[pd.Series, dict[str, str]]:
    polygons = boundaries.load_level("subdistrict", cache_dir).set_index("code").geometry
    lookup = boundaries.load_lookup(cache_dir).dropna(subset=["polygon_code"])
    return polygons, dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))


def _villages(con: duckdb.DuckDBPyConnection, provinces: list[str]) -> pd.DataFrame:
    """Villages of the target provinces with their poor households in the latest round."""
    rule = PoorRule()
    frame = con.execute(
        f"""WITH latest AS (SELECT max(round_be) AS r FROM households),
            poor AS (SELECT village_code, count(*) FILTER (WHERE {rule.sql()}) AS poor
                     FROM households, latest WHERE round_be = latest.r GROUP BY 1)
            SELECT v.village_code, v.subdistrict_code, v.name_th, v.name_en, v.lat, v.lon,
                   coalesce(p.poor, 0) AS poor
            FROM villages v LEFT JOIN poor p USING (village_code)
            WHERE list_contains(?, left(v.village_code, 2)) AND v.lat IS NOT NULL
            ORDER BY v.village_code""",
        [provinces],
    ).df()
    frame["base_th"] = frame["name_th"].str.removeprefix("บ้าน")
    frame["base_en"] = frame["name_en"].str.removeprefix("Ban ")
    return frame


class _Placer:
    """Picks villages (weighted towards poor ones) and places sites in their subdistrict."""

    def __init__(self, villages: pd.DataFrame, cache_dir: Path, rng: np.random.Generator):
        self.villages = villages
        self.rng = rng
        self.polygons, self.lookup = _subdistrict_polygons(str(cache_dir))
        self.by_province = {
            p: g for p, g in villages.groupby(ancestors(villages["village_code"], "province"))
        }

    def pick(self, province: str, n: int) -> pd.DataFrame:
        pool = self.by_province[province]
        weight = (1.0 + pool["poor"].to_numpy(float)) ** 0.8
        idx = self.rng.choice(
            len(pool), size=min(n, len(pool)), replace=False, p=weight / weight.sum()
        )
        return pool.iloc[np.sort(idx)]

    def place(self, village: pd.Series) -> dict[str, str]:
        """lat/lon inside the village's subdistrict, or (a quarter of the time) only a code."""
        if self.rng.random() < BY_CODE_SHARE:
            code = village.village_code if self.rng.random() < 0.5 else village.subdistrict_code
            return {"lat": "", "lon": "", "area_code": code}
        polygon = self.polygons[self.lookup.get(village.subdistrict_code, village.subdistrict_code)]
        lon, lat = boundaries.random_points_in(polygon, 1, self.rng)[0]
        return {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "area_code": ""}


def _date(rng: np.random.Generator, start: str = "2019-01-01", end: str = "2024-09-30") -> str:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return (a + dt.timedelta(days=int(rng.integers(0, (b - a).days)))).isoformat()


def _phone(rng: np.random.Generator) -> str:
    return f"0{rng.choice([6, 8, 9])}{rng.integers(0, 10)}-{rng.integers(100, 1000)}-{rng.integers(1000, 10000)}"


def _store(
    con, frame: pd.DataFrame, kind: str, gazetteer: sites.Gazetteer, synthetic: bool, name: str
) -> int:
    checked = sites.validate_sites(
        frame.fillna(""), name, kind, gazetteer=gazetteer, known=sites.known_ids(con)
    )
    if checked.problems:
        raise RuntimeError(
            f"the site demo generator made invalid {kind} rows:\n"
            + "\n".join(map(str, checked.problems[:20]))
        )
    sites.store_sites(
        con,
        checked,
        kind,
        import_id=f"demo-{kind}-{uuid.uuid4().hex[:8]}",
        file_name=name,
        file_sha256=None,
        synthetic=synthetic,
    )
    return len(checked.frame)


def catalogue_frame() -> pd.DataFrame:
    """The technology library shipped in data/tables/technologies.csv, every cell text."""
    path = files("data").joinpath(f"tables/{CATALOGUE}")
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def add_demo(
    con: duckdb.DuckDBPyConnection, *, seed: int, scale: float, cache_dir: Path
) -> dict[str, int]:
    """Add the technology library and seeded synthetic sites, products, adoptions and indicators."""
    rng = np.random.default_rng(seed + 7)
    villages_all = con.execute("SELECT village_code, lat, lon FROM villages").df()
    gazetteer = sites.Gazetteer.load(cache_dir, villages_all)
    out: dict[str, int] = {}
    tag = f"{seed}-{scale:g}"
    out["technology"] = _store(con, catalogue_frame(), "technology", gazetteer, False, CATALOGUE)

    provinces = [
        p for p in TARGET_PROVINCES if p in set(ancestors(villages_all["village_code"], "province"))
    ]
    if not provinces:
        return out
    villages = _villages(con, provinces)
    placer = _Placer(villages, cache_dir, rng)
    names = _area_names()
    rows: dict[str, list[dict]] = {k: [] for k in (*sites.SITE_KINDS, "product", "adoption")}
    for p in provinces:
        _province_sites(p, placer, names, rng, scale, rows)
    # products of every enterprise, sold at markets of the same province
    markets = pd.DataFrame(rows["market"])
    for e in rows["enterprise"]:
        local = (
            markets[markets["_province"] == e["_province"]]["site_id"].tolist()
            if len(markets)
            else []
        )
        for j in range(int(rng.integers(1, 4))):
            name_th, name_en, unit_th, unit_en, (lo, hi), mat_th, mat_en = PRODUCTS[
                e["product_type"]
            ][int(rng.integers(len(PRODUCTS[e["product_type"]])))]
            certs = [
                c
                for c, share in (
                    ("otop", 0.5),
                    ("fda", 0.35),
                    ("cps", 0.3),
                    ("gi", 0.06),
                    ("organic", 0.12),
                )
                if rng.random() < share
            ]
            if e["product_type"] not in ("food", "beverage", "herbal"):
                certs = [c for c in certs if c != "fda"]
            rows["product"].append(
                {
                    "product_id": f"{e['site_id']}-P{j + 1}",
                    "enterprise_id": e["site_id"],
                    "name_th": f"{name_th}{e['_village_th']}",
                    "name_en": f"{name_en}, {e['_village_en']}",
                    "product_type": e["product_type"],
                    "description_th": f"{name_th} โดย{e['name_th']}",
                    "description_en": f"{name_en} by {e['name_en']}.",
                    "price_baht": str(int(rng.integers(lo, hi + 1) // 5 * 5)),
                    "unit_th": unit_th,
                    "unit_en": unit_en,
                    "materials_th": mat_th,
                    "materials_en": mat_en,
                    "materials_area_code": e["_subdistrict"],
                    "certifications": "|".join(certs),
                    "sold_at": "|".join(
                        rng.choice(
                            local, size=min(len(local), int(rng.integers(0, 3))), replace=False
                        )
                    )
                    if local
                    else "",
                    "source": SOURCE,
                    "updated_on": _date(rng, "2024-01-01", "2024-09-30"),
                }
            )
    # innovation communities bring library technologies to their own and nearby villages
    tech = con.execute(
        "SELECT site_id, category FROM sites WHERE kind = 'technology' ORDER BY name_th, site_id"
    ).df()
    by_category = {c: g["site_id"].tolist() for c, g in tech.groupby("category")}
    for c in rows["innovation_community"]:
        options = [t for cat in COMMUNITY_TECH[c["category"]] for t in by_category.get(cat, [])]
        if not options:
            continue
        chosen = rng.choice(options, size=min(len(options), int(rng.integers(1, 4))), replace=False)
        same = villages[villages["subdistrict_code"] == c["_subdistrict"]]["village_code"].tolist()
        reach = [c["_village"], *[v for v in same if v != c["_village"]][: int(rng.integers(0, 4))]]
        for t in chosen:
            for v in reach:
                rows["adoption"].append(
                    {
                        "technology_id": t,
                        "village_code": v,
                        "community_id": c["site_id"],
                        "households": str(int(rng.integers(3, 41))),
                        "adopted_on": _date(rng, "2021-06-01", "2024-09-30"),
                        "source": SOURCE,
                    }
                )
    name = f"synthetic-sites-{tag}"
    for kind in (*sites.PLACE_KINDS, "product", "adoption"):
        if not rows[kind]:
            continue
        frame = pd.DataFrame(rows[kind])
        frame = frame[[c for c in frame.columns if not c.startswith("_")]]
        out[kind] = _store(con, frame, kind, gazetteer, True, name)
    out["indicators"] = _indicators(con, provinces, rng, name)
    return out


@functools.cache
def _area_names() -> dict[str, tuple[str, str]]:
    from geo.codes import area_table

    table = area_table()
    return dict(
        zip(table["code"], zip(table["name_th"], table["name_en"], strict=True), strict=True)
    )


def _base(site_id: str, category: str, row: pd.Series, place: dict, extra: dict) -> dict:
    return {
        "site_id": site_id,
        "category": category,
        **place,
        "source": SOURCE,
        "_province": ancestor(row.village_code, "province"),
        "_subdistrict": row.subdistrict_code,
        "_village": row.village_code,
        "_village_th": f"บ้าน{row.base_th}",
        "_village_en": f"Ban {row.base_en}",
        **extra,
    }


def _province_sites(
    p: str,
    placer: _Placer,
    names: dict[str, tuple[str, str]],
    rng: np.random.Generator,
    scale: float,
    rows: dict[str, list[dict]],
) -> None:
    p_th, p_en = names[p]

    def fill(template: tuple[str, str], row: pd.Series) -> tuple[str, str]:
        d_th, d_en = names.get(ancestor(row.village_code, "district"), ("", ""))
        return (
            template[0].format(v=row.base_th, d=d_th, p=p_th),
            template[1].format(v=row.base_en, d=d_en, p=p_en),
        )

    # enterprises
    for i, row in enumerate(placer.pick(p, _count(24, 3, scale)).itertuples(index=False)):
        category = rng.choice(list(ENTERPRISE_PREFIX), p=[0.45, 0.25, 0.1, 0.08, 0.12])
        product_type = rng.choice(list(PRODUCTS), p=[0.24, 0.1, 0.2, 0.16, 0.1, 0.14, 0.06])
        stage = STAGE.get(
            product_type, "downstream" if category == "small_business" else "midstream"
        )
        pre_th, pre_en = ENTERPRISE_PREFIX[category]
        word_th, word_en = PRODUCT_WORD[product_type]
        rows["enterprise"].append(
            _base(
                f"E{p}-{i + 1:03d}",
                category,
                pd.Series(row._asdict()),
                placer.place(row),
                {
                    "name_th": f"{pre_th}{word_th}บ้าน{row.base_th}",
                    "name_en": f"Ban {row.base_en} {word_en} {pre_en}",
                    "product_type": product_type,
                    "value_chain_stage": stage,
                    "members": str(int(rng.integers(7, 80))),
                    "registration_no": f"{row.subdistrict_code}-{int(rng.integers(1, 99)):02d}-{int(rng.integers(1, 999)):03d}"
                    if category == "community_enterprise"
                    else "",
                    "description_th": f"กลุ่มอาชีพ{word_th}ของบ้าน{row.base_th} รวมสมาชิกจากครัวเรือนในชุมชน",
                    "description_en": f"A {word_en.lower()} group of Ban {row.base_en}, with members from the village's households.",
                    "contact": f"ประธานกลุ่ม{word_th}",
                    "phone": _phone(rng),
                    "started_on": _date(rng, "2012-01-01", "2023-12-31"),
                    "updated_on": _date(rng, "2024-01-01", "2024-09-30"),
                },
            )
        )
    # cultural sites, products, markets, innovation communities
    for kind, templates, base, minimum, prefix in (
        ("cultural_site", CULTURAL_SITE, 15, 3, "C"),
        ("cultural_product", CULTURAL_PRODUCT, 8, 2, "CP"),
        ("market", MARKET, 6, 2, "M"),
        ("innovation_community", COMMUNITY, 6, 2, "IC"),
    ):
        for i, row in enumerate(
            placer.pick(p, _count(base, minimum, scale)).itertuples(index=False)
        ):
            category = list(templates)[int(rng.integers(len(templates)))]
            name_th, name_en = fill(templates[category], row)
            extra = {
                "name_th": name_th,
                "name_en": name_en,
                "updated_on": _date(rng, "2023-06-01", "2024-09-30"),
            }
            if kind == "innovation_community":
                extra["members"] = str(int(rng.integers(12, 150)))
            if kind == "cultural_product":
                makers = [e["site_id"] for e in rows["enterprise"] if e["_province"] == p]
                if makers and rng.random() < 0.5:
                    extra["enterprise_id"] = makers[int(rng.integers(len(makers)))]
            rows[kind].append(
                _base(
                    f"{prefix}{p}-{i + 1:03d}",
                    category,
                    pd.Series(row._asdict()),
                    placer.place(row),
                    extra,
                )
            )
    # tourism routes through this province's cultural sites and markets, nearest-neighbour order
    stops_pool = [s for s in rows["cultural_site"] + rows["market"] if s["_province"] == p]
    for i in range(_count(2, 1, scale)):
        if len(stops_pool) < 2:
            break
        # a compact route: a random anchor and the places nearest to it
        anchor = stops_pool[int(rng.integers(len(stops_pool)))]
        a_lat, a_lon = _point_of(anchor, placer)
        pool_points = [_point_of(s, placer) for s in stops_pool]
        near = np.argsort([distance_km(a_lat, a_lon, *pt) for pt in pool_points])
        k = min(len(stops_pool), int(rng.integers(3, 7)))
        chosen = [stops_pool[j] for j in near[:k]]
        points = [pool_points[j] for j in near[:k]]
        order = _nearest_order(points)
        category = list(ROUTE)[int(rng.integers(len(ROUTE)))]
        first = chosen[order[0]]
        district = ancestor(first["_village"], "district")
        name_th = ROUTE[category][0].format(d=names.get(district, ("", ""))[0])
        name_en = ROUTE[category][1].format(d=names.get(district, ("", ""))[1])
        for n, j in enumerate(order, start=1):
            s = chosen[j]
            lat, lon = points[j]
            rows["tourism_route"].append(
                {
                    "site_id": f"R{p}-{i + 1:02d}",
                    "name_th": name_th,
                    "name_en": name_en,
                    "category": category,
                    "description_th": f"เส้นทาง {k} จุดแวะ ผ่านแหล่งวัฒนธรรมและตลาดของชุมชน",
                    "description_en": f"A {k}-stop route through the communities' cultural places and markets.",
                    "stop_no": str(n),
                    "stop_name_th": s["name_th"],
                    "stop_name_en": s["name_en"],
                    "stop_site_id": s["site_id"],
                    "lat": f"{lat:.5f}",
                    "lon": f"{lon:.5f}",
                    "area_code": "",
                    "source": SOURCE,
                    "updated_on": "2024-06-01",
                }
            )


def _point_of(site_row: dict, placer: _Placer) -> tuple[float, float]:
    if site_row["lat"]:
        return float(site_row["lat"]), float(site_row["lon"])
    v = placer.villages.set_index("village_code").loc[site_row["_village"]]
    return float(v["lat"]), float(v["lon"])


def _nearest_order(points: list[tuple[float, float]]) -> list[int]:
    """A route through the points: start at the westernmost, then always the nearest unvisited."""
    left = list(range(len(points)))
    current = min(left, key=lambda j: points[j][1])
    order = [current]
    left.remove(current)
    while left:
        lat, lon = points[current]
        current = min(left, key=lambda j: distance_km(lat, lon, *points[j]))
        order.append(current)
        left.remove(current)
    return order


def _indicators(con, provinces: list[str], rng: np.random.Generator, name: str) -> int:
    districts = boundaries_districts(provinces)
    rows = []
    for code, (th, en, unit, unit_en, better, lo, hi) in INDICATORS.items():
        for p in provinces:
            # the north's haze season: more PM2.5 days in the upper provinces
            north = 1.6 if p in ("50", "55", "57", "58") and code == "pm25_days" else 1.0
            base = rng.uniform(lo, hi) * north
            for period in INDICATOR_PERIODS:
                drift = 1 + (period - INDICATOR_PERIODS[-1]) * rng.uniform(-0.04, 0.06)
                rows.append((code, th, en, unit, unit_en, better, p, period, base * drift))
            for d in districts.get(p, []):
                value = float(np.clip(base * rng.lognormal(0, 0.18), lo * 0.6, hi * 1.6 * north))
                rows.append((code, th, en, unit, unit_en, better, d, INDICATOR_PERIODS[-1], value))
    frame = pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "indicator_name_th",
            "indicator_name_en",
            "unit",
            "unit_en",
            "higher_is_better",
            "area_code",
            "period",
            "value",
        ],
    )
    frame["higher_is_better"] = frame["higher_is_better"].map({True: "true", False: "false"})
    frame["value"] = frame["value"].map("{:.1f}".format)
    frame["period"] = frame["period"].astype(str)
    frame["source"] = SOURCE
    pct = frame["unit"] == "%"
    frame.loc[pct, "value"] = (
        frame.loc[pct, "value"].astype(float).clip(upper=99.5).map("{:.1f}".format)
    )
    checked = sites.validate_indicators(frame, name)
    if checked.problems:
        raise RuntimeError(
            "the demo made invalid indicator rows:\n" + "\n".join(map(str, checked.problems[:20]))
        )
    sites.store_indicators(
        con,
        checked,
        import_id=f"demo-indicators-{uuid.uuid4().hex[:8]}",
        file_name=name,
        file_sha256=None,
        synthetic=True,
    )
    return len(frame)


def boundaries_districts(provinces: list[str]) -> dict[str, list[str]]:
    """Current DOPA district codes of each province."""
    from geo.codes import area_table

    table = area_table()
    districts = table[table["level"] == "district"]
    return {p: sorted(districts.loc[districts["parent_code"] == p, "code"]) for p in provinces}
