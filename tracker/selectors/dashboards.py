"""What each role's home page shows: leadership's quarterly review, the
office's deadline desk, the unit head's inbox and staff's own tasks.

Every count of tasks in buckets, every overdue list and every result comes
from `tracker.selectors.progress` (reports read the same functions, so a
dashboard and a Word report never disagree); this module only chooses and
sorts. Each function runs a bounded number of queries whatever the number
of tasks.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from tracker import permissions
from tracker.models import Assessment, Index, Task, TaskCriterion, TaskStatus, Unit, User
from tracker.selectors import progress
from tracker.selectors.assessments import UnitHistory, deepest_lost_points, unit_history
from tracker.selectors.tasks import (
    LIST_RELATIONS,
    extension_requests_pending,
    overdue_q,
    with_lateness,
)

WORKING = (TaskStatus.ASSIGNED, TaskStatus.RETURNED, TaskStatus.IN_PROGRESS)
DUE_SOON_DAYS = 14
TOP_OVERDUE_UNITS = 5
# A home page lists the first few of each kind and links to the full list:
# at province scale a list of every task would be megabytes of HTML.
LIST_LIMIT = 20
DRAFT_LIMIT = 50


@dataclass
class Shortlist:
    """The first `limit` rows of a list and how many there are in all."""

    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def shortlist(
    queryset: QuerySet, limit: int = LIST_LIMIT, *, count: Callable[[], int] | None = None
) -> Shortlist:
    """The rows, and the count (`count`, or the queryset's) only when they fill the page."""
    items = list(queryset[:limit])
    total = len(items) if len(items) < limit else (count or queryset.count)()
    return Shortlist(items, total)


def current_quarter(today: date) -> int:
    return (today.month - 1) // 3 + 1


# -- leadership ----------------------------------------------------------------


@dataclass
class OverdueUnit:
    unit_id: int
    name: str
    overdue: int
    most_days: int
    supervised: bool = False


@dataclass
class LeadershipHome:
    figures: progress.ProgressFigures
    history: UnitHistory | None
    losses: list[progress.AreaLoss]
    by_area: list[progress.AreaBuckets]
    by_unit: list[progress.UnitProgress]
    supervised_ids: set[int]
    overdue_units: list[OverdueUnit]
    overdue_total: int
    extension_requests: Shortlist
    to_verify: Shortlist


def _supervised_ids(user: User, unit_ids: list[int]) -> set[int]:
    """Which of these units the leader supervises (the unit or one above it)."""
    units = permissions.supervised_units(user)
    if not units or not unit_ids:
        return set()
    within = Q()
    for unit in units:
        within |= Q(path__startswith=unit.path)
    return set(Unit.objects.filter(within, pk__in=unit_ids).values_list("pk", flat=True))


def _supervised_first(user: User, unit_field: str) -> Case | Value:
    """An ordering that puts the rows whose unit the leader supervises first."""
    units = permissions.supervised_units(user)
    if not units:
        return Value(0)
    within = Q()
    for unit in units:
        within |= Q(**{f"{unit_field}__path__startswith": unit.path})
    return Case(When(within, then=Value(0)), default=Value(1), output_field=IntegerField())


def leadership_home(*, user: User, year: int, quarter: int | None, today: date) -> LeadershipHome:
    """The quarterly review of the leader's agency. A deputy's supervised units
    come first in every list of units; what waits for the leader (extension
    requests, submitted tasks) is only what they oversee. Raises
    progress.PeriodError for a bad year or quarter."""
    agency = permissions.user_agency(user)
    figures = progress.progress_figures(
        unit=agency, year=year, quarter=quarter, today=today, with_overdue=False
    )
    index = Index.objects.filter(code="PAR").first()
    history = unit_history(unit=progress.assessed_unit(agency), index=index) if index else None
    losses = progress.lost_by_area_compared(unit=agency, year=year)
    before = progress.result_for(unit=agency, year=year - 1)
    by_area = (
        progress.buckets_by_area(
            progress.due_in_period(progress.scope_tasks(unit=agency), period=figures.period),
            assessment=before,
            today=today,
        )
        if before
        else []
    )

    # The figures' rule for the overdue (late now, due by the period's end),
    # counted by unit rather than listed: a province has thousands.
    overdue = {
        row.unit_id: OverdueUnit(row.unit_id, row.name, row.overdue, row.days_overdue)
        for row in progress.overdue_by_unit(
            progress.scope_tasks(unit=agency).filter(deadline__lte=figures.period.end),
            today=today,
        )
    }
    overdue_total = sum(row.overdue for row in overdue.values())
    unit_ids = [unit.unit_id for unit in figures.by_unit] + list(overdue)
    supervised = _supervised_ids(user, unit_ids)
    for row in overdue.values():
        row.supervised = row.unit_id in supervised

    def supervised_first(unit_id: int) -> int:
        return 0 if unit_id in supervised else 1

    by_unit = sorted(figures.by_unit, key=lambda unit: supervised_first(unit.unit_id))
    overdue_units = sorted(
        overdue.values(),
        key=lambda row: (supervised_first(row.unit_id), -row.overdue, -row.most_days, row.name),
    )[:TOP_OVERDUE_UNITS]

    requests = shortlist(
        extension_requests_pending(agency=agency, leader=user).order_by(
            _supervised_first(user, "task__lead_unit"), "created_at", "pk"
        )
    )
    to_verify = shortlist(
        with_lateness(
            Task.objects.filter(permissions.overseen_tasks_q(user), status=TaskStatus.SUBMITTED),
            today=today,
        )
        .select_related(*LIST_RELATIONS)
        .order_by(_supervised_first(user, "lead_unit"), "submitted_at", "pk")
    )
    return LeadershipHome(
        figures=figures,
        history=history,
        losses=losses,
        by_area=by_area,
        by_unit=by_unit,
        supervised_ids=supervised,
        overdue_units=overdue_units,
        overdue_total=overdue_total,
        extension_requests=requests,
        to_verify=to_verify,
    )


# -- office ----------------------------------------------------------------------


@dataclass
class Draft:
    task: Task
    deadline_passed: bool


@dataclass
class UncoveredCriterion:
    code: str
    name: str
    lost: object


@dataclass
class OfficeHome:
    today: date
    this_week: Shortlist
    next_week: Shortlist
    overdue_units: Shortlist  # of progress.UnitOverdue, most overdue first
    most_overdue: Shortlist
    returned: Shortlist
    drafts: Shortlist
    directives_without_task: Shortlist
    result: Assessment | None
    criteria_without_task: list[UncoveredCriterion] = field(default_factory=list)


def _managed_tasks(user: User) -> QuerySet[Task]:
    """The tasks the office acts on (its agency and its communes)."""
    return Task.objects.filter(permissions.managed_agencies_q(user, "agency"))


def directives_without_task(*, user: User) -> QuerySet:
    """Directives of the conclusions the office's agencies issued that no task
    (cancelled ones aside) carries yet. The model is reached through the
    task's relation: tracker does not import conclusions."""
    directive_model = Task._meta.get_field("directive").related_model
    carried = Task.objects.filter(directive=OuterRef("pk")).exclude(status=TaskStatus.CANCELLED)
    return (
        directive_model.objects.filter(
            permissions.managed_agencies_q(user, "conclusion__issuing_unit")
        )
        .exclude(Exists(carried))
        .select_related("conclusion")
        .order_by("conclusion__issued_on", "conclusion_id", "order")
    )


def latest_result(*, agency: Unit, index_code: str = "PAR") -> Assessment | None:
    return (
        Assessment.objects.filter(
            unit=progress.assessed_unit(agency), criteria_set__index__code=index_code
        )
        .select_related("unit", "criteria_set")
        .order_by("-criteria_set__year")
        .first()
    )


def criteria_without_task(*, assessment: Assessment) -> list[UncoveredCriterion]:
    """The lost-point criteria of a result (those generation makes a task for)
    that no task, cancelled ones aside, remedies yet."""
    covered = set(
        TaskCriterion.objects.filter(assessment=assessment)
        .exclude(task__status=TaskStatus.CANCELLED)
        .values_list("criterion__code", flat=True)
    )
    return [
        UncoveredCriterion(row.code, row.name, row.lost)
        for row in deepest_lost_points(assessment=assessment)
        if row.code not in covered
    ]


def office_home(*, user: User, today: date) -> OfficeHome:
    """The deadline desk: this week's and next week's deadlines of open tasks,
    what is overdue by unit (with days), tasks units returned, drafts to
    issue (flagging those whose deadline has passed), and the directives and
    lost-point criteria no task covers yet."""
    agency = permissions.user_agency(user)
    scope = progress.scope_tasks(unit=agency)
    next_week = today - timedelta(days=today.weekday()) + timedelta(days=7)
    working = (
        scope.filter(status__in=WORKING).select_related(*LIST_RELATIONS).order_by("deadline", "pk")
    )
    overdue = (
        with_lateness(scope.filter(overdue_q(today=today)), today=today)
        .select_related(*LIST_RELATIONS)
        .order_by("deadline", "pk")
    )
    managed = _managed_tasks(user).select_related(*LIST_RELATIONS)
    drafts = shortlist(
        managed.filter(status=TaskStatus.DRAFT).order_by(
            F("deadline").asc(nulls_last=True), "lead_unit__path", "pk"
        ),
        DRAFT_LIMIT,
    )
    drafts.items = [
        Draft(task=task, deadline_passed=task.deadline is not None and task.deadline < today)
        for task in drafts.items
    ]
    # A province has hundreds of units late: the first few, the rest on the board.
    units = progress.overdue_by_unit(scope, today=today)
    most_overdue = shortlist(overdue, count=lambda: sum(unit.overdue for unit in units))
    for task in most_overdue.items:
        task.days_overdue = (today - task.deadline).days
    result = latest_result(agency=agency)
    return OfficeHome(
        today=today,
        this_week=shortlist(working.filter(deadline__gte=today, deadline__lt=next_week)),
        next_week=shortlist(
            working.filter(deadline__gte=next_week, deadline__lt=next_week + timedelta(days=7))
        ),
        overdue_units=Shortlist(units[:LIST_LIMIT], len(units)),
        most_overdue=most_overdue,
        returned=shortlist(managed.filter(status=TaskStatus.RETURNED).order_by("deadline", "pk")),
        drafts=drafts,
        directives_without_task=shortlist(directives_without_task(user=user)),
        result=result,
        criteria_without_task=criteria_without_task(assessment=result) if result else [],
    )


# -- unit head -------------------------------------------------------------------


@dataclass
class UnitHeadHome:
    unit: Unit
    period: progress.Period
    buckets: progress.Buckets
    awaiting: Shortlist
    due_soon: Shortlist
    overdue: Shortlist
    reworking: Shortlist
    submitted: Shortlist


def unit_head_home(*, user: User, today: date) -> UnitHeadHome:
    """The unit's inbox: tasks to accept, due within two weeks, overdue, sent
    back for rework, submitted and awaiting verification (each the first
    few, nearest deadline first, and how many in all); and the unit's
    on-time rate for tasks due this quarter (the figures module's buckets)."""
    unit = user.unit
    period = progress.period_for(year=today.year, quarter=current_quarter(today), today=today)
    tasks = (
        with_lateness(Task.objects.filter(lead_unit=unit), today=today)
        .select_related(*LIST_RELATIONS)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    return UnitHeadHome(
        unit=unit,
        period=period,
        buckets=progress.task_buckets(
            progress.due_in_period(progress.scope_tasks(unit=unit), period=period), today=today
        ),
        awaiting=shortlist(tasks.filter(status=TaskStatus.ASSIGNED)),
        due_soon=shortlist(
            tasks.filter(
                status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS),
                overdue=False,
                deadline__lte=today + timedelta(days=DUE_SOON_DAYS),
            )
        ),
        overdue=shortlist(tasks.filter(overdue_q(today=today))),
        reworking=shortlist(tasks.filter(status=TaskStatus.IN_PROGRESS).exclude(reopen_reason="")),
        submitted=shortlist(tasks.filter(status=TaskStatus.SUBMITTED)),
    )


# -- staff -----------------------------------------------------------------------


def staff_home(*, user: User, today: date) -> Shortlist:
    """The open tasks the user carries, nearest deadline first (ongoing ones
    last): the first few and how many in all."""
    return shortlist(
        with_lateness(
            Task.objects.filter(
                assignee=user,
                status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED),
            ),
            today=today,
        )
        .select_related(*LIST_RELATIONS)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
