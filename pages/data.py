"""Import data: upload a field file, see how its columns map, check it whole, then store it.

The same code path as `povmap import households|registry` (data.importer); national IDs are
hashed on the way in and never shown.
"""

from __future__ import annotations

import streamlit as st

from data import registry
from data.importer import ImportFailed, import_households, import_registry
from povmap import settings
from povmap.i18n import t
from povmap.views import data_view, ui
from povmap.views.tables import show_table

view: ui.View = ui.current_view()
lang = view.lang

st.title(t("data_title", lang))
st.caption(t("data_caption", lang))
ui.synthetic_banner(lang)
st.info(t("data_pdpa", lang), icon="🔒")

kind = st.radio(
    t("data_kind", lang),
    ["households", "registry"],
    format_func=lambda k: t(f"data_kind_{k}", lang),
    horizontal=True,
    key="data_kind",
)
left, right = st.columns(2)
n = st.session_state.setdefault("data_uploads", 0)  # a new key empties the uploaders
uploaded = left.file_uploader(
    t("data_file", lang), type=data_view.UPLOAD_TYPES, key=f"data_file{n}"
)
members_upload, snapshot = None, None
if kind == "households":
    members_upload = right.file_uploader(
        t("data_members_file", lang), type=data_view.UPLOAD_TYPES, key=f"data_members{n}"
    )
else:
    con = ui.cursor()
    default = registry.snapshot_for(con, None) or (ui.rounds() or [2565])[-1]
    snapshot = right.number_input(
        t("data_snapshot", lang), 2500, 2700, int(default), step=1, key="data_snapshot"
    )
options, accept_valid, mapping_upload = data_view.read_options(lang)
# the uploads stay in the session's memory; each step below puts them on disk for that step only
files = (uploaded, members_upload, mapping_upload)

if uploaded is None:
    st.caption(t("data_upload_hint", lang))
    if done := st.session_state.get("data_done"):
        st.success(done[0])
        data_view.show_check(done[1], lang, failed_message=None)
    st.subheader(t("data_history", lang))
    show_table(data_view.imports_log(lang), lang, hide_index=True, width="stretch")
    st.stop()

# --- 1. preview ------------------------------------------------------------------------------------
st.subheader(t("data_step_preview", lang))
first = data_view.preview_upload(uploaded, mapping_upload, kind, options)
if isinstance(first, ImportFailed):
    exc = first
    st.error(t("data_nothing_importable", lang, reason=""))
    st.code(data_view.failure_text(str(exc), lang, exc.problems), language=None, wrap_lines=True)
    st.stop()
if not data_view.show_preview(first, lang):
    st.stop()


def run(dry_run: bool):
    """The importer, exactly as the command line calls it."""
    from data.importer import id_hash_key

    args = dict(
        report_dir=settings.var_dir() / "reports",
        id_key=id_hash_key(settings.var_dir(), settings.get("POVMAP_ID_HASH_KEY")),
        mode="accept_valid" if accept_valid else "strict",
        dry_run=dry_run,
        chunksize=settings.get("POVMAP_IMPORT_CHUNK_ROWS"),
        workers=settings.get("POVMAP_IMPORT_WORKERS"),
    )

    def call(on_rows):
        with data_view.upload_paths(*files, options) as (path, members_path, read):
            if kind == "registry":
                return import_registry(
                    ui.cursor(),
                    path,
                    snapshot_be=int(snapshot),
                    on_rows=on_rows,
                    options=read,
                    **args,
                )
            return import_households(
                ui.cursor(), path, members_path=members_path, on_rows=on_rows, options=read, **args
            )

    return data_view.run_import(call, lang, stored=not dry_run)


signature = (kind, data_view.upload_key(*files), options, accept_valid, snapshot)

# --- 2. check the whole file -----------------------------------------------------------------------
st.subheader(t("data_step_check", lang))
if st.button(t("data_check", lang), key="data_check_button"):
    st.session_state["data_check"] = (signature, *run(dry_run=True))
checked = st.session_state.get("data_check")
if not checked or checked[0] != signature:
    st.stop()
_, result, failure = checked
if result is None:
    st.error(t("data_failed", lang))
    st.code(data_view.failure_text(failure, lang), language=None, wrap_lines=True)
    st.stop()
data_view.show_check(result, lang, failed_message=failure)

# --- 3. store ----------------------------------------------------------------------------------------
st.subheader(t("data_step_commit", lang))
if failure or not result.rows:
    st.warning(t("data_commit_blocked", lang))
    st.stop()
if st.button(t("data_commit", lang, n=f"{result.rows:,}"), type="primary", key="data_commit"):
    stored, failure = run(dry_run=False)
    if stored is None or failure:
        st.error(t("data_failed", lang))
        problems = stored.problems if stored is not None else ()
        st.code(data_view.failure_text(failure, lang, problems), language=None, wrap_lines=True)
        st.stop()
    c = stored.counts
    message = t(
        "data_done", lang, rows=stored.rows, new=c.new, replaced=c.replaced, unchanged=c.unchanged
    )
    if stored.rejected_rows:
        message += " · " + t("data_done_rejected", lang, n=stored.rejected_rows)
    st.session_state["data_done"] = (message, stored)
    st.session_state.pop("data_check", None)
    st.session_state.pop("data_preview", None)
    st.session_state["data_uploads"] = n + 1
    st.rerun()
