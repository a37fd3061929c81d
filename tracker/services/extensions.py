"""Extension requests: a unit head asks for a later deadline, leadership
decides; the task's deadline moves only on approval, the first one kept."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.lib.formats import vn_date
from tracker.models import (
    ExtensionRequest,
    ExtensionStatus,
    Task,
    TaskAction,
    User,
)
from tracker.services.task_records import TaskActionError, begin_action, raise_if, save_task


def close_pending_extensions(task: Task, *, user: User, note: str, now: datetime) -> None:
    """Refuse the extension request still waiting on a task that has closed or
    left the unit that asked: no decision can apply to it any more (approving
    it would move another unit's deadline), and leadership's queue should not
    keep it forever."""
    ExtensionRequest.objects.filter(task=task, status=ExtensionStatus.PENDING).update(
        status=ExtensionStatus.REFUSED,
        decided_by=user,
        decided_at=now,
        decision_note=note,
    )


@transaction.atomic
def extension_request_create(
    *,
    task: Task,
    user: User,
    proposed_deadline: date,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ExtensionRequest:
    """The lead unit's head asks for a later deadline, with a reason; one
    request waits at a time. The task itself is unchanged until leadership
    approves. Side effects: an ExtensionRequest row."""
    now = now or timezone.now()
    task = begin_action(
        TaskAction.REQUEST_EXTENSION, task=task, user=user, expected_version=expected_version
    )
    if task.deadline is None:
        raise TaskActionError(_("Nhiệm vụ thường xuyên (không có hạn) không cần gia hạn."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Nêu lý do đề nghị gia hạn.")
    if proposed_deadline is None:
        errors["proposed_deadline"] = _("Chọn hạn đề nghị.")
    elif proposed_deadline <= task.deadline:
        errors["proposed_deadline"] = _(
            "Hạn đề nghị %(proposed)s phải sau hạn hiện tại %(deadline)s."
        ) % {"proposed": vn_date(proposed_deadline), "deadline": vn_date(task.deadline)}
    elif proposed_deadline < timezone.localdate(now):
        errors["proposed_deadline"] = _("Hạn đề nghị %(proposed)s đã qua.") % {
            "proposed": vn_date(proposed_deadline)
        }
    raise_if(errors)
    pending_error = TaskActionError(
        _("Nhiệm vụ đã có một đề nghị gia hạn đang chờ lãnh đạo quyết định.")
    )
    if task.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise pending_error
    try:
        with transaction.atomic():
            return ExtensionRequest.objects.create(
                task=task,
                requested_by=user,
                reason=reason.strip(),
                current_deadline=task.deadline,
                proposed_deadline=proposed_deadline,
                created_at=now,
            )
    except IntegrityError as error:
        raise pending_error from error


@transaction.atomic
def extension_decide(
    *,
    extension: ExtensionRequest,
    user: User,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ExtensionRequest:
    """Leadership approves or refuses a pending extension request.

    Approval moves the task's deadline to the proposed date and keeps the
    deadline it replaces in original_deadline when none was recorded; a
    refusal needs a note and leaves the task unchanged. Side effects: the
    request's status, decided_by/at, decision_note; on approval the task's
    deadline and one history row.
    """
    now = now or timezone.now()
    task = begin_action(
        TaskAction.DECIDE_EXTENSION,
        task=extension.task,
        user=user,
        expected_version=expected_version,
    )
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise TaskActionError(_("Đề nghị gia hạn này đã được quyết định."))
    note = (note or "").strip()
    if not approve and not note:
        raise TaskActionError({"note": _("Nêu lý do không đồng ý gia hạn.")})
    if approve:
        if task.deadline is not None and extension.proposed_deadline <= task.deadline:
            raise TaskActionError(
                _("Hạn đề nghị %(proposed)s không còn sau hạn hiện tại %(deadline)s.")
                % {
                    "proposed": vn_date(extension.proposed_deadline),
                    "deadline": vn_date(task.deadline),
                }
            )
        save_task(
            task,
            now=now,
            user=user,
            action=TaskAction.DECIDE_EXTENSION,
            deadline=extension.proposed_deadline,
            original_deadline=task.original_deadline or task.deadline,
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = user
    extension.decided_at = now
    extension.decision_note = note
    extension.save()
    return extension
