"""Who may read and change conclusions, built on tracker's roles.

Everyone in the issuing agency (and office staff and leadership of an agency
above it) reads its conclusions; only office staff of that agency import them
and correct directives. Anyone else gets a 404, as if the conclusion did not
exist.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from conclusions.models import Conclusion, Directive, ReformPlan
from tracker.models import User
from tracker.permissions import is_agency_office, user_agency, works_across_agency
from tracker.security import NotVisible


def can_view_conclusion(user: User, conclusion: Conclusion) -> bool:
    """Who may read a conclusion; `visible_conclusions_q` is the same rule as a filter."""
    agency = user_agency(user)
    if agency is None:
        return False
    if agency.pk == conclusion.issuing_unit_id:
        return True
    return works_across_agency(user) and conclusion.issuing_unit.is_within(agency)


def visible_conclusions_q(user: User, prefix: str = "") -> Q:
    """`can_view_conclusion` as a filter (`prefix` reaches the conclusion from a
    related model, e.g. "conclusion__"); a test holds the two together."""
    agency = user_agency(user)
    if agency is None:
        return Q(pk__in=[])
    scope = Q(**{f"{prefix}issuing_unit": agency})
    if works_across_agency(user):
        scope |= Q(**{f"{prefix}issuing_unit__path__startswith": agency.path})
    return scope


def can_import_conclusion(user: User) -> bool:
    """Office staff import conclusions for their own agency."""
    return is_agency_office(user)


def can_edit_conclusion(user: User, conclusion: Conclusion) -> bool:
    return can_import_conclusion(user) and user_agency(user).pk == conclusion.issuing_unit_id


def get_conclusion_for_user(user: User, pk, *, write: bool = False) -> Conclusion:
    """The conclusion; 404 for who may not see it, 403 for a reader asking to change it."""
    conclusion = (
        Conclusion.objects.select_related("issuing_unit", "created_by").filter(pk=pk).first()
    )
    if conclusion is None:
        raise Http404
    if not can_view_conclusion(user, conclusion):
        raise NotVisible(conclusion)
    if write and not can_edit_conclusion(user, conclusion):
        raise PermissionDenied
    return conclusion


def get_directive_for_user(user: User, pk, *, write: bool = False) -> Directive:
    """The directive with its conclusion; 404 / 403 as for the conclusion."""
    directive = (
        Directive.objects.select_related("conclusion__issuing_unit", "supervisor")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    if not can_view_conclusion(user, directive.conclusion):
        raise NotVisible(directive)
    if write and not can_edit_conclusion(user, directive.conclusion):
        raise PermissionDenied
    return directive


# --- Annual reform plans (kế hoạch CCHC năm) ---
#
# The same rule as conclusions: the agency's people (and office staff and
# leadership above it) read a plan; its own office imports it and makes tasks.


def can_view_reform_plan(user: User, plan) -> bool:
    agency = user_agency(user)
    if agency is None:
        return False
    if agency.pk == plan.agency_id:
        return True
    return works_across_agency(user) and plan.agency.is_within(agency)


def can_edit_reform_plan(user: User, plan) -> bool:
    return can_import_conclusion(user) and user_agency(user).pk == plan.agency_id


def get_reform_plan_for_user(user: User, pk, *, write: bool = False):
    """The plan; 404 for who may not see it, 403 for a reader asking to change it."""
    plan = ReformPlan.objects.select_related("agency").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if not can_view_reform_plan(user, plan):
        raise NotVisible(plan)
    if write and not can_edit_reform_plan(user, plan):
        raise PermissionDenied
    return plan
