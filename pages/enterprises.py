"""LEOS: the registry of local enterprises, filterable by product type, value-chain stage and area,
with an enterprise profile and its products (each linking to its digital label).

Shareable: the filters (``ptype``, ``stage``, ``etype``, ``q``) and the open profile
(``enterprise``) live in the URL next to the app's lang, round and area.
"""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analysis import enterprises as leos
from analysis.sites import filter_in, search
from data import sites
from geo.maps import format_number
from povmap.i18n import t
from povmap.views import enterprises_view as ev
from povmap.views import sites_view as sv
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("sites_ent_title", lang) + f" · {md_escape(view.area_name())}")
st.caption(t("sites_ent_caption", lang))
ui.synthetic_banner(lang)
sv.synthetic_note(lang)
ui.breadcrumb(view)

enterprises = sv.with_labels(sv.site_table(["enterprise"], view.area), lang)
products = sv.product_table(view.area)
if enterprises.empty:
    st.info(t("sites_none", lang))
    st.stop()

# --- filters (kept in the URL) -------------------------------------------------------------------
q = st.query_params
filters = (
    ("ent_ptype", "ptype", "product_type", "sites_ent_product_type"),
    ("ent_stage", "stage", "value_chain_stage", "sites_ent_stage"),
    ("ent_etype", "etype", "enterprise", "sites_ent_enterprise_type"),
)
cols = st.columns(4)
chosen = {}
for col, (key, param, vocab, label) in zip(cols, filters, strict=False):
    if key not in st.session_state:
        st.session_state[key] = sv.query_list(param, sites.vocabulary(vocab))
    chosen[vocab] = col.multiselect(
        t(label, lang),
        list(sites.vocabulary(vocab)),
        format_func=lambda c, v=vocab: sites.term_name(v, c, lang),
        key=key,
        on_change=sv.sync_param(param, key),
        placeholder="—",
    )
if "ent_q" not in st.session_state:
    st.session_state["ent_q"] = q.get("q", "")
text = cols[3].text_input(
    t("sites_search", lang), key="ent_q", on_change=sv.sync_param("q", "ent_q")
)
rows = filter_in(
    enterprises,
    {
        "product_type": chosen["product_type"],
        "value_chain_stage": chosen["value_chain_stage"],
        "category": chosen["enterprise"],
    },
)
rows = search(rows, text, sv.SEARCH_COLUMNS)
their_products = leos.products_of(products, rows["site_id"])

k = st.columns(4)
k[0].metric(t("sites_ent_count", lang), format_number(len(rows)))
k[1].metric(t("sites_ent_products", lang), format_number(len(their_products)))
k[2].metric(t("sites_ent_members", lang), format_number(leos.total_members(rows)))
certified = leos.certified_share(their_products)
k[3].metric(
    t("sites_ent_certified", lang), sv.share(certified), help=t("sites_ent_certified_help", lang)
)
if rows.empty:
    st.info(t("sites_no_match", lang))
    st.stop()

left, right = st.columns([3, 2])
with left:
    table = rows.assign(
        product_type_name=[sites.term_name("product_type", c, lang) for c in rows["product_type"]],
        stage_name=[
            sites.term_name("value_chain_stage", c, lang) for c in rows["value_chain_stage"]
        ],
        n_products=leos.products_per_enterprise(rows, products),
    )
    shown = table.set_index("site_id")[
        [
            "name",
            "category_name",
            "product_type_name",
            "stage_name",
            "area_name",
            "members",
            "n_products",
        ]
    ]
    shown.columns = [
        t("sites_name", lang),
        t("sites_ent_enterprise_type", lang),
        t("sites_ent_product_type", lang),
        t("sites_ent_stage", lang),
        t("sites_area", lang),
        t("sites_members", lang),
        t("sites_ent_products", lang),
    ]
    show_table(shown, lang, width="stretch", height=380)
    ui.csv_download(table.set_index("site_id"), "enterprises", lang, "dl-enterprises")
with right:
    st.markdown(f"**{t('sites_ent_chain_title', lang)}**")
    chart = leos.chain_counts(table, "stage_name", "product_type_name")
    order = [
        sites.term_name("value_chain_stage", c, lang) for c in sites.vocabulary("value_chain_stage")
    ]
    fig = px.bar(
        chart,
        x="size",
        y="stage_name",
        color="product_type_name",
        orientation="h",
        category_orders={"stage_name": order},
        labels={"size": "", "stage_name": "", "product_type_name": ""},
    )
    fig.update_layout(
        height=380,
        margin=dict(l=0, r=0, t=10, b=0),
        font_family="Sarabun, Loma, sans-serif",
        legend=dict(orientation="h", y=-0.12, yanchor="top"),
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})

# --- one enterprise's profile -----------------------------------------------------------------------
st.subheader(t("sites_ent_profile", lang))
options = list(rows["site_id"])
wanted = q.get("enterprise")
if st.session_state.get("ent_pick") not in options:
    st.session_state["ent_pick"] = wanted if wanted in options else options[0]
labels = dict(zip(rows["site_id"], rows["name"] + " (" + rows["site_id"] + ")", strict=True))
pick = st.selectbox(
    t("sites_ent_pick", lang),
    options,
    format_func=labels.get,
    key="ent_pick",
    on_change=sv.sync_param("enterprise", "ent_pick"),
)
ev.enterprise_profile(view, rows.set_index("site_id").loc[pick], products)
