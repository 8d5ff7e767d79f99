"""Roles and scopes: who may see and do what (the one definition; docs/privacy.md has the table).

A user holds one or more roles. Area scopes are DOPA codes (a province ``46``, a district
``4601``, ...) and agency scopes are agency codes of the referral catalogue; a role that works in
areas sees only households inside one of the user's area codes. Nobody signed in is ``public``.

What each role may do is written here once, as capabilities; the door (``query.access``) and the
pages ask :func:`can` and never test role names themselves.

>>> can(("executive",), "aggregates")
True
>>> can(("researcher",), "household_ids")
False
>>> sorted(capabilities(("agency",)))
['agency_referrals', 'aggregates', 'suppressed']
>>> needs_suppression(("public",)), needs_suppression(("public", "provincial"))
(True, False)
>>> check_roles(["executive", "nobody"])
Traceback (most recent call last):
...
ValueError: unknown role 'nobody'; roles are public, executive, researcher, provincial, agency, admin
"""

from __future__ import annotations

from collections.abc import Iterable

#: every role, in the order they are listed to people
ROLES: tuple[str, ...] = ("public", "executive", "researcher", "provincial", "agency", "admin")

#: capabilities, each a thing a page, download, export or command may need
CAPABILITIES: dict[str, str] = {
    "aggregates": "area numbers: maps, tables and charts of counts, shares and indices",
    "suppressed": "area numbers are shown with small cells suppressed (POVMAP_MIN_CELL)",
    "programme": "the programme pages (targets, outcomes, interventions)",
    "deidentified_records": "household records without IDs, names, free text or GPS",
    "household_ids": "household IDs, named records and their profiles (in the user's areas)",
    "sensitive": "health, disability and free-text notes of households (in the user's areas)",
    "verify": "find-and-verify and the review queue (in the user's areas)",
    "refer": "create and follow referrals (in the user's areas)",
    "agency_referrals": "the referral queue of the user's agencies: accept, update, close",
    "import": "import files into the store",
    "admin": "users, roles, settings and the audit trail",
}

#: what each role may do
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    "public": frozenset({"aggregates", "suppressed"}),
    "executive": frozenset({"aggregates", "programme"}),
    "researcher": frozenset({"aggregates", "suppressed", "deidentified_records"}),
    "provincial": frozenset(
        {"aggregates", "programme", "household_ids", "sensitive", "verify", "refer"}
    ),
    "agency": frozenset({"aggregates", "suppressed", "agency_referrals"}),
    "admin": frozenset({"aggregates", "programme", "import", "admin"}),
}

#: capabilities limited to the user's area codes (the others apply to every area)
AREA_SCOPED: frozenset[str] = frozenset(
    {"household_ids", "sensitive", "verify", "refer", "agency_referrals"}
)


def check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """``roles`` as a tuple in :data:`ROLES` order; a ValueError naming an unknown one."""
    given = list(roles)
    for role in given:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    return tuple(r for r in ROLES if r in given)


def capabilities(roles: Iterable[str]) -> frozenset[str]:
    """Everything the holder of ``roles`` may do (the union over the roles; public always).

    Suppression is a limit, not a right: it applies only when no role lifts it (a role that
    sees area numbers without the ``suppressed`` flag)."""
    held = check_roles(roles) or ("public",)
    caps = frozenset().union(*(ROLE_CAPABILITIES[r] for r in held))
    if any(
        "aggregates" in ROLE_CAPABILITIES[r] and "suppressed" not in ROLE_CAPABILITIES[r]
        for r in held
    ):
        caps = caps - {"suppressed"}
    return caps


def can(roles: Iterable[str], capability: str) -> bool:
    """Whether the holder of ``roles`` has ``capability`` (a key of :data:`CAPABILITIES`)."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    return capability in capabilities(roles)


def needs_suppression(roles: Iterable[str]) -> bool:
    """Whether area numbers shown to the holder of ``roles`` have small cells suppressed."""
    return "suppressed" in capabilities(roles)
