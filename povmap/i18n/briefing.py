"""Labels of Briefing exports: slide decks, PDF briefings, PNG maps and charts, geo downloads (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {}
