"""Labels of Monitoring, exit verification and grievances (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {}
