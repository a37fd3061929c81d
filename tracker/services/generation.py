"""Turn proposals (lost-point criteria here, directive assignments from
`conclusions.generation`) into draft tasks."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction

from tracker.models import Assessment, Task, Unit, User
from tracker.selectors.generation import Proposal, generation_owner, proposals_from_assessment
from tracker.services.task_records import TaskActionError
from tracker.services.tasks import task_create


@dataclass
class GenerationResult:
    created: list[Task] = field(default_factory=list)
    already_existing: list[Proposal] = field(default_factory=list)
    without_unit: list[Proposal] = field(default_factory=list)
    refused: list[tuple[Proposal, str]] = field(default_factory=list)

    def __add__(self, other: "GenerationResult") -> "GenerationResult":
        return GenerationResult(
            created=self.created + other.created,
            already_existing=self.already_existing + other.already_existing,
            without_unit=self.without_unit + other.without_unit,
            refused=self.refused + other.refused,
        )


@dataclass(frozen=True)
class Choice:
    """What office staff decided for one proposal on the review page."""

    lead_unit: Unit | None
    deadline: date | None


@transaction.atomic
def tasks_generate(
    *,
    agency: Unit,
    proposals: list[Proposal],
    user: User,
    choices: dict[str, Choice] | None = None,
    now: datetime | None = None,
) -> GenerationResult:
    """Create one draft task (through `task_create`) per proposal that has none yet.

    `choices`, when given, limits creation to the proposals it names and
    overrides their lead unit and deadline; a deadline given to an ongoing
    directive makes its task a dated one. A proposal without a lead unit, or
    one `task_create` refuses, is left out and reported. Side effects: Task and
    TaskCriterion rows, one history row per task recorded as `user`.
    """
    result = GenerationResult()
    for proposal in proposals:
        if proposal.existing is not None:
            result.already_existing.append(proposal)
            continue
        if choices is not None and proposal.source_key not in choices:
            continue
        choice = choices[proposal.source_key] if choices is not None else None
        lead_unit = choice.lead_unit if choice else proposal.lead_unit
        deadline = choice.deadline if choice and choice.deadline else proposal.deadline
        if lead_unit is None:
            result.without_unit.append(proposal)
            continue
        try:
            # A savepoint per task: a concurrent run that made the same task a
            # moment ago trips the unique (agency, source_key) constraint,
            # which turns into a skip instead of failing the whole run.
            with transaction.atomic():
                task = task_create(
                    user=user,
                    agency=agency,
                    title=proposal.title[:500],
                    description=proposal.description,
                    lead_unit=lead_unit,
                    year=proposal.year,
                    source=proposal.source,
                    source_key=proposal.source_key,
                    directive=proposal.directive,
                    occurrence=proposal.occurrence,
                    criteria=proposal.criteria,
                    remedied_assessment=proposal.assessment,
                    supervisor=proposal.supervisor,
                    deadline=deadline,
                    ongoing=proposal.ongoing and deadline is None,
                    indicator_name=proposal.indicator_name,
                    indicator_target=proposal.indicator_target,
                    indicator_unit=proposal.indicator_unit,
                    now=now,
                    expected_output=proposal.expected_output,
                    supporting_units=[
                        unit for unit in proposal.supporting_units if unit.pk != lead_unit.pk
                    ],
                )
        except IntegrityError:
            result.already_existing.append(proposal)
            continue
        except TaskActionError as error:
            result.refused.append((proposal, " ".join(error.messages)))
            continue
        result.created.append(task)
    return result


def tasks_generate_from_assessment(
    *,
    assessment: Assessment,
    user: User,
    choices: dict[str, Choice] | None = None,
    deadline: date | None = None,
) -> GenerationResult:
    """`tasks_generate` for the criteria an assessment lost points on, owned by
    `generation_owner` (for a commune, its district): the review page and the
    command make the same tasks. `deadline` is the proposals' common one."""
    return tasks_generate(
        agency=generation_owner(assessment),
        proposals=proposals_from_assessment(assessment=assessment, deadline=deadline),
        user=user,
        choices=choices,
    )
