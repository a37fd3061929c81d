"""Remediation tasks from a conclusion: one draft per directive assignment.

The proposals are tracker's `Proposal`s, created through tracker's public
`tasks_generate`, so a conclusion's tasks follow the same rules (duplicates
skipped, refusals reported, history) as those made from lost points.
"""

from conclusions.assignments import conclusion_assignments, occurrence_label
from conclusions.models import Conclusion
from tracker.models import TaskSource, User
from tracker.selectors.generation import Proposal, mark_existing
from tracker.services.generation import Choice, GenerationResult, tasks_generate


def proposals_from_conclusion(*, conclusion: Conclusion) -> list[Proposal]:
    proposals = []
    for directive, assignments in conclusion_assignments(conclusion):
        for assignment in assignments:
            key = f"directive:{directive.pk}:unit:{assignment.unit.pk}"
            if assignment.occurrence:
                key += f":{assignment.occurrence}"
            title = short_title(directive.text)
            if assignment.occurrence:
                title = f"{title} ({occurrence_label(assignment.occurrence)})"
            proposals.append(
                Proposal(
                    source_key=key,
                    source=TaskSource.DIRECTIVE,
                    title=title,
                    description=directive.text,
                    lead_unit=assignment.unit,
                    deadline=assignment.due_date,
                    ongoing=assignment.ongoing,
                    occurrence=assignment.occurrence,
                    year=conclusion.assessment_year,
                    directive=directive,
                    supervisor=directive.supervisor,
                    indicator_name=directive.indicator_text,
                    indicator_target=directive.indicator_target,
                    indicator_unit=directive.indicator_unit,
                )
            )
    return mark_existing(conclusion.issuing_unit, proposals)


def short_title(text: str, limit: int = 160) -> str:
    """A directive as a task title: its first letter capitalised, cut at a word."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[:1].upper() + text[1:]


def tasks_generate_from_conclusion(
    *, conclusion: Conclusion, user: User, choices: dict[str, Choice] | None = None
) -> GenerationResult:
    """`tasks_generate` for a conclusion's directives, owned by its issuing agency."""
    return tasks_generate(
        agency=conclusion.issuing_unit,
        proposals=proposals_from_conclusion(conclusion=conclusion),
        user=user,
        choices=choices,
    )
