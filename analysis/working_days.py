"""The service-level clock: due dates counted in working days (Monday to Friday, public
holidays skipped).

A due date ``days`` working days after a start is the ``days``-th working day after the start
day: an alert opened on a Friday with 2 working days for the home visit is due on Tuesday, and
one opened on a Saturday is due on Tuesday too (Monday is the first working day after it).
With 0 days the due date is the start day itself, or the next working day when the start is a
weekend or a holiday. Holidays are a set of dates the caller passes (Thai public holidays move
with the lunar calendar and with cabinet decisions, so they are data, not code).

Example:
    >>> friday = dt.date(2025, 1, 3)
    >>> add_working_days(friday, 2)
    datetime.date(2025, 1, 7)
    >>> add_working_days(friday, 2, holidays={dt.date(2025, 1, 6)})
    datetime.date(2025, 1, 8)
    >>> working_days_between(friday, dt.date(2025, 1, 7))
    2
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

#: Monday = 0 ... Friday = 4: the working week.
WORKING_WEEKDAYS = frozenset(range(5))


def is_working_day(day: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    """Whether ``day`` is a weekday that is not in ``holidays``."""
    return day.weekday() in WORKING_WEEKDAYS and day not in holidays


def add_working_days(
    start: dt.date | dt.datetime, days: int, holidays: Collection[dt.date] = ()
) -> dt.date:
    """The date ``days`` working days after ``start`` (a date, or a time whose date counts).

    >>> add_working_days(dt.date(2025, 1, 4), 0), add_working_days(dt.date(2025, 1, 4), 1)
    (datetime.date(2025, 1, 6), datetime.date(2025, 1, 6))
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start.date() if isinstance(start, dt.datetime) else start
    holidays = frozenset(holidays)
    if days == 0:
        while not is_working_day(day, holidays):
            day += dt.timedelta(days=1)
        return day
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(
    start: dt.date | dt.datetime, end: dt.date | dt.datetime, holidays: Collection[dt.date] = ()
) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
    earlier): how late something due on ``start`` is on ``end``.

    >>> working_days_between(dt.date(2025, 1, 7), dt.date(2025, 1, 3))
    -2
    """
    a = start.date() if isinstance(start, dt.datetime) else start
    b = end.date() if isinstance(end, dt.datetime) else end
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    holidays = frozenset(holidays)
    count, day = 0, a
    while day < b:
        day += dt.timedelta(days=1)
        count += is_working_day(day, holidays)
    return sign * count
