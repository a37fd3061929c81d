"""What task generation proposes: one draft per lost-point criterion here;
other sources (a conclusion's directives) build `Proposal`s of their own.
Reads only; `tracker.services.generation` writes."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tracker.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionResponsibility,
    Task,
    TaskSource,
    Unit,
    User,
)
from tracker.selectors.assessments import deepest_lost_points
from tracker.selectors.tasks import with_lateness

if TYPE_CHECKING:
    from conclusions.models import Directive


@dataclass
class Proposal:
    source_key: str
    source: str
    title: str
    description: str = ""
    lead_unit: Unit | None = None
    lead_unit_from_previous_year: bool = False
    deadline: date | None = None
    ongoing: bool = False
    occurrence: str = ""
    year: int | None = None
    criteria: list[tuple[Criterion, Decimal]] = field(default_factory=list)
    assessment: Assessment | None = None
    directive: "Directive | None" = None
    supervisor: User | None = None
    indicator_name: str = ""
    indicator_target: Decimal | None = None
    indicator_unit: str = ""
    expected_output: str = ""
    supporting_units: list[Unit] = field(default_factory=list)
    existing: Task | None = None


def previous_criteria_set(criteria_set: CriteriaSet) -> CriteriaSet | None:
    return CriteriaSet.objects.filter(
        index_id=criteria_set.index_id,
        audience=criteria_set.audience,
        year=criteria_set.year - 1,
    ).first()


def latest_responsibility_set(*, agency: Unit, criteria_set: CriteriaSet) -> CriteriaSet | None:
    """The most recent earlier set (same index and audience) for which `agency`
    kept a responsibility table: what to copy when last year has none."""
    return (
        CriteriaSet.objects.filter(
            index_id=criteria_set.index_id,
            audience=criteria_set.audience,
            year__lt=criteria_set.year,
            criteria__responsibilities__agency=agency,
        )
        .order_by("-year")
        .first()
    )


def responsibility_map(*, agency: Unit, criteria_set: CriteriaSet) -> dict[str, Unit]:
    """Lead unit by criterion code, as office staff set it for this year's criteria."""
    rows = CriterionResponsibility.objects.filter(
        agency=agency, criterion__criteria_set=criteria_set
    ).select_related("criterion", "unit")
    return {row.criterion.code: row.unit for row in rows}


def _lead_unit_for(code: str, this_year: dict, last_year: dict) -> tuple[Unit | None, bool]:
    """The unit for a criterion, else for its nearest ancestor; this year's table
    first, then last year's (matched by code) as a proposal to confirm."""
    parts = code.split(".")
    for depth in range(len(parts), 0, -1):
        ancestor = ".".join(parts[:depth])
        if ancestor in this_year:
            return this_year[ancestor], False
    for depth in range(len(parts), 0, -1):
        ancestor = ".".join(parts[:depth])
        if ancestor in last_year:
            return last_year[ancestor], True
    return None, False


def _existing_tasks(agency: Unit, keys: list[str]) -> dict[str, Task]:
    """The tasks made before, with overdue and done-late as every task list shows them."""
    tasks = with_lateness(
        Task.objects.filter(agency=agency, source_key__in=keys), today=timezone.localdate()
    ).select_related("lead_unit")
    return {task.source_key: task for task in tasks}


def generation_owner(assessment: Assessment) -> Unit:
    """The agency whose tasks remediate an assessment: the assessed agency
    itself, or for a commune the district that follows its communes."""
    return assessment.unit.agency


def proposals_from_assessment(
    *, assessment: Assessment, deadline: date | None = None
) -> list[Proposal]:
    owner = generation_owner(assessment)
    assessed = assessment.unit
    criteria_set = assessment.criteria_set
    if assessed == owner:
        this_year = responsibility_map(agency=owner, criteria_set=criteria_set)
        previous = previous_criteria_set(criteria_set)
        last_year = responsibility_map(agency=owner, criteria_set=previous) if previous else {}
    proposals = []
    for row in deepest_lost_points(assessment=assessment):
        criterion = row.criterion
        title = _("Khắc phục tiêu chí %(code)s: %(name)s") % {
            "code": criterion.code,
            "name": criterion.name,
        }
        if assessed == owner:
            unit, from_last_year = _lead_unit_for(criterion.code, this_year, last_year)
        else:
            # A commune remedies its own criteria; the district follows them.
            unit, from_last_year = assessed, False
            title = f"{assessed}: {title}"
        proposals.append(
            Proposal(
                source_key=f"criterion:{criterion.pk}:assessed:{assessed.pk}",
                source=TaskSource.CRITERION,
                title=title,
                description=_("Năm %(year)s đạt %(achieved)s/%(max)s điểm, bị trừ %(lost)s điểm.")
                % {
                    "year": criteria_set.year,
                    "achieved": number_format(row.appraised_score, 2),
                    "max": number_format(row.max_score, 2),
                    "lost": number_format(row.lost, 2),
                },
                lead_unit=unit,
                lead_unit_from_previous_year=from_last_year,
                deadline=deadline,
                year=criteria_set.year,
                criteria=[(criterion, row.lost)],
                assessment=assessment,
            )
        )
    return mark_existing(owner, proposals)


def mark_existing(agency: Unit, proposals: list[Proposal]) -> list[Proposal]:
    """Each proposal with the task the agency already made from it, if any."""
    existing = _existing_tasks(agency, [proposal.source_key for proposal in proposals])
    for proposal in proposals:
        proposal.existing = existing.get(proposal.source_key)
    return proposals
