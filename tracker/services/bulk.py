"""Actions on several tasks at once, each through the one-task service."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.models import Task, User
from tracker.services import workflow
from tracker.services.task_records import TaskActionError


@dataclass
class Refusal:
    task: Task
    reasons: list[str]


class BulkIssueError(TaskActionError):
    """Some drafts could not be issued, so none was: `refusals` says why, per draft."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__(
            _("Chưa giao nhiệm vụ nào: %(n)s dự thảo không giao được.") % {"n": len(refusals)},
            code="bulk_refused",
        )
        self.refusals = refusals


def _reasons(error: Exception) -> list[str]:
    if isinstance(error, TaskActionError):
        return list(error.messages)
    return [str(error) or _("Bạn không có quyền giao nhiệm vụ này.")]


@transaction.atomic
def issue_drafts(*, tasks: list[Task], user: User, now: datetime | None = None) -> list[Task]:
    """Issue every draft in `tasks` through `workflow.task_issue`, or none.

    Each draft is tried in turn (inside its own savepoint), so every refusal
    is collected with its reasons; if any draft is refused the whole
    transaction is rolled back and BulkIssueError lists the refusals. Side
    effects when all pass: those of `task_issue` for each draft (status,
    issued_at, original_deadline, one history row).
    """
    now = now or timezone.now()
    if not tasks:
        raise TaskActionError(_("Chưa chọn dự thảo nào để giao."), code="empty")
    issued, refusals = [], []
    for task in tasks:
        try:
            issued.append(workflow.task_issue(task=task, user=user, now=now))
        except (TaskActionError, PermissionDenied) as error:
            refusals.append(Refusal(task=task, reasons=_reasons(error)))
    if refusals:
        raise BulkIssueError(refusals)
    return issued
