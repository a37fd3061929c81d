"""Reads of tasks shared by pages, exports, reports and dashboards.

Who sees what is decided in `tracker.permissions`; `tasks_visible_to` is the
same rule as a query. Overdue and done-late are annotated in SQL with the
day passed in, so a list, its export and a report agree with
`Task.is_overdue(today)` and `Task.is_done_late`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.lib.formats import vn_date
from tracker.models import (
    OPEN_STATUSES,
    Comment,
    CriteriaSet,
    Criterion,
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    ProgressUpdate,
    Task,
    TaskAction,
    TaskCriterion,
    TaskStatus,
    Unit,
    UnitKind,
    User,
)
from tracker.models.org import AGENCY_KINDS

LIST_RELATIONS = ("agency", "lead_unit", "assignee")


LATE_PAST_DEADLINE = (TaskStatus.ASSIGNED, TaskStatus.RETURNED, TaskStatus.IN_PROGRESS)
OVERDUE_CAPABLE = (*LATE_PAST_DEADLINE, TaskStatus.SUBMITTED)


def overdue_arms(*, today: date) -> tuple[Q, Q]:
    """`overdue_q` as two conditions that never hold together, each one range of
    the status and deadline index (which carries what they read): counts over
    many late tasks add the two, where an OR made the database visit every row."""
    return (
        Q(deadline__lt=today, status__in=LATE_PAST_DEADLINE),
        Q(deadline__lt=today, status=TaskStatus.SUBMITTED)
        & (Q(submitted_at__isnull=True) | Q(submitted_at__date__gt=F("deadline"))),
    )


def overdue_q(*, today: date) -> Q:
    """The condition of `Task.is_overdue(today)` in SQL (see `with_lateness`)."""
    late_now, submitted_late = overdue_arms(today=today)
    # The statuses once more, as one list: then the condition matches the
    # open-tasks-by-deadline index (`task_open_deadline`), and "the most
    # overdue twenty" reads twenty rows instead of sorting every late task.
    return Q(status__in=OVERDUE_CAPABLE) & (late_now | submitted_late)


def done_late_q() -> Q:
    """The condition of `Task.is_done_late` in SQL (see `with_lateness`)."""
    finished_late = Q(submitted_at__date__gt=F("deadline")) | Q(
        submitted_at__isnull=True, completed_at__date__gt=F("deadline")
    )
    return Q(status=TaskStatus.DONE) & finished_late


def with_lateness(queryset: QuerySet[Task], *, today: date) -> QuerySet[Task]:
    """Annotate `overdue` and `done_late`, the SQL twins of the model's properties.

    `__date` takes the local day in the current time zone (Asia/Ho_Chi_Minh),
    as `timezone.localdate` does in the model, on SQLite and PostgreSQL alike.
    Written without negation so that a missing submitted_at cannot turn a
    condition into NULL. Aggregates filter on `overdue_q` and `done_late_q`
    themselves: PostgreSQL cannot refer to an annotation inside FILTER.
    """
    return queryset.annotate(
        overdue=Case(
            When(overdue_q(today=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        done_late=Case(
            When(done_late_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Every task the user may open (`permissions.visible_tasks_q`)."""
    return Task.objects.filter(permissions.visible_tasks_q(user))


def task_list(user: User, *, today: date) -> QuerySet[Task]:
    """The visible tasks ready for a table: relations joined, lateness annotated."""
    return with_lateness(tasks_visible_to(user), today=today).select_related(*LIST_RELATIONS)


def tasks_awaiting_acceptance(*, unit: Unit, today: date | None = None) -> QuerySet[Task]:
    """Tasks issued to `unit` that its head has not accepted or returned yet."""
    queryset = Task.objects.filter(lead_unit=unit, status=TaskStatus.ASSIGNED)
    return (
        with_lateness(queryset, today=today or timezone.localdate())
        .select_related(*LIST_RELATIONS)
        .order_by("issued_at", "pk")
    )


def agency_tasks(*, agency: Unit, today: date) -> QuerySet[Task]:
    """Every task of an agency and of the agencies below it, ready for a table
    (the deadline board, which `TaskFilter` narrows)."""
    return with_lateness(
        Task.objects.filter(agency__path__startswith=agency.path), today=today
    ).select_related(*LIST_RELATIONS)


def filter_tasks(
    queryset: QuerySet[Task],
    *,
    lead_unit: Unit | None = None,
    statuses: list[str] | None = None,
    area: str | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
    overdue: bool | None = None,
    year: int | None = None,
) -> QuerySet[Task]:
    """Narrow an annotated task queryset. `area` is "<index code>:<audience>:<area
    code>" (as `criterion_areas` gives): tasks linked to a criterion of that
    level-1 area (the area itself or below) in the criteria sets of that index
    for that audience."""
    if lead_unit is not None:
        queryset = queryset.filter(lead_unit=lead_unit)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if area:
        index_code, audience, area_code = area.split(":", 2)
        in_area = TaskCriterion.objects.filter(
            Q(criterion__code=area_code) | Q(criterion__code__startswith=f"{area_code}."),
            task_id=OuterRef("pk"),
            criterion__criteria_set__index__code=index_code,
            criterion__criteria_set__audience=audience,
        )
        queryset = queryset.filter(Exists(in_area))
    if deadline_from is not None:
        queryset = queryset.filter(deadline__gte=deadline_from)
    if deadline_to is not None:
        queryset = queryset.filter(deadline__lte=deadline_to)
    if overdue is not None:
        queryset = queryset.filter(overdue=overdue)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def _audiences(agency: Unit) -> QuerySet[Unit]:
    """The kinds of assessed unit among the agency and the units it follows (a
    district's communes), as a subquery: the criteria-set audiences its tasks
    remediate. Departments, districts and communes of the same year are
    scored on different sets that share codes."""
    return Unit.objects.filter(
        path__startswith=agency.path, kind__in=permissions.ASSESSED_KINDS
    ).values("kind")


def criterion_choices(*, agency: Unit, keep: Iterable[int] = ()) -> QuerySet[Criterion]:
    """Criteria a task of the agency may link to: those of the criteria sets
    for its audiences (by index, newest year first, in tree order), plus the
    criteria in `keep` (what a task already links to stays choosable)."""
    return (
        Criterion.objects.filter(Q(criteria_set__audience__in=_audiences(agency)) | Q(pk__in=keep))
        .select_related("criteria_set__index")
        .order_by(
            "criteria_set__index__code",
            "-criteria_set__year",
            "criteria_set__audience",
            "sort_key",
        )
    )


def criterion_areas(*, agency: Unit) -> list[tuple[str, str]]:
    """Level-1 criteria of the agency's audiences as (value, label) choices, one
    per index, audience and area code ("PAR:department:3"), named as in the
    latest year."""
    rows = (
        Criterion.objects.filter(level=1, criteria_set__audience__in=_audiences(agency))
        .order_by(
            "criteria_set__index__code",
            "criteria_set__audience",
            "sort_key",
            "-criteria_set__year",
        )
        .values_list("criteria_set__index__code", "criteria_set__audience", "code", "name")
    )
    audiences = dict(UnitKind.choices)
    choices = {}
    # Plain values, not model instances: every page of the board asks this.
    for index_code, audience, code, name in rows:
        choices.setdefault(
            f"{index_code}:{audience}:{code}",
            f"{index_code} ({audiences[audience]}) · {code}. {name}",
        )
    return list(choices.items())


def task_years(*, agency: Unit) -> list[int]:
    """The result years the board offers, newest first: from next year back to
    the oldest criteria set of the agency's audiences (ten years back without
    any). One aggregate over the criteria sets, a few dozen rows, rather than
    `SELECT DISTINCT year` over every task on every page."""
    this_year = timezone.localdate().year
    oldest = CriteriaSet.objects.filter(audience__in=_audiences(agency)).aggregate(
        oldest=Min("year")
    )["oldest"]
    return list(range(this_year + 1, min(oldest or this_year, this_year - 10) - 1, -1))


def units_below(*, agency: Unit) -> QuerySet[Unit]:
    """Every active unit below the agency: those a task of it may name as supporting."""
    return agency.subtree().exclude(pk=agency.pk).filter(is_active=True)


def lead_unit_choices(*, agency: Unit) -> QuerySet[Unit]:
    """Units that may lead a task of the agency: those below it whose agency it
    is (`Unit.agency`), i.e. its offices and a district's communes. A task
    belongs to its lead unit's agency, so the rooms of a department under the
    province lead the department's tasks, not the province's."""
    # An agency below this one whose path starts the unit's path.
    inside_another_agency = (
        Unit.objects.filter(kind__in=AGENCY_KINDS, path__startswith=agency.path)
        .exclude(pk=agency.pk)
        .filter(path=Substr(OuterRef("path"), 1, Length("path")))
    )
    return units_below(agency=agency).exclude(Exists(inside_another_agency))


def assignable_users(task: Task) -> QuerySet[User]:
    """Who may carry the task: the active members of its lead unit."""
    return User.objects.filter(unit_id=task.lead_unit_id, is_active=True)


def task_detail(*, task: Task) -> dict:
    """What the task page shows beside the task's own fields.

    The extension requests are read here, once: the one waiting for a
    decision among them becomes `task.pending_extension`, which the
    permission rules ask next (ask them after this, not before, or they read
    it with a query of their own)."""
    extension_requests = list(
        ExtensionRequest.objects.filter(task=task).select_related("requested_by", "decided_by")
    )
    if "pending_extension" not in task.__dict__:
        # The first pending one in the model's order, as the property picks it.
        task.pending_extension = next(
            (e for e in extension_requests if e.status == ExtensionStatus.PENDING), None
        )
    return {
        "criteria": TaskCriterion.objects.filter(task=task)
        .select_related("criterion__criteria_set__index")
        .order_by("criterion__sort_key"),
        "progress_updates": ProgressUpdate.objects.filter(task=task)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))),
        "comments": Comment.objects.filter(task=task).select_related("author"),
        "extension_requests": extension_requests,
        "pending_extension": task.pending_extension,
    }


def extension_requests_pending(
    *, agency: Unit, leader: User | None = None
) -> QuerySet[ExtensionRequest]:
    """Requests leadership still has to decide, on tasks of the agency in a
    status where a decision applies; with `leader`, only those on tasks that
    leader oversees (permissions.oversees_task)."""
    queryset = ExtensionRequest.objects.filter(
        status=ExtensionStatus.PENDING,
        task__agency__path__startswith=agency.path,
        task__status__in=permissions.TASK_ACTIONS[TaskAction.DECIDE_EXTENSION].statuses,
    )
    if leader is not None:
        queryset = queryset.filter(permissions.overseen_tasks_q(leader, prefix="task__"))
    return queryset.select_related("task__lead_unit", "requested_by").order_by("created_at", "pk")


# --- History ---

# Not shown: bookkeeping with no meaning to a reader.
HISTORY_HIDDEN = {"source_key", "created_at", "created_by"}
# What a creation row shows: the terms the task was made with.
HISTORY_ON_CREATE = ("title", "status", "lead_unit", "deadline", "ongoing", "priority")
# Many-to-many fields kept on each history row, with the column naming the linked row.
HISTORY_LINKS = {"supporting_units": "unit_id", "criteria": "criterion_id"}
# Foreign keys whose changes read as a name, and the model the name comes from.
FK_MODELS = {"agency": Unit, "lead_unit": Unit, "supervisor": User, "assignee": User}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: User | None
    created: bool
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    # As the page writes them: the moment (SHORT_DATETIME_FORMAT, local
    # time) and who, "(hệ thống)" for a change no one signed.
    when_shown: str = ""
    user_name: str = ""


# Django date format characters that strftime writes alike (zero-padded).
STRFTIME_CODES = {"d": "%d", "m": "%m", "Y": "%Y", "H": "%H", "i": "%M", "s": "%S"}


def _moment_format() -> Callable[[datetime], str]:
    """A function writing a moment as the |date filter does with
    SHORT_DATETIME_FORMAT in the current language and time zone. Through
    strftime when the format is made of the codes it shares with Django's
    (dd/mm/yyyy and hh:mm are): Django's formatter costs some 30 µs a call,
    a page of history calls it for every row."""
    pattern = formats.get_format("SHORT_DATETIME_FORMAT")
    if "\\" in pattern or any(c.isalpha() and c not in STRFTIME_CODES for c in pattern):
        return lambda value: formats.date_format(timezone.localtime(value), pattern)
    codes = "".join(STRFTIME_CODES.get(c, "%%" if c == "%" else c) for c in pattern)
    return lambda value: timezone.localtime(value).strftime(codes)


@cache
def _history_models() -> tuple[type, dict[str, type]]:
    """simple_history's model of the task's rows, and of the link rows kept with
    each for every many-to-many field. Looked up once: each `Task.history` builds
    a manager class afresh."""
    history = Task.history.model
    return history, {name: getattr(history, name).model for name in HISTORY_LINKS}


@cache
def _history_fields() -> tuple[tuple[str, str], ...]:
    """(name, column) of the task fields a history row is compared on: those
    simple_history keeps and a form may edit, as its `diff_against` compares,
    less the links (compared apart) and the bookkeeping. The task's own id is
    the same on every row of it."""
    history, _links = _history_models()
    return tuple(
        (f.name, f.attname)
        for f in history.tracked_fields
        if f.editable
        and not f.primary_key
        and f.name not in HISTORY_LINKS
        and f.name not in HISTORY_HIDDEN
    )


@cache
def _field_positions() -> dict[str, int]:
    """Where each field comes on the task: the order a row's changes are listed in."""
    return {f.name: position for position, f in enumerate(Task._meta.get_fields())}


def task_history(*, task: Task) -> list[HistoryEntry]:
    """Every saved change to the task, newest first: who, when, the action and
    each field's old → new value, readable (labels, names, dd/mm/yyyy).

    Each history row is compared with the one before it on the compared
    fields' plain values (`_history_fields`, one query for every row) rather
    than through simple_history's `diff_against`, which copies every field of
    both rows into dicts once per row. The many-to-many links (supporting
    units, criteria) come from one query over the historical link rows, and
    the names the changes refer to, with the people who made them, from one
    query per kind of thing named: the count of queries does not grow with
    the history.
    """
    history, _links = _history_models()
    columns = dict(_history_fields())
    rows = list(
        history.objects.filter(id=task.pk)
        .order_by("history_date", "pk")
        .values(
            "history_id",
            "history_date",
            "history_type",
            "history_change_reason",
            "history_user_id",
            *columns.values(),
        )
    )
    links = _historical_links(task)
    raw: list[tuple[dict, list[tuple]]] = []
    for previous, row in zip([None, *rows], rows, strict=False):
        if previous is None:
            values = [(name, None, row[columns[name]]) for name in HISTORY_ON_CREATE]
            values += [(name, [], links[name].get(row["history_id"], [])) for name in HISTORY_LINKS]
        else:
            values = [
                (name, previous[column], row[column])
                for name, column in columns.items()
                if previous[column] != row[column]
            ]
            for name, by_row in links.items():
                old = by_row.get(previous["history_id"], [])
                new = by_row.get(row["history_id"], [])
                if sorted(old) != sorted(new):
                    values.append((name, old, new))
        raw.append((row, values))
    names, people = _related_names(raw, people={row["history_user_id"] for row in rows})
    moment = _moment_format()
    unsigned = _("(hệ thống)")
    labels: dict[str, str] = {}
    positions = _field_positions()
    # Each value is written once: a row's new value is the next one's old.
    shown: dict[tuple, str] = {}

    def show(name: str, value) -> str:
        key = (name, tuple(value) if isinstance(value, list) else value)
        if key not in shown:
            shown[key] = _display(name, value, names, moment)
        return shown[key]

    # The change reason names the action (a TaskAction code); rows saved
    # without one read as a creation or a plain update. Translated once.
    actions = {action: str(label) for action, label in TaskAction.choices}
    entries = []
    for row, values in raw:
        created = row["history_type"] == "+"
        action = actions.get(row["history_change_reason"]) or (
            actions[TaskAction.CREATE] if created else _("Cập nhật")
        )
        changes = [
            FieldChange(
                field=name,
                label=labels.get(name) or labels.setdefault(name, _field_label(name)),
                old=show(name, old),
                new=show(name, new),
            )
            for name, old, new in sorted(values, key=lambda value: positions[value[0]])
            if not (created and new in (None, "", [], False))
        ]
        user = people.get(row["history_user_id"])
        entries.append(
            HistoryEntry(
                when=row["history_date"],
                user=user,
                created=created,
                action=action,
                changes=changes,
                when_shown=moment(row["history_date"]),
                user_name=(names[(User, user.pk)] if user else "") or unsigned,
            )
        )
    entries.reverse()
    return entries


def _historical_links(task: Task) -> dict[str, dict[int, list[int]]]:
    """The ids linked through each many-to-many field (`HISTORY_LINKS`) on each
    history row of the task, by field: one query, a union over their link rows
    (reached through the history rows: a list of their ids costs more to send)."""
    _history, snapshots = _history_models()
    # Unordered: SQLite refuses ORDER BY inside a compound statement.
    parts = [
        snapshots[name]
        .objects.filter(history__id=task.pk)
        .order_by()
        .annotate(link=Value(name))
        .values_list("history_id", column, "link")
        for name, column in HISTORY_LINKS.items()
    ]
    linked: dict[str, dict[int, list[int]]] = {name: {} for name in HISTORY_LINKS}
    for history_id, target_id, name in parts[0].union(*parts[1:], all=True):
        linked[name].setdefault(history_id, []).append(target_id)
    return linked


def _related_names(raw, *, people: set[int | None]) -> tuple[dict, dict[int, User]]:
    """Names of the units, people, directive and criteria the changes refer
    to, and the people in `people` (who made the changes), one query per kind."""
    wanted: dict[type, set[int]] = {Unit: set(), User: set(people) - {None}}
    directive_ids = set()
    criterion_ids = set()
    for _row, values in raw:
        for name, old, new in values:
            for value in (old, new):
                if name == "supporting_units":
                    wanted[Unit].update(value or [])
                elif name == "criteria":
                    criterion_ids.update(value or [])
                elif name in FK_MODELS and value is not None:
                    wanted[FK_MODELS[name]].add(value)
                elif name == "directive" and value is not None:
                    directive_ids.add(value)
    names = {}
    users = User.objects.in_bulk(wanted[User]) if wanted[User] else {}
    for user in users.values():
        names[(User, user.pk)] = user.get_full_name()
    if wanted[Unit]:
        for pk, name in (
            Unit.objects.filter(pk__in=wanted[Unit]).order_by().values_list("pk", "name")
        ):
            names[(Unit, pk)] = name
    if directive_ids:
        directive_model = Task._meta.get_field("directive").related_model
        for directive in directive_model.objects.filter(pk__in=directive_ids):
            names[("directive", directive.pk)] = str(directive)
    if criterion_ids:
        criteria = Criterion.objects.filter(pk__in=criterion_ids).values_list("pk", "code", "name")
        for pk, code, name in criteria:
            names[(Criterion, pk)] = f"{code} {name}"
    return names, users


def _field_label(name: str) -> str:
    label = str(Task._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _display(name: str, value, names, moment: Callable[[datetime], str]) -> str:
    if value in (None, "", []):
        return "—"
    model_field = Task._meta.get_field(name)
    if name == "supporting_units":
        return ", ".join(sorted(names.get((Unit, pk), f"#{pk}") for pk in value))
    if name == "criteria":
        return "; ".join(sorted(names.get((Criterion, pk), f"#{pk}") for pk in value))
    if name in FK_MODELS:
        return names.get((FK_MODELS[name], value), f"#{value}")
    if name == "directive":
        return names.get(("directive", value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return vn_date(value)
    return str(formats.localize(value))


def remediation_tasks_by_code(*, assessment, today: date) -> dict[str, list[Task]]:
    """The tasks remedying each criterion of an assessment, whichever agency owns
    them (a commune's are its district's), by criterion code, with overdue and
    done-late annotated (two queries: the links, then their tasks)."""
    links = TaskCriterion.objects.filter(assessment=assessment).values_list(
        "criterion__code", "task_id"
    )
    tasks = with_lateness(
        Task.objects.filter(pk__in=[task_id for _code, task_id in links]).select_related(
            "lead_unit"
        ),
        today=today,
    ).in_bulk()
    by_code: dict[str, list[Task]] = {}
    for code, task_id in links:
        by_code.setdefault(code, []).append(tasks[task_id])
    return by_code


def year_end_open_tasks(*, agency: Unit, year: int, today: date) -> QuerySet[Task]:
    """The agency's tasks still open when the office closes `year`: due by
    31/12 of that year, or a draft with no deadline yet (ongoing tasks have no
    deadline to move and run on). Lateness annotated, oldest deadline first."""
    due_by_year_end = Q(deadline__lte=date(year, 12, 31)) | Q(deadline__isnull=True, ongoing=False)
    return (
        with_lateness(
            Task.objects.filter(due_by_year_end, agency=agency, status__in=OPEN_STATUSES),
            today=today,
        )
        .select_related(*LIST_RELATIONS)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def remediation_task_ids_by_code(*, assessment) -> dict[str, set[int]]:
    """The ids of the tasks remedying each criterion of an assessment, by
    criterion code (one query over the links, no task rows): what the
    lost-points page counts."""
    by_code: dict[str, set[int]] = {}
    links = TaskCriterion.objects.filter(assessment=assessment).values_list(
        "criterion__code", "task_id"
    )
    for code, task_id in links:
        by_code.setdefault(code, set()).add(task_id)
    return by_code


def remediation_tasks(*, assessment, code: str, today: date) -> QuerySet[Task]:
    """The tasks remedying one criterion of an assessment or any criterion
    below it, overdue and done-late annotated, by deadline."""
    links = TaskCriterion.objects.filter(assessment=assessment).filter(
        Q(criterion__code=code) | Q(criterion__code__startswith=f"{code}.")
    )
    return (
        with_lateness(Task.objects.filter(pk__in=links.values("task_id")), today=today)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )
