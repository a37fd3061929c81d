"""The daily sweep is scheduled by migrate itself, at 08:00 in Vietnam."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_q.models import Schedule

from tracker.schedules import next_run

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_migrate_creates_the_schedule():
    schedule = Schedule.objects.get(name="reminders_send")
    assert schedule.func == "notifications.jobs.send_reminders"
    assert schedule.schedule_type == Schedule.CRON
    assert schedule.next_run.astimezone(VN).time().isoformat() == "08:00:00"
    assert "'timeout': 300" in schedule.kwargs


def test_next_send_time_is_local_eight_not_midnight_utc():
    assert next_run("0 8 * * *", now=datetime(2026, 6, 19, 8, 0, tzinfo=VN)) == datetime(
        2026, 6, 20, 8, tzinfo=VN
    )
    # 23:30 UTC is already 06:30 the next day in Vietnam.
    assert next_run(
        "0 8 * * *", now=datetime(2026, 6, 18, 23, 30, tzinfo=ZoneInfo("UTC"))
    ) == datetime(2026, 6, 19, 8, tzinfo=VN)


def test_the_job_runs_the_sweep(agency, unit_a, unit_head):
    from django_q.tasks import async_task, result

    from tests.factories.tasks import TaskFactory

    TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    with time_machine.travel(datetime(2026, 6, 19, 8, tzinfo=VN), tick=False):
        task_id = async_task("notifications.jobs.send_reminders", sync=True)
    assert result(task_id) == "1 recorded, 0 skipped, 1 sent, 0 failed, 1 e-mails"


def test_the_office_home_lists_the_reminders_sent_today(
    client, agency, unit_a, unit_head, office_user, other_unit_head
):
    from django.urls import reverse

    from notifications.models import Reminder, ReminderStatus
    from tests.factories.tasks import TaskFactory

    now = datetime(2026, 6, 19, 9, tzinfo=VN)
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True, title="Số hóa hồ sơ")
    for due_on, status in ((now.date(), ReminderStatus.SENT), (date(2026, 6, 18), "sent")):
        Reminder.objects.create(
            task=task,
            rule="due_today",
            recipient=unit_head,
            due_on=due_on,
            reason="Đến hạn hôm nay",
            status=status,
            created_at=now,
        )
    client.force_login(office_user)

    with time_machine.travel(now, tick=False):
        page = client.get(reverse("home"))

    assert 'data-testid="count-reminders-today">1<' in page.text
    assert "Số hóa hồ sơ" in page.text
