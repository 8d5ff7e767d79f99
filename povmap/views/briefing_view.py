"""The export panel: the current view (or a storyline of views) as a PowerPoint deck, an A4 PDF
briefing and PNG maps and charts; the view's area table for researchers; household records.

Nothing is built until the user asks: each file has a "prepare" button, and only after it is
pressed is the file made (``briefing/``, from the numbers :mod:`povmap.briefs` reads through the
door) and offered for download. Briefing files and area tables are cached with ``ui.cached``
(keyed by the view state and the store's data version), so the reruns after a download serve
the same bytes without building them again, and a view that changed shows its prepare buttons
again. Household records are never cached: they are read when prepared and offered once.

Pages call :func:`export_panel` (the current view) and :func:`household_downloads`;
:func:`export_buttons` takes any list of view states (a storyline) and :func:`chart_config`
gives Plotly charts a toolbar button that saves the chart as PNG in the browser, its title and
notices in the page's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from briefing import brief as briefing_brief
from briefing import downloads
from briefing.fonts import FontError
from briefing.pdf import briefing_pdf
from data import export
from geo.maps import boundary_attribution
from povmap import briefs
from povmap.i18n import t
from povmap.i18n.chrome import LABELS as CHROME_LABELS
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from query.access import Access, AccessDenied

LOG = logging.getLogger(__name__)

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_TYPE = "application/pdf"
PNG_TYPE = "image/png"
CSV_TYPE = "text/csv"
PARQUET_TYPE = "application/vnd.apache.parquet"
#: The briefing files of a view, in the order their buttons stand: format -> label key.
FORMATS: dict[str, str] = {
    "pptx": "brief_pptx",
    "pdf": "brief_pdf",
    "png_projector": "brief_png_projector",
    "png_print": "brief_png_print",
    "png_charts": "brief_png_charts",
}
#: Session key: what the user prepared (key -> the state hash it was prepared for).
_PREPARED = "_brief_prepared"

State = Mapping[str, object]


# --- the view state --------------------------------------------------------------------------------


def page_state(page: str, view: ui.View, extra: Mapping[str, object] | None = None) -> dict:
    """The current view's state: the URL's query (every parameter, as a list of its values)
    with ``page`` (the URL path: ``map``), the sidebar's lang, round and area, and ``extra``
    (view choices the URL does not hold, e.g. the Overview map's metric)."""
    state: dict[str, object] = {key: st.query_params.get_all(key) for key in st.query_params}
    state.update(page=page, lang=view.lang)
    state["round"] = str(view.round_be) if view.round_be else None
    state["area"] = view.area
    state.update(extra or {})
    return {k: v for k, v in state.items() if v not in (None, [], "")}


def _key(states: Sequence[State]) -> tuple:
    """The states as a plain, hashable cache key: their parsed form (briefs.read_state), so two
    URLs that mean the same view share one file."""
    return tuple(briefs.read_state(s).key() for s in states)


def _digest(key: tuple) -> str:
    return hashlib.sha1(repr(key).encode()).hexdigest()[:12]


# --- building (cached) -----------------------------------------------------------------------------


def _briefs(key: tuple, access: Access) -> list[briefing_brief.Brief]:
    states = [dict(k) for k in key]
    return briefs.briefs_of(ui.cursor(), states, layer=ui.boundary_layer, access=access)


@ui.cached(edits=("referrals", "targets"), max_entries=16)
def _files(
    key: tuple, fmt: str, title: str, rule_name: str, k: float, day: dt.date, access: Access
) -> tuple[str, list[tuple[str, bytes, str]]]:
    """What the files show (a line naming each view) and (file name, bytes, media type) of the
    briefing files of ``fmt`` for the states ``key`` (one view, or a storyline's views) as
    ``access`` may see them; ``rule_name``, ``k`` and the day are part of the key because the
    files carry them."""
    views = _briefs(key, access)
    lang = briefs.read_state(dict(key[0])).lang
    stem = _stem(views)
    shown = " · ".join(_describe(v, lang) for v in views)
    if fmt == "pptx":
        deck = briefing_brief.deck_of(views, lang=lang, exported=day)
        return shown, [(f"{stem}.pptx", deck, PPTX_TYPE)]
    if fmt == "pdf":
        data = briefing_pdf(views, title=title, lang=lang, exported=day)
        return shown, [(f"{stem}.pdf", data, PDF_TYPE)]
    size = "print" if fmt == "png_print" else "projector"
    out = []
    for i, view in enumerate(views):
        prefix = f"{stem}-{i + 1}" if len(views) > 1 else stem
        for name, data in briefing_brief.pictures(
            view, lang=lang, size=size, maps=fmt != "png_charts"
        ):
            out.append((f"{prefix}-{name}-{size}.png", data, PNG_TYPE))
    return shown, out


def _describe(view: briefing_brief.Brief, lang: str) -> str:
    """A view as its files name it: the page, the area, the round and its map's title."""
    first_map = next(iter(view.maps()), None)
    parts = [view.title, view.area, t("data_vintage", lang, round=view.round_be)]
    if first_map is not None:
        parts.append(first_map.title)
    return " · ".join(parts)


def _stem(views: Sequence[briefing_brief.Brief]) -> str:
    if not views:
        return "briefing"
    if len(views) > 1:
        return f"storyline-{len(views)}-views"
    v = views[0]
    return f"briefing-{v.page or 'view'}-{v.round_be}"


# --- widgets ---------------------------------------------------------------------------------------


def _offer(
    label: str,
    data: bytes,
    file_name: str,
    mime: str,
    key: str,
    *,
    rows: int | None = None,
    columns: Sequence[str] = (),
) -> None:
    """The download button of a file this module built (briefing/ or data.export wrote it);
    taking it enters one entry in the audit trail (:func:`povmap.views.ui.audit_download`: who,
    the file, its ``rows`` and ``columns`` when it is a table, the view's area and round)."""
    st.download_button(
        label,
        data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=ui.audit_download,
        args=(file_name, rows, tuple(columns)),
    )


def _prepared(key: str, digest: str) -> bool:
    return st.session_state.get(_PREPARED, {}).get(key) == digest


def _prepare_button(label: str, key: str, digest: str) -> bool:
    """True once the user pressed the button for this state (kept for the session)."""
    if _prepared(key, digest):
        return True
    if st.button(label, key=f"{key}-prepare"):
        st.session_state.setdefault(_PREPARED, {})[key] = digest
        return True
    return False


def _safely(lang: str, build: Callable[[], object]) -> object | None:
    """``build()``, or None with a message in the page's language (never a traceback)."""
    try:
        with st.spinner(t("brief_building", lang)):
            return build()
    except FontError as exc:
        st.warning(t("brief_failed", lang, reason=md_escape(str(exc))))
    except AccessDenied as exc:
        st.warning(md_escape(exc.render(lang)))
    except Exception:  # a failed export must not take the page down
        LOG.exception("briefing export failed")
        st.warning(t("brief_failed", lang, reason=t("brief_failed_unknown", lang)))
    return None


def export_buttons(
    states: Sequence[State], lang: str, key: str, *, title: str | None = None
) -> None:
    """Prepare-and-download buttons for the briefing files of ``states``: a PowerPoint deck
    (native, editable charts; one slide per map, chart and table of each view), an A4 PDF
    briefing (a title page and one section per view), the maps as PNG at projector size
    (1920×1080) and at print size (A4 at 300 dpi), and every chart as PNG.

    ``states``: view states as URL query dicts (:func:`page_state` for the current view; a
    storyline's saved views as they were saved), each with its ``page``, read by
    :func:`povmap.briefs.read_state`; views of pages without a briefing are left out, and the
    panel says how many. ``lang``: the language of the buttons and of the files
    (a state's own ``lang`` is overridden, so a storyline comes out in one language). ``key``: a
    prefix unique on the page for the widgets' keys. ``title``: the PDF's title (default: the
    app's "Poverty briefing").

    Nothing is built until a prepare button is pressed; the files are then cached per state,
    language and data version, so the page's later reruns stay cheap.
    """
    kept = [{**dict(s), "lang": lang} for s in states if briefs.briefable(s)]
    if len(kept) < len(states):
        st.caption(
            t(
                "brief_skipped",
                lang,
                n=len(states) - len(kept),
                pages=", ".join(t(f"page_{p}", lang) for p in briefs.PAGES),
            )
        )
    if not kept:
        return
    states = kept
    cache_key = _key(states)
    digest = _digest(cache_key)
    view = ui.current_view()
    access = signin_view.access()
    title = title or t("brief_document_title", lang)
    cols = st.columns(len(FORMATS))
    for col, (fmt, word) in zip(cols, FORMATS.items(), strict=True):
        what = t(word, lang)
        with col:
            if not _prepare_button(t("brief_prepare", lang, what=what), f"{key}-{fmt}", digest):
                continue
            built = _safely(
                lang,
                lambda fmt=fmt: _files(
                    cache_key, fmt, title, view.rule_name, view.k, dt.date.today(), access
                ),
            )
            if built is None:
                continue
            shown, files = built
            st.caption(t("brief_prepared_for", lang, view=md_escape(shown)))
            if not files:
                st.caption(
                    t("brief_no_map" if fmt.startswith("png_p") else "brief_no_charts", lang)
                )
            for i, (name, data, mime) in enumerate(files):
                label = t("brief_download", lang, what=what)
                if fmt == "png_charts" or len(files) > 1:
                    label = t("brief_download", lang, what=f"{what} {i + 1}")
                _offer(label, data, name, mime, f"{key}-{fmt}-{digest}-{i}")


def export_panel(
    page: str, view: ui.View, *, key: str = "brief", extra: Mapping[str, object] | None = None
) -> None:
    """The export panel of the current view of ``page`` (its URL path): the briefing files
    (:func:`export_buttons`) and the view's area table in every format (:func:`area_downloads`),
    in a collapsed expander so the page pays nothing until it is opened and a button pressed."""
    lang = view.lang
    state = page_state(page, view, extra)
    with st.expander(t("brief_panel", lang), icon=":material/download:"):
        st.caption(t("brief_panel_help", lang))
        export_buttons([state], lang, key)
        area_downloads(state, view, key=f"{key}-table")


# --- the researcher's downloads --------------------------------------------------------------------


@ui.cached(edits=("referrals", "targets"), max_entries=16)
def _table_files(
    key: tuple, rule_name: str, k: float, day: dt.date, access: Access
) -> list[tuple[str, str, bytes, str]] | None:
    """(label key, file name, bytes, media type) of the view's area table as CSV, Excel with
    its metadata sheet, GeoJSON, GeoPackage and GeoParquet, as ``access`` may see it; None when
    the view has none."""
    state = dict(key[0])
    lang = briefs.read_state(state).lang
    con = ui.cursor()
    ctx = briefs.context(con, ui.boundary_layer, access)
    table = briefs.area_table_of(con, state, ctx=ctx)
    if table is None:
        return None
    view = briefs.with_round(briefs.read_state(state), ctx)
    meta = downloads.metadata_frame(
        table.frame,
        table.meta,
        vintage=briefs.vintage_text(con, view.round_be, lang),
        source=briefs.source_text(ctx, lang),
        suppression=table.suppression,
        boundaries=boundary_attribution(lang),
        exported=day,
        lang=lang,
    )
    geo = downloads.geo_table(table.frame, table.areas, table.meta)
    name = table.name
    return [
        ("download_csv", f"{name}.csv", export.csv_bytes(table.frame, table.meta), CSV_TYPE),
        (
            "brief_xlsx",
            f"{name}.xlsx",
            downloads.xlsx_with_metadata(table.frame, table.meta, meta),
            downloads.XLSX_TYPE,
        ),
        *(
            (f"brief_{fmt}", f"{name}{suffix}", downloads.geo_download(geo, fmt), mime)
            for fmt, (suffix, mime) in downloads.GEO_FORMATS.items()
        ),
    ]


def area_downloads(state: State, view: ui.View, *, key: str) -> None:
    """The view's area table (:func:`povmap.briefs.area_table_of`) as CSV, Excel (with a
    metadata sheet: round, rule and k, definitions, vintage, synthetic flag, suppression),
    GeoJSON, GeoPackage and GeoParquet (codes, names, values and boundaries), prepared on
    request."""
    lang = view.lang
    st.markdown(f"**{t('brief_tables', lang)}**")
    st.caption(t("brief_tables_help", lang))
    cache_key = _key([state])
    digest = _digest(cache_key)
    if not _prepare_button(t("brief_prepare_tables", lang), key, digest):
        return
    access = signin_view.access()
    files = _safely(
        lang, lambda: _table_files(cache_key, view.rule_name, view.k, dt.date.today(), access)
    )
    if files is None:
        return
    if not files:
        st.caption(t("brief_no_table", lang))
        return
    cols = st.columns(len(files))
    for col, (word, name, data, mime) in zip(cols, files, strict=True):
        with col:
            _offer(t(word, lang), data, name, mime, f"{key}-{word}-{digest}")


def household_downloads(view: ui.View, *, key: str = "hh-dl") -> None:
    """The area's household records (one district or smaller, the sidebar's round) as CSV and
    Parquet with a data dictionary: every column but the secret ones
    (:func:`povmap.briefs.household_rows`, the one household-level download). Read when the
    user presses prepare and offered once (household rows are never cached), with what the
    signed-in user's role may receive (the door decides), each download entered in the audit
    trail; shown only where household records may be shown (POVMAP_SHOW_HOUSEHOLDS)."""
    from povmap import settings

    lang = view.lang
    if not settings.get("POVMAP_SHOW_HOUSEHOLDS"):
        return
    with st.expander(t("brief_households", lang), icon=":material/table_view:"):
        if view.area is None or not briefs.household_area(view.area):
            st.caption(t("brief_households_area", lang))
            return
        st.caption(
            t(
                "brief_households_help",
                lang,
                area=md_escape(view.area_name()),
                round=view.round_be or "–",
            )
        )
        if not st.button(t("brief_prepare_households", lang), key=f"{key}-prepare"):
            return
        read = _safely(lang, lambda: _household_files(view))
        if not read:
            return
        files, rows, columns = read
        cols = st.columns(len(files))
        for col, (word, name, data, mime) in zip(cols, files, strict=True):
            with col:
                table = word != "brief_dictionary"  # the dictionary lists columns, no household
                _offer(
                    t(word, lang),
                    data,
                    name,
                    mime,
                    f"{key}-{word}",
                    rows=rows if table else None,
                    columns=columns if table else (),
                )


def _household_files(
    view: ui.View,
) -> tuple[list[tuple[str, str, bytes, str]], int, tuple[str, ...]]:
    """The files of the area's household records, read for the signed-in user (the door
    leaves out what the role may not receive), with their rows and columns (for the audit
    entry each download leaves)."""
    frame = briefs.household_rows(
        ui.cursor(), view.area, view.round_be, access=signin_view.access()
    )
    meta = export.ExportMeta(synthetic=ui.synthetic())
    dictionary = downloads.data_dictionary(frame.columns)
    name = f"households-{view.area}-{view.round_be}"
    files = [
        ("brief_households_csv", f"{name}.csv", export.csv_bytes(frame, meta), CSV_TYPE),
        (
            "brief_households_parquet",
            f"{name}.parquet",
            downloads.parquet_bytes(frame, meta),
            PARQUET_TYPE,
        ),
        (
            "brief_dictionary",
            f"{name}-dictionary.csv",
            export.csv_bytes(dictionary),
            CSV_TYPE,
        ),
    ]
    return files, len(frame), tuple(str(c) for c in frame.columns)


# --- Plotly's toolbar ------------------------------------------------------------------------------


#: Plotly's own texts the app gives in Thai (povmap/i18n/chrome.py: Plotly's English, word for
#: word, and the Thai for it).
PLOTLY_TEXTS: tuple[str, ...] = tuple(k for k in CHROME_LABELS if k.startswith("chrome_plotly_"))


def plotly_locale(lang: str) -> dict:
    """Plotly's locale for ``lang`` as chart config (``locale`` and its ``locales`` entry with
    the ``dictionary`` of its toolbar's and notices' texts): nothing for English, Plotly's own.

    >>> plotly_locale("th")["locales"]["th"]["dictionary"]["Download plot as a PNG"]
    'ดาวน์โหลดกราฟเป็นรูปภาพ'
    >>> plotly_locale("en")
    {}
    """
    if lang == "en":
        return {}
    dictionary = {t(key, "en"): t(key, lang) for key in PLOTLY_TEXTS}
    return {"locale": lang, "locales": {lang: {"dictionary": dictionary}}}


def chart_config(name: str, lang: str | None = None) -> dict:
    """A Plotly chart's config: the toolbar (on hover) with one button that saves the chart as
    a PNG named ``name`` at twice the screen's resolution, drawn by the browser (no server, no
    network), its title and notices in the page's language (``lang``, default the current
    view's: :func:`plotly_locale`)."""
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
        **plotly_locale(lang or ui.current_view().lang),
    }
