"""Calendar feeds (iCalendar, RFC 5545) of task deadlines, for Outlook and Google.

Each task is one all-day VEVENT on its deadline, with a UID that never
changes (`task-<pk>@<host>`) and a SEQUENCE counted from the task's history:
one more for every saved change to its deadline or status, so a client
replaces the event instead of duplicating it. Reminders are the server's
job: no VALARM (Google ignores it anyway). Cancelled tasks and drafts are
left out; a subscribed client then drops them.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tracker import permissions
from tracker.models import Task, TaskStatus, Unit, User
from tracker.selectors.tasks import tasks_visible_to

HIDDEN_STATUSES = (TaskStatus.DRAFT, TaskStatus.CANCELLED)


def feed_host() -> str:
    """The host in every UID: the configured site, not the request's (stable across proxies)."""
    return urlparse(settings.SITE_URL).hostname or "localhost"


def feed_tasks(user: User, *, unit: Unit | None = None) -> QuerySet[Task]:
    """The tasks a feed holds: those the user may see (of `unit`, when given)
    that have a deadline and are neither drafts nor cancelled."""
    tasks = (
        tasks_visible_to(user)
        .exclude(status__in=HIDDEN_STATUSES)
        .filter(deadline__isnull=False, ongoing=False)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    return tasks


def unit_feed_units(user: User) -> QuerySet[Unit]:
    """The units whose feed a user may follow: office staff, every unit of the
    agencies they manage; a unit head, their own unit; nobody else."""
    if permissions.is_office(user):
        agency = permissions.user_agency(user)
        if agency is not None:
            return Unit.objects.filter(path__startswith=agency.path, is_active=True)
    if permissions.is_unit_head(user) and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def task_versions(task_ids: Iterable[int]) -> dict[int, tuple[int, datetime]]:
    """SEQUENCE and DTSTAMP per task, from its history rows: how many saved
    changes touched the deadline or the status, and when the last one did."""
    versions: dict[int, tuple[int, datetime]] = {}
    previous = {}
    rows = (
        Task.history.filter(id__in=list(task_ids))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "deadline", "status", "ongoing", "history_date")
    )
    for pk, deadline, status, ongoing, when in rows:
        state = (deadline, status, ongoing)
        if pk not in previous:
            versions[pk] = (0, when)
        elif previous[pk] != state:
            versions[pk] = (versions[pk][0] + 1, when)
        previous[pk] = state
    return versions


def _status_label(task: Task, today) -> str:
    if task.is_overdue(today):
        return _("Quá hạn")
    if task.is_done_late:
        return _("Hoàn thành trễ hạn")
    return task.get_status_display()


def _event(task: Task, *, host: str, version: tuple[int, datetime], today) -> Event:
    sequence, stamp = version
    link = settings.SITE_URL + task.get_absolute_url()
    event = Event()
    event.add("uid", f"task-{task.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", task.deadline)
    event.add("dtend", task.deadline + timedelta(days=1))
    event.add("sequence", sequence)
    event.add("summary", f"[{_status_label(task, today)}] {task.title}")
    event.add(
        "description",
        _("Đơn vị chủ trì: %(unit)s\nTiến độ: %(percent)s%%\n%(link)s")
        % {"unit": task.lead_unit, "percent": task.percent_complete, "link": link},
    )
    event.add("url", link)
    # A deadline is not a meeting: it must not block the day in anyone's agenda.
    event.add("transp", "TRANSPARENT")
    if task.status == TaskStatus.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def build_calendar(*, name: str, tasks: Iterable[Task], now: datetime | None = None) -> bytes:
    """The feed as bytes, ready to serve as text/calendar."""
    tasks = list(tasks)
    today = timezone.localdate(now or timezone.now())
    host = feed_host()
    versions = task_versions(task.pk for task in tasks)
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC//Theo doi khac phuc CCHC//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for task in tasks:
        version = versions.get(task.pk, (0, task.created_at))
        calendar.add_component(_event(task, host=host, version=version, today=today))
    return calendar.to_ical()
