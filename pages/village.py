"""Village profile (``?village=<8-digit code>``): the village's households' poverty, capitals,
causes and referrals, the places and enterprises near it, and the technologies it uses.

Its numbers are ``povmap stats --level village --area <code>``'s numbers (same query).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.suppression import below_min_cell
from geo.codes import ancestor, level_or_none
from geo.maps import format_number, format_percent
from povmap import settings
from povmap.i18n import t
from povmap.views import innovation_view, list_view, ui, village_view
from povmap.views import sites_view as sv
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query.access import AccessDenied

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("page_village", lang))
ui.synthetic_banner(lang)
sv.synthetic_note(lang)

# --- which village (kept in the URL) -----------------------------------------------------------------
options = village_view.village_options(view.area, view.round_be, view.rule_name, view.k)
wanted = st.query_params.get("village", "")
labels = {"": "—"} | {
    r.village_code: f"{r.name_en if lang == 'en' else r.name_th} · {r.village_code} "
    f"({format_number(r.poor_households)} {t('poor_households', lang)})"
    for r in options.itertuples()
}
known = village_view.village(wanted) if wanted and wanted not in labels else None
if known:
    labels[wanted] = f"{known['name_en' if lang == 'en' else 'name_th']} · {wanted}"
# a new ?village= (a link from another page) wins over the last pick
if st.session_state.get("vil_wanted") != wanted or st.session_state.get("vil_pick") not in labels:
    st.session_state["vil_wanted"] = wanted
    st.session_state["vil_pick"] = wanted if wanted in labels else ""
left, right = st.columns([3, 1])
left.selectbox(
    t("sites_vil_pick", lang),
    list(labels),
    format_func=labels.get,
    key="vil_pick",
    on_change=sv.sync_param("village", "vil_pick"),
)
typed = right.text_input(t("sites_vil_code", lang), max_chars=8, key="vil_typed").strip()
code = typed or st.session_state["vil_pick"] or wanted
if not code:
    st.caption(t("sites_vil_hint", lang))
    # nothing picked yet: the area's villages, most poor households first; a click opens one
    picked = list_view.village_list(view)
    if picked:
        ui.write_url({"village": picked})
        st.rerun()
    st.stop()
row = village_view.village(code) if level_or_none(code) == "village" else None
if row is None:
    st.warning(t("sites_vil_not_found", lang, code=md_escape(code)))
    st.stop()
ui.write_url({"village": code})
name = row["name_en"] if lang == "en" else row["name_th"]
st.subheader(t("sites_vil_title", lang, name=md_escape(name), no=int(row["village_no"])))
place = sv.area_names(pd.Series([ancestor(code, "subdistrict")]), lang).iloc[0]
st.caption(f"{md_escape(place)} · {code}")

# --- the numbers (= povmap stats --level village) ----------------------------------------------------
stats = village_view.village_numbers(code, view.round_be, view.rule_name, view.k)
s = stats.iloc[0] if len(stats) else None
values = (
    [
        format_number(s.households),
        format_number(s.people),
        format_number(s.poor_households),
        format_number(s.poor_people),
        format_percent(s.headcount_ratio * 100, 1),
        f"{s.M0:.3f}" if pd.notna(s.M0) else "–",
    ]
    if s is not None
    else ["0", "0", "0", "0", "–", "–"]
)
keys = ("surveyed_households", "members", "poor_households", "poor_people", "headcount_ratio")
for col, label, value in zip(
    st.columns(6), [*(t(k, lang) for k in keys), "M0"], values, strict=True
):
    col.metric(label, value)
rule = t("rule_af", lang, k=view.k) if view.rule_name == "af" else t("rule_tpmap", lang)
st.caption(t("sites_vil_stats_note", lang, code=code, round=view.round_be) + " · " + rule)
min_cell = settings.get("POVMAP_MIN_CELL")
hidden = village_view.numbers_hidden(stats)  # suppressed for the signed-in user's role
if s is None:
    st.info(t("sites_vil_no_households", lang))
elif hidden:
    st.info(t("scope.suppressed", lang, n=min_cell))
elif not settings.get("POVMAP_SHOW_HOUSEHOLDS") and below_min_cell(s.households, min_cell):
    st.info(t("sites_vil_suppressed", lang, n=min_cell))
else:
    village_view.village_poverty_section(view, code)

# --- referrals (when the referral system is set up; for those who work on them there) --------------
if village_view.sees_referrals(code):
    st.markdown(f"#### {t('sites_vil_referrals', lang)}")
    try:
        referrals = village_view.village_referrals(code, lang)
    except AccessDenied as err:
        st.caption(md_escape(err.render(lang)))
    else:
        if referrals is None:
            st.caption(t("sites_vil_referrals_unavailable", lang))
        elif referrals.empty:
            st.caption(t("sites_vil_referrals_none", lang))
        else:
            status = {
                "status": t("sites_vil_referral_status", lang),
                "referrals": t("sites_vil_referrals", lang),
            }
            show_table(referrals.rename(columns=status), lang, hide_index=True)

# --- places near the village, technologies it uses ----------------------------------------------------
km = float(sv.setting("POVMAP_NEARBY_KM"))
st.markdown(f"#### {t('sites_vil_nearby', lang, km=format_number(km))}")
if pd.notna(row["lat"]):
    point = (float(row["lat"]), float(row["lon"]))
    near = village_view.nearby_sites(*point, km, lang)
    left, right = st.columns([3, 2])
    if near.empty:
        left.caption(t("sites_vil_nearby_none", lang, km=format_number(km)))
    else:
        shown = near.assign(km=near["distance_km"].round(1))
        shown = shown[["name", "km", "kind_name", "category_name", "place"]]
        heads = ("sites_name", "sites_distance_km", "sites_kind", "sites_category", "sites_place")
        shown.columns = [t(k, lang) for k in heads]
        show_table(
            shown,
            lang,
            target=left,
            decimals={t("sites_distance_km", lang): 1},
            hide_index=True,
            width="stretch",
        )
    with right:
        sv.show_map(
            village_view.village_map(point, near, lang, ancestor(code, "subdistrict")),
            key=f"village-{code}-{lang}",
            height=380,
        )

st.markdown(f"#### {t('sites_vil_adopted', lang)}")
adopted = village_view.adoptions(code)
if adopted.empty:
    st.caption(t("sites_vil_adopted_none", lang))
else:
    show_table(village_view.adopted_table(adopted, lang), lang, hide_index=True, width="stretch")

if s is not None and not hidden and s.poor_households and settings.get("POVMAP_SHOW_HOUSEHOLDS"):
    library = innovation_view.technology_table(lang)
    top, ranked = innovation_view.matches(view, code, library)
    if len(ranked):
        st.markdown(f"#### {t('sites_vil_suggested', lang)}")
        table = innovation_view.ranked_table(ranked.head(5), top, lang)
        show_table(
            table,
            lang,
            decimals={t("sites_inno_score", lang): 2},
            hide_index=True,
            width="stretch",
        )
        st.caption(t("sites_model_note", lang))
