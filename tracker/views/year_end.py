"""Khép lại năm: the office decides, task by task, what happens to the year's open work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.forms.year_end import YearCloseForm
from tracker.selectors.tasks import year_end_open_tasks
from tracker.services.year_end import YearCloseError, year_close


@login_required
def year_close_page(request: HttpRequest, year: int) -> HttpResponse:
    agency = permissions.user_agency(request.user)
    if agency is None or not permissions.can_create_task(request.user, agency):
        raise PermissionDenied
    tasks = list(year_end_open_tasks(agency=agency, year=year, today=timezone.localdate()))
    form = YearCloseForm(request.POST or None, tasks=tasks)
    row_errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        decisions = form.decisions()
        if not decisions:
            form.add_error(None, _("Chưa chọn quyết định cho nhiệm vụ nào."))
        else:
            try:
                result = year_close(
                    agency=agency, year=year, user=request.user, decisions=decisions
                )
            except YearCloseError as error:
                row_errors = error.errors
                form.add_error(
                    None, _("Chưa lưu quyết định nào: sửa các dòng báo lỗi rồi gửi lại.")
                )
            else:
                messages.success(
                    request,
                    _("Đã chuyển %(carried)d nhiệm vụ sang năm sau và hủy %(cancelled)d nhiệm vụ.")
                    % {"carried": len(result.carried), "cancelled": len(result.cancelled)},
                )
                return redirect("tasks:year_close", year=year)
    context = {
        "agency": agency,
        "year": year,
        "form": form,
        "rows": [(*row, row_errors.get(row[0].pk, [])) for row in form.rows()],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "tracker/tasks/year_close.html", context, status=status)
