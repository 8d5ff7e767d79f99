"""Views of the Innovation page's livable-city section: an area indicator as a choropleth and a
ranked table with source and vintage, and the upload that imports an indicator file (the
column preview, a form for what the file leaves out, then ``data.sites.import_indicators``,
the command line's code path).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from analysis.sites import by_rank
from data import sites
from data.importer import ImportFailed
from geo import site_layers
from geo.codes import LEVELS, ancestor, level_of, parent_code
from geo.maps import format_number
from povmap import settings, uploads, vendor
from povmap.i18n import t
from povmap.views import data_view, ui
from povmap.views.chrome import md_escape
from povmap.views.sites_view import area_names, is_missing, names, show_map, sync_param
from povmap.views.tables import show_table
from query import sites_read


@ui.cached(edits=(), max_entries=4)
def indicator_definitions() -> pd.DataFrame:
    """The stored livable-city indicators with their levels and years."""
    return sites_read.indicator_definitions(ui.cursor())


@ui.cached(edits=(), max_entries=32)
def indicator_values(indicator: str, level: str, scope: str | None) -> pd.DataFrame:
    """The latest value of ``indicator`` per area of ``level`` inside ``scope``, ranked."""
    return sites_read.indicator_values(ui.cursor(), indicator, level=level, area=scope)


def indicator_level(area: str | None, levels: Iterable[str]) -> tuple[str, str | None]:
    """(level, scope) to map an area indicator for the view's area: the level below the area when
    the indicator has values there, else the area's own level among its siblings.

    >>> indicator_level("46", ["province", "district"])
    ('district', '46')
    >>> indicator_level("4601", ["province", "district"])
    ('district', '46')
    >>> indicator_level(None, ["district"])
    ('district', None)
    """
    have = [lv for lv in ("province", "district", "subdistrict") if lv in set(levels)]
    if not have:
        return "province", None
    if not area:
        return have[0], None
    own = level_of(area)
    for level in (ui.level_below(area), own, *reversed(have)):
        if level in have:
            if LEVELS.index(level) > LEVELS.index(own):
                return level, area  # the areas inside the view's area
            return level, parent_code(ancestor(area, level))  # the area among its siblings
    return have[0], None  # pragma: no cover


def city_section(view: ui.View) -> None:
    """A livable-city indicator as a choropleth and a table with source and vintage."""
    lang = view.lang
    defs = indicator_definitions()
    if defs.empty:
        st.info(t("sites_city_none", lang))
        indicator_import_section(view, expanded=True)
        return
    options = list(defs["indicator"])
    if "city_ind" not in st.session_state:
        wanted = st.query_params.get("indicator")
        st.session_state["city_ind"] = wanted if wanted in options else options[0]
    labels = dict(zip(defs["indicator"], names(defs, lang), strict=True))
    indicator = st.selectbox(
        t("sites_city_indicator", lang),
        options,
        format_func=labels.get,
        key="city_ind",
        on_change=sync_param("indicator", "city_ind"),
    )
    d = defs.set_index("indicator").loc[indicator]
    level, scope = indicator_level(view.area, list(d["levels"]))
    values = indicator_values(indicator, level, scope)
    if values.empty:
        st.info(t("sites_city_none_here", lang, level=t(f"level_{level}", lang)))
        return
    unit = d["unit_en"] if lang == "en" and not is_missing(d["unit_en"]) else d["unit"]
    unit = "" if is_missing(unit) else str(unit)
    title = f"{labels[indicator]} ({unit})" if unit else labels[indicator]
    direction = None if is_missing(d["higher_is_better"]) else bool(d["higher_is_better"])
    better = "sites_city_higher_better" if direction is not False else "sites_city_lower_better"
    st.caption(
        t(
            "sites_city_caption",
            lang,
            indicator=md_escape(title),
            level=t(f"level_{level}", lang),
            direction=t(better, lang),
        )
    )
    layer = ui.boundary_layer(level)
    if scope:
        layer = layer[layer["code"].str.startswith(scope)]
    m = site_layers.indicator_map(
        layer,
        values.set_index("area_code")["value"],
        title=title,
        higher_is_better=direction is not False,
        level_label=t(f"level_{level}", lang),
        lang=lang,
        no_data_label=t("no_data_label", lang),
        tiles=settings.get("POVMAP_TILES"),
        assets=vendor.ASSETS,
    )
    show_map(m, key=f"city-{indicator}-{level}-{scope}-{lang}", height=520)
    values = by_rank(values)
    table = pd.DataFrame(
        {
            t("sites_city_rank", lang): values["rank"].to_numpy(),
            t("sites_area", lang): area_names(values["area_code"], lang).to_numpy(),
            f"{t('sites_city_value', lang)}{f' ({unit})' if unit else ''}": values[
                "value"
            ].to_numpy(),
            t("sites_city_year", lang): values["period_be"].to_numpy(),
            t("sites_source", lang): values["source"].to_numpy(),
            t("sites_link", lang): values["source_url"].to_numpy(),
        },
        index=pd.Index(values["area_code"].to_numpy(), name="area_code"),
    )
    show_table(
        table,
        lang,
        width="stretch",
        height=360,
        column_config={t("sites_link", lang): st.column_config.LinkColumn()},
    )
    if direction is None:
        st.caption(t("sites_city_direction_unknown", lang))
    else:
        st.caption(
            t(
                "sites_city_rank_note",
                lang,
                direction=t("city_imp_higher" if direction else "city_imp_lower", lang),
            )
        )
    ui.csv_download(table, f"livable-{indicator}", lang, "dl-city")
    indicator_import_section(view)


# --- area-indicator import (the preview and form of povmap import indicators) ----------------------


def _indicator_preview(upload, value_column: str | None) -> sites.IndicatorFile | ImportFailed:
    """The upload read and its headers mapped, kept in the session for this file and value
    column (the file is on disk only while it is read: ``povmap.uploads``)."""
    key = (data_view.upload_key(upload), value_column)
    kept = st.session_state.get("city_preview")
    if kept is None or kept[0] != key:
        try:
            with uploads.on_disk(upload) as (path,):
                result = sites.read_indicator_file(path, value_column=value_column)
        except ImportFailed as exc:
            result = exc
        kept = st.session_state["city_preview"] = (key, result)
    return kept[1]


def _field_label(name: str, lang: str) -> str:
    field = next((f for f in sites.INDICATOR_FIELDS if f.name == name), None)
    if field is None:
        return name
    return field.label_en if lang == "en" else field.label_th


def _show_indicator_preview(file: sites.IndicatorFile, lang: str) -> None:
    """How the headers were read, what was left out, the first rows."""
    st.caption(
        t(
            "city_imp_read",
            lang,
            file=md_escape(file.file_name),
            rows=format_number(len(file.frame)),
            line=file.header_line,
        )
    )
    shown = [(h, c) for c, h in file.headers.items()]
    show_table(
        pd.DataFrame(
            {
                t("data_col_header", lang): [h for h, _ in shown],
                t("data_col_canonical", lang): [c for _, c in shown],
                t("data_col_label", lang): [_field_label(c, lang) for _, c in shown],
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )
    for what, how in file.columns.derived:
        note = f"{what} ← {how}"
        st.caption(t("data_derived", lang, what=md_escape(note)))
    if file.columns.unknown:
        columns = ", ".join(md_escape(c) for c in file.columns.unknown)
        st.warning(t("data_unknown_columns", lang, columns=columns), icon="⚠️")
    sample = file.frame.head(5).copy()
    sample.insert(0, t("data_col_line", lang), list(file.lines[: len(sample)]))
    sample.columns = [sample.columns[0], *(_field_label(c, lang) for c in sample.columns[1:])]
    show_table(sample, lang, hide_index=True, width="stretch")


def _meta_form(file: sites.IndicatorFile, lang: str, n: int) -> sites.IndicatorMeta | None:
    """Ask for what the file leaves out (prefilled from its headers); the metadata on submit."""
    hint = sites.effective_meta(file, None)
    needs = set(file.needs)
    values: dict[str, object] = {}
    with st.form(f"city_meta{n}"):
        st.markdown(f"**{t('city_imp_meta', lang)}**")
        left, right = st.columns(2)
        boxes = {
            "name_th": left,
            "name_en": right,
            "indicator": left,
            "period": right,
            "unit": left,
            "unit_en": right,
            "source": left,
            "source_url": right,
        }
        for name, box in boxes.items():
            if name not in needs:
                continue
            label = _field_label(sites.META_COLUMNS[name], lang)
            required = name in sites.META_REQUIRED
            values[name] = box.text_input(
                label + (" *" if required else ""),
                value=str(getattr(hint, name) or ""),
                key=f"city_meta_{name}{n}",
            ).strip()
        if "higher_is_better" in needs:
            values["higher_is_better"] = st.radio(
                t("city_imp_direction", lang) + " *",
                [True, False],
                index=None,
                format_func=lambda v: t("city_imp_higher" if v else "city_imp_lower", lang),
                horizontal=True,
                key=f"city_meta_direction{n}",
            )
        submitted = st.form_submit_button(t("city_imp_go", lang), type="primary")
    if not submitted:
        return None
    missing = [
        name
        for name in (*sites.META_REQUIRED, "higher_is_better")
        if name in needs
        and values.get(name) in (None, "")
        and not (name == "indicator" and (values.get("name_en") or values.get("name_th")))
    ]
    if missing:
        names = ", ".join(
            t("city_imp_direction", lang)
            if n == "higher_is_better"
            else _field_label(sites.META_COLUMNS[n], lang)
            for n in missing
        )
        st.error(t("city_imp_need", lang, fields=names))
        return None
    return sites.IndicatorMeta(**{k: (v if v != "" else None) for k, v in values.items()})


def indicator_import_section(view: ui.View, *, expanded: bool = False) -> None:
    """Upload an area-indicator file: the column preview, a form for what it leaves out, then
    the import (``data.sites.import_indicators``, the command line's code path)."""
    lang = view.lang
    with st.expander(t("city_imp_title", lang), expanded=expanded):
        st.caption(t("city_imp_hint", lang))
        n = st.session_state.setdefault("city_uploads", 0)  # a new key empties the uploader
        upload = st.file_uploader(
            t("city_imp_file", lang), type=data_view.UPLOAD_TYPES, key=f"city_file{n}"
        )
        if upload is None:
            if done := st.session_state.get("city_done"):
                st.success(done)
            return
        value_column = st.session_state.get(f"city_value_col{n}") or None
        file = _indicator_preview(upload, value_column)
        if isinstance(file, ImportFailed):
            st.error(t("city_imp_failed", lang, n=len(file.problems)))
            st.code(
                data_view.failure_text(str(file), lang, file.problems),
                language=None,
                wrap_lines=True,
            )
            return
        _show_indicator_preview(file, lang)
        if not file.has_area:
            st.error(t("city_imp_no_area", lang))
            return
        choices = [c for c in [file.headers.get("value"), *file.numbers] if c]
        if "value" not in file.frame.columns or file.numbers:
            if "value" not in file.frame.columns:
                st.warning(t("city_imp_no_value", lang))
            st.selectbox(
                t("city_imp_value_col", lang),
                ["", *choices] if "value" not in file.frame.columns else choices,
                format_func=lambda c: c or "—",
                key=f"city_value_col{n}",
            )
        if "value" not in file.frame.columns:
            return
        meta = _meta_form(file, lang, n)
        if meta is None:
            return
        try:
            with uploads.on_disk(upload) as (path,):
                result = sites.import_indicators(
                    ui.cursor(),
                    path,
                    report_dir=settings.var_dir() / "reports",
                    meta=meta,
                    value_column=value_column,
                )
        except ImportFailed as exc:
            st.error(t("city_imp_failed", lang, n=len(exc.problems)))
            shown = list(exc.problems[: data_view.SHOWN_PROBLEMS])
            show_table(
                data_view.problems_frame(shown, lang), lang, hide_index=True, width="stretch"
            )
            return
        c = result.counts
        st.session_state["city_done"] = t(
            "city_imp_done",
            lang,
            file=md_escape(upload.name),
            n=format_number(result.rows),
            new=format_number(c.new),
            replaced=format_number(c.replaced),
            unchanged=format_number(c.unchanged),
        )
        st.session_state["city_uploads"] = n + 1
        st.session_state.pop("city_preview", None)
        st.rerun()
