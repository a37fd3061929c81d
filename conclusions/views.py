"""Conclusions: list, detail, import (upload → review → confirm), corrections."""

from datetime import date
from functools import partial
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from conclusions.deadlines import parse_deadline
from conclusions.filters import ConclusionFilter
from conclusions.forms import (
    ConclusionReviewForm,
    ConclusionUploadForm,
    DirectiveForm,
    DirectiveFormSet,
    review_forms,
)
from conclusions.generation import proposals_from_conclusion, tasks_generate_from_conclusion
from conclusions.indicators import find_indicator
from conclusions.models import Assignment
from conclusions.permissions import (
    can_edit_conclusion,
    can_import_conclusion,
    get_conclusion_for_user,
    get_directive_for_user,
)
from conclusions.selectors import (
    conclusion_directives,
    conclusion_with_number,
    conclusions_visible_to,
)
from conclusions.selectors import (
    conclusion_history as history_of,
)
from conclusions.services import (
    ConclusionImportError,
    UploadGone,
    conclusion_import,
    conclusion_import_upload,
    conclusion_propose,
    directive_current_input,
    directive_update,
)
from conclusions.tables import ConclusionTable
from tracker.lib.files import file_download
from tracker.lib.http import post_only
from tracker.lib.pagination import paginate
from tracker.lib.tables import export_response
from tracker.lib.uploads import HeldUploadGone, upload_held, upload_hold, upload_release
from tracker.once import refuse_replay
from tracker.permissions import user_agency
from tracker.views.generation import proposal_review

PER_PAGE = 25


@login_required
def conclusion_list(request: HttpRequest) -> HttpResponse:
    filterset = ConclusionFilter(request.GET, queryset=conclusions_visible_to(request.user))
    table = ConclusionTable(filterset.qs)
    paginate(request, table, per_page=PER_PAGE)
    if export := export_response(
        request, table, "thong-bao-ket-luan", title=_("Thông báo kết luận"), filters=filterset.form
    ):
        return export
    return render(
        request,
        "conclusions/conclusion/list.html",
        {"table": table, "filter": filterset, "can_import": can_import_conclusion(request.user)},
    )


@login_required
def conclusion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = get_conclusion_for_user(request.user, pk)
    directives = conclusion_directives(conclusion)
    return render(
        request,
        "conclusions/conclusion/detail.html",
        {
            "conclusion": conclusion,
            "directives": directives,
            "waiting": sum(d.assignment == Assignment.TO_ASSIGN for d in directives),
            "can_edit": can_edit_conclusion(request.user, conclusion),
        },
    )


@login_required
def conclusion_history(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = get_conclusion_for_user(request.user, pk)
    context = {"conclusion": conclusion, "history": history_of(conclusion=conclusion)}
    return render(request, "conclusions/conclusion/history.html", context)


@login_required
def conclusion_file(request: HttpRequest, pk: int) -> FileResponse:
    conclusion = get_conclusion_for_user(request.user, pk)
    return file_download(conclusion.original_file, filename=conclusion.original_file_name or None)


@login_required
@refuse_replay
def conclusion_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Office staff pick which directive assignments become draft tasks."""
    conclusion = get_conclusion_for_user(request.user, pk, write=True)
    return proposal_review(
        request,
        agency=conclusion.issuing_unit,
        proposals=proposals_from_conclusion(conclusion=conclusion),
        generate=partial(tasks_generate_from_conclusion, conclusion=conclusion),
        # No task is proposed for these until a person gives them to units.
        template_context={
            "conclusion": conclusion,
            "waiting": list(conclusion.directives.filter(assignment=Assignment.TO_ASSIGN)),
        },
    )


def _importing_agency(user):
    if not can_import_conclusion(user):
        raise PermissionDenied
    return user_agency(user)


@login_required
def conclusion_import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: a .docx or pasted text; a readable conclusion goes on to the review page."""
    agency = _importing_agency(request.user)
    form = ConclusionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read() if upload else None
        try:
            proposal = conclusion_propose(
                agency=agency,
                text=form.cleaned_data["text"],
                data=data,
                filename=upload.name if upload else "",
            )
        except ConclusionImportError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            token = (
                upload_hold(
                    request,
                    data,
                    kind="conclusion",
                    suffix=".docx",
                    filename=Path(upload.name).name,
                )
                if upload
                else ""
            )
            conclusion_form, formset = review_forms(proposal, agency=agency, upload_token=token)
            return _render_review(request, agency, conclusion_form, formset)
    return render(request, "conclusions/import/start.html", {"form": form})


@login_required
@post_only(lambda: reverse("conclusions:import"))
@refuse_replay
def conclusion_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the corrected proposal is saved, all or nothing."""
    agency = _importing_agency(request.user)
    conclusion_form = ConclusionReviewForm(request.POST)
    formset = DirectiveFormSet(request.POST, form_kwargs={"agency": agency})
    saved = None
    if conclusion_form.is_valid() and formset.is_valid():
        try:
            conclusion = _save_reviewed(request, agency, conclusion_form, formset)
        except ConclusionImportError as error:
            number = conclusion_form.cleaned_data["number"]
            saved = conclusion_with_number(request.user, agency=agency, number=number)
            if saved and isinstance(error, UploadGone):
                # the upload is used up by the first of two confirmations
                messages.info(
                    request, _("%(conclusion)s đã được lưu trước đó.") % {"conclusion": saved}
                )
                return redirect(saved)
            for message in error.messages:
                conclusion_form.add_error(None, message)
        else:
            messages.success(request, _("Đã nhập %(conclusion)s.") % {"conclusion": conclusion})
            return redirect(conclusion)
    return _render_review(request, agency, conclusion_form, formset, saved=saved)


@login_required
@require_GET
def review_directive_add(request: HttpRequest) -> HttpResponse:
    """One more, empty directive for the review page (htmx), for one the reading
    missed; the page's form count goes up with it."""
    agency = _importing_agency(request.user)
    formset = DirectiveFormSet(form_kwargs={"agency": agency})
    try:
        index = int(request.GET.get(formset.management_form.add_prefix("TOTAL_FORMS"), ""))
    except ValueError:
        return HttpResponseBadRequest()
    if not 0 <= index < formset.max_num:
        return HttpResponseBadRequest()
    return render(
        request,
        "conclusions/partials/review_directive_added.html",
        {"row": _row(formset.added_form(index), None), "number": index + 1},
    )


@login_required
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_directive_for_user(request.user, pk, write=True)
    conclusion = directive.conclusion
    form = DirectiveForm(
        request.POST or None,
        agency=conclusion.issuing_unit,
        initial=DirectiveForm.initial_for(directive_current_input(directive)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            directive_update(directive=directive, data=form.directive_input())
        except ConclusionImportError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã lưu nội dung chỉ đạo %(label)s.")
                % {"label": directive.label or directive.order},
            )
            return redirect(conclusion)
    return render(
        request,
        "conclusions/directive/edit.html",
        {
            "form": form,
            "directive": directive,
            "conclusion": conclusion,
            "row": _row(form, conclusion.issued_on),
        },
    )


@login_required
@require_GET
def deadline_preview(request: HttpRequest) -> HttpResponse:
    """How a deadline phrase reads, for the review and edit pages (htmx)."""
    if not can_import_conclusion(request.user):
        raise PermissionDenied
    text = next((v for k, v in request.GET.items() if k.endswith("deadline_text")), "")
    issued_on = _issued_on(request.GET.get("issued_on"))
    return render(
        request,
        "conclusions/partials/deadline_reading.html",
        {"deadline": parse_deadline(text, issued_on=issued_on)},
    )


# --- helpers of the import steps ---------------------------------------------------


def _issued_on(value) -> date | None:
    """The issue date as the review form reads it (a date, or dd/mm/yyyy as
    typed); None while it is empty or not a date."""
    try:
        return ConclusionReviewForm.base_fields["issued_on"].clean(value)
    except ValidationError:
        return None


def _row(form, issued_on):
    value = form["deadline_text"].value() or ""
    manual = form["manual_due_date"].value()
    notes = [note for note in (form["unit_notes"].value() or "").split("\n") if note]
    return {
        "form": form,
        "deadline": parse_deadline(value, issued_on=issued_on),
        "manual": bool(manual),
        "indicator": find_indicator(form["text"].value() or "", issued_on=issued_on),
        "notes": notes,
    }


def _render_review(request, agency, conclusion_form, formset, *, saved=None):
    issued_on = _issued_on(conclusion_form["issued_on"].value())
    return render(
        request,
        "conclusions/import/review.html",
        {
            "agency": agency,
            "conclusion_form": conclusion_form,
            "formset": formset,
            "rows": [_row(form, issued_on) for form in formset],
            "saved": saved,
        },
    )


def _save_reviewed(request, agency, conclusion_form, formset):
    """The import, with the original file held since the upload step if there
    was one; only this session's upload, so a token copied from elsewhere
    cannot attach another person's file."""
    data, directives = conclusion_form.conclusion_input(), formset.directive_inputs()
    token = conclusion_form.cleaned_data["upload_token"]
    if not token:
        return conclusion_import(
            agency=agency, conclusion=data, directives=directives, user=request.user
        )
    try:
        held = upload_held(request, token, kind="conclusion")
    except HeldUploadGone as error:
        raise UploadGone from error
    conclusion = conclusion_import_upload(
        agency=agency,
        conclusion=data,
        directives=directives,
        user=request.user,
        token=token,
        filename=held["filename"],
    )
    upload_release(request, token)
    return conclusion
