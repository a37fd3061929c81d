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

Actions that change the task's fields bump `Task.version`. Every action takes
the moment it happens as `now` (the current time when not given), so a
replay of past work, a scheduled job and a test all pass the clock in.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.lib.formats import vn_date
from tracker.models import (
    Assessment,
    Comment,
    Criterion,
    Priority,
    Task,
    TaskAction,
    TaskCriterion,
    TaskSource,
    TaskStatus,
    Unit,
    User,
)
from tracker.models.tasks import DEADLINE_LOCKED_MESSAGE, TASK_EDITABLE_FIELDS

if TYPE_CHECKING:
    from conclusions.models import Directive

from tracker.services.extensions import close_pending_extensions
from tracker.services.task_checks import (
    check_assignment,
    check_deadline_for_issue,
    check_fields,
)
from tracker.services.task_records import (
    TaskActionError,
    begin_action,
    raise_if,
    record_links_in_history,
    required_text,
    save_task,
    save_with_history,
    set_supporting_units,
)

UPDATABLE_FIELDS = frozenset(TASK_EDITABLE_FIELDS)
COMMENT_MAX_LENGTH = 5000


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
    if not points:
        return
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
    directive: "Directive | None" = None,
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
    now: datetime | None = None,
) -> Task:
    """Office staff of the lead unit's agency create a task, as a draft or
    issued at once (`issue=True`).

    The task belongs to its lead unit's agency (`Unit.agency`); `agency`, when
    given (generation names the agency it works for), must be that agency.
    `criteria` are criteria or (criterion, points lost) pairs, lost in
    `remedied_assessment` when given (see `_link_criteria`). Side effects:
    Task and TaskCriterion rows; one history row, supporting units included.
    """
    now = now or timezone.now()
    if agency is None:
        # Without a lead unit nothing is created; the user's agency only lets
        # the refusal list every missing field at once.
        agency = lead_unit.agency if lead_unit is not None else permissions.user_agency(user)
    if agency is None or not permissions.can_create_task(user, agency):
        raise PermissionDenied(_("Chỉ văn phòng của cơ quan được tạo nhiệm vụ."))
    supporting_units = list(supporting_units)
    raise_if(
        check_assignment(
            agency=agency,
            lead_unit=lead_unit,
            supporting_units=supporting_units,
            supervisor=supervisor,
            deadline=deadline,
            ongoing=ongoing,
        )
        | check_fields(title=title, priority=priority)
        | (
            check_deadline_for_issue(
                deadline=deadline, ongoing=ongoing, issued_on=timezone.localdate(now)
            )
            if issue
            else {}
        )
    )
    task = Task(
        created_at=now,
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
    save_with_history(
        task, user=user, action=TaskAction.ISSUE if issue else TaskAction.CREATE, now=now
    )
    if supporting_units:
        set_supporting_units(task, supporting_units)
    _link_criteria(task, _criteria_points(criteria), remedied_assessment)
    record_links_in_history(task)
    return task


def _check_update(task: Task, changes: dict[str, Any]) -> dict[str, str]:
    """The task as `changes` would leave it, checked like a new one; the
    deadline only while it is still editable."""
    merged = {
        "lead_unit": changes.get("lead_unit", task.lead_unit),
        "supporting_units": list(changes.get("supporting_units", task.supporting_units.all())),
        "supervisor": changes.get("supervisor", task.supervisor),
        "deadline": changes.get("deadline", task.deadline),
        "ongoing": changes.get("ongoing", task.ongoing),
    }
    errors = check_assignment(agency=task.agency, **merged) | check_fields(
        title=changes.get("title", task.title), priority=changes.get("priority", task.priority)
    )
    if not task.deadline_editable:
        for name in ("deadline", "ongoing"):
            if name in changes and changes[name] != getattr(task, name):
                errors[name] = DEADLINE_LOCKED_MESSAGE
    return errors


def _relink_criteria(
    task: Task, criteria: Iterable[Criterion | tuple[Criterion, Decimal | None]]
) -> bool:
    """Link the task to exactly `criteria`, keeping the points lost recorded for
    those that stay; whether anything changed."""
    wanted = _criteria_points(criteria)
    current = {link.criterion_id for link in task.task_criteria.all()}
    removed = current - {criterion.pk for criterion in wanted}
    added = {c: lost for c, lost in wanted.items() if c.pk not in current}
    TaskCriterion.objects.filter(task=task, criterion_id__in=removed).delete()
    _link_criteria(task, added, None)
    return bool(removed or added)


@transaction.atomic
def task_update(
    *,
    task: Task,
    user: User,
    expected_version: int | None = None,
    now: datetime | None = None,
    **changes: Any,
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
    now = now or timezone.now()
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"task_update() cannot change {sorted(unknown)}")
    task = begin_action(TaskAction.UPDATE, task=task, user=user, expected_version=expected_version)
    raise_if(_check_update(task, changes))
    criteria_changed = "criteria" in changes and _relink_criteria(task, changes.pop("criteria"))
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
        close_pending_extensions(
            task, user=user, note=_("Nhiệm vụ đã chuyển đơn vị chủ trì."), now=now
        )
    if supporting_changed:
        set_supporting_units(task, supporting)
    return save_task(task, now=now, user=user, action=TaskAction.UPDATE, **fields)


@transaction.atomic
def comment_add(*, task: Task, user: User, text: str, now: datetime | None = None) -> Comment:
    """Anyone who can see the task comments on it, in any status.
    Side effects: a Comment row (the task and its version are untouched)."""
    now = now or timezone.now()
    if not permissions.can_act(TaskAction.COMMENT, user, task):
        raise PermissionDenied(_("Bạn không có quyền cho ý kiến về nhiệm vụ này."))
    text = required_text(text, "text", _("Nhập nội dung ý kiến."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise TaskActionError(
            {"text": _("Ý kiến dài quá %(max)s ký tự.") % {"max": COMMENT_MAX_LENGTH}}
        )
    return Comment.objects.create(task=task, author=user, text=text, created_at=now)


@transaction.atomic
def tasks_set_deadline(
    *, tasks: list[Task], deadline: date, user: User, now: datetime | None = None
) -> list[Task]:
    """Office staff give several drafts one new deadline at once (drafts
    generated from an older notice, whose deadlines have passed, cannot be
    issued until they get one).

    All or nothing: a deadline before today refuses the batch, and so does
    any task `task_update` refuses (not a draft any more, not the user's
    agency), its title named. Each task goes through `task_update`: locked,
    checked, an ongoing draft becomes a dated one. Side effects: one history
    row per changed task, recorded as `user`.
    """
    today = timezone.localdate(now or timezone.now())
    if deadline < today:
        raise TaskActionError(
            {"deadline": _("Hạn mới %(deadline)s đã qua.") % {"deadline": vn_date(deadline)}}
        )
    updated = []
    for task in tasks:
        try:
            updated.append(task_update(task=task, user=user, deadline=deadline, ongoing=False))
        except TaskActionError as error:
            raise TaskActionError(
                _("“%(title)s”: %(reason)s") % {"title": task, "reason": " ".join(error.messages)}
            ) from error
    return updated
