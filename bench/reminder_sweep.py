"""Time the reminder sweep over a number of open tasks (issue 14).

    .venv/bin/python bench/reminder_sweep.py                    # 50,000 tasks, throw-away SQLite
    .venv/bin/python bench/reminder_sweep.py --tasks 500000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h20sweep \
        .venv/bin/python bench/reminder_sweep.py --tasks 500000 [--profile /tmp/sweep]

Bulk-creates one department with `--units` units (a head and 4 staff each)
and `--tasks` open tasks whose deadlines spread from 90 days ago to 300 days
ahead (80 % in progress, 10 % waiting for acceptance, 10 % waiting for
verification). On a database that already holds the bench's department with
that many tasks, the tasks are kept and only the reminders and notifications
are deleted, so that the code before and after a change runs on the same data.

Then it runs `notifications.services.reminders_send` (what the schedule and
`manage.py send_reminders` run) three times, each in a process of its own so
that its peak memory is its own:

1. first sweep, Friday 19/06/2026 08:00: everything in force is recorded and
   sent (e-mails to an in-memory outbox): a fresh install over a backlog;
2. the same morning again, 09:00: nothing new (a second worker, a replay, a
   manual run) — the reading side of every day;
3. the next working day, Monday 22/06/2026 08:00: what falls due over one
   day (overdue repeats, notices, waiting tasks). With the default policy
   (overdue tasks every 3 working days) and this data (a quarter of the
   tasks overdue) that is 9 % of the tasks; `--overdue-every 10` makes it
   a few percent.

Between two sweeps the reminder and notification tables are vacuumed, as
autovacuum would do (it is off on the shared bench server). For each sweep
it prints the wall clock, the CPU time of the process (the machine is
shared), the time spent waiting on SQL statements (the database's share,
as seen from the process; server-side cursor fetches not included), the
peak resident memory of the process (Linux's VmHWM, Django loaded
included) and the number of SQL queries.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 19, 8, tzinfo=VN)
SWEEPS = [
    ("first sweep (record and send)", NOW),
    ("same morning again (nothing new)", NOW + timedelta(hours=1)),
    ("next working day (Monday)", datetime(2026, 6, 22, 8, tzinfo=VN)),
]
BATCH = 5000


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # As the scheduled job runs: DEBUG off (no query log kept in memory).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    import django

    django.setup()


def generate(tasks: int, units: int) -> None:
    """The bench's department, its people and `tasks` open tasks (kept when
    already there with that count)."""
    from django.db import connection, transaction

    from notifications.models import Notification, Reminder
    from tracker.models import Role, Task, TaskStatus, Unit, UnitKind, User

    agency = Unit.objects.filter(code="BENCH").first()
    if agency is not None:
        have = Task.objects.filter(agency=agency).count()
        # The sweep's rows go first, in SQL (the ORM would collect them in memory).
        with connection.cursor() as cursor:
            for model in (Notification, Reminder):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        if have == tasks and Unit.objects.filter(parent=agency).count() == units:
            print(f"reusing {have:,} tasks; the reminders and notifications deleted")
            return
        print(f"the bench holds {have:,} tasks: making {tasks:,} afresh")
        Task.objects.filter(agency=agency).delete()
        User.objects.filter(unit__path__startswith=agency.path).delete()
        Unit.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk).delete()
        agency.delete()

    started = time.perf_counter()
    with transaction.atomic():
        agency = Unit.objects.create(code="BENCH", name="Sở thử tải", kind=UnitKind.DEPARTMENT)
        User.objects.create(username="bench-director", unit=agency, role=Role.LEADERSHIP)
        User.objects.create(username="bench-office", unit=agency, role=Role.OFFICE)
        unit_list, people = [], {}
        for n in range(units):
            unit = Unit.objects.create(
                code=f"BENCH-{n}", name=f"Phòng {n}", kind=UnitKind.OFFICE, parent=agency
            )
            unit_list.append(unit)
            User.objects.create(
                username=f"head-{n}", unit=unit, role=Role.UNIT_HEAD, email=f"head{n}@bench.vn"
            )
            people[unit.pk] = [
                User.objects.create(
                    username=f"staff-{n}-{k}",
                    unit=unit,
                    role=Role.STAFF,
                    email=f"s{n}-{k}@bench.vn",
                )
                for k in range(4)
            ]
    statuses = [TaskStatus.IN_PROGRESS] * 8 + [TaskStatus.ASSIGNED, TaskStatus.SUBMITTED]
    issued = NOW - timedelta(days=120)
    for start in range(0, tasks, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, tasks)):
            unit = unit_list[n % units]
            status = statuses[n % len(statuses)]
            batch.append(
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
        Task.objects.bulk_create(batch)
    print(f"generated {tasks:,} tasks in {time.perf_counter() - started:.0f} s")


def policy(overdue_every: int | None) -> None:
    """The department's reminder policy: the defaults, or overdue tasks reminded
    every `overdue_every` working days (fewer reminders a day)."""
    from notifications.models import ReminderPolicy
    from tracker.models import Unit

    agency = Unit.objects.get(code="BENCH")
    ReminderPolicy.objects.filter(agency=agency).delete()
    if overdue_every:
        ReminderPolicy.objects.create(agency=agency, overdue_every_days=overdue_every)
        print(f"policy: overdue tasks reminded every {overdue_every} working days")


def memory_mb(field: str) -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB.
    Not `ru_maxrss`: a child started by a big parent inherits the parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dump(directory: Path, n: int) -> None:
    """The e-mails of the sweep and every reminder and notification row, in a
    stable order, to compare what two builds did with the same data."""
    from django.core import mail

    from notifications.models import Notification, Reminder

    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"sweep-{n}-emails.txt", "w") as out:
        for message in sorted(mail.outbox, key=lambda message: message.to):
            out.write(f"To: {message.to}\nSubject: {message.subject}\n\n{message.body}\n")
            out.write(f"{message.alternatives[0][0]}\n\n")
    with open(directory / f"sweep-{n}-rows.txt", "w") as out:
        fields = ("task_id", "rule", "recipient_id", "due_on", "reason", "status", "note")
        fields += ("created_at", "notified_at", "sent_at", "emailed", "attempts")
        for row in Reminder.objects.order_by(*fields[:4]).values_list(*fields):
            out.write(f"{row}\n")
        fields = ("user_id", "task_id", "reminder__rule", "reminder__due_on", "title", "body")
        for row in Notification.objects.order_by(*fields[:4]).values_list(*fields, "created_at"):
            out.write(f"{row}\n")


def sweep(at: str, profile: str | None) -> None:
    """One sweep, measured; prints one JSON line."""
    from django.conf import settings
    from django.core import mail
    from django.db import connection

    from notifications.services import reminders_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    queries = 0

    shapes = {}  # with --profile: database time per statement, by its first words
    waited = 0.0  # time spent in execute(): the database's work, seen from here

    def count(execute, sql, params, many, context):
        nonlocal queries, waited
        queries += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            waited += seconds
            if profile:
                shape = shapes.setdefault(" ".join(sql.split())[:150], [0, 0.0])
                shape[0] += 1
                shape[1] += seconds

    connection.ensure_connection()
    baseline = memory_mb("VmRSS")
    now = datetime.fromisoformat(at)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        if profiler:
            profiler.enable()
        result = reminders_send(now=now)
        if profiler:
            profiler.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.dump_stats(profile)
        with open(f"{profile}.sql.txt", "w") as out:
            for shape, (calls, seconds) in sorted(shapes.items(), key=lambda item: -item[1][1]):
                out.write(f"{seconds:8.2f} s {calls:6} × {shape}\n")
    if os.environ.get("BENCH_DUMP"):  # BENCH_DUMP=dir/n: what this sweep did, to compare builds
        directory, n = os.environ["BENCH_DUMP"].rsplit("/", 1)
        dump(Path(directory), int(n))
    print(
        json.dumps(
            {
                "wall": elapsed,
                "cpu": cpu,
                "rss_mb": memory_mb("VmHWM"),
                "baseline_mb": baseline,
                "queries": queries,
                "db": waited,
                "recorded": result.recorded,
                "sent": result.sent,
                "emails": result.emails,
                "outbox": len(mail.outbox),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=25)
    parser.add_argument(
        "--overdue-every",
        type=int,
        metavar="DAYS",
        help="the department's policy: overdue tasks reminded every DAYS working days "
        "(default 3: about a third of the overdue tasks every day)",
    )
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="cProfile each sweep to PREFIX-<n>.prof (database time by statement: .prof.sql.txt)",
    )
    parser.add_argument(
        "--dump", metavar="DIR", help="each sweep's e-mails and rows to DIR, to compare builds"
    )
    parser.add_argument("--sweep-at", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()

    if args.sweep_at:
        setup()
        sweep(args.sweep_at, args.profile)
        return

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    setup()
    from django.core.management import call_command
    from django.db import connection

    from notifications.models import Notification, Reminder

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    generate(args.tasks, args.units)
    policy(args.overdue_every)

    def vacuum(tables=()):
        # What autovacuum does between two mornings (it is off on the bench's server).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        connection.close()

    vacuum()
    for n, (label, moment) in enumerate(SWEEPS, start=1):
        if n > 1:
            vacuum([Reminder._meta.db_table, Notification._meta.db_table])
        command = [sys.executable, __file__, "--sweep-at", moment.isoformat()]
        if args.profile:
            command += ["--profile", f"{args.profile}-{n}.prof"]
        env = dict(os.environ)
        if args.dump:
            env["BENCH_DUMP"] = f"{args.dump}/{n}"
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"{label}: {figures['wall']:.2f} s ({figures['cpu']:.2f} s CPU, "
            f"{figures['db']:.2f} s in SQL statements), "
            f"peak RSS {figures['rss_mb']:.0f} MB (after start-up {figures['baseline_mb']:.0f}), "
            f"{figures['queries']:,} queries — {figures['recorded']:,} recorded, "
            f"{figures['sent']:,} sent, {figures['emails']} e-mails"
        )
    print(f"reminder rows: {Reminder.objects.count():,}")
    scratch.cleanup()


if __name__ == "__main__":
    main()
