"""Running the app as a role in the tests: the demo store's accounts, one per role
(:data:`povmap.bootstrap.DEMO_ACCOUNTS`: public, executive, researcher, a provincial officer of
Kalasin ``46``, an agency officer of ``pmj`` in ``46``, an administrator), signed in with the
real sign-in (:func:`data.users.sign_in`), never a stand-in for it.

AppTest (``tests/app``): :func:`sign_in` puts a fresh session's token in the AppTest's session
state under the key the sign-in cookie fills (``signin_token``), so ``signin_view.start`` finds
the session in the store, as it does for a browser that signed in, and keeps its Session and
Access (``signin_session``, ``access``) for the pages. The browser (``tests/browser``) signs in
through the sign-in page's form instead (:func:`sign_in_browser`, the ``sign_in_as`` fixture).

Example (a page as the provincial officer)::

    at = AppTest.from_file(APP)
    roles.sign_in(at, "provincial")
    at.run()
"""

from __future__ import annotations

import os
from pathlib import Path

from data import store, users
from povmap.bootstrap import DEMO_ACCOUNTS

#: the roles in the order the matrix lists them (the demo has one account per role)
ROLES: tuple[str, ...] = tuple(name for name, *_ in DEMO_ACCOUNTS)
#: demo account name -> its password
PASSWORDS: dict[str, str] = {name: password for name, password, *_ in DEMO_ACCOUNTS}
#: demo account name -> (roles, area scopes, agency scopes)
SCOPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    name: (roles, areas, agencies) for name, _password, roles, areas, agencies in DEMO_ACCOUNTS
}
#: the session-state key signin_view reads a new session's token from (the cookie's value)
TOKEN_KEY = "signin_token"
#: the province the provincial and the agency officers of the demo work in
HOME = "46"

#: page file -> the demo role the existing page tests open it as: the public for area pages,
#: else an account the navigation lists the page for (app.py SECTIONS)
PAGE_ROLES: dict[str, str] = {
    "pages/household.py": "provincial",
    "pages/referrals.py": "provincial",
    "pages/outcomes.py": "provincial",
    "pages/programme.py": "provincial",
    "pages/review.py": "provincial",
    "pages/monitoring.py": "provincial",
    "pages/exit_check.py": "provincial",
    "pages/grievances.py": "provincial",
    "pages/data.py": "admin",
    "pages/admin.py": "admin",
}


def role_for(page: str | None) -> str:
    """The role the page tests open ``page`` as (``public`` for the area pages)."""
    return PAGE_ROLES.get(page or "", "public")


def session(db: str | Path, role: str) -> users.Session:
    """A new session of ``role``'s demo account on the store ``db`` (a real sign-in)."""
    con = store.connect(db)
    try:
        answer = users.sign_in(con, role, PASSWORDS[role], "127.0.0.1")
    finally:
        con.close()
    assert isinstance(answer, users.Session), f"{role} could not sign in: {answer}"
    return answer


def sign_in(at, role: str | None, db: str | Path | None = None):
    """``at`` (an AppTest not yet run) signed in as ``role`` on ``db`` (default: the store the
    app reads, POVMAP_DB); ``None`` or ``public``: nobody signed in. Returns ``at``."""
    if role in (None, "public"):
        return at
    at.session_state[TOKEN_KEY] = session(db or os.environ["POVMAP_DB"], role).token
    return at


#: how long the browser waits for the sign-in to show the account line (a cold app's first run)
SIGN_IN_TIMEOUT_MS = 90_000


def sign_in_browser(
    page, base_url: str, role: str, lang: str = "th", *, password: str | None = None
) -> None:
    """Sign the browser ``page`` in as ``role``'s demo account (or an account the test added,
    with its ``password``) through the sign-in page's form, as a person does, and wait until the
    sidebar has the sign-out button; the session cookie keeps the browser context signed in.
    ``public``: nobody signs in (nothing is done)."""
    from povmap.i18n import t

    if role == "public" and password is None:
        return
    page.goto(f"{base_url}/signin?lang={lang}", wait_until="domcontentloaded")
    page.get_by_label(t("access_user_name", lang), exact=True).fill(role)
    page.get_by_label(t("access_password", lang), exact=True).fill(password or PASSWORDS[role])
    page.get_by_role("button", name=t("access_sign_in", lang), exact=True).click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sign_out = sidebar.get_by_role("button", name=t("access_sign_out", lang))
    sign_out.wait_for(state="visible", timeout=SIGN_IN_TIMEOUT_MS)
