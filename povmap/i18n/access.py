"""Labels of Sign-in, accounts, roles and the audit trail (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {}
