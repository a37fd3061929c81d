"""Reads for the conclusions pages, exports and the features that build on them."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from conclusions.assignments import conclusion_assignments
from conclusions.models import Assignment, Conclusion, Directive
from conclusions.permissions import visible_conclusions_q
from tracker.models import User
from tracker.selectors.history import history_entries


def conclusions_visible_to(user: User) -> QuerySet[Conclusion]:
    """The conclusions a user may read (`visible_conclusions_q`), with their
    number of directives, of deadlines waiting for a person and of directives
    waiting to be given to units."""
    return (
        Conclusion.objects.filter(visible_conclusions_q(user))
        .select_related("issuing_unit")
        .annotate(
            directive_count=Count("directives", distinct=True),
            flagged_count=Count(
                "directives", filter=Q(directives__needs_review=True), distinct=True
            ),
            waiting_count=Count(
                "directives",
                filter=Q(directives__assignment=Assignment.TO_ASSIGN),
                distinct=True,
            ),
        )
    )


def conclusion_with_number(user: User, *, agency, number: str) -> Conclusion | None:
    """The agency's conclusion saved under `number`, if the user may read it."""
    return conclusions_visible_to(user).filter(issuing_unit=agency, number=number.strip()).first()


def conclusion_directives(conclusion: Conclusion) -> list[Directive]:
    """The conclusion's directives in order, each with `assignment_count`: how
    many (unit, occurrence) entries it gives the tasks feature."""
    directives = []
    for directive, assignments in conclusion_assignments(conclusion):
        directive.assignment_count = len(assignments)
        directives.append(directive)
    return directives


def conclusion_history(*, conclusion: Conclusion) -> list:
    """The notice and each of its directives, as changed over time."""
    return history_entries(
        [
            (lambda row: _("Thông báo"), Conclusion.history.filter(id=conclusion.pk)),
            (
                lambda row: _("Nội dung %(label)s") % {"label": row.label or row.order},
                Directive.history.filter(conclusion_id=conclusion.pk),
            ),
        ]
    )
