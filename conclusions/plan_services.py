"""Annual reform plans: import (all or nothing) and task generation, one task
per item and lead unit, through tracker's `tasks_generate` (idempotent by
source key)."""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from conclusions.generation import short_title
from conclusions.models import PlanItem, ReformPlan
from conclusions.plans import PlanError, ProposedPlan, plan_rows, read_plan
from tracker.models import TaskSource, Unit, User
from tracker.selectors.generation import Proposal, mark_existing
from tracker.services.generation import Choice, GenerationResult, tasks_generate


@dataclass(frozen=True)
class PlanHeader:
    number: str
    signed_on: date
    year: int
    title: str = ""


def plan_propose(*, agency: Unit, header: PlanHeader, data: bytes, filename: str) -> ProposedPlan:
    """The plan read from its file, every row checked. Raises PlanError for a
    file that cannot be read; row problems are on the proposal. Writes nothing."""
    rows = plan_rows(data, filename)
    return read_plan(rows, agency=agency, year=header.year, signed_on=header.signed_on)


def _header_errors(agency: Unit, header: PlanHeader) -> list[str]:
    errors = []
    if not header.number.strip():
        errors.append(_("Nhập số kế hoạch."))
    elif ReformPlan.objects.filter(agency=agency, number=header.number.strip()).exists():
        errors.append(
            _("Kế hoạch số %(number)s của %(agency)s đã được nhập.")
            % {"number": header.number.strip(), "agency": agency}
        )
    return errors


@transaction.atomic
def plan_import(
    *, agency: Unit, user: User, header: PlanHeader, data: bytes, filename: str
) -> ReformPlan:
    """Save the plan and its items, all or nothing: PlanError lists every
    problem (each naming its row) and nothing is saved. Side effects: a
    ReformPlan with the original file, its PlanItem rows and their units and
    criteria."""
    proposal = plan_propose(agency=agency, header=header, data=data, filename=filename)
    errors = _header_errors(agency, header) + proposal.errors
    if errors:
        raise PlanError(errors)
    plan = ReformPlan.objects.create(
        agency=agency,
        number=header.number.strip(),
        signed_on=header.signed_on,
        year=header.year,
        title=header.title.strip(),
        created_by=user,
    )
    plan.original_file.save(filename, ContentFile(data), save=True)
    for position, proposed in enumerate(proposal.items, 1):
        row = proposed.row
        item = PlanItem.objects.create(
            plan=plan,
            position=position,
            number=row.get("number")[:16],
            area=row.area[:255],
            text=row.get("text"),
            lead_text=row.get("lead")[:500],
            support_text=row.get("support")[:500],
            time_frame=row.get("time")[:255],
            deadline=proposed.deadline,
            ongoing=proposed.ongoing,
            expected_output=row.get("output"),
        )
        item.lead_units.set(proposed.lead_units)
        item.supporting_units.set(proposed.supporting_units)
        item.criteria.set(proposed.criteria)
    return plan


def proposals_from_plan(*, plan: ReformPlan) -> list[Proposal]:
    """One draft per item and lead unit, marked with the task made before."""
    items = plan.items.prefetch_related("lead_units", "supporting_units", "criteria")
    proposals = []
    for item in items:
        for unit in item.lead_units.all():
            proposals.append(
                Proposal(
                    source_key=f"plan_item:{item.pk}:unit:{unit.pk}",
                    source=TaskSource.PLAN,
                    title=short_title(item.text),
                    description="\n".join(filter(None, [item.area, item.text])),
                    lead_unit=unit,
                    deadline=item.deadline,
                    ongoing=item.ongoing,
                    year=plan.year,
                    criteria=[(criterion, None) for criterion in item.criteria.all()],
                    expected_output=item.expected_output,
                    supporting_units=list(item.supporting_units.all()),
                )
            )
    return mark_existing(plan.agency, proposals)


def tasks_generate_from_plan(
    *, plan: ReformPlan, user: User, choices: dict[str, Choice] | None = None
) -> GenerationResult:
    """`tasks_generate` for the plan's items, owned by the plan's agency: running
    it again makes only the tasks not made before."""
    return tasks_generate(
        agency=plan.agency, proposals=proposals_from_plan(plan=plan), user=user, choices=choices
    )
