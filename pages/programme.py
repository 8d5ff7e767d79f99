"""Programme progress against targets (central or area) per province, or per district inside one:
big numbers and status colours for a committee slide; targets editable and importable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data import targets as tg
from geo.codes import ancestor, level_of
from geo.maps import format_percent
from povmap.i18n import t
from povmap.views import action_view as av
from povmap.views import briefing_view as bv
from povmap.views import measure_view as mv
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table

view: ui.View = ui.current_view()
lang = view.lang
i = av.lang_index(lang)
by = av.recorder(lang)

st.title(t("action_programme_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

wanted = st.query_params.get("scope", "central")
scope = st.radio(
    t("action_scope", lang),
    list(tg.SCOPES),
    index=list(tg.SCOPES).index(wanted) if wanted in tg.SCOPES else 0,
    format_func=lambda s: tg.SCOPES[s][i],
    horizontal=True,
    key="programme_scope",
    help=t("action_scope_help", lang),
)
ui.write_url({"scope": scope})
if not view.area:
    level, within = "province", None
elif level_of(view.area) == "province":
    level, within = "district", view.area
else:
    level, within = "district", ancestor(view.area, "district")
prog = av.progress(scope, level, within, view)
names = ui.areas().set_index("code")[["name_th", "name_en"][i]]

if prog.empty:
    st.info(t("action_no_targets", lang))
else:
    expected = float(prog["expected_share"].iloc[0])
    av.programme_headline(prog, lang)
    first = prog.iloc[0]
    st.caption(
        t(
            "action_progress_caption",
            lang,
            baseline=int(first["baseline_round"]),
            latest=int(first["latest_round"]),
            target=int(first["target_round"]),
            expected=format_percent(expected, 0, fraction=True),
        )
    )
    rounds = sorted({int(first["baseline_round"]), int(first["latest_round"])})
    st.caption(mv.rounds_line(level, rounds, within, lang, view.area_name()))
    lift_tab, close_tab = st.tabs(
        [t("action_households_lifted", lang), t("action_referrals_closed", lang)]
    )
    with lift_tab:
        st.plotly_chart(
            av.progress_chart(prog, "lift", names, lang, expected),
            width="stretch",
            config=bv.chart_config("households-lifted"),
        )
    with close_tab:
        st.plotly_chart(
            av.progress_chart(prog, "close", names, lang, expected),
            width="stretch",
            config=bv.chart_config("referrals-closed"),
        )
    table = pd.DataFrame(
        {
            t("area", lang): prog["area_code"].map(names),
            t("action_households_to_lift", lang): prog["households_to_lift"],
            t("action_households_lifted", lang): prog["lifted"],
            t("action_progress", lang): (prog["lift_progress"] * 100).round(1),
            t("action_status", lang): [tg.STATUS_LABELS[s][i] for s in prog["lift_status"]],
            t("action_referrals_to_close", lang): prog["referrals_to_close"],
            t("action_referrals_closed", lang): prog["referrals_closed"],
            t("action_close_progress", lang): (prog["close_progress"] * 100).round(1),
            t("action_close_status", lang): [tg.STATUS_LABELS[s][i] for s in prog["close_status"]],
            t("action_baseline_poor", lang): prog["baseline_poor"],
        }
    )
    show_table(
        table,
        lang,
        percent=(t("action_progress", lang), t("action_close_progress", lang)),
        hide_index=True,
        width="stretch",
    )
    ui.csv_download(
        table.set_index(t("area", lang)),
        "programme-progress",
        lang,
        "dl-prog",
        ui.export_meta(view),
    )

bv.export_panel("programme", view, extra={"scope": scope})
with st.expander(t("action_edit_targets", lang)):
    av.targets_editor(view, scope, level, within, by)
with st.expander(t("action_target_history", lang)):
    code = within or ""
    if code:
        show_table(
            av.target_history_table(tg.target_history(ui.cursor(), code), lang),
            lang,
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(t("action_pick_area_for_history", lang))
