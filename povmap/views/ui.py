"""Streamlit glue shared by app.py and the pages: cached data access, shared state, common widgets.

The one place where view state (language, round, area, level, metric) lives, and the one owner of
the URL: the view is mirrored to ``st.query_params`` so a pasted URL reopens the same view, each
change of the view is one browser history step (:func:`write_url`), and the view follows the URL
whenever the URL moves under the session (Back, Forward, an edited address: :func:`url_changes`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import geopandas as gpd
import pandas as pd
import streamlit as st

from data import audit, export, store
from geo import boundaries
from geo.codes import LEVELS, ancestor, area_table, level_below, level_or_none, picker_areas
from povmap import rules, settings
from povmap.i18n import t
from povmap.views.chrome import md_escape
from query import areas as area_numbers
from query import households
from query.access import Access

#: Query parameters of the shared view (the sidebar): lang and round always, area unless Thailand.
APP_PARAMS = ("lang", "round", "area")
#: The map's level (povmap.views.map_view): its default is the level below the area, so a new area
#: drops it from the URL in the same history step.
MAP_LEVEL_PARAM = "map_level"
#: Where the map is zoomed and panned to (povmap.views.map_view): a new area drops them too.
MAP_ZOOM_PARAM, MAP_LAT_PARAM, MAP_LON_PARAM = "zoom", "lat", "lon"
MAP_VIEW_PARAMS = (MAP_ZOOM_PARAM, MAP_LAT_PARAM, MAP_LON_PARAM)
AREA_SCOPED_PARAMS = (MAP_LEVEL_PARAM, *MAP_VIEW_PARAMS)
#: The presentation (povmap.views.present_view): ``?present=<storyline>&slide=<n>``. Never part
#: of a saved view (data.saved_views.PRESENTATION_PARAMS).
PRESENT_PARAM, SLIDE_PARAM = "present", "slide"
#: Session key: query parameter -> the value this session last saw in, or wrote to, the URL.
_URL_SEEN = "_url_seen"
#: Session keys povmap.views.signin_view.start fills before any page runs: this run's signed-in
#: session (None: the public) and the door's Access for it. Read here (this module cannot import
#: signin_view, which imports it) for the area picker's default and the audit entries.
SIGNED_IN_KEY, ACCESS_KEY = "signin_session", "access"
#: Session key: the user whose first area the area picker was last defaulted to.
_AREA_DEFAULTED = "_area_defaulted_for"
#: Session key: the household record this session last entered in the audit trail as viewed.
_VIEWED = "_household_viewed"


# --- cached resources and data ---------------------------------------------------------------------


def connection() -> duckdb.DuckDBPyConnection:
    """The app's connection to the store (POVMAP_DB), shared by every session (a cursor per query).

    Read-write, because referrals, verification and the data page write; DuckDB lets one process
    write, so stop the app before importing from the command line (or use the data page).
    """
    return _connection(str(settings.get("POVMAP_DB")))


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return store.connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    return connection().cursor()


def data_version(edits: Sequence[str] | None = None) -> tuple[str, int]:
    """The store and its data version (:func:`data.store.data_version`), part of every cache key."""
    return str(settings.get("POVMAP_DB")), store.data_version(cursor(), edits)


def cached(*, edits: Sequence[str] | None = None, **options: object) -> Callable:
    """``st.cache_data`` for a read of the store: a result is kept until the store changes.

    The one way the app caches what it reads from the store. Every call asks the store for its
    data version (one small SELECT), which is part of the cache key: a write by any session or
    process (a referral, a target, a review, an import on the data page or ``povmap import``) is
    seen by the next call in every session, with nothing to clear. ``edits``: the kinds of app
    edits (``store.CHANGE_KINDS``) the result depends on, default all; imports always count.
    ``options`` go to ``st.cache_data`` (e.g. ``max_entries``).
    """
    kinds = None if edits is None else tuple(edits)
    if kinds is not None and not set(kinds) <= set(store.CHANGE_KINDS):
        raise ValueError(f"edits must be among {store.CHANGE_KINDS}, not {kinds}")

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)  # the cache is named by func's module, name and source
        def read(*args, store_version, **kwargs):
            return func(*args, **kwargs)

        cached_read = st.cache_data(show_spinner=False, **options)(read)
        name = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def call(*args, **kwargs):
            version = data_version(kinds)
            with in_flight((name, _key(args, kwargs), version)):
                return cached_read(*args, store_version=version, **kwargs)

        return call

    return decorate


#: key -> [lock, how many callers hold or wait for it] of the computations in flight
_IN_FLIGHT: dict[object, list] = {}
_IN_FLIGHT_GUARD = threading.Lock()


def _key(args: tuple, kwargs: dict) -> object:
    """The arguments of a cached call as a dict key (their repr when they are not hashable)."""
    key = (args, tuple(sorted(kwargs.items())))
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key


@contextlib.contextmanager
def in_flight(key: object) -> Iterator[None]:
    """Hold the lock of ``key`` for the block: a second caller of the same key (another
    session asking for the same numbers while they are computed) waits for the first and then
    reads its cached result, so nothing is computed twice. Different keys never wait for each
    other; a lock is dropped when nobody holds or waits for it."""
    with _IN_FLIGHT_GUARD:
        entry = _IN_FLIGHT.setdefault(key, [threading.RLock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _IN_FLIGHT_GUARD:
            entry[1] -= 1
            if entry[1] == 0 and _IN_FLIGHT.get(key) is entry:
                del _IN_FLIGHT[key]


@st.cache_resource(show_spinner=False)
def boundary_layer(level: str) -> gpd.GeoDataFrame:
    """Simplified boundary polygons of one level from the cache (read-only, shared)."""
    return boundaries.load_level(level, settings.get("POVMAP_CACHE_DIR"))


@st.cache_resource(show_spinner=False)
def polygon_lookup() -> dict[str, str]:
    """Current DOPA subdistrict code -> the boundary polygon that holds it (read-only, shared)."""
    frame = boundaries.load_lookup(settings.get("POVMAP_CACHE_DIR")).dropna()
    return dict(zip(frame["subdistrict_code"], frame["polygon_code"], strict=True))


@st.cache_data(show_spinner=False)
def areas() -> pd.DataFrame:
    return area_table()


@st.cache_data(show_spinner=False)
def area_names(lang: str) -> dict[str, str]:
    """Area code -> its name in ``lang`` (every official area)."""
    table_ = areas()
    return dict(zip(table_["code"], table_["name_en" if lang == "en" else "name_th"], strict=True))


@cached(edits=())
def rounds() -> list[int]:
    return households.rounds(cursor())


@cached(edits=())
def synthetic() -> bool:
    return households.is_synthetic(cursor())


@cached(edits=())
def area_stats(
    level: str, round_be: int | None, area: str | None, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    """Households, people, poor households and people and the headcount ratio per area, as
    ``access`` may see them (a ``suppressed`` column: the areas hidden for it)."""
    return area_numbers.area_stats(
        cursor(),
        level,
        round_be=round_be,
        area=area,
        rule=rules.poor_rule(rule_name, k),
        summary=rules.summary_spec(rule_name, k),
        access=access,
    )


@cached(edits=())
def totals(area: str | None, rule_name: str, k: float, access: Access) -> pd.DataFrame:
    """The selection's counts and ratios, one row per round (:func:`query.areas.totals`), as
    ``access`` may see them."""
    return area_numbers.totals(
        cursor(),
        area=area,
        rule=rules.poor_rule(rule_name, k),
        summary=rules.summary_spec(rule_name, k),
        access=access,
    )


def hidden(view: View, access: Access) -> bool:
    """Whether the door hides the numbers of the view's area in its round from ``access`` (a
    small area, or one that would give a small one away, for a role whose numbers are
    suppressed): a page of that area's numbers says so instead of showing any."""
    if not view.area or not access.suppressed:
        return False
    tot = totals(view.area, view.rule_name, view.k, access)
    row = tot[tot["round_be"] == view.round_be]
    return bool(len(row)) and bool(row["suppressed"].fillna(False).astype(bool).any())


@cached(edits=())
def data_provinces() -> list[str]:
    return households.data_provinces(cursor())


# --- view state ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    lang: str
    round_be: int | None
    area: str | None  # None = Thailand
    rule_name: str
    k: float

    @property
    def level_below(self) -> str:
        """The level whose areas the map shows for the selected area (:func:`level_below`)."""
        return level_below(self.area)

    def area_name(self) -> str:
        if not self.area:
            return t("thailand", self.lang)
        names = areas().set_index("code")
        col = "name_en" if self.lang == "en" else "name_th"
        return str(names[col].get(self.area, self.area))


def current_view() -> View:
    """The view app.py put in session state; a page run on its own renders the sidebar itself."""
    view = st.session_state.get("view")
    if view is None:
        view = sidebar()
        st.session_state["view"] = view
    return view


def url_changes(params: Sequence[str]) -> dict[str, str | None] | None:
    """The URL's values of ``params`` (None = absent) when they are not what this session last
    saw there or wrote there: on the first run, after Back or Forward, or when the address was
    edited. Then the URL wins over the session's view. None when the URL did not move."""
    seen = st.session_state.setdefault(_URL_SEEN, {})
    now = {p: st.query_params.get(p) for p in params}
    moved = any(p not in seen or seen[p] != now[p] for p in params)
    seen.update(now)
    return now if moved else None


def write_url(values: Mapping[str, str | list[str] | None]) -> None:
    """Put ``values`` in the URL (None or an empty list removes a parameter; a list repeats it)
    as one browser history step: the one writer of the URL (pages and views call it).

    Nothing is sent when the URL already holds them, so a rerun adds no step. The sidebar and the
    map write their query parameters through here, so a change that touches several (a new area
    and the map level that depends on it) is one step that Back undoes at once.
    """
    values = {k: (v or None) if isinstance(v, list) else v for k, v in values.items()}
    seen = st.session_state.setdefault(_URL_SEEN, {})
    seen.update({k: v[-1] if isinstance(v, list) else v for k, v in values.items()})
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    changed = {
        k: v
        for k, v in values.items()
        if v is not None and current.get(k) != (v if isinstance(v, list) else [v])
    }
    if any(v is None and k in current for k, v in values.items()):
        wanted = {k: v for k, v in current.items() if k not in values}
        st.query_params.from_dict({**wanted, **{k: v for k, v in values.items() if v is not None}})
    elif changed:
        st.query_params.update(changed)  # one message, other parameters untouched


def url_state() -> dict[str, list[str]]:
    """The page's state as its URL holds it now: every query parameter with its values, without
    the presentation's own. What a saved view keeps and a shared link carries."""
    return {
        key: st.query_params.get_all(key)
        for key in st.query_params
        if key not in (PRESENT_PARAM, SLIDE_PARAM)
    }


def link(page: str, params: Mapping[str, str | Sequence[str]] | None = None) -> str:
    """The link of ``page`` (its URL path, "" for the app's root) with ``params``, relative to
    the app's root ("map?lang=th&area=46"): the one way the app builds a link to a view.

    >>> link("map", {"lang": "th", "type": ["a", "b"], "area": None})
    'map?lang=th&type=a&type=b'
    >>> link("", {"present": "3"})
    './?present=3'
    """
    query = urlencode(
        [
            (key, value)
            for key, values in (params or {}).items()
            if values is not None
            for value in ([values] if isinstance(values, str) else values)
        ]
    )
    path = page.strip("/") or "./"
    return f"{path}?{query}" if query else path


def url_language() -> str:
    """The language the URL asks for (else the session's, else the default setting): for
    pages that draw no sidebar (the presentation)."""
    lang = st.query_params.get("lang") or st.session_state.get("lang")
    lang = lang or settings.get("POVMAP_DEFAULT_LANG")
    return lang if lang in ("th", "en") else "th"


def view_of(params: Mapping[str, Sequence[str]], lang: str) -> View:
    """The view a saved view's parameters (:func:`url_state`) describe, in ``lang``: its round
    when the store has it (else the latest) and its area when it is a code (else Thailand)."""

    def last(name: str) -> str:
        values = params.get(name) or [""]
        return str(values[-1])

    available = rounds()
    try:
        round_be: int | None = int(last("round"))
    except ValueError:
        round_be = None
    if round_be not in available:
        round_be = available[-1] if available else None
    area = last("area")
    return View(
        lang,
        round_be,
        area if area.isdigit() else None,
        settings.get("POVMAP_POOR_RULE"),
        float(settings.get("POVMAP_AF_K")),
    )


def _read_state() -> None:
    """Take lang, round and area from the URL on the first run and whenever it moved.

    A whole view (lang and round: every URL the app writes, so Back, Forward and shared links)
    sets all three, a missing area meaning Thailand. A page switch clears the URL and a link may
    set a few (the village link sets lang): the rest of the session's view stays (and is written
    back by :func:`_write_state`).
    """
    url = url_changes(APP_PARAMS)
    ready = st.session_state.get("_state_ready")
    if ready and url is None:
        return
    url = url or dict.fromkeys(APP_PARAMS)
    whole = not ready or bool(url["lang"] and url["round"])
    if whole or url["lang"]:
        lang = url["lang"] or settings.get("POVMAP_DEFAULT_LANG")
        st.session_state["lang"] = lang if lang in ("th", "en") else "th"
    if whole or url["area"]:
        area = url["area"] or ""
        st.session_state["area"] = area if area.isdigit() else ""
    if whole:
        try:
            st.session_state["round"] = int(url["round"] or "0") or None
        except ValueError:
            st.session_state["round"] = None
    st.session_state["_state_ready"] = True


def _write_state(drop: Sequence[str] = ()) -> None:
    """The sidebar's view into the URL (and ``drop`` out of it), as one history step."""
    values: dict[str, str | None] = {"lang": st.session_state["lang"]}
    if st.session_state.get("round"):
        values["round"] = str(st.session_state["round"])
    values["area"] = st.session_state.get("area") or None
    write_url({**values, **dict.fromkeys(drop)})


def set_area(code: str | None) -> None:
    """Drill to ``code`` (None/"" = Thailand); used by map clicks, breadcrumbs and the picker.

    The area and the parameters that depend on it change in one history step.
    """
    st.session_state["area"] = code or ""
    _write_state(drop=AREA_SCOPED_PARAMS)


def _picked_area() -> None:
    set_area(st.session_state["area"])


def _default_area() -> None:
    """A user whose household work is limited to some areas (a provincial or an agency officer)
    starts in the first of them, since the door refuses them the whole country's households:
    once per signed-in user, and only over Thailand (a link's area stays). They may still pick
    any area: area numbers are not limited."""
    access = st.session_state.get(ACCESS_KEY)
    user = getattr(access, "user", None)
    if access is None or st.session_state.get(_AREA_DEFAULTED) == user:
        return
    st.session_state[_AREA_DEFAULTED] = user
    if access.areas and not access.nationwide and not st.session_state.get("area"):
        st.session_state["area"] = access.areas[0]


def sidebar() -> View:
    """The shared sidebar: language, round and area picker. Returns the current view."""
    _read_state()
    _default_area()
    available = rounds()
    if st.session_state.get("round") not in available and available:
        st.session_state["round"] = available[-1]
    with st.sidebar:
        lang = st.session_state["lang"]
        st.radio(
            t("language", lang),
            options=["th", "en"],
            format_func=lambda v: {"th": "ไทย", "en": "English"}[v],
            key="lang",
            horizontal=True,
            on_change=_write_state,
        )
        lang = st.session_state["lang"]
        if available:
            st.selectbox(
                t("round", lang),
                options=available,
                key="round",
                on_change=_write_state,
            )
        options, labels = area_options(lang)
        if st.session_state["area"] not in labels:
            st.session_state["area"] = ""
        st.selectbox(
            t("area", lang),
            options=options,
            format_func=lambda c: labels[c],
            key="area",
            help=t("area_help", lang),
            on_change=_picked_area,
            # a plain substring match keeps the options' order (provinces first); the default
            # fuzzy match ranks by score and put a subdistrict above the province typed in full
            filter_mode="contains",
        )
        rule_name = settings.get("POVMAP_POOR_RULE")
        k = float(settings.get("POVMAP_AF_K"))
        st.caption(t("rule_af", lang, k=k) if rule_name == "af" else t("rule_tpmap", lang))
    _write_state()
    return View(lang, st.session_state.get("round"), st.session_state["area"] or None, rule_name, k)


@cached(edits=())
def area_options(lang: str) -> tuple[list[str], dict[str, str]]:
    """Area picker options: Thailand, every province, the districts and subdistricts of data provinces.

    Provinces come first, then districts, then subdistricts (each by code): the picker keeps this
    order when it filters, so typing a name finds the province before the areas inside it. Labels
    carry both names (Thai and English) and the code, so typing any of them finds the area.
    """
    table = picker_areas(areas(), data_provinces())
    level_word = {
        "province": "level_province",
        "district": "level_district",
        "subdistrict": "level_subdistrict",
    }
    labels = {"": f"{t('thailand', lang)} / Thailand"}
    parents = areas().set_index("code")["name_th" if lang == "th" else "name_en"]
    for code, level, th, en in table[["code", "level", "name_th", "name_en"]].itertuples(
        index=False
    ):
        where = ""
        if level != "province":
            where = f", {parents.get(ancestor(code, 'province'), '')}"
        labels[code] = (
            f"{t(level_word[level], lang)}{th} / {en}{where} ({code})"
            if lang == "th"
            else (f"{en} / {th}{where} ({code})")
        )
    return list(labels), labels


def synthetic_banner(lang: str) -> None:
    """Say, on every page that shows demo data, that the data are synthetic."""
    if synthetic():
        st.warning(t("synthetic_banner", lang))


def breadcrumb(view: View) -> None:
    """Thailand › province › district, each a button that goes back up."""
    crumbs = [("", t("thailand", view.lang))]
    if view.area:
        names = areas().set_index("code")["name_en" if view.lang == "en" else "name_th"]
        own = level_or_none(view.area) or "subdistrict"
        for level in LEVELS[: LEVELS.index(own) + 1]:
            if level != "village":  # a village's trail ends at its subdistrict
                code = ancestor(view.area, level)
                crumbs.append((code, str(names.get(code, code))))
    # names get room for their text, separators stay narrow, a spacer takes the rest of the row
    widths = []
    for i, (_, name) in enumerate(crumbs):
        widths.append(max(len(name), 6) * 0.12)
        if i < len(crumbs) - 1:
            widths.append(0.25)
    cols = st.columns([*widths, max(10 - sum(widths), 1)], gap="small", vertical_alignment="center")
    col = 0
    for i, (code, name) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        with cols[col]:
            st.button(
                md_escape(name),
                key=f"crumb-{code or 'th'}",
                disabled=last,
                on_click=set_area,
                args=(code,),
                type="tertiary",
            )
        col += 1
        if not last:
            cols[col].markdown("›")
            col += 1


# --- researcher filters ----------------------------------------------------------------------------


def filters_sidebar(lang: str) -> tuple[list[str], list[str]]:
    """Researcher filters (household type, level), shared by the analysis pages and kept in the URL."""
    from analysis.capitals import LEVEL_LABELS, LEVELS
    from analysis.why import HOUSEHOLD_TYPES

    q = st.query_params
    if "f_types" not in st.session_state:
        st.session_state["f_types"] = [v for v in q.get_all("type") if v in HOUSEHOLD_TYPES]
        st.session_state["f_levels"] = [v for v in q.get_all("level") if v in LEVELS]

    def sync() -> None:
        write_url({"type": st.session_state["f_types"], "level": st.session_state["f_levels"]})

    i = 1 if lang == "en" else 0
    with st.sidebar.expander(
        t("filters", lang),
        expanded=bool(st.session_state["f_types"] or st.session_state["f_levels"]),
    ):
        st.multiselect(
            t("household_type", lang),
            list(HOUSEHOLD_TYPES),
            format_func=lambda k: HOUSEHOLD_TYPES[k][i],
            key="f_types",
            on_change=sync,
        )
        st.multiselect(
            t("household_level", lang),
            list(LEVELS),
            format_func=lambda k: LEVEL_LABELS[k][i],
            key="f_levels",
            on_change=sync,
            help=t("level_model_note", lang),
        )
    return list(st.session_state["f_types"]), list(st.session_state["f_levels"])


def export_meta(view: View, *, metric: str | None = None, **fields) -> export.ExportMeta:
    """What a download of ``view``'s numbers depends on: round, poverty rule and k, ``metric``
    and the synthetic flag (``fields`` override, e.g. ``round_be`` or ``from_round_be``)."""
    meta = export.ExportMeta(view.round_be, None, view.rule_name, view.k, metric, synthetic())
    return dataclasses.replace(meta, **fields)


def csv_download(
    frame: pd.DataFrame,
    name: str,
    lang: str,
    key: str,
    meta: export.ExportMeta | None = None,
    *,
    units: Mapping[str, export.Unit] | None = None,
    label: str | None = None,
) -> None:
    """A CSV download written by :func:`data.export.csv_bytes` (UTF-8 with BOM so Excel shows
    Thai; formulas defused; units in the header; ``meta`` as leading columns, by default the
    synthetic flag only). Every table the app offers goes through here; each download is
    entered in the audit trail (:func:`audit_download`)."""
    meta = meta or export.ExportMeta(synthetic=synthetic())
    st.download_button(
        label or t("download_csv", lang),
        export.csv_bytes(frame, meta, units=units),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click=audit_download,
        args=(f"{name}.csv", len(frame), download_columns(frame), meta.round_be),
    )


#: What :func:`file_download` may offer: pictures, never a table (tables go through csv_download).
FILE_MIMES = frozenset({"image/png", "image/svg+xml"})


def file_download(label: str, data: bytes | str, file_name: str, mime: str, key: str) -> None:
    """A download of a file that is not a table (a QR code); tables use :func:`csv_download`.
    Entered in the audit trail like every download."""
    if mime not in FILE_MIMES:
        raise ValueError(f"{mime} is not a picture: offer tables with ui.csv_download")
    st.download_button(
        label,
        data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=audit_download,
        args=(file_name, None, (), None),
    )


# --- the audit trail of what leaves ----------------------------------------------------------------


def actor() -> audit.Actor:
    """Who this run's user is for the audit trail: the signed-in account (name, roles, address),
    or nobody (the public)."""
    session = st.session_state.get(SIGNED_IN_KEY)
    return session.actor if session is not None else audit.NOBODY


def download_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The column names of a downloaded table (its index too, when it is named), for its entry."""
    names = [str(n) for n in frame.index.names if n is not None]
    return (*names, *(str(c) for c in frame.columns))


def download_scope(round_be: int | None = None) -> list[str]:
    """The scope a download of the current view is entered with: its area (``TH`` for
    Thailand) and its round (``round_be`` when the file is of another one)."""
    view = st.session_state.get("view")
    area = getattr(view, "area", None) or "TH"
    shown = round_be if round_be is not None else getattr(view, "round_be", None)
    return [area, *([str(shown)] if shown else [])]


def audit_download(
    file_name: str,
    rows: int | None,
    columns: Sequence[str] = (),
    round_be: int | None = None,
    scope: Sequence[str] | None = None,
) -> None:
    """Enter one download in the audit trail: who, the file, its rows and columns, its area and
    round. The ``on_click`` of every download button (csv_download, file_download, the export
    panel's), so a download is entered once, when it is taken."""
    audit.record(
        cursor(),
        actor(),
        "file_downloaded",
        object=file_name,
        rows=rows,
        scope=list(scope) if scope is not None else download_scope(round_be),
        details={"columns": list(columns)} if columns else None,
    )


def audit_household_view(hh_id: str, round_be: int | None, area: str | None) -> None:
    """Enter that this run's user viewed household ``hh_id``'s record (its area and round as
    the scope): once per record shown, not again on the reruns that keep showing it."""
    seen = (getattr(actor(), "name", ""), hh_id, round_be)
    if st.session_state.get(_VIEWED) == seen:
        return
    audit.record(
        cursor(),
        actor(),
        "household_viewed",
        object=hh_id,
        scope=[c for c in (area, str(round_be) if round_be else "") if c],
    )
    st.session_state[_VIEWED] = seen
