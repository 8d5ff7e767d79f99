"""The settings of keeping households out of poverty as the data layer and the maths take them
(they read no settings): the monitoring thresholds of a round, the alert clock, grievance due
days, the holidays, the notice window, the self-report limit and the exit-verification
thresholds.

Example:
    >>> thresholds(2565).marginal_multiple, alert_clock().visit_days
    (1.5, 2)
    >>> exit_thresholds().method
    'exact'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path

from analysis.exit_sampling import ExitThresholds
from analysis.monitoring import MonitoringThresholds
from data.holidays import read_holidays
from data.monitoring import AlertClock
from povmap import settings

#: Each threshold's setting (POVMAP_MONITOR_<name>); the per-round map names them by field.
THRESHOLD_SETTINGS: dict[str, str] = {
    "exit_lookback_rounds": "POVMAP_MONITOR_EXIT_LOOKBACK_ROUNDS",
    "unstable_margin": "POVMAP_MONITOR_UNSTABLE_MARGIN",
    "unstable_failed_indicators": "POVMAP_MONITOR_UNSTABLE_FAILED",
    "marginal_multiple": "POVMAP_MONITOR_MARGINAL_MULTIPLE",
    "marginal_failed_indicators": "POVMAP_MONITOR_MARGINAL_FAILED",
    "income_drop_share": "POVMAP_MONITOR_INCOME_DROP_SHARE",
    "large_expense_share": "POVMAP_MONITOR_LARGE_EXPENSE_SHARE",
    "clear_after_rounds": "POVMAP_MONITOR_CLEAR_AFTER_ROUNDS",
}
_INTEGERS = {f.name for f in dataclasses.fields(MonitoringThresholds) if f.type in ("int", int)}


def round_overrides() -> dict[int, dict[str, float]]:
    """POVMAP_MONITOR_ROUNDS as round -> the thresholds that differ in it; a ValueError naming
    the setting for anything that is not such a map."""
    raw = str(settings.get("POVMAP_MONITOR_ROUNDS") or "").strip()
    if not raw:
        return {}
    try:
        found = json.loads(raw)
        if not isinstance(found, dict):
            raise ValueError("a JSON object of rounds is expected")
        out: dict[int, dict[str, float]] = {}
        for round_be, values in found.items():
            if not isinstance(values, dict):
                raise ValueError(f"round {round_be}: an object of thresholds is expected")
            unknown = set(values) - set(THRESHOLD_SETTINGS)
            if unknown:
                raise ValueError(
                    f"round {round_be}: unknown thresholds {', '.join(sorted(unknown))} "
                    f"(use {', '.join(THRESHOLD_SETTINGS)})"
                )
            out[int(round_be)] = {k: float(v) for k, v in values.items()}
    except (ValueError, TypeError) as exc:
        raise ValueError(f"setting POVMAP_MONITOR_ROUNDS={raw!r} is not valid: {exc}") from None
    return out


def thresholds(round_be: int | None = None) -> MonitoringThresholds:
    """The monitoring thresholds of ``round_be``: POVMAP_MONITOR_*, with that round's entries of
    POVMAP_MONITOR_ROUNDS over them."""
    values: dict[str, float] = {
        name: settings.get(setting) for name, setting in THRESHOLD_SETTINGS.items()
    }
    if round_be is not None:
        values.update(round_overrides().get(int(round_be), {}))
    typed = {k: int(v) if k in _INTEGERS else float(v) for k, v in values.items()}
    try:
        return MonitoringThresholds(**typed)
    except ValueError as exc:
        raise ValueError(f"monitoring thresholds of round {round_be}: {exc}") from None


def holidays() -> frozenset[dt.date]:
    """The public holidays of POVMAP_HOLIDAYS (read once per file and change)."""
    path = Path(settings.get("POVMAP_HOLIDAYS"))
    return _holidays(str(path), path.stat().st_mtime_ns if path.exists() else 0)


@functools.lru_cache(maxsize=4)
def _holidays(path: str, _mtime: int) -> frozenset[dt.date]:
    return read_holidays(path)


def alert_clock() -> AlertClock:
    """The due dates of alerts: POVMAP_ALERT_VISIT_DAYS and POVMAP_ALERT_DECISION_DAYS working
    days, the holidays skipped."""
    return AlertClock(
        visit_days=int(settings.get("POVMAP_ALERT_VISIT_DAYS")),
        decision_days=int(settings.get("POVMAP_ALERT_DECISION_DAYS")),
        holidays=holidays(),
    )


def grievance_due_days() -> int:
    """Working days from filing a grievance to its decision (POVMAP_GRIEVANCE_DUE_DAYS)."""
    return int(settings.get("POVMAP_GRIEVANCE_DUE_DAYS"))


def notice_days() -> int:
    """Working days a village's public notice stays open for objections."""
    return int(settings.get("POVMAP_NOTICE_DAYS"))


def self_report_limit() -> tuple[int, dt.timedelta]:
    """Reports one browser session or one address may send, and the window they count in."""
    return (
        int(settings.get("POVMAP_SELF_REPORT_MAX")),
        dt.timedelta(minutes=float(settings.get("POVMAP_SELF_REPORT_WINDOW_MINUTES"))),
    )


def exit_thresholds() -> ExitThresholds:
    """What an exit-verification sample must show (POVMAP_EXIT_*)."""
    return ExitThresholds(
        wrong_exit_max=float(settings.get("POVMAP_EXIT_WRONG_MAX")),
        missed_poor_max=float(settings.get("POVMAP_EXIT_MISSED_MAX")),
        satisfaction_min=float(settings.get("POVMAP_EXIT_SATISFACTION_MIN")),
        confidence=float(settings.get("POVMAP_EXIT_CONFIDENCE")),
        method=str(settings.get("POVMAP_EXIT_INTERVAL")),
    )


def exit_margin() -> float:
    """The default margin of error of a new exit-verification sample."""
    return float(settings.get("POVMAP_EXIT_MARGIN"))


def income_line() -> float:
    """The income line the monitoring categories are measured against (POVMAP_INCOME_LINE)."""
    return float(settings.get("POVMAP_INCOME_LINE"))
