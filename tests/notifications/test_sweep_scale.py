"""The sweep at scale: it reads only the tasks on which something may be in
force, in chunks, and its queries do not grow with the number of tasks."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Notification, Reminder, ReminderPolicy
from notifications.rules import dues_today, in_force_q
from notifications.services import reminders_send
from notifications.workdays import work_calendar
from tests.factories.org import DepartmentFactory, OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def test_the_filter_keeps_every_task_with_something_in_force(agency, unit_a, unit_head):
    """Around Tết 2027, with two agencies' policies: whatever `dues_today` finds
    something on, `in_force_q` lets through."""
    other = DepartmentFactory(code="SXD", name="Sở Xây dựng")
    other_unit = OfficeFactory(code="SXD-QLN", parent=other)
    strict = ReminderPolicy.objects.create(
        agency=other,
        first_notice_days=20,
        second_notice_days=10,
        overdue_every_days=5,
        escalate_leader_days=2,
        escalate_head_days=4,
        acceptance_wait_days=1,
        verification_wait_days=2,
    )
    policies = {other.pk: strict}
    first = date(2027, 1, 4)
    kinds = [
        {"in_progress": True},
        {"assigned": True},
        {"returned": True},
        {"submitted": True},
        {"in_progress": True, "ongoing": True},
    ]
    for n in range(70):
        day = first + timedelta(days=n)
        owner, lead = (agency, unit_a) if n % 2 else (other, other_unit)
        TaskFactory(
            agency=owner,
            lead_unit=lead,
            deadline=day,
            issued_at=at(day - timedelta(days=30 + n % 7)),
            **kinds[n % len(kinds)],
        )
        TaskFactory(
            agency=owner,
            lead_unit=lead,
            submitted=True,
            deadline=day,
            submitted_at=at(day + timedelta(days=n % 3 - 1), 17),
        )
    tasks = list(Task.objects.select_related("agency"))
    calendar = work_calendar(around=date(2027, 2, 1))
    for today in (date(2027, 1, 20) + timedelta(days=n) for n in range(40)):
        kept = set(
            Task.objects.filter(
                in_force_q(policies=[strict, ReminderPolicy()], calendar=calendar, today=today)
            ).values_list("pk", flat=True)
        )
        for task in tasks:
            policy = policies.get(task.agency_id) or ReminderPolicy()
            if dues_today(task, policy=policy, calendar=calendar, today=today):
                assert task.pk in kept, (today, task.status, task.deadline)
        # And it is a bound, not everything.
        assert len(kept) < len(tasks)


@pytest.fixture
def org(agency, leader, office_user):
    """Four units of a head and two staff each."""
    units = []
    for n in range(4):
        unit = OfficeFactory(code=f"P{n}", parent=agency)
        UserFactory(username=f"head{n}", unit=unit, role=Role.UNIT_HEAD)
        staff = [UserFactory(username=f"cv{n}{k}", unit=unit, role=Role.STAFF) for k in range(2)]
        units.append((unit, staff))
    return units


def make_tasks(agency, org, count: int) -> None:
    """`count` tasks, each with something in force on 3/7/2026 (overdue, due
    soon, waiting for acceptance or verification), for the same 14 people
    however many tasks there are (any 12 reach them all)."""
    for n in range(count):
        unit, staff = org[n % len(org)]
        kind = {10: {"assigned": True}, 11: {"submitted": True}}.get(n % 12, {"in_progress": True})
        TaskFactory(
            agency=agency,
            lead_unit=unit,
            assignee=staff[n // len(org) % 2],
            deadline=date(2026, 5, 20) + timedelta(days=n % 50),
            **kind,
        )


def queries_of(now: datetime) -> int:
    with CaptureQueriesContext(connection) as queries:
        reminders_send(now=now)
    return len(queries)


@pytest.mark.parametrize("count", [12, 60])
def test_sweep_queries_are_bounded_by_chunks_not_tasks(agency, org, monkeypatch, count):
    # Chunks of 10 tasks, so that both sizes take several.
    monkeypatch.setattr(services, "CHUNK", 10)
    make_tasks(agency, org, count)
    chunks = -(-count // 10)
    now = at(date(2026, 7, 3))
    first = queries_of(now)
    rows = Reminder.objects.count()
    assert rows > 3 * count
    # Phase 1, a few queries a chunk of tasks: the tasks, the rows already
    # there, the insert. Phase 2, per person (the claim, the user, e-mail
    # settings, the digest's tasks and figures...) and per chunk of their rows
    # (the rows, the notifications): each person's last chunk is a partial one.
    people = 14
    assert first <= 20 + 4 * chunks + 15 * people + 3 * (rows // 10 + people)
    # The same morning again: reading only, a query a chunk besides a few.
    assert queries_of(now + timedelta(hours=1)) <= 10 + 2 * chunks
    assert len(mail.outbox) == people
    assert Notification.objects.count() == rows


def test_tasks_alike_but_for_their_dates_have_their_own_dues(
    agency, unit_a, unit_head, leader, office_user
):
    """The sweep works the dues out once per kind of task: the issue and the
    submission dates keep kinds apart."""
    deadline = date(2026, 6, 10)
    waiting = TaskFactory(
        agency=agency, lead_unit=unit_a, assigned=True, deadline=date(2026, 12, 31)
    )
    TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        assigned=True,
        deadline=date(2026, 12, 31),
        issued_at=at(date(2026, 6, 30)),  # issued the day before: nothing yet
    )
    on_time = TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        submitted=True,
        deadline=deadline,
        submitted_at=at(date(2026, 6, 9)),
    )
    late = TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        submitted=True,
        deadline=deadline,
        submitted_at=at(date(2026, 6, 12)),
    )
    reminders_send(now=at(date(2026, 7, 1)))
    assert sorted(Reminder.objects.values_list("task", "rule")) == sorted(
        [
            (waiting.pk, "awaiting_acceptance"),
            (on_time.pk, "awaiting_verification"),
            (late.pk, "awaiting_verification"),
            (late.pk, "escalate_head"),
            (late.pk, "escalate_leader"),
        ]
    )
