"""Calendar feeds (iCalendar, RFC 5545) of task deadlines, for Outlook and Google.

Each task is one all-day VEVENT on its deadline, with a UID that never
changes (`task-<pk>@<host>`) and a SEQUENCE counted from the task's history:
one more for every saved change to its deadline or status, so a client
replaces the event instead of duplicating it. Reminders are the server's
job: no VALARM (Google ignores it anyway). Cancelled tasks and drafts are
left out; a subscribed client then drops them.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import caches
from django.db.models import CharField, F, QuerySet, Value, Window
from django.db.models.functions import Cast, Coalesce, Concat, Lag
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tracker import permissions
from tracker.models import Task, TaskStatus, Unit, User
from tracker.selectors.tasks import tasks_visible_to, with_lateness

HIDDEN_STATUSES = (TaskStatus.DRAFT, TaskStatus.CANCELLED)
CALENDAR_END = b"END:VCALENDAR\r\n"
LINK_PK = 987654321
# What an event says: a feed holds thousands of tasks, read as plain rows.
FEED_VALUES = (
    "pk",
    "title",
    "deadline",
    "status",
    "percent_complete",
    "created_at",
    "lead_unit__name",
    "overdue",
    "done_late",
)
# An event unchanged for a week is written again then; most change sooner
# (the status label turns "Quá hạn" the day after the deadline).
EVENT_CACHE_SECONDS = 7 * 24 * 3600


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


def task_versions(task_ids: QuerySet) -> dict[int, tuple[int, datetime]]:
    """SEQUENCE and DTSTAMP per task, from its history rows: how many saved
    changes touched the deadline or the status, and when the last one did.
    `task_ids` is a query of task pks (a feed's thousands stay in SQL).

    Only the rows that changed one of those (and each task's first) leave the
    database: a feed's tasks have several history rows each."""
    state = Concat(
        Coalesce(Cast("deadline", CharField()), Value("")),
        Value("|"),
        "status",
        Value("|"),
        Cast("ongoing", CharField()),
    )
    before = Window(
        Lag(state),
        partition_by=F("id"),
        order_by=[F("history_date").asc(), F("history_id").asc()],
    )
    rows = (
        Task.history.filter(id__in=task_ids if isinstance(task_ids, QuerySet) else list(task_ids))
        .annotate(state=state, before=Coalesce(before, Value("")))
        .exclude(before=F("state"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date")
    )
    versions: dict[int, tuple[int, datetime]] = {}
    for pk, when in rows:
        sequence = versions[pk][0] + 1 if pk in versions else 0
        versions[pk] = (sequence, when)
    return versions


@dataclass(frozen=True)
class FeedWords:
    """What every event of a feed says the same way: translated and resolved once
    per feed, not once per task (gettext and reverse took a third of a feed)."""

    statuses: dict[str, str]
    overdue: str
    done_late: str
    description: str
    link: str  # with LINK_PK where the task's number goes

    @classmethod
    def now(cls) -> "FeedWords":
        return cls(
            statuses={status: str(label) for status, label in TaskStatus.choices},
            overdue=_("Quá hạn"),
            done_late=_("Hoàn thành trễ hạn"),
            description=_("Đơn vị chủ trì: %(unit)s\nTiến độ: %(percent)s%%\n%(link)s"),
            link=settings.SITE_URL + reverse("tasks:detail", args=[LINK_PK]),
        )


def _status_label(row, words: FeedWords) -> str:
    if row.overdue:
        return words.overdue
    if row.done_late:
        return words.done_late
    return words.statuses[row.status]


@dataclass(frozen=True)
class EventFields:
    """Everything one VEVENT says: its bytes depend on these alone."""

    uid: str
    stamp: datetime
    deadline: date
    sequence: int
    summary: str
    description: str
    link: str
    cancelled: bool


def _event_fields(
    row, *, host: str, version: tuple[int, datetime] | None, words: FeedWords
) -> EventFields:
    """`row`: a task's FEED_VALUES (with_lateness's `overdue` and `done_late`)."""
    sequence, stamp = version or (0, row.created_at)
    link = words.link.replace(str(LINK_PK), str(row.pk))
    return EventFields(
        uid=f"task-{row.pk}@{host}",
        stamp=stamp,
        deadline=row.deadline,
        sequence=sequence,
        summary=f"[{_status_label(row, words)}] {row.title}",
        description=words.description
        % {"unit": row.lead_unit__name, "percent": row.percent_complete, "link": link},
        link=link,
        cancelled=row.status == TaskStatus.CANCELLED,
    )


def _event_ical(fields: EventFields) -> bytes:
    event = Event()
    event.add("uid", fields.uid)
    event.add("dtstamp", fields.stamp)
    event.add("dtstart", fields.deadline)
    event.add("dtend", fields.deadline + timedelta(days=1))
    event.add("sequence", fields.sequence)
    event.add("summary", fields.summary)
    event.add("description", fields.description)
    event.add("url", fields.link)
    # A deadline is not a meeting: it must not block the day in anyone's agenda.
    event.add("transp", "TRANSPARENT")
    if fields.cancelled:
        event.add("status", "CANCELLED")
    return event.to_ical()


def _events_ical(fields: list[EventFields]) -> list[bytes]:
    """Each event's bytes, from the cache where the same content was written
    before. icalendar takes about 0.3 ms an event, so a feed of 2,000 tasks
    took most of a second on every poll; between two polls few events change,
    and an event whose content changed gets a new key."""
    keys = [
        "feed-event:" + hashlib.sha1(repr(item).encode(), usedforsecurity=False).hexdigest()
        for item in fields
    ]
    cache = caches["feeds"]
    known = cache.get_many(keys)
    written = {}
    events = []
    for key, item in zip(keys, fields, strict=True):
        if key not in known:
            known[key] = written[key] = _event_ical(item)
        events.append(known[key])
    if written:
        cache.set_many(written, timeout=EVENT_CACHE_SECONDS)
    return events


def build_calendar(*, name: str, tasks: QuerySet[Task], now: datetime | None = None) -> bytes:
    """The feed of `tasks` (in their order) as bytes, ready to serve as text/calendar."""
    today = timezone.localdate(now or timezone.now())
    versions = task_versions(tasks.values("pk"))
    rows = with_lateness(tasks, today=today).values_list(*FEED_VALUES, named=True)
    host = feed_host()
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC//Theo doi khac phuc CCHC//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    words = FeedWords.now()
    events = _events_ical(
        [_event_fields(row, host=host, version=versions.get(row.pk), words=words) for row in rows]
    )
    # The events go where icalendar would write its subcomponents: before the end line.
    head = calendar.to_ical().removesuffix(CALENDAR_END)
    return head + b"".join(events) + CALENDAR_END
