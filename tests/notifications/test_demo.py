"""seed_demo adds the reminders' demo data once, after the tasks it reminds of."""

from io import StringIO

from django.core.management import call_command

from notifications.models import CalendarDay, Notification, Reminder, ReminderPolicy


def _snapshot():
    return (
        list(ReminderPolicy.objects.values_list("pk", "agency__code")),
        list(CalendarDay.objects.values_list("pk", "date", "kind")),
        list(Reminder.objects.order_by("pk").values_list("pk", "task_id", "rule", "due_on")),
        Notification.objects.count(),
    )


def test_seed_demo_adds_reminders_once(db):
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first
    assert first[0] == [(first[0][0][0], "STP")]
    assert len(first[1]) == 3
    reminders = Reminder.objects.select_related("task")
    assert reminders.count() >= 4
    assert {row.status for row in reminders} == {"sent"}
    assert {row.rule for row in reminders} >= {"first_notice", "due_today", "overdue"}
    assert all(row.task.is_done_late for row in reminders)
