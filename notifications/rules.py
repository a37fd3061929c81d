"""What reminder a task is due, and for whom, worked out from its state now.

Nothing is planned ahead and stored: every sweep (and the task page) asks
these functions again, so a moved deadline, an approved extension, a
reassignment or a new assignee changes what comes next, and a task that is
done or cancelled simply has nothing due.

Each task runs on independent tracks; on each, the milestone in force is the
latest one on or before today. Sending it at most once is the unique row's
job (services.reminders_send), so a missed day is caught up next run and
nobody gets every older milestone at once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import ReminderPolicy, Rule
from notifications.workdays import WorkCalendar
from tracker.lib.formats import vn_date
from tracker.models import Task, TaskStatus

# The unit still has the work in hand; a submitted task waits on the office.
WORKING_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
# Statuses in which some reminder may be due (see the tracks below).
REMINDING_STATUSES = (
    TaskStatus.ASSIGNED,
    TaskStatus.RETURNED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.SUBMITTED,
)


@dataclass(frozen=True)
class Due:
    rule: str
    due_on: date
    reason: str


def deadline_milestones(task: Task, policy: ReminderPolicy, calendar: WorkCalendar, today: date):
    """Before the deadline, on the day, then every few working days while overdue."""
    if task.status not in WORKING_STATUSES or task.deadline is None or task.ongoing:
        return []
    deadline = task.deadline
    on_day = calendar.on_or_before(deadline)
    milestones = [
        Due(
            Rule.FIRST_NOTICE,
            calendar.add(deadline, -policy.first_notice_days),
            _("Còn %(days)s ngày làm việc đến hạn %(deadline)s.")
            % {"days": policy.first_notice_days, "deadline": vn_date(deadline)},
        ),
        Due(
            Rule.SECOND_NOTICE,
            calendar.add(deadline, -policy.second_notice_days),
            _("Còn %(days)s ngày làm việc đến hạn %(deadline)s.")
            % {"days": policy.second_notice_days, "deadline": vn_date(deadline)},
        ),
        Due(
            Rule.DUE_TODAY,
            on_day,
            _("Hôm nay là hạn hoàn thành (%(deadline)s).") % {"deadline": vn_date(deadline)},
        ),
    ]
    # Overdue repeats: the last one on or before today and the one after it
    # (the earlier ones are history, and a long-overdue task would have hundreds).
    step = policy.overdue_every_days
    latest = calendar.between(deadline, today) // step if deadline < today else 0
    for n in range(max(latest, 1), latest + 2):
        day = calendar.add(deadline, n * step)
        milestones.append(
            Due(
                Rule.OVERDUE,
                day,
                _("Quá hạn %(days)s ngày (hạn %(deadline)s).")
                % {"days": (day - deadline).days, "deadline": vn_date(deadline)},
            )
        )
    return milestones


def _escalation_tracks(task: Task, policy: ReminderPolicy, calendar: WorkCalendar, today: date):
    """Once each, to the supervising leader and then the head of the agency, for
    as long as the task is overdue by tracker's own rule."""
    if task.deadline is None or task.ongoing or not task.is_overdue(today):
        return []
    deadline = task.deadline
    return [
        [
            Due(
                Rule.ESCALATE_LEADER,
                calendar.add(deadline, policy.escalate_leader_days),
                _("Quá hạn %(days)s ngày làm việc (hạn %(deadline)s): báo lãnh đạo phụ trách.")
                % {"days": policy.escalate_leader_days, "deadline": vn_date(deadline)},
            )
        ],
        [
            Due(
                Rule.ESCALATE_HEAD,
                calendar.add(deadline, policy.escalate_head_days),
                _("Quá hạn %(days)s ngày làm việc (hạn %(deadline)s): báo thủ trưởng cơ quan.")
                % {"days": policy.escalate_head_days, "deadline": vn_date(deadline)},
            )
        ],
    ]


def _waiting_track(task: Task, policy: ReminderPolicy, calendar: WorkCalendar):
    """A task nobody has picked up: acceptance by the unit, verification by the office."""
    if task.status == TaskStatus.ASSIGNED and task.issued_at:
        issued = timezone.localdate(task.issued_at)
        return [
            Due(
                Rule.AWAITING_ACCEPTANCE,
                calendar.add(issued, policy.acceptance_wait_days),
                _("Đã giao từ %(date)s, quá %(days)s ngày làm việc chưa tiếp nhận.")
                % {"date": vn_date(issued), "days": policy.acceptance_wait_days},
            )
        ]
    if task.status == TaskStatus.SUBMITTED and task.submitted_at:
        submitted = timezone.localdate(task.submitted_at)
        return [
            Due(
                Rule.AWAITING_VERIFICATION,
                calendar.add(submitted, policy.verification_wait_days),
                _("Báo cáo hoàn thành từ %(date)s, quá %(days)s ngày làm việc chưa xác nhận.")
                % {"date": vn_date(submitted), "days": policy.verification_wait_days},
            )
        ]
    return []


def _tracks(task, policy, calendar, today):
    return [
        deadline_milestones(task, policy, calendar, today),
        *_escalation_tracks(task, policy, calendar, today),
        _waiting_track(task, policy, calendar),
    ]


def dues_today(
    task: Task, *, policy: ReminderPolicy, calendar: WorkCalendar, today: date
) -> list[Due]:
    """The milestone in force on each track of the task (at most one per track)."""
    due = []
    for track in _tracks(task, policy, calendar, today):
        passed = [milestone for milestone in track if milestone.due_on <= today]
        if passed:
            due.append(max(passed, key=lambda milestone: milestone.due_on))
    return due


def next_due(
    task: Task, *, policy: ReminderPolicy, calendar: WorkCalendar, today: date
) -> Due | None:
    """The first reminder still ahead of today, on any track (for the task page)."""
    ahead = [
        milestone
        for track in _tracks(task, policy, calendar, today)
        for milestone in track
        if milestone.due_on > today
    ]
    return min(ahead, key=lambda milestone: milestone.due_on, default=None)


# --- For the sweep: which tasks to look at, and which look alike ---


def in_force_q(*, policies: Iterable[ReminderPolicy], calendar: WorkCalendar, today: date) -> Q:
    """A filter keeping every task on which `dues_today` finds something (and
    few others): a milestone counts from the deadline, the issue or the
    submission, so "in force today" is a bound on that date, worked out with
    `WorkCalendar.last_start` from the loosest of `policies`. What it lets
    through is still asked of `dues_today`, task by task."""
    policies = list(policies)
    # The deadline track starts with the earlier notice; the escalations with the first of them.
    notice = max(max(policy.first_notice_days, policy.second_notice_days) for policy in policies)
    escalation = min(
        min(policy.escalate_leader_days, policy.escalate_head_days) for policy in policies
    )
    acceptance = min(policy.acceptance_wait_days for policy in policies)
    verification = min(policy.verification_wait_days for policy in policies)
    dated = Q(deadline__isnull=False, ongoing=False)
    return (
        (dated & Q(status__in=WORKING_STATUSES, deadline__lte=calendar.last_start(-notice, today)))
        | (
            dated
            & Q(
                status__in=REMINDING_STATUSES,
                deadline__lte=calendar.last_start(escalation, today),
            )
        )
        | Q(
            status=TaskStatus.ASSIGNED,
            issued_at__lt=_day_after(calendar.last_start(acceptance, today)),
        )
        | Q(
            status=TaskStatus.SUBMITTED,
            submitted_at__lt=_day_after(calendar.last_start(verification, today)),
        )
    )


def _day_after(day: date) -> datetime:
    """The first moment after `day` (local time): `localdate(moment) <= day` as a bound."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def dues_key(task: Task) -> tuple:
    """Everything of the task that `dues_today` reads, besides its agency's
    policy: tasks alike in it have the same dues, so a sweep over thousands of
    tasks sharing a few hundred deadlines works each case out once. Kept
    beside the tracks above: a track that reads more of the task adds it here
    (and to services.SWEEP_FIELDS). `task` may be a row with those fields."""
    issued = submitted = None
    if task.status == TaskStatus.ASSIGNED and task.issued_at:
        issued = timezone.localdate(task.issued_at)
    if task.status == TaskStatus.SUBMITTED and task.submitted_at:
        submitted = timezone.localdate(task.submitted_at)
    return (task.status, task.deadline, task.ongoing, issued, submitted)
