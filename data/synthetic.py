"""Seeded synthetic demo data: a three-round household panel in 20 target provinces.

Everything here is **synthetic**: no real household is described. The generator is calibrated to
published programme figures (docs/methods.md, "Synthetic demo data"):

* round 2564 has exactly ``round(140,045 × scale)`` households that fail at least one BMN
  indicator (TPMAP's rule, the default poor rule), with about 637,599 × scale members
  (mean 4.55 people per poor household);
* mean capital scores of poor households near the published Chaloem Phra Kiat means
  (human 2.01, physical 2.87, financial 2.03, natural 2.54, social 2.23);
* poverty clusters by district and subdistrict (log-normal area effects), so maps are not uniform;
* non-poor surveyed households too (about 40 %), as the BMN survey surveys everyone;
* villages placed inside their real subdistrict polygons.

Provinces: the 10 PMUA provinces of 2020 and the 5 expansion provinces of 2021
(docs/methods.md, "Synthetic demo data"), completed to 20 with five provinces that TPMAP 2565 ranks high for targeted poor (Nan, Chiang Rai,
Chiang Mai, Phetchabun, Nakhon Si Thammarat). The real 2022 list was not published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.capitals import CAPITALS, LAND_TENURE_RANK, capital_scores
from data.schema import BMN_CODES, EDUCATION_LEVELS, table
from geo.codes import ancestors

ROUNDS: tuple[int, ...] = (2563, 2564, 2565)
CALIBRATION_ROUND = 2564
POOR_HOUSEHOLDS_2564 = 140_045
POOR_PEOPLE_2564 = 637_599
#: poor households per round relative to 2564 (the programme reports falling numbers)
ROUND_FACTOR = {2563: 1.08, 2564: 1.0, 2565: 0.88}
POOR_SHARE_OF_SURVEYED = 0.60
#: members of a poor-ish household: 1 + Poisson(LAM_POOR)
LAM_POOR = 3.75
CAPITAL_TARGETS = {
    "human": 2.01,
    "physical": 2.87,
    "financial": 2.03,
    "natural": 2.54,
    "social": 2.23,
}

#: province code -> (English name, relative weight). Weights follow TPMAP 2565 targeted-poor counts
#: where the press publishes them (docs/methods.md, "Published figures"), otherwise an estimate of the same order (documented).
TARGET_PROVINCES: dict[str, tuple[str, float]] = {
    "46": ("Kalasin", 20_000),
    "18": ("Chai Nat", 6_000),
    "94": ("Pattani", 24_000),
    "49": ("Mukdahan", 8_000),
    "58": ("Mae Hong Son", 18_000),
    "35": ("Yasothon", 10_000),
    "33": ("Si Sa Ket", 28_892),
    "47": ("Sakon Nakhon", 12_261),
    "32": ("Surin", 25_000),
    "37": ("Amnat Charoen", 2_473),
    "42": ("Loei", 15_000),
    "31": ("Buri Ram", 45_356),
    "30": ("Nakhon Ratchasima", 32_144),
    "34": ("Ubon Ratchathani", 30_000),
    "45": ("Roi Et", 20_000),
    "55": ("Nan", 35_949),
    "57": ("Chiang Rai", 42_140),
    "50": ("Chiang Mai", 52_928),
    "67": ("Phetchabun", 35_548),
    "80": ("Nakhon Si Thammarat", 36_941),
}

# How often each BMN indicator is the one failed, among poor households where it applies.
BMN_FAIL_WEIGHT = {
    "bmn_01": 0.6,
    "bmn_02": 0.5,
    "bmn_03": 0.3,
    "bmn_04": 1.2,
    "bmn_05": 1.4,
    "bmn_06": 0.6,
    "bmn_07": 0.8,
    "bmn_08": 0.7,
    "bmn_09": 0.5,
    "bmn_10": 0.4,
    "bmn_11": 1.0,
    "bmn_12": 0.9,
    "bmn_13": 2.2,
    "bmn_14": 1.6,
    "bmn_15": 4.0,
    "bmn_16": 0.9,
    "bmn_17": 0.8,
}

_VILLAGE_PARTS = [
    ("โนน", "Non"),
    ("หนอง", "Nong"),
    ("ดอน", "Don"),
    ("นา", "Na"),
    ("โคก", "Khok"),
    ("ห้วย", "Huai"),
    ("สระ", "Sa"),
    ("ป่า", "Pa"),
    ("ท่า", "Tha"),
    ("บึง", "Bueng"),
]
_VILLAGE_SUFFIX = [
    ("สว่าง", "Sawang"),
    ("ใหญ่", "Yai"),
    ("แดง", "Daeng"),
    ("คำ", "Kham"),
    ("ทอง", "Thong"),
    ("ยาง", "Yang"),
    ("เหล่า", "Lao"),
    ("ไผ่", "Phai"),
    ("จาน", "Chan"),
    ("บัว", "Bua"),
    ("งาม", "Ngam"),
    ("เจริญ", "Charoen"),
]


@dataclass
class Demo:
    """The generated tables, ready for validation and import."""

    households: pd.DataFrame  # canonical household columns, every round
    members: pd.DataFrame  # canonical member columns, every round
    villages: pd.DataFrame  # village_code, subdistrict_code, village_no, names, lat, lon, synthetic


def generate(
    subdistricts: pd.DataFrame,
    place_points: Callable[[str, int, np.random.Generator], np.ndarray],
    *,
    seed: int = 2564,
    scale: float = 1.0,
    provinces: dict[str, tuple[str, float]] | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> Demo:
    """Generate the demo panel.

    Args:
        subdistricts: current DOPA subdistricts with columns ``code`` (6 digits) and
            ``district_code``; only those in ``provinces`` are used.
        place_points: ``place_points(subdistrict_code, n, rng)`` returns ``n`` (lon, lat) points
            inside that subdistrict's real polygon.
        seed: random seed; the same seed and scale give the same tables.
        scale: size relative to the programme (1.0 = 140,045 poor households in 2564).
    """
    rng = np.random.default_rng(seed)
    provinces = provinces or TARGET_PROVINCES
    n_poor = round(POOR_HOUSEHOLDS_2564 * scale)
    progress(f"placing {n_poor / POOR_SHARE_OF_SURVEYED:,.0f} synthetic households per round")
    subs = subdistricts[ancestors(subdistricts["code"], "province").isin(provinces)].copy()
    subs = subs.sort_values("code").reset_index(drop=True)
    areas = _area_effects(subs, rng)
    villages = _villages(areas, place_points, rng)
    hh = _households(areas, villages, provinces, n_poor, rng)
    progress("drawing members, deprivations and capitals for three rounds")
    members = _members(hh, rng)
    rounds = [_round(hh, members, r, n_poor, rng) for r in ROUNDS]
    households = pd.concat(rounds, ignore_index=True)
    return Demo(households, _member_rounds(members), villages)


def _member_rounds(members: pd.DataFrame) -> pd.DataFrame:
    """The same people in every round, a year older each round (canonical member columns)."""
    member_rounds = pd.concat(
        [members.assign(round_be=r, age=members["age"] + (r - CALIBRATION_ROUND)) for r in ROUNDS],
        ignore_index=True,
    )
    member_rounds["age"] = member_rounds["age"].clip(lower=0)
    return member_rounds[
        ["hh_id", "round_be", "person_no", "age", "sex", "disability", "education", "occupation"]
    ]


# --- national scale ----------------------------------------------------------------------------------

#: The BMN survey's national size (docs/methods.md, "Published figures": TPMAP 2566 used 12,942,574 households and
#: 36,130,610 people): the national mode's households per round and mean people per household.
NATIONAL_HOUSEHOLDS = 12_942_574
NATIONAL_PEOPLE = 36_130_610
#: TPMAP-targeted households in the จปฐ. 2564 data (docs/methods.md, "Published figures"; ThaiQM): the national mode's
#: poor households (failing at least one BMN indicator) in round 2564 at scale 1 (5 % of surveyed).
NATIONAL_POOR_HOUSEHOLDS_2564 = 652_863
#: Published TPMAP 2565 targeted poor, % of the province's surveyed people (docs/methods.md, "Published figures"): the
#: relative poverty of these provinces in the national mode.
PUBLISHED_POOR_PCT: dict[str, float] = {
    "50": 5.36,  # Chiang Mai
    "31": 4.41,  # Buri Ram
    "57": 5.42,  # Chiang Rai
    "80": 4.3,  # Nakhon Si Thammarat
    "41": 3.7,  # Udon Thani
    "55": 10.97,  # Nan
    "67": 5.0,  # Phetchabun
    "30": 1.87,  # Nakhon Ratchasima
    "36": 3.64,  # Chaiyaphum
    "33": 3.08,  # Si Sa Ket
    "23": 0.58,  # Trat
    "75": 0.75,  # Samut Songkhram
    "73": 0.3,  # Nakhon Pathom
    "26": 1.29,  # Nakhon Nayok
}
#: Where no figure is published: an estimate by region (the DOPA code's first digit: 1 centre,
#: 2 east, 3-4 north-east, 5-6 north, 7 west, 8-9 south), Bangkok (10) lowest.
REGION_POOR_PCT: dict[str, float] = {
    "1": 1.0,
    "2": 1.0,
    "3": 3.5,
    "4": 3.5,
    "5": 5.0,
    "6": 3.0,
    "7": 1.5,
    "8": 2.5,
    "9": 4.0,
}
BANGKOK_POOR_PCT = 0.3
#: Households per village on average (about 74,000 villages for 12.9 M households).
HOUSEHOLDS_PER_VILLAGE = 175
#: At most this many households in one village (hh_id numbers them with 4 digits).
MAX_VILLAGE_HOUSEHOLDS = 5_000


@dataclass
class ProvinceChunk:
    """One province of the national panel: every round of its households and members."""

    province_code: str
    households: pd.DataFrame
    members: pd.DataFrame
    villages: pd.DataFrame


def province_poor_pct(province_code: str) -> float:
    """Relative poverty of a province: the published TPMAP share, else the regional estimate."""
    if province_code in PUBLISHED_POOR_PCT:
        return PUBLISHED_POOR_PCT[province_code]
    if province_code == "10":
        return BANGKOK_POOR_PCT
    return REGION_POOR_PCT[province_code[0]]


def national_plan(subdistricts: pd.DataFrame, *, seed: int, scale: float) -> pd.DataFrame:
    """Households and poor households (round 2564) per province of the national panel.

    Households spread over provinces by their number of subdistricts (times a seeded
    log-normal factor); ``round(NATIONAL_POOR_HOUSEHOLDS_2564 × scale)`` poor households spread
    by households × :func:`province_poor_pct`. Every province has at least one poor household.
    Columns: province_code, subdistricts, households, poor_2564.
    """
    rng = np.random.default_rng([seed, 0])
    n_subs = ancestors(subdistricts["code"], "province").value_counts().sort_index()
    size = n_subs.to_numpy() * rng.lognormal(0, 0.25, len(n_subs))
    households = _integer_split(round(NATIONAL_HOUSEHOLDS * scale), size / size.sum(), rng)
    pct = np.array([province_poor_pct(p) for p in n_subs.index])
    weight = households * pct
    poor = _integer_split(round(NATIONAL_POOR_HOUSEHOLDS_2564 * scale), weight / weight.sum(), rng)
    cap = np.floor(households / max(ROUND_FACTOR.values())).astype(int)
    poor = np.clip(poor, 1, np.maximum(cap, 1))
    return pd.DataFrame(
        {
            "province_code": n_subs.index.astype(str),
            "subdistricts": n_subs.to_numpy(),
            "households": households,
            "poor_2564": poor,
        }
    )


def generate_national(
    subdistricts: pd.DataFrame,
    place_points: Callable[[str, int, np.random.Generator], np.ndarray],
    *,
    seed: int = 2564,
    scale: float = 1.0,
    provinces: list[str] | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> Iterator[ProvinceChunk]:
    """The national panel (every province of ``subdistricts``), one province at a time.

    The same generator as the demo (area effects, villages in the real polygons, persistent
    households and members, exactly calibrated poor households per round, poor people near 4.55
    per poor household in 2564, deprivations, capitals, causes), calibrated per province by
    :func:`national_plan`: ``round(NATIONAL_HOUSEHOLDS × scale)`` households per round with
    ``NATIONAL_PEOPLE / NATIONAL_HOUSEHOLDS`` people each on average. Memory is bounded by the
    largest province. Each province draws from its own seeded stream (so one province can be
    drawn alone, identically); its capital calibration is found on its first round and reused.

    Args:
        provinces: only these province codes (default all), e.g. for a test.
    """
    plan = national_plan(subdistricts, seed=seed, scale=scale)
    if provinces is not None:
        plan = plan[plan["province_code"].isin(provinces)]
    mean_size = NATIONAL_PEOPLE / NATIONAL_HOUSEHOLDS
    for row in plan.itertuples(index=False):
        code = row.province_code
        capital_offset: dict[str, float] = {}  # found on the first round, reused for the others
        rng = np.random.default_rng([seed, int(code)])
        subs = subdistricts[ancestors(subdistricts["code"], "province") == code]
        subs = subs.sort_values("code").reset_index(drop=True)
        areas = _area_effects(subs, rng)
        counts = _integer_split(
            int(row.households), _subdistrict_weights(areas["effect"].to_numpy(), rng), rng
        )
        n_villages = np.clip(np.rint(counts / HOUSEHOLDS_PER_VILLAGE), 3, 60)
        n_villages = np.maximum(n_villages, np.ceil(counts / MAX_VILLAGE_HOUSEHOLDS)).astype(int)
        villages = _villages(areas, place_points, rng, counts=n_villages)
        hh = _place_households(areas, villages, np.repeat(areas.index.to_numpy(), counts), rng)
        poor_share = min(POOR_SHARE_OF_SURVEYED, row.poor_2564 / max(row.households, 1))
        members = _members(hh, rng, poor_share, _lam_other(hh, poor_share, mean_size))
        rounds = [
            _round(
                hh,
                members,
                r,
                int(row.poor_2564),
                rng,
                capital_offset,
                depth_quantile=1 - poor_share,
            )
            for r in ROUNDS
        ]
        progress(f"province {code}: {len(hh):,} households, {len(members):,} people per round")
        yield ProvinceChunk(
            code, pd.concat(rounds, ignore_index=True), _member_rounds(members), villages
        )


def _lam_other(hh: pd.DataFrame, poor_share: float, mean_size: float) -> float:
    """Poisson mean of the non-poor households' size so all households average ``mean_size``
    (elderly-only households have 1 or 2 people, poor-ish ones 1 + Poisson(LAM_POOR))."""
    elderly = float(hh["elderly_only"].mean()) if len(hh) else 0.0
    others = (mean_size - 1.5 * elderly) / max(1 - elderly, 1e-9)
    return max(0.1, (others - poor_share * (1 + LAM_POOR)) / max(1 - poor_share, 1e-9) - 1)


# --- area effects and villages ------------------------------------------------------------------


def _area_effects(subs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    districts = subs["district_code"].unique()
    district_effect = dict(zip(districts, rng.normal(0, 0.55, len(districts)), strict=True))
    subs = subs.copy()
    subs["effect"] = subs["district_code"].map(district_effect) + rng.normal(0, 0.35, len(subs))
    return subs


def _villages(
    areas: pd.DataFrame, place_points, rng: np.random.Generator, counts: np.ndarray | None = None
) -> pd.DataFrame:
    """Villages of each subdistrict (5-15 each, or ``counts``), placed inside its real polygon."""
    rows = []
    for j, code in enumerate(areas["code"]):
        n = int(rng.integers(5, 16)) if counts is None else int(counts[j])
        points = place_points(code, n, rng)
        for i in range(n):
            a = _VILLAGE_PARTS[rng.integers(len(_VILLAGE_PARTS))]
            b = _VILLAGE_SUFFIX[rng.integers(len(_VILLAGE_SUFFIX))]
            rows.append(
                (
                    f"{code}{i + 1:02d}",
                    code,
                    i + 1,
                    f"บ้าน{a[0]}{b[0]}",
                    f"Ban {a[1]} {b[1]}",
                    float(points[i][1]),
                    float(points[i][0]),
                )
            )
    villages = pd.DataFrame(
        rows,
        columns=[
            "village_code",
            "subdistrict_code",
            "village_no",
            "name_th",
            "name_en",
            "lat",
            "lon",
        ],
    )
    villages["synthetic"] = True
    return villages


def _households(areas, villages, provinces, n_poor, rng) -> pd.DataFrame:
    weights = pd.Series({code: w for code, (_, w) in provinces.items()}, dtype=float)
    weights = weights / weights.sum()
    n_total = round(n_poor / POOR_SHARE_OF_SURVEYED)
    per_province = _integer_split(n_total, weights.to_numpy(), rng)
    parts = []
    for (province, _), n in zip(weights.items(), per_province, strict=True):
        subs = areas[ancestors(areas["code"], "province") == province]
        counts = _integer_split(n, _subdistrict_weights(subs["effect"].to_numpy(), rng), rng)
        parts.append(np.repeat(subs.index.to_numpy(), counts))
    return _place_households(areas, villages, np.concatenate(parts), rng)


def _subdistrict_weights(effect: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How a province's households spread over its subdistricts (more where poverty is deeper)."""
    alloc = np.exp(0.9 * effect) * rng.lognormal(0, 0.3, len(effect))
    return alloc / alloc.sum()


def _place_households(
    areas: pd.DataFrame, villages: pd.DataFrame, idx: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """One household per entry of ``idx`` (a row of ``areas``): village, ID, traits, GPS."""
    hh = areas.loc[idx, ["code", "district_code", "effect"]].reset_index(drop=True)
    hh = hh.rename(columns={"code": "subdistrict_code"})
    hh["province_code"] = ancestors(hh["subdistrict_code"], "province")
    # a village inside the household's subdistrict
    vil = villages.groupby("subdistrict_code")["village_no"].max()
    hh["village_no"] = (rng.random(len(hh)) * hh["subdistrict_code"].map(vil).to_numpy()).astype(
        int
    ) + 1
    hh["village_code"] = hh["subdistrict_code"] + hh["village_no"].map("{:02d}".format)
    hh = hh.sort_values(["village_code"], kind="stable").reset_index(drop=True)
    hh["hh_id"] = (
        "H"
        + hh["village_code"]
        + "-"
        + (hh.groupby("village_code").cumcount() + 1).map("{:04d}".format)
    )
    # persistent household traits
    hh["latent"] = hh["effect"] + rng.normal(0, 0.9, len(hh))
    hh["elderly_only"] = rng.random(len(hh)) < 0.05 + 0.05 * (hh["latent"] > 0.5)
    vpos = villages.set_index("village_code")[["lat", "lon"]]
    has_gps = rng.random(len(hh)) < 0.45
    jitter = rng.normal(0, 0.003, (len(hh), 2))
    hh["lat"] = np.where(has_gps, hh["village_code"].map(vpos["lat"]) + jitter[:, 0], np.nan)
    hh["lon"] = np.where(has_gps, hh["village_code"].map(vpos["lon"]) + jitter[:, 1], np.nan)
    return hh


def _integer_split(total: int, shares: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` into integers proportional to ``shares`` that sum exactly to ``total``."""
    raw = shares * total
    counts = np.floor(raw).astype(int)
    rest = total - counts.sum()
    if rest:
        order = np.argsort(-(raw - counts) + rng.random(len(raw)) * 1e-9)
        counts[order[:rest]] += 1
    return counts


# --- members ----------------------------------------------------------------------------------------


def _members(
    hh: pd.DataFrame,
    rng: np.random.Generator,
    poor_share: float = POOR_SHARE_OF_SURVEYED,
    lam_other: float = 2.05,
) -> pd.DataFrame:
    """People per household (ages as of round 2564); poorer households are larger.

    The ``poor_share`` of households with the highest latent score have 1 + Poisson(3.75)
    members, the others 1 + Poisson(``lam_other``); elderly-only households have 1 or 2.
    """
    poorish = hh["latent"].to_numpy() > np.quantile(hh["latent"], 1 - poor_share)
    lam = np.where(poorish, LAM_POOR, lam_other)
    size = 1 + rng.poisson(lam)
    size = np.where(hh["elderly_only"], rng.integers(1, 3, len(hh)), np.minimum(size, 14))
    hh["members"] = size
    person_hh = np.repeat(np.arange(len(hh)), size)
    n = len(person_hh)
    starts = np.repeat(np.cumsum(size) - size, size)
    person_no = np.arange(n) - starts + 1
    group = rng.choice(3, size=n, p=[0.27, 0.53, 0.20])  # child, working age, elderly
    # the first person is an adult
    group = np.where(person_no == 1, np.where(rng.random(n) < 0.25, 2, 1), group)
    elderly_only = hh["elderly_only"].to_numpy()[person_hh]
    group = np.where(elderly_only, 2, group)
    age = np.select(
        [group == 0, group == 1, group == 2],
        [rng.integers(0, 15, n), rng.integers(15, 60, n), rng.integers(60, 91, n)],
    )
    disability = rng.random(n) < np.where(group == 2, 0.09, 0.025)
    edu_p = np.array([0.12, 0.45, 0.18, 0.14, 0.06, 0.05])
    education = rng.choice(len(EDUCATION_LEVELS), size=n, p=edu_p)
    education = np.where(age < 7, 0, np.where(age < 13, np.minimum(education, 1), education))
    occupation = np.select(
        [age < 15, age >= 60],
        [
            np.full(n, "student"),
            rng.choice(["farmer", "not_working", "self_employed"], n, p=[0.45, 0.45, 0.10]),
        ],
        default=rng.choice(
            [
                "farmer",
                "labourer",
                "trader",
                "employee",
                "self_employed",
                "unemployed",
                "civil_servant",
            ],
            n,
            p=[0.40, 0.25, 0.08, 0.12, 0.07, 0.07, 0.01],
        ),
    )
    return pd.DataFrame(
        {
            "hh_index": person_hh,
            "hh_id": hh["hh_id"].to_numpy()[person_hh],
            "person_no": person_no,
            "age": age,
            "sex": rng.choice(["M", "F"], n),
            "disability": disability,
            "education": np.array(EDUCATION_LEVELS)[education],
            "occupation": occupation,
        }
    )


# --- one round ----------------------------------------------------------------------------------------


def _round(
    hh: pd.DataFrame,
    members: pd.DataFrame,
    round_be: int,
    n_poor_2564: int,
    rng,
    capital_offset: dict[str, float] | None = None,
    depth_quantile: float = 1 - POOR_SHARE_OF_SURVEYED,
) -> pd.DataFrame:
    """One survey round of ``hh``: exactly ``round(n_poor_2564 × ROUND_FACTOR)`` poor households.

    ``capital_offset`` (national mode): the capital calibration found on an earlier chunk; an
    empty dict is filled by this call's calibration, a filled one is used without re-scoring.
    """
    n = len(hh)
    shift = round_be - CALIBRATION_ROUND
    ages = members["age"].to_numpy() + shift
    idx = members["hh_index"].to_numpy()
    under15 = np.bincount(idx, ages < 15, minlength=n)
    working = np.bincount(idx, (ages >= 15) & (ages < 60), minlength=n)
    elderly = np.bincount(idx, ages >= 60, minlength=n)
    disabled = np.bincount(idx, members["disability"].to_numpy(), minlength=n)
    newborn = np.bincount(idx, ages == 0, minlength=n) > 0
    child_3_5 = np.bincount(idx, (ages >= 3) & (ages <= 5), minlength=n) > 0
    child_6_14 = np.bincount(idx, (ages >= 6) & (ages <= 14), minlength=n) > 0
    grad_15_17 = np.bincount(idx, (ages >= 15) & (ages <= 17), minlength=n) > 0

    # who is poor this round: exactly the calibrated number, by a latent score with round noise
    score = hh["latent"].to_numpy() + rng.normal(0, 0.45, n)
    target = round(n_poor_2564 * ROUND_FACTOR[round_be])
    poor = np.zeros(n, bool)
    poor[np.argsort(-score, kind="stable")[:target]] = True
    if round_be == CALIBRATION_ROUND:
        poor = _calibrate_people(poor, score, hh["members"].to_numpy(), target)

    applicable = {
        "bmn_01": newborn,
        "bmn_09": child_3_5,
        "bmn_10": child_6_14,
        "bmn_11": grad_15_17,
        "bmn_12": working > 0,
        "bmn_13": working > 0,
        "bmn_14": elderly > 0,
        "bmn_16": elderly > 0,
        "bmn_17": disabled > 0,
    }
    bmn = _deprivations(poor, score, applicable, rng, depth_quantile)

    out = pd.DataFrame(
        {
            "hh_id": hh["hh_id"],
            "round_be": round_be,
            "province_code": hh["province_code"],
            "district_code": hh["district_code"],
            "subdistrict_code": hh["subdistrict_code"],
            "village_code": hh["village_code"],
            "village_no": hh["village_no"],
            "lat": hh["lat"].round(6),
            "lon": hh["lon"].round(6),
            "members": hh["members"],
            "members_under_15": under15,
            "members_60_plus": elderly,
            "members_disabled": disabled,
        }
    )
    income_fail = bmn["bmn_15"] == 0
    income = np.where(
        income_fail,
        rng.triangular(8_000, 12_000, 37_900, n),
        np.where(poor, rng.uniform(38_000, 60_000, n), 38_000 + rng.lognormal(10.3, 0.6, n)),
    )
    out["income_per_person_year"] = np.round(income, -1)
    out["welfare_card"] = rng.random(n) < np.where(poor, 0.72, 0.33)
    for code in BMN_CODES:
        out[code] = bmn[code]
    capitals = _capital_indicators(out, working, poor, score, rng, capital_offset)
    out = pd.concat([out, capitals], axis=1)
    out["main_cause"] = _main_cause(out, poor, rng)
    return out


def _calibrate_people(
    poor: np.ndarray, score: np.ndarray, size: np.ndarray, target: int
) -> np.ndarray:
    """Swap marginal households in/out of poverty until poor people are within 0.2 % of the target.

    The number of poor households stays exactly ``target``; only who is at the margin changes.
    """
    people_target = POOR_PEOPLE_2564 * target / POOR_HOUSEHOLDS_2564
    order = np.argsort(-score, kind="stable")
    poor = poor.copy()
    gap = people_target - size[poor].sum()
    inside = order[:target][::-1]  # least poor first
    outside = order[target:]  # most poor first
    if gap > 0:
        give, take = inside[size[inside] <= 3], outside[size[outside] >= 6]
    else:
        give, take = inside[size[inside] >= 6], outside[size[outside] <= 3]
    for a, b in zip(give, take, strict=False):
        if abs(gap) <= 0.002 * people_target:
            break
        poor[a], poor[b] = False, True
        gap -= size[b] - size[a]
    return poor


def _deprivations(
    poor: np.ndarray,
    score: np.ndarray,
    applicable: dict,
    rng,
    depth_quantile: float = 1 - POOR_SHARE_OF_SURVEYED,
) -> dict[str, np.ndarray]:
    n = len(poor)
    codes = list(BMN_CODES)
    app = np.column_stack([applicable.get(c, np.ones(n, bool)) for c in codes])
    w = np.array([BMN_FAIL_WEIGHT[c] for c in codes])
    # poor households fail 1 + Poisson(lambda) applicable indicators; deeper poverty fails more
    depth = np.clip(score - np.quantile(score, depth_quantile), 0, None)
    k = 1 + rng.poisson(0.5 + 0.6 * depth)
    weights = app * w
    # Gumbel-top-k: sample k indicators without replacement, proportional to weight
    keys = np.log(np.where(weights > 0, weights, 1e-300)) + rng.gumbel(size=weights.shape)
    keys[weights == 0] = -np.inf
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    fails = (rank < k[:, None]) & (weights > 0) & poor[:, None]
    out = {}
    for j, c in enumerate(codes):
        col = np.where(fails[:, j], 0, 1).astype(np.int8)
        out[c] = pd.arrays.IntegerArray(col, ~app[:, j])  # not applicable: missing
    return out


def _capital_indicators(
    out: pd.DataFrame,
    working: np.ndarray,
    poor: np.ndarray,
    score,
    rng,
    known_offset: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Raw capital measures drawn so the scored capitals of poor households hit CAPITAL_TARGETS.

    The mean of rounded, clipped scores is not the level drawn, so the levels are corrected by
    scoring the draw (three passes). ``known_offset``: corrections found before (filled in place
    when empty); when given, one pass with them and no scoring.
    """
    n = len(out)
    scoring = pd.DataFrame(table("capital_scoring"))
    out["members"].to_numpy()
    z = (score - score.mean()) / score.std()
    cols: dict[str, np.ndarray] = {}
    noise = {m: rng.normal(0, 0.75, n) for m in scoring["measure"]}
    reuse = bool(known_offset)
    offset = dict(known_offset) if reuse else dict.fromkeys(CAPITALS, 0.0)
    for _ in range(1 if reuse else 3):  # the mean of rounded, clipped scores is not the level
        draw = np.random.default_rng(int(rng.integers(1 << 31)))
        for capital in CAPITALS:
            level = np.where(poor, CAPITAL_TARGETS[capital] + offset[capital], 3.0)
            level = level - 0.25 * (z - z[poor].mean()) * poor
            for _, rule in scoring[scoring["capital"] == capital].iterrows():
                if rule["measure"] == "income_per_person_year":
                    cols[rule["measure"]] = out["income_per_person_year"].to_numpy()
                    continue
                target = np.clip(np.rint(level + noise[rule["measure"]]), 1, 4).astype(int)
                cols[rule["measure"]] = _value_for_score(target, rule, draw)
        probe = _raw_capitals(out, cols, working, poor, rng=draw)
        if reuse:
            break
        got = capital_scores(probe.join(out[["members", "income_per_person_year"]]), scoring)
        for capital in CAPITALS:
            offset[capital] += CAPITAL_TARGETS[capital] - got.loc[poor, capital].mean()
    if known_offset is not None and not reuse and poor.any():
        known_offset.update(offset)
    return probe


def _raw_capitals(out, cols, working, poor, rng) -> pd.DataFrame:
    n = len(out)
    members = out["members"].to_numpy()
    income_year = out["income_per_person_year"].to_numpy() * members
    raw = pd.DataFrame(index=out.index)
    raw["hc_max_education_years"] = cols["hc_max_education_years"].astype(int)
    raw["hc_earners"] = np.minimum(np.rint(cols["earner_share"] * members), members).astype(int)
    raw["hc_earners"] = np.minimum(
        raw["hc_earners"], np.maximum(working, 0) + (out["members_60_plus"] > 0)
    )
    raw["hc_chronic_ill"] = np.minimum(
        np.rint(cols["chronic_ill_share"] * members), members
    ).astype(int)
    raw["hc_vocational_skill"] = cols["hc_vocational_skill"] >= 0.5
    raw["pc_housing_condition"] = cols["pc_housing_condition"].astype(int)
    raw["pc_drinking_water_lpd"] = np.round(cols["pc_drinking_water_lpd"], 1)
    raw["pc_electricity"] = rng.random(n) < np.where(poor, 0.95, 0.995)
    raw["pc_productive_assets"] = cols["pc_productive_assets"].astype(int)
    raw["pc_travel_minutes"] = np.round(cols["pc_travel_minutes"])
    raw["fc_savings_baht"] = np.round(cols["savings_months"] * income_year / 12, -1)
    raw["fc_debt_baht"] = np.round(cols["debt_to_income"] * income_year, -2)
    raw["fc_informal_debt"] = cols["fc_informal_debt"] >= 0.5
    raw["nc_farm_land_rai"] = np.round(cols["nc_farm_land_rai"], 1)
    inv_tenure = {v: k for k, v in LAND_TENURE_RANK.items()}
    raw["nc_land_tenure"] = (
        pd.Series(cols["land_tenure_rank"].astype(int)).map(inv_tenure).to_numpy()
    )
    raw["nc_farm_water"] = cols["nc_farm_water"] >= 0.5
    raw["nc_disaster_exposure"] = cols["nc_disaster_exposure"].astype(int)
    raw["sc_group_memberships"] = cols["sc_group_memberships"].astype(int)
    raw["sc_community_participation"] = cols["sc_community_participation"] >= 0.5
    raw["sc_support_network"] = cols["sc_support_network"].astype(int)
    # the income measure is the household's real income, not a draw: keep drinking water coherent
    # with BMN 6 (deprived below 5 litres per person per day)
    bmn6 = out["bmn_06"].to_numpy(dtype=float, na_value=np.nan)
    water = raw["pc_drinking_water_lpd"].to_numpy()
    raw["pc_drinking_water_lpd"] = np.where(
        bmn6 == 0, np.minimum(water, 4.9), np.maximum(water, 5.0)
    )
    return raw


def _value_for_score(score: np.ndarray, rule: pd.Series, rng) -> np.ndarray:
    """A raw value that scores ``score`` under ``rule`` (the inverse of score_measure)."""
    lo, hi = float(rule["lowest"]), float(rule["highest"])
    c2, c3, c4 = float(rule["cut_2"]), float(rule["cut_3"]), float(rule["cut_4"])
    integer = rule["integer"] == "1"
    if c2 == c3 == c4:  # a yes/no measure: 1 -> the bad value, 4 -> the good one
        good = score >= 3 if rule["better"] == "higher" else score < 3
        return np.where(good, 1.0, 0.0) if rule["better"] == "higher" else np.where(good, 0.0, 1.0)
    if rule["better"] == "higher":
        edges = [(lo, c2), (c2, c3), (c3, c4), (c4, hi)]
    else:
        edges = [
            (c2 + (1 if integer else 1e-6), hi),
            (c3 + (1 if integer else 1e-6), c2),
            (c4 + (1 if integer else 1e-6), c3),
            (lo, c4),
        ]
    table_ = np.array(edges, dtype=float)
    a = table_[np.asarray(score) - 1, 0]
    b = table_[np.asarray(score) - 1, 1]
    if integer:
        if rule["better"] == "higher":
            return np.floor(a + rng.random(len(a)) * np.maximum(b - a, 1)).clip(
                a, np.maximum(b - 1, a)
            )
        return np.floor(a + rng.random(len(a)) * np.maximum(b - a + 1, 1)).clip(a, b)
    return a + rng.random(len(a)) * (b - a) * 0.999


def _main_cause(out: pd.DataFrame, poor: np.ndarray, rng) -> np.ndarray:
    """One main cause per poor household, weighted by what the household's data show."""
    n = len(out)
    scores = capital_scores(out, pd.DataFrame(table("capital_scoring")))
    causes = [r["code"] for r in table("causes")]
    w = np.full((n, len(causes)), 0.15)
    col = {c: i for i, c in enumerate(causes)}
    w[:, col["illness"]] += 1.5 * (out["hc_chronic_ill"] > 0)
    w[:, col["disability"]] += 2.0 * (out["members_disabled"] > 0)
    w[:, col["lack_labour"]] += 2.0 * (out["members_60_plus"] == out["members"]) + 1.0 * (
        out["hc_earners"] == 0
    )
    w[:, col["education_cost"]] += 0.8 * (out["members_under_15"] >= 2)
    w[:, col["lack_land"]] += 1.5 * (out["nc_land_tenure"] == "none")
    w[:, col["lack_water"]] += 1.2 * (~out["nc_farm_water"].astype(bool))
    w[:, col["disaster"]] += 1.0 * (out["nc_disaster_exposure"] >= 2)
    w[:, col["lack_capital"]] += 2.0 * (scores["financial"] < 2)
    w[:, col["lack_skills"]] += 1.5 * (scores["human"] < 2)
    w[:, col["poor_transport"]] += 0.8 * (out["pc_travel_minutes"] > 60)
    w[:, col["low_motivation"]] += 0.3
    w[:, col["marriage_cost"]] += 0.05
    w[:, col["other"]] += 0.1
    p = w / w.sum(axis=1, keepdims=True)
    pick = (p.cumsum(axis=1) > rng.random(n)[:, None]).argmax(axis=1)
    cause = np.array(causes, dtype=object)[pick]
    return np.where(poor, cause, None)


def with_test_ids(
    households: pd.DataFrame, rng: np.random.Generator, share: float = 0.5
) -> pd.DataFrame:
    """Add synthetic, checksum-valid national IDs for a share of household heads (to exercise hashing)."""
    n = len(households)
    body = rng.integers(0, 10, (n, 12))
    body[:, 0] = rng.integers(1, 9, n)
    total = (body * np.arange(13, 1, -1)).sum(axis=1)
    check = (11 - total % 11) % 10
    digits = np.column_stack([body, check]).astype(np.uint8) + ord("0")
    ids = np.ascontiguousarray(digits).view("S13").ravel().astype(str)
    keep = rng.random(n) < share
    out = households.copy()
    out["head_national_id"] = np.where(keep, ids, None)
    return out
