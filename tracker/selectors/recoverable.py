"""The points each remediation task can recover, and the points at stake in open
and overdue tasks per unit and per area.

A task recovers points through its TaskCriterion rows. A criterion's lost
points (the one rule, `effective_lost`, over the criteria and scores of the
assessment the link remedies) are shared equally among the tasks remedying
that criterion in that assessment, cancelled tasks left out: two units working
on one criterion that lost 1.00 point carry 0.50 each, and if one of them is
cancelled the other carries the whole point. A link made without a known
assessment (a criterion linked by hand where no result was imported) keeps the
points recorded on it when it was made.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from tracker.models import Criterion, Task, TaskCriterion, TaskStatus, Unit
from tracker.selectors.assessments import lost_by_assessment
from tracker.selectors.tasks import with_lateness

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(value: Decimal) -> Decimal:
    """A share shown to two decimals; sums are taken before rounding."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class CriterionShare:
    """One criterion a task remedies: its lost points and this task's share of them."""

    task_id: int
    criterion_id: int
    code: str
    area_code: str
    assessment_id: int | None
    lost: Decimal
    sharing: int
    share: Decimal


def criterion_shares(*, task_ids: Iterable[int]) -> list[CriterionShare]:
    """Every criterion link of the given tasks with the share of its lost points
    the task carries (zero for a cancelled task). Queries: the links, the count
    of tasks sharing each criterion, and two for the lost points."""
    task_ids = list(task_ids)
    links = list(
        TaskCriterion.objects.filter(task_id__in=task_ids).values(
            "task_id",
            "task__status",
            "criterion_id",
            "criterion__code",
            "assessment_id",
            "points_lost",
        )
    )
    if not links:
        return []
    # Only the (assessment, criterion) pairs of these links are needed: narrowed
    # by assessment as well, a few thousand links are read, not all of them.
    assessments = {link["assessment_id"] for link in links}
    same_assessment = Q(assessment_id__in=assessments - {None})
    if None in assessments:
        same_assessment |= Q(assessment__isnull=True)
    sharing = {
        (row["assessment_id"], row["criterion_id"]): row["tasks"]
        for row in TaskCriterion.objects.filter(
            same_assessment, criterion_id__in={link["criterion_id"] for link in links}
        )
        # Joined to the tasks of these few links only: NOT IN the cancelled
        # tasks hashed every cancelled task of the province (40,000 at 500,000).
        .exclude(task__status=TaskStatus.CANCELLED)
        .values("assessment_id", "criterion_id")
        # A task links a criterion once (task_criterion_unique): no DISTINCT,
        # so PostgreSQL hashes the groups instead of sorting the links.
        .annotate(tasks=Count("task_id"))
    }
    lost_in = lost_by_assessment(assessments - {None})
    shares = []
    for link in links:
        key = (link["assessment_id"], link["criterion_id"])
        code = link["criterion__code"]
        if link["assessment_id"] is None:
            lost = link["points_lost"]
        else:
            lost = lost_in.get(link["assessment_id"], {}).get(code)
        lost = lost if lost is not None and lost > 0 else ZERO
        count = sharing.get(key, 0)
        cancelled = link["task__status"] == TaskStatus.CANCELLED
        share = ZERO if cancelled or not count else lost / count
        shares.append(
            CriterionShare(
                task_id=link["task_id"],
                criterion_id=link["criterion_id"],
                code=code,
                area_code=code.split(".", 1)[0],
                assessment_id=link["assessment_id"],
                lost=lost,
                sharing=count,
                share=share,
            )
        )
    return shares


def recoverable_points(*, task_ids: Iterable[int]) -> dict[int, Decimal]:
    """Points each task can recover (tasks without criteria are absent), unrounded."""
    points: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for share in criterion_shares(task_ids=task_ids):
        points[share.task_id] += share.share
    return dict(points)


def with_recoverable(tasks: Iterable[Task]) -> list[Task]:
    """The tasks with `recoverable` set (None for a task linked to no criterion),
    for a page of a table or a single task."""
    tasks = list(tasks)
    points = recoverable_points(task_ids=[task.pk for task in tasks])
    for task in tasks:
        task.recoverable = points.get(task.pk)
    return tasks


@dataclass
class Stake:
    """Points at stake in a group of tasks: open, and of those overdue."""

    key: str
    label: str
    open_points: Decimal = ZERO
    overdue_points: Decimal = ZERO
    open_tasks: int = 0
    overdue_tasks: int = 0


@dataclass
class StakeSummary:
    by_unit: list[Stake] = field(default_factory=list)
    by_area: list[Stake] = field(default_factory=list)
    total: Stake = field(default_factory=lambda: Stake(key="", label=""))


def points_at_stake(*, tasks, today: date) -> StakeSummary:
    """Points at stake in the open tasks of a queryset, and in the overdue ones
    (`with_lateness`'s rule), summed per lead unit and per area of the
    criteria (by area code; an area's name as in the newest set it appears in)."""
    rows = list(
        with_lateness(
            tasks.exclude(status__in=(TaskStatus.DONE, TaskStatus.CANCELLED)), today=today
        ).values("pk", "overdue", "lead_unit_id")
    )
    shares = criterion_shares(task_ids=[row["pk"] for row in rows])
    by_task = {row["pk"]: row for row in rows}
    units = {
        unit.pk: unit.name
        for unit in Unit.objects.filter(pk__in={row["lead_unit_id"] for row in rows})
    }
    area_names = _area_names(shares)
    by_unit: dict[int, Stake] = {}
    by_area: dict[str, Stake] = {}
    total = Stake(key="", label="")
    counted: dict[int, set[int]] = defaultdict(set)
    for share in shares:
        task = by_task[share.task_id]
        unit = by_unit.setdefault(
            task["lead_unit_id"],
            Stake(key=str(task["lead_unit_id"]), label=units[task["lead_unit_id"]]),
        )
        area = by_area.setdefault(
            share.area_code,
            Stake(key=share.area_code, label=area_names.get(share.area_code, share.area_code)),
        )
        for stake in (unit, area, total):
            stake.open_points += share.share
            if task["overdue"]:
                stake.overdue_points += share.share
            # A task linked to two criteria counts once per group.
            seen = counted[id(stake)]
            if share.task_id not in seen:
                seen.add(share.task_id)
                stake.open_tasks += 1
                stake.overdue_tasks += int(task["overdue"])
    return StakeSummary(
        by_unit=sorted(by_unit.values(), key=lambda stake: (-stake.open_points, stake.label)),
        by_area=sorted(by_area.values(), key=lambda stake: _area_order(stake.key)),
        total=total,
    )


def _area_order(code: str) -> tuple:
    return (0, int(code)) if code.isdigit() else (1, code)


def _area_names(shares: list[CriterionShare]) -> dict[str, str]:
    set_ids = Criterion.objects.filter(pk__in={share.criterion_id for share in shares}).values(
        "criteria_set_id"
    )
    names = {}
    for code, name in (
        Criterion.objects.filter(level=1, criteria_set_id__in=set_ids)
        .order_by("criteria_set__year")
        .values_list("code", "name")
    ):
        names[code] = name
    return names
