"""povmap/monitoring_settings.py: settings into the monitoring thresholds (per round), the alert
clock with the holidays file, and the exit-verification thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.exit_sampling import ExitThresholds
from analysis.monitoring import MonitoringThresholds
from povmap import monitoring_settings as ms


def test_the_defaults_are_the_documented_ones():
    assert ms.thresholds() == MonitoringThresholds()
    assert ms.exit_thresholds() == ExitThresholds()
    clock = ms.alert_clock()
    assert (clock.visit_days, clock.decision_days) == (2, 15)
    assert dt.date(2025, 4, 14) in clock.holidays
    assert ms.grievance_due_days() == 15 and ms.notice_days() == 7
    assert ms.self_report_limit() == (3, dt.timedelta(minutes=60))
    assert ms.exit_margin() == 0.05 and ms.income_line() == 38_000


def test_a_round_takes_its_own_thresholds(monkeypatch):
    monkeypatch.setenv("POVMAP_MONITOR_MARGINAL_MULTIPLE", "1.4")
    monkeypatch.setenv(
        "POVMAP_MONITOR_ROUNDS", '{"2566": {"marginal_multiple": 1.2, "clear_after_rounds": 3}}'
    )
    assert ms.thresholds(2565).marginal_multiple == 1.4
    got = ms.thresholds(2566)
    assert got.marginal_multiple == 1.2 and got.clear_after_rounds == 3
    assert isinstance(got.clear_after_rounds, int)


@pytest.mark.parametrize("value", ['{"2566": {"margin": 1}}', "[1, 2]", '{"2566": 3}', "{not json"])
def test_a_bad_round_map_names_the_setting(monkeypatch, value):
    monkeypatch.setenv("POVMAP_MONITOR_ROUNDS", value)
    with pytest.raises(ValueError, match="POVMAP_MONITOR_ROUNDS"):
        ms.thresholds(2566)


def test_thresholds_the_rules_refuse_are_refused_with_the_round(monkeypatch):
    monkeypatch.setenv("POVMAP_MONITOR_ROUNDS", '{"2566": {"marginal_multiple": 0.5}}')
    with pytest.raises(ValueError, match="round 2566"):
        ms.thresholds(2566)


def test_the_holidays_file_is_a_setting(monkeypatch, tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date\n2025-01-06\n", encoding="utf-8")
    monkeypatch.setenv("POVMAP_HOLIDAYS", str(path))
    clock = ms.alert_clock()
    assert clock.holidays == frozenset({dt.date(2025, 1, 6)})
    # opened on Friday 3 January: Monday 6 is a holiday, so the visit is due on Wednesday
    assert clock.due(dt.datetime(2025, 1, 3, 9))[0] == dt.date(2025, 1, 8)
