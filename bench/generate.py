"""Generate a province's worth of data for the benchmark.

    .venv/bin/python bench/generate.py --size 50k --db postgres [--force]

A province with 30 departments and 10 districts (8 offices each), 150
communes, ten years of PAR Index results (about 60 criteria per set, for
departments, districts and communes), a conclusion with five directives per
agency and year (one recurring), and 50,000 or 500,000 tasks with their
criteria links (naming the assessment remedied), supporting units, progress
updates, comments, evidence rows (no files) and history rows.

Everything is written with bulk inserts in batches, history included
(historical rows are built here, as simple_history would write them), so
50,000 tasks take a minute or two, not hours. The same seed gives the same
data. Run it again and it does nothing unless the task count differs or
--force is given (then the database is emptied first).

Named rows the benchmark looks up (`FIXTURES`): the province office user,
a unit head, the task with 50 history entries, the large agency whose
latest assessment is linked to about 3,000 tasks.
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import env  # noqa: E402

SEED = 20_26_12_04
BATCH = 5_000
YEARS = range(2016, 2026)
LARGE_AGENCY_LINKS = 3_000
HISTORY_TASK_ENTRIES = 50
PASSWORD = "bench-password-1"

FIXTURES = {
    "office": "bench_office",  # province office: the board covers every task
    "unit_head": "bench_head",  # head of the first office of department S02
    "large_agency": "S01",  # its latest assessment has ~3,000 linked tasks
    "history_task_title": "Nhiệm vụ có 50 lần thay đổi",
    "feed_person": "bench_feed",  # a staff member carrying FEED_TASKS tasks of S01
}
FEED_TASKS = 2_000

STATUS_WEIGHTS = {
    "draft": 3,
    "assigned": 12,
    "returned": 2,
    "in_progress": 30,
    "submitted": 5,
    "done": 40,
    "cancelled": 8,
}
WORDS = [
    "rà",
    "soát",
    "thủ",
    "tục",
    "hành",
    "chính",
    "số",
    "hóa",
    "hồ",
    "sơ",
    "công",
    "khai",
    "tiếp",
    "nhận",
    "trả",
    "kết",
    "quả",
    "một",
    "cửa",
    "liên",
    "thông",
    "dịch",
    "vụ",
    "công",
    "trực",
    "tuyến",
    "chữ",
    "ký",
    "số",
    "văn",
    "bản",
    "điện",
    "tử",
    "đào",
    "tạo",
    "công",
    "chức",
    "kiểm",
    "tra",
    "tuyên",
    "truyền",
    "cải",
    "cách",
    "tổ",
    "chức",
    "bộ",
    "máy",
]


def say(message: str, started: float) -> None:
    print(f"  [{time.monotonic() - started:7.1f}s] {message}", flush=True)


def generate(n_tasks: int, *, force: bool = False) -> dict:
    """Fill the configured database (env.setup first); returns counts."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from tracker.models import Task

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    say("schema ready", started)
    if not force and Task.objects.count() == n_tasks:
        feed_person()
        say(f"{n_tasks} tasks already there, nothing to do", started)
        return {"tasks": n_tasks, "skipped": True}
    _empty(connection)
    with transaction.atomic():
        counts = _fill(n_tasks, started)
        feed_person()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"done: {counts}", started)
    return counts


def feed_person():
    """The staff member whose calendar feed holds FEED_TASKS tasks (made once):
    the first FEED_TASKS issued tasks of the large agency with a deadline,
    carried by them. A staff member's feed is the tasks they carry."""
    from django.contrib.auth.hashers import make_password

    from tracker.models import Role, Task, TaskStatus, Unit, User

    agency = FIXTURES["large_agency"]
    person, _created = User.objects.get_or_create(
        username=FIXTURES["feed_person"],
        defaults={
            "password": make_password(PASSWORD),
            "role": Role.STAFF,
            "unit": Unit.objects.filter(code__startswith=agency + "-").order_by("code")[0],
            "full_name": "Chuyên viên lịch (bench)",
        },
    )
    if Task.objects.filter(assignee=person).exists():
        return
    carried = (
        Task.objects.filter(agency__code=agency, deadline__isnull=False, ongoing=False)
        .exclude(status__in=[TaskStatus.DRAFT, TaskStatus.CANCELLED])
        .order_by("pk")
        .values_list("pk", flat=True)[:FEED_TASKS]
    )
    Task.objects.filter(pk__in=list(carried)).update(assignee=person)


def _empty(connection) -> None:
    """Start from empty tables (a --force run, or a half-filled database)."""
    from django.apps import apps

    tables = [
        model._meta.db_table
        for app in ("tracker", "conclusions", "notifications", "sessions")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.execute("PRAGMA foreign_keys = ON")


def _fill(n_tasks: int, started: float) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from conclusions.models import Conclusion, Directive
    from tracker.models import (
        Assessment,
        CriteriaSet,
        Criterion,
        Index,
        Role,
        Score,
        Task,
        Unit,
        UnitKind,
        User,
    )
    from tracker.models.org import path_segment

    rng = random.Random(SEED)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    # --- organisation
    province = Unit.objects.create(code="TINH", name="UBND tỉnh Bench", kind=UnitKind.PROVINCE)
    units = [
        Unit(code="VP-TINH", name="Văn phòng UBND tỉnh", kind=UnitKind.OFFICE, parent=province)
    ]
    agencies = []
    for i in range(1, 31):
        agencies.append(
            Unit(code=f"S{i:02d}", name=f"Sở số {i:02d}", kind=UnitKind.DEPARTMENT, parent=province)
        )
    for i in range(1, 11):
        agencies.append(
            Unit(
                code=f"H{i:02d}", name=f"Huyện số {i:02d}", kind=UnitKind.DISTRICT, parent=province
            )
        )
    for order, unit in enumerate(agencies):
        unit.sort_order = order
    Unit.objects.bulk_create(units + agencies)
    offices: dict[int, list] = {}
    communes: dict[int, list] = {}
    below = []
    for agency in agencies:
        for j in range(1, 9):
            below.append(
                Unit(
                    code=f"{agency.code}-P{j}",
                    name=f"Phòng {j} – {agency.name}",
                    kind=UnitKind.OFFICE,
                    parent=agency,
                    sort_order=j,
                )
            )
        if agency.kind == UnitKind.DISTRICT:
            for j in range(1, 16):
                below.append(
                    Unit(
                        code=f"{agency.code}-X{j:02d}",
                        name=f"Xã {j:02d} – {agency.name}",
                        kind=UnitKind.COMMUNE,
                        parent=agency,
                        sort_order=100 + j,
                    )
                )
    Unit.objects.bulk_create(below)
    # Paths as Unit.save writes them (bulk_create skips save).
    province.path = f"/{path_segment(province)}/"
    province.save(update_fields=["path"])
    for unit in units + agencies:
        unit.path = f"{province.path}{path_segment(unit)}/"
    by_pk = {unit.pk: unit for unit in units + agencies}
    for unit in below:
        unit.path = f"{by_pk[unit.parent_id].path}{path_segment(unit)}/"
        target = offices if unit.kind == UnitKind.OFFICE else communes
        target.setdefault(unit.parent_id, []).append(unit)
    Unit.objects.bulk_update(units + agencies + below, ["path"], batch_size=BATCH)
    say(f"{2 + len(agencies) + len(below)} units", started)

    # --- people: one password hash for all (hashing each would take minutes)
    password = make_password(PASSWORD)

    def person(username, role, unit, name):
        return User(username=username, password=password, role=role, unit=unit, full_name=name)

    people = [person(FIXTURES["office"], Role.OFFICE, units[0], "Văn phòng tỉnh (bench)")]
    heads, staff = {}, {}
    for agency in agencies:
        code = agency.code.lower()
        people.append(person(f"vp_{code}", Role.OFFICE, offices[agency.pk][0], f"Văn phòng {code}"))
        people.append(person(f"ld_{code}", Role.LEADERSHIP, agency, f"Lãnh đạo {code}"))
        for office in offices[agency.pk] + communes.get(agency.pk, []):
            ocode = office.code.lower()
            head = person(f"tp_{ocode}", Role.UNIT_HEAD, office, f"Trưởng {ocode}")
            heads[office.pk] = head
            staff[office.pk] = [
                person(f"cv_{ocode}_{k}", Role.STAFF, office, f"Chuyên viên {ocode} {k}")
                for k in (1, 2)
            ]
            people.append(head)
            people.extend(staff[office.pk])
    head_of_s02 = heads[offices[agencies[1].pk][0].pk]
    head_of_s02.username = FIXTURES["unit_head"]
    User.objects.bulk_create(people, batch_size=BATCH)
    office_user = people[0]
    say(f"{len(people)} users", started)

    # --- indices, criteria sets, criteria, assessments, scores
    index = Index.objects.create(code="PAR", name="Chỉ số cải cách hành chính")
    audiences = (UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE)
    sets = {
        (year, audience): CriteriaSet(index=index, year=year, audience=audience)
        for year in YEARS
        for audience in audiences
    }
    CriteriaSet.objects.bulk_create(sets.values())
    areas = []
    for criteria_set in sets.values():
        for a in range(1, 11):
            area = Criterion(
                criteria_set=criteria_set,
                code=str(a),
                name=f"Lĩnh vực {a}: {' '.join(rng.sample(WORDS, 4))}",
                max_score=Decimal("10"),
            )
            area.set_tree_fields()
            areas.append(area)
    Criterion.objects.bulk_create(areas, batch_size=BATCH)
    leaves = []
    for area in areas:
        for c in range(1, 6):
            leaf = Criterion(
                criteria_set=area.criteria_set,
                parent=area,
                code=f"{area.code}.{c}",
                name=f"Tiêu chí {area.code}.{c}: {' '.join(rng.sample(WORDS, 6))}",
                max_score=Decimal("2"),
            )
            leaf.set_tree_fields()
            leaves.append(leaf)
    Criterion.objects.bulk_create(leaves, batch_size=BATCH)
    leaves_by_set: dict[int, list] = {}
    for leaf in leaves:
        leaves_by_set.setdefault(leaf.criteria_set_id, []).append(leaf)
    assessed = agencies + [c for group in communes.values() for c in group]
    assessments = {}
    for year in YEARS:
        for unit in assessed:
            assessments[(unit.pk, year)] = Assessment(
                unit=unit,
                criteria_set=sets[(year, unit.kind)],
                published_on=date(year + 1, 5, 15),
                source_document=f"QĐ {year}",
            )
    Assessment.objects.bulk_create(assessments.values(), batch_size=BATCH)
    scores = []
    for assessment in assessments.values():
        set_leaves = leaves_by_set[assessment.criteria_set_id]
        for criterion in areas_by_set(areas, assessment.criteria_set_id) + set_leaves:
            full = criterion.max_score
            lost = rng.random() < 0.4
            appraised = (full * Decimal(rng.randint(0, 9)) / 10) if lost else full
            scores.append(
                Score(
                    assessment=assessment,
                    criterion=criterion,
                    self_score=full,
                    appraised_score=appraised,
                )
            )
        if len(scores) >= BATCH:
            Score.objects.bulk_create(scores)
            scores = []
    Score.objects.bulk_create(scores)
    say(f"{len(sets)} criteria sets, {len(assessments)} assessments with scores", started)

    # --- conclusions and directives (the first of each recurs quarterly)
    conclusions = [
        Conclusion(
            number=f"{year - 2015}/TB-{agency.code}",
            issued_on=date(year + 1, 6, 1),
            issuing_unit=agency,
            assessment_year=year,
            index=index,
        )
        for agency in agencies
        for year in YEARS
    ]
    Conclusion.objects.bulk_create(conclusions, batch_size=BATCH)
    directives = []
    for conclusion in conclusions:
        for order in range(1, 6):
            recurring = order == 1
            directives.append(
                Directive(
                    conclusion=conclusion,
                    order=order,
                    label=f"Thứ {order}",
                    text=f"Chỉ đạo {order}: {' '.join(rng.sample(WORDS, 8))}",
                    deadline_kind="recurring" if recurring else "date",
                    recurrence="quarterly" if recurring else "",
                    due_date=None if recurring else conclusion.issued_on + timedelta(days=180),
                )
            )
    Directive.objects.bulk_create(directives, batch_size=BATCH)
    directives_by_agency: dict[int, list] = {}
    for directive in directives:
        directives_by_agency.setdefault(directive.conclusion.issuing_unit_id, []).append(directive)
    say(f"{len(conclusions)} conclusions, {len(directives)} directives", started)

    # --- tasks, in chunks with everything hanging off them
    statuses = [s for s, w in STATUS_WEIGHTS.items() for _ in range(w)]
    large = next(a for a in agencies if a.code == FIXTURES["large_agency"])
    latest = max(YEARS)
    large_assessment = assessments[(large.pk, latest)]
    large_leaves = leaves_by_set[large_assessment.criteria_set_id]
    # Three kinds of history user, taken from the agency's people.
    agency_people = {
        a.pk: [p for p in people if p.unit_id == offices[a.pk][0].pk] for a in agencies
    }
    counts = dict.fromkeys(
        ("tasks", "links", "supporting", "progress", "evidence", "comments", "history"), 0
    )
    history_task = None
    made = 0
    chunk = 10_000
    while made < n_tasks:
        size = min(chunk, n_tasks - made)
        rows = []
        for k in range(size):
            number = made + k
            in_large = number < LARGE_AGENCY_LINKS
            agency = large if in_large else agencies[rng.randrange(len(agencies))]
            leads = offices[agency.pk] + communes.get(agency.pk, [])
            lead = leads[rng.randrange(len(leads))]
            status = statuses[rng.randrange(len(statuses))]
            deadline = today + timedelta(days=rng.randint(-548, 548))
            ongoing = rng.random() < 0.04
            issued = None if status == "draft" else _at(deadline - timedelta(days=90), tz)
            source = (
                "criterion"
                if in_large or rng.random() < 0.6
                else rng.choice(("directive", "directive", "plan"))
            )
            year = min(max(deadline.year - 1, YEARS.start), latest)
            task = Task(
                agency=agency,
                year=year,
                title=f"{number + 1}. {' '.join(rng.sample(WORDS, 7)).capitalize()}",
                description="Nội dung khắc phục " + " ".join(rng.sample(WORDS, 12)),
                source=source,
                lead_unit=lead,
                assignee=rng.choice(staff[lead.pk]) if rng.random() < 0.7 else None,
                deadline=None if ongoing else deadline,
                original_deadline=None if ongoing else deadline,
                ongoing=ongoing,
                status=status,
                percent_complete=100
                if status in ("done", "submitted")
                else rng.randrange(0, 95, 5),
                issued_at=issued,
                accepted_at=issued + timedelta(days=3)
                if issued and status not in ("assigned", "returned")
                else None,
                submitted_at=_at(deadline + timedelta(days=rng.randint(-30, 15)), tz)
                if status in ("submitted", "done")
                else None,
                completed_at=_at(deadline + timedelta(days=rng.randint(-20, 25)), tz)
                if status == "done"
                else None,
                cancelled_at=issued if status == "cancelled" else None,
                created_by=office_user,
                created_at=_at(deadline - timedelta(days=100), tz),
            )
            if source == "directive":
                task.directive = rng.choice(directives_by_agency[agency.pk])
            if status == "cancelled":
                task.cancel_reason = "Không còn phù hợp"
            rows.append(task)
        if made == 0:
            # The task page bench opens: issued to the bench unit head's office.
            first = rows[LARGE_AGENCY_LINKS]
            first.agency = agencies[1]
            first.lead_unit = head_of_s02.unit
            first.assignee = None
            first.status = "in_progress"
            first.title = FIXTURES["history_task_title"]
        Task.objects.bulk_create(rows, batch_size=BATCH)
        if made == 0:
            history_task = rows[LARGE_AGENCY_LINKS]
        counts["tasks"] += len(rows)
        counts.update(
            _dependents(
                rows,
                counts,
                rng=rng,
                tz=tz,
                large=large,
                large_assessment=large_assessment,
                large_leaves=large_leaves,
                assessments=assessments,
                sets=sets,
                leaves_by_set=leaves_by_set,
                offices=offices,
                agency_people=agency_people,
                office_user=office_user,
                history_task=history_task,
            )
        )
        made += size
        say(f"{made} tasks with their records", started)
    return counts


def areas_by_set(areas, set_id, _cache={}):  # noqa: B006 - a per-run memo
    if not _cache:
        for area in areas:
            _cache.setdefault(area.criteria_set_id, []).append(area)
    return _cache[set_id]


def _at(day: date, tz) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=tz)


def _dependents(
    rows,
    counts,
    *,
    rng,
    tz,
    large,
    large_assessment,
    large_leaves,
    assessments,
    sets,
    leaves_by_set,
    offices,
    agency_people,
    office_user,
    history_task,
) -> dict:
    """Criteria links, supporting units, progress, evidence, comments and
    history for one chunk of saved tasks."""
    from tracker.models import Comment, Evidence, ProgressUpdate, Task, TaskCriterion

    links, supporting, progress, comments, history = [], [], [], [], []
    Supporting = Task.supporting_units.through
    Historical = Task.history.model
    history_fields = [
        f.attname
        for f in Historical._meta.fields
        if not f.name.startswith("history_") and f.attname != "history_id"
    ]
    for task in rows:
        if task.source == "criterion":
            if task.agency_id == large.pk:
                assessment = large_assessment
                criterion = large_leaves[rng.randrange(len(large_leaves))]
            else:
                unit_pk = task.lead_unit_id if task.lead_unit.kind == "commune" else task.agency_id
                assessment = assessments[(unit_pk, task.year)]
                set_leaves = leaves_by_set[assessment.criteria_set_id]
                criterion = set_leaves[rng.randrange(len(set_leaves))]
            links.append(
                TaskCriterion(
                    task=task,
                    criterion=criterion,
                    assessment=assessment,
                    points_lost=Decimal(rng.randint(1, 20)) / 10,
                )
            )
        if rng.random() < 0.2:
            others = [o for o in offices[task.agency_id] if o.pk != task.lead_unit_id]
            supporting.append(Supporting(task_id=task.pk, unit_id=rng.choice(others).pk))
        authors = agency_people[task.agency_id]
        if task.status in ("in_progress", "submitted", "done"):
            for n in range(rng.randint(1, 2)):
                progress.append(
                    ProgressUpdate(
                        task=task,
                        kind="submission" if n and task.status != "in_progress" else "progress",
                        author=rng.choice(authors),
                        percent_complete=50 * (n + 1),
                        note="Đã " + " ".join(rng.sample(WORDS, 6)),
                        created_at=task.issued_at + timedelta(days=20 * (n + 1)),
                    )
                )
        if rng.random() < 0.3:
            comments.append(
                Comment(
                    task=task,
                    author=rng.choice(authors),
                    text="Đề nghị " + " ".join(rng.sample(WORDS, 8)),
                    created_at=task.created_at + timedelta(days=5),
                )
            )
        entries = 1 if task.status == "draft" else 2
        if task is history_task:
            entries = 50
        for n in range(entries):
            snapshot = Historical(**{name: getattr(task, name) for name in history_fields})
            snapshot.history_date = task.created_at + timedelta(hours=n)
            snapshot.history_type = "+" if n == 0 else "~"
            snapshot.history_user_id = office_user.pk
            if n == 0:
                snapshot.history_change_reason = "create"
                snapshot.status = "draft"
                snapshot.percent_complete = 0
            elif n == 1:
                snapshot.history_change_reason = "issue"
                snapshot.status = "assigned"
                snapshot.percent_complete = 0
            else:
                snapshot.history_change_reason = "report_progress"
                snapshot.percent_complete = min(2 * n, 100)
            history.append(snapshot)
    TaskCriterion.objects.bulk_create(links, batch_size=BATCH)
    Supporting.objects.bulk_create(supporting, batch_size=BATCH)
    ProgressUpdate.objects.bulk_create(progress, batch_size=BATCH)
    evidence = [
        Evidence(
            task_id=update.task_id,
            progress_update=update,
            file=f"evidence/{update.task_id}/bench-{update.pk}.pdf",
            stored_name=f"bench-{update.pk}.pdf",
            original_name="Báo cáo kết quả.pdf",
            content_type="application/pdf",
            size=1024,
            sha256="0" * 64,
            uploaded_by_id=update.author_id,
            uploaded_at=update.created_at,
        )
        for update in progress
        if update.kind == "submission"
    ]
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    Historical.objects.bulk_create(history, batch_size=BATCH)
    return {
        "links": counts["links"] + len(links),
        "supporting": counts["supporting"] + len(supporting),
        "progress": counts["progress"] + len(progress),
        "evidence": counts["evidence"] + len(evidence),
        "comments": counts["comments"] + len(comments),
        "history": counts["history"] + len(history),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=env.SIZES, default="50k")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--force", action="store_true", help="empty the database and refill it")
    args = parser.parse_args(argv)
    env.setup(args.db, args.size)
    generate(env.SIZES[args.size], force=args.force)


if __name__ == "__main__":
    main()
