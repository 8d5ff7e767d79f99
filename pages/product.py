"""LEOS digital product label: one page per product (``?product=<id>``), with a QR code that
opens this page, downloadable as PNG and SVG, and a layout that prints only the label."""

from __future__ import annotations

import streamlit as st

from analysis import enterprises as leos
from data import sites
from povmap.i18n import t
from povmap.views import enterprises_view as ev
from povmap.views import list_view, ui
from povmap.views import sites_view as sv
from povmap.views.chrome import md_escape

view: ui.View = ui.current_view()
lang = view.lang
st.title(t("page_product", lang))
ui.synthetic_banner(lang)
sv.synthetic_note(lang)

wanted = st.query_params.get("product", "")
products = sv.product_table(view.area)
if products.empty and not wanted:
    st.info(t("sites_none", lang))
    st.stop()


def choose() -> None:
    ui.write_url({"product": st.session_state["prod_pick"]})


options = ["", *products["product_id"]]
labels = {"": "—"} | dict(
    zip(
        products["product_id"],
        sv.names(products, lang)
        + " · "
        + sv.names(products, lang, "enterprise_")
        + " ("
        + products["product_id"]
        + ")",
        strict=True,
    )
)
# a new ?product= (a link, a click in the list below) wins over the last pick
if st.session_state.get("prod_wanted") != wanted or "prod_pick" not in st.session_state:
    st.session_state["prod_wanted"] = wanted
    st.session_state["prod_pick"] = wanted if wanted in labels else ""
st.selectbox(
    t("sites_prod_pick", lang),
    options,
    format_func=lambda v: labels.get(v, v),
    key="prod_pick",
    on_change=choose,
)
if not wanted:
    # nothing picked yet: the area's products; a click opens its label
    picked = list_view.product_list(view)
    if picked:
        ui.write_url({"product": picked})
        st.rerun()
    st.stop()
product = sv.product(wanted)
if product is None:
    st.warning(t("sites_prod_not_found", lang, id=md_escape(wanted)))
    st.stop()

url = sites.label_url(sv.setting("POVMAP_PUBLIC_URL"), product["product_id"], lang)
market_ids = sites.split_tags(product.get("sold_at"))
markets = sv.site_table(["market"], None)
markets = leos.markets_selling(markets, market_ids)
market_names = list(sv.names(markets, lang)) if len(markets) else []
png = sites.qr_png(url)
st.html(
    ev.label_html(
        product,
        lang,
        qr_png_bytes=png,
        url=url,
        markets=market_names,
        synthetic=bool(product.get("synthetic")),
    )
)

st.caption(t("sites_prod_print_hint", lang))
a, b, c = st.columns([1, 1, 2])
with a:
    ui.file_download(
        t("sites_prod_qr_png", lang),
        png,
        file_name=f"qr-{product['product_id']}.png",
        mime="image/png",
        key="qr-png",
    )
with b:
    ui.file_download(
        t("sites_prod_qr_svg", lang),
        sites.qr_svg(url),
        file_name=f"qr-{product['product_id']}.svg",
        mime="image/svg+xml",
        key="qr-svg",
    )
c.text_input(t("sites_prod_url", lang), url, disabled=True, key="prod_url")

others = sv.enterprise_products(product["enterprise_id"])
others = leos.other_products(others, product["product_id"])
if len(others):
    st.markdown(f"**{t('sites_prod_other', lang)}**")
    ev.product_links(others, lang, view.round_be)
