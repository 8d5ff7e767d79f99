"""Who is asking: the roles and scopes a read of the door is answered for.

An :class:`Access` is an immutable value the pages (and later the sign-in) pass down to the door:
the user's name (None when nobody is signed in), roles (:mod:`data.roles`), area scopes (DOPA
codes) and agency scopes (agency codes of the referral catalogue), and the small-cell threshold
(``POVMAP_MIN_CELL``) its area numbers are suppressed with. The door asks it three things:

* may it read household rows in an area (:meth:`Access.check_households`): a capability of
  :data:`data.roles.AREA_SCOPED` counts only inside one of the user's area codes;
* which columns of those rows it may receive (:meth:`Access.hidden_columns`): never the secret
  ones (:data:`data.store.SECRET_COLUMNS`); without named records (``household_ids``) in the
  area, none of :data:`data.store.IDENTIFYING_COLUMNS`; without ``sensitive`` in the area, none
  of :data:`data.store.SENSITIVE_COLUMNS`;
* whether its area numbers have small cells suppressed (:attr:`Access.suppressed`).

A refusal is an :class:`AccessDenied` carrying a catalogue message (Thai and English).

Example:
    >>> officer = Access(user="somchai", roles=("provincial",), areas=("46",), min_cell=5)
    >>> officer.check_households("4601")
    'household_ids'
    >>> officer.check_households("5001")
    Traceback (most recent call last):
    ...
    query.access.AccessDenied: Area 5001 is outside the areas assigned to you (46): household IDs, named records and their profiles (in the user's areas)
    >>> researcher = Access(user="nok", roles=("researcher",), min_cell=5)
    >>> researcher.check_households("5001"), "hh_id" in researcher.hidden_columns("5001")
    ('deidentified_records', True)
    >>> Access.public(min_cell=5).suppressed, officer.suppressed
    (True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from data import roles as role_defs
from data.messages import Text, msg, word
from data.store import IDENTIFYING_COLUMNS, SECRET_COLUMNS, SENSITIVE_COLUMNS
from geo.codes import CodeError, level_of

#: The area code that stands for the whole country (no area selected), as in ``query.scope``.
COUNTRY = ""

#: What a household read needs: named records, or at least de-identified ones.
NAMED = "household_ids"
DEIDENTIFIED = "deidentified_records"


class AccessDenied(PermissionError):
    """A read the asking user may not make. ``reason`` is a catalogue message
    (:class:`data.messages.Text`): ``str(error)`` is English, ``error.render("th")`` Thai."""

    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.code = reason.code

    def render(self, lang: str = "en") -> str:
        """The refusal in ``lang``."""
        return self.reason.render(lang)


def _capability_name(capability: str) -> Text | str:
    """The capability's name in the catalogue (``access.capability.*``), else its description."""
    return word(f"access.capability.{capability}", role_defs.CAPABILITIES[capability])


def _split(value: object) -> tuple[str, ...]:
    """Codes from a sequence or from one text (separated by commas, semicolons or spaces)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p for p in value.replace(";", " ").replace(",", " ").split() if p)
    return tuple(str(v).strip() for v in value if str(v).strip())  # type: ignore[attr-defined]


def _field(user: object, *names: str) -> object:
    """The first of ``names`` the user row has (a mapping or an object with attributes)."""
    for name in names:
        if isinstance(user, Mapping):
            if name in user:
                return user[name]
        elif hasattr(user, name):
            return getattr(user, name)
    return None


def _areas(codes: Iterable[str]) -> tuple[str, ...]:
    """Area codes checked, each once, the ones inside another dropped, by code."""
    checked = set()
    for code in codes:
        if code != COUNTRY:
            try:
                level_of(code)
            except CodeError:
                raise ValueError(
                    f"area scope {code!r} is not a DOPA code (2, 4, 6 or 8 digits)"
                ) from None
        checked.add(code)
    return tuple(sorted(c for c in checked if not any(o != c and c.startswith(o) for o in checked)))


@dataclass(frozen=True)
class Access:
    """The roles and scopes of whoever asks (see the module's text).

    ``areas``: DOPA codes the area-scoped capabilities hold in (:data:`COUNTRY`, ``""``, for
    every area: only :meth:`full` has it); ``agencies``: agency codes whose referral queue an
    agency officer works on; ``min_cell``: areas with 1 to ``min_cell - 1`` surveyed households
    are suppressed for roles that :func:`data.roles.needs_suppression`.
    """

    user: str | None = None
    roles: tuple[str, ...] = ("public",)
    areas: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    min_cell: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", role_defs.check_roles(_split(self.roles)) or ("public",))
        given = _split(self.areas) if isinstance(self.areas, str) else self.areas
        object.__setattr__(self, "areas", _areas(str(a).strip() for a in given))
        object.__setattr__(self, "agencies", tuple(sorted(set(_split(self.agencies)))))
        object.__setattr__(self, "min_cell", int(self.min_cell))
        if self.suppressed and self.min_cell < 1:
            raise ValueError("roles whose area numbers are suppressed need min_cell >= 1")

    # --- constructors ---------------------------------------------------------------------------

    @classmethod
    def public(cls, *, min_cell: int) -> Access:
        """Nobody signed in: area numbers only, small cells suppressed."""
        return cls(user=None, roles=("public",), min_cell=min_cell)

    @classmethod
    def from_user(cls, user: object, *, min_cell: int) -> Access:
        """The access of a signed-in user: a users-table row (a mapping or an object) with
        ``name``, ``roles``, ``area_scopes`` (or ``areas``) and ``agency_scopes`` (or
        ``agencies``); roles and scopes as sequences or as one text separated by commas,
        semicolons or spaces. Only these fields are read."""
        name = _field(user, "name", "user_name", "username")
        return cls(
            user=None if name is None else str(name),
            roles=_split(_field(user, "roles")),
            areas=_split(_field(user, "area_scopes", "areas")),
            agencies=_split(_field(user, "agency_scopes", "agencies")),
            min_cell=min_cell,
        )

    @classmethod
    def full(cls) -> Access:
        """Every capability in every area, nothing suppressed: the operator at the command line
        (a household-level read without an access is refused: ``query.scope.resolve``)."""
        return cls(user=None, roles=role_defs.ROLES[1:], areas=(COUNTRY,))

    # --- what the door asks --------------------------------------------------------------------

    @property
    def capabilities(self) -> frozenset[str]:
        """Everything the user may do (:func:`data.roles.capabilities`)."""
        return role_defs.capabilities(self.roles)

    @property
    def suppressed(self) -> bool:
        """Whether the user's area numbers have small cells suppressed."""
        return role_defs.needs_suppression(self.roles)

    @property
    def nationwide(self) -> bool:
        """Whether the area-scoped capabilities hold in every area."""
        return COUNTRY in self.areas

    def covers(self, area: str | None) -> bool:
        """Whether ``area`` (None or ``""``: the whole country) lies inside one of the user's
        area codes."""
        if self.nationwide:
            return True
        return bool(area) and any(str(area).startswith(code) for code in self.areas)

    def can(self, capability: str, area: str | None = None) -> bool:
        """Whether the user has ``capability`` (a key of :data:`data.roles.CAPABILITIES`) for
        ``area``: an area-scoped one only inside the user's areas."""
        if not role_defs.can(self.roles, capability):
            return False
        return capability not in role_defs.AREA_SCOPED or self.covers(area)

    def check(self, capability: str, area: str | None = None) -> None:
        """Nothing when :meth:`can`; else an :class:`AccessDenied` saying why."""
        if self.can(capability, area):
            return
        raise self.denial(capability, area)

    def denial(self, capability: str, area: str | None = None) -> AccessDenied:
        """The refusal of ``capability`` in ``area``, worded for why it is refused."""
        name = _capability_name(capability)
        if not role_defs.can(self.roles, capability):
            return AccessDenied(msg("scope.denied.capability", capability=name))
        areas = self.area_list()
        if not area:
            return AccessDenied(msg("scope.denied.country", areas=areas, capability=name))
        return AccessDenied(msg("scope.denied.area", area=area, areas=areas, capability=name))

    def area_list(self) -> Text | str:
        """The user's area codes as one text (a catalogue word when there is none)."""
        return ", ".join(self.areas) if self.areas else msg("scope.no_areas")

    def household_capability(self, area: str | None) -> str | None:
        """What household rows of ``area`` the user may read: :data:`NAMED` records,
        :data:`DEIDENTIFIED` ones, or None."""
        if self.can(NAMED, area):
            return NAMED
        if self.can(DEIDENTIFIED, area):
            return DEIDENTIFIED
        return None

    def check_households(self, area: str | None, *, named: bool = False) -> str:
        """The capability that lets the user read household rows of ``area`` (``named``: only
        named records will do), or an :class:`AccessDenied`."""
        got = self.household_capability(area)
        if got == NAMED or (got == DEIDENTIFIED and not named):
            return got
        if named or not role_defs.can(self.roles, DEIDENTIFIED):
            raise self.denial(NAMED, area)
        raise self.denial(DEIDENTIFIED, area)

    def hidden_columns(self, area: str | None) -> frozenset[str]:
        """Columns of household (and referral) rows of ``area`` the user never receives."""
        hidden = set(SECRET_COLUMNS)
        if not self.can(NAMED, area):
            hidden |= set(IDENTIFYING_COLUMNS) | set(SENSITIVE_COLUMNS)
        if not self.can("sensitive", area):
            hidden |= set(SENSITIVE_COLUMNS)
        return frozenset(hidden)

    def allowed_columns(self, columns: Iterable[str], area: str | None) -> list[str]:
        """``columns`` without the ones :meth:`hidden_columns` holds, in their order."""
        hidden = self.hidden_columns(area)
        return [c for c in columns if c not in hidden]

    def referral_agencies(self, area: str | None) -> tuple[str, ...] | None:
        """Which agencies' referrals of ``area`` the user may read: None for all of them (the
        user refers households there), the user's agencies (an agency officer there), or
        an :class:`AccessDenied`."""
        if self.can("refer", area):
            return None
        if self.can("agency_referrals", area):
            return self.agencies
        if role_defs.can(self.roles, "agency_referrals"):
            raise self.denial("agency_referrals", area)
        raise self.denial("refer", area)


__all__ = ["COUNTRY", "DEIDENTIFIED", "NAMED", "Access", "AccessDenied"]
