"""A view state → the briefing of it: the numbers a page shows, read through the door.

A view state is a page's URL query as a dict (:func:`read_state` reads it, :func:`state_query`
writes it back): ``page`` (``overview``, ``map``, ``why``, ``outcomes``, ``programme``), ``lang``,
``round``, ``area`` and the page's own parameters (the map's ``map_level``, ``metric``,
``method``, ``palette`` and its zoom and centre ``zoom``, ``lat``, ``lon``; the Why page's
researcher filters ``type`` and ``level``; Outcomes' ``from``; Programme's ``scope``). A storyline
is a list of them.

:func:`brief_of` turns one into a :class:`briefing.brief.Brief` (title, area, round, source and
vintage, the synthetic flag, and the page's maps, charts and tables) by calling the same
``query/`` functions with the same arguments as the page's views, so a slide shows what the
page shows and what ``povmap stats`` prints; :func:`area_table_of` gives the page's area table
for the researcher's downloads and :func:`household_rows` the one household-level download.
Settings are read here (like ``povmap.cli.stats``); nothing here imports Streamlit, so the
command line can use it too.

Example:
    >>> state = read_state({"page": "map", "round": "2566", "area": "46", "metric": "nope"})
    >>> state.page, state.round_be, state.area, state.metric
    ('map', 2566, '46', 'poor_households')
    >>> state_query(state)
    {'page': 'map', 'lang': 'th', 'round': '2566', 'area': '46'}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from analysis import outcomes as oc
from analysis.areas import map_table, ranked_extremes, round_change, round_pair, with_change
from analysis.capitals import LEVEL_LABELS, LEVELS
from analysis.causes import comparison_long
from analysis.interventions import INTERVENTION_TYPES, load_catalogue
from analysis.measures import MEASURES, Measure, for_rule
from analysis.why import HOUSEHOLD_TYPES
from briefing.brief import Brief, ChartPart, MapPart, PageMeasure, TablePart
from briefing.deck import Chart
from data import targets as tg
from data.export import ExportMeta
from data.schema import bmn_indicators, table
from data.store import SECRET_COLUMNS
from geo import boundaries
from geo.area_geometry import geometry_payload
from geo.area_values import area_values
from geo.classify import METHODS, PALETTES
from geo.codes import ancestor, area_table, level_below, level_of, level_or_none, parent_code
from geo.map_areas import CENTRE_DECIMALS, MapView, layer_level, levels_for, map_view_of, scope_of
from geo.maps import format_number, format_percent
from geo.metrics import METRICS
from povmap import rules, settings
from povmap.i18n import t
from query import areas, households
from query import outcomes as qo
from query.access import Access
from query.coverage import coverage
from query.data_read import imports_log
from query.why import WhyNumbers, why_numbers

if TYPE_CHECKING:
    import duckdb

#: The map page's zoom and centre in the URL (as povmap.views.ui.MAP_VIEW_PARAMS).
MAP_VIEW_PARAMS: tuple[str, str, str] = ("zoom", "lat", "lon")
#: The pages a briefing can be made of (their URL paths).
PAGES: tuple[str, ...] = ("overview", "map", "why", "outcomes", "programme")
#: Areas a ranked chart or a briefing table lists.
TOP_AREAS = 10
TABLE_AREAS = 25
#: Household records leave for one district or a smaller area at a time.
HOUSEHOLD_LEVELS: tuple[str, ...] = ("district", "subdistrict", "village")


# --- the view state ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewState:
    """One view of a page, as its URL holds it (values checked; defaults left out)."""

    page: str = "overview"
    lang: str = "th"
    round_be: int | None = None
    area: str | None = None
    map_level: str | None = None
    metric: str = "poor_households"
    method: str = "quantiles"
    palette: str = "ylorrd"
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    from_round: int | None = None
    scope: str = "central"
    #: the map page's zoom and centre (None: its whole area)
    view: MapView | None = None

    @property
    def level(self) -> str:
        """The level the page's map and rankings show (the map's own choice on the map)."""
        if self.page == "map" and self.map_level in levels_for(self.area):
            return self.map_level
        return level_below(self.area)

    def key(self) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
        """The state as a hashable key (for caches): its query, sorted, lists as tuples."""
        return tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(state_query(self).items())
        )


def _one(query: Mapping[str, object], name: str) -> str:
    value = query.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return "" if value is None else str(value)


def _all(query: Mapping[str, object], name: str) -> list[str]:
    value = query.get(name)
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def read_state(query: Mapping[str, object]) -> ViewState:
    """The :class:`ViewState` of a URL query dict (a value or a list of values per name);
    unknown or invalid values fall back to the page's defaults. ``page`` may be the URL path
    (``map``) or the page file (``pages/map.py``); none is the Overview (the app's root), and a
    page without a briefing is kept as it is (:func:`briefable` says no)."""
    page = _one(query, "page").removeprefix("pages/").removesuffix(".py") or "overview"
    area = _one(query, "area")
    area = area if area.isdigit() and level_or_none(area) else None
    lang = _one(query, "lang")
    metric = _one(query, "metric")
    method = _one(query, "method")
    palette = _one(query, "palette")
    scope = _one(query, "scope")
    return ViewState(
        page=page,
        lang=lang if lang in ("th", "en") else "th",
        round_be=_int(_one(query, "round")),
        area=area,
        map_level=_one(query, "map_level") or None,
        metric=metric if metric in METRICS else "poor_households",
        method=method if method in METHODS else "quantiles",
        palette=palette if palette in PALETTES else "ylorrd",
        types=tuple(v for v in _all(query, "type") if v in HOUSEHOLD_TYPES),
        levels=tuple(v for v in _all(query, "level") if v in LEVELS),
        from_round=_int(_one(query, "from")),
        scope=scope if scope in tg.SCOPES else "central",
        view=map_view_of(*(_one(query, p) for p in MAP_VIEW_PARAMS)) if page == "map" else None,
    )


def briefable(state: ViewState | Mapping[str, object]) -> bool:
    """Whether the view's page has a briefing (:data:`PAGES`)."""
    view = state if isinstance(state, ViewState) else read_state(state)
    return view.page in PAGES


def state_query(state: ViewState) -> dict[str, str | list[str]]:
    """The URL query of ``state`` (defaults left out), as :func:`read_state` reads it."""
    out: dict[str, str | list[str]] = {"page": state.page, "lang": state.lang}
    if state.round_be:
        out["round"] = str(state.round_be)
    if state.area:
        out["area"] = state.area
    defaults = ViewState()
    if state.page == "map" and state.map_level and state.map_level != level_below(state.area):
        out["map_level"] = state.map_level
    for name in ("metric", "method", "palette"):
        if getattr(state, name) != getattr(defaults, name):
            out[name] = getattr(state, name)
    if state.types:
        out["type"] = list(state.types)
    if state.levels:
        out["level"] = list(state.levels)
    if state.from_round:
        out["from"] = str(state.from_round)
    if state.scope != defaults.scope:
        out["scope"] = state.scope
    if state.page == "map" and state.view is not None:
        zoom, lat, lon = MAP_VIEW_PARAMS
        out[zoom] = str(state.view.zoom)
        out[lat] = f"{state.view.lat:.{CENTRE_DECIMALS}f}"
        out[lon] = f"{state.view.lon:.{CENTRE_DECIMALS}f}"
    return out


# --- what every briefing carries ----------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """The settings and store facts a briefing depends on."""

    rule_name: str
    k: float
    min_cell: int
    synthetic: bool
    rounds: tuple[int, ...]
    #: level -> its boundary layer (the app passes its shared, cached one)
    layer: Callable[[str], gpd.GeoDataFrame]
    decimals: int = 4
    #: who asks (:class:`query.access.Access`): the door hides the small areas' numbers for a
    #: role that needs it, as on the pages; None reads every number (the command line)
    access: Access | None = None

    def rule(self):
        return rules.poor_rule(self.rule_name, self.k)

    def summary(self):
        return rules.summary_spec(self.rule_name, self.k)


def context(
    con: duckdb.DuckDBPyConnection,
    layer: Callable[[str], gpd.GeoDataFrame] | None = None,
    access: Access | None = None,
) -> Context:
    """The settings (poverty rule, k, min_cell), the store's rounds and synthetic flag, and
    who asks (``access``)."""
    cache_dir = settings.get("POVMAP_CACHE_DIR")
    return Context(
        rule_name=str(settings.get("POVMAP_POOR_RULE")),
        k=float(settings.get("POVMAP_AF_K")),
        min_cell=int(settings.get("POVMAP_MIN_CELL")),
        synthetic=households.is_synthetic(con),
        rounds=tuple(households.rounds(con)),
        layer=layer or (lambda level: boundaries.load_level(level, cache_dir)),
        decimals=int(settings.get("POVMAP_COORD_DECIMALS")),
        access=access,
    )


def with_round(state: ViewState, ctx: Context) -> ViewState:
    """``state`` with its round made one the store holds (the latest when absent or unknown,
    as the sidebar does)."""
    if state.round_be in ctx.rounds or not ctx.rounds:
        return state
    return dataclasses.replace(state, round_be=ctx.rounds[-1])


def area_name(code: str | None, lang: str) -> str:
    """The area's name in ``lang`` (Thailand for None)."""
    if not code:
        return t("thailand", lang)
    names = _names(lang)
    return names.get(code, code)


def _names(lang: str) -> dict[str, str]:
    frame = area_table()
    return dict(zip(frame["code"], frame["name_en" if lang == "en" else "name_th"], strict=True))


def source_text(ctx: Context, lang: str) -> str:
    return t("brief_source_synthetic" if ctx.synthetic else "brief_source", lang)


def vintage_text(con: duckdb.DuckDBPyConnection, round_be: int | None, lang: str) -> str:
    """The round, and when the household data were last imported (the date, BE)."""
    text = t("data_vintage", lang, round=round_be)
    log = imports_log(con, 50)
    log = log[log["kind"].astype(str).str.startswith("household")] if len(log) else log
    if len(log):
        when = pd.Timestamp(log["finished_at"].iloc[0])
        text += " · " + t("brief_imported", lang, date=f"{when.day}/{when.month}/{when.year + 543}")
    return text


def _brief(
    con, state: ViewState, ctx: Context, title: str, parts, note: str = "", round_be=None
) -> Brief:
    lang = state.lang
    shown_round = round_be or state.round_be or 0
    return Brief(
        title=title,
        area=area_name(state.area, lang),
        round_be=int(shown_round),
        source=source_text(ctx, lang),
        vintage=vintage_text(con, shown_round, lang),
        synthetic=ctx.synthetic,
        parts=tuple(parts),
        k=ctx.k,
        note=note,
        page=state.page,
    )


def _level_words(level: str, lang: str) -> str:
    return t(f"coverage_level_{level}", lang)


def _coverage_line(con, level: str, round_be, within, lang: str, where: str) -> str:
    cov = coverage(con, level, round_be=round_be, within=within, min_cell=1)
    line = t(
        "coverage_line",
        lang,
        surveyed=f"{len(cov.surveyed):,}",
        areas=f"{cov.areas:,}",
        level=_level_words(cov.level, lang),
        where=t("coverage_in", lang, area=where) if within else "",
        round=cov.round_be,
    )
    if not cov.complete:
        line += " · " + t(
            "coverage_partial",
            lang,
            n=f"{len(cov.surveyed):,}",
            level=_level_words(level, lang),
            area=where,
        )
    return line


# --- the numbers the pages read ------------------------------------------------------------------


def map_measures(
    con: duckdb.DuckDBPyConnection, level: str, scope: str | None, round_be: int, ctx: Context
) -> pd.DataFrame:
    """Every map measure of one round per polygon of ``level`` inside ``scope``, with the change
    since the previous round, indexed by code: the map's own read
    (povmap.views.map_view.measures, :func:`query.areas.area_measures`)."""

    def one(r: int) -> pd.DataFrame:
        polygons = None
        if level == "subdistrict":
            lookup = boundaries.load_lookup(settings.get("POVMAP_CACHE_DIR")).dropna()
            polygons = dict(zip(lookup["subdistrict_code"], lookup["polygon_code"], strict=True))
        frame = areas.area_measures(
            con,
            level,
            round_be=r,
            area=scope,
            rule=ctx.rule(),
            model=rules.household_model(),
            af_weights=dict(rules.af_weights()),
            af_k=ctx.k,
            polygons=polygons,
            summary=ctx.summary(),
            access=ctx.access,
        )
        return frame.drop(columns="round_be").set_index("code")

    earlier = [r for r in ctx.rounds if r < round_be]
    return with_change(one(round_be), one(earlier[-1]) if earlier else None)


def shown_layer(level: str, scope: str | None, ctx: Context) -> gpd.GeoDataFrame:
    """The polygons the map draws (the coarse national copy for every subdistrict at once)."""
    return boundaries.polygons_in(ctx.layer(layer_level(level, scope)), level, scope).sort_values(
        "code"
    )


def _map_labels(lang: str) -> dict[str, str]:
    return {"no_data": t("no_data_label", lang), "suppressed": t("suppressed", lang)}


def _map_caption(level: str, scope: str | None, metric_label: str, state: ViewState) -> str:
    """The map's title: its measure by level (the area and round are on the line below)."""
    return t(
        "brief_map_title", state.lang, metric=metric_label, level=t(f"brief_by_{level}", state.lang)
    )


def _map_part(
    state: ViewState, ctx: Context, level: str, scope, stats, key: str, view: MapView | None = None
) -> MapPart:
    measure = for_rule(key, ctx.rule_name)
    return MapPart(
        title=_map_caption(level, scope, measure.name(state.lang, ctx.k), state),
        measure=measure,
        areas=shown_layer(level, scope, ctx),
        stats=stats,
        column=METRICS[key].source,
        method=state.method,
        palette=state.palette,
        min_cell=ctx.min_cell,
        labels=_map_labels(state.lang),
        view=view,
    )


def _number(value) -> float | None:
    """A chart value: a float, None where the number is missing or hidden (a gap)."""
    return None if value is None or pd.isna(value) else float(value)


def _series_name(round_be: int | None, lang: str) -> str:
    return t("round", lang) + f" {round_be}"


# --- the pages -----------------------------------------------------------------------------------


def _overview(con, state: ViewState, ctx: Context) -> Brief:
    lang, level = state.lang, level_below(state.area)
    where = area_name(state.area, lang)
    tot = areas.totals(
        con, area=state.area, rule=ctx.rule(), summary=ctx.summary(), access=ctx.access
    )
    tot = tot.set_index("round_be")
    now, prev, prev_round = round_pair(tot, state.round_be)
    parts: list = []
    if now is not None:
        parts.append(
            TablePart(
                t("brief_key_numbers", lang),
                _cards(now, prev, prev_round, ctx, lang),
                measure=MEASURES["poor_households"],
                key="key_numbers",
            )
        )
    scope = scope_of(state.area, level)
    stats = map_measures(con, level, scope, state.round_be, ctx)
    parts.append(_map_part(state, ctx, level, scope, stats, state.metric))
    ranked_stats = areas.area_stats(
        con,
        level,
        round_be=state.round_be,
        area=state.area,
        rule=ctx.rule(),
        summary=ctx.summary(),
        access=ctx.access,
    )
    ranked = coverage(con, level, round_be=state.round_be, within=state.area, min_cell=ctx.min_cell)
    top, bottom, n = ranked_extremes(
        ranked_stats, "poor_households", ranked.reportable, ctx.min_cell
    )
    names = _names(lang)
    poor = MEASURES["poor_households"]
    for key, rows in (("overview_top", top), ("overview_bottom", bottom)):
        if len(rows):
            chart = Chart(
                [names.get(c, c) for c in rows.index],
                {_series_name(state.round_be, lang): [_number(v) for v in rows]},
            )
            title = t(key, lang, n=n, level=_level_words(level, lang))
            parts.append(ChartPart(title, poor, chart))
    trend = tot["poor_households"]
    if len(trend):
        chart = Chart(
            [str(r) for r in trend.index], {poor.name(lang): [_number(v) for v in trend]}, "column"
        )
        parts.append(ChartPart(t("map_overview_trend", lang, area=where), poor, chart))
    note = _coverage_line(con, level, state.round_be, state.area, lang, where)
    return _brief(con, state, ctx, t("overview_title", lang), parts, note)


def _cards(now, prev, prev_round, ctx: Context, lang: str) -> pd.DataFrame:
    """The Overview's five numbers with their change since the previous round."""
    ratio = for_rule("headcount_ratio", ctx.rule_name)
    rows = []
    for measure, column, pct in (
        (MEASURES["poor_households"], "poor_households", False),
        (MEASURES["poor_people"], "poor_people", False),
        (ratio, "headcount_ratio", True),
        (MEASURES["targeted_poor_households"], "targeted_poor_households", False),
        (MEASURES["households"], "households", False),
    ):
        value = now[column]
        shown = format_percent(value * 100, 1) if pct else format_number(value)
        d = round_change(now, prev, column) if column != "households" else None
        change = "–"
        if d is not None:
            change = ("+" if d > 0 else "") + (
                f"{d * 100:,.1f} " + t("brief_points", lang) if pct else format_number(d)
            )
            change += " · " + t("vs_round", lang, round=prev_round)
        rows.append((measure.name(lang, ctx.k), shown, change))
    return pd.DataFrame(
        rows, columns=[t("brief_measure", lang), t("brief_value", lang), t("brief_change", lang)]
    )


def _map(con, state: ViewState, ctx: Context) -> Brief:
    lang, level = state.lang, state.level
    scope = scope_of(state.area, level)
    stats = map_measures(con, level, scope, state.round_be, ctx)
    part = _map_part(state, ctx, level, scope, stats, state.metric, state.view)
    parts: list = [part]
    metric = METRICS[state.metric]
    codes = [str(c) for c in part.areas["code"]]
    values = area_values(codes, stats, metric, min_cell=ctx.min_cell)
    ranked = values["rank"].dropna().sort_values(kind="stable")
    names = dict(zip(part.areas["code"].astype(str), part.areas[_name_col(lang)], strict=True))
    top = ranked.head(TOP_AREAS).index
    if len(top):
        chart = Chart(
            [names.get(c, c) for c in top],
            {_series_name(state.round_be, lang): [float(v) for v in values.loc[top, "shown"]]},
        )
        title = t("brief_ranked", lang, n=len(top), level=_level_words(level, lang))
        parts.append(ChartPart(f"{title}: {part.measure.name(lang, ctx.k)}", part.measure, chart))
        listed = ranked.head(TABLE_AREAS).index
        frame = pd.DataFrame(
            {
                t("map_col_rank", lang): [int(r) for r in ranked.head(TABLE_AREAS)],
                t("map_col_name", lang): [names.get(c, c) for c in listed],
                t("map_col_households", lang): [
                    format_number(stats["households"].get(c)) for c in listed
                ],
                part.measure.name(lang, ctx.k): [
                    _formatted(values.loc[c, "shown"], part.measure) for c in listed
                ],
            }
        )
        parts.append(
            TablePart(
                t("brief_ranked_table", lang, n=len(listed)),
                frame,
                caption=part.measure.rank_note(lang),
                measure=part.measure,
            )
        )
    note = _coverage_line(con, level, state.round_be, scope, lang, area_name(scope, lang))
    return _brief(con, state, ctx, t("map_title", lang), parts, note)


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_th"


def _formatted(value, measure: Measure) -> str:
    """A value as the pages write it: counts with commas, shares in percent, indices and
    scores with their decimals."""
    if value is None or pd.isna(value):
        return "–"
    if measure.unit in ("percent", "share"):
        return format_percent(value, 1, fraction=True)
    if measure.unit == "points":
        return f"{value * 100:+,.1f}"
    if measure.unit == "index":
        return f"{float(value):.3f}"
    if measure.unit == "score":
        return f"{float(value):.2f}"
    return format_number(value)


def _why_numbers(con, state: ViewState, ctx: Context) -> WhyNumbers:
    """The Why page's numbers (povmap.views.why_view.numbers: the same call)."""
    return why_numbers(
        con,
        state.round_be,
        state.area,
        rule=ctx.rule(),
        model=rules.household_model(),
        weights=dict(rules.af_weights()),
        k=ctx.k,
        indicators=[(r["code"], r["dimension"]) for r in bmn_indicators()],
        types=state.types,
        levels=state.levels,
        summary=ctx.summary(),
    )


def _why(con, state: ViewState, ctx: Context) -> Brief:
    lang = state.lang
    i = 1 if lang == "en" else 0
    nums = _why_numbers(con, state, ctx)
    where = area_name(state.area, lang)
    parent = parent_code(state.area) if state.area else None
    surveyed = coverage(con, "province", round_be=state.round_be, within=None).surveyed
    country = t("coverage_country", lang, n=f"{len(surveyed):,}")
    parent_name = area_name(parent, lang) if parent else country
    note = _coverage_line(con, level_below(state.area), state.round_be, state.area, lang, where)
    if nums.households == 0:
        return _brief(con, state, ctx, t("why_title", lang), [], note)
    capitals = [r[["name_th", "name_en"][i]] for r in table("capitals")]
    capital_measure = _page_measure(
        "brief_capitals",
        "capitals_title",
        "capitals_caption",
        "score",
        "higher",
        area_th=area_name(state.area, "th"),
        area_en=area_name(state.area, "en"),
        parent_th=area_name(parent, "th")
        if parent
        else t("coverage_country", "th", n=len(surveyed)),
        parent_en=area_name(parent, "en")
        if parent
        else t("coverage_country", "en", n=len(surveyed)),
    )
    parts: list = [
        ChartPart(
            t("capitals_title", lang),
            capital_measure,
            Chart(
                capitals,
                {
                    where: [float(v) for v in nums.capitals_poor["area"]],
                    parent_name: [float(v) for v in nums.capitals_poor["parent"]],
                },
                "column",
            ),
            measures=tuple(
                MEASURES[f"capital_{c}"]
                for c in ("human", "physical", "financial", "natural", "social")
            ),
            key="capitals",
        ),
        ChartPart(
            t("levels_title", lang),
            MEASURES["households"],
            Chart(
                [LEVEL_LABELS[v][i] for v in nums.levels.index],
                {MEASURES["households"].name(lang): [float(v) for v in nums.levels["households"]]},
                "column",
            ),
            caption=t("levels_caption", lang, n=settings.get("POVMAP_LEVEL_STRUGGLING_WEAK")),
            key="levels",
        ),
    ]
    total = nums.overall
    mpi = pd.DataFrame(
        [
            (MEASURES["mpi_H"].name(lang, ctx.k), format_percent(total["H"] * 100, 1)),
            (MEASURES["mpi_A"].name(lang, ctx.k), format_percent(total["A"] * 100, 1)),
            (MEASURES["mpi_M0"].name(lang, ctx.k), f"{total['M0']:.3f}"),
            (
                MEASURES["mpi_poor_people"].name(lang, ctx.k),
                format_number(total["poor_population"]),
            ),
        ],
        columns=[t("brief_measure", lang), t("brief_value", lang)],
    )
    parts.append(TablePart(t("mpi_title", lang), mpi, measure=MEASURES["mpi_H"], key="mpi"))
    cause_names = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}
    shown = ["area", *(["parent"] if parent else []), *(["country"] if state.area else [])]
    scope_names = {"area": where, "parent": parent_name, "country": country}
    long = comparison_long(nums.cause_comparison, shown)
    causes = list(dict.fromkeys(long["cause"]))
    series = {}
    for scope_key in shown:
        part = long[long["where"] == scope_key].set_index("cause")["share"]
        series[scope_names[scope_key]] = [
            None if pd.isna(part.get(c)) else float(part.get(c)) for c in causes
        ]
    cause_measure = _page_measure(
        "brief_causes",
        "causes_title",
        "causes_caption",
        "percent",
        "lower",
        unit_words="brief_unit_poor_households",
        area_th=area_name(state.area, "th"),
        area_en=area_name(state.area, "en"),
        parent_th=area_name(parent, "th") if parent else t("thailand", "th"),
        parent_en=area_name(parent, "en") if parent else t("thailand", "en"),
    )
    parts.append(
        ChartPart(
            t("causes_title", lang),
            cause_measure,
            Chart([cause_names.get(c, c) for c in causes], series),
            key="causes",
        )
    )
    labels = {r["code"]: r[["name_th", "name_en"][i]] for r in bmn_indicators()}
    comparison = nums.indicator_comparison
    indicators = pd.DataFrame(
        {
            t("indicator", lang): [labels[c] for c in comparison.index],
            where: [format_percent(v, 1, fraction=True) for v in comparison["area"]],
            parent_name: [format_percent(v, 1, fraction=True) for v in comparison["parent"]],
        }
    )
    indicator_measure = _page_measure(
        "brief_indicators",
        "indicators_title",
        "indicators_caption",
        "percent",
        "lower",
        unit_words="brief_unit_poor_households",
        area_th=area_name(state.area, "th"),
        area_en=area_name(state.area, "en"),
    )
    parts.append(
        TablePart(
            t("indicators_title", lang), indicators, measure=indicator_measure, key="indicators"
        )
    )
    return _brief(con, state, ctx, t("why_title", lang), parts, note)


def _page_measure(
    key: str,
    name_key: str,
    definition_key: str,
    unit: str,
    better: str,
    *,
    unit_words: str | None = None,
    **fields: str,
) -> PageMeasure:
    """A chart quantity named by the page's own title and caption labels (Thai and English)."""
    th = {k.removesuffix("_th"): v for k, v in fields.items() if k.endswith("_th")}
    en = {k.removesuffix("_en"): v for k, v in fields.items() if k.endswith("_en")}
    unit_th = unit_en = ""
    if unit_words is not None:
        unit_th, unit_en = t(unit_words, "th"), t(unit_words, "en")
    return PageMeasure(
        key,
        t(name_key, "th"),
        t(name_key, "en"),
        t(definition_key, "th", **th),
        t(definition_key, "en", **en),
        unit,
        better,  # type: ignore[arg-type]
        unit_th=unit_th,
        unit_en=unit_en,
    )


def _outcome_tables(con, from_round: int, to_round: int, state: ViewState, ctx: Context):
    """The Outcomes page's tables (povmap.views.action_view.outcome_tables: the same call)."""
    child_col = {"province": "province_code", "district": "district_code"}.get(
        level_below(state.area), "subdistrict_code"
    )
    return qo.outcome_tables(
        con,
        from_round,
        to_round,
        state.area,
        rule=ctx.rule(),
        model=rules.household_model(),
        area_col=child_col,
        types=load_catalogue().interventions["type"].to_dict(),
        levels=LEVELS,
    )


def from_round_of(state: ViewState, ctx: Context) -> int | None:
    """The earlier round Outcomes compares with: the URL's when stored and earlier, else the
    latest earlier one (None when there is none)."""
    earlier = [r for r in ctx.rounds if state.round_be and r < state.round_be][::-1]
    if not earlier:
        return None
    return state.from_round if state.from_round in earlier else earlier[0]


def _exit_measure() -> PageMeasure:
    return _page_measure(
        "brief_exit_rate",
        "action_exit_rate",
        "brief_exit_rate_definition",
        "percent",
        "higher",
        unit_words="brief_unit_poor_before",
    )


def _outcomes(con, state: ViewState, ctx: Context) -> Brief:
    lang = state.lang
    i = 1 if lang == "en" else 0
    title = t("action_outcomes_title", lang)
    from_round = from_round_of(state, ctx)
    if from_round is None:
        return _brief(
            con, state, ctx, title, [], t("action_needs_two_rounds", lang, round=state.round_be)
        )
    tables = _outcome_tables(con, from_round, state.round_be, state, ctx)
    where = area_name(state.area, lang)
    if tables["total"].empty:
        note = t(
            "action_no_households_in_rounds", lang, area=where, round=from_round, to=state.round_be
        )
        return _brief(con, state, ctx, title, [], note)
    total = tables["total"].iloc[0]
    exit_measure = _exit_measure()
    numbers = pd.DataFrame(
        [
            (t("action_poor_in", lang, round=from_round), format_number(total.poor_before)),
            (t("action_exited", lang), format_number(total.exited)),
            (t("action_exit_rate", lang), format_percent(total.exit_rate, 1, fraction=True)),
            (t("action_entered", lang), format_number(total.entered)),
            (t("action_poor_in", lang, round=state.round_be), format_number(total.poor_after)),
        ],
        columns=[t("brief_measure", lang), t("brief_value", lang)],
    )
    parts: list = [
        TablePart(
            t("brief_key_numbers", lang),
            numbers,
            caption=t("action_transitions_caption", lang, stayed=format_number(total.stayed)),
            measure=exit_measure,
            key="key_numbers",
        )
    ]
    names = _names(lang)
    series_name = t("brief_rounds", lang, first=from_round, last=state.round_be)
    chart = oc.exit_rate_chart_rows(tables["by_area"], ctx.min_cell).iloc[::-1]
    if len(chart):
        parts.append(
            ChartPart(
                t("action_exits_by_area", lang),
                exit_measure,
                Chart(
                    [names.get(c, c) for c in chart.index],
                    {series_name: [float(v) for v in chart["exit_rate"]]},
                ),
                key="exits_by_area",
            )
        )
    got = tables["by_intervention"]
    type_names = {k: v[i] for k, v in INTERVENTION_TYPES.items()} | {
        "any": t("action_any_intervention", lang),
        "none": t("action_no_intervention", lang),
    }
    enough = all(
        k in got.index and int(got.loc[k, "households"]) >= ctx.min_cell for k in ("any", "none")
    )
    if enough:
        shown = oc.intervention_chart_rows(got, ctx.min_cell).iloc[::-1]
        parts.append(
            ChartPart(
                t("action_by_intervention_title", lang),
                exit_measure,
                Chart(
                    [type_names.get(k, k) for k in shown.index],
                    {series_name: [float(v) for v in shown["exit_rate"]]},
                ),
                caption=t(
                    "action_by_intervention_caption",
                    lang,
                    round=from_round,
                    to=state.round_be,
                    n=ctx.min_cell,
                ),
                key="exits_by_intervention",
            )
        )
    flows = tables["flows"]
    level_names = {k: v[i] for k, v in LEVEL_LABELS.items()} | {
        oc.NOT_SURVEYED: t("action_not_surveyed", lang)
    }
    frame = pd.DataFrame(
        {
            f"{from_round} → {state.round_be}": [level_names.get(k, k) for k in flows.index],
            **{level_names.get(c, c): [format_number(v) for v in flows[c]] for c in flows.columns},
        }
    )
    parts.append(
        TablePart(
            t("action_sankey_title", lang),
            frame,
            caption=t("action_sankey_caption", lang),
            measure=MEASURES["households"],
            key="flows",
        )
    )
    note = " · ".join(
        _coverage_line(con, level_below(state.area), r, state.area, lang, where)
        for r in (from_round, state.round_be)
    )
    return _brief(con, state, ctx, title, parts, note)


def programme_level(area: str | None) -> tuple[str, str | None]:
    """The level the Programme page lists and the area it lists inside (pages/programme.py)."""
    if not area:
        return "province", None
    if level_of(area) == "province":
        return "district", area
    return "district", ancestor(area, "district")


def _progress(con, state: ViewState, ctx: Context) -> pd.DataFrame:
    level, within = programme_level(state.area)
    return tg.progress(
        con,
        scope=state.scope,
        level=level,
        within=within,
        rule=ctx.rule(),
        on_track=float(settings.get("POVMAP_TARGET_ON_TRACK")),
        at_risk=float(settings.get("POVMAP_TARGET_AT_RISK")),
    )


def _programme(con, state: ViewState, ctx: Context) -> Brief:
    lang = state.lang
    i = 1 if lang == "en" else 0
    title = t("action_programme_title", lang) + f" · {tg.SCOPES[state.scope][i]}"
    prog = _progress(con, state, ctx)
    if prog.empty:
        return _brief(con, state, ctx, title, [], t("action_no_targets", lang))
    names = _names(lang)
    first = prog.iloc[0]
    head = tg.headline(prog)
    measure = _page_measure(
        "brief_progress",
        "action_progress",
        "brief_progress_definition",
        "percent",
        "higher",
        unit_words="brief_unit_target",
    )
    numbers = pd.DataFrame(
        [
            (
                t("action_households_lifted", lang),
                f"{format_number(head.lifted)} / {format_number(head.households_to_lift)}",
            ),
            (
                t("action_referrals_closed", lang),
                f"{format_number(head.closed)} / {format_number(head.referrals_to_close)}",
            ),
            (
                t("action_areas_on_track", lang),
                f"{head.areas_by_status.get('achieved', 0) + head.areas_by_status.get('on_track', 0)} / {len(prog)}",
            ),
            (
                t("action_areas_behind", lang),
                str(
                    head.areas_by_status.get("at_risk", 0)
                    + head.areas_by_status.get("off_track", 0)
                ),
            ),
        ],
        columns=[t("brief_measure", lang), t("brief_value", lang)],
    )
    caption = t(
        "action_progress_caption",
        lang,
        baseline=int(first["baseline_round"]),
        latest=int(first["latest_round"]),
        target=int(first["target_round"]),
        expected=format_percent(float(first["expected_share"]), 0, fraction=True),
    )
    parts: list = [
        TablePart(
            t("brief_key_numbers", lang),
            numbers,
            caption=caption,
            measure=measure,
            key="key_numbers",
        )
    ]
    for kind, label_key in (
        ("lift", "action_households_lifted"),
        ("close", "action_referrals_closed"),
    ):
        ordered = prog.sort_values(f"{kind}_progress", ascending=False, na_position="last")
        parts.append(
            ChartPart(
                t(label_key, lang),
                measure,
                Chart(
                    [names.get(c, c) for c in ordered["area_code"]],
                    {
                        t("action_progress", lang): [
                            None if pd.isna(v) else float(v) for v in ordered[f"{kind}_progress"]
                        ]
                    },
                ),
                key=kind,
            )
        )
    frame = pd.DataFrame(
        {
            t("area", lang): [names.get(c, c) for c in prog["area_code"]],
            t("action_households_to_lift", lang): [
                format_number(v) for v in prog["households_to_lift"]
            ],
            t("action_households_lifted", lang): [format_number(v) for v in prog["lifted"]],
            t("action_progress", lang): [
                format_percent(v, 1, fraction=True) for v in prog["lift_progress"]
            ],
            t("action_status", lang): [tg.STATUS_LABELS[s][i] for s in prog["lift_status"]],
            t("action_referrals_closed", lang): [
                format_number(v) for v in prog["referrals_closed"]
            ],
            t("action_close_progress", lang): [
                format_percent(v, 1, fraction=True) for v in prog["close_progress"]
            ],
        }
    )
    parts.append(TablePart(t("brief_progress_table", lang), frame, measure=measure, key="progress"))
    return _brief(con, state, ctx, title, parts, round_be=int(first["latest_round"]))


#: What the slide of a page shows (povmap.views.present_view), by part key: the table of its
#: headline numbers and its main chart, the chart the page is about. A page not listed shows its
#: map.
SLIDE_PARTS: dict[str, tuple[str, str]] = {
    "why": ("mpi", "causes"),
    "outcomes": ("key_numbers", "exits_by_area"),
    "programme": ("key_numbers", "lift"),
}


def slide_parts(brief: Brief) -> tuple[TablePart | None, ChartPart | None]:
    """The headline numbers and the main chart of ``brief``'s slide (:data:`SLIDE_PARTS`: the
    same parts its deck and PDF show); None for what the view has not (e.g. Outcomes with one
    round), both None for a page not listed."""
    numbers, chart = SLIDE_PARTS.get(brief.page, ("", ""))
    table, main = brief.part(numbers), brief.part(chart)
    return (
        table if isinstance(table, TablePart) else None,
        main if isinstance(main, ChartPart) else None,
    )


BUILDERS: dict[str, Callable[..., Brief]] = {
    "overview": _overview,
    "map": _map,
    "why": _why,
    "outcomes": _outcomes,
    "programme": _programme,
}


def brief_of(
    con: duckdb.DuckDBPyConnection,
    state: ViewState | Mapping[str, object],
    *,
    ctx: Context | None = None,
    layer: Callable[[str], gpd.GeoDataFrame] | None = None,
    access: Access | None = None,
) -> Brief:
    """The briefing content of one view (a :class:`ViewState` or a URL query dict): the
    page's numbers, read as the page reads them, named as the page names them.

    ``layer``: level -> boundary layer (the app passes its cached one; default: read from
    POVMAP_CACHE_DIR); ``access``: who asks (the door hides what the role may not see)."""
    view = state if isinstance(state, ViewState) else read_state(state)
    if view.page not in BUILDERS:
        raise ValueError(f"page {view.page!r} has no briefing: use one of {', '.join(PAGES)}")
    ctx = ctx or context(con, layer, access)
    view = with_round(view, ctx)
    return BUILDERS[view.page](con, view, ctx)


def briefs_of(
    con: duckdb.DuckDBPyConnection,
    states: Sequence[ViewState | Mapping[str, object]],
    *,
    layer: Callable[[str], gpd.GeoDataFrame] | None = None,
    access: Access | None = None,
) -> list[Brief]:
    """:func:`brief_of` of every view of a storyline that has a briefing (:func:`briefable`),
    in order."""
    ctx = context(con, layer, access)
    return [brief_of(con, s, ctx=ctx) for s in states if briefable(s)]


# --- the researcher's downloads ------------------------------------------------------------------


@dataclass(frozen=True)
class AreaTable:
    """A page's table of areas as the downloads write it: ``frame`` (a ``code`` column, one row
    per area), what it depends on (``meta``), the boundaries it joins (``areas``), the file
    name stem and the suppression applied."""

    frame: pd.DataFrame
    meta: ExportMeta
    areas: gpd.GeoDataFrame
    name: str
    suppression: str


def _meta(state: ViewState, ctx: Context, **fields) -> ExportMeta:
    meta = ExportMeta(state.round_be, None, ctx.rule_name, ctx.k, None, ctx.synthetic)
    return dataclasses.replace(meta, **fields)


def _suppression(ctx: Context, lang: str) -> str:
    """The suppression applied, in words (the door's complementary suppression too, when the
    role needs it)."""
    text = t("brief_suppression", lang, n=max(ctx.min_cell - 1, 0), min_cell=ctx.min_cell)
    if ctx.access is not None and ctx.access.suppressed:
        text += " " + t("brief_suppression_complementary", lang)
    return text


def area_table_of(
    con: duckdb.DuckDBPyConnection,
    state: ViewState | Mapping[str, object],
    *,
    ctx: Context | None = None,
    layer: Callable[[str], gpd.GeoDataFrame] | None = None,
    access: Access | None = None,
) -> AreaTable | None:
    """The page's table of areas (None when the view has none): the map's table of every shown
    area (map and Overview), the Why page's Alkire–Foster numbers per child area, Outcomes'
    transitions per area, Programme's progress per area."""
    ctx = ctx or context(con, layer, access)
    view = state if isinstance(state, ViewState) else read_state(state)
    view = with_round(view, ctx)
    lang = view.lang
    if view.page in ("overview", "map"):
        level = view.level
        scope = scope_of(view.area, level)
        stats = map_measures(con, level, scope, view.round_be, ctx)
        shapes = shown_layer(level, scope, ctx)
        geo = geometry_payload(shapes, decimals=ctx.decimals)
        metric = METRICS[view.metric]
        values = area_values(geo["code"], stats, metric, parents=geo["par"], min_cell=ctx.min_cell)
        frame = map_table(geo, stats, values).reset_index()
        name = f"poverty-map-{level}-{scope or 'thailand'}-{view.round_be}"
        return AreaTable(
            frame, _meta(view, ctx, metric=metric.key), shapes, name, _suppression(ctx, lang)
        )
    if view.page == "why":
        nums = _why_numbers(con, view, ctx)
        frame = nums.mpi.rename_axis("code").reset_index()
        frame["code"] = frame["code"].astype(str)
        shapes = shown_layer(level_below(view.area), view.area, ctx)
        return AreaTable(
            frame,
            _meta(view, ctx),
            shapes,
            f"mpi-by-area-{view.area or 'thailand'}-{view.round_be}",
            _suppression(ctx, lang),
        )
    if view.page == "outcomes":
        from_round = from_round_of(view, ctx)
        if from_round is None:
            return None
        tables = _outcome_tables(con, from_round, view.round_be, view, ctx)
        frame = tables["by_area"].rename_axis("code").reset_index()
        shapes = shown_layer(level_below(view.area), view.area, ctx)
        meta = _meta(view, ctx, from_round_be=from_round)
        return AreaTable(
            frame,
            meta,
            shapes,
            f"transitions-by-area-{from_round}-{view.round_be}",
            _suppression(ctx, lang),
        )
    if view.page == "programme":
        prog = _progress(con, view, ctx)
        if prog.empty:
            return None
        level, within = programme_level(view.area)
        frame = prog.rename(columns={"area_code": "code"})
        shapes = shown_layer(level, within if level != "province" else None, ctx)
        return AreaTable(
            frame,
            _meta(view, ctx),
            shapes,
            f"programme-progress-{view.scope}",
            _suppression(ctx, lang),
        )
    return None


def household_area(area: str | None) -> bool:
    """Whether household records may be downloaded for ``area`` (a district or smaller)."""
    return bool(area) and level_or_none(area) in HOUSEHOLD_LEVELS


def household_rows(
    con: duckdb.DuckDBPyConnection,
    area: str | None,
    round_be: int | None,
    *,
    access: Access | None = None,
) -> pd.DataFrame:
    """The household records of one area (a district or smaller) and round: the one
    household-level download, so what a role may take is decided in one place. Every column
    ``access`` may receive (:meth:`query.access.Access.hidden_columns`: never the secret ones,
    :data:`data.store.SECRET_COLUMNS`; IDs and identifying or sensitive columns only where the
    role holds them); ``access`` None: every column but the secret ones.

    Raises ValueError for the country or a province (too many rows for one file) and
    :class:`query.access.AccessDenied` for an area or records the user may not read."""
    if not household_area(area):
        raise ValueError("household records are downloaded for one district or a smaller area")
    frame = households.household_frame(con, ["*"], round_be=round_be, area=area, access=access)
    return frame.drop(columns=[c for c in SECRET_COLUMNS if c in frame.columns])
