"""The lists the household, village and product pages open on, before anything is picked.

Each list is one page (``query.area_rows``) of the sidebar's area, laid out as a table whose rows
open the profile or label on click. Pages call :func:`household_list`, :func:`province_list`,
:func:`village_list` or :func:`product_list`; the data come from ``query.area_rows`` (one area,
one page, only the columns shown), cached until the store changes.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.capitals import LEVEL_LABELS
from analysis.suppression import below_min_cell
from data.schema import table
from geo.maps import format_number, format_percent
from povmap import rules, settings
from povmap.i18n import t
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query import area_rows
from query.access import Access


@ui.cached(edits=(), max_entries=64)
def _households(area: str, round_be: int | None, page: int, access: Access) -> area_rows.Page:
    return area_rows.household_rows(
        ui.cursor(), area, round_be, page=page, model=rules.household_model(), access=access
    )


@ui.cached(edits=(), max_entries=8)
def _provinces(round_be: int | None, access: Access) -> pd.DataFrame:
    return area_rows.province_household_counts(ui.cursor(), round_be, access=access)


@ui.cached(edits=(), max_entries=64)
def _villages(
    area: str | None, round_be: int | None, rule_name: str, k: float, page: int, access: Access
) -> area_rows.Page:
    rule = rules.poor_rule(rule_name, k)
    return area_rows.village_rows(ui.cursor(), area, round_be, rule, page=page, access=access)


@ui.cached(edits=(), max_entries=32)
def _products(area: str | None, page: int) -> area_rows.Page:
    return area_rows.product_rows(ui.cursor(), area, page=page)


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_th"


def _page_number(key: str, fetch: Callable[[int], area_rows.Page], lang: str) -> area_rows.Page:
    """The page the user picked (a page number input when there is more than one)."""
    first = fetch(int(st.session_state.get(key, 1)) - 1)
    if first.pages > 1:
        if int(st.session_state.get(key, 1)) > first.pages:
            st.session_state[key] = first.pages
            first = fetch(first.pages - 1)
        st.number_input(t("list_page", lang), min_value=1, max_value=first.pages, step=1, key=key)
    return first


def _showing(page: area_rows.Page, lang: str, *, clickable: bool = True) -> None:
    shown = t(
        "list_showing",
        lang,
        first=format_number(page.first),
        last=format_number(page.last),
        total=format_number(page.total),
    )
    st.caption(shown + (" · " + t("list_click_row", lang) if clickable else ""))


def _picked(event: object, ids: pd.Series) -> str | None:
    """The id of the row the user clicked (None when none is)."""
    try:
        rows = list(event.selection.rows)  # type: ignore[attr-defined]
    except AttributeError:
        return None
    return str(ids.iloc[rows[0]]) if rows and rows[0] < len(ids) else None


def _village_label(name: object, no: object, lang: str) -> str:
    number = "" if pd.isna(no) else f"{t('village_no', lang)} {int(no)}"
    return " · ".join(p for p in (str(name) if pd.notna(name) else "", number) if p)


# --- household --------------------------------------------------------------------------------------


def household_table(page: area_rows.Page, lang: str) -> pd.DataFrame:
    """The shown columns of a page of households: household, village, level, failed, cause;
    the household ID and the cause only when the door gave them (named records, sensitive
    data: a researcher's list has neither).

    Never a national ID or its hash (``area_rows`` does not select them).
    """
    i = 1 if lang == "en" else 0
    rows = page.rows
    levels = rows["level"] if "level" in rows else pd.Series("", index=rows.index)
    causes = {r["code"]: r[["name_th", "name_en"][i]] for r in table("causes")}
    names = rows["village_name_en" if lang == "en" else "village_name_th"]
    columns = {
        t("village", lang): [
            _village_label(n, no, lang) for n, no in zip(names, rows["village_no"], strict=True)
        ],
        t("household_level", lang): [
            LEVEL_LABELS[v][i] if v in LEVEL_LABELS else "–" for v in levels
        ],
        t("hhlist_failed", lang): rows["failed"].to_numpy(),
    }
    if "hh_id" in rows:
        columns = {t("household", lang): rows["hh_id"].to_numpy(), **columns}
    if "main_cause" in rows:
        columns[t("main_cause", lang)] = [
            causes.get(c, "–") if isinstance(c, str) else "–" for c in rows["main_cause"]
        ]
    return pd.DataFrame(columns)


def household_list(view: ui.View) -> str | None:
    """The area's households with the most failed BMN indicators, a page at a time; the
    household the user clicked (None before a click)."""
    lang = view.lang
    area = view.area or ""
    st.markdown(
        f"#### {t('hhlist_title', lang, area=md_escape(view.area_name()), round=view.round_be or '–')}"
    )
    key = f"hhlist_page-{area}-{view.round_be}"
    access = signin_view.access()
    page = _page_number(key, lambda p: _households(area, view.round_be, p, access), lang)
    if not page.total:
        st.info(t("hhlist_none", lang, area=md_escape(view.area_name())))
        return None
    named = "hh_id" in page.rows  # de-identified rows open no profile
    event = show_table(
        household_table(page, lang),
        lang,
        hide_index=True,
        width="stretch",
        **({"on_select": "rerun", "selection_mode": "single-row"} if named else {}),
        key=f"hhlist-{area}-{view.round_be}-{page.page}",
    )
    _showing(page, lang, clickable=named)
    return _picked(event, page.rows["hh_id"]) if named else None


def province_list(view: ui.View) -> None:
    """Provinces with household data and their counts; a click selects the province."""
    lang = view.lang
    st.info(t("hhlist_pick_province", lang))
    counts = _provinces(view.round_be, signin_view.access())
    names = ui.areas().set_index("code")[_name_col(lang)]
    shown = pd.DataFrame(
        {
            t("level_province", lang): [str(names.get(c, c)) for c in counts["province_code"]],
            t("surveyed_households", lang): counts["households"].map(format_number).to_numpy(),
            t("hhlist_with_failed", lang): counts["with_failed"].map(format_number).to_numpy(),
        }
    )
    codes = list(counts["province_code"])
    key = f"hhlist_provinces-{view.round_be}"

    def pick() -> None:
        rows = st.session_state[key]["selection"]["rows"]
        if rows:
            ui.set_area(codes[rows[0]])

    st.markdown(f"#### {t('hhlist_provinces', lang, round=view.round_be or '–')}")
    show_table(
        shown,
        lang,
        hide_index=True,
        width="stretch",
        on_select=pick,
        selection_mode="single-row",
        key=key,
    )


# --- village ----------------------------------------------------------------------------------------


def village_table(page: area_rows.Page, lang: str) -> pd.DataFrame:
    """Village, households, poor households and headcount ratio of a page of villages; villages
    with fewer than POVMAP_MIN_CELL households show '–' when households are not shown."""
    rows = page.rows
    hidden = pd.Series(False, index=rows.index)
    if not settings.get("POVMAP_SHOW_HOUSEHOLDS"):
        hidden = below_min_cell(rows["households"], settings.get("POVMAP_MIN_CELL"))
    if "suppressed" in rows:  # hidden by the door for the signed-in user's role
        hidden = hidden | rows["suppressed"].astype(bool)
    return pd.DataFrame(
        {
            t("village", lang): [
                _village_label(n, no, lang)
                for n, no in zip(rows[_name_col(lang)], rows["village_no"], strict=True)
            ],
            t("sites_vil_code", lang): rows["village_code"].to_numpy(),
            t("surveyed_households", lang): rows["households"].map(format_number).to_numpy(),
            t("poor_households", lang): rows["poor_households"]
            .map(format_number)
            .mask(hidden, "–")
            .to_numpy(),
            t("headcount_ratio", lang): rows["headcount_ratio"]
            .map(lambda v: format_percent(v, 1, fraction=True))
            .mask(hidden, "–")
            .to_numpy(),
        }
    )


def village_list(view: ui.View) -> str | None:
    """The area's villages, most poor households first, a page at a time; the clicked village."""
    lang = view.lang
    st.markdown(
        f"#### {t('villist_title', lang, area=md_escape(view.area_name()), round=view.round_be or '–')}"
    )
    key = f"villist_page-{view.area}-{view.round_be}"
    access = signin_view.access()
    page = _page_number(
        key,
        lambda p: _villages(view.area, view.round_be, view.rule_name, view.k, p, access),
        lang,
    )
    if not page.total:
        return None
    event = show_table(
        village_table(page, lang),
        lang,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"villist-{view.area}-{view.round_be}-{page.page}",
    )
    _showing(page, lang)
    if not settings.get("POVMAP_SHOW_HOUSEHOLDS"):
        st.caption(t("villist_suppressed", lang, n=settings.get("POVMAP_MIN_CELL")))
    return _picked(event, page.rows["village_code"])


# --- product ----------------------------------------------------------------------------------------


def product_table(page: area_rows.Page, lang: str) -> pd.DataFrame:
    """Product, maker, type, price and area of a page of products."""
    from data import sites
    from povmap.views import sites_view as sv

    rows = page.rows
    unit = rows["unit_th"]
    if lang == "en":
        unit = rows["unit_en"].where(rows["unit_en"].notna(), unit)
    prices = [
        t("sites_prod_price_value", lang, price=format_number(p), unit=u if pd.notna(u) else "–")
        if pd.notna(p)
        else "–"
        for p, u in zip(rows["price_baht"], unit, strict=True)
    ]
    return pd.DataFrame(
        {
            t("sites_name", lang): sv.names(rows, lang).to_numpy(),
            t("sites_prod_maker", lang): sv.names(rows, lang, "enterprise_").to_numpy(),
            t("sites_ent_product_type", lang): [
                sites.term_name("product_type", c, lang) for c in rows["product_type"]
            ],
            t("sites_prod_price", lang): prices,
            t("sites_area", lang): sv.area_names(rows["area_code"], lang).to_numpy(),
            t("sites_prod_id", lang): rows["product_id"].to_numpy(),
        }
    )


def product_list(view: ui.View) -> str | None:
    """The area's products (from the enterprise registry), a page at a time; the clicked one."""
    lang = view.lang
    st.markdown(f"#### {t('prodlist_title', lang, area=md_escape(view.area_name()))}")
    key = f"prodlist_page-{view.area}"
    page = _page_number(key, lambda p: _products(view.area, p), lang)
    if not page.total:
        st.info(t("prodlist_none", lang, area=md_escape(view.area_name())))
        return None
    event = show_table(
        product_table(page, lang),
        lang,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"prodlist-{view.area}-{page.page}",
    )
    _showing(page, lang)
    return _picked(event, page.rows["product_id"])
