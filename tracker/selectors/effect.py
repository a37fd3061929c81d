"""The effect of remediation: when next year's results are in, did the criteria
worked on recover points, and did those not worked on recover too?

A criterion of year Y is compared with the same code in year Y+1, or with the
criterion a `CriterionMapping` names when it was renamed or renumbered. Lost
points on both sides come from the one rule (`assessment_tree`'s lost figure);
the points recovered are last year's lost points minus this year's. A
criterion counts as worked on when at least one task not cancelled remedied it
in year Y's assessment. Registered targets (đăng ký điểm số) on year Y+1's
criteria stand beside the result they aimed at.

The page, and the Word report section the figures module builds, both read
`remediation_effect`.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models import Assessment, CriterionMapping, Index, Task, TaskStatus, Unit
from tracker.models.assessments import criterion_sort_key
from tracker.selectors.assessments import (
    NodeResult,
    TargetResult,
    assessment_results,
    assessment_tree,
    deepest_lost_points,
    targets_with_results,
)
from tracker.selectors.tasks import remediation_tasks_by_code

ZERO = Decimal(0)

OUTCOME_LABELS = {
    "done_on_time": _("Hoàn thành đúng hạn"),
    "done_late": _("Hoàn thành muộn"),
    "not_done": _("Chưa hoàn thành"),
    "cancelled": _("Đã hủy"),
}


def task_outcome(task: Task) -> str:
    """Done on time, done late, not done or cancelled, from a task annotated by
    `with_lateness` (the one rule for lateness)."""
    if task.status == TaskStatus.DONE:
        return "done_late" if task.done_late else "done_on_time"
    if task.status == TaskStatus.CANCELLED:
        return "cancelled"
    return "not_done"


@dataclass
class EffectTask:
    task: Task
    outcome: str

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def overdue(self) -> bool:
        return bool(getattr(self.task, "overdue", False))


@dataclass
class EffectRow:
    """One criterion that lost points (or was worked on) in year Y."""

    code: str
    name: str
    area_code: str
    max_score: Decimal
    lost_before: Decimal
    # The matching criterion of year Y+1 (same code, or mapped), when there is one.
    after_code: str | None = None
    after_max: Decimal | None = None
    after_appraised: Decimal | None = None
    lost_after: Decimal | None = None
    tasks: list[EffectTask] = field(default_factory=list)
    target: Decimal | None = None

    @property
    def mapped(self) -> bool:
        return self.after_code is not None and self.after_code != self.code

    @property
    def worked_on(self) -> bool:
        return any(item.outcome != "cancelled" for item in self.tasks)

    @property
    def compared(self) -> bool:
        return self.lost_after is not None

    @property
    def recovered(self) -> Decimal | None:
        """Points won back (+) or lost further (−) since year Y."""
        if self.lost_after is None:
            return None
        return self.lost_before - self.lost_after

    @property
    def target_gap(self) -> Decimal | None:
        """Appraised minus registered target in year Y+1: negative when short."""
        if self.target is None or self.after_appraised is None:
            return None
        return self.after_appraised - self.target


@dataclass
class EffectGroup:
    """Criteria worked on, or not: how many, and the points they lost and won back."""

    rows: list[EffectRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def compared(self) -> list[EffectRow]:
        return [row for row in self.rows if row.compared]

    @property
    def lost_before(self) -> Decimal:
        return sum((row.lost_before for row in self.compared), ZERO)

    @property
    def lost_after(self) -> Decimal:
        return sum((row.lost_after for row in self.compared), ZERO)

    @property
    def recovered(self) -> Decimal:
        return sum((row.recovered for row in self.compared), ZERO)

    @property
    def improved(self) -> int:
        """Criteria that won back at least part of what they lost."""
        return sum(1 for row in self.compared if row.recovered > 0)

    @property
    def fully_recovered(self) -> int:
        return sum(1 for row in self.compared if row.lost_after == 0)

    @property
    def worsened(self) -> int:
        return sum(1 for row in self.compared if row.recovered < 0)

    @property
    def recovery_percent(self) -> Decimal | None:
        if not self.lost_before:
            return None
        return (self.recovered * 100 / self.lost_before).quantize(Decimal("0.1"))


@dataclass
class RemediationEffect:
    agency: Unit
    year: int
    before: Assessment
    after: Assessment | None
    total_before: Decimal | None
    total_after: Decimal | None
    worked: EffectGroup
    not_worked: EffectGroup
    # Every registered target of year Y+1 beside its result.
    targets: list[TargetResult] = field(default_factory=list)

    @property
    def rows(self) -> list[EffectRow]:
        return sorted(
            self.worked.rows + self.not_worked.rows, key=lambda row: criterion_sort_key(row.code)
        )

    @property
    def outcome_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        seen = set()
        for row in self.worked.rows + self.not_worked.rows:
            for item in row.tasks:
                if item.task.pk not in seen:
                    seen.add(item.task.pk)
                    counts[item.outcome] += 1
        return counts

    @property
    def targets_reached(self) -> int:
        return sum(1 for target in self.targets if target.reached)

    @property
    def targets_compared(self) -> int:
        return sum(1 for target in self.targets if target.reached is not None)


def effect_assessments(
    *, agency: Unit, year: int, index: Index | None = None
) -> tuple[Assessment | None, Assessment | None]:
    """The agency's result of `year` and of the year after on one index (the
    PAR Index when it has one, else the first it was scored on)."""
    candidates = Assessment.objects.filter(unit=agency, criteria_set__year=year).select_related(
        "criteria_set__index"
    )
    if index is not None:
        candidates = candidates.filter(criteria_set__index=index)
    before = min(
        candidates,
        key=lambda a: (a.criteria_set.index.code != "PAR", a.criteria_set.index.code),
        default=None,
    )
    if before is None:
        return None, None
    after = (
        Assessment.objects.filter(
            unit=agency,
            criteria_set__index_id=before.criteria_set.index_id,
            criteria_set__year=year + 1,
        )
        .select_related("criteria_set__index")
        .first()
    )
    return before, after


def successor_codes(*, before: Assessment, after: Assessment) -> dict[str, str]:
    """Year Y's code → year Y+1's code for the criteria mapped between the two sets."""
    return dict(
        CriterionMapping.objects.filter(
            from_criterion__criteria_set_id=before.criteria_set_id,
            to_criterion__criteria_set_id=after.criteria_set_id,
        ).values_list("from_criterion__code", "to_criterion__code")
    )


def remediation_effect(
    *, agency: Unit, year: int, index: Index | None = None, today: date | None = None
) -> RemediationEffect | None:
    """The effect of the work on `year`'s result, read against `year + 1`'s
    (None when the agency has no result for `year`). Rows: the criteria that
    lost points and have none losing below them (what generation makes tasks
    for), plus any other criterion a task remedied."""
    before, after = effect_assessments(agency=agency, year=year, index=index)
    if before is None:
        return None
    today = today or timezone.localdate()
    nodes_before = {node.code: node for node in assessment_tree(assessment=before)}
    tasks_by_code = remediation_tasks_by_code(assessment=before, today=today)
    codes = [row.code for row in deepest_lost_points(assessment=before)]
    codes += sorted(code for code in tasks_by_code if code not in codes and code in nodes_before)
    nodes_after: dict[str, NodeResult] = {}
    mapped: dict[str, str] = {}
    targets: dict[str, Decimal] = {}
    target_results: list[TargetResult] = []
    if after is not None:
        nodes_after = {node.code: node for node in assessment_tree(assessment=after)}
        mapped = successor_codes(before=before, after=after)
        target_results = [
            result
            for result in targets_with_results(unit=agency, criteria_set=after.criteria_set)
            if result.target is not None
        ]
        targets = {result.node.code: result.target_score for result in target_results}
    worked, not_worked = EffectGroup(), EffectGroup()
    for code in codes:
        node = nodes_before[code]
        after_code = mapped.get(code, code)
        successor = nodes_after.get(after_code)
        row = EffectRow(
            code=code,
            name=node.name,
            area_code=node.area_code,
            max_score=node.max_score,
            lost_before=node.lost or ZERO,
            after_code=after_code if successor else None,
            after_max=successor.max_score if successor else None,
            after_appraised=successor.appraised_score if successor else None,
            lost_after=successor.lost if successor else None,
            tasks=[
                EffectTask(task=task, outcome=task_outcome(task))
                for task in sorted(tasks_by_code.get(code, []), key=lambda t: t.pk)
            ],
            target=targets.get(after_code) if successor else None,
        )
        (worked if row.worked_on else not_worked).rows.append(row)
    results = assessment_results(assessments=[a for a in (before, after) if a is not None])
    return RemediationEffect(
        agency=agency,
        year=year,
        before=before,
        after=after,
        total_before=results[before.pk].official_total,
        total_after=results[after.pk].official_total if after else None,
        worked=worked,
        not_worked=not_worked,
        targets=target_results,
    )
