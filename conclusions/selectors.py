"""Reads for the conclusions pages, exports and the features that build on them."""

from django.db.models import Count, Q, QuerySet

from conclusions.assignments import conclusion_assignments
from conclusions.models import Assignment, Conclusion, Directive
from tracker.models import User
from tracker.permissions import user_agency, works_across_agency


def conclusions_visible_to(user: User) -> QuerySet[Conclusion]:
    """The conclusions a user may read (the queryset form of can_view_conclusion),
    with their number of directives, of deadlines waiting for a person and of
    directives waiting to be given to units."""
    agency = user_agency(user)
    if agency is None:
        return Conclusion.objects.none()
    scope = Q(issuing_unit=agency)
    if works_across_agency(user):
        scope |= Q(issuing_unit__path__startswith=agency.path)
    return (
        Conclusion.objects.filter(scope)
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
