"""Built-in accounts: add, list, disable, reset, roles and scopes; sign-in, sessions, sign-out.

For a laptop or a provincial office without an identity server. Passwords are stored as
argon2id hashes (argon2-cffi's :class:`~argon2.PasswordHasher`, RFC 9106's memory-hard
profile); a hash made with weaker parameters is replaced at the next sign-in.

**Sign-in** (:func:`sign_in`) gives a :class:`Session` or a :class:`Refused` whose code and
parameters render in Thai and English (``access.*`` in ``data/messages_access.py``):

* a name that is no account and a wrong password get the same answer (``wrong_password``)
  and cost the same argon2 check (against a dummy hash when there is no account), which is
  nearly all of the time a sign-in takes, so neither the message nor the clock tells which
  names exist;
* after ``Policy.lockout_failures`` wrong passwords in a row the account is locked for
  ``Policy.lockout_minutes`` (``locked``), whatever password comes meanwhile;
* a disabled account is told so only when the password is right (``disabled``).

**Sessions** (:func:`session`): the browser keeps a random token; the store keeps only its
SHA-256. A session ends at sign-out (:func:`sign_out`), after ``Policy.idle_minutes`` without
activity, ``Policy.session_hours`` after the sign-in whatever the activity, and when the account
is disabled or its password reset. Roles and scopes are read from the account at every check,
so a change applies at the user's next click. A sign-in page calls
``sign_in(con, name, password, from_addr, policy=povmap.accounts.policy())``, keeps
``session.token`` in the browser's session only, and calls ``session(con, token, policy=...)``
on every rerun; ``Session.actor`` is what referral, verification and audit writes take.

Every change of an account and every sign-in, failed sign-in and sign-out leaves one audit entry
(``data.audit``) in the same transaction. None of these writes raises the data version: they
change no number a page shows. Time is passed in (``now``) so tests need no clock.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> admin = Actor("cli:admin", (), "cli")
    >>> add_user(con, "somsri", "a long pass phrase", roles=["provincial"], areas=["46"], by=admin)
    >>> at = dt.datetime(2025, 1, 6, 9, 0)
    >>> signed = sign_in(con, "Somsri", "a long pass phrase", "10.0.0.7", now=at)
    >>> signed.name, signed.roles, signed.areas, signed.can("household_ids")
    ('somsri', ('provincial',), ('46',), True)
    >>> session(con, signed.token, now=at + dt.timedelta(minutes=5)).name
    'somsri'
    >>> session(con, signed.token, now=at + dt.timedelta(hours=2)).text("en")
    'You were signed out after 30 minutes without activity: please sign in again'
    >>> sign_in(con, "somsri", "wrong", now=at).text("th")
    'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from analysis.interventions import load_catalogue
from data import audit
from data.audit import Actor
from data.messages import Text, msg
from data.problems import safe_text
from data.roles import AREA_SCOPED, ROLE_CAPABILITIES, ROLES, can, capabilities
from data.store import atomic
from geo.codes import is_valid_code, level_or_none

#: Passwords: at least this long (NIST SP 800-63B rev. 4 for a password used alone), at most
#: this long (a bound on the hashing work one request may ask for).
MIN_PASSWORD = 15
MAX_PASSWORD = 256
#: A session's last activity is written at most this often (a page rerun is not a write).
TOUCH_SECONDS = 60
MAX_DISPLAY = 80

_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

#: The hasher: argon2id with argon2-cffi's defaults (RFC 9106, low-memory profile).
HASHER = PasswordHasher()

T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    """Lockout and session expiry (``povmap.accounts.policy()`` reads them from the settings;
    these defaults are the settings' defaults)."""

    lockout_failures: int = 5
    lockout_minutes: float = 15.0
    idle_minutes: float = 30.0
    session_hours: float = 12.0

    def __post_init__(self) -> None:
        if self.lockout_failures < 1:
            raise ValueError("lockout_failures must be at least 1")
        for name in ("lockout_minutes", "idle_minutes", "session_hours"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be more than 0")


@dataclass(frozen=True)
class Refused:
    """A refused sign-in or an ended session: a code of ``access.*`` and its parameters."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> Text:
        """The message (English as a ``str``; :meth:`Text.render` gives Thai)."""
        return msg(f"access.{self.code}", **self.params)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message.render(lang)


#: The sign-in answer that is not a session (the name the sign-in UI expects).
SignInRefused = Refused


@dataclass(frozen=True)
class Session:
    """A signed-in user: who (the account ``name``), with which roles and scopes, since when,
    until when at most. ``query.access.Access.from_user`` reads it as it is."""

    name: str
    display_name: str
    email: str
    roles: tuple[str, ...]
    areas: tuple[str, ...]
    agencies: tuple[str, ...]
    address: str
    started_at: dt.datetime
    expires_at: dt.datetime
    token: str = field(repr=False)

    @property
    def actor(self) -> Actor:
        """Who acts, for the audit trail and the referral and verification history."""
        return Actor(self.name, self.roles, self.address)

    def can(self, capability: str) -> bool:
        """Whether this user's roles give ``capability`` (``data.roles.can``)."""
        return can(self.roles, capability)


class AccountError(ValueError):
    """A refused account change: ``code`` (``access.*``) and its parameters."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(str(msg(f"access.{code}", **params)))

    def text(self, lang: str = "en") -> str:
        return msg(f"access.{self.code}", **self.params).render(lang)


# --- names, passwords, roles and scopes ------------------------------------------------------


def normal_name(name: object) -> str:
    """The account name as stored: trimmed and lower case; AccountError if it cannot be one.

    >>> normal_name("  Somsri.K ")
    'somsri.k'
    """
    text = str(name or "").strip().lower()
    if not _NAME.fullmatch(text):
        raise AccountError("bad_name")
    return text


def _password(password: str, name: str) -> str:
    text = unicodedata.normalize("NFKC", str(password))
    if len(text) < MIN_PASSWORD:
        raise AccountError("password_short", min=MIN_PASSWORD)
    if len(text) > MAX_PASSWORD:
        raise AccountError("password_long", max=MAX_PASSWORD)
    if text.strip().lower() == name:
        raise AccountError("password_is_name")
    return text


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of ``password`` (NFKC-normalised)."""
    return HASHER.hash(unicodedata.normalize("NFKC", str(password)))


def _verify(stored: str, password: object) -> bool:
    text = unicodedata.normalize("NFKC", str(password or ""))
    too_long = len(text) > MAX_PASSWORD  # never a stored password: checked all the same
    try:
        return HASHER.verify(stored, text[:MAX_PASSWORD]) and not too_long
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """A hash of nothing anybody knows, made with the same parameters as real ones: checked
    when the name is no account, so that answer takes as long as a wrong password."""
    return HASHER.hash(secrets.token_urlsafe(24))


def _roles(roles: Iterable[str]) -> tuple[str, ...]:
    given = [str(r).strip().lower() for r in roles if str(r).strip()]
    if not given:
        raise AccountError("no_roles")
    for role in given:
        if role not in ROLES:
            raise AccountError("bad_role", role=role, allowed=", ".join(ROLES))
    return tuple(r for r in ROLES if r in given)


def _areas(areas: Iterable[str]) -> tuple[str, ...]:
    out = []
    for raw in areas:
        code = str(raw).strip()
        level = level_or_none(code)
        if level is None or not is_valid_code(code, level):
            raise AccountError("bad_area", value=code)
        out.append(code)
    return tuple(sorted(set(out)))


def _agencies(agencies: Iterable[str]) -> tuple[str, ...]:
    known = list(load_catalogue().agencies.index)
    out = []
    for raw in agencies:
        code = str(raw).strip().lower()
        if code not in known:
            raise AccountError("bad_agency", value=code, allowed=", ".join(known))
        out.append(code)
    return tuple(sorted(set(out)))


def _check_scopes(roles: tuple[str, ...], areas: tuple[str, ...], agencies: tuple[str, ...]):
    """A role that works in assigned areas needs areas; one that works an agency's queue needs
    agencies (what each role does is data/roles.py's, read here as capabilities)."""
    in_areas = [r for r in roles if ROLE_CAPABILITIES[r] & AREA_SCOPED]
    if in_areas and not areas:
        raise AccountError("needs_areas", roles=", ".join(in_areas))
    if can(roles, "agency_referrals") and not agencies:
        queue = [r for r in roles if "agency_referrals" in capabilities((r,))]
        raise AccountError("needs_agencies", roles=", ".join(queue))


def _display(text: object) -> str:
    clean = "".join(c for c in str(text or "") if c.isprintable())
    return safe_text(" ".join(clean.split()))[:MAX_DISPLAY]


def _email(text: object) -> str:
    value = str(text or "").strip().lower()
    if value and not _EMAIL.fullmatch(value):
        raise AccountError("bad_email", email=value)
    return value


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _write(con: duckdb.DuckDBPyConnection, step: Callable[[], T]) -> T:
    """``step`` in one transaction (without raising the data version), tried again if another
    session changed the same row meanwhile."""
    for attempt in range(3):
        try:
            with atomic(con):
                return step()
        except duckdb.TransactionException:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


# --- accounts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    """An account as an administrator sees it (never its hash)."""

    name: str
    display_name: str
    email: str
    roles: tuple[str, ...]
    areas: tuple[str, ...]
    agencies: tuple[str, ...]
    disabled: bool
    failed_signins: int
    locked_until: dt.datetime | None
    last_signed_in_at: dt.datetime | None
    created_at: dt.datetime
    changed_at: dt.datetime


_USER_COLUMNS = (
    "name, display_name, email, roles, area_scopes, agency_scopes, disabled, failed_signins, "
    "locked_until, last_signed_in_at, created_at, changed_at"
)


def _user(row: tuple) -> User:
    values = list(row)
    for i in (3, 4, 5):
        values[i] = tuple(values[i] or ())
    return User(*values)


def get_user(con: duckdb.DuckDBPyConnection, name: str) -> User | None:
    """The account ``name`` (any case), or None."""
    rows = con.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", [str(name).strip().lower()]
    ).fetchall()
    return _user(rows[0]) if rows else None


def _existing(con: duckdb.DuckDBPyConnection, name: str) -> User:
    user = get_user(con, name)
    if user is None:
        raise AccountError("no_user", name=str(name).strip().lower())
    return user


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account, by name: roles and scopes ``;``-joined, no password hash."""
    users = [
        _user(r) for r in con.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name").fetchall()
    ]
    frame = pd.DataFrame([u.__dict__ for u in users], columns=list(User.__dataclass_fields__))
    for column in ("roles", "areas", "agencies"):
        frame[column] = frame[column].map(";".join)
    return frame


def add_user(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    *,
    roles: Iterable[str],
    areas: Iterable[str] = (),
    agencies: Iterable[str] = (),
    display_name: str = "",
    email: str = "",
    by: Actor,
    now: dt.datetime | None = None,
) -> None:
    """Add an account. Raises AccountError (a bad or taken name, a short password, an unknown
    role, area or agency, a role without the scopes it needs)."""
    key = normal_name(name)
    secret = _password(password, key)
    held, area_codes, agency_codes = _roles(roles), _areas(areas), _agencies(agencies)
    _check_scopes(held, area_codes, agency_codes)
    shown, mail = _display(display_name), _email(email)
    hashed = hash_password(secret)
    at = now or _now()

    def step() -> None:
        if get_user(con, key) is not None:
            raise AccountError("user_exists", name=key)
        con.execute(
            """INSERT INTO users (name, display_name, email, password_hash, roles, area_scopes,
                 agency_scopes, created_at, changed_at)
               VALUES (?, ?, ?, ?, ?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[], ?, ?)""",
            [key, shown, mail, hashed, list(held), list(area_codes), list(agency_codes), at, at],
        )
        audit.record(
            con,
            by,
            "user_added",
            object=key,
            details={"roles": held, "areas": area_codes, "agencies": agency_codes},
            at=at,
        )

    _write(con, step)


def set_roles(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    roles: Iterable[str] | None = None,
    areas: Iterable[str] | None = None,
    agencies: Iterable[str] | None = None,
    display_name: str | None = None,
    email: str | None = None,
    by: Actor,
    now: dt.datetime | None = None,
) -> dict[str, tuple[object, object]]:
    """Change an account's roles, scopes, display name or e-mail (None: leave as it is).
    Returns what changed: field -> (before, after); nothing changed, no entry is written."""
    at = now or _now()

    def step() -> dict[str, tuple[object, object]]:
        user = _existing(con, name)
        after = {
            "roles": user.roles if roles is None else _roles(roles),
            "areas": user.areas if areas is None else _areas(areas),
            "agencies": user.agencies if agencies is None else _agencies(agencies),
            "display_name": user.display_name if display_name is None else _display(display_name),
            "email": user.email if email is None else _email(email),
        }
        _check_scopes(after["roles"], after["areas"], after["agencies"])
        changed = {k: (getattr(user, k), v) for k, v in after.items() if getattr(user, k) != v}
        if not changed:
            return {}
        con.execute(
            """UPDATE users SET roles = ?::VARCHAR[], area_scopes = ?::VARCHAR[],
                 agency_scopes = ?::VARCHAR[], display_name = ?, email = ?, changed_at = ?
               WHERE name = ?""",
            [
                list(after["roles"]),
                list(after["areas"]),
                list(after["agencies"]),
                after["display_name"],
                after["email"],
                at,
                user.name,
            ],
        )
        audit.record(
            con,
            by,
            "user_changed",
            object=user.name,
            details={k: {"before": b, "after": a} for k, (b, a) in changed.items()},
            at=at,
        )
        return changed

    return _write(con, step)


def _end_sessions(con: duckdb.DuckDBPyConnection, name: str, why: str, at: dt.datetime) -> None:
    con.execute(
        """UPDATE sessions SET ended_at = ?, ended_why = ?
           WHERE user_name = ? AND ended_at IS NULL""",
        [at, why, name],
    )


def disable(
    con: duckdb.DuckDBPyConnection, name: str, *, by: Actor, now: dt.datetime | None = None
) -> None:
    """Disable an account: it cannot sign in and its open sessions end. Kept, not deleted: the
    history and the audit trail name it."""
    at = now or _now()

    def step() -> None:
        user = _existing(con, name)
        con.execute(
            "UPDATE users SET disabled = true, changed_at = ? WHERE name = ?", [at, user.name]
        )
        _end_sessions(con, user.name, "disabled", at)
        audit.record(con, by, "user_disabled", object=user.name, at=at)

    _write(con, step)


def enable(
    con: duckdb.DuckDBPyConnection, name: str, *, by: Actor, now: dt.datetime | None = None
) -> None:
    """Enable a disabled account again (and lift a lock)."""
    at = now or _now()

    def step() -> None:
        user = _existing(con, name)
        con.execute(
            """UPDATE users SET disabled = false, failed_signins = 0, locked_until = NULL,
                 changed_at = ? WHERE name = ?""",
            [at, user.name],
        )
        audit.record(con, by, "user_enabled", object=user.name, at=at)

    _write(con, step)


def reset_password(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    *,
    by: Actor,
    now: dt.datetime | None = None,
) -> None:
    """Set a new password: the lock is lifted and the account's open sessions end."""
    key = _existing(con, name).name
    hashed = hash_password(_password(password, key))
    at = now or _now()

    def step() -> None:
        con.execute(
            """UPDATE users SET password_hash = ?, failed_signins = 0, locked_until = NULL,
                 changed_at = ? WHERE name = ?""",
            [hashed, at, key],
        )
        _end_sessions(con, key, "password_reset", at)
        audit.record(con, by, "password_reset", object=key, at=at)

    _write(con, step)


# --- sign-in and sessions --------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What the store keeps of a session token: its SHA-256, in hex."""
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


def _session(row: tuple, token: str) -> Session:
    user, shown, mail, roles, areas, agencies, address, started, expires = row
    return Session(
        user,
        shown,
        mail,
        tuple(roles or ()),
        tuple(areas or ()),
        tuple(agencies or ()),
        address,
        started,
        expires,
        token,
    )


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def sign_in(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    from_addr: str = "",
    *,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> Session | Refused:
    """Check a name and password: a new :class:`Session`, or why not (:class:`Refused`)."""
    policy = policy or Policy()
    at = now or _now()
    address = str(from_addr or "")[:100]
    try:
        key = normal_name(name)
    except AccountError:
        key = ""
    rows = (
        con.execute("SELECT password_hash FROM users WHERE name = ?", [key]).fetchall()
        if key
        else []
    )
    # always one argon2 check, so "no such account" takes as long as "wrong password"
    stored = rows[0][0] if rows else None
    right = _verify(stored or _dummy_hash(), password)
    if stored is None:  # written like a wrong password's entry: one more transaction
        _write(
            con,
            lambda: audit.record(
                con,
                Actor("", (), address),
                "sign_in_failed",
                details={"reason": "no_account"},
                at=at,
            ),
        )
        return Refused("wrong_password")

    def step() -> Session | Refused:
        # read again inside the transaction: another sign-in may have counted a failure
        disabled, failures, locked_until = con.execute(
            "SELECT disabled, failed_signins, locked_until FROM users WHERE name = ?", [key]
        ).fetchall()[0]
        actor = Actor(key, (), address)
        if locked_until is not None and at < locked_until:
            audit.record(
                con,
                actor,
                "sign_in_failed",
                object=key,
                details={"reason": "locked", "locked_until": locked_until},
                at=at,
            )
            return Refused(
                "locked",
                {
                    "until": locked_until.strftime("%H:%M"),
                    "minutes": _minutes_left(locked_until, at),
                },
            )
        if not right:
            count = int(failures) + 1
            lock = None
            if count >= policy.lockout_failures:
                lock, count = at + dt.timedelta(minutes=policy.lockout_minutes), 0
            con.execute(
                "UPDATE users SET failed_signins = ?, locked_until = ? WHERE name = ?",
                [count, lock, key],
            )
            audit.record(
                con,
                actor,
                "sign_in_failed",
                object=key,
                details={"reason": "wrong_password", "locked_until": lock},
                at=at,
            )
            if lock is not None:
                return Refused(
                    "locked", {"until": lock.strftime("%H:%M"), "minutes": _minutes_left(lock, at)}
                )
            return Refused("wrong_password")
        if disabled:
            audit.record(
                con, actor, "sign_in_failed", object=key, details={"reason": "disabled"}, at=at
            )
            return Refused("disabled")
        if HASHER.check_needs_rehash(stored):
            con.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?",
                [hash_password(password), key],
            )
        return _open_session(con, key, address, policy, at)

    return _write(con, step)


def _open_session(
    con: duckdb.DuckDBPyConnection,
    key: str,
    address: str,
    policy: Policy,
    at: dt.datetime,
    details: Mapping[str, object] | None = None,
) -> Session:
    """A new session of account ``key`` (inside the caller's transaction), audited."""
    token = secrets.token_urlsafe(32)
    expires = at + dt.timedelta(hours=policy.session_hours)
    con.execute(
        """UPDATE users SET failed_signins = 0, locked_until = NULL, last_signed_in_at = ?
           WHERE name = ?""",
        [at, key],
    )
    con.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
        [token_hash(token), key, address, at, expires, at],
    )
    signed = _session_row(con, token)[0]
    audit.record(con, signed, "signed_in", object=key, details=details, at=at)
    return signed


def sign_in_external(
    con: duckdb.DuckDBPyConnection,
    email: str,
    from_addr: str = "",
    *,
    via: str = "oidc",
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> Session | Refused:
    """A session for a person an identity provider has signed in (single sign-on): the account
    with this e-mail gives the roles and scopes. No account, several accounts or a disabled one:
    :class:`Refused` (audited like a failed sign-in); the person stays the public."""
    policy = policy or Policy()
    at = now or _now()
    address = str(from_addr or "")[:100]
    wanted = str(email or "").strip().lower()

    def step() -> Session | Refused:
        rows = con.execute(
            "SELECT name, disabled FROM users WHERE lower(email) = ? AND email <> ''", [wanted]
        ).fetchall()
        reason = (
            None
            if len(rows) == 1 and not rows[0][1]
            else ("no_account" if not rows else "several_accounts" if len(rows) > 1 else "disabled")
        )
        if reason is not None:
            audit.record(
                con,
                Actor(rows[0][0] if len(rows) == 1 else "", (), address),
                "sign_in_failed",
                object=rows[0][0] if len(rows) == 1 else "",
                details={"reason": reason, "via": via},
                at=at,
            )
            return Refused("disabled" if reason == "disabled" else "no_account_for_email")
        return _open_session(con, rows[0][0], address, policy, at, {"via": via})

    return _write(con, step)


def _session_row(con: duckdb.DuckDBPyConnection, token: str) -> tuple[Session, tuple]:
    """The session of ``token`` and its state (ended_at, ended_why, last_seen_at, disabled)."""
    rows = con.execute(
        """SELECT u.name, u.display_name, u.email, u.roles, u.area_scopes, u.agency_scopes,
             s.from_addr, s.created_at, s.expires_at,
             s.ended_at, s.ended_why, s.last_seen_at, u.disabled
           FROM sessions s JOIN users u ON u.name = s.user_name
           WHERE s.token_hash = ?""",
        [token_hash(token)],
    ).fetchall()
    if not rows:
        return None  # type: ignore[return-value]
    return _session(rows[0][:9], token), rows[0][9:]


#: Why a session ended -> what the person is told.
_ENDED = {
    "signed_out": "signed_out",
    "password_reset": "password_was_reset",
    "disabled": "disabled",
}


def session(
    con: duckdb.DuckDBPyConnection,
    token: str,
    *,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> Session | Refused:
    """The open session of ``token`` with the account's current roles and scopes, or why it is
    not open any more (:class:`Refused`: signed out, idle, expired, disabled, password reset)."""
    policy = policy or Policy()
    at = now or _now()
    found = _session_row(con, token) if token else None
    if found is None:
        return Refused("session_ended")
    signed, (ended_at, ended_why, last_seen, disabled) = found
    if ended_at is not None:
        return _ended(ended_why, policy)
    why = None
    if disabled:
        why = "disabled"
    elif at >= signed.expires_at:
        why = "expired"
    elif at - last_seen >= dt.timedelta(minutes=policy.idle_minutes):
        why = "idle"
    if why is not None:
        _write(
            con,
            lambda: con.execute(
                """UPDATE sessions SET ended_at = ?, ended_why = ?
                   WHERE token_hash = ? AND ended_at IS NULL""",
                [at, why, token_hash(token)],
            ),
        )
        return _ended(why, policy)
    if (at - last_seen).total_seconds() >= TOUCH_SECONDS:
        # another tab of the same session may be touching it at the same moment
        with contextlib.suppress(duckdb.TransactionException):
            con.execute(
                "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?",
                [at, token_hash(token), at],
            )
    return signed


def _ended(why: str | None, policy: Policy) -> Refused:
    if why == "idle":
        return Refused("session_idle", {"minutes": f"{policy.idle_minutes:g}"})
    if why == "expired":
        return Refused("session_expired", {"hours": f"{policy.session_hours:g}"})
    return Refused(_ENDED.get(str(why), "session_ended"))


def sign_out(con: duckdb.DuckDBPyConnection, token: str, *, now: dt.datetime | None = None) -> bool:
    """End the session of ``token``. Returns False if it was not open."""
    at = now or _now()
    found = _session_row(con, token) if token else None
    if found is None or found[1][0] is not None:
        return False
    signed = found[0]

    def step() -> bool:
        con.execute(
            """UPDATE sessions SET ended_at = ?, ended_why = 'signed_out'
               WHERE token_hash = ? AND ended_at IS NULL""",
            [at, token_hash(token)],
        )
        audit.record(con, signed, "signed_out", object=signed.name, at=at)
        return True

    return _write(con, step)


def purge_sessions(con: duckdb.DuckDBPyConnection, *, now: dt.datetime | None = None) -> int:
    """Delete the sessions that have ended or expired (nothing is left to check in them; the
    audit trail keeps the sign-ins). Returns how many."""
    at = now or _now()

    def step() -> int:
        where = "ended_at IS NOT NULL OR expires_at <= ?"
        (count,) = con.execute(f"SELECT count(*) FROM sessions WHERE {where}", [at]).fetchall()[0]
        con.execute(f"DELETE FROM sessions WHERE {where}", [at])
        return int(count)

    return _write(con, step)
