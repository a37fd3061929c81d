"""The reminder sweep, preferences and feed tokens.

`reminders_send` is the one entry point for the schedule and the command.
Exactly once comes from the order of its two phases:

1. record: for each task, rule and recipient due today, a `Reminder` row
   (task, rule, recipient, due day) is inserted, pending, in its own
   transaction; the unique key turns a repeat into nothing;
2. deliver: per recipient, the pending rows are claimed with one conditional
   UPDATE (only one worker can move a row out of pending), then the in-app
   notifications are written, one digest e-mail leaves, and the rows are
   marked sent. An SMTP error marks them failed for the next run.

A crash after recording leaves pending rows that the next run sends; a crash
after claiming leaves rows "sending" that are claimed again once
`CLAIM_TIMEOUT` has passed (the only case in which a message might leave
twice: sent, then the process died before recording it).
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Case, DateTimeField, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import emails, rules
from notifications.models import (
    FeedToken,
    Notification,
    Preferences,
    Reminder,
    ReminderPolicy,
    ReminderStatus,
    Rule,
    hash_token,
)
from notifications.recipients import Directory
from notifications.rules import REMINDING_STATUSES
from notifications.workdays import work_calendar
from tracker import permissions
from tracker.models import Task, User

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died (the schedule's timeout is shorter).
CLAIM_TIMEOUT = timedelta(minutes=15)
# After this many failed attempts a reminder waits for someone to look at it.
MAX_ATTEMPTS = 5
# Tasks read, compared with their rows and written at a time by the sweep.
CHUNK = 2000
# What the sweep reads of a task (rules.dues_key, Directory.recipients,
# permissions.can_view_task), in the model's order (Task.from_db).
SWEEP_FIELDS = tuple(
    field.attname
    for field in Task._meta.concrete_fields
    if field.attname
    in {
        "id",
        "agency_id",
        "lead_unit_id",
        "assignee_id",
        "supervisor_id",
        "status",
        "deadline",
        "ongoing",
        "issued_at",
        "submitted_at",
    }
)
# Kinds of task (rules.dues_key) whose dues the sweep keeps at most.
DUES_MEMO = 50_000


@dataclass
class SweepResult:
    recorded: int = 0
    skipped: int = 0
    sent: int = 0
    failed: int = 0
    emails: int = 0
    day_off: bool = False


def policy_for(agency_id: int, policies: dict[int, ReminderPolicy]) -> ReminderPolicy:
    """The agency's policy, or the defaults when office staff have set none."""
    return policies.get(agency_id) or ReminderPolicy(agency_id=agency_id)


def reminders_send(*, now: datetime | None = None) -> SweepResult:
    """Record every reminder due at `now` and send what is waiting; on a day
    off (weekend, holiday, the office's own), nothing.

    Side effects: Reminder rows (pending, sent, failed or skipped),
    Notification rows, one e-mail per recipient with something to send;
    warnings logged for recipients who may not see a task.
    """
    now = now or timezone.now()
    result = SweepResult()
    today = timezone.localdate(now)
    if not work_calendar(around=today).is_working_day(today):
        # Nobody reads work mail on a day off: what falls due waits for the next working day.
        result.day_off = True
        logger.info("Reminder sweep at %s: not a working day, nothing sent", now.isoformat())
        return result
    reminders_record(now=now, result=result)
    reminders_deliver(now=now, result=result)
    logger.info(
        "Reminder sweep at %s: %s recorded, %s skipped, %s sent, %s failed, %s e-mails",
        now.isoformat(),
        result.recorded,
        result.skipped,
        result.sent,
        result.failed,
        result.emails,
    )
    return result


def _candidate_tasks(*, policies: dict[int, ReminderPolicy], today: date):
    """The open tasks on which some reminder may be in force today (a bound
    on their dates, see rules.in_force_q)."""
    calendar = work_calendar(around=today)
    return (
        Task.objects.filter(status__in=REMINDING_STATUSES)
        .filter(
            rules.in_force_q(
                policies=[*policies.values(), ReminderPolicy()], calendar=calendar, today=today
            )
        )
        .order_by("pk")
    )


def reminders_record(*, now: datetime, result: SweepResult | None = None) -> SweepResult:
    """Phase 1: insert the rows due at `now`, pending (skipped, with the reason,
    for a recipient who may not see the task). Existing rows are left alone.

    The tasks are read in chunks of `CHUNK`, each chunk compared with the rows
    already there for its own tasks and days and its new rows inserted in a
    transaction of its own: memory and the work per chunk do not grow with
    the number of tasks, and what a chunk wrote stays written (the unique key
    makes the next run skip it).

    Side effects: Reminder rows; a warning logged per newly skipped recipient.
    """
    result = result or SweepResult()
    today = timezone.localdate(now)
    policies = {policy.agency_id: policy for policy in ReminderPolicy.objects.all()}
    tasks = _candidate_tasks(policies=policies, today=today)
    span = tasks.aggregate(
        first=Min("deadline"),
        last=Max("deadline"),
        issued=Min("issued_at"),
        submitted=Min("submitted_at"),
    )
    days = [today, span["first"], span["last"]]
    days += [timezone.localdate(span[key]) for key in ("issued", "submitted") if span[key]]
    days = [day for day in days if day is not None]
    sweep = _Sweep(
        now=now,
        today=today,
        # One calendar for the whole sweep, wide enough for every date a rule counts from.
        calendar=work_calendar(around=min(days), until=max(days)),
        policies=policies,
        result=result,
    )
    # Plain rows of what the sweep reads: most tasks in force only need looking up.
    chunk = []
    for row in tasks.values_list(*SWEEP_FIELDS, named=True).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            sweep.record(chunk)
            chunk = []
    if chunk:
        sweep.record(chunk)
    return result


class _Sweep:
    """What one run of phase 1 learns once and uses for every chunk: the
    calendar, the policies, the people and units, and the dues of each kind
    of task (`rules.dues_key`), so that a chunk costs dictionary look-ups
    and two or three queries. Tasks come as rows of `SWEEP_FIELDS`; a Task
    is made of one only where the rules, the directory or the permissions
    meet something new."""

    def __init__(self, *, now, today, calendar, policies, result):
        self.now, self.today, self.calendar = now, today, calendar
        self.policies = policies
        self.result = result
        self.directory = Directory()
        self._dues = {}
        self._tasks = {}

    def task(self, row) -> Task:
        """The row as a Task with its relations (the directory's copies)."""
        if row.id not in self._tasks:
            task = Task.from_db(DEFAULT_DB_ALIAS, SWEEP_FIELDS, row)
            self._tasks[row.id] = self.directory.attach(task)
        return self._tasks[row.id]

    def dues(self, row) -> list[rules.Due]:
        key = (row.agency_id, *rules.dues_key(row))
        if key not in self._dues:
            if len(self._dues) >= DUES_MEMO:  # many issue dates: start afresh
                self._dues.clear()
            policy = policy_for(row.agency_id, self.policies)
            self._dues[key] = rules.dues_today(
                self.task(row), policy=policy, calendar=self.calendar, today=self.today
            )
        return self._dues[key]

    def record(self, rows: list) -> None:
        self._tasks.clear()
        self.directory.load(rows)
        in_force = [(row, due) for row in rows for due in self.dues(row)]
        if not in_force:
            return
        wanted = [
            (row, due, person)
            for row, due in in_force
            for person in self.directory.recipients(
                due.rule, row, full_task=lambda row=row: self.task(row)
            )
        ]
        # The rows already there for these tasks on the days in force (not their history).
        existing = set(
            Reminder.objects.filter(
                task_id__gte=rows[0].id,
                task_id__lte=rows[-1].id,
                due_on__in={due.due_on for _row, due in in_force},
            )
            .order_by()
            .values_list("task_id", "rule", "recipient_id", "due_on")
        )
        reminders = []
        for row, due, person in wanted:
            if (row.id, due.rule, person.pk, due.due_on) in existing:
                continue
            reminder = Reminder(
                task_id=row.id,
                rule=due.rule,
                recipient_id=person.pk,
                due_on=due.due_on,
                reason=due.reason,
                created_at=self.now,
            )
            if not permissions.can_view_task(person, self.task(row)):
                reminder.status = ReminderStatus.SKIPPED
                reminder.note = _("Người nhận không có quyền xem nhiệm vụ này.")
                self.result.skipped += 1
                logger.warning(
                    "Reminder %s of task %s not sent to user %s: they may not see the task",
                    due.rule,
                    row.id,
                    person.pk,
                )
            else:
                self.result.recorded += 1
            reminders.append(reminder)
        if reminders:
            with transaction.atomic():
                # ignore_conflicts: another worker may have written the same rows meanwhile.
                Reminder.objects.bulk_create(reminders, batch_size=1000, ignore_conflicts=True)


def _claimable(now: datetime) -> Q:
    return (
        Q(status=ReminderStatus.PENDING)
        | Q(status=ReminderStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=ReminderStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def reminders_deliver(*, now: datetime, result: SweepResult | None = None) -> SweepResult:
    """Phase 2: send what is waiting, one digest per recipient.

    Side effects: Reminder rows claimed then marked sent, failed (SMTP error,
    kept for the next run) or skipped (the task closed or left the
    recipient's sight meanwhile); Notification rows; e-mails.
    """
    result = result or SweepResult()
    recipient_ids = (
        Reminder.objects.filter(_claimable(now))
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for recipient_id in list(recipient_ids):
        _deliver_to(recipient_id, now=now, result=result)
    return result


def _deliver_to(recipient_id: int, *, now: datetime, result: SweepResult) -> None:
    claim = uuid.uuid4().hex
    # The conditional UPDATE is the claim: of two workers, one moves the rows.
    claimed = Reminder.objects.filter(_claimable(now), recipient_id=recipient_id).update(
        status=ReminderStatus.SENDING, claim=claim, claimed_at=now
    )
    if not claimed:
        return
    user = User.objects.select_related("unit").get(pk=recipient_id)
    today = timezone.localdate(now)
    mine = Reminder.objects.filter(claim=claim, status=ReminderStatus.SENDING)
    # Set-wise, whatever the number of rows (a head of agency may have
    # thousands on a morning): the task closed or left the recipient's sight
    # since recording (`visible_tasks_q` is `can_view_task` as a filter).
    gone = mine.exclude(
        Q(task__status__in=REMINDING_STATUSES) & permissions.visible_tasks_q(user, "task__")
    ).update(
        status=ReminderStatus.SKIPPED,
        note=_("Nhiệm vụ đã kết thúc hoặc người nhận không còn theo dõi trước khi gửi."),
    )
    live = claimed - gone
    if not live:
        return
    # The rows still "sending" under this claim are exactly the live ones.
    with transaction.atomic():
        _notifications_insert(mine.filter(notified_at__isnull=True), now=now)
        mine.filter(notified_at__isnull=True).update(notified_at=now)
    note, emailed = "", False
    if not email_enabled(user):
        note = _("Người nhận đã tắt thư điện tử; chỉ thông báo trong hệ thống.")
    elif not user.email:
        note = _("Người nhận chưa có địa chỉ thư điện tử; chỉ thông báo trong hệ thống.")
        logger.info("User %s has no e-mail address: reminders in-app only", user.pk)
    else:
        try:
            emails.send_reminder_digest(user=user, reminders=_digest_rows(mine), today=today)
        except (smtplib.SMTPException, OSError) as error:  # the transport: retry next run
            logger.warning("Reminder e-mail to user %s failed: %s", user.pk, error)
            mine.update(
                status=ReminderStatus.FAILED, attempts=F("attempts") + 1, note=str(error)[:300]
            )
            result.failed += live
            return
        emailed = True
        result.emails += 1
    mine.update(
        status=ReminderStatus.SENT,
        sent_at=now,
        emailed=emailed,
        note=note,
        attempts=F("attempts") + 1,
    )
    result.sent += live


def _notifications_insert(reminders, *, now: datetime) -> None:
    """The in-app notification of each of `reminders` ("<rule>: <task title>",
    the reason), written by the database from the rows themselves: one
    statement however many there are, nothing read into Python."""
    label = Case(
        *(When(rule=value, then=Value(str(name))) for value, name in Rule.choices),
        default=F("rule"),
    )
    title = Notification._meta.get_field("title").max_length
    rows = (
        reminders.order_by()
        .annotate(
            notification_title=Substr(Concat(label, Value(": "), F("task__title")), 1, title),
            notification_at=Value(now, output_field=DateTimeField()),
        )
        .values_list(
            "recipient_id", "task_id", "pk", "notification_title", "reason", "notification_at"
        )
    )
    select, params = rows.query.sql_with_params()
    columns = ", ".join(
        connection.ops.quote_name(Notification._meta.get_field(name).column)
        for name in ("user", "task", "reminder", "title", "body", "created_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(Notification._meta.db_table)} "
            f"({columns}) {select}",
            params,
        )


# What the digest reads of a task while it streams (Task.is_overdue), in the model's order.
DIGEST_FIELDS = tuple(
    field.attname
    for field in Task._meta.concrete_fields
    if field.attname in {"id", "deadline", "status", "submitted_at"}
)


def _digest_rows(mine):
    """The live rows as (task, reason) in the digest's order (by deadline; a
    task's rows together, where its first one falls), streamed, one Task
    per task."""
    first = Window(Min("pk"), partition_by=[F("task_id")])
    rows = (
        mine.annotate(task_first=first)
        .order_by("task__deadline", "task_first", "pk")
        .values_list(*(f"task__{name}" for name in DIGEST_FIELDS), "reason")
        .iterator(chunk_size=CHUNK)
    )
    task = None
    for *values, reason in rows:
        if task is None or task.pk != values[0]:
            task = Task.from_db(DEFAULT_DB_ALIAS, DIGEST_FIELDS, values)
        yield task, reason


# --- Preferences ---


def email_enabled(user: User) -> bool:
    preferences = Preferences.objects.filter(user=user).first()
    return preferences is None or preferences.email_enabled


def preferences_update(*, user: User, email_enabled: bool) -> Preferences:
    """Side effects: the user's Preferences row."""
    preferences, _created = Preferences.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled}
    )
    return preferences


# --- In-app notifications ---


def notifications_mark_read(
    *, user: User, now: datetime | None = None, pk: int | None = None
) -> int:
    """Mark one (pk) or all of the user's unread notifications read; returns how many."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return queryset.update(read_at=now or timezone.now())


# --- Feed tokens ---


@transaction.atomic
def feed_token_create(*, user: User, now: datetime | None = None) -> str:
    """A new secret for the user's calendar addresses, returned once and kept
    only as a hash; the previous one stops working at once.

    Side effects: the user's FeedToken row replaced."""
    token = FeedToken.new_token()
    FeedToken.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": hash_token(token),
            "created_at": now or timezone.now(),
            "last_used_at": None,
        },
    )
    return token


def feed_token_user(*, token: str, now: datetime | None = None) -> User | None:
    """The active user a feed token belongs to, noting its use; None when
    unknown or revoked.

    Side effects: FeedToken.last_used_at."""
    feed_token = (
        FeedToken.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user__unit")
        .first()
    )
    if feed_token is None:
        return None
    FeedToken.objects.filter(pk=feed_token.pk).update(last_used_at=now or timezone.now())
    return feed_token.user
