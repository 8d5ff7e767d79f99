"""Streamlit glue of the "keep them out" pages: the alert queue and its state changes, monitored
households by area, a round's alerts, exit verification, grievances with the village notice,
the public self-report form and a household's alert history.

Reads go through ``query.monitoring_read`` (cached by ``ui.cached`` until the store changes);
writes through ``data.monitoring``, ``data.exit_samples`` and ``data.grievances``, each naming
who made it (:func:`recorder`: the signed-in account). Settings reach the data layer through
:mod:`povmap.monitoring_settings`. The pages pass the signed-in user's ``access``
(``signin_view.access()``) down to every read, and a write is offered only where the user may
work on cases (``verify`` in the area); a refusal is said in the page's language.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
import logging
import uuid

import pandas as pd
import streamlit as st

from analysis.exit_sampling import RATES, overall, sample_size
from analysis.monitoring import CATEGORIES, SHOCKS
from analysis.working_days import add_working_days
from data import exit_samples as xs
from data import grievances as gv
from data import monitoring as mon
from data.importer import id_hash_key
from data.sites import qr_png, qr_svg
from geo.maps import format_number
from povmap import monitoring_settings as ms
from povmap import rules, settings
from povmap.i18n import t
from povmap.views import action_view as av
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query import monitoring_read as mr
from query.access import Access, AccessDenied
from query.area_rows import Page
from query.village import villages_by_poor, villages_in

PAGE_SIZE = 50
#: Villages a picker offers (the most poor households first).
VILLAGE_LIMIT = 2000
_log = logging.getLogger(__name__)
LEVEL_WORDS = {
    "province": "level_province",
    "district": "level_district",
    "subdistrict": "level_subdistrict",
    "village": "village",
}


def recorder(lang: str) -> str:
    """Who the changes made on these pages are recorded as: the name
    :func:`povmap.views.action_view.recorder` gives (the signed-in account; "" for nobody)."""
    who = av.recorder(lang)
    return str(getattr(who, "name", who) or "")


def refused(err: AccessDenied, lang: str) -> None:
    st.warning(md_escape(err.render(lang)))


def may_work(access: Access | None, area: str | None, lang: str) -> bool:
    """Whether the user may work on the cases of ``area`` (``verify`` there); says why not."""
    if access is None:
        return True
    try:
        access.check("verify", area)
    except AccessDenied as err:
        refused(err, lang)
        return False
    return True


def _i(lang: str) -> int:
    return 1 if lang == "en" else 0


def _today() -> dt.date:
    return dt.date.today()


def _holidays() -> tuple[dt.date, ...]:
    return tuple(sorted(ms.holidays()))


def name(prefix: str, code: object, lang: str) -> str:
    """The catalogue's name of ``code`` under ``prefix`` (``monitoring.category`` ...)."""
    if code is None or (not isinstance(code, str) and pd.isna(code)) or code == "":
        return ""
    return t(f"{prefix}.{code}", lang)


def shock_names(value: object, lang: str) -> str:
    if not isinstance(value, str) or not value:
        return ""
    return ", ".join(name("monitoring.shock", s, lang) for s in value.split(";"))


def _village_names(frame: pd.DataFrame, lang: str) -> list[str]:
    column = "village_name_en" if lang == "en" else "village_name_th"
    names = frame[column] if column in frame else pd.Series("", index=frame.index)
    return [
        f"{n} ({c})" if isinstance(n, str) and n else str(c)
        for n, c in zip(names, frame["village_code"], strict=True)
    ]


#: The timeliness column's colours: late, on time, no due date left.
LATE, ON_TIME, NO_DUE = "#c62828", "#1a7f37", "#57606a"


def timeliness(
    overdue: pd.Series, days: pd.Series, reviewed: pd.Series, lang: str
) -> tuple[list[str], list[str]]:
    """Each row's timeliness and its colour: red with its working days late, green on time,
    grey when no due date is left (the alert was reviewed, the grievance decided)."""
    words, colours = [], []
    for late, n, done in zip(overdue, days, reviewed, strict=True):
        if bool(late):
            words.append(t("monitor_late", lang, n=int(n)))
            colours.append(LATE)
        elif bool(done):
            words.append(t("monitor_no_due", lang))
            colours.append(NO_DUE)
        else:
            words.append(t("monitor_on_time", lang))
            colours.append(ON_TIME)
    return words, colours


def page_picker(page: Page, key: str, lang: str) -> None:
    """The caption of a page of rows, and a page number when there is more than one."""
    if page.total:
        st.caption(t("monitor_shown", lang, first=page.first, last=page.last, total=page.total))
    if page.pages > 1:
        st.columns([1, 4])[0].number_input(
            t("monitor_page_no", lang), min_value=1, max_value=page.pages, step=1, key=key
        )


def table_height(rows: int, most: int) -> int:
    """A table's height in pixels: its rows and header, at most ``most`` (then it scrolls)."""
    return min(most, 35 * (rows + 1) + 3)


def _page_no(key: str) -> int:
    return max(int(st.session_state.get(key, 1)) - 1, 0)


# --- the alert queue -------------------------------------------------------------------------------


@ui.cached(edits=("monitoring",), max_entries=64)
def _alert_totals(area: str | None, day: dt.date, holidays: tuple, access: Access | None):
    return mr.alert_totals(ui.cursor(), area, as_of=day, holidays=holidays, access=access)


@ui.cached(edits=("monitoring",), max_entries=64)
def _alert_queue(
    area: str | None,
    day: dt.date,
    holidays: tuple,
    categories: tuple | None,
    states: tuple | None,
    overdue: bool,
    page: int,
    access: Access | None,
) -> Page:
    return mr.alert_queue(
        ui.cursor(),
        area,
        as_of=day,
        holidays=holidays,
        categories=categories,
        states=states,
        overdue_only=overdue,
        page=page,
        page_size=PAGE_SIZE,
        access=access,
    )


def alert_metrics(view: ui.View, access: Access | None = None) -> None:
    """Open alerts, overdue ones, monitored households, and the households of each category."""
    lang = view.lang
    totals = _alert_totals(view.area, _today(), _holidays(), access)

    def number(key: str) -> str:
        value = totals.get(key)
        return "–" if value is None or pd.isna(value) else format_number(int(value))

    first = st.columns(3)
    first[0].metric(t("monitor_households", lang), number("households"))
    first[1].metric(t("monitor_open_alerts", lang), number("alerts"))
    first[2].metric(
        t("monitor_overdue", lang), number("overdue"), help=t("monitor_overdue_help", lang)
    )
    second = st.columns(3)
    for col, category in zip(second, CATEGORIES, strict=True):
        col.metric(name("monitoring.category", category, lang), number(category))


def queue_filters(lang: str) -> tuple[tuple | None, tuple | None, bool]:
    """Category, state and overdue filters of the queue (kept in the session)."""
    left, middle, right = st.columns([2, 2, 1.5], vertical_alignment="bottom")
    categories = left.multiselect(
        t("monitor_category", lang),
        list(CATEGORIES),
        format_func=lambda c: name("monitoring.category", c, lang),
        key="mon_categories",
        placeholder=t("action_all", lang),
    )
    states = middle.multiselect(
        t("monitor_states", lang),
        list(mon.STATES),
        format_func=lambda s: mon.label(s, lang),
        key="mon_states",
        placeholder=t("action_all", lang),
    )
    overdue = right.toggle(t("monitor_overdue_only", lang), key="mon_overdue")
    return tuple(categories) or None, tuple(states) or None, bool(overdue)


def queue_table(rows: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The queue with names in ``lang``, and its timeliness colours (overdue rows in red)."""
    reviewed = ~rows["state"].isin(mon.BEFORE_DECISION)
    words, colours = timeliness(rows["overdue"], rows["days_overdue"], reviewed, lang)
    out = {t("monitor_alert_id", lang): rows["alert_id"], t("monitor_timeliness", lang): words}
    if "hh_id" in rows:
        out[t("household", lang)] = rows["hh_id"].fillna("")
    out |= {
        t("village", lang): _village_names(rows, lang),
        t("monitor_category", lang): [
            name("monitoring.category", c, lang) for c in rows["category"]
        ],
        t("monitor_channel", lang): [name("monitoring.channel", c, lang) for c in rows["channel"]],
        t("monitor_state", lang): [mon.label(s, lang) for s in rows["state"]],
        t("monitor_opened", lang): av.dates(rows["opened_at"], lang),
        t("monitor_visit_due", lang): av.dates(rows["visit_due"], lang),
        t("monitor_decision_due", lang): av.dates(rows["decision_due"], lang),
    }
    if "shocks" in rows:
        out[t("monitor_shocks", lang)] = [shock_names(s, lang) for s in rows["shocks"]]
    return pd.DataFrame(out), colours


def alert_queue(view: ui.View, access: Access | None = None) -> str | None:
    """The filtered queue of the area, a page at a time; the alert a click picked."""
    lang = view.lang
    categories, states, overdue = queue_filters(lang)

    def fetch(page: int) -> Page:
        return _alert_queue(
            view.area, _today(), _holidays(), categories, states, overdue, page, access
        )

    try:
        page = fetch(_page_no("mon_page"))
    except AccessDenied as err:
        refused(err, lang)
        return None
    if page.total == 0:
        st.info(t("monitor_no_alerts", lang))
        return None
    shown, colours = queue_table(page.rows, lang)
    event = show_table(
        shown,
        lang,
        colours={t("monitor_timeliness", lang): colours},
        hide_index=True,
        width="stretch",
        height=table_height(len(shown), 420),
        on_select="rerun",
        selection_mode="single-row",
        key="mon_queue_table",
    )
    page_picker(page, "mon_page", lang)
    chosen = list(event.selection.rows) if event is not None else []
    return str(page.rows["alert_id"].iloc[chosen[0]]) if chosen else None


# --- one alert: its record, history and next state ----------------------------------------------


def alert_id_input(picked: str | None, lang: str) -> str:
    """The alert to work on: a click in the queue or the ID typed (kept in the URL)."""
    if picked and st.session_state.get("mon_picked") != picked:
        st.session_state["mon_picked"] = picked
        st.session_state["mon_alert"] = picked
    if "mon_alert" not in st.session_state:
        st.session_state["mon_alert"] = st.query_params.get("alert", "")
    typed = st.text_input(t("monitor_alert_id", lang), key="mon_alert").strip().upper()
    if typed:
        ui.write_url({"alert": typed})
    return typed


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = {
        t("monitor_when", lang): av.dates(frame["changed_at"], lang, with_time=True),
        t("monitor_from", lang): [mon.label(s, lang) if s else "" for s in frame["from_state"]],
        t("monitor_to", lang): [mon.label(s, lang) for s in frame["to_state"]],
    }
    if "changed_by" in frame:
        out[t("monitor_by", lang)] = frame["changed_by"]
    if "note" in frame:
        out[t("monitor_note", lang)] = frame["note"].fillna("")
    return pd.DataFrame(out)


def alert_panel(alert_id: str, by: str, view: ui.View, access: Access | None = None) -> None:
    """An alert's record, its append-only history and the form of its next state."""
    lang = view.lang
    con = ui.cursor()
    try:
        alert = mr.alert_detail(con, alert_id, access=access)
    except AccessDenied as err:
        refused(err, lang)
        return
    if alert is None:
        st.warning(t("monitoring.unknown_alert", lang, alert_id=md_escape(alert_id)))
        return
    st.markdown(
        t(
            "monitor_alert_line",
            lang,
            alert_id=md_escape(alert_id),
            category=name("monitoring.category", alert["category"], lang),
            channel=name("monitoring.channel", alert["channel"], lang),
            state=mon.label(alert["state"], lang),
            opened=av.dates([alert["opened_at"]], lang, with_time=True)[0],
        )
    )
    st.caption(
        t(
            "monitor_due_line",
            lang,
            visit=av.dates([alert["visit_due"]], lang)[0],
            decision=av.dates([alert["decision_due"]], lang)[0],
        )
    )
    if "description" in alert.index and alert["description"]:
        st.markdown(f"**{t('monitor_description', lang)}:** {md_escape(alert['description'])}")
    show_table(
        history_table(mr.alert_history(con, alert_id, access=access), lang),
        lang,
        hide_index=True,
        width="stretch",
    )
    if not by:
        st.info(t("action_need_name", lang))
        return
    change_form(alert, by, lang)


def change_form(alert: pd.Series, by: str, lang: str) -> None:
    """The next states the transition table allows; risk clearing checks its rule."""
    alert_id, state = str(alert["alert_id"]), str(alert["state"])
    nexts = mon.allowed_next(state)
    if not nexts:
        st.info(t("monitor_final", lang))
        return
    thresholds = ms.thresholds(ui.rounds()[-1] if ui.rounds() else None)
    if mon.CLEARED in nexts:
        st.caption(t("monitor_clear_help", lang, rounds=thresholds.clear_after_rounds))
    with st.form("mon_change", clear_on_submit=True):
        to = st.selectbox(
            t("monitor_next_state", lang), list(nexts), format_func=lambda s: mon.label(s, lang)
        )
        note = st.text_input(t("monitor_note", lang), max_chars=500)
        matched = ""
        if "hh_id" in alert.index and pd.isna(alert["hh_id"]):
            matched = st.text_input(t("monitor_match_household", lang), max_chars=40)
        referral = ""
        if "help_referred" in nexts:
            referral = st.text_input(t("monitor_referral", lang), max_chars=20)
        saved = st.form_submit_button(t("monitor_save", lang), type="primary")
    if not saved:
        return
    con = ui.cursor()
    try:
        if to == mon.CLEARED:
            mon.clear_risk(
                con,
                alert_id,
                by=by,
                rule=rules.poor_rule(),
                income_line=ms.income_line(),
                thresholds=thresholds,
                note=note,
            )
        else:
            mon.change_state(
                con,
                alert_id,
                to,
                by=by,
                note=note,
                hh_id=matched.strip() or None,
                referral_id=referral.strip().upper()
                if to == "help_referred" and referral
                else None,
            )
    except mon.MonitoringError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    av.done("mon-change", t("monitor_changed", lang, alert_id=alert_id, state=mon.label(to, lang)))


# --- by area ------------------------------------------------------------------------------------------


@ui.cached(edits=("monitoring",), max_entries=32)
def _category_counts(
    level: str, area: str | None, day: dt.date, holidays: tuple, round_be, access
) -> pd.DataFrame:
    return mr.category_counts(
        ui.cursor(), level, area, as_of=day, holidays=holidays, round_be=round_be, access=access
    )


def _area_names(codes: pd.Series, level: str, area: str | None, lang: str) -> list[str]:
    if level == "village":
        found = villages_in(ui.cursor(), area)
        names = dict(
            zip(found["village_code"], found[["name_th", "name_en"][_i(lang)]], strict=True)
        )
    else:
        names = ui.area_names(lang)
    return [str(names.get(c, c)) for c in codes]


def area_table(view: ui.View, access: Access | None = None) -> pd.DataFrame:
    """Monitored households by category in each area one level below the view's (the map
    metric's numbers as a table: the map page is another engineer's)."""
    lang = view.lang
    level = view.level_below
    counts = _category_counts(level, view.area, _today(), _holidays(), view.round_be, access)
    out = {
        t("area", lang): _area_names(counts["code"], level, view.area, lang),
        t("monitor_households", lang): counts["households"].to_numpy(),
    }
    for c in CATEGORIES:
        out[name("monitoring.category", c, lang)] = counts[c].to_numpy()
    out[t("monitor_alerts", lang)] = counts["alerts"].to_numpy()
    out[t("monitor_overdue", lang)] = counts["overdue"].to_numpy()
    if "suppressed" in counts:
        out[t("monitor_suppressed", lang)] = [
            t("monitor_suppressed", lang) if v else "" for v in counts["suppressed"]
        ]
    index = pd.Index(counts["code"].to_numpy(), name=t("map_col_code", lang))
    return pd.DataFrame(out, index=index)


def areas_section(view: ui.View, access: Access | None = None) -> None:
    lang = view.lang
    st.caption(t("monitor_areas_caption", lang, area=view.area_name()))
    table = area_table(view, access)
    if table.empty:
        st.info(t("monitor_no_alerts", lang))
        return
    show_table(table.reset_index(), lang, hide_index=True, width="stretch", height=420)
    ui.csv_download(table, "monitored-households", lang, "mon-areas-dl", ui.export_meta(view))


# --- raise a round's alerts ------------------------------------------------------------------------


def raise_section(view: ui.View, by: str, access: Access | None = None) -> None:
    """Raise the alerts of the view's round in one province (a whole province's three rounds
    fit in memory; the country does not)."""
    lang = view.lang
    round_be = view.round_be
    thresholds = ms.thresholds(round_be)
    line = ms.income_line()
    st.caption(t("monitor_raise_help", lang, round=round_be))
    st.caption(
        t(
            "monitor_thresholds_line",
            lang,
            round=round_be,
            unstable=1 + thresholds.unstable_margin,
            marginal=thresholds.marginal_multiple,
            clear=thresholds.clear_after_rounds,
        )
    )
    names = ui.area_names(lang)
    provinces = [view.area[:2]] if view.area else ui.data_provinces()
    province = st.selectbox(
        t("level_province", lang),
        provinces,
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        key="mon_raise_province",
        disabled=len(provinces) == 1,
    )
    av.show_done("mon-raise")
    if not st.button(t("monitor_raise_round", lang, round=round_be), key="mon_raise"):
        return
    if not by:
        st.error(t("action_need_name", lang))
        return
    if not may_work(access, province, lang):
        return
    try:
        ids = mon.raise_round_alerts(
            ui.cursor(),
            int(round_be),
            rule=rules.poor_rule(view.rule_name, view.k),
            income_line=line,
            by=by,
            thresholds=thresholds,
            area=province,
            clock=ms.alert_clock(),
            synthetic=ui.synthetic(),
        )
    except mon.MonitoringError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    av.done(
        "mon-raise", t("monitor_raised", lang, n=len(ids)) if ids else t("monitor_no_new", lang)
    )


# --- a household's alert history (the profile) -------------------------------------------------------


@ui.cached(edits=("monitoring",), max_entries=64)
def _household_history(hh_id: str, access: Access | None) -> pd.DataFrame:
    return mr.household_alert_history(ui.cursor(), hh_id, access=access)


def household_history(hh_id: str, lang: str, access: Access | None = None) -> None:
    """The household's alerts, every change of their state (nothing when it has none, or when
    the user may not read them)."""
    try:
        frame = _household_history(hh_id, access)
    except AccessDenied:
        return
    if frame.empty:
        return
    st.markdown(f"**{t('monitor_history', lang)}**")
    table = history_table(frame, lang)
    table.insert(0, t("monitor_alert_id", lang), frame["alert_id"].to_numpy())
    table.insert(
        1,
        t("monitor_category", lang),
        [name("monitoring.category", c, lang) for c in frame["category"]],
    )
    show_table(table, lang, hide_index=True, width="stretch")


# --- exit verification -----------------------------------------------------------------------------


@ui.cached(edits=("monitoring",), max_entries=32)
def _verdicts(area: str | None, thresholds) -> pd.DataFrame:
    return mr.area_verdicts(ui.cursor(), area, thresholds=thresholds)


@ui.cached(edits=("monitoring",), max_entries=32)
def _rates(sample_id: str, thresholds) -> pd.DataFrame:
    return mr.sample_rates(ui.cursor(), sample_id, thresholds)


def _share(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value) * 100:.1f}%"


def verdicts_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = ui.area_names(lang)
    out = {
        t("exit_sample", lang): frame["sample_id"],
        t("area", lang): [f"{names.get(c, c)} ({c})" for c in frame["area_code"]],
        t("round", lang): frame["round_be"],
        t("exit_verdict", lang): [name("exit_sample.verdict", v, lang) for v in frame["verdict"]],
    }
    for rate in RATES:
        label = name("exit_sample.rate", rate, lang)
        out[label] = [
            f"{_share(v)} · {name('exit_sample.verdict', d, lang)}"
            for v, d in zip(frame[rate], frame[f"{rate}_verdict"], strict=True)
        ]
    return pd.DataFrame(out)


def rates_table(rates: pd.DataFrame, lang: str, confidence: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("exit_rate", lang): [name("exit_sample.rate", r, lang) for r in rates.index],
            t("exit_events", lang): rates["count"].to_numpy(),
            t("exit_checked", lang): rates["n"].to_numpy(),
            t("exit_value", lang): [_share(v) for v in rates["value"]],
            t("exit_interval", lang, confidence=confidence): [
                f"{_share(a)} – {_share(b)}" if n else "–"
                for a, b, n in zip(rates["low"], rates["high"], rates["n"], strict=True)
            ],
            t("exit_threshold", lang): [
                ("≤ " if s == "max" else "≥ ") + _share(v)
                for v, s in zip(rates["threshold"], rates["side"], strict=True)
            ],
            t("exit_verdict", lang): [
                name("exit_sample.verdict", v, lang) for v in rates["verdict"]
            ],
        }
    )


def results_section(view: ui.View) -> str | None:
    """Every sample of the area with its three rates and verdicts, and one sample's rates with
    their intervals; the sample shown."""
    lang = view.lang
    thresholds = ms.exit_thresholds()
    verdicts = _verdicts(view.area, thresholds)
    if verdicts.empty:
        st.info(t("exit_no_samples", lang))
        return None
    show_table(verdicts_table(verdicts, lang), lang, hide_index=True, width="stretch")
    chosen = st.selectbox(t("exit_sample", lang), list(verdicts["sample_id"]), key="exit_pick")
    rates = _rates(chosen, thresholds)
    st.markdown(
        t(
            "exit_area_verdict",
            lang,
            verdict=name("exit_sample.verdict", overall(rates["verdict"]), lang),
        )
    )
    show_table(
        rates_table(rates, lang, thresholds.confidence), lang, hide_index=True, width="stretch"
    )
    st.caption(
        t(
            "exit_method_line",
            lang,
            confidence=thresholds.confidence,
            method=t(f"exit_method.{thresholds.method}", lang),
        )
    )
    st.caption(t("exit_verdict_help", lang))
    return chosen


def draw_section(view: ui.View, by: str, access: Access | None = None) -> None:
    """The margin, confidence, strata and seed of a new sample of the area and round."""
    lang = view.lang
    av.show_done("exit-draw")
    if not view.area:
        st.info(t("exit_need_area", lang))
        return
    st.caption(t("exit_draw_help", lang, area=view.area_name(), round=view.round_be))
    default_confidence = ms.exit_thresholds().confidence
    choices = sorted({0.9, 0.95, 0.99, default_confidence})
    levels = xs.strata_levels(view.area)
    a, b, c, d = st.columns(4)
    margin = a.number_input(
        t("exit_margin", lang),
        min_value=0.01,
        max_value=0.30,
        value=float(ms.exit_margin()),
        step=0.01,
        format="%.2f",
        key="exit_margin",
    )
    confidence = b.selectbox(
        t("exit_confidence", lang),
        choices,
        index=choices.index(default_confidence),
        format_func=lambda v: f"{v:.0%}",
        key="exit_confidence",
    )
    stratum = c.selectbox(
        t("exit_strata", lang),
        list(levels),
        format_func=lambda x: t(LEVEL_WORDS[x], lang),
        key="exit_strata",
    )
    seed = d.number_input(
        t("exit_seed", lang),
        min_value=0,
        max_value=2**31 - 1,
        value=int(view.round_be or 0),
        key="exit_seed",
    )
    n = sample_size(float(margin), float(confidence))
    st.caption(t("exit_size_line", lang, margin=margin, confidence=confidence, n=n))
    if not st.button(t("exit_draw", lang), type="primary", key="exit_draw"):
        return
    if not by:
        st.error(t("action_need_name", lang))
        return
    if not may_work(access, view.area, lang):
        return
    con = ui.cursor()
    try:
        sample_id = xs.draw_exit_sample(
            con,
            area=view.area,
            round_be=int(view.round_be),
            rule=rules.poor_rule(view.rule_name, view.k),
            by=by,
            margin=float(margin),
            confidence=float(confidence),
            stratum_level=stratum,
            seed=int(seed),
            synthetic=ui.synthetic(),
        )
    except xs.ExitSampleError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    drawn = mr.samples(con, view.area).set_index("sample_id").loc[sample_id]
    av.done(
        "exit-draw",
        t(
            "exit_drawn_done",
            lang,
            sample_id=sample_id,
            exited=int(drawn["exited_drawn"]),
            unregistered=int(drawn["unregistered_drawn"]),
        ),
    )


@ui.cached(edits=("monitoring",), max_entries=32)
def _sample_households(sample_id: str, page: int, access: Access | None) -> Page:
    return mr.sample_households(
        ui.cursor(), sample_id, page=page, page_size=PAGE_SIZE, access=access
    )


def _yes_no(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    return t("exit_yes" if bool(value) else "exit_no", lang)


def sample_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = {}
    if "hh_id" in rows:
        out[t("household", lang)] = rows["hh_id"]
    out |= {
        t("exit_group", lang): [name("exit_sample.group", g, lang) for g in rows["sample_group"]],
        t("exit_strata", lang): rows["stratum"],
        t("exit_draw_no", lang): rows["draw_no"],
        t("exit_reached", lang): [
            _yes_no(v, lang) if c is not None and not pd.isna(c) else t("exit_not_checked", lang)
            for v, c in zip(rows["reached"], rows["checked_at"], strict=True)
        ],
        t("exit_found_poor", lang): [_yes_no(v, lang) for v in rows["found_poor"]],
        t("exit_satisfied", lang): [_yes_no(v, lang) for v in rows["satisfied"]],
    }
    return pd.DataFrame(out)


def record_section(sample_id: str | None, view: ui.View, by: str, access=None) -> None:
    """A page of the sample's households with their latest check, and the form of a check."""
    lang = view.lang
    av.show_done("exit-check")
    if sample_id is None:
        st.info(t("exit_no_samples", lang))
        return
    try:
        page = _sample_households(sample_id, _page_no("exit_page"), access)
    except AccessDenied as err:
        refused(err, lang)
        return
    show_table(sample_table(page.rows, lang), lang, hide_index=True, width="stretch", height=360)
    page_picker(page, "exit_page", lang)
    if "hh_id" not in page.rows or page.rows.empty:
        return
    if not by:
        st.info(t("action_need_name", lang))
        return
    answers = {"yes": True, "no": False, "none": None}
    words = {"yes": "exit_yes", "no": "exit_no", "none": "exit_not_asked"}
    with st.form("exit_check", clear_on_submit=True):
        hh_id = st.selectbox(t("exit_household", lang), list(page.rows["hh_id"]), key="exit_hh")
        a, b, c = st.columns(3)
        reached = a.radio(
            t("exit_reached", lang), ["yes", "no"], format_func=lambda v: t(words[v], lang)
        )
        poor = b.radio(
            t("exit_found_poor", lang), ["no", "yes"], format_func=lambda v: t(words[v], lang)
        )
        satisfied = c.radio(
            t("exit_satisfied", lang),
            ["yes", "no", "none"],
            format_func=lambda v: t(words[v], lang),
        )
        note = st.text_input(t("monitor_note", lang), max_chars=500)
        saved = st.form_submit_button(t("exit_save", lang), type="primary")
    if not saved:
        return
    was_reached = reached == "yes"
    try:
        xs.record_check(
            ui.cursor(),
            sample_id,
            hh_id,
            by=by,
            reached=was_reached,
            found_poor=answers[poor] if was_reached else None,
            satisfied=answers[satisfied] if was_reached else None,
            note=note,
        )
    except xs.ExitSampleError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    av.done("exit-check", t("exit_saved", lang, hh_id=hh_id))


# --- grievances -------------------------------------------------------------------------------------


@ui.cached(edits=("grievances",), max_entries=64)
def _grievance_queue(
    area: str | None, day: dt.date, holidays: tuple, states, overdue: bool, page: int, access
) -> Page:
    return mr.grievance_queue(
        ui.cursor(),
        area,
        as_of=day,
        holidays=holidays,
        states=states,
        overdue_only=overdue,
        page=page,
        page_size=PAGE_SIZE,
        access=access,
    )


def grievance_metrics(view: ui.View, access: Access | None = None) -> None:
    lang = view.lang
    try:
        page = _grievance_queue(view.area, _today(), _holidays(), None, False, 0, access)
        late = _grievance_queue(view.area, _today(), _holidays(), None, True, 0, access)
    except AccessDenied:  # the queue below says why
        return
    a, b = st.columns(2)
    a.metric(t("grievance_open", lang), format_number(page.total))
    b.metric(t("monitor_overdue", lang), format_number(late.total))


def grievance_table(rows: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The grievance queue with names in ``lang``, and its timeliness colours."""
    closed = rows["state"].isin(gv.CLOSED)
    words, colours = timeliness(rows["overdue"], rows["days_overdue"], closed, lang)
    out = {
        t("grievance_id", lang): rows["grievance_id"],
        t("monitor_timeliness", lang): words,
        t("grievance_type", lang): [
            name("grievance.type", c, lang) for c in rows["grievance_type"]
        ],
    }
    if "hh_id" in rows:
        out[t("household", lang)] = rows["hh_id"].fillna("")
    out |= {
        t("village", lang): _village_names(rows, lang),
        t("monitor_state", lang): [gv.label(s, lang) for s in rows["state"]],
        t("grievance_level", lang): [
            t(LEVEL_WORDS[v], lang) if isinstance(v, str) else "" for v in rows["state_level"]
        ],
        t("grievance_filed", lang): av.dates(rows["filed_at"], lang),
        t("grievance_due", lang): av.dates(rows["due"], lang),
    }
    return pd.DataFrame(out), colours


def grievance_queue(view: ui.View, access: Access | None = None) -> str | None:
    """The area's grievances (open ones unless asked), overdue first; the one a click picked."""
    lang = view.lang
    left, right = st.columns(2)
    closed = left.toggle(t("grievance_state_filter", lang), key="grv_closed")
    overdue = right.toggle(t("monitor_overdue_only", lang), key="grv_overdue")
    states = tuple(gv.STATES) if closed else None
    try:
        page = _grievance_queue(
            view.area, _today(), _holidays(), states, overdue, _page_no("grv_page"), access
        )
    except AccessDenied as err:
        refused(err, lang)
        return None
    if page.total == 0:
        st.info(t("grievance_none", lang))
        return None
    table, colours = grievance_table(page.rows, lang)
    event = show_table(
        table,
        lang,
        colours={t("monitor_timeliness", lang): colours},
        hide_index=True,
        width="stretch",
        height=table_height(len(table), 380),
        on_select="rerun",
        selection_mode="single-row",
        key="grv_queue_table",
    )
    page_picker(page, "grv_page", lang)
    chosen = list(event.selection.rows) if event is not None else []
    return str(page.rows["grievance_id"].iloc[chosen[0]]) if chosen else None


def _villages_of(area: str | None) -> pd.DataFrame:
    return villages_in(ui.cursor(), area)


@ui.cached(edits=(), max_entries=32)
def _surveyed_villages(area: str | None, round_be, rule_name: str, k: float, access):
    return villages_by_poor(
        ui.cursor(), area, round_be, rules.poor_rule(rule_name, k), VILLAGE_LIMIT, access=access
    )


def village_picker(
    view: ui.View, key: str, access: Access | None = None, *, optional: bool = False
) -> str:
    """A village of the view's area by name and code, those with the most poor households in
    the round first ("" when none is picked)."""
    lang = view.lang
    villages = _surveyed_villages(view.area, view.round_be, view.rule_name, view.k, access)
    labels = {"": "—"} if optional else {}
    labels |= {
        code: f"{n} ({code})"
        for code, n in zip(
            villages["village_code"], villages[["name_th", "name_en"][_i(lang)]], strict=True
        )
    }
    if not labels:
        return ""
    return str(
        st.selectbox(t("village", lang), list(labels), format_func=labels.get, key=key) or ""
    )


def file_section(view: ui.View, by: str, access: Access | None = None) -> None:
    """Record a grievance: its coded type, the household or village, what it says, a contact."""
    lang = view.lang
    av.show_done("grv-file")
    if not view.area:
        st.info(t("self_pick_area", lang))
        return
    with st.form("grv_file", clear_on_submit=True):
        kind = st.selectbox(
            t("grievance_type", lang),
            list(gv.TYPES),
            format_func=lambda c: name("grievance.type", c, lang),
        )
        left, right = st.columns(2)
        with left:
            hh_id = st.text_input(t("grievance_household", lang), max_chars=40)
        with right:
            village = village_picker(view, "grv_file_village", access, optional=True)
        text = st.text_area(t("grievance_description", lang), max_chars=2000)
        contact = st.text_input(t("grievance_contact", lang), max_chars=80)
        filed = st.form_submit_button(t("grievance_tab_file", lang), type="primary")
    if not filed:
        return
    if not by:
        st.error(t("action_need_name", lang))
        return
    if not may_work(access, village or view.area, lang):
        return
    try:
        grievance_id = gv.file_grievance(
            ui.cursor(),
            grievance_type=kind,
            by=by,
            description=text,
            hh_id=hh_id.strip() or None,
            village_code=village or None,
            contact=contact,
            due_days=ms.grievance_due_days(),
            holidays=ms.holidays(),
            synthetic=ui.synthetic(),
        )
    except gv.GrievanceError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    due = mr.grievance_detail(ui.cursor(), grievance_id, access=access)["due"]
    av.done(
        "grv-file",
        t("grievance_filed_done", lang, grievance_id=grievance_id, due=av.dates([due], lang)[0]),
    )


def grievance_id_input(picked: str | None, lang: str) -> str:
    if picked and st.session_state.get("grv_picked") != picked:
        st.session_state["grv_picked"] = picked
        st.session_state["grv_id"] = picked
    if "grv_id" not in st.session_state:
        st.session_state["grv_id"] = st.query_params.get("grievance", "")
    typed = st.text_input(t("grievance_id", lang), key="grv_id").strip().upper()
    if typed:
        ui.write_url({"grievance": typed})
    return typed


def grievance_history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = {
        t("monitor_when", lang): av.dates(frame["changed_at"], lang, with_time=True),
        t("monitor_to", lang): [gv.label(s, lang) for s in frame["to_state"]],
        t("grievance_level", lang): [
            t(LEVEL_WORDS[v], lang) if isinstance(v, str) else "" for v in frame["level"]
        ],
        t("grievance_outcome", lang): [
            name("grievance.outcome", v, lang) for v in frame["outcome"]
        ],
        t("grievance_action", lang): [name("grievance.action", v, lang) for v in frame["action"]],
        t("grievance_import", lang): frame["import_id"].fillna(""),
    }
    if "changed_by" in frame:
        out[t("monitor_by", lang)] = frame["changed_by"]
    if "note" in frame:
        out[t("monitor_note", lang)] = frame["note"].fillna("")
    return pd.DataFrame(out)


def grievance_panel(grievance_id: str, by: str, lang: str, access: Access | None = None) -> None:
    """A grievance's record, its whole history and its next step on the chain."""
    con = ui.cursor()
    try:
        g = mr.grievance_detail(con, grievance_id, access=access)
    except AccessDenied as err:
        refused(err, lang)
        return
    if g is None:
        st.warning(t("grievance.unknown_grievance", lang, grievance_id=md_escape(grievance_id)))
        return
    st.markdown(
        t(
            "grievance_line",
            lang,
            grievance_id=md_escape(grievance_id),
            type=name("grievance.type", g["grievance_type"], lang),
            state=gv.label(g["state"], lang),
            due=av.dates([g["due"]], lang)[0],
        )
    )
    if "description" in g.index:
        st.markdown(f"**{t('grievance_description', lang)}:** {md_escape(g['description'])}")
    history = mr.grievance_history(con, grievance_id, access=access)
    show_table(grievance_history_table(history, lang), lang, hide_index=True, width="stretch")
    nexts = gv.allowed_next(str(g["state"]))
    if not nexts:
        st.info(t("grievance_closed", lang))
        return
    if not by:
        st.info(t("action_need_name", lang))
        return
    step = st.selectbox(
        t("grievance_next", lang),
        list(nexts),
        format_func=lambda s: gv.label(s, lang),
        key=f"grv_step_{grievance_id}",
    )
    outcome = action = import_id = None
    if step in gv.FINDINGS:
        outcome = st.radio(
            t("grievance_outcome", lang),
            list(gv.OUTCOMES),
            format_func=lambda v: name("grievance.outcome", v, lang),
            horizontal=True,
            key=f"grv_outcome_{grievance_id}",
        )
    if step == "decided" and outcome == "upheld":
        suggested = gv.SUGGESTED_ACTION[str(g["grievance_type"])]
        options = [a for a in gv.ACTIONS if a != "none"]
        action = st.selectbox(
            t("grievance_action", lang),
            options,
            index=options.index(suggested),
            format_func=lambda v: name("grievance.action", v, lang),
            key=f"grv_action_{grievance_id}",
        )
    if step == "applied":
        import_id = st.text_input(t("grievance_import_id", lang), key=f"grv_import_{grievance_id}")
    note = st.text_input(t("monitor_note", lang), max_chars=500, key=f"grv_note_{grievance_id}")
    if not st.button(t("monitor_save", lang), type="primary", key=f"grv_save_{grievance_id}"):
        return
    try:
        gv.advance(
            con,
            grievance_id,
            step,
            by=by,
            note=note,
            outcome=outcome,
            action=action,
            import_id=(import_id or "").strip() or None,
        )
    except gv.GrievanceError as exc:
        st.error(md_escape(exc.text(lang)))
        return
    av.done(
        "grv-review",
        t("grievance_advanced", lang, grievance_id=grievance_id, state=gv.label(step, lang)),
    )


# --- the village notice and the self-report QR code --------------------------------------------------


def self_report_url(village_code: str, lang: str) -> str:
    """The public address of the self-report page for a village (what its QR code opens)."""
    base = str(settings.get("POVMAP_PUBLIC_URL")).rstrip("/")
    return f"{base}/{ui.link('self-report', {'village': village_code, 'lang': lang})}"


@ui.cached(edits=(), max_entries=32)
def _notice(village: str, round_be: int, rule_name: str, k: float, access) -> pd.DataFrame:
    return mr.village_notice(
        ui.cursor(), village, round_be, rule=rules.poor_rule(rule_name, k), access=access
    )


def notice_window(lang: str) -> tuple[str, str]:
    """The objection window: from today to POVMAP_NOTICE_DAYS working days on."""
    start = _today()
    end = add_working_days(start, ms.notice_days(), ms.holidays())
    return av.dates([start], lang)[0], av.dates([end], lang)[0]


def notice_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("household", lang): frame["hh_id"],
            t("village_no", lang): frame["village_no"],
            t("members", lang): frame["members"],
            t("notice_proposed", lang): [t(f"notice.{p}", lang) for p in frame["proposed"]],
        }
    )


def notice_html(title: str, village: str, table: pd.DataFrame, lang: str, qr: bytes) -> str:
    """The printable notice: title, village and round, the objection window, the list, what it
    never shows, and the QR code of the village's self-report page."""
    start, end = notice_window(lang)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    image = base64.b64encode(qr).decode("ascii")
    return f"""
<div class="povmap-notice" style="font-family:Sarabun,Loma,Garuda,sans-serif;color:#1f2328">
  <h3 style="margin:0 0 4px">{html.escape(title)}</h3>
  <div style="font-size:1.05rem">{html.escape(village)}</div>
  <div style="margin:6px 0;font-weight:600">{html.escape(t("notice_window", lang, start=start, end=end))}</div>
  <div style="display:flex;gap:18px;align-items:flex-start;flex-wrap:wrap">
    <table style="border-collapse:collapse;min-width:360px;flex:1 1 420px">
      <thead><tr style="background:#f3f4f6">{head}</tr></thead><tbody>{body}</tbody>
    </table>
    <figure style="margin:0;text-align:center;width:180px">
      <img src="data:image/png;base64,{image}" alt="QR" style="width:170px;height:170px">
      <figcaption style="font-size:0.9rem">{html.escape(t("notice_qr", lang))}</figcaption>
    </figure>
  </div>
  <p style="font-size:0.9rem;color:#444;margin-top:8px">{html.escape(t("notice_masked", lang))}</p>
</div>
<style>.povmap-notice td,.povmap-notice th{{border-bottom:1px solid #d0d7de;padding:4px 8px;
text-align:left}}</style>"""


def notice_pdf(title: str, village: str, table: pd.DataFrame, view: ui.View) -> bytes:
    """The notice as an A4 PDF (:func:`briefing.pdf.briefing_pdf`: Thai font embedded)."""
    from briefing.brief import Brief, TablePart
    from briefing.pdf import briefing_pdf

    lang = view.lang
    start, end = notice_window(lang)
    url = self_report_url(village_code_of(village), lang)
    brief = Brief(
        title,
        village,
        int(view.round_be),
        source=t("notice_source", lang, round=view.round_be),
        vintage=str(view.round_be),
        synthetic=ui.synthetic(),
        parts=(
            TablePart(
                t("notice_window", lang, start=start, end=end),
                table.astype(str),
                caption=f"{t('notice_masked', lang)} · {t('notice_qr', lang)}: {url}",
            ),
        ),
    )
    return briefing_pdf([brief], title=title, lang=lang)


def village_code_of(label: str) -> str:
    """The code at the end of a village's label ("บ้านห้วยจาน (18010101)")."""
    return label.rsplit("(", 1)[-1].rstrip(")") if "(" in label else label


def _offer_pdf(label: str, data: bytes, file_name: str, key: str) -> None:
    """The notice's PDF download (built by briefing/pdf.py; pictures and tables have their own
    helpers in ui); taking it leaves one audit entry, as every download does."""
    st.download_button(
        label,
        data,
        file_name=file_name,
        mime="application/pdf",
        key=key,
        on_click=ui.audit_download,
        args=(file_name, None),
    )


def notice_section(view: ui.View, access: Access | None = None) -> None:
    """A village's public notice: on screen (printable), as a PDF and as a CSV."""
    lang = view.lang
    if not view.area:
        st.info(t("self_pick_area", lang))
        return
    village = village_picker(view, "grv_notice_village", access)
    if not village or view.round_be is None:
        return
    names = _villages_of(village)
    label = (
        f"{names[['name_th', 'name_en'][_i(lang)]].iloc[0]} ({village})" if len(names) else village
    )
    try:
        frame = _notice(village, int(view.round_be), view.rule_name, view.k, access)
    except AccessDenied as err:
        refused(err, lang)
        return
    if frame.empty:
        st.info(t("notice_empty", lang))
        return
    table = notice_table(frame, lang)
    title = t("notice_title", lang)
    line = t("notice_village_line", lang, village=label, round=view.round_be)
    st.html(notice_html(title, line, table, lang, qr_png(self_report_url(village, lang), scale=6)))
    st.caption(t("notice_print_hint", lang))
    left, right = st.columns(2)
    with left:
        ui.csv_download(
            table, f"notice-{village}-{view.round_be}", lang, "grv-notice-csv", ui.export_meta(view)
        )
    with right:
        key = f"grv_notice_pdf_{village}_{view.round_be}_{lang}"
        if st.button(t("notice_pdf", lang), key=f"{key}_build") or st.session_state.get(key):
            try:
                data = st.session_state.get(key) or notice_pdf(title, label, table, view)
            except Exception:  # a missing Thai font or WeasyPrint: say so, no traceback
                _log.exception("the notice PDF of %s could not be made", village)
                reason = t("brief_failed_unknown", lang)
                st.error(t("brief_failed", lang, reason=reason))
                return
            st.session_state[key] = data
            _offer_pdf(
                t("notice_pdf", lang), data, f"notice-{village}-{view.round_be}.pdf", f"{key}_dl"
            )


# --- the public self-report form ---------------------------------------------------------------------

_SESSION_KEY = "_self_report_session"


def rate_keys() -> list[str]:
    """What a report counts against: this browser session and the network address, each as a
    keyed hash (HMAC-SHA256 with the store's secret key), never the address itself."""
    if _SESSION_KEY not in st.session_state:
        st.session_state[_SESSION_KEY] = uuid.uuid4().hex
    secret = id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY"))
    parts = [f"session:{st.session_state[_SESSION_KEY]}"]
    address = getattr(st.context, "ip_address", None)
    if address:
        parts.append(f"address:{address}")
    return [
        hmac.new(secret, f"self-report:{p}".encode(), hashlib.sha256).hexdigest() for p in parts
    ]


def self_report_village(view: ui.View) -> str:
    """The village of the report: the QR code's (``?village=``), else one picked in the area."""
    lang = view.lang
    wanted = str(st.query_params.get("village", "")).strip()
    area = wanted[:6] if len(wanted) == 8 and wanted.isdigit() else view.area
    if not area:
        st.info(t("self_pick_area", lang))
        return ""
    villages = _villages_of(area)
    if villages.empty:
        st.info(t("self_pick_area", lang))
        return ""
    codes = list(villages["village_code"])
    if "self_village" not in st.session_state or st.session_state["self_village"] not in codes:
        st.session_state["self_village"] = wanted if wanted in codes else codes[0]
    labels = dict(
        zip(
            codes,
            (
                f"{n} ({c})"
                for c, n in zip(codes, villages[["name_th", "name_en"][_i(lang)]], strict=True)
            ),
            strict=True,
        )
    )
    return str(st.selectbox(t("village", lang), codes, format_func=labels.get, key="self_village"))


_FORM_NONCE, _DONE = "_self_report_form", "_self_report_done"


def self_report_form(view: ui.View) -> None:
    """The public form: a village, the kind of hardship, a short text and a contact. Nothing
    sent is shown back: after a report the form starts empty (a new form) and the answer is the
    report's number; a refusal says what to fix without repeating what was typed."""
    lang = view.lang
    st.caption(t("self_privacy", lang))
    if _DONE in st.session_state:
        st.success(st.session_state.pop(_DONE))
    village = self_report_village(view)
    if not village:
        return
    limit, window = ms.self_report_limit()
    nonce = int(st.session_state.setdefault(_FORM_NONCE, 0))
    with st.form(f"self_report_{nonce}", clear_on_submit=True):
        kind = st.selectbox(
            t("self_kind", lang),
            list(SHOCKS),
            format_func=lambda s: name("monitoring.shock", s, lang),
        )
        text = st.text_area(t("self_text", lang), max_chars=500, help=t("self_text_help", lang))
        contact = st.text_input(t("self_contact", lang), max_chars=80)
        sent = st.form_submit_button(t("self_submit", lang), type="primary")
    if sent:
        clock = ms.alert_clock()
        try:
            alert_id = mon.self_report(
                ui.cursor(),
                village_code=village,
                description=text,
                contact=contact,
                shocks=[kind],
                rate_keys=rate_keys(),
                max_reports=limit,
                window=window,
                clock=clock,
                synthetic=ui.synthetic(),
            )
        except mon.MonitoringError as exc:
            st.error(t("self_refused", lang, reason=md_escape(exc.text(lang))))
        else:
            st.session_state[_FORM_NONCE] = nonce + 1  # the next run draws an empty form
            st.session_state[_DONE] = t("self_done", lang, alert_id=alert_id, days=clock.visit_days)
            st.rerun()
    village_qr(village, lang)


def village_qr(village: str, lang: str) -> None:
    """The QR code of the village's self-report page, to print and post, with its address."""
    url = self_report_url(village, lang)
    with st.expander(t("self_qr_title", lang)):
        left, right = st.columns([1, 2])
        png = qr_png(url)
        left.image(png, width=200)
        with right:
            ui.file_download(
                t("self_qr_png", lang),
                png,
                f"qr-self-report-{village}.png",
                "image/png",
                "self-qr-png",
            )
            ui.file_download(
                t("self_qr_svg", lang),
                qr_svg(url),
                f"qr-self-report-{village}.svg",
                "image/svg+xml",
                "self-qr-svg",
            )
            st.text_input(t("self_link", lang), url, disabled=True, key="self_url")
