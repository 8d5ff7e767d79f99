"""Who is using the app: sign-in with a built-in account or the organisation's single sign-on,
the account line in the sidebar, sign-out, and the :class:`query.access.Access` every page
passes to the door.

A built-in sign-in (``data.users.sign_in``) gives a session token; the server keeps only its
hash, this browser keeps the token in a cookie (SameSite=Strict, for the session's lifetime)
that the server reads when a session starts (``st.context.cookies``), so a reload or a new tab
stays signed in until the session ends (signed out, idle, expired, account disabled). With
single sign-on configured (``[auth]`` in ``.streamlit/secrets.toml``, docs/deploy.md), Streamlit's
``st.login`` signs people in at the identity provider; the account with the same e-mail gives
the roles and areas. Nobody signed in is the public.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json

import streamlit as st

from data import users
from data.audit import Actor
from data.roles import can
from povmap import accounts, settings
from povmap.i18n import t
from povmap.views import ui
from povmap.views.chrome import md_escape
from query.access import Access

#: the browser cookie holding this browser's session token (never the password)
SESSION_COOKIE = "povmap_session"
#: the provider name in ``[auth.<name>]`` of secrets.toml
SSO_PROVIDER = "povmap"
_TOKEN = "signin_token"
_NOTICE = "signin_notice"
_SSO_SEEN = "signin_sso_email"
_SSO_REFUSED = "signin_sso_refused"


# --- where a request comes from -------------------------------------------------------------------


def from_address() -> str:
    """The address the request came from: the client's, or behind a reverse proxy on this machine
    the first address of its ``X-Forwarded-For`` (only a loopback proxy is believed)."""
    peer = str(getattr(st.context, "ip_address", "") or "")
    forwarded = st.context.headers.get("X-Forwarded-For", "") if st.context.headers else ""
    try:
        local = not peer or ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = False
    if forwarded and local:
        return forwarded.split(",")[0].strip()[:100]
    return peer[:100]


# --- the session -----------------------------------------------------------------------------------


def sso_configured() -> bool:
    """Whether single sign-on is set up (``[auth]`` with a ``povmap`` provider in secrets.toml)."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False
    return bool(auth) and SSO_PROVIDER in auth


def _keep_cookie(session: users.Session | None, box: object) -> None:
    """Make this browser's cookie hold the session's token (or none after it ended).

    The server sees the cookies only as they were when this browser session connected, so the
    script is sent on every run until then; sending it once, on the run that signs in, is not
    enough: that run is cut short by the rerun, and the browser may never run the script."""
    token = session.token if session is not None else ""
    if token == str(st.context.cookies.get(SESSION_COOKIE, "") or ""):
        return
    seconds = int((session.expires_at - dt.datetime.now()).total_seconds()) if session else 0
    cookie = f"{SESSION_COOKIE}={token}; Path=/; Max-Age={max(seconds, 0)}; SameSite=Strict"
    box.html(
        f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True
    )


def _token() -> str:
    if _TOKEN not in st.session_state:
        st.session_state[_TOKEN] = str(st.context.cookies.get(SESSION_COOKIE, "") or "")
    return st.session_state[_TOKEN]


def _forget(notice: str | None) -> None:
    st.session_state[_TOKEN] = ""
    if notice:
        st.session_state[_NOTICE] = notice


def _sso_session(lang: str) -> users.Session | None:
    """The session of a person the identity provider signed in (once per sign-on)."""
    email = str(st.user.get("email") or "")
    if st.session_state.get(_SSO_SEEN) == email and st.session_state.get(_TOKEN):
        return None  # already turned into a session; checked below like any other
    st.session_state[_SSO_SEEN] = email
    answer = users.sign_in_external(
        ui.cursor(), email, from_address(), via="oidc", policy=accounts.policy()
    )
    if isinstance(answer, users.Refused):
        # signed in at the provider, not here: the public, told why until they sign out there
        st.session_state[_SSO_REFUSED] = answer
        return None
    st.session_state.pop(_SSO_REFUSED, None)
    st.session_state[_TOKEN] = answer.token
    return answer


def current_session(lang: str) -> users.Session | None:
    """The signed-in user of this browser session, or None (the public). An ended session is
    forgotten here, with a notice saying why (shown by :func:`sidebar_account`)."""
    if sso_configured() and st.user.is_logged_in:
        _sso_session(lang)
    token = _token()
    if not token:
        return None
    answer = users.session(ui.cursor(), token, policy=accounts.policy())
    if isinstance(answer, users.Refused):
        _forget(answer.text(lang))
        return None
    return answer


_SIGNED_IN = "signin_session"
_ACCESS = "access"


def start(lang: str) -> users.Session | None:
    """Who this browser's user is, for this run (app.py calls it once before any page runs):
    the session (None: the public) and its :class:`Access` are kept for :func:`signed_in` and
    :func:`access`."""
    session = current_session(lang)
    st.session_state[_SIGNED_IN] = session
    st.session_state[_ACCESS] = access_of(session)
    return session


def signed_in() -> users.Session | None:
    """This run's signed-in user (None: the public); a page run on its own asks the store."""
    if _SIGNED_IN not in st.session_state:
        return start(ui.url_language())
    return st.session_state[_SIGNED_IN]


def access() -> Access:
    """What the door answers this run's user: pass it as ``access=`` to every door read."""
    if _ACCESS not in st.session_state:
        start(ui.url_language())
    return st.session_state[_ACCESS]


def actor(session: users.Session | None) -> Actor:
    """Who acts in this run, for the audit trail: the signed-in user, else nobody (with the
    address the request came from)."""
    return session.actor if session is not None else Actor("", (), from_address())


def access_of(session: users.Session | None) -> Access:
    """What the door answers for ``session`` (the public when None)."""
    min_cell = int(settings.get("POVMAP_MIN_CELL"))
    if session is None:
        return Access.public(min_cell=min_cell)
    return Access.from_user(session, min_cell=min_cell)


def sign_in(name: str, password: str, lang: str) -> str | None:
    """Sign in with a built-in account: None when signed in, else the refusal in ``lang``."""
    answer = users.sign_in(ui.cursor(), name, password, from_address(), policy=accounts.policy())
    if isinstance(answer, users.Refused):
        return answer.text(lang)
    st.session_state[_TOKEN] = answer.token
    st.session_state.pop(_NOTICE, None)
    return None


def sign_out(lang: str) -> None:
    """End this browser's session (and the single sign-on cookie)."""
    token = st.session_state.get(_TOKEN, "")
    if token:
        users.sign_out(ui.cursor(), token)
    _forget(t("access.signed_out", lang))
    if sso_configured() and st.user.is_logged_in:
        st.session_state.pop(_SSO_SEEN, None)
        st.logout()


# --- widgets -----------------------------------------------------------------------------------------


def sidebar_account(session: users.Session | None, lang: str, where: object = None) -> None:
    """The account line of the sidebar (in ``where``, a sidebar container made before the
    navigation, so it stands at the top): who is signed in with which roles and a sign-out
    button, or a link to the sign-in page; a notice when a session just ended. Call it after
    ``st.navigation`` (a page link needs the pages)."""
    box = where if where is not None else st.sidebar
    _keep_cookie(session, box)
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        box.warning(md_escape(notice))
    refused = st.session_state.get(_SSO_REFUSED)
    if session is None and refused is not None and sso_configured() and st.user.is_logged_in:
        box.warning(md_escape(refused.text(lang)))
        if box.button(t("access_sign_out", lang), key="signin_sso_sign_out"):
            st.session_state.pop(_SSO_REFUSED, None)
            st.session_state.pop(_SSO_SEEN, None)
            st.logout()
        return
    if session is None:
        box.page_link("pages/signin.py", label=t("access_sign_in", lang), icon=":material/login:")
        return
    roles = ", ".join(t(f"access.role.{r}", lang) for r in session.roles)
    box.caption(
        t(
            "access_signed_in_roles",
            lang,
            name=md_escape(session.display_name or session.name),
            roles=roles,
        )
    )
    if box.button(t("access_sign_out", lang), key="signin_sign_out"):
        sign_out(lang)
        st.rerun()


def sign_in_form(session: users.Session | None, lang: str) -> None:
    """The sign-in page: name and password, and the organisation's sign-on when set up."""
    if session is not None:
        st.success(
            t("access_signed_in_as", lang, name=md_escape(session.display_name or session.name))
        )
        return
    with st.form("signin_form"):
        name = st.text_input(t("access_user_name", lang), key="signin_name", max_chars=64)
        password = st.text_input(
            t("access_password", lang), type="password", key="signin_password", max_chars=256
        )
        pressed = st.form_submit_button(t("access_sign_in", lang), type="primary")
    if pressed:
        refused = sign_in(name, password, lang)
        if refused is None:
            st.rerun()
        st.error(md_escape(refused))
    if sso_configured():
        st.divider()
        if st.button(t("access_sign_in_sso", lang), key="signin_sso"):
            st.login(SSO_PROVIDER)
    st.caption(t("access_not_signed_in", lang))


def allowed(session: users.Session | None, capability: str) -> bool:
    """Whether this browser's user may use a page that needs ``capability``."""
    return can(session.roles if session else ("public",), capability)
