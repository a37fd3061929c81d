"""Two workers sweeping at the same moment on PostgreSQL send each reminder once."""

import os
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification, Reminder
from notifications.services import reminders_send
from tests.factories.org import OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_once(agency):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    for n in range(12):
        unit = OfficeFactory(code=f"P{n}", parent=agency)
        UserFactory(username=f"head{n}", unit=unit, role=Role.UNIT_HEAD)
        for _ in range(3):
            TaskFactory(agency=agency, lead_unit=unit, in_progress=True, deadline=date(2026, 6, 30))
    now = datetime(2026, 7, 3, 8, tzinfo=VN)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            reminders_send(now=now)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"head{n}@example.gov.vn" for n in range(12)
    )
    assert Reminder.objects.filter(status="sent", attempts=1).count() == 36
    assert Notification.objects.count() == 36


@pytest.mark.django_db(transaction=True)
def test_two_processes_at_the_same_moment_send_once(agency):
    """The same with two `send_reminders` processes (console e-mail on their stdout)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    for n in range(6):
        unit = OfficeFactory(code=f"P{n}", parent=agency)
        UserFactory(username=f"head{n}", unit=unit, role=Role.UNIT_HEAD)
        for _ in range(3):
            TaskFactory(agency=agency, lead_unit=unit, in_progress=True, deadline=date(2026, 6, 30))
    database = connection.settings_dict
    login = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    command = [sys.executable, "manage.py", "send_reminders", "--at", "2026-07-03 08:00"]
    workers = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    recipients = sorted(
        line.removeprefix("To: ")
        for stdout, _stderr in outputs
        for line in stdout.splitlines()
        if line.startswith("To: ")
    )
    assert recipients == sorted(f"head{n}@example.gov.vn" for n in range(6))
    assert Reminder.objects.filter(status="sent", attempts=1).count() == 18
    assert Notification.objects.count() == 18
