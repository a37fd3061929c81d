"""Time the province's quarterly report on generated data (issue 15).

    .venv/bin/python bench/reports.py [TASKS]        # a throw-away SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports .venv/bin/python bench/reports.py

Generates a province with 20 departments of 8 offices each, the province's
PAR result (8 areas of 5 criteria, every criterion losing points) and TASKS
tasks (50,000 by default) bulk-created across the departments with deadlines
through the year, in every state, a third linked to a lost criterion, a fifth
with a progress note. Then, as of 15/06/2026, times three times each the
figures module for the province's second quarter and the whole quarterly
report (figures, chart, Word file), and counts the queries. Without
DATABASE_URL it works on a fresh SQLite file in a temporary folder.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 15)


def generate(tasks: int):
    from tracker.models import (
        Assessment,
        CriteriaSet,
        Criterion,
        Index,
        ProgressUpdate,
        Role,
        Score,
        Task,
        TaskCriterion,
        TaskStatus,
        Unit,
        UnitKind,
        User,
    )

    rng = random.Random(15)
    province = Unit.objects.create(code="BT", name="UBND tỉnh Bến Thử", kind=UnitKind.PROVINCE)
    departments, offices = [], []
    for d in range(20):
        department = Unit.objects.create(
            code=f"S{d:02d}", name=f"Sở số {d + 1}", kind=UnitKind.DEPARTMENT, parent=province
        )
        departments.append(department)
        for o in range(8):
            offices.append(
                Unit.objects.create(
                    code=f"S{d:02d}-P{o}",
                    name=f"Phòng {o + 1} Sở số {d + 1}",
                    kind=UnitKind.OFFICE,
                    parent=department,
                )
            )
    author = User.objects.create(username="bench", unit=province, role=Role.OFFICE)
    index, _ = Index.objects.get_or_create(code="PAR", defaults={"name": "PAR Index"})
    criteria_set = CriteriaSet.objects.create(index=index, year=2025, audience=UnitKind.PROVINCE)
    result = Assessment.objects.create(unit=province, criteria_set=criteria_set)
    criteria = []
    for area in range(1, 9):
        parent = Criterion.objects.create(
            criteria_set=criteria_set, code=str(area), name=f"Lĩnh vực {area}", max_score=5
        )
        for child in range(1, 6):
            criterion = Criterion.objects.create(
                criteria_set=criteria_set,
                parent=parent,
                code=f"{area}.{child}",
                name=f"Tiêu chí {area}.{child}",
                max_score=1,
            )
            criteria.append(criterion)
            Score.objects.create(
                assessment=result, criterion=criterion, appraised_score=Decimal("0.5")
            )
    statuses = [
        TaskStatus.ASSIGNED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.IN_PROGRESS,
        TaskStatus.SUBMITTED,
        TaskStatus.DONE,
        TaskStatus.DONE,
        TaskStatus.DONE,
    ]
    issued = datetime(2026, 1, 5, 9, tzinfo=VN)
    rows = []
    for n in range(tasks):
        office = offices[n % len(offices)]
        deadline = date(2026, 1, 15) + timedelta(days=rng.randrange(340))
        status = rng.choice(statuses)
        finished = datetime.combine(
            deadline + timedelta(days=rng.randrange(-20, 15)), datetime.min.time(), VN
        )
        finished = min(finished, datetime(2026, 6, 14, tzinfo=VN))
        rows.append(
            Task(
                agency=office.parent,
                lead_unit=office,
                title=f"Nhiệm vụ khắc phục số {n + 1}",
                year=2025,
                deadline=deadline,
                original_deadline=deadline,
                status=status,
                issued_at=issued,
                submitted_at=finished
                if status in (TaskStatus.SUBMITTED, TaskStatus.DONE)
                else None,
                completed_at=finished if status == TaskStatus.DONE else None,
                percent_complete=100 if status == TaskStatus.DONE else rng.randrange(0, 90, 10),
            )
        )
    Task.objects.bulk_create(rows, batch_size=2000)
    ids = list(Task.objects.values_list("pk", flat=True))
    TaskCriterion.objects.bulk_create(
        [
            TaskCriterion(
                task_id=pk,
                criterion=criteria[pk % len(criteria)],
                assessment=result,
                points_lost=Decimal("0.5"),
            )
            for pk in ids[::3]
        ],
        batch_size=2000,
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                task_id=pk,
                author=author,
                percent_complete=50,
                note=f"Đã thực hiện bước {pk % 7 + 1}",
                created_at=issued + timedelta(days=pk % 150),
            )
            for pk in ids[::5]
        ],
        batch_size=2000,
    )
    return province, author


def timed(function):
    timings, value = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        value = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), timings, value


def main() -> None:
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.selectors.progress import progress_figures
    from tracker.services.reports import build_document, report_parameters

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province, author = generate(tasks)
    if connection.vendor == "postgresql":
        # As autovacuum would soon after a bulk load: plans on fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    took = time.perf_counter() - started
    print(f"database: {connection.vendor}; {tasks} tasks generated in {took:.1f} s")
    now = datetime.combine(TODAY, datetime.min.time(), VN).replace(hour=9)
    parameters = report_parameters(kind="quarterly", unit=province, user=author)

    def figures():
        return progress_figures(unit=province, year=2026, quarter=2, today=TODAY)

    def report():
        return build_document(
            kind="quarterly", unit=province, year=2026, quarter=2, parameters=parameters, now=now
        )

    with CaptureQueriesContext(connection) as captured:
        value = figures()
    median, timings, _ = timed(figures)
    print(
        f"figures module: median {median:.2f} s of {', '.join(f'{t:.2f}' for t in timings)}; "
        f"{len(captured)} queries; {value.buckets.tasks} tasks due in the quarter, "
        f"{len(value.by_unit)} units, {len(value.overdue)} overdue listed"
    )
    median, timings, built = timed(report)
    print(
        f"quarterly report: median {median:.2f} s of {', '.join(f'{t:.2f}' for t in timings)}; "
        f"{len(built.content) / 2**20:.2f} MB .docx"
    )
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_bytes(built.content)
    scratch.cleanup()


if __name__ == "__main__":
    main()
