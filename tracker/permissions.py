"""Who may do what: the one place views, templates and services ask.

Roles come from the design: leadership and office staff work across their
agency, unit heads and staff within their own unit.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tracker.models import (
    AGENCY_KINDS,
    OPEN_STATUSES,
    Assessment,
    ExportFile,
    Report,
    ReportKind,
    Role,
    Task,
    TaskAction,
    TaskStatus,
    Unit,
    UnitKind,
    User,
)
from tracker.security import NotVisible


def is_leadership(user: User) -> bool:
    return user.is_authenticated and user.role == Role.LEADERSHIP


def is_office(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OFFICE


def is_unit_head(user: User) -> bool:
    return user.is_authenticated and user.role == Role.UNIT_HEAD


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STAFF


def is_signed_in(user: User) -> bool:
    return user.is_authenticated


def is_agency_office(user: User) -> bool:
    """Office staff with an agency: who creates tasks and imports results and conclusions."""
    return is_office(user) and user_agency(user) is not None


def works_across_agency(user: User) -> bool:
    """Leadership and office staff see everything of their agency."""
    return is_leadership(user) or is_office(user)


def works_within_unit(user: User) -> bool:
    """Unit heads and staff work on their own unit's tasks."""
    return is_unit_head(user) or is_staff_member(user)


def is_agency_leader(user: User, agency: Unit) -> bool:
    """A leader who works in `agency` and sees its tasks: who may supervise its work.

    A leader of an agency below it (a department's director under the
    province) belongs to the tree but sees none of the province's tasks, so
    naming them would hand them a task they get a 404 on.
    Whether the account is still active is the caller's concern: a choice list
    offers only active leaders (`agency_leaders`), a task keeps the supervisor
    it was given.
    """
    if not is_leadership(user) or user.unit_id is None or not user.unit.is_within(agency):
        return False
    own = user_agency(user)
    return own is not None and agency.is_within(own)


def agency_units_q(agency: Unit, field: str = "") -> Q:
    """The units whose agency is `agency` (its offices, and a district's
    communes), as a filter on the unit at `field` ("", "unit__"): its subtree
    without the agencies below it (the province's departments run their own)."""
    below = Unit.objects.filter(path__startswith=agency.path, kind__in=AGENCY_KINDS).exclude(
        pk=agency.pk
    )
    scope = Q(**{f"{field}path__startswith": agency.path})
    for path in below.values_list("path", flat=True):
        scope &= ~Q(**{f"{field}path__startswith": path})
    return scope


def agency_leaders(agency: Unit) -> QuerySet[User]:
    """`is_agency_leader` as a query, active accounts only: the leaders one may choose."""
    return User.objects.filter(
        agency_units_q(agency, "unit__"), role=Role.LEADERSHIP, is_active=True
    )


# --- Tasks: who sees a task and who may do what to it ---
#
# A task belongs to its lead unit's agency. Office staff and leadership see
# every task of their agency and of the agencies below it (the province
# follows its departments and districts, a district its communes), but act
# only on the tasks of the agencies they manage (`managed_agency`); of
# leadership, the leaders who oversee a task (`oversees_task`) decide on it.
# A unit head sees the tasks their unit leads or supports, once issued
# (drafts are the office's working copy), and acts only where their unit
# leads. Staff see the tasks they carry and nothing else of their unit: the
# design gives them "the tasks given to them", and a unit's other work is the
# head's to share.
# Each action has one rule (TASK_ACTIONS): who may attempt it (the role part,
# 403 when missing), the statuses it applies to (a refused transition
# otherwise) and, for a few, a condition on the task itself.


def user_agency(user: User) -> Unit | None:
    """The agency whose tasks the user works on, cached on the user for the request."""
    if not user.is_authenticated or user.unit_id is None:
        return None
    if not hasattr(user, "_agency_cache"):
        user._agency_cache = user.unit.agency
    return user._agency_cache


def managed_agency(user: User, agency: Unit) -> bool:
    """Whether the user's office and leadership run the work of `agency`: their
    own agency, and a commune under it (a district appraises its own offices
    and communes, which have no office of their own). An agency further below,
    such as a department under the province, runs its own work: the agency
    above follows it (`follows_task`) without acting in it."""
    own = user_agency(user)
    return own is not None and (
        agency.pk == own.pk or (agency.kind == UnitKind.COMMUNE and agency.parent_id == own.pk)
    )


def managed_agencies_q(user: User, field: str) -> Q:
    """`managed_agency` as a filter on the unit at `field` ("agency", "task__agency")."""
    own = user_agency(user)
    if own is None:
        return Q(pk__in=[])
    # A subquery of the units, not a condition on the joined unit: the task's
    # own indexes on its agency then serve.
    managed = Unit.objects.filter(Q(pk=own.pk) | Q(kind=UnitKind.COMMUNE, parent=own)).values("pk")
    return Q(**{f"{field}__in": managed})


def follows_task(user: User, task: Task) -> bool:
    """Office staff and leadership see the tasks of their agency and of every agency below it."""
    agency = user_agency(user)
    return works_across_agency(user) and agency is not None and task.agency.is_within(agency)


def is_task_office(user: User, task: Task) -> bool:
    return is_office(user) and managed_agency(user, task.agency)


def is_task_leadership(user: User, task: Task) -> bool:
    return is_leadership(user) and managed_agency(user, task.agency)


def supervised_units(user: User) -> list[Unit]:
    """The units a leader directly supervises, cached on the user for the request."""
    if not hasattr(user, "_supervised_units_cache"):
        user._supervised_units_cache = list(user.supervised_units.all())
    return user._supervised_units_cache


def oversees_task(user: User, task: Task) -> bool:
    """Leadership who decide on the task: its named supervisor, a deputy
    supervising its lead unit (or a unit above it), or a leader supervising no
    unit in particular (the director, who oversees everything). Every leader
    of the agency still sees every task."""
    if not is_task_leadership(user, task):
        return False
    if task.supervisor_id == user.pk:
        return True
    units = supervised_units(user)
    return not units or any(task.lead_unit.is_within(unit) for unit in units)


def overseen_tasks_q(user: User, prefix: str = "") -> Q:
    """`oversees_task` as a filter over tasks (`prefix` reaches them from a
    related model, e.g. "task__")."""
    if not is_leadership(user):
        return Q(pk__in=[])
    managed = managed_agencies_q(user, f"{prefix}agency")
    units = supervised_units(user)
    if not units:
        return managed
    scope = Q(**{f"{prefix}supervisor": user})
    for unit in units:
        scope |= Q(**{f"{prefix}lead_unit__path__startswith": unit.path})
    return managed & scope


def _issued(task: Task) -> bool:
    return task.status != TaskStatus.DRAFT


def is_lead_unit_head(user: User, task: Task) -> bool:
    return (
        is_unit_head(user)
        and user.unit_id is not None
        and task.lead_unit_id == user.unit_id
        and _issued(task)
    )


def is_supporting_unit_head(user: User, task: Task) -> bool:
    return (
        is_unit_head(user)
        and user.unit_id is not None
        and _issued(task)
        and any(unit.pk == user.unit_id for unit in task.supporting_units.all())
    )


def is_task_assignee(user: User, task: Task) -> bool:
    return user.is_authenticated and task.assignee_id == user.pk and _issued(task)


def can_view_task(user: User, task: Task) -> bool:
    """Who may open a task; `visible_tasks_q` is the same rule as a filter."""
    return (
        follows_task(user, task)
        or is_lead_unit_head(user, task)
        or is_task_assignee(user, task)
        or is_supporting_unit_head(user, task)
    )


def visible_tasks_q(user: User, prefix: str = "") -> Q:
    """`can_view_task` as a filter, branch by branch (`prefix` reaches the task
    from a related model, e.g. "task__"); a test holds the two together."""
    scope = Q(pk__in=[])
    if not user.is_authenticated:
        return scope
    agency = user_agency(user) if works_across_agency(user) else None
    if agency is not None:
        scope |= Q(**{f"{prefix}agency_id__in": _subtree_ids(user, agency)})
    issued = ~Q(**{f"{prefix}status": TaskStatus.DRAFT})
    mine = Q(**{f"{prefix}assignee": user})
    if is_unit_head(user) and user.unit_id is not None:
        mine = Q(**{f"{prefix}pk__in": _unit_head_task_ids(user)})
    return scope | (issued & mine)


def _subtree_ids(user: User, agency: Unit) -> list[int]:
    """The agency's units and those below it, as numbers (cached on the user
    for the request). As a list, "task of one of these agencies or carried by
    the user" is two index lookups; as a join on the unit's path, it read every
    task."""
    if getattr(user, "_subtree_cache", (None,))[0] != agency.pk:
        ids = list(Unit.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
        user._subtree_cache = (agency.pk, ids)
    return user._subtree_cache[1]


def _unit_head_task_ids(user: User) -> QuerySet:
    """The ids of the tasks a unit head's unit leads or supports, or the head
    carries, as one subquery: a union of three index lookups. Written as an
    OR across the task's columns and the supporting table it made the
    database read every task."""
    # Unordered: SQLite refuses ORDER BY inside a compound statement.
    led = Task.objects.filter(lead_unit_id=user.unit_id).order_by().values("pk")
    supported = (
        Task.supporting_units.through.objects.filter(unit_id=user.unit_id)
        .order_by()
        .values("task_id")
    )
    carried = Task.objects.filter(assignee=user).order_by().values("pk")
    return led.union(supported, carried)


def can_write_task(user: User, task: Task) -> bool:
    """May take some action beyond commenting (supporting units only read and comment)."""
    return (
        is_task_office(user, task)
        or is_task_leadership(user, task)
        or is_lead_unit_head(user, task)
        or is_task_assignee(user, task)
    )


def get_task_for_user(user: User, pk: int, *, write: bool = False) -> Task:
    """The task with its usual relations and, as every list of tasks has them,
    `overdue` and `done_late` as of today; 404 for who may not see it, 403 for
    a reader asking to change it."""
    # Imported here: the selectors build on this module.
    from tracker.selectors.tasks import with_lateness

    found = (
        with_lateness(Task.objects.all(), today=timezone.localdate())
        .select_related("agency", "lead_unit", "assignee", "supervisor", "directive")
        .prefetch_related("supporting_units")
        .filter(pk=pk)
    )
    # One row by its key: `first()` would sort it by the model's ordering,
    # which every task page and action paid for in SQL built and run.
    task = next(iter(found.order_by()[:1]), None)
    if task is None:
        raise Http404
    if not can_view_task(user, task):
        raise NotVisible(task)
    if write and not can_write_task(user, task):
        raise PermissionDenied
    return task


def can_view_deadline_board(user: User) -> bool:
    return works_across_agency(user) and user_agency(user) is not None


def can_create_task(user: User, agency: Unit | None = None) -> bool:
    """Office staff create tasks for an agency they manage, by hand or by
    generation, and keep that agency's criterion responsibility table."""
    return is_agency_office(user) and (agency is None or managed_agency(user, agency))


def tasks_admin_scope(user: User) -> Q:
    """The tasks a staff account looks up and repairs in the admin: those of the
    agencies its office runs (`managed_agency`); a superuser, every task."""
    if user.is_superuser:
        return Q()
    return managed_agencies_q(user, "agency")


def _lead_head_or_assignee(user: User, task: Task) -> bool:
    return is_lead_unit_head(user, task) or is_task_assignee(user, task)


def _office_or_overseeing_leader(user: User, task: Task) -> bool:
    return is_task_office(user, task) or oversees_task(user, task)


def _no_request_waiting(task: Task) -> bool:
    # An ongoing task has no deadline to extend.
    return task.deadline is not None and task.pending_extension is None


def _request_waiting(task: Task) -> bool:
    return task.pending_extension is not None


@dataclass(frozen=True)
class TaskRule:
    actor: Callable[[User, Task], bool]
    statuses: frozenset
    # A condition on the task itself beyond its status; the service refuses
    # its absence with a message of its own.
    extra: Callable[[Task], bool] | None = None


def _rule(
    actor: Callable[[User, Task], bool],
    statuses: Iterable[str],
    extra: Callable[[Task], bool] | None = None,
) -> TaskRule:
    return TaskRule(actor, frozenset(statuses), extra)


def _task_rules() -> dict[TaskAction, TaskRule]:
    draft, assigned, returned = TaskStatus.DRAFT, TaskStatus.ASSIGNED, TaskStatus.RETURNED
    in_progress, submitted = TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED
    return {
        TaskAction.UPDATE: _rule(is_task_office, {draft, assigned}),
        TaskAction.ISSUE: _rule(is_task_office, {draft}),
        TaskAction.ACCEPT: _rule(is_lead_unit_head, {assigned}),
        TaskAction.RETURN: _rule(is_lead_unit_head, {assigned}),
        TaskAction.REASSIGN: _rule(is_task_office, {returned}),
        TaskAction.ASSIGN_STAFF: _rule(is_lead_unit_head, {assigned, in_progress}),
        TaskAction.REPORT_PROGRESS: _rule(_lead_head_or_assignee, {in_progress}),
        TaskAction.SUBMIT: _rule(is_lead_unit_head, {in_progress}),
        TaskAction.VERIFY: _rule(_office_or_overseeing_leader, {submitted}),
        TaskAction.REOPEN: _rule(_office_or_overseeing_leader, {submitted}),
        TaskAction.CANCEL: _rule(is_task_office, OPEN_STATUSES),
        TaskAction.CARRY_OVER: _rule(is_task_office, OPEN_STATUSES),
        # One request waits at a time: a request is offered while none waits,
        # a decision while one does.
        TaskAction.REQUEST_EXTENSION: _rule(
            is_lead_unit_head, {assigned, in_progress}, _no_request_waiting
        ),
        # Only while the lead unit that asked still carries the task: a return
        # or a reassignment closes its request.
        TaskAction.DECIDE_EXTENSION: _rule(
            oversees_task, {assigned, in_progress}, _request_waiting
        ),
        TaskAction.COMMENT: _rule(can_view_task, TaskStatus.values),
    }


TASK_ACTIONS = _task_rules()


def may_act(action: str, user: User, task: Task) -> bool:
    """The role part of a rule: is this user someone who does `action` on this task?"""
    return TASK_ACTIONS[action].actor(user, task)


def can_act(action: str, user: User, task: Task) -> bool:
    """The whole rule: the right person, the task in a status the action applies
    to, and the rule's own condition on the task, if any."""
    rule = TASK_ACTIONS[action]
    return (
        task.status in rule.statuses
        and rule.actor(user, task)
        and (rule.extra is None or rule.extra(task))
    )


def require_may_act(action: str, user: User, task: Task) -> None:
    """403 unless the user is someone who does `action` on this task."""
    if not may_act(action, user, task):
        raise PermissionDenied


def allowed_task_actions(user: User, task: Task) -> frozenset[str]:
    """The actions the page offers this user now (templates test membership)."""
    return frozenset(action for action in TASK_ACTIONS if can_act(action, user, task))


# --- Assessments (kết quả chấm điểm): results, criteria sets, targets ---
#
# Everyone signed in inside an agency reads the agency's own results; a unit
# appraised on its own (a commune) reads its own; leadership and office staff
# also read the units their agency appraises (a district's communes). Peer
# rankings are open to every signed-in user. Only office staff record results
# and edit them; a unit's head may also register its own targets.
#
# Criteria sets are set by who appraises: the province for departments and
# districts (and itself), a district for its communes. So office staff of the
# province copy and edit every set, office staff of a district the commune
# sets only, and a department's office none. Where no province sits above the
# agency (an installation for one department or one district alone), its
# office is at the top of the tree and stands in for the province.

ASSESSED_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE}
)


def result_units_visible_to(user: User) -> QuerySet[Unit]:
    agency = user_agency(user)
    if agency is None:
        return Unit.objects.none()
    scope = Q(pk=agency.pk) | Q(pk=user.unit_id)
    if works_across_agency(user):
        scope |= Q(path__startswith=agency.path)
    return Unit.objects.filter(scope)


def can_view_unit_results(user: User, unit: Unit) -> bool:
    agency = user_agency(user)
    if agency is None:
        return False
    if unit.pk in (agency.pk, user.unit_id):
        return True
    return works_across_agency(user) and unit.is_within(agency)


def can_view_assessment(user: User, assessment: Assessment) -> bool:
    return can_view_unit_results(user, assessment.unit)


def can_edit_unit_results(user: User, unit: Unit) -> bool:
    agency = user_agency(user)
    return (
        is_office(user)
        and agency is not None
        and unit.kind in ASSESSED_KINDS
        and unit.is_within(agency)
    )


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    return can_edit_unit_results(user, assessment.unit)


def can_import_results(user: User) -> bool:
    return is_agency_office(user)


def units_for_results_import(user: User) -> QuerySet[Unit]:
    """The units whose results this user may record: their agency and those it appraises."""
    if not can_import_results(user):
        return Unit.objects.none()
    return Unit.objects.filter(
        path__startswith=user_agency(user).path, kind__in=ASSESSED_KINDS, is_active=True
    )


def criteria_set_audiences(user: User) -> frozenset[str]:
    """The kinds of unit whose criteria sets the user copies and edits (the rule above)."""
    agency = user_agency(user) if is_office(user) else None
    if agency is None:
        return frozenset()
    if agency.kind == UnitKind.PROVINCE or agency.parent_id is None:
        return frozenset(ASSESSED_KINDS)
    if agency.kind == UnitKind.DISTRICT:
        return frozenset({UnitKind.COMMUNE})
    return frozenset()


def can_manage_criteria_set(user: User, criteria_set) -> bool:
    return criteria_set.audience in criteria_set_audiences(user)


def criteria_set_admin_audiences(user: User) -> frozenset[str]:
    """`criteria_set_audiences` in the admin, where a superuser administers the
    whole system: the sets of every audience."""
    if user.is_superuser:
        return frozenset(UnitKind.values)
    return criteria_set_audiences(user)


def can_administer_criteria_set(user: User, criteria_set) -> bool:
    return criteria_set.audience in criteria_set_admin_audiences(user)


def can_edit_targets(user: User, unit: Unit) -> bool:
    return can_edit_unit_results(user, unit) or (is_unit_head(user) and user.unit_id == unit.pk)


def get_assessment_for_user(user: User, pk, *, write: bool = False) -> Assessment:
    """404 for who may not see the assessment, 403 for a reader asking to change it."""
    assessment = (
        Assessment.objects.select_related("unit", "criteria_set__index").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    if not can_view_assessment(user, assessment):
        raise NotVisible(assessment)
    if write and not can_edit_assessment(user, assessment):
        raise PermissionDenied
    return assessment


def get_results_unit_for_user(user: User, code: str) -> Unit:
    """The unit whose results (years, targets) the page shows; 404 when not visible."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404
    if not can_view_unit_results(user, unit):
        raise NotVisible(unit)
    return unit


# --- Administration (the Django admin) ---
#
# The superuser is a technical account that administers the whole system. An
# agency administrator is a staff account (is_staff) of an agency: in the
# admin it manages its agency's own units and the accounts in them, and looks
# up and repairs its agency's tasks, results and notices; never another
# agency's, never a superuser or another administrator, and it grants no
# admin rights.


def is_agency_admin(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not user.is_superuser
        and user_agency(user) is not None
    )


def admin_units_q(user: User, field: str = "") -> Q:
    """The units an admin account manages, as a filter on the unit at `field`."""
    if user.is_superuser:
        return Q()
    agency = user_agency(user)
    if agency is None:
        return Q(pk__in=[])
    return agency_units_q(agency, field)


def admin_accounts_q(user: User) -> Q:
    """The accounts an admin account manages: those of its units, itself aside
    from other administrators and superusers."""
    if user.is_superuser:
        return Q()
    return (
        admin_units_q(user, "unit__") & Q(is_superuser=False) & (Q(is_staff=False) | Q(pk=user.pk))
    )


def can_change_admin_unit(user: User, unit: Unit) -> bool:
    """An agency administrator edits its units, not the agency itself."""
    return user.is_superuser or unit.pk != getattr(user_agency(user), "pk", None)


def results_admin_q(user: User, field: str = "unit") -> Q:
    """Results and targets in the admin: those of the units whose results the
    user may record (`can_edit_unit_results`)."""
    if user.is_superuser:
        return Q()
    agency = user_agency(user)
    if agency is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": agency.path})


def conclusions_admin_q(user: User, field: str = "issuing_unit") -> Q:
    """Notices in the admin: those of the user's own agency (`can_edit_conclusion`)."""
    if user.is_superuser:
        return Q()
    agency = user_agency(user)
    if agency is None:
        return Q(pk__in=[])
    return Q(**{field: agency})


# --- Reports (báo cáo, công văn đôn đốc) ---
#
# Office staff and leadership make and read the documents of their agency and
# of every unit and agency below it (a district's communes, the province's
# departments). A unit head makes and reads their own unit's report and
# nothing else. Anyone else gets a 404, as if the report did not exist.


def can_use_reports(user: User) -> bool:
    return (works_across_agency(user) and user_agency(user) is not None) or is_unit_head(user)


def can_make_report(user: User, unit: Unit, kind: str) -> bool:
    agency = user_agency(user)
    if agency is None:
        return False
    if works_across_agency(user):
        return unit.is_within(agency)
    return is_unit_head(user) and kind == ReportKind.UNIT and unit.pk == user.unit_id


def report_units_for(user: User) -> QuerySet[Unit]:
    """The units whose documents the user may make: the page's choices."""
    agency = user_agency(user)
    if agency is None:
        return Unit.objects.none()
    if works_across_agency(user):
        return Unit.objects.filter(path__startswith=agency.path, is_active=True)
    if is_unit_head(user):
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def reports_visible_to(user: User) -> Q:
    """`can_make_report` over kept reports, as a filter."""
    agency = user_agency(user)
    if agency is None:
        return Q(pk__in=[])
    if works_across_agency(user):
        return Q(unit__path__startswith=agency.path)
    if is_unit_head(user):
        return Q(unit_id=user.unit_id, kind=ReportKind.UNIT)
    return Q(pk__in=[])


def get_report_for_user(user: User, pk) -> Report:
    """The kept report; 404 for whoever may not see it."""
    report = Report.objects.select_related("unit", "created_by", "previous").filter(pk=pk).first()
    if report is None or not can_make_report(user, report.unit, report.kind):
        raise Http404
    return report


def get_export_for_user(user: User, pk) -> ExportFile:
    """An export's file is its owner's alone (the rows are those the owner
    sees); 404 for anyone else."""
    export = ExportFile.objects.filter(pk=pk, owner_id=user.pk).first()
    if export is None:
        raise Http404
    return export
