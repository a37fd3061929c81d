"""The task workflow: one function per action, used by views, commands and jobs.

Every action
- locks the task row and, when the caller read the task from a form
  (`expected_version`), refuses to act on any other version: an optimistic
  lock, so nobody's change is overwritten silently;
- asks `tracker.permissions` whether this user is someone who does the action
  (PermissionDenied otherwise) and whether the task's status allows it;
- validates every value before writing anything and raises `TaskActionError`
  with a Vietnamese message (a dict by field where a form field is to blame);
- saves through the model with `_history_user` and the action code as the
  change reason, so the history names who did what even from a command.

Actions that change the task's fields bump `Task.version`.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conclusions.models import Directive
from tracker import permissions
from tracker.formats import vn_date
from tracker.models import (
    Assessment,
    Comment,
    Criterion,
    ExtensionRequest,
    ExtensionStatus,
    Priority,
    ProgressKind,
    ProgressUpdate,
    Task,
    TaskAction,
    TaskCriterion,
    TaskSource,
    TaskStatus,
    Unit,
    User,
)
from tracker.models.tasks import DEADLINE_LOCKED_MESSAGE
from tracker.selectors.tasks import assignable_users
from tracker.services.evidence import (
    CheckedUpload,
    EvidenceRejected,
    evidence_check_all,
    evidence_store_all,
)

# What office staff may change with task_update (the rest moves only through actions).
UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "expected_output",
        "year",
        "lead_unit",
        "supporting_units",
        "supervisor",
        "deadline",
        "ongoing",
        "priority",
        "indicator_name",
        "indicator_target",
        "indicator_unit",
        "criteria",
    }
)
INDICATOR_LIMIT = Decimal("10000000000")  # max_digits=12, decimal_places=2
COMMENT_MAX_LENGTH = 5000


class TaskActionError(ValidationError):
    """The workflow refuses: a transition the status does not allow, a bad value or file."""


class StaleTaskError(TaskActionError):
    """The form was filled from an older version of the task."""


def _stale_error() -> StaleTaskError:
    return StaleTaskError(
        _(
            "Nhiệm vụ vừa được người khác cập nhật sau khi bạn mở trang. Thay đổi của bạn "
            "chưa được lưu: hãy xem trạng thái hiện tại rồi thực hiện lại."
        ),
        code="stale",
    )


def _lock(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("agency", "lead_unit")
        .prefetch_related("supporting_units")
        .get(pk=task.pk)
    )


def _begin(action: str, *, task: Task, user: User, expected_version: int | None) -> Task:
    """The task, locked and current, once the user and its status allow `action`."""
    current = _lock(task)
    if not permissions.may_act(action, user, current):
        raise PermissionDenied(
            _("Bạn không có quyền “%(action)s” đối với nhiệm vụ này.")
            % {"action": TaskAction(action).label}
        )
    if expected_version is not None and current.version != expected_version:
        raise _stale_error()
    if current.status not in permissions.TASK_ACTIONS[action].statuses:
        raise TaskActionError(
            _("Không thể “%(action)s”: nhiệm vụ đang ở trạng thái “%(status)s”.")
            % {"action": TaskAction(action).label, "status": current.get_status_display()},
            code="status",
        )
    return current


def _save_with_history(task: Task, *, user: User, action: str) -> None:
    """Save with one history row naming `user` and the action."""
    task._history_user = user
    task._change_reason = action
    try:
        task.save()
    finally:
        del task._history_user, task._change_reason


def _save(task: Task, *, user: User, action: str, **changes: Any) -> Task:
    """Apply `changes`, bump the version and save with one history row naming `user`."""
    for name, value in changes.items():
        setattr(task, name, value)
    task.version += 1
    _save_with_history(task, user=user, action=action)
    return task


def _set_supporting_units(task: Task, units: Iterable[Unit]) -> None:
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


def _close_pending_extensions(task: Task, *, user: User, note: str) -> None:
    """Refuse the extension request still waiting on a task that has closed or
    left the unit that asked: no decision can apply to it any more (approving
    it would move another unit's deadline), and leadership's queue should not
    keep it forever."""
    ExtensionRequest.objects.filter(task=task, status=ExtensionStatus.PENDING).update(
        status=ExtensionStatus.REFUSED,
        decided_by=user,
        decided_at=timezone.now(),
        decision_note=note,
    )


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise TaskActionError(errors)


def _check_assignment(
    *,
    agency: Unit,
    lead_unit: Unit | None,
    supporting_units: Iterable[Unit],
    supervisor: User | None,
    deadline: date | None,
    ongoing: bool,
) -> dict[str, str]:
    errors = {}
    if lead_unit is None:
        errors["lead_unit"] = _("Chọn đơn vị chủ trì.")
    elif lead_unit.pk == agency.pk or lead_unit.agency.pk != agency.pk:
        errors["lead_unit"] = _("Đơn vị chủ trì phải là một đơn vị thuộc %(agency)s.") % {
            "agency": agency
        }
    supporting = list(supporting_units)
    if any(not unit.is_within(agency) for unit in supporting):
        errors["supporting_units"] = _("Đơn vị phối hợp phải thuộc %(agency)s.") % {
            "agency": agency
        }
    elif lead_unit is not None and any(unit.pk == lead_unit.pk for unit in supporting):
        errors["supporting_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if supervisor is not None and not permissions.is_agency_leader(supervisor, agency):
        errors["supervisor"] = _("Lãnh đạo phụ trách phải là lãnh đạo của %(agency)s.") % {
            "agency": agency
        }
    if ongoing and deadline is not None:
        errors["deadline"] = _(
            "Nhiệm vụ thường xuyên không có hạn hoàn thành: bỏ hạn hoặc bỏ chọn “thường xuyên”."
        )
    return errors


def _check_fields(*, title: str, priority: str) -> dict[str, str]:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Nhập tên nhiệm vụ.")
    if priority not in Priority.values:
        errors["priority"] = _("Mức ưu tiên không hợp lệ.")
    return errors


def _check_deadline_for_issue(
    *, deadline: date | None, ongoing: bool, issued_on: date
) -> dict[str, str]:
    if ongoing:
        return {}
    if deadline is None:
        return {"deadline": _("Cần hạn hoàn thành, hoặc đánh dấu nhiệm vụ là thường xuyên.")}
    if deadline < issued_on:
        return {
            "deadline": _("Hạn hoàn thành %(deadline)s không được trước ngày giao %(issued)s.")
            % {"deadline": vn_date(deadline), "issued": vn_date(issued_on)}
        }
    return {}


def _check_assignee(task: Task, assignee: User | None) -> dict[str, str]:
    if assignee is None:
        return {}
    if not assignable_users(task).filter(pk=assignee.pk).exists():
        return {
            "assignee": _("Người thực hiện phải là cán bộ đang công tác tại %(unit)s.")
            % {"unit": task.lead_unit}
        }
    return {}


def _required_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise TaskActionError({field: message})
    return text


def _criteria_points(
    criteria: Iterable[Criterion | tuple[Criterion, Decimal | None]],
) -> dict[Criterion, Decimal | None]:
    points = {}
    for item in criteria:
        criterion, lost = item if isinstance(item, tuple) else (item, None)
        points[criterion] = lost
    return points


def _link_criteria(
    task: Task, points: dict[Criterion, Decimal | None], assessment: Assessment | None
) -> None:
    """TaskCriterion rows for `points`, each naming the assessment it remedies:
    `assessment` when the caller knows it (generation), else the lead unit's
    result on the criterion's set, else the agency's."""
    if assessment is None:
        found = Assessment.objects.filter(
            unit_id__in=[task.lead_unit_id, task.agency_id],
            criteria_set_id__in={criterion.criteria_set_id for criterion in points},
        )
        by_set = {}
        for candidate in sorted(found, key=lambda a: a.unit_id != task.lead_unit_id):
            by_set.setdefault(candidate.criteria_set_id, candidate)
    TaskCriterion.objects.bulk_create(
        TaskCriterion(
            task=task,
            criterion=criterion,
            points_lost=lost,
            assessment=assessment or by_set.get(criterion.criteria_set_id),
        )
        for criterion, lost in points.items()
    )


def _check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    try:
        return evidence_check_all(files)
    except EvidenceRejected as error:
        raise TaskActionError({"files": error.messages}) from error


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
    )
    changes["percent_complete"] = percent_complete
    if indicator_value is not None:
        changes["indicator_current"] = indicator_value
    _save(task, user=user, action=action, **changes)
    evidence_store_all(files=checked, task=task, progress_update=update, user=user)
    return update


def _check_progress_values(
    percent_complete: Any, indicator_value: Decimal | None
) -> dict[str, str]:
    errors = {}
    if (
        percent_complete is None
        or isinstance(percent_complete, bool)
        or not isinstance(percent_complete, int)
        or not 0 <= percent_complete <= 100
    ):
        errors["percent_complete"] = _(
            "Tiến độ phải là số nguyên từ 0 đến 100 (%%), không phải “%(value)s”."
        ) % {"value": "" if percent_complete is None else percent_complete}
    if indicator_value is not None and abs(indicator_value) >= INDICATOR_LIMIT:
        errors["indicator_value"] = _("Giá trị chỉ tiêu quá lớn.")
    return errors


@transaction.atomic
def task_create(
    *,
    user: User,
    title: str,
    lead_unit: Unit | None,
    agency: Unit | None = None,
    description: str = "",
    expected_output: str = "",
    year: int | None = None,
    source: str = TaskSource.OTHER,
    source_key: str = "",
    directive: Directive | None = None,
    occurrence: str = "",
    criteria: Iterable[Criterion | tuple[Criterion, Decimal | None]] = (),
    remedied_assessment: Assessment | None = None,
    supporting_units: Iterable[Unit] = (),
    supervisor: User | None = None,
    deadline: date | None = None,
    ongoing: bool = False,
    priority: str = Priority.NORMAL,
    indicator_name: str = "",
    indicator_target: Decimal | None = None,
    indicator_unit: str = "",
    issue: bool = False,
) -> Task:
    """Office staff of the lead unit's agency create a task, as a draft or
    issued at once (`issue=True`).

    The task belongs to its lead unit's agency (`Unit.agency`); `agency`, when
    given (generation names the agency it works for), must be that agency.
    `criteria` are criteria or (criterion, points lost) pairs, lost in
    `remedied_assessment` when given (see `_link_criteria`). Side effects:
    Task and TaskCriterion rows; one history row, supporting units included.
    """
    if agency is None:
        # Without a lead unit nothing is created; the user's agency only lets
        # the refusal list every missing field at once.
        agency = lead_unit.agency if lead_unit is not None else permissions.user_agency(user)
    if agency is None or not permissions.can_create_task(user, agency):
        raise PermissionDenied(_("Chỉ văn phòng của cơ quan được tạo nhiệm vụ."))
    supporting_units = list(supporting_units)
    errors = _check_assignment(
        agency=agency,
        lead_unit=lead_unit,
        supporting_units=supporting_units,
        supervisor=supervisor,
        deadline=deadline,
        ongoing=ongoing,
    )
    errors.update(_check_fields(title=title, priority=priority))
    now = timezone.now()
    if issue:
        errors.update(
            _check_deadline_for_issue(
                deadline=deadline, ongoing=ongoing, issued_on=timezone.localdate(now)
            )
        )
    _raise_if(errors)
    task = Task(
        agency=agency,
        year=year,
        title=title.strip(),
        description=description,
        expected_output=expected_output,
        source=source,
        source_key=source_key,
        directive=directive,
        occurrence=occurrence,
        lead_unit=lead_unit,
        supervisor=supervisor,
        deadline=deadline,
        ongoing=ongoing,
        priority=priority,
        indicator_name=indicator_name,
        indicator_target=indicator_target,
        indicator_unit=indicator_unit,
        created_by=user,
    )
    if issue:
        task.status = TaskStatus.ASSIGNED
        task.issued_at = now
        task.original_deadline = deadline
    _save_with_history(task, user=user, action=TaskAction.ISSUE if issue else TaskAction.CREATE)
    if supporting_units:
        _set_supporting_units(task, supporting_units)
    _link_criteria(task, _criteria_points(criteria), remedied_assessment)
    record_links_in_history(task)
    return task


@transaction.atomic
def task_update(
    *, task: Task, user: User, expected_version: int | None = None, **changes: Any
) -> Task:
    """Office staff edit a draft or an issued task not yet accepted.

    `changes` may name any of UPDATABLE_FIELDS. The deadline (and whether the
    task is ongoing) changes here only while the task is a draft: once issued,
    only leadership's approval of an extension request moves it. A new lead
    unit drops an assignee from the old one and closes a pending extension
    request as refused by `user` ("Nhiệm vụ đã chuyển đơn vị chủ trì": the
    unit that asked no longer carries the task). No change, no save. Side
    effects: one history row; TaskCriterion rows added/removed (points lost
    kept for criteria that stay).
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"task_update() cannot change {sorted(unknown)}")
    task = _begin(TaskAction.UPDATE, task=task, user=user, expected_version=expected_version)
    merged = {
        "lead_unit": changes.get("lead_unit", task.lead_unit),
        "supporting_units": list(changes.get("supporting_units", task.supporting_units.all())),
        "supervisor": changes.get("supervisor", task.supervisor),
        "deadline": changes.get("deadline", task.deadline),
        "ongoing": changes.get("ongoing", task.ongoing),
    }
    errors = _check_assignment(agency=task.agency, **merged)
    errors.update(
        _check_fields(
            title=changes.get("title", task.title),
            priority=changes.get("priority", task.priority),
        )
    )
    if not task.deadline_editable:
        for name in ("deadline", "ongoing"):
            if name in changes and changes[name] != getattr(task, name):
                errors[name] = DEADLINE_LOCKED_MESSAGE
    _raise_if(errors)

    criteria_changed = False
    if "criteria" in changes:
        wanted = _criteria_points(changes.pop("criteria"))
        current = {link.criterion_id: link for link in task.task_criteria.all()}
        wanted_ids = {criterion.pk for criterion in wanted}
        removed = set(current) - wanted_ids
        added = [c for c in wanted if c.pk not in current]
        if removed or added:
            criteria_changed = True
            TaskCriterion.objects.filter(task=task, criterion_id__in=removed).delete()
            _link_criteria(task, {c: wanted[c] for c in added}, None)
    supporting = changes.pop("supporting_units", None)
    fields = {name: value for name, value in changes.items() if getattr(task, name) != value}
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    if "lead_unit" in fields and task.assignee and task.assignee.unit_id != fields["lead_unit"].pk:
        fields["assignee"] = None
    supporting_changed = supporting is not None and {u.pk for u in supporting} != {
        u.pk for u in task.supporting_units.all()
    }
    if not (fields or supporting_changed or criteria_changed):
        return task
    if "lead_unit" in fields:
        _close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã chuyển đơn vị chủ trì."))
    if supporting_changed:
        _set_supporting_units(task, supporting)
    return _save(task, user=user, action=TaskAction.UPDATE, **fields)


@transaction.atomic
def task_issue(*, task: Task, user: User, expected_version: int | None = None) -> Task:
    """Office staff issue a draft: draft → assigned.

    Needs a lead unit of the agency and a deadline (not before today) unless
    the task is ongoing. Side effects: issued_at, original_deadline (first
    issue only); one history row.
    """
    task = _begin(TaskAction.ISSUE, task=task, user=user, expected_version=expected_version)
    now = timezone.now()
    errors = _check_assignment(
        agency=task.agency,
        lead_unit=task.lead_unit,
        supporting_units=task.supporting_units.all(),
        supervisor=task.supervisor,
        deadline=task.deadline,
        ongoing=task.ongoing,
    )
    errors.update(
        _check_deadline_for_issue(
            deadline=task.deadline, ongoing=task.ongoing, issued_on=timezone.localdate(now)
        )
    )
    _raise_if(errors)
    return _save(
        task,
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
) -> Task:
    """The lead unit's head accepts: assigned → in progress, optionally naming
    who carries it (someone of the lead unit). Side effects: accepted_at,
    assignee; one history row."""
    task = _begin(TaskAction.ACCEPT, task=task, user=user, expected_version=expected_version)
    _raise_if(_check_assignee(task, assignee))
    return _save(
        task,
        user=user,
        action=TaskAction.ACCEPT,
        status=TaskStatus.IN_PROGRESS,
        accepted_at=timezone.now(),
        assignee=assignee or task.assignee,
    )


@transaction.atomic
def task_return(
    *, task: Task, user: User, reason: str, expected_version: int | None = None
) -> Task:
    """The lead unit's head returns a task not theirs to do: assigned → returned,
    with a reason. Side effects: return_reason; a pending extension request
    closed as refused by `user` ("Nhiệm vụ đã được trả lại": the unit that
    asked no longer carries the task); one history row."""
    task = _begin(TaskAction.RETURN, task=task, user=user, expected_version=expected_version)
    reason = _required_text(reason, "reason", _("Nêu lý do trả lại nhiệm vụ."))
    _close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã được trả lại."))
    return _save(
        task, user=user, action=TaskAction.RETURN, status=TaskStatus.RETURNED, return_reason=reason
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
) -> Task:
    """Office staff issue a returned task again, to the same or another unit:
    returned → assigned. The deadline may not fall before today (the new issue
    date). Side effects: issued_at; accepted_at cleared; an assignee from
    another unit and the new lead unit among supporting units dropped;
    original_deadline kept; a pending extension request closed as refused by
    `user` ("Nhiệm vụ đã được giao lại"); one history row."""
    task = _begin(TaskAction.REASSIGN, task=task, user=user, expected_version=expected_version)
    now = timezone.now()
    supporting = [unit for unit in task.supporting_units.all() if unit.pk != lead_unit.pk]
    errors = _check_assignment(
        agency=task.agency,
        lead_unit=lead_unit,
        supporting_units=supporting,
        supervisor=task.supervisor,
        deadline=deadline,
        ongoing=ongoing,
    )
    errors.update(
        _check_deadline_for_issue(
            deadline=deadline, ongoing=ongoing, issued_on=timezone.localdate(now)
        )
    )
    _raise_if(errors)
    _close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã được giao lại."))
    if len(supporting) != len(task.supporting_units.all()):
        _set_supporting_units(task, supporting)
    return _save(
        task,
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
    *, task: Task, user: User, assignee: User | None, expected_version: int | None = None
) -> Task:
    """The lead unit's head names (or changes, or clears) who carries the task.
    Side effects: assignee; one history row."""
    task = _begin(TaskAction.ASSIGN_STAFF, task=task, user=user, expected_version=expected_version)
    _raise_if(_check_assignee(task, assignee))
    if assignee == task.assignee:
        return task
    return _save(task, user=user, action=TaskAction.ASSIGN_STAFF, assignee=assignee)


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
) -> ProgressUpdate:
    """The lead unit's head or the assignee reports progress on a task in
    progress: percent 0–100, the indicator's current value, a note, evidence.

    Every file is checked before anything is written. Side effects: a
    ProgressUpdate, Evidence rows and files, the task's percent_complete and
    indicator_current; one history row.
    """
    task = _begin(
        TaskAction.REPORT_PROGRESS, task=task, user=user, expected_version=expected_version
    )
    _raise_if(_check_progress_values(percent_complete, indicator_value))
    checked = _check_files(files)
    return _record_progress(
        task,
        user=user,
        kind=ProgressKind.PROGRESS,
        percent_complete=percent_complete,
        indicator_value=indicator_value,
        note=(note or "").strip(),
        checked=checked,
        action=TaskAction.REPORT_PROGRESS,
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
) -> ProgressUpdate:
    """The lead unit's head reports the task done: in progress → submitted.

    Needs a note and at least one evidence file on the task: attached now, or
    with an earlier progress update (so staff can upload as they go and the
    head submits without uploading the same files again). Side effects: a
    submission ProgressUpdate at 100 %, Evidence rows and files, submitted_at
    (the moment lateness is judged by; a later resubmission replaces it); one
    history row.
    """
    task = _begin(TaskAction.SUBMIT, task=task, user=user, expected_version=expected_version)
    note = _required_text(note, "note", _("Nêu kết quả thực hiện khi báo cáo hoàn thành."))
    _raise_if(_check_progress_values(100, indicator_value))
    checked = _check_files(files)
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
        status=TaskStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def task_verify(*, task: Task, user: User, expected_version: int | None = None) -> Task:
    """Office staff or leadership confirm a submitted task: submitted → done.

    "Done late" is derived from submitted_at (the unit's final submission),
    not from the verification. Side effects: completed_at; a pending
    extension request closed as refused by `user` ("Nhiệm vụ đã hoàn
    thành"); one history row.
    """
    task = _begin(TaskAction.VERIFY, task=task, user=user, expected_version=expected_version)
    _close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã hoàn thành."))
    return _save(
        task,
        user=user,
        action=TaskAction.VERIFY,
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )


@transaction.atomic
def task_reopen(
    *, task: Task, user: User, reason: str, expected_version: int | None = None
) -> Task:
    """Office staff or leadership send a submitted task back: submitted → in
    progress, with a reason. Side effects: reopen_reason; submitted_at
    cleared, so only the next submission counts for lateness (the earlier
    one stays in the history and the progress updates); one history row."""
    task = _begin(TaskAction.REOPEN, task=task, user=user, expected_version=expected_version)
    reason = _required_text(reason, "reason", _("Nêu lý do yêu cầu làm lại."))
    return _save(
        task,
        user=user,
        action=TaskAction.REOPEN,
        status=TaskStatus.IN_PROGRESS,
        reopen_reason=reason,
        submitted_at=None,
    )


@transaction.atomic
def task_cancel(
    *, task: Task, user: User, reason: str, expected_version: int | None = None
) -> Task:
    """Office staff cancel an open task, with a reason. Side effects:
    cancel_reason, cancelled_at; a pending extension request closed as
    refused by `user` ("Nhiệm vụ đã hủy"); one history row."""
    task = _begin(TaskAction.CANCEL, task=task, user=user, expected_version=expected_version)
    reason = _required_text(reason, "reason", _("Nêu lý do hủy nhiệm vụ."))
    _close_pending_extensions(task, user=user, note=_("Nhiệm vụ đã hủy."))
    return _save(
        task,
        user=user,
        action=TaskAction.CANCEL,
        status=TaskStatus.CANCELLED,
        cancel_reason=reason,
        cancelled_at=timezone.now(),
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
    task = _begin(TaskAction.CARRY_OVER, task=task, user=user, expected_version=expected_version)
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
    _close_pending_extensions(
        task, user=user, note=_("Nhiệm vụ đã chuyển sang năm sau với hạn mới.")
    )
    changes = {"deadline": deadline, "ongoing": False, "carried_over_from": year}
    if task.status != TaskStatus.DRAFT:
        changes["original_deadline"] = task.original_deadline or task.deadline
    return _save(task, user=user, action=TaskAction.CARRY_OVER, **changes)


@transaction.atomic
def extension_request_create(
    *,
    task: Task,
    user: User,
    proposed_deadline: date,
    reason: str,
    expected_version: int | None = None,
) -> ExtensionRequest:
    """The lead unit's head asks for a later deadline, with a reason; one
    request waits at a time. The task itself is unchanged until leadership
    approves. Side effects: an ExtensionRequest row."""
    task = _begin(
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
    elif proposed_deadline < timezone.localdate():
        errors["proposed_deadline"] = _("Hạn đề nghị %(proposed)s đã qua.") % {
            "proposed": vn_date(proposed_deadline)
        }
    _raise_if(errors)
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
) -> ExtensionRequest:
    """Leadership approves or refuses a pending extension request.

    Approval moves the task's deadline to the proposed date and keeps the
    deadline it replaces in original_deadline when none was recorded; a
    refusal needs a note and leaves the task unchanged. Side effects: the
    request's status, decided_by/at, decision_note; on approval the task's
    deadline and one history row.
    """
    task = _begin(
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
        _save(
            task,
            user=user,
            action=TaskAction.DECIDE_EXTENSION,
            deadline=extension.proposed_deadline,
            original_deadline=task.original_deadline or task.deadline,
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save()
    return extension


@transaction.atomic
def comment_add(*, task: Task, user: User, text: str) -> Comment:
    """Anyone who can see the task comments on it, in any status.
    Side effects: a Comment row (the task and its version are untouched)."""
    if not permissions.can_act(TaskAction.COMMENT, user, task):
        raise PermissionDenied(_("Bạn không có quyền cho ý kiến về nhiệm vụ này."))
    text = _required_text(text, "text", _("Nhập nội dung ý kiến."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise TaskActionError(
            {"text": _("Ý kiến dài quá %(max)s ký tự.") % {"max": COMMENT_MAX_LENGTH}}
        )
    return Comment.objects.create(task=task, author=user, text=text)
