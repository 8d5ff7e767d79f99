"""Copy link and save this view (the shared sidebar of every page) and the Storylines page.

A page's state lives in its URL (:mod:`povmap.views.ui`: language, round, area, the map's level,
metric, classes, colours, zoom and centre...), so the link of the page as the browser shows it
*is* the view. **Copy link** copies ``window.location.href`` at the moment of the click, in the
browser, with no server round trip and no internet: the Clipboard API where the page is a secure
context (localhost, https), else the browser's copy command on a text box, else the box stays
selected for the user to copy. **Save this view** stores the page's path and its URL state
(:func:`povmap.views.ui.url_state`, read when the button is pressed) with a title and a note
(:mod:`data.saved_views`); the Storylines page lists the saved views, opens them, and orders them
into storylines that ``?present=<storyline>`` shows (:mod:`povmap.views.present_view`).
"""

from __future__ import annotations

import html

import streamlit as st

from data import saved_views as store_views
from povmap.i18n import LABELS, t
from povmap.views import briefing_view, ui
from povmap.views.chrome import md_escape
from query import saved_views as read_views

#: The page the storylines are built on (its URL path); saving a view of it means nothing.
STORYLINES_PAGE = "storylines"
#: Session key of the sidebar's last save: ("ok", number) or ("error", message).
_SAVED = "_share_saved"
_STORY_MSG = "_story_msg"

_COPY_SCRIPT = """
<script>
(function () {
  if (window.__povmapCopyLink) { return; }
  window.__povmapCopyLink = true;
  function copied(button, box, ok) {
    var status = button.parentElement.querySelector("[data-povmap-copy-status]");
    box.hidden = false;
    if (!ok) { box.focus(); box.select(); }
    status.textContent = ok ? button.dataset.copied : button.dataset.manual;
  }
  function byCommand(box) {
    box.hidden = false;
    box.focus();
    box.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-povmap-copy]") : null;
    if (!button) { return; }
    var box = button.parentElement.querySelector("input");
    var url = window.location.href;
    box.value = url;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        function () { copied(button, box, true); },
        function () { copied(button, box, byCommand(box)); });
    } else {
      copied(button, box, byCommand(box));
    }
  });
})();
</script>
"""

_COPY_CSS = """
<style>
.povmap-copy { display: flex; flex-direction: column; gap: 0.35rem; }
.povmap-copy button { font: inherit; font-size: 0.95rem; padding: 0.3rem 0.8rem;
  border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 0.5rem; background: #fff;
  color: inherit; cursor: pointer; align-self: flex-start; }
.povmap-copy button:hover { border-color: #ff4b4b; color: #ff4b4b; }
.povmap-copy input { font: inherit; font-size: 0.8rem; width: 100%; box-sizing: border-box;
  padding: 0.2rem 0.4rem; border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 0.3rem; }
.povmap-copy [data-povmap-copy-status] { font-size: 0.8rem; color: #2e7d32; }
</style>
"""


def copy_link_html(lang: str) -> str:
    """The copy-link button (labels in ``lang``), its hidden link box and the script behind it."""
    attr = {k: html.escape(t(k, lang), quote=True) for k in ("share_copied", "share_copy_manual")}
    return (
        _COPY_CSS
        + '<div class="povmap-copy">'
        + f'<button type="button" data-povmap-copy data-copied="{attr["share_copied"]}" '
        + f'data-manual="{attr["share_copy_manual"]}" title="{html.escape(t("share_help", lang))}">'
        + f"{html.escape(t('share_copy', lang))}</button>"
        + '<span data-povmap-copy-status role="status" aria-live="polite"></span>'
        + f'<input type="text" readonly hidden aria-label="{html.escape(t("share_link_label", lang))}">'
        + "</div>"
        + _COPY_SCRIPT
    )


def sidebar(view: ui.View, page: str) -> None:
    """The sidebar's copy-link button and, on every page but the Storylines page, the form that
    saves the page's current state (``page``: its URL path) with a title and a note."""
    lang = view.lang
    with st.sidebar:
        st.html(copy_link_html(lang), unsafe_allow_javascript=True)
        if page == STORYLINES_PAGE:
            return
        saved = st.session_state.get(_SAVED)
        with st.expander(t("save_button", lang), expanded=saved is not None):
            with st.form("share_save", clear_on_submit=True, border=False):
                st.text_input(t("save_title", lang), key="share_title", max_chars=120)
                st.text_area(t("save_note", lang), key="share_note", height=80, max_chars=1000)
                st.form_submit_button(
                    t("save_button", lang), on_click=_save, args=(page,), type="primary"
                )
            if saved is not None:
                kind, value = st.session_state.pop(_SAVED)
                if kind == "ok":
                    st.success(t("save_done", lang, n=value))
                    st.page_link(
                        f"pages/{STORYLINES_PAGE}.py",
                        label=t("save_go", lang),
                        query_params={"lang": lang},
                    )
                else:
                    st.error(value)


def _save(page: str) -> None:
    """Save the page's URL state now (the callback runs before the page draws again)."""
    lang = ui.url_language()
    try:
        number = store_views.save_view(
            ui.cursor(),
            page,
            ui.url_state(),
            st.session_state.get("share_title", ""),
            st.session_state.get("share_note", ""),
        )
    except store_views.SavedViewError as exc:
        st.session_state[_SAVED] = ("error", exc.text(lang))
    else:
        st.session_state[_SAVED] = ("ok", number)


# --- the Storylines page -------------------------------------------------------------------------


def page_title(page: str, lang: str) -> str:
    """The title of the page at URL path ``page`` in ``lang`` (its path when it has none)."""
    key = f"page_{page}"
    return t(key, lang) if key in LABELS else page


def view_line(saved: read_views.SavedView, lang: str) -> str:
    """ "Number 3 · Poverty map · Kalasin · round 2564 BE" (markdown: the area name escaped)."""
    view = ui.view_of(dict(saved.params), lang)
    return t(
        "views_line",
        lang,
        n=saved.view_id,
        page=page_title(saved.page, lang),
        area=md_escape(view.area_name()),
        round=view.round_be or "–",
    )


def open_link(saved: read_views.SavedView, lang: str, *, label: str | None = None) -> None:
    """A link that opens the saved view: its page with its URL state."""
    st.page_link(
        f"pages/{saved.page}.py",
        label=label or t("views_open", lang),
        query_params=saved.query(),
        icon=":material/open_in_new:",
    )


def _message(kind: str, text: str) -> None:
    st.session_state[_STORY_MSG] = (kind, text)


def _run(write, lang: str, done: str = "") -> None:
    """Do one write of :mod:`data.saved_views`, keeping its refusal (or ``done``) to show."""
    try:
        write(ui.cursor())
    except store_views.SavedViewError as exc:
        _message("error", exc.text(lang))
        return
    if done:
        _message("ok", done)


def _selected_story(stories) -> int | None:
    """The storyline the page works on: the URL's (``story``), else the newest."""
    ids = [int(s) for s in stories["storyline_id"]]
    wanted = st.session_state.get("story_pick")
    if wanted not in ids:
        try:
            wanted = int(st.query_params.get("story", ""))
        except ValueError:
            wanted = None
    if wanted not in ids:
        wanted = ids[0] if ids else None
    st.session_state["story_pick"] = wanted
    return wanted


def storylines(view: ui.View) -> int | None:
    """The storyline picker, its slides in order (up, down, remove), the present link, the
    export and the form for a new storyline. Returns the storyline worked on."""
    lang = view.lang
    note = st.session_state.pop(_STORY_MSG, None)
    if note:
        (st.success if note[0] == "ok" else st.error)(note[1])
    stories = read_views.storylines(ui.cursor())
    chosen = _selected_story(stories)
    if chosen is None:
        st.info(t("story_none", lang))
    else:
        names = {
            int(i): t("story_option", lang, title=title, n=n)
            for i, title, n in stories[["storyline_id", "title", "views"]].itertuples(index=False)
        }
        st.selectbox(
            t("story_pick", lang),
            list(names),
            format_func=lambda i: names[i],
            key="story_pick",
            on_change=lambda: ui.write_url({"story": str(st.session_state["story_pick"])}),
        )
        ui.write_url({"story": str(chosen)})
        _slides(chosen, lang)
    with (
        st.expander(t("story_new", lang), expanded=chosen is None),
        st.form("story_new_form", clear_on_submit=True, border=False),
    ):
        st.text_input(t("story_new_title", lang), key="story_new_title", max_chars=120)
        st.text_area(t("story_note", lang), key="story_new_note", height=70, max_chars=1000)
        st.form_submit_button(t("story_create", lang), on_click=_create, args=(lang,))
    return chosen


def _create(lang: str) -> None:
    title = st.session_state.get("story_new_title", "")
    note = st.session_state.get("story_new_note", "")
    try:
        number = store_views.create_storyline(ui.cursor(), title, note)
    except store_views.SavedViewError as exc:
        _message("error", exc.text(lang))
        return
    st.session_state["story_pick"] = number
    ui.write_url({"story": str(number)})
    _message("ok", t("story_created", lang, n=number))


def _slides(story_id: int, lang: str) -> None:
    story = read_views.storyline(ui.cursor(), story_id)
    if story is None:
        return
    st.subheader(t("story_slides", lang, title=md_escape(story.title)))
    if story.note:
        st.caption(md_escape(story.note))
    if not story.views:
        st.info(t("story_empty", lang))
    last = len(story.views)
    for position, saved in enumerate(story.views, start=1):
        with st.container(border=True, key=f"slide-{position}"):
            st.markdown(
                "**" + t("story_slide", lang, n=position, title=md_escape(saved.title)) + "**"
            )
            st.caption(view_line(saved, lang))
            with st.container(horizontal=True, gap="small"):
                st.button(
                    t("story_up", lang),
                    key=f"slide-up-{position}",
                    disabled=position == 1,
                    icon=":material/arrow_upward:",
                    on_click=_run,
                    args=(
                        lambda c, p=position: store_views.move_in_storyline(c, story_id, p, -1),
                        lang,
                    ),
                )
                st.button(
                    t("story_down", lang),
                    key=f"slide-down-{position}",
                    disabled=position == last,
                    icon=":material/arrow_downward:",
                    on_click=_run,
                    args=(
                        lambda c, p=position: store_views.move_in_storyline(c, story_id, p, 1),
                        lang,
                    ),
                )
                st.button(
                    t("story_remove", lang),
                    key=f"slide-remove-{position}",
                    icon=":material/remove_circle_outline:",
                    on_click=_run,
                    args=(
                        lambda c, p=position: store_views.remove_from_storyline(c, story_id, p),
                        lang,
                    ),
                )
    with st.container():
        st.page_link(
            "pages/overview.py",
            label=t("story_present", lang),
            query_params={ui.PRESENT_PARAM: str(story_id), "lang": lang},
            icon=":material/slideshow:",
            disabled=not story.views,
        )
    with st.expander(t("story_edit", lang)):
        with st.form(f"story_edit_{story_id}", border=False):
            st.text_input(t("story_new_title", lang), value=story.title, key="story_edit_title")
            st.text_area(t("story_note", lang), value=story.note, key="story_edit_note", height=70)
            st.form_submit_button(
                t("story_save", lang),
                on_click=lambda: _run(
                    lambda c: store_views.update_storyline(
                        c,
                        story_id,
                        title=st.session_state.get("story_edit_title", ""),
                        note=st.session_state.get("story_edit_note", ""),
                    ),
                    lang,
                ),
            )
        st.button(
            t("story_delete", lang),
            key=f"story-delete-{story_id}",
            icon=":material/delete:",
            on_click=_run,
            args=(lambda c: store_views.delete_storyline(c, story_id), lang),
        )


def export_storyline(story_id: int | None, lang: str) -> None:
    """The storyline's briefing files (PowerPoint, PDF, PNG), one section or slide set per saved
    view in slide order, in ``lang``: :func:`povmap.views.briefing_view.export_buttons`, which
    builds nothing until a prepare button is pressed."""
    story = read_views.storyline(ui.cursor(), story_id) if story_id is not None else None
    if story is None or not story.views:
        return
    st.subheader(t("story_export", lang))
    states = [{**saved.query(), "page": saved.page} for saved in story.views]
    briefing_view.export_buttons(states, lang, key=f"story-{story.storyline_id}", title=story.title)


def saved_views(view: ui.View, story_id: int | None) -> None:
    """Every saved view, the newest first: its title, page, area, round and note, a link that
    opens it, and buttons that add it to the chosen storyline or delete it."""
    lang = view.lang
    st.subheader(t("views_heading", lang))
    listed = read_views.views(ui.cursor())
    if not listed:
        st.info(t("views_none", lang))
        return
    for saved in listed:
        with st.container(border=True, key=f"saved-{saved.view_id}"):
            st.markdown(f"**{md_escape(saved.title)}**")
            st.caption(view_line(saved, lang))
            if saved.note:
                st.caption(md_escape(saved.note))
            with st.container(horizontal=True, gap="small", vertical_alignment="center"):
                open_link(saved, lang)
                if story_id is not None:
                    st.button(
                        t("story_add", lang),
                        key=f"saved-add-{saved.view_id}",
                        icon=":material/playlist_add:",
                        on_click=_run,
                        args=(
                            lambda c, v=saved.view_id: store_views.add_to_storyline(c, story_id, v),
                            lang,
                        ),
                    )
                st.button(
                    t("views_delete", lang),
                    key=f"saved-delete-{saved.view_id}",
                    icon=":material/delete:",
                    on_click=_run,
                    args=(
                        lambda c, v=saved.view_id: store_views.delete_view(c, v),
                        lang,
                        t("views_deleted", lang, n=saved.view_id),
                    ),
                )
