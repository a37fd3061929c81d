"""What a task list's export holds (the deadline board, a unit's tasks): the
columns TaskTable exports, with its headers and value types, written from one
values query with the related names joined, and the recoverable points of a
chunk of rows at once. django-tables2 built a model instance and went through
each cell (0.4–0.5 ms a row); this is a few microseconds a row.

A page writes a list of a few thousand rows while the user waits; a longer one
is written by the worker (`tracker.services.exports`), which finds the rows
again as the page shows them to that user, from the page's query string.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, QuerySet, TextField, Value, When
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters import FilterSet

from tracker import permissions
from tracker.filters.tasks import TaskFilter, UnitTaskFilter
from tracker.models import ExportKind, Task, TaskStatus, User
from tracker.selectors import tasks as selectors
from tracker.selectors.recoverable import cents, recoverable_points
from tracker.tables.tasks import TaskTable

# TaskTable's exported columns, in its order.
COLUMNS = (
    "title",
    "lead_unit",
    "assignee",
    "deadline",
    "days_overdue",
    "percent_complete",
    "status",
    "recoverable",
    "overdue",
    "done_late",
)
# Rows read, and their recoverable points computed, at a time: a 50,000-row
# job holds one chunk in memory.
CHUNK_ROWS = 2_000
FIELDS = (
    "pk",
    "title",
    "directive_text",
    "lead_unit__name",
    "assignee_id",
    "assignee__full_name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "deadline",
    "ongoing",
    "overdue",
    "done_late",
    "percent_complete",
    "status",
)


def _holding(model, **values):
    """An instance of `model` holding just `values`, for the model's own rules
    (`User.get_full_name`, `Task.full_title`): `from_db` leaves the other
    fields deferred instead of computing their defaults, half the cost of a
    full instance. It takes the values in the model's field order."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def task_header() -> list[str]:
    """TaskTable's headers, so the page and its file call each column the same."""
    return [str(TaskTable.base_columns[name].verbose_name) for name in COLUMNS]


def task_rows(
    tasks: QuerySet[Task], *, today: date, chunk_rows: int = CHUNK_ROWS
) -> Iterator[list]:
    """One list of plain values per task of `tasks` (annotated with `overdue`
    and `done_late`, as the list selectors give them), in its order: what
    `TaskTable.as_values()` gives, without the header. Queries: the rows, and
    the recoverable points per chunk of `chunk_rows`."""
    values = (
        tasks.annotate(
            # The description only where the title was cut short from it
            # (`Task.full_title`): not 50,000 texts read for nothing.
            directive_text=Case(
                When(title__contains="…", then=F("description")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .values_list(*FIELDS)
        .iterator(chunk_size=chunk_rows)
    )
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    ongoing, yes, no = _("Thường xuyên"), _("Có"), _("Không")
    names: dict[int, str] = {}
    for chunk in _chunks(values, chunk_rows):
        points = recoverable_points(task_ids=[row[0] for row in chunk])
        for (
            pk,
            title,
            directive_text,
            lead_unit,
            assignee_id,
            full_name,
            first_name,
            last_name,
            username,
            deadline,
            is_ongoing,
            overdue,
            done_late,
            percent_complete,
            status,
        ) in chunk:
            if assignee_id is not None and assignee_id not in names:
                names[assignee_id] = _holding(
                    User,
                    full_name=full_name,
                    first_name=first_name,
                    last_name=last_name,
                    username=username,
                ).get_full_name()
            share = points.get(pk)
            yield [
                _holding(Task, title=title, description=directive_text).full_title
                if directive_text
                else title,
                lead_unit,
                names.get(assignee_id),
                ongoing if is_ongoing else deadline,
                (today - deadline).days if overdue else None,
                percent_complete,
                statuses.get(status, status),
                None if share is None else cents(share),
                yes if overdue else no,
                yes if done_late else no,
            ]


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class TaskList:
    """A task list that exports: its file name, and its filters bound to a
    query string over the tasks the user sees there (as its view does)."""

    filename: str
    filterset: Callable[[User, QueryDict, date], FilterSet]


def _board(user: User, query: QueryDict, today: date) -> FilterSet:
    if not permissions.can_view_deadline_board(user):
        raise PermissionDenied
    agency = permissions.user_agency(user)
    return TaskFilter(
        query or None, queryset=selectors.agency_tasks(agency=agency, today=today), agency=agency
    )


def _my_unit(user: User, query: QueryDict, today: date) -> FilterSet:
    return UnitTaskFilter(query or None, queryset=selectors.task_list(user, today=today))


TASK_LISTS = {
    ExportKind.BOARD: TaskList("theo-doi-thoi-han", _board),
    ExportKind.MY_UNIT: TaskList("nhiem-vu-don-vi", _my_unit),
}


def ordered_tasks(tasks: QuerySet[Task], *, sort: list[str], today: date) -> QuerySet[Task]:
    """`tasks` in the order the list's table shows them for ?sort=: TaskTable's
    own rules (closed tasks last, names in Vietnamese order, its default)."""
    return TaskTable(tasks, today=today, order_by=sort or None).data.data


def task_list(
    kind: str, *, user: User, query: QueryDict, today: date
) -> tuple[QuerySet[Task], FilterSet]:
    """The list `kind` as its page shows it to `user` for `query`: the tasks the
    user sees there, filtered and sorted, and the bound filters. Raises
    PermissionDenied when the user may not open that list."""
    filterset = TASK_LISTS[kind].filterset(user, query, today)
    return ordered_tasks(filterset.qs, sort=query.getlist("sort"), today=today), filterset
