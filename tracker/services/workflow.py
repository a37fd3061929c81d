"""The task's life after creation: issue, accept or return, reassign, staff,
progress, submission, verification, reopening and cancellation; one function
per action (see `tracker.services.tasks` for what every action does)."""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.lib.formats import vn_date
from tracker.models import (
    ProgressKind,
    ProgressUpdate,
    Task,
    TaskAction,
    TaskStatus,
    Unit,
    User,
)
from tracker.services.evidence import (
    CheckedUpload,
    evidence_store_all,
)
from tracker.services.extensions import close_pending_extensions
from tracker.services.task_checks import (
    check_assignee,
    check_assignment,
    check_deadline_for_issue,
    check_files,
    check_progress_values,
)
from tracker.services.task_records import (
    TaskActionError,
    begin_action,
    raise_if,
    required_text,
    save_task,
    set_supporting_units,
)


def _record_progress(
    task: Task,
    *,
    user: User,
    kind: str,
    percent_complete: int,
    indicator_value: Decimal | None,
    note: str,
    checked: list[CheckedUpload],
    action: str,
    now: datetime,
    **changes: Any,
) -> ProgressUpdate:
    """A progress update with its evidence, and the task saved with the
    percent, the indicator's current value (when given) and `changes`."""
    update = ProgressUpdate.objects.create(
        task=task,
        kind=kind,
        author=user,
        percent_complete=percent_complete,
        indicator_value=indicator_value,
        note=note,
        created_at=now,
    )
    changes["percent_complete"] = percent_complete
    if indicator_value is not None:
        changes["indicator_current"] = indicator_value
    save_task(task, user=user, action=action, now=now, **changes)
    evidence_store_all(files=checked, task=task, progress_update=update, user=user, now=now)
    return update


@transaction.atomic
def task_issue(
    *, task: Task, user: User, expected_version: int | None = None, now: datetime | None = None
) -> Task:
    """Office staff issue a draft: draft → assigned.

    Needs a lead unit of the agency and a deadline (not before today) unless
    the task is ongoing. Side effects: issued_at, original_deadline (first
    issue only); one history row.
    """
    now = now or timezone.now()
    task = begin_action(TaskAction.ISSUE, task=task, user=user, expected_version=expected_version)
    errors = check_assignment(
        agency=task.agency,
        lead_unit=task.lead_unit,
        supporting_units=task.supporting_units.all(),
        supervisor=task.supervisor,
        deadline=task.deadline,
        ongoing=task.ongoing,
    )
    errors.update(
        check_deadline_for_issue(
            deadline=task.deadline, ongoing=task.ongoing, issued_on=timezone.localdate(now)
        )
    )
    raise_if(errors)
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.ISSUE,
        status=TaskStatus.ASSIGNED,
        issued_at=now,
        original_deadline=task.original_deadline or task.deadline,
    )


@transaction.atomic
def task_accept(
    *,
    task: Task,
    user: User,
    assignee: User | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """The lead unit's head accepts: assigned → in progress, optionally naming
    who carries it (someone of the lead unit). Side effects: accepted_at,
    assignee; one history row."""
    now = now or timezone.now()
    task = begin_action(TaskAction.ACCEPT, task=task, user=user, expected_version=expected_version)
    raise_if(check_assignee(task, assignee))
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.ACCEPT,
        status=TaskStatus.IN_PROGRESS,
        accepted_at=now,
        assignee=assignee or task.assignee,
    )


@transaction.atomic
def task_return(
    *,
    task: Task,
    user: User,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """The lead unit's head returns a task not theirs to do: assigned → returned,
    with a reason. Side effects: return_reason; a pending extension request
    closed as refused by `user` ("Nhiệm vụ đã được trả lại": the unit that
    asked no longer carries the task); one history row."""
    now = now or timezone.now()
    task = begin_action(TaskAction.RETURN, task=task, user=user, expected_version=expected_version)
    reason = required_text(reason, "reason", _("Nêu lý do trả lại nhiệm vụ."))
    close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã được trả lại."), now=now)
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.RETURN,
        status=TaskStatus.RETURNED,
        return_reason=reason,
    )


@transaction.atomic
def task_reassign(
    *,
    task: Task,
    user: User,
    lead_unit: Unit,
    deadline: date | None,
    ongoing: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Office staff issue a returned task again, to the same or another unit:
    returned → assigned. The deadline may not fall before today (the new issue
    date). Side effects: issued_at; accepted_at cleared; an assignee from
    another unit and the new lead unit among supporting units dropped;
    original_deadline kept; a pending extension request closed as refused by
    `user` ("Nhiệm vụ đã được giao lại"); one history row."""
    now = now or timezone.now()
    task = begin_action(
        TaskAction.REASSIGN, task=task, user=user, expected_version=expected_version
    )
    supporting = [unit for unit in task.supporting_units.all() if unit.pk != lead_unit.pk]
    errors = check_assignment(
        agency=task.agency,
        lead_unit=lead_unit,
        supporting_units=supporting,
        supervisor=task.supervisor,
        deadline=deadline,
        ongoing=ongoing,
    )
    errors.update(
        check_deadline_for_issue(
            deadline=deadline, ongoing=ongoing, issued_on=timezone.localdate(now)
        )
    )
    raise_if(errors)
    close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã được giao lại."), now=now)
    if len(supporting) != len(task.supporting_units.all()):
        set_supporting_units(task, supporting)
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.REASSIGN,
        status=TaskStatus.ASSIGNED,
        lead_unit=lead_unit,
        deadline=deadline,
        ongoing=ongoing,
        issued_at=now,
        accepted_at=None,
        assignee=task.assignee if lead_unit.pk == task.lead_unit_id else None,
        original_deadline=task.original_deadline or deadline,
    )


@transaction.atomic
def task_assign_staff(
    *,
    task: Task,
    user: User,
    assignee: User | None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """The lead unit's head names (or changes, or clears) who carries the task.
    Side effects: assignee; one history row."""
    now = now or timezone.now()
    task = begin_action(
        TaskAction.ASSIGN_STAFF, task=task, user=user, expected_version=expected_version
    )
    raise_if(check_assignee(task, assignee))
    if assignee == task.assignee:
        return task
    return save_task(task, now=now, user=user, action=TaskAction.ASSIGN_STAFF, assignee=assignee)


@transaction.atomic
def task_report_progress(
    *,
    task: Task,
    user: User,
    percent_complete: int,
    indicator_value: Decimal | None = None,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ProgressUpdate:
    """The lead unit's head or the assignee reports progress on a task in
    progress: percent 0–100, the indicator's current value, a note, evidence.

    Every file is checked before anything is written. Side effects: a
    ProgressUpdate, Evidence rows and files, the task's percent_complete and
    indicator_current; one history row.
    """
    now = now or timezone.now()
    task = begin_action(
        TaskAction.REPORT_PROGRESS, task=task, user=user, expected_version=expected_version
    )
    raise_if(check_progress_values(percent_complete, indicator_value))
    checked = check_files(files)
    return _record_progress(
        task,
        user=user,
        kind=ProgressKind.PROGRESS,
        percent_complete=percent_complete,
        indicator_value=indicator_value,
        note=(note or "").strip(),
        checked=checked,
        action=TaskAction.REPORT_PROGRESS,
        now=now,
    )


@transaction.atomic
def task_submit(
    *,
    task: Task,
    user: User,
    note: str,
    files: Sequence[UploadedFile] = (),
    indicator_value: Decimal | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ProgressUpdate:
    """The lead unit's head reports the task done: in progress → submitted.

    Needs a note and at least one evidence file on the task: attached now, or
    with an earlier progress update (so staff can upload as they go and the
    head submits without uploading the same files again). Side effects: a
    submission ProgressUpdate at 100 %, Evidence rows and files, submitted_at
    (the moment lateness is judged by; a later resubmission replaces it); one
    history row.
    """
    now = now or timezone.now()
    task = begin_action(TaskAction.SUBMIT, task=task, user=user, expected_version=expected_version)
    note = required_text(note, "note", _("Nêu kết quả thực hiện khi báo cáo hoàn thành."))
    raise_if(check_progress_values(100, indicator_value))
    checked = check_files(files)
    if not checked and not task.evidence.exists():
        raise TaskActionError({"files": _("Cần ít nhất một tệp minh chứng để báo cáo hoàn thành.")})
    return _record_progress(
        task,
        user=user,
        kind=ProgressKind.SUBMISSION,
        percent_complete=100,
        indicator_value=indicator_value,
        note=note,
        checked=checked,
        action=TaskAction.SUBMIT,
        now=now,
        status=TaskStatus.SUBMITTED,
        submitted_at=now,
    )


@transaction.atomic
def task_verify(
    *, task: Task, user: User, expected_version: int | None = None, now: datetime | None = None
) -> Task:
    """Office staff or leadership confirm a submitted task: submitted → done.

    "Done late" is derived from submitted_at (the unit's final submission),
    not from the verification. Side effects: completed_at; a pending
    extension request closed as refused by `user` ("Nhiệm vụ đã hoàn
    thành"); one history row.
    """
    now = now or timezone.now()
    task = begin_action(TaskAction.VERIFY, task=task, user=user, expected_version=expected_version)
    close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã hoàn thành."), now=now)
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.VERIFY,
        status=TaskStatus.DONE,
        completed_at=now,
    )


@transaction.atomic
def task_reopen(
    *,
    task: Task,
    user: User,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Office staff or leadership send a submitted task back: submitted → in
    progress, with a reason. Side effects: reopen_reason; submitted_at
    cleared, so only the next submission counts for lateness (the earlier
    one stays in the history and the progress updates); one history row."""
    now = now or timezone.now()
    task = begin_action(TaskAction.REOPEN, task=task, user=user, expected_version=expected_version)
    reason = required_text(reason, "reason", _("Nêu lý do yêu cầu làm lại."))
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.REOPEN,
        status=TaskStatus.IN_PROGRESS,
        reopen_reason=reason,
        submitted_at=None,
    )


@transaction.atomic
def task_cancel(
    *,
    task: Task,
    user: User,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Office staff cancel an open task, with a reason. Side effects:
    cancel_reason, cancelled_at; a pending extension request closed as
    refused by `user` ("Nhiệm vụ đã hủy"); one history row."""
    now = now or timezone.now()
    task = begin_action(TaskAction.CANCEL, task=task, user=user, expected_version=expected_version)
    reason = required_text(reason, "reason", _("Nêu lý do hủy nhiệm vụ."))
    close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã hủy."), now=now)
    return save_task(
        task,
        now=now,
        user=user,
        action=TaskAction.CANCEL,
        status=TaskStatus.CANCELLED,
        cancel_reason=reason,
        cancelled_at=now,
    )


@transaction.atomic
def task_carry_over(
    *,
    task: Task,
    user: User,
    year: int,
    deadline: date | None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Office staff closing `year` carry an open task into the next year with a
    new deadline, after 31/12 of `year` and not before today.

    The year-end decision is the office's own, so unlike an issued task's
    deadline (moved only by an approved extension) it moves the deadline
    directly; the deadline it replaces stays in original_deadline when none
    was recorded. Side effects: deadline, ongoing cleared, carried_over_from;
    a pending extension request closed as refused by `user`; one history row.
    """
    now = now or timezone.now()
    task = begin_action(
        TaskAction.CARRY_OVER, task=task, user=user, expected_version=expected_version
    )
    if deadline is None:
        raise TaskActionError({"deadline": _("Chọn hạn mới trong năm sau.")})
    if deadline.year <= year:
        raise TaskActionError(
            {
                "deadline": _("Hạn mới %(deadline)s phải sau ngày 31/12/%(year)s.")
                % {"deadline": vn_date(deadline), "year": year}
            }
        )
    if deadline < timezone.localdate(now):
        raise TaskActionError(
            {"deadline": _("Hạn mới %(deadline)s đã qua.") % {"deadline": vn_date(deadline)}}
        )
    close_pending_extensions(
        task, user=user, note=_("Nhiệm vụ đã chuyển sang năm sau với hạn mới."), now=now
    )
    changes = {"deadline": deadline, "ongoing": False, "carried_over_from": year}
    if task.status != TaskStatus.DRAFT:
        changes["original_deadline"] = task.original_deadline or task.deadline
    return save_task(task, user=user, action=TaskAction.CARRY_OVER, now=now, **changes)
