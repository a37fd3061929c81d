"""Closing the loop: the points at stake in open work, and the effect of the
work when next year's results arrive."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tracker import permissions
from tracker.selectors.effect import remediation_effect
from tracker.selectors.recoverable import points_at_stake
from tracker.selectors.tasks import agency_tasks


@login_required
def points_at_stake_page(request: HttpRequest) -> HttpResponse:
    """Điểm có thể gỡ lại: points at stake in open and overdue tasks, per unit and area."""
    if not permissions.can_view_deadline_board(request.user):
        raise PermissionDenied
    agency = permissions.user_agency(request.user)
    today = timezone.localdate()
    summary = points_at_stake(tasks=agency_tasks(agency=agency, today=today), today=today)
    return render(
        request,
        "tracker/effect/stake.html",
        {"agency": agency, "summary": summary, "today": today},
    )


@login_required
def effect_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Hiệu quả khắc phục: the agency's `year` result against the year after."""
    unit = permissions.get_results_unit_for_user(request.user, code)
    effect = remediation_effect(agency=unit, year=year)
    if effect is None:
        raise Http404
    return render(request, "tracker/effect/effect.html", {"unit": unit, "effect": effect})
