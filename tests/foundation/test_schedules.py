"""Scheduled jobs: listed once in settings, created by migrate, never twice."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django_q.models import Schedule

from tracker.schedules import schedules_sync

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_migrate_created_every_listed_schedule_once(db, settings):
    names = sorted(entry["name"] for entry in settings.SCHEDULES)

    assert sorted(Schedule.objects.values_list("name", flat=True)) == names
    assert "held_uploads_sweep" in names


def test_sync_again_changes_nothing_and_keeps_the_next_run(db):
    before = list(Schedule.objects.order_by("name").values_list("name", "func", "next_run"))

    call_command("schedules_sync", stdout=StringIO())

    assert list(Schedule.objects.order_by("name").values_list("name", "func", "next_run")) == (
        before
    )


def test_a_new_schedule_first_runs_at_the_next_local_time(db, settings):
    settings.SCHEDULES = [{"name": "morning", "func": "math.floor", "cron": "0 8 * * *"}]
    Schedule.objects.all().delete()

    [schedule] = schedules_sync(now=datetime(2026, 12, 4, 9, 0, tzinfo=VN))

    assert schedule.next_run == datetime(2026, 12, 5, 8, 0, tzinfo=VN)
    assert schedule.schedule_type == Schedule.CRON


def test_a_changed_timing_moves_the_next_run(db, settings):
    settings.SCHEDULES = [{"name": "morning", "func": "math.floor", "cron": "0 8 * * *"}]
    schedules_sync(now=datetime(2026, 12, 4, 9, 0, tzinfo=VN))
    settings.SCHEDULES = [{"name": "morning", "func": "math.floor", "cron": "0 7 * * 1"}]

    [schedule] = schedules_sync(now=datetime(2026, 12, 4, 9, 0, tzinfo=VN))

    assert schedule.next_run == datetime(2026, 12, 7, 7, 0, tzinfo=VN)
    assert Schedule.objects.filter(name="morning").count() == 1
