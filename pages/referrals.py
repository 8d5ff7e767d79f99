"""Referrals (ส่งต่อความช่วยเหลือ): the queue per agency and area, the funnel of statuses, creating a
referral from a household's recommended interventions, changing a status, and bulk updates.

Only the signed-in user's referrals (``query.referrals_read``): a provincial officer's areas, an
agency officer's agency there (who works on the queue but creates no referral); every change is
recorded as the signed-in account.
"""

from __future__ import annotations

import streamlit as st

from data import referrals as rf
from povmap.i18n import t
from povmap.views import action_view as av
from povmap.views import ui
from povmap.views.chrome import md_escape
from povmap.views.tables import show_table
from query.access import AccessDenied

view: ui.View = ui.current_view()
lang = view.lang
filters, overdue_only = av.referral_filters(view)
by = av.recorder(lang)

st.title(t("action_referrals_title", lang) + f" · {md_escape(view.area_name())}")
ui.synthetic_banner(lang)
if not ui.rounds():
    st.info(t("no_data", lang))
    st.stop()

try:
    totals = av.summary(filters)
except AccessDenied as err:  # an area outside the user's, or a role without referrals
    st.warning(md_escape(err.render(lang)))
    st.stop()
av.summary_metrics(totals, lang)
st.caption(t("action_model_note", lang))

left, right = st.columns([2, 3])
with left:
    st.subheader(t("action_funnel_title", lang))
    counts = av.funnel(filters)
    st.plotly_chart(
        av.funnel_chart(counts, lang), width="stretch", config={"displayModeBar": False}
    )
    st.caption(
        t(
            "action_funnel_caption",
            lang,
            self_resolved=int(counts.loc["self_resolved", "reached"]),
            escalated=int(counts.loc["cannot_resolve", "reached"]),
        )
    )
with right:
    st.subheader(t("action_by_agency_title", lang))
    agencies = av.agency_table(av.by_agency(filters), lang)
    show_table(agencies, lang, hide_index=True, width="stretch", height=380)
    ui.csv_download(agencies.set_index(agencies.columns[0]), "referrals-by-agency", lang, "dl-ag")

refers = av.can_refer(view.area)  # an agency officer works on the queue, creates none
names = ["queue", *(["create"] if refers else []), "change", "bulk"]
tabs = dict(zip(names, st.tabs([t(f"action_tab_{n}", lang) for n in names]), strict=True))
queue_tab, change_tab, bulk_tab = tabs["queue"], tabs["change"], tabs["bulk"]
create_tab = tabs.get("create")

with queue_tab:
    rows = av.queue(filters, overdue_only)
    shown = av.queue_table(rows, lang)
    st.caption(t("action_queue_caption", lang, n=len(rows), limit=av.QUEUE_ROWS))
    show_table(shown, lang, hide_index=True, width="stretch", height=420)
    av.export_download(filters, lang)


def create_section() -> None:
    av.show_done("create")
    hh_id = st.text_input(
        t("search_household", lang), value=st.query_params.get("hh", ""), key="action_hh"
    ).strip()
    if hh_id:
        ui.write_url({"hh": hh_id})
    try:
        household = av.household_record(hh_id, view.round_be)
    except AccessDenied as err:
        st.warning(md_escape(err.render(lang)))
        return
    if hh_id and household is None:
        st.warning(
            t(
                "action_household_not_in_round",
                lang,
                hh_id=md_escape(hh_id),
                round=view.round_be,
            )
        )
    elif household is not None:
        st.markdown(
            t(
                "action_household_line",
                lang,
                hh_id=md_escape(hh_id),
                round=view.round_be,
                members=int(household["members"]),
                income=f"{household['income_per_person_year']:,.0f}",
            )
        )
        if not av.is_poor(household, view):
            st.caption(t("action_household_not_poor", lang, round=view.round_be))
        recs = av.recommendations(household, lang)
        st.markdown(f"**{t('action_recommended', lang)}**")
        st.caption(t("action_rule_caption", lang))
        av.show_recommendations(recs, lang)
        earlier = av.existing_referrals(hh_id, lang)
        if not earlier.empty:
            st.markdown(f"**{t('action_existing', lang)}**")
            show_table(earlier, lang, hide_index=True, width="stretch")
        if by is None:
            st.info(t("access_sign_in_to_record", lang))
        else:
            av.create_form(household, recs, by, lang)


if create_tab is not None:
    with create_tab:
        create_section()

with change_tab:
    av.show_done("change")
    rid = (
        st.text_input(
            t("action_referral_id", lang), value=st.query_params.get("ref", ""), key="action_ref"
        )
        .strip()
        .upper()
    )
    if rid:
        ui.write_url({"ref": rid})
        try:
            detail = av.referral_detail(rid)
        except AccessDenied as err:
            st.warning(md_escape(err.render(lang)))
            detail = None
        else:
            if detail is None:
                st.warning(rf.message("unknown_referral", lang, referral_id=md_escape(rid)))
        if detail is not None:
            referral, history = detail
            st.markdown(av.referral_line(referral, lang))
            show_table(av.history_table(history, lang), lang, hide_index=True, width="stretch")
            if by is None:
                st.info(t("access_sign_in_to_record", lang))
            else:
                av.change_form(referral, by, lang)

with bulk_tab:
    av.bulk_update_section(by, lang)
