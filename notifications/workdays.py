"""Working days: weekends and Vietnamese public holidays off, with the office's
own table on top (extra days off, make-up working Saturdays).

All working-day arithmetic goes through `WorkCalendar`, so the sweep, the
task page's "next reminder" and the tests count the same way. The `holidays`
package is pinned: a new release can move a holiday, and with it a reminder.
"""

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

import holidays

from notifications.models import CalendarDay, DayKind


class WorkCalendar:
    """Working days between two years, looked up without further queries."""

    def __init__(self, *, first_year: int, last_year: int, office_days: dict[date, str]):
        public = holidays.VN(years=range(first_year, last_year + 1))
        start, end = date(first_year, 1, 1), date(last_year, 12, 31)
        self.start, self.end = start, end
        days = []
        day = start
        while day <= end:
            office = office_days.get(day)
            if office == DayKind.WORKING_DAY or (
                office != DayKind.DAY_OFF and public.is_working_day(day)
            ):
                days.append(day)
            day += timedelta(days=1)
        self._days = days
        self._set = set(days)

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return day in self._set

    def add(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (before it when
        negative); `day` itself need not be a working day."""
        self._check(day)
        if count == 0:
            return self.on_or_before(day)
        if count > 0:
            index = bisect_right(self._days, day) + count - 1
        else:
            index = bisect_left(self._days, day) + count
        if not 0 <= index < len(self._days):
            raise ValueError(f"{day} ± {count} working days falls outside the calendar")
        return self._days[index]

    def on_or_before(self, day: date) -> date:
        """`day` if it is a working day, else the last working day before it."""
        self._check(day)
        index = bisect_right(self._days, day) - 1
        return self._days[index]

    def last_start(self, count: int, day: date) -> date:
        """The last day from which `count` working days on (`add(start, count)`)
        is still on or before `day`: `add(start, count) <= day` exactly when
        `start <= last_start(count, day)`, `add` being monotonic in its day.
        The sweep turns "some rule is in force today" into a date bound with it."""
        self._check(day)
        reached = bisect_right(self._days, day)  # working days up to `day`
        # add(start, n >= 0) is the (n-th, or the last on or before start's) working
        # day after it: on or before `day` while no more than reached - n working
        # days are on or before start, i.e. start is before the working day there.
        # add(start, -n) is the n-th working day before it: on or before `day`
        # while fewer than reached - 1 + n working days come before start.
        index = reached - count if count >= 0 else reached - 1 - count
        if not 0 <= index < len(self._days):
            raise ValueError(f"{day} ± {count} working days falls outside the calendar")
        return self._days[index] - timedelta(days=1) if count >= 0 else self._days[index]

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when reversed)."""
        if end < start:
            return -self.between(end, start)
        return bisect_right(self._days, end) - bisect_right(self._days, start)

    def _check(self, day: date) -> None:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the calendar {self.start}–{self.end}")


def work_calendar(*, around: date, until: date | None = None) -> WorkCalendar:
    """The calendar from the year before `around` to the year after `until`
    (default `around`), with the office's table read in one query."""
    first_year = around.year - 1
    last_year = (until or around).year + 1
    office_days = dict(
        CalendarDay.objects.filter(
            date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
        ).values_list("date", "kind")
    )
    return WorkCalendar(first_year=first_year, last_year=last_year, office_days=office_days)
