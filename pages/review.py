"""Review and verify (สอบทาน): flagged households of the selected area, their status and history.

Flags: GPS point outside the declared subdistrict, duplicates, disagreements with the state
welfare registry. A reviewer records verified / disputed with a note; every change is kept.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data import duplicates, verification
from povmap.i18n import t
from povmap.views import data_view, ui
from povmap.views.tables import show_table

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("review_title", lang) + f" · {view.area_name()}")
ui.synthetic_banner(lang)
if not ui.rounds() or view.round_be is None:
    st.info(t("no_data", lang))
    st.stop()
st.caption(t("review_caption", lang, area=view.area_name(), round=view.round_be))

con = ui.cursor()
tolerance = data_view.gps_tolerance()
queue = verification.with_status(
    data_view.flagged(view.round_be, view.area, tolerance), con, round_be=view.round_be
)
counts = verification.status_counts(con, round_be=view.round_be, area=view.area)
has = queue["reasons"].map(set)
cols = st.columns(6)
cols[0].metric(t("review_flagged", lang), f"{len(queue):,}")
cols[1].metric(
    t("review_flag_gps_outside", lang), f"{has.map(lambda r: 'gps_outside' in r).sum():,}"
)
cols[2].metric(
    t("review_tab_duplicates", lang),
    f"{has.map(lambda r: bool(r & {'person_in_two_households', 'household_twice'})).sum():,}",
)
cols[3].metric(
    t("review_kpi_registry", lang),
    f"{has.map(lambda r: any(x.startswith('registry') for x in r)).sum():,}",
)
cols[4].metric(t("review_status_verified", lang), f"{counts['verified']:,}")
cols[5].metric(t("review_status_disputed", lang), f"{counts['disputed']:,}")
st.caption(
    t("review_gps_caption", lang, m=tolerance) + " · " + t("review_household_hidden_id", lang)
)

tab_queue, tab_dup, tab_registry, tab_villages = st.tabs(
    [t(f"review_tab_{k}", lang) for k in ("queue", "duplicates", "registry", "villages")]
)

with tab_queue:
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
        format_func=lambda s: data_view.status_text(s, lang),
        placeholder=t("review_all", lang),
        key="review_statuses",
    )
    shown = queue[
        (has.map(lambda r: not kinds or bool(r & set(kinds))))
        & (queue["status"].isin(statuses) if statuses else True)
    ].reset_index(drop=True)
    if shown.empty:
        st.info(t("review_empty", lang))
    else:
        show_table(data_view.queue_table(shown, lang), lang, hide_index=True, width="stretch")
        ui.csv_download(
            data_view.queue_table(shown, lang),
            "review-queue",
            lang,
            "dl-review",
            ui.export_meta(view, rule=None, k=None),
        )
        ids = list(shown["hh_id"])
        wanted = st.query_params.get("hh", "")
        picked = st.selectbox(
            t("review_pick", lang),
            ids,
            index=ids.index(wanted) if wanted in ids else 0,
            key="review_hh",
        )
        st.query_params["hh"] = picked
        row = shown[shown["hh_id"] == picked].iloc[0]
        st.markdown(f"**{data_view.reason_text(row['reasons'], lang)}**")
        form, where = st.columns([3, 2])
        with form:
            data_view.status_form(picked, view.round_be, row["reasons"], lang)
        with where:
            if "gps_outside" in row["reasons"]:
                data_view.gps_map(row, lang)

with tab_dup:
    st.caption(t("review_dup_caption", lang))
    dups = duplicates.duplicates(con, round_be=view.round_be, area=view.area)
    if dups.empty:
        st.info(t("review_empty", lang))
    else:
        villages = data_view.village_names(lang)
        show_table(
            pd.DataFrame(
                {
                    t("review_group", lang): dups["group"],
                    t("review_reason", lang): [t(f"review_flag_{k}", lang) for k in dups["kind"]],
                    t("household", lang): dups["hh_id"],
                    t("village", lang): [
                        f"{villages.get(v, '')} ({v})" for v in dups["village_code"]
                    ],
                    t("review_role", lang): [t(f"review_role_{r}", lang) for r in dups["role"]],
                }
            ),
            lang,
            hide_index=True,
            width="stretch",
        )

with tab_registry:
    data_view.registry_tab(view)

with tab_villages:
    st.caption(t("review_villages_caption", lang, m=tolerance))
    flagged_villages = data_view.village_flags(view.area, tolerance)
    if flagged_villages.empty:
        st.info(t("review_villages_none", lang))
    else:
        show_table(
            pd.DataFrame(
                {
                    t("village", lang): flagged_villages["village_code"],
                    t("village", lang) + " ": flagged_villages[
                        "name_en" if lang == "en" else "name_th"
                    ],
                    t("review_distance", lang): flagged_villages["distance_m"].round(0),
                    t("review_found_in", lang): [
                        data_view.area_name(c, lang) if c else ""
                        for c in flagged_villages["found_code"]
                    ],
                }
            ),
            lang,
            hide_index=True,
            width="stretch",
        )
