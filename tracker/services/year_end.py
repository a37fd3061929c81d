"""Closing a year: every task still open gets the office's decision, carried
into the next year with a new deadline or cancelled with a reason, through the
task services so each decision lands in the task's history."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.models import Task, Unit, User
from tracker.selectors.tasks import year_end_open_tasks
from tracker.services.task_records import TaskActionError
from tracker.services.workflow import task_cancel, task_carry_over

CARRY = "carry"
CANCEL = "cancel"


@dataclass(frozen=True)
class YearEndDecision:
    action: str
    deadline: date | None = None
    reason: str = ""


@dataclass
class YearCloseResult:
    carried: list[Task] = field(default_factory=list)
    cancelled: list[Task] = field(default_factory=list)


class YearCloseError(TaskActionError):
    """Some decisions were refused; `errors` maps each task's id to its messages."""

    def __init__(self, errors: dict[int, list[str]]):
        self.errors = errors
        super().__init__([message for messages in errors.values() for message in messages])


@transaction.atomic
def year_close(
    *,
    agency: Unit,
    year: int,
    user: User,
    decisions: dict[int, YearEndDecision],
    now: datetime | None = None,
) -> YearCloseResult:
    """Apply the office's decision for each task (by id) of the year's open
    tasks (`year_end_open_tasks`); tasks without a decision stay as they are.

    All or nothing: when any decision is refused, nothing is saved and
    YearCloseError names every refused task. Side effects: per task, what
    `task_carry_over` or `task_cancel` does (one history row each).
    """
    if not permissions.can_create_task(user, agency):
        raise PermissionDenied(_("Chỉ văn phòng của cơ quan được khép lại năm."))
    now = now or timezone.now()
    tasks = year_end_open_tasks(agency=agency, year=year, today=timezone.localdate(now)).in_bulk()
    result = YearCloseResult()
    errors: dict[int, list[str]] = {}
    for pk, decision in decisions.items():
        task = tasks.get(pk)
        if task is None:
            errors[pk] = [
                _("Nhiệm vụ #%(pk)s không còn trong danh sách cần khép lại năm %(year)s.")
                % {"pk": pk, "year": year}
            ]
            continue
        try:
            with transaction.atomic():
                if decision.action == CARRY:
                    result.carried.append(
                        task_carry_over(
                            task=task, user=user, year=year, deadline=decision.deadline, now=now
                        )
                    )
                elif decision.action == CANCEL:
                    result.cancelled.append(
                        task_cancel(task=task, user=user, reason=decision.reason)
                    )
                else:
                    raise TaskActionError(_("Lựa chọn không hợp lệ."))
        except TaskActionError as error:
            errors[pk] = [
                _("“%(task)s”: %(message)s") % {"task": task.title, "message": message}
                for message in error.messages
            ]
    if errors:
        raise YearCloseError(errors)
    return result
