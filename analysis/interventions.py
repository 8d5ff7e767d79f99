"""How to get them out: the interventions catalogue and the transparent rules that match households to it.

The catalogue is data (``data/tables/interventions.csv`` and ``data/tables/agencies.csv``, both
editable, Thai and English). Each intervention names its type, the agency responsible and the
deficits it addresses: capital measures (``capital_scoring.csv``), TPMAP/BMN indicators and main
causes of hardship (``causes.csv``); lists are separated by ``;``.

A household's **deficits** are

* every BMN indicator it fails (value 0; empty = not applicable is never a deficit);
* every capital measure scoring at or below ``deficit_score`` (default 1, "very poor") on the 1–4
  scale of :mod:`analysis.capitals`;
* its main cause of hardship.

**Rule.** An intervention is recommended when it addresses at least one of the household's deficits
and the household meets the intervention's requirement (``requires``: e.g. a working-age member
for skills training). Recommendations are ranked by points: each failed indicator addressed and the
main cause count ``2``, each weak capital measure ``1`` (:data:`DEFAULT_POINTS`); ties keep
catalogue order. Every recommendation carries the deficits that triggered it, shown as reasons
such as "Human capital 1.5/4: no member earns an income".

Example:
    >>> cat = load_catalogue()
    >>> "SP-RELIEF" in cat.interventions.index
    True
    >>> deficit_key("bmn", "bmn_13"), parse_key("measure:earner_share")
    ('bmn:bmn_13', ('measure', 'earner_share'))
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import capitals as cap

#: Intervention types (docs/methods.md, "Interventions"), Thai and English.
INTERVENTION_TYPES: dict[str, tuple[str, str]] = {
    "livelihood": ("อาชีพและการผลิต", "Livelihood and production"),
    "employment": ("การจ้างงานและทักษะ", "Employment and skills"),
    "education": ("การศึกษา", "Education"),
    "health": ("สุขภาพ", "Health"),
    "housing": ("ที่อยู่อาศัยและการย้ายถิ่นฐาน", "Housing and relocation"),
    "land_water": ("ที่ดินและแหล่งน้ำ", "Land and water"),
    "finance": ("การเงินและสินเชื่อ", "Finance and credit"),
    "social_protection": ("การคุ้มครองทางสังคม", "Social protection"),
}

#: Who an intervention can serve (``requires`` column): a condition on the household record.
REQUIREMENTS: dict[str, tuple[str, str]] = {
    "working_age": ("มีสมาชิกวัยแรงงาน (15-59 ปี)", "has a working-age member (15-59)"),
    "elderly": ("มีสมาชิกอายุ 60 ปีขึ้นไป", "has a member aged 60+"),
    "disabled": ("มีสมาชิกพิการ", "has a disabled member"),
    "children": ("มีเด็กอายุต่ำกว่า 15 ปี", "has a child under 15"),
    "no_welfare_card": ("ยังไม่มีบัตรสวัสดิการแห่งรัฐ", "holds no state welfare card"),
    "farmland": ("มีที่ดินทำกิน", "farms some land"),
}

DEFICIT_KINDS = ("bmn", "measure", "cause")
#: Points per matched deficit kind (see the module docstring).
DEFAULT_POINTS: dict[str, float] = {"bmn": 2.0, "cause": 2.0, "measure": 1.0}
LIST_COLUMNS = ("capitals", "measures", "indicators", "causes", "requires")
INTERVENTION_COLUMNS = ("code", "type", "name_th", "name_en", "agency", *LIST_COLUMNS)
AGENCY_COLUMNS = ("code", "short_th", "name_th", "short_en", "name_en", "kind")
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def deficit_key(kind: str, code: str) -> str:
    """The key of one deficit, e.g. ``bmn:bmn_13``, ``measure:earner_share``, ``cause:illness``."""
    return f"{kind}:{code}"


def parse_key(key: str) -> tuple[str, str]:
    kind, _, code = key.partition(":")
    return kind, code


# --- reference tables ----------------------------------------------------------------------------


def _table(name: str) -> pd.DataFrame:
    text = files("data").joinpath(f"tables/{name}.csv").read_text(encoding="utf-8")
    return pd.DataFrame(list(csv.DictReader(io.StringIO(text))))


def scoring_table() -> pd.DataFrame:
    """The capital scoring table (one row per measure)."""
    return _table("capital_scoring")


def _bmn_table() -> pd.DataFrame:
    return _table("bmn_indicators")


def _causes_table() -> pd.DataFrame:
    return _table("causes")


def _capitals_table() -> pd.DataFrame:
    return _table("capitals")


# --- the catalogue -----------------------------------------------------------------------------------


class CatalogueError(ValueError):
    """The catalogue refers to something that does not exist; ``problems`` lists every one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid interventions catalogue:\n" + "\n".join(problems))


@dataclass(frozen=True)
class Catalogue:
    """Interventions (indexed by code; list columns as tuples) and agencies (indexed by code)."""

    interventions: pd.DataFrame
    agencies: pd.DataFrame

    def addresses(self) -> pd.DataFrame:
        """Boolean matrix: intervention × deficit key it addresses."""
        rows = {}
        for code, r in self.interventions.iterrows():
            keys = (
                [deficit_key("bmn", c) for c in r["indicators"]]
                + [deficit_key("measure", m) for m in r["measures"]]
                + [deficit_key("cause", c) for c in r["causes"]]
            )
            rows[code] = dict.fromkeys(keys, True)
        frame = pd.DataFrame.from_dict(rows, orient="index").reindex(self.interventions.index)
        return frame.fillna(False).astype(bool)

    def name(self, code: str, lang: str = "th") -> str:
        col = "name_en" if lang == "en" else "name_th"
        return str(self.interventions[col].get(code, code))

    def agency_name(self, code: str, lang: str = "th", short: bool = False) -> str:
        col = ("short_" if short else "name_") + ("en" if lang == "en" else "th")
        return str(self.agencies[col].get(code, code))

    def type_of(self, code: str) -> str:
        return str(self.interventions["type"].get(code, ""))


def _split(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ()
    return tuple(v.strip() for v in str(value).split(";") if v.strip())


def _read(source: Path | str | pd.DataFrame | None, name: str) -> pd.DataFrame:
    if source is None:
        return _table(name)
    if isinstance(source, pd.DataFrame):
        return source.copy()
    return pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def catalogue_problems(
    interventions: pd.DataFrame,
    agencies: pd.DataFrame,
    scoring: pd.DataFrame | None = None,
) -> list[str]:
    """Every reason the catalogue cannot be used (empty list = valid).

    Checks: required columns; unique codes; known type, agency, capitals, measures, indicators,
    causes and requirements; each measure belongs to a listed capital; each intervention addresses
    at least one deficit.

    >>> bad = pd.DataFrame([{"code": "X", "type": "magic", "name_th": "x", "name_en": "x",
    ...     "agency": "nobody", "capitals": "", "measures": "", "indicators": "bmn_99",
    ...     "causes": "", "requires": ""}])
    >>> len(catalogue_problems(bad, _table("agencies")))
    3
    """
    scoring = scoring_table() if scoring is None else scoring
    problems: list[str] = []
    for cols, frame, label in (
        (INTERVENTION_COLUMNS, interventions, "interventions"),
        (AGENCY_COLUMNS, agencies, "agencies"),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            problems.append(f"{label}: missing column(s) {', '.join(missing)}")
    if problems:
        return problems
    agency_codes = set(agencies["code"])
    for column, frame, label in (("code", agencies, "agencies"), ("code", interventions, "")):
        dup = frame[column][frame[column].duplicated()].tolist()
        if dup:
            problems.append(f"{label or 'interventions'}: duplicate code(s) {', '.join(dup)}")
    for _, a in agencies.iterrows():
        if not _CODE_RE.match(str(a["code"])) or not a["name_th"] or not a["name_en"]:
            problems.append(f"agency {a['code']!r}: needs a code and Thai and English names")
    measure_capital = dict(zip(scoring["measure"], scoring["capital"], strict=True))
    known = {
        "capitals": set(cap.CAPITALS),
        "measures": set(measure_capital),
        "indicators": set(_bmn_table()["code"]),
        "causes": set(_causes_table()["code"]),
        "requires": set(REQUIREMENTS),
    }
    for i, r in enumerate(interventions.to_dict("records"), start=2):
        where = f"interventions line {i} ({r['code']})"
        if not _CODE_RE.match(str(r["code"])):
            problems.append(f"{where}: code must be 1-40 letters, digits, _ or -")
        if not str(r["name_th"]).strip() or not str(r["name_en"]).strip():
            problems.append(f"{where}: needs a Thai and an English name")
        if r["type"] not in INTERVENTION_TYPES:
            problems.append(
                f"{where}: unknown type {r['type']!r} (use {', '.join(INTERVENTION_TYPES)})"
            )
        if r["agency"] not in agency_codes:
            problems.append(f"{where}: unknown agency {r['agency']!r} (not in agencies.csv)")
        lists = {c: _split(r[c]) for c in LIST_COLUMNS}
        for column, values in lists.items():
            unknown = [v for v in values if v not in known[column]]
            if unknown:
                problems.append(f"{where}: unknown {column} {', '.join(unknown)}")
        for m in lists["measures"]:
            if m in measure_capital and measure_capital[m] not in lists["capitals"]:
                problems.append(
                    f"{where}: measure {m} belongs to {measure_capital[m]} capital, "
                    "which is not in its capitals"
                )
        if not (lists["measures"] or lists["indicators"] or lists["causes"]):
            problems.append(f"{where}: addresses no deficit (measures, indicators or causes)")
    return problems


def load_catalogue(
    interventions: Path | str | pd.DataFrame | None = None,
    agencies: Path | str | pd.DataFrame | None = None,
    *,
    scoring: pd.DataFrame | None = None,
) -> Catalogue:
    """Read and validate the catalogue (default: the shipped tables); raise CatalogueError."""
    inter = _read(interventions, "interventions")
    agen = _read(agencies, "agencies")
    problems = catalogue_problems(inter, agen, scoring)
    if problems:
        raise CatalogueError(problems)
    inter = inter.copy()
    for c in LIST_COLUMNS:
        inter[c] = inter[c].map(_split)
    return Catalogue(inter.set_index("code"), agen.set_index("code"))


def uncovered_deficits(catalogue: Catalogue, scoring: pd.DataFrame | None = None) -> list[str]:
    """Deficit keys (indicators, measures, causes) that no intervention addresses."""
    scoring = scoring_table() if scoring is None else scoring
    every = (
        [deficit_key("bmn", c) for c in _bmn_table()["code"]]
        + [deficit_key("measure", m) for m in scoring["measure"]]
        + [deficit_key("cause", c) for c in _causes_table()["code"]]
    )
    covered = set(catalogue.addresses().columns[catalogue.addresses().any(axis=0)])
    return [k for k in every if k not in covered]


# --- household deficits and eligibility -----------------------------------------------------------


def measure_scores(frame: pd.DataFrame, scoring: pd.DataFrame) -> pd.DataFrame:
    """Score (1-4) of every capital measure per household; missing stays missing."""
    m = cap.measures(frame)
    return pd.DataFrame(
        {r["measure"]: cap.score_measure(m[r["measure"]], r) for _, r in scoring.iterrows()},
        index=frame.index,
    )


def deficit_keys(scoring: pd.DataFrame) -> list[str]:
    """Every deficit key, in a fixed order: indicators, measures, causes."""
    return (
        [deficit_key("bmn", c) for c in _bmn_table()["code"]]
        + [deficit_key("measure", m) for m in scoring["measure"]]
        + [deficit_key("cause", c) for c in _causes_table()["code"]]
    )


def household_deficits(
    frame: pd.DataFrame, scoring: pd.DataFrame, *, deficit_score: float = 1.0
) -> pd.DataFrame:
    """Boolean deficits per household (columns :func:`deficit_keys`)."""
    out: dict[str, pd.Series] = {}
    for code in _bmn_table()["code"]:
        values = pd.to_numeric(frame[code], errors="coerce")
        out[deficit_key("bmn", code)] = (values == 0).fillna(False).astype(bool)
    scores = measure_scores(frame, scoring)
    for m in scores.columns:
        out[deficit_key("measure", m)] = (scores[m] <= deficit_score).fillna(False).astype(bool)
    cause = frame["main_cause"].astype(object) if "main_cause" in frame else None
    for c in _causes_table()["code"]:
        key = deficit_key("cause", c)
        out[key] = (
            (cause == c).fillna(False).astype(bool)
            if cause is not None
            else pd.Series(False, index=frame.index)
        )
    return pd.DataFrame(out, index=frame.index)


def requirement_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Which requirement each household meets (columns :data:`REQUIREMENTS`)."""
    members = frame["members"].astype(float)
    under15 = frame["members_under_15"].astype(float)
    elderly = frame["members_60_plus"].astype(float)
    return pd.DataFrame(
        {
            "working_age": (members - under15 - elderly) > 0,
            "elderly": elderly > 0,
            "disabled": frame["members_disabled"].astype(float) > 0,
            "children": under15 > 0,
            "no_welfare_card": ~frame["welfare_card"].astype(bool),
            "farmland": frame["nc_farm_land_rai"].astype(float) > 0,
        },
        index=frame.index,
    )


def eligibility(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Household × intervention: True when the household meets the intervention's requirements."""
    flags = requirement_flags(frame)
    out = {}
    for code, reqs in catalogue.interventions["requires"].items():
        ok = pd.Series(True, index=frame.index)
        for req in reqs:
            ok &= flags[req]
        out[code] = ok
    return pd.DataFrame(out, index=frame.index)


# --- recommendations -----------------------------------------------------------------------------------


def recommend(
    frame: pd.DataFrame,
    catalogue: Catalogue,
    scoring: pd.DataFrame | None = None,
    *,
    limit: int | None = 3,
    deficit_score: float = 1.0,
    points: Mapping[str, float] = DEFAULT_POINTS,
) -> pd.DataFrame:
    """Recommended interventions per household, best first (the rule in the module docstring).

    Returns one row per (household, intervention): ``row`` (the frame's index label), ``hh_id`` and
    ``round_be`` when the frame has them, ``rank`` (1 = best), ``intervention``, ``type``,
    ``agency``, ``points`` and ``deficits`` (the ``;``-joined deficit keys it addresses).
    Vectorised: 400,000 households take about a second.
    """
    scoring = scoring_table() if scoring is None else scoring
    keys = deficit_keys(scoring)
    deficits = household_deficits(frame, scoring, deficit_score=deficit_score)[keys].to_numpy()
    addresses = catalogue.addresses().reindex(columns=keys, fill_value=False).to_numpy()
    weight = np.array([points[parse_key(k)[0]] for k in keys], dtype=float)
    score = deficits.astype(float) @ (addresses * weight).T
    score[~eligibility(frame, catalogue).to_numpy()] = 0.0
    n_inter = addresses.shape[0]
    take = n_inter if limit is None else min(limit, n_inter)
    order = np.argsort(-score, axis=1, kind="stable")[:, :take]
    chosen = np.take_along_axis(score, order, axis=1)
    rows, ranks = np.nonzero(chosen > 0)
    inter_idx = order[rows, ranks]
    matched = deficits[rows] & addresses[inter_idx]
    joined = _join_keys(matched, keys)
    codes = catalogue.interventions.index.to_numpy()
    out = pd.DataFrame(
        {
            "row": frame.index.to_numpy()[rows],
            "rank": ranks + 1,
            "intervention": codes[inter_idx],
            "type": catalogue.interventions["type"].to_numpy()[inter_idx],
            "agency": catalogue.interventions["agency"].to_numpy()[inter_idx],
            "points": chosen[rows, ranks],
            "deficits": joined,
        }
    )
    for col in ("round_be", "hh_id"):
        if col in frame:
            out.insert(1, col, frame[col].to_numpy()[rows])
    return out.reset_index(drop=True)


def _join_keys(matched: np.ndarray, keys: Sequence[str]) -> np.ndarray:
    """``;``-joined keys of each boolean row (rows packed to bytes so equal rows join once)."""
    if not len(matched):
        return np.array([], dtype=object)
    packed = np.ascontiguousarray(np.packbits(matched, axis=1))
    rows = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    unique, inverse = np.unique(rows, return_inverse=True)
    bits = np.unpackbits(
        np.frombuffer(unique.tobytes(), dtype=np.uint8).reshape(len(unique), -1), axis=1
    )[:, : len(keys)].astype(bool)
    names = np.asarray(keys, dtype=object)
    texts = np.array([";".join(names[b]) for b in bits], dtype=object)
    return texts[inverse.ravel()]


# --- reasons in words ---------------------------------------------------------------------------------

_TENURE = {
    "none": ("ไม่มีที่ดิน", "none"),
    "public": ("ที่ดินสาธารณะ", "public land"),
    "rent": ("เช่า", "rented"),
    "own": ("เป็นเจ้าของ", "owned"),
}

_PHRASES: dict[str, tuple[str, str]] = {
    "hc_max_education_years": (
        "สมาชิกที่เรียนสูงสุดเรียน {v:.0f} ปี",
        "best-educated member has {v:.0f} years of schooling",
    ),
    "earner_share": (
        "สมาชิกมีรายได้ {hc_earners:.0f} จาก {members:.0f} คน",
        "{hc_earners:.0f} of {members:.0f} members earn an income",
    ),
    "chronic_ill_share": (
        "สมาชิกป่วยเรื้อรัง {hc_chronic_ill:.0f} จาก {members:.0f} คน",
        "{hc_chronic_ill:.0f} of {members:.0f} members chronically ill",
    ),
    "hc_vocational_skill": ("ไม่มีสมาชิกที่มีทักษะอาชีพ", "no member has a vocational skill"),
    "pc_housing_condition": (
        "สภาพที่อยู่อาศัยระดับ {v:.0f} จาก 4",
        "housing condition {v:.0f} of 4",
    ),
    "pc_drinking_water_lpd": (
        "น้ำดื่ม {v:.1f} ลิตร/คน/วัน",
        "drinking water {v:.1f} litres/person/day",
    ),
    "pc_productive_assets": (
        "เครื่องมือ/ยานพาหนะประกอบอาชีพ {v:.0f} ชิ้น",
        "{v:.0f} productive tools or vehicles",
    ),
    "pc_travel_minutes": (
        "ใช้เวลา {v:.0f} นาทีไปถึงบริการรัฐ",
        "{v:.0f} minutes to public services",
    ),
    "income_per_person_year": (
        "รายได้ {v:,.0f} บาท/คน/ปี",
        "income {v:,.0f} baht/person/year",
    ),
    "savings_months": (
        "เงินออมเท่ากับรายได้ {v:.1f} เดือน",
        "savings worth {v:.1f} months of income",
    ),
    "debt_to_income": (
        "หนี้สิน {v:.1f} เท่าของรายได้ต่อปี",
        "debt {v:.1f} times yearly income",
    ),
    "fc_informal_debt": ("มีหนี้นอกระบบ", "has informal debt"),
    "nc_farm_land_rai": ("ที่ดินทำกิน {v:.1f} ไร่", "{v:.1f} rai of farm land"),
    "land_tenure_rank": ("สิทธิในที่ดิน: {tenure_th}", "land tenure: {tenure_en}"),
    "nc_farm_water": ("ไม่มีน้ำเพื่อการเกษตร", "no water for farming"),
    "nc_disaster_exposure": (
        "เสี่ยงภัยพิบัติระดับ {v:.0f} จาก 3",
        "disaster exposure {v:.0f} of 3",
    ),
    "sc_group_memberships": (
        "เป็นสมาชิกกลุ่ม {v:.0f} กลุ่ม",
        "member of {v:.0f} community groups",
    ),
    "sc_community_participation": ("ไม่ได้ร่วมกิจกรรมชุมชน", "takes no part in community life"),
    "sc_support_network": (
        "เครือข่ายช่วยเหลือระดับ {v:.0f} จาก 3",
        "support network {v:.0f} of 3",
    ),
}


def _score_text(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _measure_phrase(measure: str, value: float, row: Mapping, lang: str, scoring_row) -> str:
    i = 1 if lang == "en" else 0
    if measure == "earner_share" and float(row.get("hc_earners", 1) or 0) == 0:
        return ("ไม่มีสมาชิกที่มีรายได้", "no member earns an income")[i]
    if measure in _PHRASES:
        tenure = _TENURE.get(str(row.get("nc_land_tenure")), ("-", "-"))
        fields = {
            k: float(row[k]) if isinstance(row.get(k), (int, float, np.number)) else row.get(k)
            for k in ("hc_earners", "members", "hc_chronic_ill")
        }
        return _PHRASES[measure][i].format(
            v=value, tenure_th=tenure[0], tenure_en=tenure[1], **fields
        )
    name = scoring_row["name_en" if lang == "en" else "name_th"]
    return f"{name} = {value:g}"


def reasons(
    household: pd.Series, keys: Sequence[str] | str, scoring: pd.DataFrame | None, lang: str
) -> list[str]:
    """The deficits ``keys`` of one household in words, e.g. "Human capital 1.5/4: no member earns
    an income", "fails BMN indicator 13: ...", "main cause: Illness"."""
    scoring = scoring_table() if scoring is None else scoring
    if isinstance(keys, str):
        keys = [k for k in keys.split(";") if k]
    i = 1 if lang == "en" else 0
    one = pd.DataFrame([household.to_dict()])
    values = cap.measures(one).iloc[0]
    capital_score = cap.capital_scores(one, scoring).iloc[0]
    capital_names = _capitals_table().set_index("code")[["name_th", "name_en"][i]]
    bmn = _bmn_table().set_index("code")
    causes = _causes_table().set_index("code")
    rules = scoring.set_index("measure")
    out = []
    for key in keys:
        kind, code = parse_key(key)
        if kind == "bmn" and code in bmn.index:
            number = int(code.split("_")[1])
            label = bmn.loc[code, ["name_th", "name_en"][i]]
            when = bmn.loc[code, ["deprived_when_th", "deprived_when_en"][i]]
            prefix = (f"ไม่ผ่าน จปฐ. ข้อ {number}", f"fails BMN indicator {number},")[i]
            text = f"{prefix} “{label}”"
            if when not in ("ไม่ผ่านเกณฑ์", "Fails the criterion"):
                text += f": {when}"
            out.append(text)
        elif kind == "cause" and code in causes.index:
            label = causes.loc[code, ["name_th", "name_en"][i]]
            out.append((f"สาเหตุหลัก: {label}", f"main cause: {label}")[i])
        elif kind == "measure" and code in rules.index:
            capital = rules.loc[code, "capital"]
            phrase = _measure_phrase(
                code, float(values[code]), household.to_dict(), lang, rules.loc[code]
            )
            out.append(
                f"{capital_names[capital]} {_score_text(float(capital_score[capital]))}/4: {phrase}"
            )
        else:
            out.append(key)
    return out


def explain(
    household: pd.Series,
    catalogue: Catalogue,
    scoring: pd.DataFrame | None = None,
    *,
    lang: str = "th",
    limit: int | None = 3,
    deficit_score: float = 1.0,
) -> pd.DataFrame:
    """Recommendations for one household with names and reasons in ``lang``.

    Columns: ``intervention``, ``name``, ``type``, ``type_label``, ``agency``, ``agency_name``,
    ``points``, ``deficits`` (keys) and ``reasons`` (a list of sentences).
    """
    scoring = scoring_table() if scoring is None else scoring
    i = 1 if lang == "en" else 0
    recs = recommend(
        pd.DataFrame([household.to_dict()]),
        catalogue,
        scoring,
        limit=limit,
        deficit_score=deficit_score,
    )
    return pd.DataFrame(
        {
            "intervention": recs["intervention"],
            "name": [catalogue.name(c, lang) for c in recs["intervention"]],
            "type": recs["type"],
            "type_label": [INTERVENTION_TYPES[t][i] for t in recs["type"]],
            "agency": recs["agency"],
            "agency_name": [catalogue.agency_name(a, lang) for a in recs["agency"]],
            "points": recs["points"],
            "deficits": recs["deficits"],
            "reasons": [reasons(household, d, scoring, lang) for d in recs["deficits"]],
        }
    )


def of_types(catalogue: Catalogue, types: Sequence[str]) -> tuple[str, ...] | None:
    """The catalogue's interventions of any of ``types`` (None when no type is chosen: all).

    >>> cat = Catalogue(interventions=pd.DataFrame({"type": ["cash", "job", "cash"]},
    ...                 index=["i1", "i2", "i3"]), agencies=pd.DataFrame())
    >>> of_types(cat, ["cash"]), of_types(cat, [])
    (('i1', 'i3'), None)
    """
    if not types:
        return None
    items = catalogue.interventions
    return tuple(items.index[items["type"].isin(list(types))])
