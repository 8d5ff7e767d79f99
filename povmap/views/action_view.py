"""Streamlit glue of the "how to get them out" pages: referrals, outcomes and programme targets.

Cached reads go through ``ui.cached``, keyed by the store's data version and the signed-in user's
access (referrals are read through ``query.referrals_read``: an officer's areas, an agency's
queue), so a change made on one page (or by ``povmap referrals import``) shows on the next rerun
everywhere. Every write names who made it: the signed-in account (:func:`recorder`), in the
history and in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import interventions as iv
from analysis.capitals import LEVELS
from data import referrals as rf
from data import targets as tg
from data.audit import Actor
from data.columns import find_headers
from data.export import ExportMeta
from data.importer import report_frame
from data.messages import render
from data.readers import RawTable, ReadError, read_any
from geo.maps import format_number, format_percent
from povmap import rules, settings, uploads
from povmap.i18n import t
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query import outcomes as qo
from query import referrals_read as rr
from query.access import Access, AccessDenied

FONT = "Sarabun, Loma, Garuda, sans-serif"
STATUS_COLOURS = {
    "identified": "#c6dbef",
    "verified": "#9ecae1",
    "referred": "#6baed6",
    "accepted": "#4292c6",
    "in_progress": "#2171b5",
    "assisted": "#08519c",
    "resolved": "#1a7f37",
    "self_resolved": "#74c476",
    "cannot_resolve": "#d7301f",
}
QUEUE_ROWS = 500
DOWNLOAD_ROWS = 20_000


def setting(name: str):
    """A setting of this feature (declared in povmap.settings)."""
    return settings.get(name)


@st.cache_resource(show_spinner=False)
def catalogue() -> iv.Catalogue:
    return iv.load_catalogue()


def translucent(colour: str, alpha: float = 0.4) -> str:
    """``#rrggbb`` as an rgba() string (Sankey links)."""
    r, g, b = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def display_year(year: int, lang: str) -> int:
    """A year as these pages show it: Buddhist era in Thai (2025 → 2568), as is in English."""
    return year + (543 if lang != "en" else 0)


def dates(values, lang: str, with_time: bool = False) -> list[str]:
    """Dates as ``YYYY-MM-DD`` (``HH:MM``), the year in the Buddhist era in Thai; blank if missing."""
    out = []
    for v in pd.to_datetime(pd.Series(list(values)), errors="coerce"):
        if pd.isna(v):
            out.append("")
            continue
        text = f"{display_year(v.year, lang)}-{v.month:02d}-{v.day:02d}"
        out.append(f"{text} {v.hour:02d}:{v.minute:02d}" if with_time else text)
    return out


def lang_index(lang: str) -> int:
    return 1 if lang == "en" else 0


# --- who is recording -----------------------------------------------------------------------------


def recorder(lang: str) -> Actor | None:
    """Who the changes made on these pages are recorded as: the signed-in account (its name in
    the referral, verification and target histories, the account with its roles and address in
    the audit trail), said in the sidebar; None when nobody is signed in (nothing can be
    recorded, and the sidebar says to sign in)."""
    session = signin_view.signed_in()
    if session is None:
        st.sidebar.caption(t("access_sign_in_to_record", lang))
        return None
    name = md_escape(session.display_name or session.name)
    st.sidebar.caption(t("access_recorded_as", lang, name=name))
    return session.actor


def can_refer(area: str | None) -> bool:
    """Whether the signed-in user refers households in ``area`` (the whole country: anywhere
    they are assigned): an agency officer works on the agency's queue but creates none."""
    access = signin_view.access()
    return access.can("refer", area) or (not area and "refer" in access.capabilities)


# --- a message that outlives the rerun after a write ----------------------------------------------


def done(place: str, text: str) -> None:
    """After a write: rerun the page so every count on it includes the change, and say so at
    ``place`` (see :func:`show_done`)."""
    st.session_state["action_done"] = (place, text)
    st.rerun()


def show_done(place: str) -> None:
    """The message of the last write made at ``place``, once."""
    if st.session_state.get("action_done", ("",))[0] == place:
        st.success(st.session_state.pop("action_done")[1])


# --- referral filters (kept in the URL) -------------------------------------------------------------

STATUS_GROUPS = {"open": rf.OPEN, "closed": rf.CLOSED, "escalated": rf.ESCALATED}


def referral_filters(view: ui.View) -> tuple[rf.Filters, bool]:
    """Sidebar filters of the referrals page: agency, status, intervention type, round, overdue."""
    lang = view.lang
    i = lang_index(lang)
    cat = catalogue()
    q = st.query_params
    if "r_agency" not in st.session_state:
        st.session_state["r_agency"] = [a for a in q.get_all("agency") if a in cat.agencies.index]
        st.session_state["r_status"] = [s for s in q.get_all("status") if s in rf.STATUSES]
        st.session_state["r_type"] = [x for x in q.get_all("itype") if x in iv.INTERVENTION_TYPES]
        st.session_state["r_overdue"] = q.get("overdue") == "1"

    def sync() -> None:
        st.query_params["agency"] = st.session_state["r_agency"]
        st.query_params["status"] = st.session_state["r_status"]
        st.query_params["itype"] = st.session_state["r_type"]
        st.query_params["overdue"] = "1" if st.session_state["r_overdue"] else "0"

    with st.sidebar.expander(t("action_filters", lang), expanded=True):
        st.multiselect(
            t("action_agency", lang),
            list(cat.agencies.index),
            format_func=lambda a: (
                f"{cat.agency_name(a, lang, short=True)} · {cat.agency_name(a, lang)}"
            ),
            key="r_agency",
            on_change=sync,
            placeholder=t("action_all", lang),
        )
        st.multiselect(
            t("action_status", lang),
            list(rf.STATUSES),
            format_func=lambda s: rf.status_label(s, lang),
            key="r_status",
            on_change=sync,
            placeholder=t("action_all", lang),
        )
        st.multiselect(
            t("action_intervention_type", lang),
            list(iv.INTERVENTION_TYPES),
            format_func=lambda x: iv.INTERVENTION_TYPES[x][i],
            key="r_type",
            on_change=sync,
            placeholder=t("action_all", lang),
        )
        st.toggle(t("action_overdue_only", lang), key="r_overdue", on_change=sync)
    types = st.session_state["r_type"]
    interventions = iv.of_types(cat, types)
    filters = rf.Filters(
        area=view.area,
        agencies=tuple(st.session_state["r_agency"]) or None,
        statuses=tuple(st.session_state["r_status"]) or None,
        interventions=interventions,
    )
    return filters, bool(st.session_state["r_overdue"])


@ui.cached(edits=("referrals",), max_entries=32)
def _summary(filters: rf.Filters, day: dt.date, access: Access) -> dict[str, int]:
    return rr.referral_summary(ui.cursor(), filters, access=access, as_of=day)


@ui.cached(edits=("referrals",), max_entries=32)
def _funnel(filters: rf.Filters, access: Access) -> pd.DataFrame:
    return rr.referral_funnel(ui.cursor(), filters, access=access)


@ui.cached(edits=("referrals",), max_entries=32)
def _by_agency(filters: rf.Filters, day: dt.date, access: Access) -> pd.DataFrame:
    return rr.referral_by_agency(ui.cursor(), filters, access=access, as_of=day)


@ui.cached(edits=("referrals",), max_entries=32)
def _queue(
    filters: rf.Filters, day: dt.date, overdue: bool, limit: int, access: Access
) -> pd.DataFrame:
    return rr.referral_queue(
        ui.cursor(), filters, access=access, as_of=day, overdue_only=overdue, limit=limit
    )


def summary(filters: rf.Filters) -> dict[str, int]:
    """Total, open, overdue, closed and escalated referrals the signed-in user may read."""
    return _summary(filters, dt.date.today(), signin_view.access())


def funnel(filters: rf.Filters) -> pd.DataFrame:
    """Referrals per status (current, reached) of those the signed-in user may read."""
    return _funnel(filters, signin_view.access())


def by_agency(filters: rf.Filters) -> pd.DataFrame:
    return _by_agency(filters, dt.date.today(), signin_view.access())


def queue(filters: rf.Filters, overdue: bool, limit: int = QUEUE_ROWS) -> pd.DataFrame:
    return _queue(filters, dt.date.today(), overdue, limit, signin_view.access())


def summary_metrics(s: dict[str, int], lang: str) -> None:
    cols = st.columns(5)
    cols[0].metric(t("action_total", lang), format_number(s["total"]))
    cols[1].metric(t("action_open", lang), format_number(s["open"]))
    cols[2].metric(
        t("action_overdue", lang),
        format_number(s["overdue"]),
        help=t("action_overdue_help", lang),
    )
    cols[3].metric(t("action_closed", lang), format_number(s["closed"]))
    cols[4].metric(t("action_escalated", lang), format_number(s["escalated"]))


def funnel_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """The main line as a funnel: referrals that got at least as far as each status."""
    stages = list(rf.PIPELINE)
    fig = go.Figure(
        go.Funnel(
            y=[rf.status_label(s, lang) for s in stages],
            x=[int(frame.loc[s, "reached"]) for s in stages],
            texttemplate="%{value:,}<br>%{percentInitial:.0%}",
            marker={"color": [STATUS_COLOURS[s] for s in stages]},
            connector={"fillcolor": "#eef2f7"},
        )
    )
    fig.update_layout(height=380, margin=dict(l=0, r=10, t=10, b=0), font_family=FONT, font_size=14)
    return fig


def agency_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    cat = catalogue()
    out = pd.DataFrame(
        {
            t("action_agency", lang): [cat.agency_name(a, lang, short=True) for a in frame.index],
            t("action_open", lang): frame["open"].to_numpy(),
            t("action_overdue", lang): frame["overdue"].to_numpy(),
            t("action_closed", lang): frame["closed"].to_numpy(),
            t("action_total", lang): frame["total"].to_numpy(),
        }
    )
    for s in rf.STATUSES:
        out[rf.status_label(s, lang)] = frame[s].to_numpy()
    return out


def queue_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The queue with names and labels in ``lang`` (no ID hash, no personal data beyond hh_id)."""
    cat = catalogue()
    names = ui.areas().set_index("code")["name_en" if lang == "en" else "name_th"]
    return pd.DataFrame(
        {
            t("action_referral_id", lang): frame["referral_id"],
            t("household", lang): frame["hh_id"],
            t("action_status", lang): [rf.status_label(s, lang) for s in frame["status"]],
            t("action_days_overdue", lang): frame["days_overdue"],
            t("action_target_date", lang): dates(frame["target_date"], lang),
            t("action_intervention", lang): [cat.name(c, lang) for c in frame["intervention"]],
            t("action_agency", lang): [
                cat.agency_name(a, lang, short=True) for a in frame["agency"]
            ],
            t("level_subdistrict", lang): frame["subdistrict_code"].map(names),
            t("round", lang): frame["round_be"],
            t("action_last_change", lang): dates(frame["status_at"], lang),
        }
    )


# --- create a referral ----------------------------------------------------------------------------


def household_record(hh_id: str, round_be: int | None) -> pd.Series | None:
    """The household's answers in the round as the signed-in user may read them (None when not
    stored; :class:`query.access.AccessDenied` outside the user's areas), entered in the audit
    trail as viewed."""
    record = rr.household_record(ui.cursor(), hh_id, round_be, access=signin_view.access())
    if record is not None:
        ui.audit_household_view(hh_id, round_be, str(record.get("village_code") or ""))
    return record


def is_poor(household: pd.Series, view: ui.View) -> bool:
    """Whether the household is poor by the app's rule in that round."""
    return rr.is_poor(
        ui.cursor(),
        str(household["hh_id"]),
        int(household["round_be"]),
        rules.poor_rule(view.rule_name, view.k),
        access=signin_view.access(),
    )


def recommendations(household: pd.Series, lang: str) -> pd.DataFrame:
    return iv.explain(
        household,
        catalogue(),
        lang=lang,
        limit=int(setting("POVMAP_RECOMMEND_LIMIT")),
        deficit_score=float(setting("POVMAP_DEFICIT_SCORE")),
    )


def show_recommendations(recs: pd.DataFrame, lang: str) -> None:
    """Each recommended intervention with its agency and the reasons, as a card."""
    if recs.empty:
        st.info(t("action_no_recommendation", lang))
        return
    for n, r in enumerate(recs.itertuples(), start=1):
        reasons = "".join(f"<li>{html.escape(x)}</li>" for x in r.reasons)
        st.markdown(
            f"""<div style="border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;
            margin-bottom:8px"><b>{n}. {html.escape(r.name)}</b>
            <span style="color:#57606a"> · {html.escape(r.type_label)} · {html.escape(r.agency_name)}
            </span><ul style="margin:4px 0 0 0">{reasons}</ul></div>""",
            unsafe_allow_html=True,
        )


def existing_referrals(hh_id: str, lang: str) -> pd.DataFrame:
    """This household's referrals (every round), names and statuses in ``lang``."""
    cat = catalogue()
    frame = rr.household_referrals(ui.cursor(), hh_id, access=signin_view.access())
    return pd.DataFrame(
        {
            t("action_referral_id", lang): frame["referral_id"],
            t("round", lang): frame["round_be"],
            t("action_intervention", lang): [cat.name(c, lang) for c in frame["intervention"]],
            t("action_agency", lang): [
                cat.agency_name(a, lang, short=True) for a in frame["agency"]
            ],
            t("action_status", lang): [rf.status_label(s, lang) for s in frame["status"]],
            t("action_target_date", lang): dates(frame["target_date"], lang),
        }
    )


def create_form(household: pd.Series, recs: pd.DataFrame, by: Actor, lang: str) -> None:
    cat = catalogue()
    codes = list(dict.fromkeys([*recs["intervention"], *cat.interventions.index]))
    with st.form("action_create"):
        code = st.selectbox(
            t("action_intervention", lang),
            codes,
            format_func=lambda c: f"{cat.name(c, lang)} ({c})",
        )
        agency = st.selectbox(
            t("action_agency", lang),
            [None, *cat.agencies.index],
            format_func=lambda a: (
                t("action_agency_default", lang)
                if a is None
                else f"{cat.agency_name(a, lang, short=True)} · {cat.agency_name(a, lang)}"
            ),
        )
        due = due_date_picker(
            lang, dt.date.today() + dt.timedelta(days=int(setting("POVMAP_REFERRAL_DUE_DAYS")))
        )
        status = st.selectbox(
            t("action_initial_status", lang),
            list(rf.INITIAL),
            format_func=lambda s: rf.status_label(s, lang),
        )
        note = st.text_area(t("action_note", lang), max_chars=rf.MAX_NOTE)
        if st.form_submit_button(t("action_create_button", lang), type="primary"):
            deficits = recs.set_index("intervention")["deficits"].get(code, "")
            try:
                rid = rf.create_referral(
                    ui.cursor(),
                    hh_id=str(household["hh_id"]),
                    round_be=int(household["round_be"]),
                    intervention=code,
                    agency=agency,
                    by=by.name,
                    actor=by,
                    note=note,
                    target_date=chosen_date(due, lang),
                    deficits=deficits,
                    status=status,
                    catalogue=cat,
                )
            except rf.ReferralError as exc:
                st.error(exc.text(lang))
            except ValueError as exc:  # a day that does not exist, said in ``lang``
                st.error(md_escape(str(exc)))
            else:
                done("create", t("action_created", lang, referral_id=rid))


def due_date_picker(lang: str, default: dt.date) -> tuple[int, int, int]:
    """Day, month and year pickers for a due date, the year in the Buddhist era in Thai
    (``st.date_input`` only shows the Western calendar). Returns (year, month, day) as chosen:
    :func:`chosen_date` checks it when the form is sent."""
    today = dt.date.today()
    st.markdown(t("action_target_date_pick", lang))
    day_col, month_col, year_col = st.columns([1, 2, 1.4])
    day = day_col.selectbox(
        t("action_due_day", lang), range(1, 32), index=default.day - 1, key="action_due_day"
    )
    month = month_col.selectbox(
        t("action_due_month", lang),
        range(1, 13),
        index=default.month - 1,
        format_func=lambda m: t(f"action_month_{m}", lang),
        key="action_due_month",
    )
    years = list(range(today.year, max(today.year, default.year) + 3))
    year = year_col.selectbox(
        t("action_due_year", lang),
        years,
        index=years.index(max(default.year, today.year)),
        format_func=lambda y: str(display_year(y, lang)),
        key="action_due_year",
    )
    return year, month, day


def chosen_date(picked: tuple[int, int, int], lang: str) -> dt.date:
    """The date of :func:`due_date_picker`'s (year, month, day); ValueError in ``lang`` when that
    day does not exist (31 in a 30-day month)."""
    year, month, day = picked
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            t(
                "action_no_such_date",
                lang,
                day=day,
                month=t(f"action_month_{month}", lang),
                year=display_year(year, lang),
            )
        ) from None


# --- change a status ---------------------------------------------------------------------------------


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A referral's history as shown (its notes only when the door gave them: ``sensitive``)."""
    columns = {
        "#": frame["seq"],
        t("action_when", lang): dates(frame["changed_at"], lang, with_time=True),
        t("action_by", lang): frame["changed_by"],
        t("action_from", lang): [
            "" if pd.isna(s) else rf.status_label(s, lang) for s in frame["from_status"]
        ],
        t("action_to", lang): [rf.status_label(s, lang) for s in frame["to_status"]],
    }
    if "note" in frame:
        columns[t("action_note", lang)] = frame["note"].fillna("")
    return pd.DataFrame(columns)


def referral_detail(referral_id: str) -> tuple[pd.Series, pd.DataFrame] | None:
    """One referral and its history as the signed-in user may read them (None when there is
    none; :class:`query.access.AccessDenied` outside the user's areas or agencies)."""
    return rr.referral_detail(ui.cursor(), referral_id, access=signin_view.access())


def referral_line(referral: pd.Series, lang: str) -> str:
    """One markdown line describing a referral: household, intervention, agency, status, target
    date (the IDs, which come from files and forms, escaped)."""
    cat = catalogue()
    target = referral["target_date"]
    return t(
        "action_referral_line",
        lang,
        referral_id=md_escape(referral["referral_id"]),
        hh_id=md_escape(referral["hh_id"]),
        round=int(referral["round_be"]),
        intervention=cat.name(referral["intervention"], lang),
        agency=cat.agency_name(referral["agency"], lang),
        status=rf.status_label(referral["status"], lang),
        target="–" if pd.isna(target) else dates([target], lang)[0],
    )


def close_steps(status: str) -> tuple[str, ...]:
    """The statuses a referral in ``status`` still passes on the workflow's main line
    (``rf.PIPELINE``) to 'resolved', in order; empty off the main line or when resolved.

    >>> close_steps("accepted")
    ('in_progress', 'assisted', 'resolved')
    """
    if status not in rf.PIPELINE:
        return ()
    return rf.PIPELINE[rf.PIPELINE.index(status) + 1 :]


def change_form(referral: pd.Series, by: Actor, lang: str) -> None:
    """Change the status one step, or close the referral: every remaining step of the main line
    recorded at once (one event each in the history, all or nothing)."""
    rid = str(referral["referral_id"])
    allowed = rf.allowed_next(referral["status"])
    if not allowed:
        st.info(t("action_final", lang, status=rf.status_label(referral["status"], lang)))
        return
    steps = close_steps(referral["status"])
    with st.form("action_change"):
        to = st.radio(
            t("action_new_status", lang),
            list(allowed),
            format_func=lambda s: rf.status_label(s, lang),
            horizontal=True,
        )
        note = st.text_area(t("action_note", lang), max_chars=rf.MAX_NOTE)
        save = st.form_submit_button(t("action_change_button", lang), type="primary")
        close = False
        if steps:
            close = st.form_submit_button(t("action_close_button", lang))
            st.caption(
                t(
                    "action_close_caption",
                    lang,
                    n=len(steps),
                    steps=" → ".join(rf.status_label(s, lang) for s in steps),
                )
            )
    if save:
        try:
            rf.change_status(ui.cursor(), rid, to, by=by.name, note=note, actor=by)
        except rf.ReferralError as exc:
            st.error(exc.text(lang))
        else:
            done(
                "change",
                t("action_changed", lang, referral_id=rid, status=rf.status_label(to, lang)),
            )
    elif close:
        close_referral(rid, steps, by=by, note=note, lang=lang)


def close_referral(rid: str, steps: tuple[str, ...], *, by: Actor, note: str, lang: str) -> None:
    """Record ``steps`` for referral ``rid`` in one transaction (the note on the last step)."""
    rows = pd.DataFrame(
        {
            "referral_id": [rid] * len(steps),
            "new_status": list(steps),
            "new_note": [""] * (len(steps) - 1) + [note],
        }
    )
    result = rf.bulk_update(
        ui.cursor(), rows, file_name=t("action_close_button", lang), actor=by, lang=lang
    )
    if not result.ok:
        st.error(md_escape("; ".join(p.text(lang) for p in result.problems)))
        return
    status = rf.status_label(steps[-1], lang)
    done("change", t("action_closed_done", lang, referral_id=rid, n=result.applied, status=status))


# --- bulk update ---------------------------------------------------------------------------------------


def problem_table(problems: list, lang: str) -> pd.DataFrame:
    """Rejected rows as a table with headers in ``lang`` (file, line, column, value, reason)."""
    columns = [t(f"action_report_{c}", lang) for c in ("file", "line", "column", "value", "reason")]
    return pd.DataFrame(
        [(p.file, p.line, p.column, p.value, p.reason) for p in problems], columns=columns
    )


def bulk_update_section(by: Actor | None, lang: str) -> None:
    """Upload a spreadsheet of status changes; apply all or nothing; show and offer the report."""
    st.caption(t("action_bulk_help", lang))
    upload = st.file_uploader(
        t("action_bulk_upload", lang), type=["csv", "xlsx", "txt"], key="action_bulk_file"
    )
    if upload is None:
        return
    if not st.button(t("action_bulk_apply", lang), type="primary", key="action_bulk_go"):
        return
    if by is None:
        st.error(t("access_sign_in_to_record", lang))
        return
    raw = _read_upload(upload, lang)
    if raw is None:
        return
    refused = _outside_access(raw.frame)
    if refused is not None:
        st.error(md_escape(refused.render(lang)))
        return
    result = rf.bulk_update(
        ui.cursor(),
        raw.frame,
        file_name=raw.source,
        actor=by,
        line_numbers=raw.line_numbers,
        lang=lang,
    )
    if not result.ok:
        st.error(t("action_bulk_rejected", lang, n=len(result.problems)))
        show_table(
            problem_table(result.problems, lang), lang, hide_index=True, use_container_width=True
        )
        ui.csv_download(
            report_frame(result.problems),
            f"{Path(upload.name).stem}-rejected",
            lang,
            "action_bulk_report_dl",
            ExportMeta(),  # a report on the uploaded file: no round, rule or flag
            label=t("action_bulk_report", lang),
        )
    else:
        st.success(t("action_bulk_done", lang, applied=result.applied, unchanged=result.unchanged))


def _outside_access(frame: pd.DataFrame) -> AccessDenied | None:
    """The refusal of the first referral of an uploaded status file the signed-in user may not
    read (another agency's, outside the user's areas), or None: a file changes only referrals
    the user works on, as the change form does."""
    column = find_headers("referral_updates", frame.columns).get("referral_id")
    if column is None:
        return None  # the update itself says the column is missing
    for rid in dict.fromkeys(str(v).strip().upper() for v in frame[column].dropna()):
        if not rid:
            continue
        try:
            referral_detail(rid)
        except AccessDenied as refused:
            return refused
    return None


def _read_upload(upload, lang: str) -> RawTable | None:
    """An uploaded table read as a file is (encoding, Excel, header row), rows the reader could
    not take shown; None after an error. The file is on disk only while it is read."""
    with uploads.on_disk(upload) as (path,):
        try:
            raw = read_any(path)
        except ReadError as exc:
            st.error(md_escape(render(exc.text, lang)))
            return None
    if raw.problems:
        st.warning(t("action_upload_read_problems", lang, n=len(raw.problems)))
        show_table(
            problem_table(raw.problems, lang), lang, hide_index=True, use_container_width=True
        )
    return raw


@ui.cached(edits=("referrals",), max_entries=8)
def _export(filters: rf.Filters, lang: str, day: dt.date, access: Access) -> pd.DataFrame:
    return rr.referral_export(
        ui.cursor(), filters, access=access, lang=lang, as_of=day, limit=DOWNLOAD_ROWS + 1
    )


def export_download(filters: rf.Filters, lang: str) -> None:
    """The filtered queue as the agency spreadsheet (fill new_status / new_note, upload back):
    the referrals the signed-in user may read, the last note only with ``sensitive``."""
    frame = _export(filters, lang, dt.date.today(), signin_view.access())
    if len(frame) > DOWNLOAD_ROWS:
        st.caption(t("action_export_capped", lang, n=format_number(DOWNLOAD_ROWS)))
        frame = frame.head(DOWNLOAD_ROWS)
    ui.csv_download(frame.set_index("referral_id"), "referrals", lang, "action_export")


# --- outcomes -----------------------------------------------------------------------------------------


@ui.cached(edits=("referrals",), max_entries=8)
def outcome_tables(
    from_round: int, to_round: int, area: str | None, rule_name: str, k: float, child_col: str
) -> dict[str, pd.DataFrame]:
    """Everything the outcomes page shows, grouped in the database (:mod:`query.outcomes`):
    small tables only, computed once per view and data version."""
    return qo.outcome_tables(
        ui.cursor(),
        from_round,
        to_round,
        area,
        rule=rules.poor_rule(rule_name, k),
        model=rules.household_model(),
        area_col=child_col,
        types=catalogue().interventions["type"].to_dict(),
        levels=LEVELS,
    )


# --- programme targets --------------------------------------------------------------------------------


@ui.cached(edits=("referrals", "targets"), max_entries=16)
def _progress(scope, level, within, rule_name, k) -> pd.DataFrame:
    return tg.progress(
        ui.cursor(),
        scope=scope,
        level=level,
        within=within,
        rule=rules.poor_rule(rule_name, k),
        on_track=float(setting("POVMAP_TARGET_ON_TRACK")),
        at_risk=float(setting("POVMAP_TARGET_AT_RISK")),
    )


def progress(scope: str, level: str, within: str | None, view: ui.View) -> pd.DataFrame:
    return _progress(scope, level, within, view.rule_name, view.k)


def big_numbers(items: list[tuple[str, str, str, str]]) -> None:
    """Large number cards for a projector: (label, value, line below, value colour)."""
    cards = "".join(
        f'<div style="flex:1 1 190px;border:1px solid #d0d7de;border-radius:12px;'
        f'padding:12px 18px;background:#ffffff">'
        f'<div style="font-size:1.1rem;color:#444">{html.escape(label)}</div>'
        f'<div style="font-size:2.7rem;font-weight:700;line-height:1.2;color:{colour}">'
        f"{html.escape(value)}</div>"
        f'<div style="font-size:1.05rem;color:#555">{html.escape(below)}</div></div>'
        for label, value, below, colour in items
    )
    st.markdown(
        f'<div style="display:flex;gap:14px;flex-wrap:wrap;margin:4px 0 10px">{cards}</div>',
        unsafe_allow_html=True,
    )


def programme_headline(prog: pd.DataFrame, lang: str) -> None:
    """The committee's four numbers (lifted, closed, areas on track, areas behind) and the
    status legend."""
    i = lang_index(lang)
    head = tg.headline(prog)
    lifted, goal, closed, goal_c = (
        head.lifted,
        head.households_to_lift,
        head.closed,
        head.referrals_to_close,
    )
    shares, overall = head.shares, head.status

    def n(status: str) -> int:
        return head.areas_by_status.get(status, 0)

    def pair(a: str, b: str) -> str:
        return f"{tg.STATUS_LABELS[a][i]} {n(a)} · {tg.STATUS_LABELS[b][i]} {n(b)}"

    def of_target(target: int, share: float) -> str:
        pct = format_percent(share, 0, fraction=True)
        return t("action_of_target_line", lang, target=format_number(target), pct=pct)

    big_numbers(
        [
            (
                t("action_households_lifted", lang),
                format_number(lifted),
                of_target(goal, shares[0]),
                tg.STATUS_COLOURS[overall[0]],
            ),
            (
                t("action_referrals_closed", lang),
                format_number(closed),
                of_target(goal_c, shares[1]),
                tg.STATUS_COLOURS[overall[1]],
            ),
            (
                t("action_areas_on_track", lang),
                f"{n('achieved') + n('on_track')} / {len(prog)}",
                pair("achieved", "on_track"),
                tg.STATUS_COLOURS["on_track"],
            ),
            (
                t("action_areas_behind", lang),
                str(n("at_risk") + n("off_track")),
                pair("at_risk", "off_track"),
                tg.STATUS_COLOURS["off_track" if n("off_track") else "at_risk"],
            ),
        ]
    )
    st.markdown(
        " ".join(f"{status_chip(s, lang)} {n(s)}" for s in tg.STATUS_ORDER if n(s)),
        unsafe_allow_html=True,
    )


def status_chip(status: str, lang: str) -> str:
    colour = tg.STATUS_COLOURS[status]
    label = html.escape(tg.STATUS_LABELS[status][lang_index(lang)])
    return (
        f'<span style="background:{colour};color:white;border-radius:10px;padding:2px 10px;'
        f'font-size:0.95rem;white-space:nowrap">{label}</span>'
    )


#: Font size of the progress chart's bar labels, and the width one character of them takes (px).
PROGRESS_LABEL_SIZE = 14
_LABEL_CHAR_PX = 8.5


def _text_px(text: str) -> float:
    """About how wide ``text`` is drawn in the progress chart's label font (Thai vowel and tone
    marks above or below a letter take no width)."""
    return sum(not unicodedata.combining(c) for c in text) * _LABEL_CHAR_PX


def progress_chart(
    frame: pd.DataFrame, kind: str, names: pd.Series, lang: str, expected: float
) -> go.Figure:
    """Horizontal bars of progress (% of target) per area, coloured by status, with the share
    expected by now as a dashed line and the target (100%) as a solid one; each bar is labelled
    "achieved / target · status" in a column right of the plot, where no line reaches it."""
    goal_col, got_col = {
        "lift": ("households_to_lift", "lifted"),
        "close": ("referrals_to_close", "referrals_closed"),
    }[kind]
    f = frame.assign(name=frame["area_code"].map(names).fillna(frame["area_code"]))
    f = f.sort_values(f"{kind}_progress", na_position="first")
    pct = (f[f"{kind}_progress"].fillna(0) * 100).clip(upper=150)
    i = lang_index(lang)
    fig = go.Figure(
        go.Bar(
            x=pct,
            y=f["name"],
            orientation="h",
            marker_color=[tg.STATUS_COLOURS[s] for s in f[f"{kind}_status"]],
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    fig.add_vline(x=expected * 100, line_dash="dash", line_color="#444")
    fig.add_vline(x=100, line_color="#1a7f37")
    labels = [
        f"{format_number(a)} / {format_number(b)} · {tg.STATUS_LABELS[s][i]}"
        for a, b, s in zip(f[got_col], f[goal_col], f[f"{kind}_status"], strict=True)
    ]
    # the labels sit in the right margin (paper x >= 1), past the end of the axis: the target
    # lines, drawn inside the plot, never cross them, however short a bar is
    for name, label in zip(f["name"], labels, strict=True):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            xshift=8,
            y=name,
            yref="y",
            text=label,
            showarrow=False,
            font_size=PROGRESS_LABEL_SIZE,
        )
    widest = max((_text_px(label) for label in labels), default=0.0)
    fig.update_layout(
        height=max(260, 34 * len(f) + 60),
        margin=dict(l=0, r=int(widest) + 20, t=10, b=0),
        font_family=FONT,
        font_size=16,
        xaxis=dict(title="% " + t("action_of_target", lang), range=[0, 155], ticksuffix="%"),
        yaxis=dict(title=""),
        showlegend=False,
    )
    return fig


def target_history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every version of an area's targets, newest first, labelled in ``lang``."""
    i = lang_index(lang)
    return pd.DataFrame(
        {
            t("action_scope", lang): [tg.SCOPES[s][i] for s in frame["scope"]],
            t("action_version", lang): frame["version"],
            t("action_baseline_round", lang): frame["baseline_round"],
            t("action_target_round", lang): frame["target_round"],
            t("action_households_to_lift", lang): frame["households_to_lift"],
            t("action_referrals_to_close", lang): frame["referrals_to_close"],
            t("action_when", lang): dates(frame["set_at"], lang, with_time=True),
            t("action_by", lang): frame["set_by"],
            t("action_source", lang): frame["source"],
            t("action_note", lang): frame["note"].fillna(""),
        }
    )


def targets_editor(
    view: ui.View, scope: str, level: str, within: str | None, by: Actor | None
) -> None:
    """Edit the current targets in a table (a save appends new versions) or import a CSV."""
    lang = view.lang
    current = tg.current_targets(ui.cursor(), scope=scope, level=level)
    if within:
        current = current[current["area_code"].str.startswith(within)]
    names = ui.areas().set_index("code")["name_en" if lang == "en" else "name_th"]
    table = current[list(tg.TARGET_FIELDS)].copy()
    table.insert(1, "name", table["area_code"].map(names))
    edited = show_table(
        table,
        lang,
        editor=True,
        hide_index=True,
        use_container_width=True,
        num_rows="fixed",
        disabled=["area_code", "name", "scope"],
        key=f"action_targets_{scope}_{level}_{within}",
        column_config={
            "area_code": t("action_area_code", lang),
            "name": t("area", lang),
            "scope": t("action_scope", lang),
            "baseline_round": st.column_config.NumberColumn(
                t("action_baseline_round", lang), min_value=2550, max_value=2600, format="%d"
            ),
            "target_round": st.column_config.NumberColumn(
                t("action_target_round", lang), min_value=2550, max_value=2600, format="%d"
            ),
            "households_to_lift": st.column_config.NumberColumn(
                t("action_households_to_lift", lang), min_value=0
            ),
            "referrals_to_close": st.column_config.NumberColumn(
                t("action_referrals_to_close", lang), min_value=0
            ),
        },
    )
    if st.button(t("action_save_targets", lang), key="action_save_targets", type="primary"):
        if by is None:
            st.error(t("access_sign_in_to_record", lang))
        else:
            text = edited.drop(columns="name").astype(str)
            typed, problems = tg.validate_targets(text, file_name="app", lang=lang)
            if problems:
                st.error(md_escape("; ".join(f"{p.column}: {p.text(lang)}" for p in problems[:5])))
            else:
                n = tg.set_targets(ui.cursor(), typed, by=by.name, source="app")
                st.success(t("action_targets_saved", lang, n=n))
    upload = st.file_uploader(
        t("action_targets_upload", lang), type=["csv", "xlsx"], key="action_targets_file"
    )
    st.caption(t("action_targets_upload_help", lang))
    if upload is not None and st.button(t("action_targets_import", lang), key="action_targets_go"):
        if by is None:
            st.error(t("access_sign_in_to_record", lang))
            return
        raw = _read_upload(upload, lang)
        if raw is None:
            return
        result = tg.import_targets(
            ui.cursor(),
            raw.frame,
            file_name=raw.source,
            by=by.name,
            line_numbers=raw.line_numbers,
            lang=lang,
        )
        if result.ok:
            st.success(
                t("action_targets_imported", lang, n=result.written, unchanged=result.unchanged)
            )
        else:
            st.error(t("action_bulk_rejected", lang, n=len(result.problems)))
            show_table(
                problem_table(result.problems, lang),
                lang,
                hide_index=True,
                use_container_width=True,
            )
