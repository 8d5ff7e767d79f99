"""Presentation mode: ``?present=<storyline>`` shows a storyline's saved views one per screen.

No sidebar and no Streamlit chrome (header, toolbar, status, decoration are hidden by a style
sheet), large type sized by the screen's height, and nothing to scroll at 1280×720 or
1920×1080: the slide is exactly the window's height above a fixed bar with Previous, the slide
count, Next and a way out. The arrow keys move between slides (the buttons' own keyboard
shortcuts) and so do PageUp and PageDown (what a presenter's clicker sends: a few lines of
inline script click the same buttons). The slide number is in the URL (``slide``), so Back
returns to the previous slide and a link opens at a slide.

A slide is drawn from the saved view's state (:func:`povmap.views.ui.view_of`): its title, area,
round and page, the headline numbers of the area as large cards (:func:`povmap.views.ui.totals`,
the Overview's numbers, with the change since the previous round), the view's note, and the map
of its metric, level, classes and colours drawn on the server as a picture by the briefing
engine (:func:`briefing.png.map_png` over :mod:`geo.static_map`: the app's classes, suppression
and legend), sized to the screen by the browser. A view of the Why, Outcomes or Programme page
shows that page's own numbers and main chart instead (:func:`povmap.briefs.slide_parts`: the
causes of poverty, the exit rate by area, the households lifted against the target), the same
table and chart picture its deck and PDF carry (:func:`briefing.brief.chart_png`), so the slide,
the files and the page agree. Nothing is fetched: the picture is inline and
the fonts are the machine's Thai fonts. Data that are synthetic say so on every slide. A view of
the map page saved zoomed and panned shows on its slide the part of the map the page showed
(:func:`geo.static_map.view_extent`); any other, the whole area at the saved level.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Collection
from dataclasses import dataclass

import streamlit as st

from analysis.areas import round_change, round_pair
from analysis.measures import MEASURES, for_rule
from briefing import brief as briefing_brief
from briefing import png
from geo.classify import METHODS, PALETTES
from geo.map_areas import MapView, levels_for, map_view_of, scope_of
from geo.maps import THAI_FONT_STACK, format_number, format_percent
from geo.metrics import METRICS
from povmap import briefs, settings
from povmap.i18n import t
from povmap.views import map_view, share_view, signin_view, ui
from query import saved_views as read_views
from query.access import Access, AccessDenied

#: The bar at the bottom with the buttons (pixels): the slide takes the rest of the window.
NAV_HEIGHT = 64
NAV_KEY = "present_nav"
_MAP_HUE = "#f03b20"

_CSS = f"""
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stBottom"], footer {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
  padding: 12px 28px 0 28px !important; max-width: 100% !important; }}
[data-testid="stAppViewContainer"] > section, [data-testid="stMain"] {{ padding: 0 !important; }}
.st-key-{NAV_KEY} {{ position: fixed; left: 0; right: 0; bottom: 0; height: {NAV_HEIGHT}px;
  box-sizing: border-box; padding: 10px 28px; background: #fff; border-top: 1px solid #e3e3e3;
  z-index: 999990; display: flex; flex-direction: row; align-items: center; gap: 18px; }}
.st-key-{NAV_KEY} > div {{ width: auto !important; flex: 0 0 auto; }}
.st-key-{NAV_KEY} [data-testid="stMarkdownContainer"] p {{ margin: 0;
  font-size: clamp(16px, 2.2vh, 26px); }}
.st-key-{NAV_KEY} button p, .st-key-{NAV_KEY} a p {{ font-size: clamp(15px, 2vh, 24px); }}
.st-key-{NAV_KEY} .st-key-present_exit {{ margin-left: auto; }}
.pv-slide {{ height: calc(100vh - {NAV_HEIGHT}px - 32px); box-sizing: border-box;
  display: flex; flex-direction: column; overflow: hidden; font-family: {THAI_FONT_STACK};
  color: #1d1d1f; line-height: 1.45; }}
.pv-title {{ font-size: clamp(24px, 5vh, 64px); font-weight: 700; line-height: 1.3;
  margin: 0; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; }}
.pv-sub {{ font-size: clamp(15px, 2.6vh, 34px); color: #4a4a4a; margin: 0.4vh 0 1.6vh 0;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.pv-body {{ flex: 1 1 auto; min-height: 0; display: grid; gap: 2.2vw;
  grid-template-columns: minmax(0, 37fr) minmax(0, 63fr); }}
.pv-side {{ display: flex; flex-direction: column; min-height: 0; overflow: hidden; }}
.pv-cards {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1.6vh 1.2vw; }}
.pv-card {{ border-left: 6px solid {_MAP_HUE}; background: #f7f7f7; border-radius: 4px;
  padding: 0.9vh 0.9vw; min-width: 0; }}
.pv-card-label {{ font-size: clamp(13px, 2.2vh, 30px); color: #333; line-height: 1.35;
  overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }}
.pv-card-value {{ font-size: clamp(22px, min(5.6vh, 2.8vw), 76px); font-weight: 700;
  line-height: 1.2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.pv-card-delta {{ font-size: clamp(12px, 1.9vh, 26px); color: #555; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }}
.pv-note {{ margin-top: 2vh; font-size: clamp(14px, 2.5vh, 34px); white-space: pre-line;
  overflow: hidden; display: -webkit-box; -webkit-line-clamp: 7; -webkit-box-orient: vertical; }}
.pv-figure {{ display: flex; flex-direction: column; min-height: 0; min-width: 0; }}
.pv-caption {{ font-size: clamp(14px, 2.3vh, 30px); font-weight: 600; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }}
.pv-definition {{ font-size: clamp(12px, 1.8vh, 24px); color: #555; overflow: hidden;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }}
.pv-imgbox {{ position: relative; flex: 1 1 auto; min-height: 0; margin-top: 0.8vh; }}
.pv-imgbox img {{ position: absolute; inset: 0; width: 100%; height: 100%;
  object-fit: contain; object-position: left top; }}
.pv-empty {{ font-size: clamp(16px, 3vh, 40px); color: #555; }}
.pv-foot {{ display: flex; gap: 1.5vw; align-items: baseline; margin-top: 1vh;
  font-size: clamp(11px, 1.7vh, 22px); color: #555; white-space: nowrap; overflow: hidden; }}
.pv-foot span {{ overflow: hidden; text-overflow: ellipsis; }}
.pv-synthetic {{ color: #b2182b; font-weight: 700; flex: 0 0 auto; }}
</style>
"""

#: PageDown and PageUp (a presenter's clicker) press Next and Previous; the arrow keys are the
#: buttons' own shortcuts. Installed once per browser tab.
_KEYS = f"""
<script>
(function () {{
  if (window.__povmapPresentKeys) {{ return; }}
  window.__povmapPresentKeys = true;
  document.addEventListener("keydown", function (event) {{
    var key = {{PageDown: "present_next", PageUp: "present_prev"}}[event.key];
    if (!key || !document.querySelector(".st-key-{NAV_KEY}")) {{ return; }}
    var button = document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) {{ event.preventDefault(); button.click(); }}
  }});
}})();
</script>
"""


def requested() -> str | None:
    """The storyline that ``?present=`` asks for (as written in the URL), else None."""
    return st.query_params.get(ui.PRESENT_PARAM)


def present(wanted: str, lang: str, pages: Collection[str] | None = None) -> None:
    """The presentation of storyline ``wanted`` in ``lang``: one slide and the bar below it.
    ``pages``: the pages (URL paths) this user may open; a slide of another page says so
    instead of showing it (None: every page)."""
    st.html(_CSS)
    story = None
    if wanted.strip().isdigit():
        story = read_views.storyline(ui.cursor(), int(wanted))
    if story is None or not story.views:
        text = t("present_missing", lang, n=wanted) if story is None else t("present_empty", lang)
        st.html(f'<div class="pv-slide"><div class="pv-empty">{html.escape(text)}</div></div>')
        _bar(lang, story.storyline_id if story else None, 0, 0)
        return
    total = len(story.views)
    number = _slide_number(story.storyline_id, total)
    saved = story.views[number - 1]
    if pages is not None and saved.page not in pages:
        text = t("present_not_allowed", lang, page=share_view.page_title(saved.page, lang))
        st.html(f'<div class="pv-slide"><div class="pv-empty">{html.escape(text)}</div></div>')
    else:
        st.html(slide_html(saved, lang))
    _bar(lang, story.storyline_id, number, total)


# --- which slide ---------------------------------------------------------------------------------


def _state_key(story_id: int) -> str:
    return f"present_slide_{story_id}"


def _slide_number(story_id: int, total: int) -> int:
    """The slide shown (1 = the first): the URL's on the first run and after Back or Forward,
    else the session's; always within the storyline."""
    key = _state_key(story_id)
    moved = ui.url_changes([ui.SLIDE_PARAM])
    if moved is not None or key not in st.session_state:
        try:
            st.session_state[key] = int(st.query_params.get(ui.SLIDE_PARAM) or 1)
        except ValueError:
            st.session_state[key] = 1
    st.session_state[key] = min(max(int(st.session_state[key]), 1), total)
    return st.session_state[key]


def _go(story_id: int, number: int) -> None:
    st.session_state[_state_key(story_id)] = number
    ui.write_url({ui.SLIDE_PARAM: str(number) if number > 1 else None})


def _bar(lang: str, story_id: int | None, number: int, total: int) -> None:
    """Previous, "slide 2 of 5", Next and the way out, in the fixed bar at the bottom."""
    with st.container(key=NAV_KEY, horizontal=True, vertical_alignment="center"):
        st.button(
            t("present_prev", lang),
            key="present_prev",
            icon=":material/arrow_back:",
            disabled=number <= 1,
            shortcut="Left",
            on_click=_go,
            args=(story_id, number - 1),
        )
        st.markdown(t("present_count", lang, n=number, total=total) if total else "")
        st.button(
            t("present_next", lang),
            key="present_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            disabled=number >= total,
            shortcut="Right",
            on_click=_go,
            args=(story_id, number + 1),
            type="primary",
        )
        with st.container(key="present_exit"):
            st.page_link(
                f"pages/{share_view.STORYLINES_PAGE}.py",
                label=t("present_exit", lang),
                icon=":material/close:",
                query_params={"lang": lang, **({"story": str(story_id)} if story_id else {})},
            )
        st.html(_KEYS, unsafe_allow_javascript=True)


# --- one slide -----------------------------------------------------------------------------------


def _choice(saved: read_views.SavedView, name: str, options, default: str) -> str:
    value = saved.param(name)
    return value if value in options else default


@ui.cached(edits=(), max_entries=24)
def slide_map(
    level: str,
    scope: str | None,
    round_be: int,
    rule_name: str,
    k: float,
    metric_key: str,
    method: str,
    palette: str,
    lang: str,
    min_cell: int,
    access: Access,
    view: MapView | None = None,
) -> bytes:
    """The map of one slide as a PNG (the briefing engine's slide size), kept until the store
    changes; areas hidden for ``access`` are drawn suppressed; ``view``: the zoom and centre
    the page's map was at (None: the whole area)."""
    layer = map_view.shown_layer(level, scope)
    stats = map_view.measures(level, scope, round_be, rule_name, k, access)
    return png.map_png(
        layer,
        stats,
        for_rule(metric_key, rule_name),
        title="",
        area="",
        round_be=round_be,
        synthetic=False,  # the slide says it below the picture, in the page's type
        lang=lang,
        size="slide",
        method=method,
        palette=palette,
        min_cell=min_cell,
        column=METRICS[metric_key].source,
        labels={"no_data": t("no_data_label", lang), "suppressed": t("suppressed", lang)},
        view=view,
    )


def _cards(view: ui.View) -> list[tuple[str, str, str]]:
    """(name, value, change since the previous round) of the area's headline numbers."""
    lang = view.lang
    tot = ui.totals(view.area, view.rule_name, view.k, signin_view.access()).set_index("round_be")
    now, prev, prev_round = round_pair(tot, view.round_be)
    if now is None:
        return []

    def change(column: str, share: bool = False) -> str:
        d = round_change(now, prev, column)
        if d is None:
            return t("no_previous", lang)
        text = f"{d * 100:+,.1f} {t('present_points', lang)}" if share else f"{d:+,.0f}"
        return t("present_change", lang, change=text, round=prev_round)

    ratio = for_rule("headcount_ratio", view.rule_name)
    return [
        (
            MEASURES["poor_households"].name(lang),
            format_number(now.poor_households),
            change("poor_households"),
        ),
        (
            ratio.name(lang, view.k),
            format_percent(now.headcount_ratio * 100, 1),
            change("headcount_ratio", share=True),
        ),
        (MEASURES["poor_people"].name(lang), format_number(now.poor_people), change("poor_people")),
        (MEASURES["households"].name(lang), format_number(now.households), ""),
    ]


def slide_html(saved: read_views.SavedView, lang: str) -> str:
    """One slide as HTML (every text escaped): title, area · round · page, the cards, the note,
    the map picture (the Why, Outcomes and Programme pages: their main chart) with its caption
    and definition (a map's picture carries the boundaries' attribution), and the footer (the
    synthetic label, the data's round and the poverty rule)."""
    esc = html.escape
    view = ui.view_of(dict(saved.params), lang)
    sub = [view.area_name()]
    if view.round_be:
        sub.append(t("present_round", lang, round=view.round_be))
    sub.append(share_view.page_title(saved.page, lang))
    head = (
        f'<div class="pv-title" role="heading" aria-level="1">{esc(saved.title)}</div>'
        f'<div class="pv-sub">{esc(" · ".join(sub))}</div>'
    )
    if view.round_be is None:
        body = f'<div class="pv-empty">{esc(t("present_no_data", lang))}</div>'
        return f'<div class="pv-slide">{head}{body}</div>'
    if saved.page in briefs.SLIDE_PARTS:
        numbers, figure = _chart_side(saved, view)
    else:
        numbers, figure = _cards(view), _figure(saved, view)
    cards = "".join(
        f'<div class="pv-card"><div class="pv-card-label">{esc(name)}</div>'
        f'<div class="pv-card-value">{esc(value)}</div>'
        f'<div class="pv-card-delta">{esc(change) or "&nbsp;"}</div></div>'
        for name, value, change in numbers
    )
    note = f'<div class="pv-note">{esc(saved.note)}</div>' if saved.note else ""
    foot = []
    if ui.synthetic():
        foot.append(f'<span class="pv-synthetic">{esc(t("map_synthetic_flag", lang))}</span>')
    rule = t("rule_af", lang, k=view.k) if view.rule_name == "af" else t("rule_tpmap", lang)
    foot.append(f"<span>{esc(t('data_vintage', lang, round=view.round_be))} · {esc(rule)}</span>")
    return (
        f'<div class="pv-slide">{head}<div class="pv-body">'
        f'<div class="pv-side"><div class="pv-cards">{cards}</div>{note}</div>'
        f"{figure}</div>"
        f'<div class="pv-foot">{"".join(foot)}</div></div>'
    )


def _figure(saved: read_views.SavedView, view: ui.View) -> str:
    """The map of the saved view's metric at its level, with the metric's name and definition."""
    lang, esc = view.lang, html.escape
    metric_key = _choice(saved, "metric", METRICS, "poor_households")
    levels = levels_for(view.area)
    level = _choice(saved, ui.MAP_LEVEL_PARAM, levels, view.level_below)
    if level not in levels:
        level = levels[-1]
    method = _choice(saved, "method", METHODS, "quantiles")
    palette = _choice(saved, "palette", PALETTES, "ylorrd")
    scope = scope_of(view.area, level)
    shown = None  # the map page's zoom and centre, where the view was saved with them
    if saved.page == "map":
        shown = map_view_of(*(saved.param(p) for p in ui.MAP_VIEW_PARAMS))
    metric = map_view.metric_for(metric_key, view.rule_name, view.k)
    caption = t(
        "present_map_of", lang, metric=metric.label(lang), level=t(f"present_level_{level}", lang)
    )
    if not len(map_view.shown_layer(level, scope)):
        picture = f'<div class="pv-empty">{esc(t("present_no_areas", lang))}</div>'
    else:
        data = slide_map(
            level, scope, view.round_be, view.rule_name, view.k, metric_key, method, palette,
            lang, int(settings.get("POVMAP_MIN_CELL")), signin_view.access(), shown,
        )  # fmt: skip
        encoded = base64.b64encode(data).decode("ascii")
        picture = (
            f'<div class="pv-imgbox"><img alt="{esc(caption)}" '
            f'src="data:image/png;base64,{encoded}"></div>'
        )
    return (
        f'<div class="pv-figure"><div class="pv-caption">{esc(caption)}</div>'
        f'<div class="pv-definition">{esc(metric.definition(lang))}</div>{picture}</div>'
    )


# --- a page's own chart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SlideChart:
    """What the slide of a Why, Outcomes or Programme view shows beside its note: the page's
    headline numbers (name, value, change) and its main chart as a picture, with the chart's
    title and definition; no picture (``note`` says why) when the view has no chart."""

    cards: tuple[tuple[str, str, str], ...]
    caption: str
    definition: str
    picture: bytes | None
    note: str = ""


@ui.cached(edits=("referrals", "targets"), max_entries=24)
def slide_chart(key: tuple, rule_name: str, k: float, access: Access) -> SlideChart:
    """The numbers and main chart of the view ``key`` (:meth:`povmap.briefs.ViewState.key`),
    read as its briefing reads them (:func:`povmap.briefs.brief_of`, the same door calls as the
    page, as ``access`` may see them) and drawn at the deck's slide size; kept until the store,
    a referral or a target changes. ``rule_name`` and ``k`` are part of the key because the
    numbers follow them."""
    state = dict(key)
    brief = briefs.brief_of(ui.cursor(), state, layer=ui.boundary_layer, access=access)
    lang = briefs.read_state(state).lang
    table, chart = briefs.slide_parts(brief)
    cards: list[tuple[str, str, str]] = []
    if table is not None:
        for row in table.frame.itertuples(index=False):
            cells = [str(c) for c in row]
            cards.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    if chart is None:
        return SlideChart(tuple(cards), "", "", None, brief.note or t("present_no_data", lang))
    return SlideChart(
        tuple(cards),
        chart.title,
        chart.measure.definition(lang, brief.k),
        briefing_brief.chart_png(chart, brief, lang=lang, size="slide"),
    )


def _chart_side(
    saved: read_views.SavedView, view: ui.View
) -> tuple[list[tuple[str, str, str]], str]:
    """The cards and the figure (the page's main chart, its title and definition) of a Why,
    Outcomes or Programme view; what the signed-in user may not see is said instead."""
    lang, esc = view.lang, html.escape
    state = {**dict(saved.params), "page": saved.page, "lang": lang}
    try:
        content = slide_chart(
            briefs.read_state(state).key(), view.rule_name, view.k, signin_view.access()
        )
    except AccessDenied as exc:
        return (
            [],
            f'<div class="pv-figure"><div class="pv-empty">{esc(exc.render(lang))}</div></div>',
        )
    if content.picture is None:
        picture = f'<div class="pv-empty">{esc(content.note)}</div>'
    else:
        encoded = base64.b64encode(content.picture).decode("ascii")
        picture = (
            f'<div class="pv-imgbox"><img alt="{esc(content.caption)}" '
            f'src="data:image/png;base64,{encoded}"></div>'
        )
    figure = (
        f'<div class="pv-figure"><div class="pv-caption">{esc(content.caption)}</div>'
        f'<div class="pv-definition">{esc(content.definition)}</div>{picture}</div>'
    )
    return list(content.cards), figure
