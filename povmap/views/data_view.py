"""Streamlit glue of the data (import) and review (สอบทาน) pages.

The data page calls ``data.importer``; the review page reads through ``query.review_read``
(flags stored once per round and data version by ``data.verification.ensure_flags``, counts in
SQL, the queue and the duplicates a page at a time) and writes a status through
``data.verification.set_status``. What is Streamlit (uploads, caching, tables, the review tabs,
the review map, the status form) lives here so the pages stay thin.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
from collections.abc import Callable, Iterator
from pathlib import Path

import folium
import pandas as pd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from data import verification
from data.export import ExportMeta
from data.importer import ImportFailed, ImportResult, Preview, ReadOptions
from data.importer import preview as preview_file
from data.problems import Problem
from data.schema import HOUSEHOLD_COLUMN_LIST, MEMBER_COLUMN_LIST, REGISTRY_COLUMN_LIST
from geo import boundaries, maps
from povmap import bootstrap, rules, settings, uploads, vendor
from povmap.i18n import t
from povmap.i18n.reasons_th import ENCODINGS as THAI_ENCODINGS
from povmap.i18n.reasons_th import thai_message, thai_reason
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query import data_read, review_read
from query.access import Access
from query.area_rows import Page

ENCODINGS = ("", "utf-8", "utf-8-sig", "cp874", "utf-16")
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "parquet"]
SHOWN_PROBLEMS = 500


def gps_tolerance() -> float:
    """POVMAP_GPS_TOLERANCE_M: how far outside its subdistrict a point may lie before it is flagged."""
    return float(settings.get("POVMAP_GPS_TOLERANCE_M"))


# --- uploads --------------------------------------------------------------------------------------


def upload_key(*files) -> tuple:
    """Which uploads these are (Streamlit's file ids): what a step's kept result belongs to."""
    return tuple(None if f is None else (f.file_id, f.name, f.size) for f in files)


@contextlib.contextmanager
def upload_paths(
    uploaded, members, mapping, options: ReadOptions
) -> Iterator[tuple[Path, Path | None, ReadOptions]]:
    """The uploads as private files for one step (preview, check or store) and the options
    naming the mapping file; the files are deleted when the step ends, however it ends
    (``povmap.uploads``)."""
    with uploads.on_disk(uploaded, members, mapping) as (path, members_path, mapping_path):
        yield path, members_path, dataclasses.replace(options, mapping=mapping_path)


def preview_upload(uploaded, mapping, kind: str, options: ReadOptions) -> Preview | ImportFailed:
    """``preview`` of the upload, kept in the session for this file, kind and options, so a
    rerun of the page shows it again without writing the file again."""
    key = (kind, upload_key(uploaded, mapping), options)
    kept = st.session_state.get("data_preview")
    if kept is None or kept[0] != key:
        try:
            with upload_paths(uploaded, None, mapping, options) as (path, _none, read):
                result: Preview | ImportFailed = preview_file(path, kind=kind, options=read)
        except ImportFailed as exc:
            result = exc
        kept = st.session_state["data_preview"] = (key, result)
    return kept[1]


def read_options(lang: str) -> tuple[ReadOptions, bool, object | None]:
    """The reading options expander: (options, accept_valid, the mapping file's upload); the
    options name no mapping file until a step puts the upload on disk (``upload_paths``)."""
    with st.expander(t("data_options", lang)):
        left, right = st.columns(2)
        encoding = left.selectbox(
            t("data_encoding", lang),
            ENCODINGS,
            format_func=lambda e: e or t("data_encoding_auto", lang),
            key="data_encoding",
        )
        sheet = right.text_input(t("data_sheet", lang), key="data_sheet").strip()
        mapping_file = st.file_uploader(
            t("data_mapping", lang),
            type=["csv", "json", "txt"],
            help=t("data_mapping_help", lang),
            key="data_mapping",
        )
    accept_valid = st.toggle(
        t("data_accept_valid", lang), help=t("data_accept_valid_help", lang), key="data_accept"
    )
    return ReadOptions(encoding=encoding or None, sheet=sheet or None), accept_valid, mapping_file


# --- preview and reports ----------------------------------------------------------------------------


def _labels(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    out: dict[str, str] = {}
    for c in (*REGISTRY_COLUMN_LIST, *MEMBER_COLUMN_LIST, *HOUSEHOLD_COLUMN_LIST):
        out[c.name] = (c.label_th, c.label_en)[i]
    for helper in ("province_name", "district_name", "subdistrict_name", "address", "latlon"):
        out[helper] = t(f"data_helper_{helper}", lang)
    return out


def read_as(preview: Preview, lang: str) -> str:
    """How the file was read, in the page's language."""
    raw = preview.raw
    if raw.format == "xlsx":
        return t("data_read_xlsx", lang, sheet=raw.sheet, line=raw.header_row)
    if raw.format == "parquet":
        return t("data_read_parquet", lang)
    from data.importer import DELIMITER_NAMES, ENCODING_NAMES

    delimiter = DELIMITER_NAMES.get(raw.delimiter or ",", "")
    encoding = ENCODING_NAMES.get((raw.encoding or "").lower(), raw.encoding)
    if lang == "th":
        encoding = THAI_ENCODINGS.get(encoding, encoding)
    return t(
        "data_read_csv",
        lang,
        encoding=encoding,
        delimiter=t(f"data_delimiter_{delimiter}", lang) if delimiter else repr(raw.delimiter),
        line=raw.header_row,
    )


def show_preview(preview: Preview, lang: str) -> bool:
    """Column mapping, unknown and missing columns, the sample. False if columns are missing."""
    st.caption(t("data_read_as", lang, how=md_escape(read_as(preview, lang))))
    report = preview.column_report
    labels = _labels(lang)
    mapping = pd.DataFrame(
        {
            t("data_col_header", lang): [h for h, _ in report.mapped],
            t("data_col_canonical", lang): [c for _, c in report.mapped],
            t("data_col_label", lang): [labels.get(c, "") for _, c in report.mapped],
        }
    )
    show_table(mapping, lang, hide_index=True, width="stretch", height=240)
    if report.unknown:
        columns = ", ".join(md_escape(c) for c in report.unknown)
        st.warning(t("data_unknown_columns", lang, columns=columns), icon="⚠️")
    for what in preview.notes:
        note = thai_reason(what) if lang == "th" else what
        st.caption(t("data_derived", lang, what=md_escape(note)))
    if report.missing:
        names = ", ".join(f"{labels.get(c, c)} ({c})" for c in report.missing)
        st.error(t("data_missing_columns", lang, columns=names))
    st.caption(t("data_sample", lang, n=len(preview.sample)))
    sample = preview.sample.copy()
    sample.insert(0, t("data_col_line", lang), list(preview.line_numbers))
    show_table(sample, lang, hide_index=True, width="stretch", height=260)
    if preview.problems:
        st.caption(t("data_sample_problems", lang))
        show_table(problems_frame(list(preview.problems), lang), lang, hide_index=True)
    return report.ok


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Problems as a table with translated headers and, in Thai, Thai reasons (values were
    made safe by the importer; the report files keep the English reasons)."""
    reason = thai_reason if lang == "th" else str
    return pd.DataFrame(
        {
            t("data_col_file", lang): [p.file for p in problems],
            t("data_col_line", lang): [p.line for p in problems],
            t("data_col_column", lang): [p.column for p in problems],
            t("data_col_value", lang): [p.value for p in problems],
            t("data_col_reason", lang): [reason(p.reason) for p in problems],
        }
    )


def show_check(result: ImportResult, lang: str, *, failed_message: str | None) -> None:
    """Counts, problems and warnings of a dry run (or of a failed one) and the report download."""
    if failed_message and result.file_error:
        st.error(t("data_failed", lang))
        if lang == "th":
            known = [p.reason for p in (*result.problems, *result.warnings)]
            failed_message = thai_message(failed_message, known)
        st.code(failed_message, language=None, wrap_lines=True)
    else:
        cols = st.columns(6)
        c = result.counts
        valid = result.rows_in_file - result.rejected_rows
        cols[0].metric(t("data_rows_in_file", lang), f"{result.rows_in_file:,}")
        cols[1].metric(t("data_rows_valid", lang), f"{valid:,}")
        cols[2].metric(t("data_rows_rejected", lang), f"{result.rejected_rows:,}")
        cols[3].metric(t("data_rows_new", lang), f"{c.new:,}")
        cols[4].metric(
            t("data_rows_replaced", lang),
            f"{c.replaced:,}",
            help=t("data_rows_replaced_help", lang),
        )
        cols[5].metric(t("data_rows_unchanged", lang), f"{c.unchanged:,}")
    if failed_message and not result.file_error:
        total = max(len(result.problems), _count_lines(result.rejected))
        st.error(
            t(
                "data_failed_rows",
                lang,
                problems=total,
                rows=result.rejected_rows,
                total=result.rows_in_file,
            )
        )
    if result.problems and not result.file_error:
        total = max(len(result.problems), _count_lines(result.rejected))
        st.subheader(t("data_problems", lang, n=total))
        shown = list(result.problems[:SHOWN_PROBLEMS])
        if total > len(shown):
            st.caption(t("data_problems_more", lang, shown=len(shown), n=total))
        show_table(problems_frame(shown, lang), lang, hide_index=True, width="stretch")
    elif not failed_message:
        st.success(t("data_no_problems", lang))
    if result.warnings:
        with st.expander(t("data_warnings", lang, n=len(result.warnings))):
            show_table(problems_frame(list(result.warnings), lang), lang, hide_index=True)
    if result.report and result.report.exists():
        report = pd.read_csv(result.report, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        ui.csv_download(  # a report on the uploaded file: no round, rule or flag
            report, result.report.stem, lang, key=f"dl-{result.import_id}", meta=ExportMeta()
        )


def _count_lines(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    with path.open("rb") as fh:
        return max(sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1, 0)


def failure_text(message: str | None, lang: str, problems=()) -> str:
    """An import failure message as shown: in Thai on the Thai page (reasons translated)."""
    if not message or lang != "th":
        return message or ""
    return thai_message(message, [p.reason for p in problems])


def run_import(call, lang: str, *, stored: bool = False) -> tuple[ImportResult | None, str | None]:
    """Run an import (or dry run) with a progress bar: (result, failure message). ``stored``
    (a real import): then prepare what the pages' first visits read (bootstrap.summarise), as
    every write path does. (The import's audit entry is the store's: data.store.record_import
    names the signed-in user app.py runs the page as.)"""
    bar = st.progress(0.0, text=t("data_progress", lang, done=0))

    def rows(done: int, total: int | None) -> None:
        if total:
            bar.progress(
                min(done / total, 1.0), text=t("data_progress_total", lang, done=done, total=total)
            )
        else:
            bar.progress(0.5, text=t("data_progress", lang, done=done))

    try:
        result = call(rows)
    except ImportFailed as exc:
        bar.empty()
        return exc.result, str(exc)
    bar.empty()
    if stored and result is not None and result.rows:
        with st.spinner(t("data_preparing", lang)):
            bootstrap.summarise(ui.cursor(), settings.get("POVMAP_CACHE_DIR"), lambda _m: None)
    return result, None


@ui.cached(edits=())
def imports_log(lang: str) -> pd.DataFrame:
    return data_read.imports_log(ui.cursor()).rename(
        columns={
            "finished_at": t("data_history_when", lang),
            "kind": t("data_history_kind", lang),
            "file_name": t("data_col_file", lang),
            "rows_in_file": t("data_rows_in_file", lang),
            "rows_new": t("data_rows_new", lang),
            "rows_replaced": t("data_rows_replaced", lang),
            "rows_unchanged": t("data_rows_unchanged", lang),
            "synthetic": t("data_history_synthetic", lang),
        }
    )


# --- review -----------------------------------------------------------------------------------------

#: Rows per page of the review queue and of the duplicates table.
REVIEW_PAGE_SIZE = 50


@st.cache_resource(show_spinner=False)
def subdistrict_lookup() -> pd.DataFrame:
    return boundaries.load_lookup(settings.get("POVMAP_CACHE_DIR"))


@st.cache_resource(show_spinner=False)
def _boundaries_fingerprint() -> str:
    return verification.boundaries_fingerprint(
        ui.boundary_layer("subdistrict"), subdistrict_lookup()
    )


def review_flags(round_be: int) -> str | None:
    """The key of the round's stored flags, written first (once per round and data version,
    :func:`query.review_read.ensure_flags`; a second session asking meanwhile waits for that
    computation) when the store has none; None on a read-only store without them."""
    return review_read.ensure_flags(
        ui.cursor(),
        ui.boundary_layer("subdistrict"),
        subdistrict_lookup(),
        round_be=round_be,
        boundaries=_boundaries_fingerprint(),
    )


def flag_counts(key: str, round_be: int, area: str | None, tolerance_m: float) -> dict[str, int]:
    """Flagged households of the area: any reason, GPS, duplicates, registry (refused,
    :class:`query.access.AccessDenied`, outside the signed-in user's areas)."""
    return _flag_counts(key, round_be, area, tolerance_m, signin_view.access())


@ui.cached(edits=())
def _flag_counts(
    key: str, round_be: int, area: str | None, tolerance_m: float, access: Access
) -> dict[str, int]:
    return review_read.flag_counts(
        ui.cursor(), key, round_be=round_be, area=area, tolerance_m=tolerance_m, access=access
    )


def status_counts(round_be: int, area: str | None) -> dict[str, int]:
    """Households of the area per verification status, as the signed-in user may read them."""
    return _status_counts(round_be, area, signin_view.access())


@ui.cached(edits=("verification",))
def _status_counts(round_be: int, area: str | None, access: Access) -> dict[str, int]:
    return review_read.status_counts(ui.cursor(), round_be=round_be, area=area, access=access)


@ui.cached(edits=("verification",), max_entries=64)
def _queue_page(
    key: str,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    page: int,
    access: Access,
) -> Page:
    return review_read.queue(
        ui.cursor(),
        key,
        round_be=round_be,
        area=area,
        tolerance_m=tolerance_m,
        kinds=kinds,
        statuses=statuses,
        page=page,
        page_size=REVIEW_PAGE_SIZE,
        access=access,
    )


@ui.cached(edits=("verification",), max_entries=64)
def _queue_row(
    key: str,
    hh_id: str,
    round_be: int,
    area: str | None,
    tolerance_m: float,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    access: Access,
) -> pd.Series | None:
    return review_read.queue_row(
        ui.cursor(),
        key,
        hh_id,
        round_be=round_be,
        area=area,
        tolerance_m=tolerance_m,
        kinds=kinds,
        statuses=statuses,
        access=access,
    )


@ui.cached(edits=(), max_entries=32)
def _duplicates_page(key: str, round_be: int, area: str | None, page: int, access: Access) -> Page:
    return review_read.duplicates(
        ui.cursor(),
        key,
        round_be=round_be,
        area=area,
        page=page,
        page_size=REVIEW_PAGE_SIZE,
        access=access,
    )


@ui.cached(edits=())
def village_flags(area: str | None, tolerance_m: float) -> pd.DataFrame:
    return review_read.village_flags(
        ui.cursor(),
        ui.boundary_layer("subdistrict"),
        subdistrict_lookup(),
        area=area,
        tolerance_m=tolerance_m,
    )


@ui.cached(edits=())
def _registry_snapshot(round_be: int) -> int | None:
    return review_read.registry_snapshot(ui.cursor(), round_be)


@ui.cached(edits=())
def _registry_match(
    level: str, round_be: int, area: str | None, rule_name: str, k: float, access: Access
) -> pd.DataFrame:
    return data_read.registry_match(
        ui.cursor(), level, round_be, area, rules.poor_rule(rule_name, k), access=access
    )


def _page_of(key: str, fetch: Callable[[int], Page], lang: str) -> Page:
    """The page the user picked (a page number input when there is more than one)."""
    page = fetch(int(st.session_state.get(key, 1)) - 1)
    if page.pages > 1:
        if int(st.session_state.get(key, 1)) > page.pages:
            st.session_state[key] = page.pages
            page = fetch(page.pages - 1)
        st.number_input(t("list_page", lang), min_value=1, max_value=page.pages, step=1, key=key)
    elif key in st.session_state and int(st.session_state[key]) != 1:
        st.session_state[key] = 1
        page = fetch(0)
    return page


def _showing(page: Page, lang: str) -> None:
    st.caption(
        t(
            "list_showing",
            lang,
            first=maps.format_number(page.first),
            last=maps.format_number(page.last),
            total=maps.format_number(page.total),
        )
    )


@st.cache_resource(show_spinner=False)
def _polygon_names(lang: str) -> dict[str, str]:
    layer = ui.boundary_layer("subdistrict")
    return dict(zip(layer["code"], layer["name_en" if lang == "en" else "name_th"], strict=True))


def area_names(codes: object, lang: str) -> list[str]:
    """Each code's name and code ("" for none): an official area, else a boundary polygon,
    else the code itself."""
    official, polygons = ui.area_names(lang), _polygon_names(lang)
    out = []
    for code in codes:
        name = official.get(code) or polygons.get(code) if code else None
        out.append(f"{name} ({code})" if name else str(code or ""))
    return out


def area_name(code: str, lang: str) -> str:
    """One code's name and code (:func:`area_names`)."""
    return area_names([code], lang)[0]


def reason_text(reasons: tuple[str, ...], lang: str) -> str:
    return " · ".join(t(f"review_flag_{r}", lang) for r in reasons)


def status_text(status: str, lang: str) -> str:
    return t(f"review_status_{status}", lang)


def _village_text(rows: pd.DataFrame, lang: str) -> list[str]:
    names = rows["village_name_en" if lang == "en" else "village_name_th"]
    return [
        f"{n} ({v})" if isinstance(n, str) and n else str(v)
        for n, v in zip(names, rows["village_code"], strict=True)
    ]


def queue_table(queue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The review queue as shown: names, translated reasons and statuses, no hashes (the notes
    only when the door gave them: ``sensitive``)."""
    columns = {
        t("household", lang): queue["hh_id"].to_numpy(),
        t("village", lang): _village_text(queue, lang),
        t("review_reason", lang): [reason_text(r, lang) for r in queue["reasons"]],
        t("review_distance", lang): [
            "" if pd.isna(d) else f"{d:,.0f}" for d in queue["distance_m"]
        ],
        t("review_found_in", lang): area_names(queue["found_code"], lang),
        t("review_status", lang): [status_text(s, lang) for s in queue["status"]],
    }
    if "note" in queue:
        columns[t("review_note", lang)] = queue["note"].to_numpy()
    return pd.DataFrame(columns)


def queue_tab(view: ui.View, key: str, tolerance_m: float) -> None:
    """The review queue of the area a page at a time (filters by reason and status), the
    household picked (``hh`` in the URL), its status form and, for a GPS flag, its map."""
    lang = view.lang
    left, right = st.columns(2)
    kinds = left.multiselect(
        t("review_filter_reason", lang),
        verification.FLAG_KINDS,
        format_func=lambda k: t(f"review_flag_{k}", lang),
        placeholder=t("review_all", lang),
        key="review_reasons",
    )
    statuses = right.multiselect(
        t("review_filter_status", lang),
        verification.STATUSES,
        format_func=lambda s: status_text(s, lang),
        placeholder=t("review_all", lang),
        key="review_statuses",
    )
    query = (view.round_be, view.area, tolerance_m, tuple(kinds), tuple(statuses))
    access = signin_view.access()
    page = _page_of(
        f"review_page-{view.area or ''}-{view.round_be}",
        lambda p: _queue_page(key, *query, p, access),
        lang,
    )
    if not page.total:
        st.info(t("review_empty", lang))
        return
    shown = page.rows
    table = queue_table(shown, lang)
    show_table(table, lang, hide_index=True, width="stretch")
    _showing(page, lang)
    ui.csv_download(
        table,
        "review-queue",
        lang,
        "dl-review",
        ui.export_meta(view, rule=None, k=None),
    )
    ids = list(shown["hh_id"])
    wanted = st.query_params.get("hh", "")
    if wanted and wanted not in ids:
        row = _queue_row(key, wanted, *query, access)
        if row is not None:  # the URL's household, on another page of the queue
            shown = pd.concat([row.to_frame().T, shown], ignore_index=True)
            ids.insert(0, wanted)
    picked = st.selectbox(
        t("review_pick", lang),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        key="review_hh",
    )
    st.query_params["hh"] = picked
    row = shown[shown["hh_id"] == picked].iloc[0]
    ui.audit_household_view(picked, view.round_be, str(row.get("village_code") or ""))
    st.markdown(f"**{reason_text(row['reasons'], lang)}**")
    form, where = st.columns([3, 2])
    with form:
        status_form(picked, view.round_be, row["reasons"], lang)
    with where:
        if "gps_outside" in row["reasons"]:
            gps_map(row, lang)


def duplicates_tab(view: ui.View, key: str) -> None:
    """The duplicate groups with a household in the area (partners elsewhere too), paged."""
    lang = view.lang
    st.caption(t("review_dup_caption", lang))
    page = _page_of(
        f"review_dup_page-{view.area or ''}-{view.round_be}",
        lambda p: _duplicates_page(key, view.round_be, view.area, p, signin_view.access()),
        lang,
    )
    if not page.total:
        st.info(t("review_empty", lang))
        return
    dups = page.rows
    show_table(
        pd.DataFrame(
            {
                t("review_group", lang): dups["group"].to_numpy(),
                t("review_reason", lang): [t(f"review_flag_{k}", lang) for k in dups["kind"]],
                t("household", lang): dups["hh_id"].to_numpy(),
                t("village", lang): _village_text(dups, lang),
                t("review_role", lang): [t(f"review_role_{r}", lang) for r in dups["role"]],
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )
    _showing(page, lang)


def villages_tab(view: ui.View, tolerance_m: float) -> None:
    """Village points of the area outside their subdistrict by more than the tolerance."""
    lang = view.lang
    st.caption(t("review_villages_caption", lang, m=tolerance_m))
    flagged = village_flags(view.area, tolerance_m)
    if flagged.empty:
        st.info(t("review_villages_none", lang))
        return
    show_table(
        pd.DataFrame(
            {
                t("village", lang): flagged["village_code"],
                t("village", lang) + " ": flagged["name_en" if lang == "en" else "name_th"],
                t("review_distance", lang): flagged["distance_m"].round(0),
                t("review_found_in", lang): area_names(flagged["found_code"], lang),
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )


def status_form(hh_id: str, round_be: int, reasons: tuple[str, ...], lang: str) -> None:
    """Set a household's status with a note (recorded as the signed-in account); the history
    below it."""
    con = ui.cursor()
    session = signin_view.signed_in()
    history = review_read.status_history(con, hh_id, round_be)
    current = history["status"].iloc[-1] if len(history) else "unverified"
    with st.form(f"review-form-{hh_id}-{round_be}", clear_on_submit=True):
        st.markdown(f"**{t('review_set_status', lang)}** · `{hh_id}`")
        status = st.radio(
            t("review_status", lang),
            verification.STATUSES,
            index=verification.STATUSES.index(current),
            format_func=lambda s: status_text(s, lang),
            horizontal=True,
        )
        note = st.text_area(
            t("review_note", lang), help=t("review_note_help", lang), max_chars=2000
        )
        if session is None:
            st.caption(t("access_sign_in_to_record", lang))
        else:
            name = md_escape(session.display_name or session.name)
            st.caption(t("access_recorded_as", lang, name=name))
        pressed = st.form_submit_button(t("review_set_status", lang), type="primary")
        if pressed and session is None:
            st.error(t("access_sign_in_to_record", lang))
        elif pressed:
            verification.set_status(
                con, hh_id, round_be, status, note=note, flags=reasons, actor=session.actor
            )
            st.success(t("review_saved", lang, status=status_text(status, lang), hh_id=hh_id))
            history = review_read.status_history(con, hh_id, round_be)
    st.markdown(f"**{t('review_history', lang)}**")
    if history.empty:
        st.caption(t("review_no_history", lang))
        return
    show_table(
        pd.DataFrame(
            {
                t("review_set_at", lang): history["set_at"],
                t("review_status", lang): [status_text(s, lang) for s in history["status"]],
                t("review_note", lang): history["note"],
                t("review_reviewer", lang): history["reviewer"],
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )


def gps_map(row: pd.Series, lang: str, height: int = 340) -> None:
    """The declared subdistrict, the polygon the point falls in, and the point; offline."""
    point = data_read.household_point(
        ui.cursor(), str(row["hh_id"]), int(row["round_be"]), access=signin_view.access()
    )
    if point is None:
        return
    layer = ui.boundary_layer("subdistrict").set_index("code")
    declared = ui.polygon_lookup().get(row["subdistrict_code"]) or row["subdistrict_code"]
    m = maps.offline_map(center=point, zoom=11, tiles=settings.get("POVMAP_TILES"), lang=lang)
    shapes = []
    for code, colour, dash in (
        (row.get("found_code") or "", "#7f7f7f", "4 4"),
        (declared, "#2166ac", None),
    ):
        if code and code in layer.index:
            geom = layer.loc[code, "geometry"]
            shapes.append(geom)
            folium.GeoJson(
                geom.__geo_interface__,
                style_function=lambda _f, c=colour, d=dash: {
                    "color": c,
                    "weight": 2.5,
                    "fillOpacity": 0.06,
                    "dashArray": d,
                },
                tooltip=html.escape(area_name(code, lang)),
            ).add_to(m)
    folium.CircleMarker(
        location=point,
        radius=7,
        color="#b2182b",
        fill=True,
        fill_opacity=0.9,
        tooltip=html.escape(str(row["hh_id"])),
    ).add_to(m)
    if shapes:
        whole = shapely.union_all([*shapes, shapely.Point(point[1], point[0])])
        maps.fit_bounds(m, whole.bounds, padding_bottom_right=(10, 60))
    st_folium(
        maps.localize(m, vendor.ASSETS),
        returned_objects=[],
        height=height,
        use_container_width=True,
        key=f"gps-{row['hh_id']}",
    )
    st.caption(t("review_map_caption", lang))


def registry_tab(view: ui.View) -> None:
    """Households and registry entries matched per child area, with TPMAP's targeted poor."""
    lang = view.lang
    snapshot = _registry_snapshot(view.round_be)
    if snapshot is None:
        st.info(t("review_registry_none", lang))
        return
    st.caption(t("review_registry_caption", lang, snapshot=snapshot))
    level = view.level_below
    table = _registry_match(
        level, view.round_be, view.area, view.rule_name, view.k, signin_view.access()
    ).copy()
    names = ui.areas().set_index("code")["name_en" if lang == "en" else "name_th"]
    where = t(f"level_{level}", lang)
    table.insert(0, where, table["code"].map(lambda c: f"{names.get(c, c)} ({c})"))
    labels = {
        "households": t("surveyed_households", lang),
        "in_both": t("review_in_both", lang),
        "survey_only": t("review_survey_only", lang),
        "no_id": t("review_no_id", lang),
        "registry_only": t("review_registry_only", lang),
        "targeted_poor_households": t("review_targeted_poor", lang),
    }
    shown = table[[where, *labels]].rename(columns=labels)
    show_table(shown, lang, hide_index=True, width="stretch")
    st.caption(t("review_targeted_help", lang))
    ui.csv_download(shown, "registry-cross-match", lang, "dl-registry", ui.export_meta(view))
