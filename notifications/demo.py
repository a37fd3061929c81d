"""Demo data for reminders: the department's policy, the office's own days
and the reminders the 2023 replay would have sent. Safe to run again."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from notifications.models import (
    CalendarDay,
    DayKind,
    Notification,
    Reminder,
    ReminderPolicy,
    ReminderStatus,
    Rule,
)
from notifications.recipients import Directory
from notifications.rules import deadline_milestones
from notifications.workdays import work_calendar
from tracker import permissions
from tracker.models import Task, TaskStatus, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE_DAYS = [
    (date(2027, 1, 30), DayKind.WORKING_DAY, "Làm bù cho ngày nghỉ 03/02/2027 trước Tết Đinh Mùi"),
    (date(2027, 2, 3), DayKind.DAY_OFF, "Nghỉ trước Tết Đinh Mùi (làm bù thứ Bảy 30/01/2027)"),
    (date(2026, 12, 31), DayKind.DAY_OFF, "Nghỉ tổng kết năm của cơ quan"),
]
# How many of the 2023 tasks that ended late show the reminders they were sent.
REPLAYED_TASKS = 4


@transaction.atomic
def seed_notifications(units: dict[str, Unit]) -> dict[str, int]:
    """Side effects: ReminderPolicy for the demo department, CalendarDay rows,
    sent Reminder and Notification rows for a few late 2023 tasks."""
    justice = units["STP"]
    ReminderPolicy.objects.get_or_create(agency=justice)
    for day, kind, name in OFFICE_DAYS:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
    late = [
        task
        for task in Task.objects.filter(agency=justice, status=TaskStatus.DONE, deadline__year=2023)
        .exclude(deadline=None)
        .select_related("agency", "lead_unit", "assignee", "supervisor")
        .order_by("deadline", "pk")
        if task.is_done_late
    ][:REPLAYED_TASKS]
    directory = Directory()
    policy = ReminderPolicy.objects.get(agency=justice)
    sent = 0
    for task in late:
        calendar = work_calendar(around=task.deadline)
        # The reminders as the task stood while it was open: before, on and after the deadline.
        task.status = TaskStatus.IN_PROGRESS
        after = calendar.add(task.deadline, policy.overdue_every_days)
        for due in deadline_milestones(task, policy, calendar, after):
            if due.rule not in (Rule.FIRST_NOTICE, Rule.DUE_TODAY, Rule.OVERDUE):
                continue
            moment = datetime(due.due_on.year, due.due_on.month, due.due_on.day, 8, tzinfo=VN)
            for person in directory.recipients(due.rule, task):
                if not permissions.can_view_task(person, task):
                    continue
                reminder, created = Reminder.objects.get_or_create(
                    task=task,
                    rule=due.rule,
                    recipient=person,
                    due_on=due.due_on,
                    defaults={
                        "reason": due.reason,
                        "status": ReminderStatus.SENT,
                        "created_at": moment,
                        "notified_at": moment,
                        "sent_at": moment,
                        "emailed": bool(person.email),
                        "attempts": 1,
                    },
                )
                if created:
                    Notification.objects.create(
                        user=person,
                        task=task,
                        reminder=reminder,
                        title=f"{reminder.get_rule_display()}: {task.title}"[:300],
                        body=due.reason,
                        created_at=moment,
                        read_at=moment,
                    )
                    sent += 1
    return {"office_days": len(OFFICE_DAYS), "tasks": len(late), "reminders": sent}
