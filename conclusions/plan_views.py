"""Annual reform plans: list, import (upload → review → confirm), detail, generation."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conclusions.models import ReformPlan
from conclusions.permissions import (
    can_edit_reform_plan,
    can_import_conclusion,
    get_reform_plan_for_user,
)
from conclusions.plan_forms import PlanConfirmForm, PlanUploadForm
from conclusions.plan_services import (
    plan_import,
    plan_propose,
    proposals_from_plan,
    tasks_generate_from_plan,
)
from conclusions.plans import PlanError
from tracker.lib.uploads import (
    HeldUploadGone,
    held_upload_read,
    upload_held,
    upload_hold,
    upload_release,
)
from tracker.permissions import user_agency, works_across_agency


def _proposed_rows(proposal) -> list[dict]:
    """The review table's rows: each item as read, with its problems."""
    return [
        {
            "number": item.row.get("number"),
            "area": item.row.area,
            "text": item.row.get("text"),
            "lead_units": item.lead_units,
            "lead_text": item.row.get("lead"),
            "supporting_units": item.supporting_units,
            "support_text": item.row.get("support"),
            "time_frame": item.row.get("time"),
            "deadline": item.deadline,
            "ongoing": item.ongoing,
            "expected_output": item.row.get("output"),
            "criteria": item.criteria,
            "errors": item.errors,
            "notes": item.notes,
        }
        for item in proposal.items
    ]


def _saved_rows(items) -> list[dict]:
    """The same table for a saved plan."""
    return [
        {
            "number": item.number,
            "area": item.area,
            "text": item.text,
            "lead_units": list(item.lead_units.all()),
            "lead_text": item.lead_text,
            "supporting_units": list(item.supporting_units.all()),
            "support_text": item.support_text,
            "time_frame": item.time_frame,
            "deadline": item.deadline,
            "ongoing": item.ongoing,
            "expected_output": item.expected_output,
            "criteria": list(item.criteria.all()),
        }
        for item in items
    ]


def _importing_agency(user):
    if not can_import_conclusion(user):
        raise PermissionDenied
    return user_agency(user)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    agency = user_agency(request.user)
    plans = ReformPlan.objects.none()
    if agency is not None:
        scope = (
            {"agency__path__startswith": agency.path}
            if works_across_agency(request.user)
            else {"agency": agency}
        )
        plans = ReformPlan.objects.filter(**scope).select_related("agency")
    return render(
        request,
        "conclusions/plan/list.html",
        {"plans": plans, "can_import": can_import_conclusion(request.user)},
    )


@login_required
def plan_import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the plan's number, date, year and file; a readable plan goes on to review."""
    agency = _importing_agency(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        name = Path(upload.name).name
        try:
            proposal = plan_propose(agency=agency, header=form.header(), data=data, filename=name)
        except PlanError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            confirm = None
            if not proposal.errors:
                # A refused plan is corrected in its file and uploaded again: nothing held.
                token = upload_hold(
                    request, data, kind="plan", suffix=Path(name).suffix.lower(), filename=name
                )
                confirm = PlanConfirmForm(
                    initial={**form.cleaned_data, "token": token, "filename": name}
                )
            context = {
                "proposal": proposal,
                "rows": _proposed_rows(proposal),
                "confirm": confirm,
                "header": form.header(),
            }
            return render(
                request,
                "conclusions/plan/review.html",
                context,
                status=400 if proposal.errors else 200,
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "conclusions/plan/start.html", {"form": form}, status=status)


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the reviewed plan is saved, all or nothing."""
    agency = _importing_agency(request.user)
    form = PlanConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thiếu thông tin kế hoạch: hãy tải tệp lên lại."))
        return redirect("conclusions:plan_import")
    token = form.cleaned_data["token"]
    try:
        upload_held(request, token, kind="plan")
        data = held_upload_read(token)
    except HeldUploadGone:
        messages.error(request, _("Tệp đã tải lên không còn: hãy tải lên lại."))
        return redirect("conclusions:plan_import")
    try:
        plan = plan_import(
            agency=agency,
            user=request.user,
            header=form.header(),
            data=data,
            filename=form.cleaned_data["filename"],
        )
    except PlanError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("conclusions:plan_import")
    upload_release(request, token)
    messages.success(
        request,
        _("Đã nhập %(plan)s với %(count)d nhiệm vụ.") % {"plan": plan, "count": plan.items.count()},
    )
    return redirect(plan)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_reform_plan_for_user(request.user, pk)
    items = plan.items.prefetch_related("lead_units", "supporting_units", "criteria")
    can_edit = can_edit_reform_plan(request.user, plan)
    proposals = proposals_from_plan(plan=plan) if can_edit else []
    return render(
        request,
        "conclusions/plan/detail.html",
        {
            "plan": plan,
            "rows": _saved_rows(items),
            "can_edit": can_edit,
            "proposals": proposals,
            "to_make": sum(1 for proposal in proposals if proposal.existing is None),
        },
    )


@login_required
@require_POST
def plan_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft tasks for every item and lead unit not made before."""
    plan = get_reform_plan_for_user(request.user, pk, write=True)
    result = tasks_generate_from_plan(plan=plan, user=request.user)
    messages.success(
        request,
        _("Đã lập %(created)d nhiệm vụ dự thảo; %(existing)d nhiệm vụ đã có từ trước.")
        % {"created": len(result.created), "existing": len(result.already_existing)},
    )
    for proposal, reason in result.refused:
        messages.error(request, f"{proposal.title}: {reason}")
    return redirect(plan)
