"""Cultural spaces: cultural sites, origins of cultural products, markets and tourism routes on the
poverty map, and a filterable list. Which poor areas have culture or a route nearby?

Shareable: the map measure (``metric``), the extra layers (``more=1``) and the list filters
(``kind``, ``category``, ``q``) live in the URL next to the app's lang, round and area.
"""

from __future__ import annotations

import streamlit as st

from analysis.sites import in_categories, search
from data import sites
from povmap.i18n import t
from povmap.views import sites_view as sv
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table

CULTURE = ("cultural_site", "cultural_product", "market", "tourism_route")
EXTRA = ("enterprise", "innovation_community")

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("sites_cult_title", lang) + f" · {md_escape(view.area_name())}")
st.caption(t("sites_cult_caption", lang))
ui.synthetic_banner(lang)
sv.synthetic_note(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()
ui.breadcrumb(view)

q = st.query_params
if "cult_metric" not in st.session_state:
    st.session_state["cult_metric"] = (
        q.get("metric") if q.get("metric") in sv.POVERTY_METRICS else sv.POVERTY_METRICS[0]
    )
    st.session_state["cult_more"] = q.get("more") == "1"
left, right = st.columns([3, 2])
metric = left.selectbox(
    t("map_metric", lang),
    sv.POVERTY_METRICS,
    format_func=lambda k: t(k, lang),
    key="cult_metric",
    on_change=sv.sync_param("metric", "cult_metric"),
)
more = right.toggle(
    t("sites_cult_more_layers", lang),
    key="cult_more",
    on_change=lambda: st.query_params.update(more="1" if st.session_state["cult_more"] else "0"),
)
kinds = [*CULTURE, *(EXTRA if more else ())]
everything = sv.site_table(kinds, view.area)
if everything.empty:
    st.info(t("sites_none", lang))

layer_names = ", ".join(sv.kind_label(k, lang) for k in kinds)
st.caption(
    t(
        "sites_map_caption",
        lang,
        layers=layer_names,
        metric=t(metric, lang),
        level=t(f"level_{view.level_below}", lang),
        round=view.round_be,
    )
)
sv.show_map(sv.site_map(view, kinds, metric), key=f"culture-{view.area}-{metric}-{more}-{lang}")

# --- the list --------------------------------------------------------------------------------------
st.subheader(t("sites_list_title", lang))
if "cult_kinds" not in st.session_state:
    st.session_state["cult_kinds"] = sv.query_list("kind", kinds) or list(CULTURE)
    st.session_state["cult_q"] = q.get("q", "")
c1, c2, c3 = st.columns([2, 2, 2])
chosen = c1.multiselect(
    t("sites_cult_kinds", lang),
    [*CULTURE, *EXTRA],
    format_func=lambda k: sv.kind_label(k, lang),
    key="cult_kinds",
    on_change=sv.sync_param("kind", "cult_kinds"),
    placeholder="—",
)
categories = [(k, c) for k in chosen for c in sites.vocabulary(k)]
if "cult_cats" not in st.session_state:
    st.session_state["cult_cats"] = [
        v for v in q.get_all("category") if v in {f"{k}:{c}" for k, c in categories}
    ]
picked = c2.multiselect(
    t("sites_category", lang),
    [f"{k}:{c}" for k, c in categories],
    format_func=lambda v: sites.term_name(v.split(":")[0], v.split(":")[1], lang),
    key="cult_cats",
    on_change=sv.sync_param("category", "cult_cats"),
    placeholder="—",
)
text = c3.text_input(
    t("sites_search", lang),
    key="cult_q",
    placeholder=t("sites_search_hint", lang),
    on_change=sv.sync_param("q", "cult_q"),
)

rows = sv.with_labels(sv.site_table(chosen, view.area), lang) if chosen else everything.iloc[0:0]
rows = search(in_categories(rows, picked), text, sv.SEARCH_COLUMNS)
st.caption(t("sites_count", lang, n=f"{len(rows):,}"))
if rows.empty:
    st.info(t("sites_no_match", lang))
    st.stop()
shown = rows.assign(updated=rows["updated_on"].map(sv.date_text))[
    [
        "site_id",
        "name",
        "other_name",
        "kind_name",
        "category_name",
        "area_name",
        "place",
        "updated",
        "source",
    ]
].rename(
    columns={
        "name": t("sites_name", lang),
        "other_name": "",
        "kind_name": t("sites_kind", lang),
        "category_name": t("sites_category", lang),
        "area_name": t("sites_area", lang),
        "place": t("sites_place", lang),
        "updated": t("sites_updated", lang),
        "source": t("sites_source", lang),
    }
)
show_table(shown.set_index("site_id"), lang, width="stretch", height=420)
ui.csv_download(
    rows.drop(columns=["other_name"]).set_index("site_id"), "cultural-spaces", lang, "dl-culture"
)
