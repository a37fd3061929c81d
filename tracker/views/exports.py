"""Task-list exports: written at once when short, by the django-q2 worker when
long; the user's exports page lists the latter, with their status and file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import Table

from tracker import permissions
from tracker.exports.tasks import TASK_LISTS, task_header, task_rows
from tracker.lib.files import file_download
from tracker.lib.tables import (
    CONTENT_TYPES,
    EXPORT_FORMATS,
    export_bytes,
    export_filename,
    export_heading,
    file_response,
)
from tracker.models import ExportKind, ExportStatus
from tracker.selectors.exports import exports_for
from tracker.services.exports import export_request

# Kept out of the stored query: the export has every row, whatever the page.
PAGING_PARAMETERS = ("_export", "page", "per_page")


def task_list_export(
    request: HttpRequest, table: Table, *, kind: str, filters=None
) -> HttpResponse | None:
    """The task list `kind` as a file when the request asks for ?_export=csv|xlsx,
    else None: the rows of `table` (a TaskTable the page filtered and sorted),
    with the bound form `filters` in the heading. Up to EXPORT_SYNC_ROWS rows
    the file comes back at once; a longer list is written by the worker and
    the user goes to their exports page."""
    file_format = request.GET.get("_export")
    if file_format not in EXPORT_FORMATS:
        return None
    rows = len(table.data)
    if rows > settings.EXPORT_SYNC_ROWS:
        query = request.GET.copy()
        for name in PAGING_PARAMETERS:
            query.pop(name, None)
        export_request(
            user=request.user,
            kind=kind,
            file_format=file_format,
            query=query.urlencode(),
            now=timezone.now(),
        )
        messages.info(
            request,
            _("Danh sách có %(rows)d dòng: tệp đang được xuất, tải về ở đây khi xong.")
            % {"rows": rows},
        )
        return redirect("exports:index")
    now = timezone.now()
    title = ExportKind(kind).label
    content = export_bytes(
        file_format,
        title=title,
        heading=export_heading(title, filters, now=now),
        header=task_header(),
        # The table's data: the page's queryset, filtered and in its order.
        rows=task_rows(table.data.data, today=table.today),
    )
    filename = export_filename(TASK_LISTS[kind].filename, file_format, now=now)
    return file_response(content, file_format, filename)


def _exports_context(request: HttpRequest) -> dict:
    exports = exports_for(request.user)
    return {"exports": exports, "waiting": any(export.in_progress for export in exports)}


@login_required
def export_index(request: HttpRequest) -> HttpResponse:
    """Tệp xuất: the user's exports written by the worker, newest first."""
    context = {**_exports_context(request), "keep_days": settings.EXPORT_KEEP_DAYS}
    return render(request, "tracker/exports/index.html", context)


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The list alone, which the page polls while an export is being written."""
    return render(request, "tracker/exports/_list.html", _exports_context(request))


@login_required
def export_download(request: HttpRequest, pk: int):
    export = permissions.get_export_for_user(request.user, pk)
    if export.status != ExportStatus.DONE:
        raise Http404
    return file_download(
        export.file, filename=export.filename, content_type=CONTENT_TYPES[export.file_format]
    )
