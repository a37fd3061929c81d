"""The four buckets offices report tasks in.

Tracker has no figures module yet; this is the one place the buckets are
counted until it does (then this should read from it). Lateness itself is
tracker's rule (`with_lateness`), not a second one.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tracker.models import Task, TaskStatus
from tracker.selectors.tasks import with_lateness

BUCKET_LABELS = {
    "overdue": _("Quá hạn"),
    "in_progress": _("Đang thực hiện, trong hạn"),
    "done_late": _("Hoàn thành trễ hạn"),
    "done_on_time": _("Hoàn thành đúng hạn"),
}
# Overdue first: it is what the reader must act on.
BUCKET_ORDER = ("overdue", "in_progress", "done_late", "done_on_time")


def progress_buckets(tasks: QuerySet[Task], *, today: date) -> dict[str, int]:
    """How many of `tasks` are done on time, done late, in progress within the
    deadline and overdue on `today` (drafts and cancelled tasks are in none),
    in one query."""
    issued_open = Q(
        status__in=[
            TaskStatus.ASSIGNED,
            TaskStatus.RETURNED,
            TaskStatus.IN_PROGRESS,
            TaskStatus.SUBMITTED,
        ]
    )
    done = Q(status=TaskStatus.DONE)
    counts = with_lateness(tasks, today=today).aggregate(
        n_overdue=Count("pk", filter=Q(overdue=True)),
        n_in_progress=Count("pk", filter=issued_open & Q(overdue=False)),
        n_done_late=Count("pk", filter=done & Q(done_late=True)),
        n_done_on_time=Count("pk", filter=done & Q(done_late=False)),
    )
    return {key: counts[f"n_{key}"] for key in BUCKET_ORDER}
