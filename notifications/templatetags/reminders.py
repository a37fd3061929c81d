"""What tracker's pages show of notifications, loaded by their templates
(`{% load reminders %}`): tracker's Python code never imports this app."""

from django import template
from django.utils import timezone

from notifications.models import Reminder, ReminderPolicy, ReminderStatus
from notifications.rules import next_due
from notifications.workdays import work_calendar
from tracker import permissions

register = template.Library()
REMINDERS_SHOWN = 20


@register.inclusion_tag("notifications/partials/task_reminders.html")
def task_reminders(task):
    """Every reminder recorded for the task (to whom, when, why, what happened)
    and the next one the rules plan, worked out from the task as it is now."""
    today = timezone.localdate()
    reminders = (
        Reminder.objects.filter(task=task).select_related("recipient").order_by("-due_on", "pk")
    )
    policy = ReminderPolicy.objects.filter(agency_id=task.agency_id).first() or ReminderPolicy()
    days = [today, task.deadline] + [
        timezone.localdate(moment) for moment in (task.issued_at, task.submitted_at) if moment
    ]
    days = [day for day in days if day is not None]
    calendar = work_calendar(around=min(days), until=max(days))
    upcoming = next_due(task, policy=policy, calendar=calendar, today=today)
    return {"task": task, "reminders": reminders, "upcoming": upcoming}


@register.inclusion_tag("notifications/partials/reminders_today.html")
def reminders_sent_today(user):
    """The reminders sent today on the tasks of the agencies the user runs
    (the office's home page)."""
    today = timezone.localdate()
    reminders = (
        Reminder.objects.filter(
            permissions.managed_agencies_q(user, "task__agency"),
            status=ReminderStatus.SENT,
            due_on=today,
        )
        .select_related("task__lead_unit", "recipient")
        .order_by("task__deadline", "pk")
    )
    return {"reminders": reminders[:REMINDERS_SHOWN], "count": reminders.count()}
