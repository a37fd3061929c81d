"""How every task action is recorded: the row locked and its version checked,
one history row naming who acted, why and when, and the task's links
(supporting units, criteria) copied onto that row."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.models import (
    Task,
    TaskAction,
    TaskCriterion,
    Unit,
    User,
)


class TaskActionError(ValidationError):
    """The workflow refuses: a transition the status does not allow, a bad value or file."""


class StaleTaskError(TaskActionError):
    """The form was filled from an older version of the task."""


def stale_error() -> StaleTaskError:
    return StaleTaskError(
        _(
            "Nhiệm vụ vừa được người khác cập nhật sau khi bạn mở trang. Thay đổi của bạn "
            "chưa được lưu: hãy xem trạng thái hiện tại rồi thực hiện lại."
        ),
        code="stale",
    )


def lock_task(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("agency", "lead_unit")
        .prefetch_related("supporting_units")
        .get(pk=task.pk)
    )


def begin_action(action: str, *, task: Task, user: User, expected_version: int | None) -> Task:
    """The task, locked and current, once the user and its status allow `action`."""
    current = lock_task(task)
    if not permissions.may_act(action, user, current):
        raise PermissionDenied(
            _("Bạn không có quyền “%(action)s” đối với nhiệm vụ này.")
            % {"action": TaskAction(action).label}
        )
    if expected_version is not None and current.version != expected_version:
        raise stale_error()
    if current.status not in permissions.TASK_ACTIONS[action].statuses:
        raise TaskActionError(
            _("Không thể “%(action)s”: nhiệm vụ đang ở trạng thái “%(status)s”.")
            % {"action": TaskAction(action).label, "status": current.get_status_display()},
            code="status",
        )
    return current


def save_with_history(task: Task, *, user: User, action: str, now: datetime) -> None:
    """Save with one history row naming `user`, the action and its moment."""
    task._history_user = user
    task._change_reason = action
    task._history_date = now
    try:
        task.save()
    finally:
        del task._history_user, task._change_reason, task._history_date


def save_task(task: Task, *, user: User, action: str, now: datetime, **changes: Any) -> Task:
    """Apply `changes`, bump the version and save with one history row naming `user`."""
    for name, value in changes.items():
        setattr(task, name, value)
    task.version += 1
    save_with_history(task, user=user, action=action, now=now)
    return task


def set_supporting_units(task: Task, units: Iterable[Unit]) -> None:
    # The history row written by the following save() captures the new set;
    # without the flag every add/remove would write a row of its own.
    task.skip_history_when_saving = True
    try:
        task.supporting_units.set(units)
    finally:
        del task.skip_history_when_saving


def record_links_in_history(task: Task) -> None:
    """Put the task's supporting units and criteria on its latest history row.

    Links can only be made once the task row exists, after the save that
    wrote the row (a new task, an admin form's inlines); linking them through
    the history's own m2m hook would write a second row for the same action.
    The snapshot is what simple_history itself stores per row: a copy of
    each through row, replaced here by the current ones.
    """
    record = task.history.latest()
    units, criteria = record.supporting_units.model, record.criteria.model
    units.objects.filter(history=record).delete()
    criteria.objects.filter(history=record).delete()
    units.objects.bulk_create(
        units(history=record, id=row.pk, task_id=row.task_id, unit_id=row.unit_id)
        for row in Task.supporting_units.through.objects.filter(task=task)
    )
    criteria.objects.bulk_create(
        criteria(
            history=record,
            id=row.pk,
            task_id=row.task_id,
            criterion_id=row.criterion_id,
            assessment_id=row.assessment_id,
            points_lost=row.points_lost,
        )
        for row in TaskCriterion.objects.filter(task=task)
    )


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise TaskActionError(errors)


def required_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise TaskActionError({field: message})
    return text
