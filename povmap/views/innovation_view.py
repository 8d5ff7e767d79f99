"""Views of the Innovation page's first three sections (and the village page's suggestions):
the technologies of the library ranked for an area's main causes, with the reason, the
searchable library, and the innovation communities with what they brought to villages.

The ranking is ``analysis.technology.match_technologies``; the area's needs are
``query.sites_read.poor_needs``. Livable-city indicators are ``city_view``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.sites import filter_in, search, with_any_tag, with_counts, with_library
from analysis.technology import match_technologies, top_causes_of
from data import sites
from data.schema import BMN_CODES
from geo.maps import format_number
from povmap import rules
from povmap.i18n import t
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.sites_view import (
    SEARCH_COLUMNS,
    facts_html,
    names,
    other_names,
    setting,
    share,
    site_table,
    sync_param,
    tags_text,
    with_labels,
)
from povmap.views.tables import show_table
from query import sites_read


@ui.cached(edits=(), max_entries=8)
def _adoption_counts() -> pd.Series:
    return sites_read.adoption_counts(ui.cursor()).rename("villages")


@ui.cached(edits=(), max_entries=8)
def _community_reach() -> pd.DataFrame:
    return sites_read.community_reach(ui.cursor())


@ui.cached(edits=(), max_entries=32)
def poor_needs(
    round_be: int | None, area: str | None, rule_name: str, k: float
) -> tuple[pd.Series, pd.Series]:
    """(share of the area's poor households by main cause, share failing each BMN indicator)."""
    return sites_read.poor_needs(
        ui.cursor(), round_be, area, rules.poor_rule(rule_name, k), BMN_CODES
    )


def technology_table(lang: str) -> pd.DataFrame:
    """The technology library with names, tags as names, and adoptions counted."""
    tech = site_table(["technology"], None)
    out = tech.assign(
        name=names(tech, lang),
        other_name=other_names(tech, lang),
        category_name=[sites.term_name("technology", c, lang) for c in tech["category"]],
        causes_text=[tags_text("cause", v, lang) for v in tech["causes"]],
        indicators_text=[tags_text("indicator", v, lang, sep="; ") for v in tech["indicators"]],
        capitals_text=[tags_text("capital", v, lang) for v in tech["capitals"]],
        readiness_name=[sites.term_name("readiness", v, lang) for v in tech["readiness"]],
        area_name="",
    )
    return with_counts(out, _adoption_counts(), "site_id")


def matches(
    view: ui.View, area: str | None, library: pd.DataFrame
) -> tuple[pd.Series, pd.DataFrame]:
    """(top causes of the area's poor households, library technologies ranked for them)."""
    causes, failing = poor_needs(view.round_be, area, view.rule_name, view.k)
    n = int(setting("POVMAP_TECH_TOP_CAUSES"))
    ranked = match_technologies(
        library,
        causes,
        failing,
        top_causes=n,
        indicator_weight=float(setting("POVMAP_TECH_INDICATOR_WEIGHT")),
    )
    return top_causes_of(causes, n), with_library(ranked, library)


def reason_text(row: pd.Series, shares: pd.Series, lang: str) -> str:
    """Why a technology is suggested, in words: the causes it targets and its best indicator."""
    causes = ", ".join(sites.term_name("cause", c, lang) for c in row["matched_causes"])
    parts = [t("sites_inno_reason_causes", lang, causes=causes, share=share(row["cause_coverage"]))]
    if row["matched_indicators"]:
        best = row["matched_indicators"][0]
        parts.append(
            t(
                "sites_inno_reason_indicator",
                lang,
                indicator=sites.term_name("indicator", best, lang),
                share=share(row["indicator_coverage"]),
            )
        )
    return " · ".join(parts)


def ranked_table(ranked: pd.DataFrame, top: pd.Series, lang: str) -> pd.DataFrame:
    """The ranked technologies as shown: rank, name, score, why, category, cost, readiness."""
    return pd.DataFrame(
        {
            t("sites_inno_rank", lang): ranked["rank"].to_numpy(),
            t("sites_name", lang): ranked["name"].to_numpy(),
            t("sites_inno_score", lang): ranked["score"].round(3).to_numpy(),
            t("sites_inno_reason", lang): [reason_text(r, top, lang) for _, r in ranked.iterrows()],
            t("sites_category", lang): ranked["category_name"].to_numpy(),
            t("sites_inno_cost", lang): ranked["cost_baht"].to_numpy(),
            t("sites_inno_readiness", lang): ranked["readiness_name"].to_numpy(),
        },
        index=ranked["site_id"].to_numpy(),
    )


_LIBRARY_COLUMNS = (
    ("name", "sites_name"),
    ("category_name", "sites_category"),
    ("causes_text", "sites_inno_causes"),
    ("indicators_text", "sites_inno_indicators"),
    ("capitals_text", "sites_inno_capitals"),
    ("cost_baht", "sites_inno_cost"),
    ("readiness_name", "sites_inno_readiness"),
    ("villages", "sites_inno_adopted"),
)


def area_technologies_section(view: ui.View, library: pd.DataFrame) -> None:
    """The library's technologies ranked for the area's main causes, with the reason."""
    lang = view.lang
    if library.empty:
        st.info(t("sites_inno_no_library", lang))
        return
    top, ranked = matches(view, view.area, library)
    if top.empty:
        st.info(t("sites_inno_no_poor", lang))
        return
    causes = ", ".join(
        f"{md_escape(sites.term_name('cause', c, lang))} ({share(s)})" for c, s in top.items()
    )
    st.markdown(
        t(
            "sites_inno_top_causes",
            lang,
            area=md_escape(view.area_name()),
            round=view.round_be,
            causes=causes,
        )
    )
    if ranked.empty:
        st.info(t("sites_inno_no_match", lang))
    else:
        table = ranked_table(ranked, top, lang)
        score = t("sites_inno_score", lang)
        show_table(
            table,
            lang,
            hide_index=True,
            width="stretch",
            height=min(560, 38 + 35 * len(table)),
            column_config={
                score: st.column_config.ProgressColumn(
                    format="%.2f", min_value=0.0, max_value=max(1.0, float(table[score].max()))
                ),
                t("sites_inno_reason", lang): st.column_config.TextColumn(width="large"),
            },
        )
        ui.csv_download(
            table.rename_axis("technology_id"),
            "technologies-for-area",
            lang,
            "dl-tech-area",
            ui.export_meta(view),
        )
    st.caption(
        t(
            "sites_inno_score_help",
            lang,
            n=setting("POVMAP_TECH_TOP_CAUSES"),
            w=setting("POVMAP_TECH_INDICATOR_WEIGHT"),
        )
        + " · "
        + t("sites_model_note", lang)
    )


def library_section(lang: str, library: pd.DataFrame) -> None:
    """The searchable technology and innovation library (search kept in the URL as ``q``)."""
    if library.empty:
        st.info(t("sites_inno_no_library", lang))
        return
    if "inno_q" not in st.session_state:
        st.session_state["inno_q"] = st.query_params.get("q", "")
    left, mid, right = st.columns(3)
    text = left.text_input(
        t("sites_search", lang), key="inno_q", on_change=sync_param("q", "inno_q")
    )
    cats = mid.multiselect(
        t("sites_category", lang),
        list(sites.vocabulary("technology")),
        format_func=lambda c: sites.term_name("technology", c, lang),
        key="inno_cats",
        placeholder="—",
    )
    wanted = right.multiselect(
        t("sites_inno_causes", lang),
        list(sites.vocabulary("cause")),
        format_func=lambda c: sites.term_name("cause", c, lang),
        key="inno_causes",
        placeholder="—",
    )
    rows = with_any_tag(filter_in(library, {"category": cats}), "causes", wanted)
    rows = search(
        rows,
        text,
        [*SEARCH_COLUMNS[:5], "causes_text", "indicators_text", "capitals_text"],
    )
    st.caption(t("sites_count", lang, n=f"{len(rows):,}"))
    shown = rows.set_index("site_id")[[c for c, _ in _LIBRARY_COLUMNS]]
    shown.columns = [t(k, lang) for _, k in _LIBRARY_COLUMNS]
    show_table(shown, lang, width="stretch", height=420)
    ui.csv_download(rows.set_index("site_id"), "technology-library", lang, "dl-library")
    if rows.empty:
        return
    pick = st.selectbox(
        t("sites_inno_detail", lang),
        list(rows["site_id"]),
        format_func=dict(zip(rows["site_id"], rows["name"], strict=True)).get,
        key="inno_pick",
    )
    one = rows.set_index("site_id").loc[pick]
    st.markdown(f"#### {md_escape(one['name'])}")
    st.html(
        facts_html(
            [
                ("", one["other_name"]),
                (
                    t("sites_description", lang),
                    one[f"description_{'en' if lang == 'en' else 'th'}"],
                ),
                (t("sites_inno_causes", lang), one["causes_text"]),
                (t("sites_inno_indicators", lang), one["indicators_text"]),
                (t("sites_inno_capitals", lang), one["capitals_text"]),
                (t("sites_inno_cost", lang), format_number(one["cost_baht"])),
                (t("sites_inno_readiness", lang), one["readiness_name"]),
                (t("sites_inno_adopted", lang), format_number(one["villages"])),
                (t("sites_source", lang), one["source"]),
            ]
        )
    )


def communities_section(view: ui.View) -> None:
    """Innovation communities of the area and what they brought to villages."""
    lang = view.lang
    communities = with_labels(site_table(["innovation_community"], view.area), lang)
    if communities.empty:
        st.info(t("sites_none", lang))
        return
    table = with_counts(communities, _community_reach(), "site_id").set_index("site_id")
    shown = table[
        ["name", "category_name", "area_name", "members", "techs", "villages", "households"]
    ]
    shown.columns = [
        t("sites_name", lang),
        t("sites_category", lang),
        t("sites_area", lang),
        t("sites_members", lang),
        t("sites_inno_community_adoptions", lang),
        t("sites_inno_villages_reached", lang),
        t("sites_inno_households_reached", lang),
    ]
    show_table(shown, lang, width="stretch", height=420)
    ui.csv_download(table, "innovation-communities", lang, "dl-communities")
