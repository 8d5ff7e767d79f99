"""Every path, threshold and weight of Thai Poverty Map, declared once with its help text.

Each setting is read from an environment variable of the same name; the default applies when it is
unset. ``docs/settings.md`` is generated from this table (``povmap settings --markdown``) and a test
fails when the two differ, so no setting goes undocumented.

Example:
    >>> from povmap import settings
    >>> settings.get("POVMAP_AF_K")
    0.2
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: The official HDX COD-AB release for Thailand (Royal Thai Survey Department): one zip of
#: shapefiles ADM0-ADM3 (``tha_admbnda_adm{n}_rtsd_20220121.shp`` with ``ADMn_PCODE``,
#: ``ADMn_TH``, ``ADMn_EN``). This is the file's own download link, not the dataset's web page.
HDX_RELEASE_URL = (
    "https://data.humdata.org/dataset/d24bdc45-eb4c-4e3d-8b16-44db02667c27/resource/"
    "d0c722ff-6939-4423-ac0d-6501830b1759/download/tha_adm_rtsd_itos_20210121_shp.zip"
)


@dataclass(frozen=True)
class Setting:
    """One configurable value: its environment variable, default, parser and help text."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    group: str = "general"


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _bool(value: str) -> bool:
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {value!r}")


def _floats(value: str) -> tuple[float, ...]:
    return tuple(float(v) for v in value.split(",") if v.strip())


def _choice(*options: str) -> Callable[[str], str]:
    """A parser accepting one of ``options`` (case and surrounding spaces ignored)."""

    def parse(value: str) -> str:
        chosen = value.strip().lower()
        if chosen not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return chosen

    return parse


SETTINGS: tuple[Setting, ...] = (
    # --- paths ---------------------------------------------------------------------------------
    Setting(
        "POVMAP_BOUNDARIES",
        HDX_RELEASE_URL,
        "Where the boundary polygons come from: a local folder holding the ADM1-ADM3 layers "
        "(GeoJSON, shapefile or zipped shapefile, HDX COD-AB attribute names) or an http(s) URL of "
        "such a folder or of the HDX zip. Offline, point it at a folder, e.g. ../shared/boundaries.",
        group="paths",
    ),
    Setting(
        "POVMAP_VAR_DIR",
        ROOT / "var",
        "Folder for everything the app builds: boundary cache, DuckDB store, import reports, "
        "secret hash key. Git-ignored.",
        _path,
        group="paths",
    ),
    Setting(
        "POVMAP_DB",
        None,
        "Path of the DuckDB store. Default: POVMAP_VAR_DIR/povmap.duckdb.",
        _path,
        group="paths",
    ),
    Setting(
        "POVMAP_CACHE_DIR",
        None,
        "Folder of the built boundary cache (GeoParquet per level). Default: POVMAP_VAR_DIR/boundaries.",
        _path,
        group="paths",
    ),
    Setting(
        "POVMAP_ID_HASH_KEY",
        None,
        "Secret key for the keyed hash (HMAC-SHA256) of national IDs. Default: a random key created "
        "once in POVMAP_VAR_DIR/id_hash.key. Keep it secret and keep it stable: hashes made with "
        "another key do not match.",
        group="privacy",
    ),
    # --- boundaries -------------------------------------------------------------------------------
    Setting(
        "POVMAP_SIMPLIFY_PROVINCE_M",
        1500.0,
        "Coverage-preserving simplification tolerance for province polygons, in metres.",
        float,
        group="boundaries",
    ),
    Setting(
        "POVMAP_SIMPLIFY_DISTRICT_M",
        500.0,
        "Coverage-preserving simplification tolerance for district polygons, in metres.",
        float,
        group="boundaries",
    ),
    Setting(
        "POVMAP_SIMPLIFY_SUBDISTRICT_M",
        250.0,
        "Coverage-preserving simplification tolerance for subdistrict polygons drawn inside one "
        "province or district, in metres (the source is already simplified: 250 m keeps its detail).",
        float,
        group="boundaries",
    ),
    Setting(
        "POVMAP_SIMPLIFY_SUBDISTRICT_NATIONAL_M",
        1900.0,
        "Tolerance for the coarser copy of the subdistrict layer used when all 7,425 subdistricts "
        "are drawn at once, in metres: 1900 m keeps that map under 2 MB of GeoJSON.",
        float,
        group="boundaries",
    ),
    Setting(
        "POVMAP_COORD_DECIMALS",
        4,
        "Decimals kept in coordinates sent to the browser (4 = about 11 m).",
        int,
        group="boundaries",
    ),
    # --- hot spots -------------------------------------------------------------------------------
    Setting(
        "POVMAP_HOTSPOT_INFERENCE",
        "analytical",
        "Where the map's Getis-Ord Gi* hot-spot z and p come from; the classes use the same two. "
        "'analytical': the Ord-Getis z-score and its two-sided normal p (the textbook and ArcGIS "
        "reading; no permutations). 'permutation': conditional permutations as in GeoDa, "
        "z = (G - mean of the permuted G) / their SD and the two-sided pseudo p.",
        _choice("analytical", "permutation"),
        group="hot spots",
    ),
    Setting(
        "POVMAP_HOTSPOT_CORRECTION",
        "none",
        "Correction of the hot-spot p-values for testing every area at once, applied before "
        "classing into 90/95/99 % hot and cold spots: 'none', 'fdr' (false discovery rate, "
        "Benjamini-Hochberg, as GeoDa) or 'bonferroni' (p times the number of areas tested).",
        _choice("none", "fdr", "bonferroni"),
        group="hot spots",
    ),
    Setting(
        "POVMAP_HOTSPOT_PERMUTATIONS",
        999,
        "Permutations for the hot-spot p-values when POVMAP_HOTSPOT_INFERENCE is 'permutation' "
        "(19 or more to reach the 90 % class, 199 the 99 % class; with 'bonferroni', about 20 "
        "times the number of areas to reach 90 %).",
        int,
        group="hot spots",
    ),
    Setting(
        "POVMAP_HOTSPOT_SEED",
        2564,
        "Random seed of the hot-spot permutations; the same seed gives the same classes.",
        int,
        group="hot spots",
    ),
    # --- poverty rule -----------------------------------------------------------------------------
    Setting(
        "POVMAP_POOR_RULE",
        "tpmap",
        "Who counts as poor. 'tpmap': TPMAP's rule, a household deprived in at least one of the 17 "
        "BMN indicators. 'af': weighted Alkire-Foster score c >= POVMAP_AF_K.",
        group="poverty",
    ),
    Setting(
        "POVMAP_AF_K",
        0.2,
        "Alkire-Foster poverty cut-off k in (0, 1]: the weighted share of indicators a household "
        "must be deprived in to count as poor under the 'af' rule.",
        float,
        group="poverty",
    ),
    Setting(
        "POVMAP_AF_DIMENSION_WEIGHTS",
        (0.2, 0.2, 0.2, 0.2, 0.2),
        "Weights of TPMAP's five dimensions (health, living, education, income, access), comma "
        "separated, summing to 1; each is shared equally among that dimension's indicators.",
        _floats,
        group="poverty",
    ),
    Setting(
        "POVMAP_INCOME_LINE",
        38000.0,
        "BMN income criterion in baht per person per year (BMN 2560-2564): below it, indicator 15 "
        "is deprived.",
        float,
        group="poverty",
    ),
    Setting(
        "POVMAP_WEAK_CAPITAL",
        2.0,
        "A livelihood capital scoring below this (on the 1-4 scale) counts as weak.",
        float,
        group="poverty",
    ),
    Setting(
        "POVMAP_LEVEL_STRUGGLING_WEAK",
        3,
        "Household level model: a household below the income line with at least this many weak "
        "capitals (or no member earning) is 'struggling' (อยู่ลำบาก) rather than 'difficult' (อยู่ยาก).",
        int,
        group="poverty",
    ),
    Setting(
        "POVMAP_LEVEL_FRAGILE_MARGIN",
        0.2,
        "Household level model: income less than this share above the line (0.2 = 20 %) counts as "
        "fragile, so the household is 'getting by' (พออยู่ได้), not 'living well' (อยู่ดี).",
        float,
        group="poverty",
    ),
    # --- how to get them out ------------------------------------------------------------------
    Setting(
        "POVMAP_RECOMMEND_LIMIT",
        3,
        "How many recommended interventions are shown per household.",
        int,
        group="action",
    ),
    Setting(
        "POVMAP_DEFICIT_SCORE",
        1.0,
        "A capital measure scoring at or below this (1-4 scale) counts as a deficit that "
        "interventions are matched to.",
        float,
        group="action",
    ),
    Setting(
        "POVMAP_REFERRAL_DUE_DAYS",
        90,
        "Days from creation to a new referral's default target date.",
        int,
        group="action",
    ),
    Setting(
        "POVMAP_TARGET_ON_TRACK",
        0.9,
        "A target is on track when progress is at least this share of what is expected by now.",
        float,
        group="action",
    ),
    Setting(
        "POVMAP_TARGET_AT_RISK",
        0.6,
        "A target is at risk at or above this share of the expected progress; below it, off track.",
        float,
        group="action",
    ),
    # --- keep them out of poverty -----------------------------------------------------------
    Setting(
        "POVMAP_MONITOR_EXIT_LOOKBACK_ROUNDS",
        2,
        "Monitoring: how many survey rounds before the current one count for an exit (a "
        "household poor in any of them and not poor now has exited).",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_UNSTABLE_MARGIN",
        0.5,
        "Monitoring: an exited household whose income per person is below the income line × "
        "(1 + this) is 'exited but unstable' (0.5: within 1.5 × the line).",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_UNSTABLE_FAILED",
        1,
        "Monitoring: an exited household failing at least this many BMN indicators again is "
        "'exited but unstable' (0: income only).",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_MARGINAL_MULTIPLE",
        1.5,
        "Monitoring: a household not poor and not exited whose income per person is below the "
        "income line × this is 'marginal' (at least 1).",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_MARGINAL_FAILED",
        2,
        "Monitoring: a household not poor and not exited failing at least this many BMN "
        "indicators is 'marginal' (0: income only).",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_INCOME_DROP_SHARE",
        0.3,
        "Monitoring: income per person fallen by more than this share since the household's "
        "previous record is a shock (sudden hardship).",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_LARGE_EXPENSE_SHARE",
        0.5,
        "Monitoring: debt grown since the previous record by more than this share of the "
        "household's yearly income is a shock (large essential expenses).",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_CLEAR_AFTER_ROUNDS",
        2,
        "Monitoring: rounds in a row, up to the latest, a household must stay above the "
        "monitoring range (no category, no open shock) before its risk may be cleared.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_MONITOR_ROUNDS",
        "",
        "Monitoring thresholds for particular survey rounds, as JSON: round → the thresholds "
        "that differ in it, named without the prefix, e.g. "
        '{"2566": {"marginal_multiple": 1.3, "clear_after_rounds": 3}}. A round not listed '
        "uses the POVMAP_MONITOR_* values.",
        group="monitoring",
    ),
    Setting(
        "POVMAP_ALERT_VISIT_DAYS",
        2,
        "Monitoring: working days from an alert to the home visit; later, the alert shows overdue.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_ALERT_DECISION_DAYS",
        15,
        "Monitoring: working days from an alert to the review's decision; later, the alert "
        "shows overdue.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_GRIEVANCE_DUE_DAYS",
        15,
        "Grievances: working days from filing a grievance to the province's decision.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_HOLIDAYS",
        ROOT / "data" / "tables" / "thai_holidays.csv",
        "Public holidays the working-day clock of alerts, grievances and the notice window "
        "skips besides weekends: a CSV with a 'date' column (YYYY-MM-DD). Add next year's "
        "holidays when the cabinet announces them.",
        _path,
        group="monitoring",
    ),
    Setting(
        "POVMAP_NOTICE_DAYS",
        7,
        "Public notice: working days a village's notice of households proposed as poor or as "
        "exited stays open for objections.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_SELF_REPORT_MAX",
        3,
        "Self-report page: reports accepted from one browser session, and from one network "
        "address, within POVMAP_SELF_REPORT_WINDOW_MINUTES; more are refused.",
        int,
        group="monitoring",
    ),
    Setting(
        "POVMAP_SELF_REPORT_WINDOW_MINUTES",
        60.0,
        "Self-report page: the window, in minutes, the limit POVMAP_SELF_REPORT_MAX counts in.",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_WRONG_MAX",
        0.02,
        "Exit verification: the wrong-exit rate passes when its interval's upper bound is at "
        "or below this.",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_MISSED_MAX",
        0.02,
        "Exit verification: the missed-poor rate passes when its interval's upper bound is at "
        "or below this.",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_SATISFACTION_MIN",
        0.90,
        "Exit verification: the satisfaction rate passes when its interval's lower bound is at "
        "or above this.",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_CONFIDENCE",
        0.95,
        "Exit verification: the confidence of the rates' intervals and the default of a new "
        "sample's size.",
        float,
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_INTERVAL",
        "exact",
        "Exit verification: the rates' confidence interval, 'exact' (Clopper-Pearson, never "
        "below the stated coverage) or 'wilson'.",
        _choice("exact", "wilson"),
        group="monitoring",
    ),
    Setting(
        "POVMAP_EXIT_MARGIN",
        0.05,
        "Exit verification: the default margin of error a new sample's size is computed for "
        "(± this at POVMAP_EXIT_CONFIDENCE).",
        float,
        group="monitoring",
    ),
    # --- local economy -------------------------------------------------------------------------
    Setting(
        "POVMAP_PUBLIC_URL",
        "http://localhost:8501",
        "Public address of the app; a product label's QR code opens <URL>/product?product=<id>.",
        group="local economy",
    ),
    Setting(
        "POVMAP_NEARBY_KM",
        10.0,
        "Radius in km of 'places and enterprises near the village' on the village profile.",
        float,
        group="local economy",
    ),
    Setting(
        "POVMAP_TECH_TOP_CAUSES",
        3,
        "How many of an area's most common main causes the technology matching uses.",
        int,
        group="local economy",
    ),
    Setting(
        "POVMAP_TECH_INDICATOR_WEIGHT",
        0.5,
        "Weight of indicator coverage in a technology's score (0 ranks by causes only).",
        float,
        group="local economy",
    ),
    # --- find and verify ---------------------------------------------------------------------
    Setting(
        "POVMAP_GPS_TOLERANCE_M",
        500.0,
        "How far (m) a household or village point may lie outside its declared subdistrict before "
        "the review page flags it; boundaries are simplified, so a small margin is normal.",
        float,
        group="verification",
    ),
    Setting(
        "POVMAP_IMPORT_CHUNK_ROWS",
        100_000,
        "Rows read and validated at a time during an import (bounds memory on large files).",
        int,
        group="verification",
    ),
    Setting(
        "POVMAP_IMPORT_WORKERS",
        0,
        "Worker processes that check the chunks of a large import file in parallel (0: one "
        "per CPU core, at most 4; 1: none, everything in the importing process). Files of one "
        "chunk never start workers.",
        int,
        group="verification",
    ),
    # --- demo -------------------------------------------------------------------------------------
    Setting(
        "POVMAP_DEMO_SEED",
        2564,
        "Random seed of the synthetic demo data.",
        int,
        group="demo",
    ),
    Setting(
        "POVMAP_DEMO_SCALE",
        1.0,
        "Size of the synthetic demo relative to the calibrated programme (1.0 = 140,045 poor "
        "households in round 2564). Tests use small values.",
        float,
        group="demo",
    ),
    # --- app --------------------------------------------------------------------------------------
    Setting(
        "POVMAP_DEFAULT_LANG",
        "th",
        "Language the app opens in: 'th' or 'en'.",
        group="app",
    ),
    Setting(
        "POVMAP_TILES",
        False,
        "Draw an OpenStreetMap base layer under the maps. Off by default so maps work offline.",
        _bool,
        group="app",
    ),
    Setting(
        "POVMAP_SHOW_HOUSEHOLDS",
        True,
        "Whether this deployment may show household-level records (profiles, GPS points). Turn off "
        "for public deployments: only area aggregates are shown.",
        _bool,
        group="privacy",
    ),
    Setting(
        "POVMAP_MIN_CELL",
        5,
        "Small-area suppression: an area with fewer surveyed households than this shows as "
        "'suppressed' instead of a value.",
        int,
        group="privacy",
    ),
    # --- sign-in ----------------------------------------------------------------------------------
    Setting(
        "POVMAP_LOCKOUT_FAILURES",
        5,
        "Built-in accounts: wrong passwords in a row after which an account is locked for "
        "POVMAP_LOCKOUT_MINUTES (any password is refused meanwhile; a right one resets the count).",
        int,
        group="sign-in",
    ),
    Setting(
        "POVMAP_LOCKOUT_MINUTES",
        15.0,
        "Built-in accounts: how long, in minutes, a locked account stays locked.",
        float,
        group="sign-in",
    ),
    Setting(
        "POVMAP_SESSION_IDLE_MINUTES",
        30.0,
        "A signed-in session ends after this many minutes without activity.",
        float,
        group="sign-in",
    ),
    Setting(
        "POVMAP_SESSION_HOURS",
        12.0,
        "A signed-in session ends this many hours after the sign-in, however active (then the "
        "user signs in again).",
        float,
        group="sign-in",
    ),
    # --- retention --------------------------------------------------------------------------------
    Setting(
        "POVMAP_AUDIT_RETENTION_DAYS",
        730,
        "Days an audit entry (sign-ins, views of household records, downloads, changes) is kept; "
        "`povmap retention` deletes older ones. Thailand's Computer Crime Act asks at least 90 "
        "days of access logs.",
        int,
        group="retention",
    ),
    Setting(
        "POVMAP_UPLOAD_RETENTION_DAYS",
        1,
        "Days an uploaded file may stay on disk at the most (uploads are deleted when the step "
        "that reads them ends; `povmap retention` deletes any a crash left that are older).",
        int,
        group="retention",
    ),
    Setting(
        "POVMAP_REPORT_RETENTION_DAYS",
        90,
        "Days import and referral reports (POVMAP_VAR_DIR/reports: rejected rows, summaries) "
        "are kept; `povmap retention` deletes older ones. They may hold household values.",
        int,
        group="retention",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """Return the current value of setting ``name`` (environment first, then the default).

    Raises:
        KeyError: ``name`` is not a declared setting.
        ValueError: the environment holds a value the setting cannot parse; the message names it.
    """
    setting = _BY_NAME[name]
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return _derived_default(setting)
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ValueError(f"setting {name}={raw!r} is not valid: {exc}") from exc


def _derived_default(setting: Setting) -> Any:
    if setting.name == "POVMAP_DB":
        return get("POVMAP_VAR_DIR") / "povmap.duckdb"
    if setting.name == "POVMAP_CACHE_DIR":
        return get("POVMAP_VAR_DIR") / "boundaries"
    return setting.default


def var_dir() -> Path:
    """The folder for built artefacts, created on first use."""
    path: Path = get("POVMAP_VAR_DIR")
    path.mkdir(parents=True, exist_ok=True)
    return path


def markdown() -> str:
    """The settings table as Markdown: the body of docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "Every setting is an environment variable; unset means the default. Generated from",
        "`povmap/settings.py` by `povmap settings --markdown`; a test keeps the two equal.",
        "",
    ]
    group = None
    for s in SETTINGS:
        if s.group != group:
            group = s.group
            lines += [f"## {group}", "", "| setting | default | what it does |", "|---|---|---|"]
        default = s.default
        if isinstance(default, Path):
            default = default.relative_to(ROOT) if default.is_relative_to(ROOT) else default
        if isinstance(default, tuple):
            default = ",".join(str(v) for v in default)
        shown = "(derived)" if default is None else f"`{default}`"
        lines.append(f"| `{s.name}` | {shown} | {s.help} |")
        if s is SETTINGS[-1] or SETTINGS[SETTINGS.index(s) + 1].group != group:
            lines.append("")
    return "\n".join(lines)
