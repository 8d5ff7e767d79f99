"""The settings of built-in accounts as ``data.users`` takes them (the data layer reads no
settings): lockout and session expiry.

Example:
    >>> policy().lockout_failures
    5
"""

from __future__ import annotations

from data.users import Policy
from povmap import settings


def policy() -> Policy:
    """Lockout and session expiry from POVMAP_LOCKOUT_* and POVMAP_SESSION_*."""
    return Policy(
        lockout_failures=int(settings.get("POVMAP_LOCKOUT_FAILURES")),
        lockout_minutes=float(settings.get("POVMAP_LOCKOUT_MINUTES")),
        idle_minutes=float(settings.get("POVMAP_SESSION_IDLE_MINUTES")),
        session_hours=float(settings.get("POVMAP_SESSION_HOURS")),
    )
