"""Thai public holidays as a data file: the shipped file reads, its days are weekdays, and the
working-day clock skips them (Songkran 2568)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.working_days import add_working_days, working_days_between
from data.holidays import read_holidays


def test_the_shipped_file_lists_weekday_holidays_of_each_year():
    days = read_holidays()
    assert {d.year for d in days} >= {2024, 2025, 2026}
    assert all(d.weekday() < 5 for d in days)  # a weekend is skipped anyway
    assert dt.date(2025, 4, 14) in days and dt.date(2025, 4, 16) in days  # Songkran, substitute
    assert dt.date(2025, 4, 13) not in days  # a Sunday


def test_an_alert_opened_before_songkran_is_due_after_it():
    days = read_holidays()
    friday = dt.date(2025, 4, 11)
    # Mon 14, Tue 15 and Wed 16 April 2025 are holidays: 2 working days are Thu 17 and Fri 18
    assert add_working_days(friday, 2, days) == dt.date(2025, 4, 18)
    assert add_working_days(friday, 2) == dt.date(2025, 4, 15)
    # late on Mon 21 April by Mon 21 only
    assert working_days_between(dt.date(2025, 4, 18), dt.date(2025, 4, 21), days) == 1


def test_a_bad_date_is_refused_with_its_line(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,name_th\n2025-01-01,ปีใหม่\n\n1/2/2025,ผิด\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 4"):
        read_holidays(path)
    (tmp_path / "nodate.csv").write_text("day\n2025-01-01\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'date' column"):
        read_holidays(tmp_path / "nodate.csv")
