"""Time the reminder sweep over 50,000 open tasks (issue 14).

    .venv/bin/python bench/reminder_sweep.py            # a throw-away SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/reminder_sweep.py

Bulk-creates one department with 25 units (a head and 4 staff each) and
50,000 open tasks whose deadlines spread from 90 days ago to 300 days ahead,
then runs `notifications.services.reminders_send` (what the schedule and
`manage.py send_reminders` run) at 08:00 on a working day: first with
everything to record and send (e-mails to an in-memory outbox), then again
the same morning (nothing new: the steady state of a second worker or a replay).
"""

import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
TASKS = 50_000
UNITS = 25
NOW = datetime(2026, 6, 19, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection

    from notifications.models import Reminder
    from notifications.services import reminders_send
    from tracker.models import Role, Task, TaskStatus, Unit, UnitKind, User

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")

    agency = Unit.objects.create(code="BENCH", name="Sở thử tải", kind=UnitKind.DEPARTMENT)
    User.objects.create(username="bench-director", unit=agency, role=Role.LEADERSHIP)
    User.objects.create(username="bench-office", unit=agency, role=Role.OFFICE)
    units, people = [], {}
    for n in range(UNITS):
        unit = Unit.objects.create(
            code=f"BENCH-{n}", name=f"Phòng {n}", kind=UnitKind.OFFICE, parent=agency
        )
        units.append(unit)
        User.objects.create(
            username=f"head-{n}", unit=unit, role=Role.UNIT_HEAD, email=f"head{n}@bench.vn"
        )
        people[unit.pk] = [
            User.objects.create(
                username=f"staff-{n}-{k}", unit=unit, role=Role.STAFF, email=f"s{n}{k}@bench.vn"
            )
            for k in range(4)
        ]
    statuses = [TaskStatus.IN_PROGRESS] * 8 + [TaskStatus.ASSIGNED, TaskStatus.SUBMITTED]
    issued = NOW - timedelta(days=120)
    tasks = []
    for n in range(TASKS):
        unit = units[n % UNITS]
        status = statuses[n % len(statuses)]
        tasks.append(
            Task(
                agency=agency,
                lead_unit=unit,
                title=f"Nhiệm vụ thử tải {n}",
                status=status,
                deadline=date(2026, 6, 19) + timedelta(days=(n % 390) - 90),
                assignee=people[unit.pk][n % 4],
                issued_at=issued,
                submitted_at=NOW - timedelta(days=n % 9)
                if status == TaskStatus.SUBMITTED
                else None,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=2000)
    print(f"open tasks: {Task.objects.count():,}")

    for label in ("first sweep (record and send)", "second sweep (nothing new)"):
        started, cpu = time.perf_counter(), time.process_time()
        result = reminders_send(now=NOW)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU time too: on a shared machine the wall clock includes others' work.
        print(
            f"{label}: {elapsed:.2f} s ({cpu:.2f} s CPU) — {result.recorded:,} recorded, "
            f"{result.sent:,} sent, "
            f"{result.emails} e-mails"
        )
    print(f"reminder rows: {Reminder.objects.count():,}; e-mails in the outbox: {len(mail.outbox)}")
    scratch.cleanup()


if __name__ == "__main__":
    main()
