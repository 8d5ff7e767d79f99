"""Labels of Saved views, storylines and presentation mode (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {}
