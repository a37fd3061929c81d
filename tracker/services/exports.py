"""Task-list exports written by the django-q2 worker.

The request is kept first (who, which list, which format, the page's query
string with its filters and sort); the job then finds the rows again as that
page shows them to that user, so nobody gets a row they may not see, and
writes them streamed (a chunk of rows at a time, XLSX in openpyxl's
write-only mode) to a temporary file kept as the export's file.
"""

import logging
import tempfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from tracker.exports.tasks import TASK_LISTS, task_header, task_list, task_rows
from tracker.lib.tables import export_filename, export_heading, write_export
from tracker.models import ExportFile, ExportKind, ExportStatus, User

logger = logging.getLogger(__name__)

# Longer than a job may run (Q_CLUSTER's timeout, 10 minutes): an export still
# queued after this has lost its job, and asking again makes a new one.
SAME_REQUEST_WINDOW = timedelta(minutes=15)


def export_request(
    *, user: User, kind: str, file_format: str, query: str, now: datetime
) -> ExportFile:
    """Keep a request to export the list `kind` as the page showed it with
    `query` (status queued), and hand it to the worker once the request's
    transaction is committed. The same export asked for a moment ago and still
    being written is not asked for twice (a second click, a reload): that one
    is returned."""
    asked = {"owner": user, "kind": kind, "file_format": file_format, "query": query}
    pending = ExportFile.objects.filter(
        **asked,
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
        created_at__gte=now - SAME_REQUEST_WINDOW,
    ).first()
    if pending is not None:
        return pending
    export = ExportFile.objects.create(**asked, created_at=now)
    transaction.on_commit(lambda: async_task("tracker.tasks.build_export", export.pk))
    return export


def export_build(*, export: ExportFile, now: datetime) -> ExportFile:
    """Write the export's file.

    Side effects: the status moves to running, then done (the file stored under
    media/exports/, its name, the row count, finished_at = `now`) or failed
    with the reason in words: the owner may no longer open that list.
    """
    ExportFile.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    today = timezone.localdate(now)
    try:
        tasks, filters = task_list(
            export.kind, user=export.owner, query=QueryDict(export.query), today=today
        )
    except PermissionDenied:
        return _fail(export, now, _("Tài khoản không còn được xem danh sách này."))
    title = ExportKind(export.kind).label
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    try:
        with tempfile.TemporaryFile() as temporary:
            write_export(
                temporary,
                export.file_format,
                title=title,
                heading=export_heading(title, filters.form, now=now),
                header=task_header(),
                rows=counted(task_rows(tasks, today=today)),
            )
            temporary.seek(0)
            export.filename = export_filename(
                TASK_LISTS[export.kind].filename, export.file_format, now=now
            )
            export.file.save(export.filename, File(temporary), save=False)
    except Exception:
        # A fault, not a refusal: the page stops waiting, the log and the
        # worker keep the traceback.
        logger.exception("Export %s could not be written", export.pk)
        _fail(export, now, _("Lỗi hệ thống khi xuất tệp; đề nghị báo quản trị hệ thống."))
        raise
    export.rows = written
    export.status, export.error, export.finished_at = ExportStatus.DONE, "", now
    export.save()
    return export


def _fail(export: ExportFile, now: datetime, reason: str) -> ExportFile:
    export.status, export.error, export.finished_at = ExportStatus.FAILED, reason, now
    export.save(update_fields=["status", "error", "finished_at"])
    return export


def export_files_sweep(*, now: datetime | None = None) -> int:
    """Delete the exports (row and file) asked for more than EXPORT_KEEP_DAYS
    days before `now`: the list can be exported again, up to date. Returns how
    many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    deleted = 0
    for export in ExportFile.objects.filter(created_at__lt=cutoff).iterator():
        export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
