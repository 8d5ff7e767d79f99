"""Views of the LEOS pages (Enterprises, Product): an enterprise's profile, product tables that
link to each product's digital label, and the printable label itself.
"""

from __future__ import annotations

import base64
import html

import pandas as pd
import streamlit as st

from analysis.areas import total
from analysis.enterprises import products_of
from analysis.sites import finest_code
from data import sites
from geo.maps import format_number
from povmap.i18n import t
from povmap.views import signin_view, ui
from povmap.views.chrome import md_escape
from povmap.views.sites_view import (
    area_names,
    baht,
    date_text,
    facts_html,
    is_missing,
    link,
    names,
    other_names,
    tags_text,
)
from povmap.views.tables import show_table
from povmap.views.village_view import nearest_village


def products_with_links(products: pd.DataFrame, lang: str, round_be: int | None) -> pd.DataFrame:
    """A product table for display, with a link column to each product's digital label."""
    return pd.DataFrame(
        {
            t("sites_name", lang): names(products, lang).to_numpy(),
            t("sites_ent_product_type", lang): [
                sites.term_name("product_type", c, lang) for c in products["product_type"]
            ],
            t("sites_prod_price", lang): [
                t("sites_prod_price_value", lang, price=baht(p), unit=u or "")
                if not is_missing(p)
                else "–"
                for p, u in zip(
                    products["price_baht"],
                    products["unit_en" if lang == "en" else "unit_th"],
                    strict=True,
                )
            ],
            t("sites_prod_certifications", lang): [
                tags_text("certification", c, lang) for c in products["certifications"]
            ],
            t("sites_ent_open_label", lang): [
                link("product", lang, round_be, product=pid) for pid in products["product_id"]
            ],
        },
        index=products["product_id"].to_numpy(),
    )


def product_links(frame: pd.DataFrame, lang: str, round_be: int | None) -> None:
    """Products as a table whose last column opens each digital label."""
    show_table(
        products_with_links(frame, lang, round_be),
        lang,
        width="stretch",
        column_config={
            t("sites_ent_open_label", lang): st.column_config.LinkColumn(
                display_text=t("sites_open", lang)
            )
        },
    )


def enterprise_profile(view: ui.View, e: pd.Series, products: pd.DataFrame) -> None:
    """One enterprise (a labelled row of :func:`with_labels`, indexed by site_id): facts, the
    poor households of its subdistrict, and its products with links to their labels."""
    lang = view.lang
    st.markdown(f"### {md_escape(e['name'])}")
    if e["other_name"]:
        st.caption(md_escape(e["other_name"]))
    a, b = st.columns([3, 2])
    description = e.get("description_en" if lang == "en" else "description_th")
    if not is_missing(description):
        a.markdown(md_escape(description))
    where = e["area_name"] + (f" ({t('sites_approximate', lang)})" if e["approximate"] else "")
    a.html(
        facts_html(
            [
                (t("sites_ent_enterprise_type", lang), e["category_name"]),
                (
                    t("sites_ent_product_type", lang),
                    sites.term_name("product_type", e["product_type"], lang),
                ),
                (
                    t("sites_ent_stage", lang),
                    sites.term_name("value_chain_stage", e["value_chain_stage"], lang),
                ),
                (t("sites_members", lang), format_number(e["members"])),
                (t("sites_ent_registration", lang), e["registration_no"]),
                (t("sites_area", lang), where),
                (t("sites_contact", lang), e["contact"]),
                (t("sites_phone", lang), e["phone"]),
                (t("sites_website", lang), e["website"]),
                (t("sites_started", lang), date_text(e["started_on"])),
                (t("sites_updated", lang), date_text(e["updated_on"])),
                (t("sites_source", lang), e["source"]),
            ]
        )
    )
    if not is_missing(e["subdistrict_code"]):
        here = ui.area_stats(
            "subdistrict",
            view.round_be,
            e["subdistrict_code"],
            view.rule_name,
            view.k,
            signin_view.access(),
        )
        hidden = bool(here["suppressed"].any()) if "suppressed" in here else False
        poor = t("suppressed", lang) if hidden else format_number(total(here, "poor_households"))
        b.metric(t("sites_ent_near_poor", lang, round=view.round_be), poor)
        near = e["village_code"]
        if is_missing(near) and not is_missing(e["lat"]):
            near = nearest_village(float(e["lat"]), float(e["lon"]), e["subdistrict_code"])
        if not is_missing(near):
            b.page_link(
                "pages/village.py",
                label=f"{t('page_village', lang)} {md_escape(near)}",
                query_params={"village": near, "lang": lang},
            )
    st.markdown(f"**{t('sites_ent_product_list', lang)}**")
    own = products_of(products, [e.name])
    if own.empty:
        st.caption(t("sites_ent_no_products", lang))
    else:
        product_links(own, lang, view.round_be)


_LABEL_CSS = """
<style>
.povmap-label { max-width: 760px; border: 2px solid #2b2b2b; border-radius: 10px; padding: 18px 22px;
  background: #fff; color: #1f1f1f; font-family: 'Sarabun','Noto Sans Thai','Loma','Garuda',sans-serif;
  position: relative; }
.povmap-label .pl-head { display: flex; gap: 18px; justify-content: space-between; align-items: flex-start; }
.povmap-label .pl-kicker { font-size: 0.8rem; letter-spacing: 0.04em; color: #8a5a00; font-weight: 700; }
.povmap-label h2 { margin: 2px 0 0 0; font-size: 1.7rem; line-height: 1.25; padding: 0; }
.povmap-label .pl-other { color: #555; font-size: 1rem; }
.povmap-label .pl-qr { text-align: center; font-size: 0.75rem; color: #444; flex: 0 0 auto; }
.povmap-label .pl-qr img { width: 150px; height: 150px; image-rendering: pixelated; display: block; }
.povmap-label dl { display: grid; grid-template-columns: max-content 1fr; gap: 5px 16px; margin: 14px 0; }
.povmap-label dt { font-weight: 700; color: #444; }
.povmap-label dd { margin: 0; }
.povmap-label .pl-chip { display: inline-block; border: 1px solid #999; border-radius: 10px;
  padding: 0 8px; margin: 0 4px 3px 0; font-size: 0.85rem; }
.povmap-label .pl-chain { display: grid; grid-template-columns: 1fr auto 1fr auto 1fr; gap: 6px;
  align-items: stretch; margin: 8px 0 12px 0; }
.povmap-label .pl-step { border-radius: 8px; padding: 8px 10px; font-size: 0.88rem; border: 1px solid #ccc; }
.povmap-label .pl-step b { display: block; font-size: 0.8rem; margin-bottom: 2px; }
.povmap-label .pl-arrow { align-self: center; color: #777; font-size: 1.2rem; }
.povmap-label .pl-foot { border-top: 1px solid #ddd; padding-top: 8px; font-size: 0.78rem; color: #555;
  word-break: break-all; }
.povmap-label .pl-stamp { position: absolute; top: 8px; right: 190px; transform: rotate(-6deg);
  border: 2px solid #c0392b; color: #c0392b; font-weight: 700; padding: 1px 8px; border-radius: 4px;
  font-size: 0.8rem; background: rgba(255,255,255,.85); }
@media print {
  body * { visibility: hidden !important; }
  .povmap-label, .povmap-label * { visibility: visible !important; }
  .povmap-label { position: fixed; left: 0; top: 0; width: 180mm; max-width: none; border-width: 1.5px; }
  .povmap-label .pl-step, .povmap-label .pl-stamp { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def label_html(
    product: dict,
    lang: str,
    *,
    qr_png_bytes: bytes,
    url: str,
    markets: list[str],
    synthetic: bool,
) -> str:
    """The printable digital label of one product (every value escaped)."""
    esc = html.escape
    frame = pd.DataFrame([product])
    name = names(frame, lang).iloc[0]
    other = other_names(frame, lang).iloc[0]
    maker = names(frame, lang, "enterprise_").iloc[0]
    where = area_names(finest_code(frame), lang).iloc[0]
    if product.get("approximate"):
        where += f" ({t('sites_approx_short', lang)})"
    unit = product.get("unit_en" if lang == "en" else "unit_th") or ""
    price = (
        t("sites_prod_price_value", lang, price=baht(product["price_baht"]), unit=unit)
        if not is_missing(product.get("price_baht"))
        else ""
    )
    materials = product.get("materials_en" if lang == "en" else "materials_th")
    materials = "" if is_missing(materials) else str(materials)
    source_area = product.get("materials_area_code")
    materials_from = (
        area_names(pd.Series([source_area]), lang).iloc[0] if not is_missing(source_area) else ""
    )
    certs = "".join(
        f'<span class="pl-chip">{esc(sites.term_name("certification", c, lang))}</span>'
        for c in sites.split_tags(product.get("certifications"))
    ) or esc(t("sites_prod_none", lang))
    stage_colour = {c: term.colour for c, term in sites.vocabulary("value_chain_stage").items()}

    def step(stage: str, title: str, body: str) -> str:
        colour = stage_colour[stage]
        return (
            f'<div class="pl-step" style="border-color:{colour};background:{colour}1f">'
            f"<b>{esc(title)}</b>{esc(body) or '—'}</div>"
        )

    rows = [
        (t("sites_prod_maker", lang), maker),
        (t("sites_prod_origin", lang), where),
        (t("sites_prod_price", lang), price),
        (t("sites_prod_materials", lang), materials),
        (t("sites_prod_sold_at", lang), ", ".join(markets)),
    ]
    dl = "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in rows if v and not is_missing(v)
    )
    dl += f"<dt>{esc(t('sites_prod_certifications', lang))}</dt><dd>{certs}</dd>"
    qr = base64.b64encode(qr_png_bytes).decode("ascii")
    stamp = (
        f'<div class="pl-stamp">{esc(t("sites_prod_synthetic_stamp", lang))}</div>'
        if synthetic
        else ""
    )
    description = product.get("description_en" if lang == "en" else "description_th")
    description = "" if is_missing(description) else f"<p>{esc(str(description))}</p>"
    chain = (
        step("upstream", t("sites_prod_chain_up", lang), materials_from or materials)
        + '<div class="pl-arrow">→</div>'
        + step("midstream", t("sites_prod_chain_mid", lang), maker)
        + '<div class="pl-arrow">→</div>'
        + step(
            "downstream",
            t("sites_prod_chain_down", lang),
            ", ".join(markets) or t("sites_prod_direct", lang),
        )
    )
    foot = " · ".join(
        x
        for x in (
            f"{t('sites_prod_id', lang)} {product['product_id']}",
            f"{t('sites_updated', lang)} {date_text(product.get('updated_on'))}",
            f"{t('sites_source', lang)}: {product.get('source') or ''}",
            url,
        )
        if x
    )
    return (
        f'{_LABEL_CSS}<div class="povmap-label">{stamp}<div class="pl-head"><div>'
        f'<div class="pl-kicker">{esc(t("page_product", lang))} · LEOS</div>'
        f'<h2>{esc(str(name))}</h2><div class="pl-other">{esc(str(other))}</div>{description}</div>'
        f'<div class="pl-qr"><img src="data:image/png;base64,{qr}" alt="QR"/>'
        f"<div>{esc(t('sites_prod_scan', lang))}</div></div></div>"
        f"<dl>{dl}</dl><div><b>{esc(t('sites_prod_chain', lang))}</b></div>"
        f'<div class="pl-chain">{chain}</div><div class="pl-foot">{esc(foot)}</div></div>'
    )
