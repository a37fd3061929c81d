"""Working days across Tết, weekends, make-up Saturdays and the office's own days."""

from datetime import date, timedelta

import pytest

from notifications.models import CalendarDay, DayKind
from notifications.workdays import work_calendar

pytestmark = pytest.mark.django_db


def test_tet_2027_is_not_counted():
    calendar = work_calendar(around=date(2027, 2, 1))
    # Tết 2027 (holidays.VN): 4/2 (29 Tết) to 10/2, with the weekend of 6–7/2 inside.
    for day in range(4, 11):
        assert not calendar.is_working_day(date(2027, 2, day))
    assert calendar.is_working_day(date(2027, 2, 3))
    assert calendar.is_working_day(date(2027, 2, 11))
    # Three working days before Thursday 11/2 reach back across the whole break.
    assert calendar.add(date(2027, 2, 11), -3) == date(2027, 2, 1)
    assert calendar.add(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert calendar.between(date(2027, 2, 3), date(2027, 2, 12)) == 2


def test_make_up_saturday_known_to_the_holidays_package():
    calendar = work_calendar(around=date(2026, 8, 1))
    # 22/8/2026 is worked to bridge National Day; 31/8 is off instead.
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.add(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_office_days_off_and_make_up_days():
    CalendarDay.objects.create(date=date(2026, 6, 15), kind=DayKind.DAY_OFF, name="Nghỉ bù")
    CalendarDay.objects.create(
        date=date(2026, 6, 20), kind=DayKind.WORKING_DAY, name="Làm bù thứ Bảy"
    )
    calendar = work_calendar(around=date(2026, 6, 1))
    assert not calendar.is_working_day(date(2026, 6, 15))
    assert calendar.is_working_day(date(2026, 6, 20))
    assert not calendar.is_working_day(date(2026, 6, 21))
    # Friday 12/6 + 1 skips the weekend and Monday 15/6 off.
    assert calendar.add(date(2026, 6, 12), 1) == date(2026, 6, 16)
    # Friday 19/6 + 1 is the worked Saturday.
    assert calendar.add(date(2026, 6, 19), 1) == date(2026, 6, 20)


def test_on_or_before_moves_a_weekend_to_friday():
    calendar = work_calendar(around=date(2026, 6, 1))
    assert calendar.on_or_before(date(2026, 6, 28)) == date(2026, 6, 26)
    assert calendar.on_or_before(date(2026, 6, 26)) == date(2026, 6, 26)
    assert calendar.add(date(2026, 6, 28), 0) == date(2026, 6, 26)


@pytest.mark.parametrize("count", [-90, -7, -3, -1, 0, 1, 3, 7, 90])
def test_last_start_bounds_add_exactly(count):
    """`add(start, count) <= day` exactly when `start <= last_start(count, day)`,
    across Tết 2027, weekends and the office's own days (the sweep's filter)."""
    CalendarDay.objects.create(date=date(2027, 1, 30), kind=DayKind.WORKING_DAY, name="Làm bù")
    CalendarDay.objects.create(date=date(2027, 2, 3), kind=DayKind.DAY_OFF, name="Nghỉ thêm")
    calendar = work_calendar(around=date(2027, 2, 1))
    first, last = date(2026, 7, 1), date(2027, 9, 1)
    # Every morning from the make-up Saturday to after the break, weekends included.
    for day in (date(2027, 1, 29) + timedelta(days=n) for n in range(20)):
        bound = calendar.last_start(count, day)
        start = first
        while start <= last:
            assert (calendar.add(start, count) <= day) == (start <= bound), (count, day, start)
            start += timedelta(days=1)
