"""The progress figures: the one place reports, dashboards and exports read.

For an agency (its own tasks and those of the agencies below it) or a unit
(the tasks it leads), a year and a calendar quarter (or the year so far):

- last year's result and the points lost by area (`tracker.selectors.assessments`);
- the tasks due in the period in the four buckets offices report (done on
  time, done late, not done within the deadline, not done and overdue), with
  how many of them are not started yet, and the ongoing ("thường xuyên") tasks;
- the same by area and by unit (best first);
- the overdue tasks, each with its unit's latest progress note;
- the ongoing directives with their latest progress;
- the points recovered once next year's result is in.

Lateness is `with_lateness` (the SQL twin of `Task.is_overdue` and
`Task.is_done_late`) as of the `today` passed in; every count is one
conditional aggregate in SQL, so the number of queries does not grow with
the data. Drafts (the office's working copy) and cancelled tasks are not
reported.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.models import (
    Assessment,
    ProgressUpdate,
    Task,
    TaskCriterion,
    TaskStatus,
    Unit,
)
from tracker.models.assessments import criterion_sort_key
from tracker.models.org import AGENCY_KINDS
from tracker.permissions import ASSESSED_KINDS
from tracker.selectors.assessments import assessment_summary, deepest_codes, percent_of
from tracker.selectors.tasks import done_late_q, overdue_arms, overdue_q, with_lateness

NOT_REPORTED = (TaskStatus.DRAFT, TaskStatus.CANCELLED)
NOT_STARTED = (TaskStatus.ASSIGNED, TaskStatus.RETURNED)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A year or quarter no report can be made for; the message says why, in Vietnamese."""


# -- the period ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None
    start: date
    end: date

    @property
    def label(self) -> str:
        """As a document writes it: "quý II năm 2023", or "năm 2023" for the year so far."""
        if self.quarter:
            return _("quý %(q)s năm %(year)s") % {"q": ROMAN[self.quarter], "year": self.year}
        return _("năm %(year)s") % {"year": self.year}


def period_for(*, year: int, quarter: int | None = None, today: date) -> Period:
    """The calendar quarter, or the year so far (1 January to `today`, the whole
    year once it is over). Raises PeriodError for a quarter outside 1–4 or a
    year out of range."""
    if not 2000 <= year <= 2100:
        raise PeriodError(_("Năm %(year)s không hợp lệ.") % {"year": year})
    if quarter is not None and quarter not in ROMAN:
        raise PeriodError(
            _("Quý %(quarter)s không hợp lệ: chỉ có quý 1, 2, 3 hoặc 4.") % {"quarter": quarter}
        )
    if quarter is None:
        end = date(year, 12, 31)
        if today.year == year:
            end = today
        return Period(year=year, quarter=None, start=date(year, 1, 1), end=end)
    first_month = 3 * quarter - 2
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return Period(
        year=year, quarter=quarter, start=start, end=date.fromordinal(end.toordinal() - 1)
    )


# -- which tasks --------------------------------------------------------------


LITERAL_UNITS = 50


def scope_tasks(*, unit: Unit) -> QuerySet[Task]:
    """The reported tasks of an agency (and of the agencies below it) or of a
    unit (those it, or a unit below it, leads); drafts and cancelled left out."""
    tasks = Task.objects.exclude(status__in=NOT_REPORTED)
    # By the units' numbers, not a join on their paths, so the task indexes
    # that start with the agency or the lead unit serve. A department's few
    # as a list, which the planner weighs better than a subquery; a province's
    # hundreds as the subquery (its filter keeps nearly every task anyway, and
    # a long list made every query's text long to send).
    below = Unit.objects.filter(path__startswith=unit.path).values("pk")
    units = list(below.values_list("pk", flat=True)[: LITERAL_UNITS + 1])
    if len(units) > LITERAL_UNITS:
        units = below
    if unit.kind in AGENCY_KINDS:
        return tasks.filter(agency_id__in=units)
    return tasks.filter(lead_unit_id__in=units)


def due_in_period(tasks: QuerySet[Task], *, period: Period) -> QuerySet[Task]:
    return tasks.filter(deadline__gte=period.start, deadline__lte=period.end)


def ongoing_in_period(tasks: QuerySet[Task], *, period: Period) -> QuerySet[Task]:
    """Tasks without a deadline ("thường xuyên") open at some point of the period:
    issued by its end and not finished before it began."""
    return tasks.filter(
        ongoing=True, deadline__isnull=True, issued_at__date__lte=period.end
    ).filter(Q(completed_at__isnull=True) | Q(completed_at__date__gte=period.start))


# -- the four buckets ---------------------------------------------------------


def _bucket_counts(*, today: date) -> dict:
    """Conditional counts, the model's rules as `overdue_q` and `done_late_q`."""
    return {
        "tasks": Count("pk"),
        "done": Count("pk", filter=Q(status=TaskStatus.DONE)),
        "done_late": Count("pk", filter=done_late_q()),
        "overdue": Count("pk", filter=overdue_q(today=today)),
        "not_started": Count("pk", filter=Q(status__in=NOT_STARTED)),
    }


def _buckets(counts: dict) -> dict:
    """The four buckets from the counts: every not-done task is overdue or within
    its deadline, every done one late or on time."""
    done = counts.pop("done")
    return {
        **counts,
        "done_on_time": done - counts["done_late"],
        "within_deadline": counts["tasks"] - done - counts["overdue"],
    }


@dataclass
class Buckets:
    """Tasks due in the period: the four buckets add up to `tasks`;
    `not_started` counts those of them not accepted yet (in either not-done
    bucket)."""

    tasks: int = 0
    done_on_time: int = 0
    done_late: int = 0
    within_deadline: int = 0
    overdue: int = 0
    not_started: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.within_deadline + self.overdue

    @property
    def done_rate(self) -> Decimal | None:
        """Share of the tasks done, on time or late (percent, cut to 2 decimals)."""
        return percent_of(Decimal(self.done), Decimal(self.tasks))

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent_of(Decimal(self.done_on_time), Decimal(self.tasks))


def task_buckets(tasks: QuerySet[Task], *, today: date) -> Buckets:
    """The buckets of `tasks` as of `today`, in one query."""
    return Buckets(**_buckets(tasks.aggregate(**_bucket_counts(today=today))))


# -- by area ------------------------------------------------------------------


@dataclass
class AreaProgress:
    code: str
    name: str
    max_score: Decimal
    score: Decimal | None
    lost: Decimal | None
    tasks: int = 0
    done: int = 0
    overdue: int = 0


def progress_by_area(
    tasks: QuerySet[Task], *, assessment: Assessment, today: date
) -> list[AreaProgress]:
    """Each area of the result: points lost, and the tasks (of `tasks`) remedying
    a criterion of it in that result, done and overdue, in tree order.

    Areas are told apart by the first segment of a criterion's sort key (its
    area code, zero-padded): one grouped query whatever the number of tasks.
    """
    summary = assessment_summary(assessment=assessment)
    areas = {
        criterion_sort_key(node.code).split(".")[0]: AreaProgress(
            code=node.code,
            name=node.name,
            max_score=node.max_score,
            score=node.appraised_score,
            lost=node.lost,
        )
        for node in summary.areas
    }
    width = max((len(key) for key in areas), default=4)
    links = tasks.filter(task_criteria__assessment=assessment).order_by()
    grouped = links.values(area=Substr("task_criteria__criterion__sort_key", 1, width)).annotate(
        tasks=Count("pk", distinct=True),
        done=Count("pk", filter=Q(status=TaskStatus.DONE), distinct=True),
        overdue=Count("pk", filter=overdue_q(today=today), distinct=True),
    )
    for row in grouped:
        area = areas.get(row["area"].rstrip("."))
        if area is not None:
            area.tasks, area.done, area.overdue = row["tasks"], row["done"], row["overdue"]
    return list(areas.values())


@dataclass
class AreaBuckets(Buckets):
    code: str = ""
    name: str = ""


def buckets_by_area(
    tasks: QuerySet[Task], *, assessment: Assessment, today: date
) -> list[AreaBuckets]:
    """The four buckets of the tasks (of `tasks`) remedying each area of the
    result, in tree order (two queries: the areas, then one grouped count). A
    task remedying two criteria of one area counts once there, as in
    `progress_by_area`."""
    areas = {
        criterion_sort_key(code): AreaBuckets(code=code, name=name)
        for code, name in assessment.criteria_set.criteria.filter(level=1)
        .order_by("sort_key")
        .values_list("code", "name")
    }
    width = max((len(key) for key in areas), default=4)
    counts = {
        "tasks": Count("pk", distinct=True),
        "done": Count("pk", filter=Q(status=TaskStatus.DONE), distinct=True),
        "done_late": Count("pk", filter=done_late_q(), distinct=True),
        "overdue": Count("pk", filter=overdue_q(today=today), distinct=True),
        "not_started": Count("pk", filter=Q(status__in=NOT_STARTED), distinct=True),
    }
    grouped = (
        tasks.filter(task_criteria__assessment=assessment)
        .order_by()
        .values(area=Substr("task_criteria__criterion__sort_key", 1, width))
        .annotate(**counts)
    )
    for row in grouped:
        area = areas.get(row.pop("area").rstrip("."))
        if area is not None:
            for name, value in _buckets(row).items():
                setattr(area, name, value)
    return list(areas.values())


# -- by unit ------------------------------------------------------------------


@dataclass
class UnitProgress(Buckets):
    unit_id: int = 0
    code: str = ""
    name: str = ""


def progress_by_unit(tasks: QuerySet[Task], *, today: date) -> list[UnitProgress]:
    """The buckets per lead unit, best first: the highest share done, then the
    fewest overdue, the most done on time, then by name (one grouped query)."""
    rows = (
        tasks.order_by()
        .values("lead_unit_id", "lead_unit__code", "lead_unit__name")
        .annotate(**_bucket_counts(today=today))
    )
    units = [
        UnitProgress(
            unit_id=row.pop("lead_unit_id"),
            code=row.pop("lead_unit__code"),
            name=row.pop("lead_unit__name"),
            **_buckets(row),
        )
        for row in rows
    ]
    units.sort(
        key=lambda unit: (
            -(unit.done_rate or 0),
            unit.overdue,
            -unit.done_on_time,
            unit.name,
        )
    )
    return units


# -- task lists ---------------------------------------------------------------


def _latest_update(field_name: str) -> Subquery:
    """The task's latest progress update that says something: its `field_name`."""
    updates = ProgressUpdate.objects.filter(task=OuterRef("pk")).exclude(note="")
    return Subquery(updates.order_by("-created_at", "-pk").values(field_name)[:1])


def _with_latest_note(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.annotate(
        latest_note=_latest_update("note"), latest_at=_latest_update("created_at")
    )


@dataclass
class OverdueTask:
    task_id: int
    title: str
    unit_id: int
    unit_name: str
    deadline: date
    days_overdue: int
    status: str
    percent_complete: int
    note: str
    note_at: datetime | None

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)


def overdue_tasks(tasks: QuerySet[Task], *, period: Period, today: date) -> list[OverdueTask]:
    """Every task overdue as of `today` whose deadline fell on or before the
    period's end (a task overdue since an earlier quarter is still listed), by
    unit then deadline, with the unit's latest progress note (one query)."""
    rows = (
        _with_latest_note(
            with_lateness(
                tasks.filter(overdue_q(today=today), deadline__lte=period.end), today=today
            )
        )
        .order_by("lead_unit__path", "deadline", "pk")
        .values(
            "pk",
            "title",
            "lead_unit_id",
            "lead_unit__name",
            "deadline",
            "status",
            "percent_complete",
            "latest_note",
            "latest_at",
        )
    )
    return [
        OverdueTask(
            task_id=row["pk"],
            title=row["title"],
            unit_id=row["lead_unit_id"],
            unit_name=row["lead_unit__name"],
            deadline=row["deadline"],
            days_overdue=(today - row["deadline"]).days,
            status=row["status"],
            percent_complete=row["percent_complete"],
            note=row["latest_note"] or "",
            note_at=row["latest_at"],
        )
        for row in rows
    ]


BUCKET_LABELS = {
    "done_on_time": gettext_lazy("Hoàn thành đúng hạn"),
    "done_late": gettext_lazy("Hoàn thành quá hạn"),
    "within_deadline": gettext_lazy("Chưa hoàn thành, còn trong hạn"),
    "overdue": gettext_lazy("Chưa hoàn thành, quá hạn"),
    "ongoing": gettext_lazy("Thường xuyên"),
}


def bucket_label(bucket: str) -> str:
    return str(BUCKET_LABELS[bucket])


@dataclass
class TaskProgress:
    task_id: int
    title: str
    unit_name: str
    deadline: date | None
    bucket: str
    status: str
    percent_complete: int
    note: str
    note_at: datetime | None

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)

    @property
    def bucket_label(self) -> str:
        return bucket_label(self.bucket)


def _bucket_of(row: dict) -> str:
    """Which bucket an annotated row falls in: the aggregate's rule, row by row."""
    if row["deadline"] is None:
        return "ongoing"
    if row["status"] == TaskStatus.DONE:
        return "done_late" if row["done_late"] else "done_on_time"
    return "overdue" if row["overdue"] else "within_deadline"


def task_rows(tasks: QuerySet[Task], *, period: Period, today: date) -> list[TaskProgress]:
    """Each task due in the period and each ongoing one, with its bucket and its
    latest progress note, by deadline (ongoing last), in one query."""
    chosen = due_in_period(tasks, period=period) | ongoing_in_period(tasks, period=period)
    rows = (
        _with_latest_note(with_lateness(chosen, today=today))
        .order_by(F("deadline").asc(nulls_last=True), "lead_unit__path", "pk")
        .values(
            "pk",
            "title",
            "lead_unit__name",
            "deadline",
            "status",
            "percent_complete",
            "overdue",
            "done_late",
            "latest_note",
            "latest_at",
        )
    )
    return [
        TaskProgress(
            task_id=row["pk"],
            title=row["title"],
            unit_name=row["lead_unit__name"],
            deadline=row["deadline"],
            bucket=_bucket_of(row),
            status=row["status"],
            percent_complete=row["percent_complete"],
            note=row["latest_note"] or "",
            note_at=row["latest_at"],
        )
        for row in rows
    ]


@dataclass
class DirectiveProgress:
    directive_id: int
    label: str
    text: str
    conclusion_number: str
    task_id: int
    unit_name: str
    status: str
    percent_complete: int
    note: str
    note_at: datetime | None


def ongoing_directives(tasks: QuerySet[Task], *, period: Period) -> list[DirectiveProgress]:
    """The leaders' directives without a deadline ("thường xuyên") open in the
    period, one row per unit carrying one, with its latest progress (one query;
    the directive is reached through the task's relation, as tracker does not
    import conclusions)."""
    rows = (
        _with_latest_note(ongoing_in_period(tasks, period=period).filter(directive__isnull=False))
        .order_by("directive__conclusion__issued_on", "directive__order", "lead_unit__path")
        .values(
            "pk",
            "directive_id",
            "directive__label",
            "directive__text",
            "directive__conclusion__number",
            "lead_unit__name",
            "status",
            "percent_complete",
            "latest_note",
            "latest_at",
        )
    )
    return [
        DirectiveProgress(
            directive_id=row["directive_id"],
            label=row["directive__label"],
            text=row["directive__text"],
            conclusion_number=row["directive__conclusion__number"],
            task_id=row["pk"],
            unit_name=row["lead_unit__name"],
            status=row["status"],
            percent_complete=row["percent_complete"],
            note=row["latest_note"] or "",
            note_at=row["latest_at"],
        )
        for row in rows
    ]


# -- results ------------------------------------------------------------------


@dataclass
class ResultFigures:
    """A year's result as the system computes it, beside what was published."""

    assessment_id: int
    unit_name: str
    year: int
    total: Decimal | None
    max_total: Decimal
    percent: Decimal | None
    lost: Decimal | None
    published_total: Decimal | None
    published_percent: Decimal | None
    difference: Decimal | None
    rank: int | None
    rank_of: int | None
    rank_change: int | None


def assessed_unit(unit: Unit) -> Unit:
    """Whose result a report on `unit` speaks of: its own when it is appraised
    (an agency, a commune), else its agency's."""
    return unit if unit.kind in ASSESSED_KINDS else unit.agency


def result_for(*, unit: Unit, year: int, index_code: str = "PAR") -> Assessment | None:
    return (
        Assessment.objects.filter(
            unit=assessed_unit(unit), criteria_set__index__code=index_code, criteria_set__year=year
        )
        .select_related("unit", "criteria_set")
        .first()
    )


def _result_figures(summary) -> ResultFigures:
    assessment = summary.assessment
    return ResultFigures(
        assessment_id=assessment.pk,
        unit_name=assessment.unit.name,
        year=assessment.criteria_set.year,
        total=summary.totals.total,
        max_total=summary.totals.max_total,
        percent=summary.totals.percent,
        lost=summary.totals.lost,
        published_total=summary.published_total,
        published_percent=summary.published_percent,
        difference=summary.difference,
        rank=assessment.rank,
        rank_of=assessment.rank_of,
        rank_change=assessment.rank_change,
    )


@dataclass
class CriterionRecovery:
    code: str
    name: str
    lost_before: Decimal
    lost_after: Decimal | None

    @property
    def recovered(self) -> Decimal | None:
        """Points won back (negative: lost even more); None while not appraised."""
        if self.lost_after is None:
            return None
        return self.lost_before - self.lost_after


@dataclass
class Recovery:
    year_before: int
    year_after: int
    total_before: Decimal | None
    total_after: Decimal | None
    criteria: list[CriterionRecovery] = field(default_factory=list)
    # The criteria that lost points with no task remedying them: did they
    # recover too? (the comparison that tells the work's effect from drift)
    untouched: list[CriterionRecovery] = field(default_factory=list)

    @property
    def recovered(self) -> Decimal:
        return _recovered(self.criteria)

    @property
    def untouched_recovered(self) -> Decimal:
        return _recovered(self.untouched)


def _recovered(rows: list[CriterionRecovery]) -> Decimal:
    return sum((row.recovered for row in rows if row.recovered is not None), Decimal(0))


def points_recovered(tasks: QuerySet[Task], *, before, after: Assessment) -> Recovery:
    """For each criterion the tasks remedy in the `before` result (an
    AssessmentSummary), its points lost then and in the `after` result, matched
    by code: the effect of the work once next year's scores are in."""
    after_summary = assessment_summary(assessment=after)
    lost_after = {node.code: node.lost for node in after_summary.nodes}
    nodes_before = {node.code: node for node in before.nodes}
    remedied = (
        TaskCriterion.objects.filter(assessment=before.assessment, task__in=tasks.values("pk"))
        .values_list("criterion__code", flat=True)
        .distinct()
    )
    remedied = set(remedied)

    def recovery(code: str) -> CriterionRecovery:
        node = nodes_before[code]
        return CriterionRecovery(
            code=code, name=node.name, lost_before=node.lost, lost_after=lost_after.get(code)
        )

    criteria = [
        recovery(code)
        for code in sorted(remedied, key=criterion_sort_key)
        if code in nodes_before and nodes_before[code].lost
    ]
    # Only criteria with nothing losing below them: an area's loss is its children's.
    deepest = deepest_codes(code for code, node in nodes_before.items() if node.lost)
    untouched = [
        recovery(code)
        for code in sorted(deepest - remedied, key=criterion_sort_key)
        if not any(code.startswith(f"{done}.") or done.startswith(f"{code}.") for done in remedied)
    ]
    return Recovery(
        year_before=before.assessment.criteria_set.year,
        year_after=after.criteria_set.year,
        total_before=before.totals.total,
        total_after=after_summary.totals.total,
        criteria=criteria,
        untouched=untouched,
    )


@dataclass
class AreaLoss:
    """Points an area lost in a year's result and in the year before (None:
    that result is not in, or the area did not exist then)."""

    code: str
    name: str
    lost: Decimal | None
    lost_before: Decimal | None


def lost_by_area_compared(*, unit: Unit, year: int, index_code: str = "PAR") -> list[AreaLoss]:
    """Points lost by area in the result the work of `year` remedies (that of
    `year - 1`) beside the result before it (`year - 2`), matched by area code
    and named as in the later one; `assessment_summary` is the one rule for
    points lost. Empty when neither result is in."""
    summaries = [
        assessment_summary(assessment=assessment) if assessment else None
        for assessment in (
            result_for(unit=unit, year=year - 1, index_code=index_code),
            result_for(unit=unit, year=year - 2, index_code=index_code),
        )
    ]
    losses = [
        {node.code: node for node in summary.areas} if summary else {} for summary in summaries
    ]
    now, before = losses
    names = {code: node.name for code, node in before.items()} | {
        code: node.name for code, node in now.items()
    }
    return [
        AreaLoss(
            code=code,
            name=names[code],
            lost=now[code].lost if code in now else None,
            lost_before=before[code].lost if code in before else None,
        )
        for code in sorted(names, key=criterion_sort_key)
    ]


@dataclass
class UnitOverdue:
    unit_id: int
    name: str
    overdue: int
    oldest_deadline: date
    days_overdue: int


def overdue_by_unit(tasks: QuerySet[Task], *, today: date) -> list[UnitOverdue]:
    """Units by how many of `tasks` are overdue as of `today` (whatever their
    deadline's period), most first, with the longest delay; units with none
    left out (a grouped query per arm of the rule, and the units' names)."""
    counts: dict[int, list] = {}
    for arm in overdue_arms(today=today):
        for unit_id, overdue, oldest in (
            tasks.filter(arm)
            .order_by()
            .values("lead_unit_id")
            .annotate(overdue=Count("pk"), oldest=Min("deadline"))
            .values_list("lead_unit_id", "overdue", "oldest")
        ):
            count = counts.setdefault(unit_id, [0, oldest])
            count[0] += overdue
            count[1] = min(count[1], oldest)
    names = dict(Unit.objects.filter(pk__in=counts).values_list("pk", "name"))
    units = [
        UnitOverdue(
            unit_id=unit_id,
            name=names[unit_id],
            overdue=overdue,
            oldest_deadline=oldest,
            days_overdue=(today - oldest).days,
        )
        for unit_id, (overdue, oldest) in counts.items()
    ]
    units.sort(key=lambda unit: (-unit.overdue, -unit.days_overdue, unit.name))
    return units


# -- everything ---------------------------------------------------------------


@dataclass
class ProgressFigures:
    unit_id: int
    unit_code: str
    unit_name: str
    is_agency: bool
    period: Period
    today: date
    result: ResultFigures | None
    buckets: Buckets
    ongoing: int
    by_area: list[AreaProgress]
    by_unit: list[UnitProgress]
    overdue: list[OverdueTask]
    directives: list[DirectiveProgress]
    recovery: Recovery | None
    tasks: list[TaskProgress] | None = None


def progress_figures(
    *,
    unit: Unit,
    year: int,
    quarter: int | None = None,
    today: date,
    index_code: str = "PAR",
    with_tasks: bool = False,
    with_overdue: bool = True,
) -> ProgressFigures:
    """Everything a progress report, dashboard or export shows for `unit` in the
    quarter (or the year so far) of `year`, as of `today`.

    "Last year's result" is the result of `year - 1`, which the work of `year`
    remedies; points recovered come from the result of `year` once it is in.
    `with_tasks` adds each task of the period with its latest progress (the
    unit's report); without `with_overdue` the overdue tasks are not listed
    (a home page counts them by unit instead). Raises PeriodError for a
    quarter outside 1–4. A bounded number of queries whatever the number of
    tasks.
    """
    period = period_for(year=year, quarter=quarter, today=today)
    scope = scope_tasks(unit=unit)
    due = due_in_period(scope, period=period)
    before = result_for(unit=unit, year=year - 1, index_code=index_code)
    summary = assessment_summary(assessment=before) if before else None
    after = result_for(unit=unit, year=year, index_code=index_code) if before else None
    return ProgressFigures(
        unit_id=unit.pk,
        unit_code=unit.code,
        unit_name=unit.name,
        is_agency=unit.kind in AGENCY_KINDS,
        period=period,
        today=today,
        result=_result_figures(summary) if summary else None,
        buckets=task_buckets(due, today=today),
        ongoing=ongoing_in_period(scope, period=period).count(),
        by_area=progress_by_area(due, assessment=before, today=today) if before else [],
        by_unit=progress_by_unit(due, today=today),
        overdue=overdue_tasks(scope, period=period, today=today) if with_overdue else [],
        directives=ongoing_directives(scope, period=period),
        recovery=points_recovered(scope, before=summary, after=after) if after else None,
        tasks=task_rows(scope, period=period, today=today) if with_tasks else None,
    )


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def figures_data(figures: ProgressFigures) -> dict:
    """The figures as JSON-ready data (decimals as text, dates ISO): what a kept
    report stores, and what a regeneration is compared with."""
    return _plain(asdict(figures))
