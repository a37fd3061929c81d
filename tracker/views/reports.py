"""Report pages: pick what to generate, see the kept reports, download one
again byte for byte, build it again and see what changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker import permissions
from tracker.forms.reports import ReportForm
from tracker.lib.files import file_download
from tracker.models import ReportStatus
from tracker.selectors.reports import figures_changes, reports_for
from tracker.services.reports import ReportError, report_generate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_reports(user) -> None:
    if not permissions.can_use_reports(user):
        raise PermissionDenied


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    _require_reports(request.user)
    units = permissions.report_units_for(request.user)
    today = timezone.localdate()
    form = ReportForm(
        units=units,
        # The leadership review links here with its year and quarter.
        initial={
            "year": request.GET.get("year") or today.year,
            "quarter": request.GET.get("quarter", (today.month - 1) // 3 + 1),
            "unit": permissions.user_agency(request.user)
            if permissions.works_across_agency(request.user)
            else request.user.unit,
        },
    )
    return _index(request, form)


def _index(request, form, status=200):
    return render(
        request,
        "tracker/reports/index.html",
        {"form": form, "reports": reports_for(request.user)},
        status=status,
    )


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    _require_reports(request.user)
    form = ReportForm(request.POST, units=permissions.report_units_for(request.user))
    if not form.is_valid():
        return _index(request, form, status=400)
    data = form.cleaned_data
    if not permissions.can_make_report(request.user, data["unit"], data["kind"]):
        raise PermissionDenied
    try:
        report = report_generate(
            kind=data["kind"],
            unit=data["unit"],
            year=data["year"],
            quarter=data["quarter"],
            user=request.user,
            now=timezone.now(),
            number=data["number"],
        )
    except ReportError as error:
        form.add_error(None, str(error))
        return _index(request, form, status=400)
    _announce(request, report)
    return redirect(report)


def _announce(request, report) -> None:
    if report.status == ReportStatus.FAILED:
        messages.error(request, report.error)
    elif report.status == ReportStatus.DONE:
        messages.success(request, _("Đã lập văn bản."))
    else:
        messages.info(request, _("Văn bản đang được lập; trang tự cập nhật khi xong."))


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk)
    changes = None
    if report.previous_id and report.status == ReportStatus.DONE:
        changes = figures_changes(report.previous.figures, report.figures)
    return render(request, "tracker/reports/detail.html", {"report": report, "changes": changes})


@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status panel alone, which the page polls while the report is built."""
    report = permissions.get_report_for_user(request.user, pk)
    response = render(request, "tracker/reports/_status.html", {"report": report})
    if not report.in_progress:
        # Finished: load the whole page once, with the download and the changes.
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_download(request: HttpRequest, pk: int):
    report = permissions.get_report_for_user(request.user, pk)
    if report.status != ReportStatus.DONE:
        raise Http404
    return file_download(report.file, filename=report.filename, content_type=DOCX)


@login_required
@require_POST
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    previous = permissions.get_report_for_user(request.user, pk)
    try:
        report = report_generate(
            kind=previous.kind,
            unit=previous.unit,
            year=previous.year,
            quarter=previous.quarter,
            user=request.user,
            now=timezone.now(),
            previous=previous,
        )
    except ReportError as error:
        messages.error(request, str(error))
        return redirect(previous)
    _announce(request, report)
    return redirect(report)
