"""Every scheduled job of the app, in one place (created by migration 0002 and
`ensure_schedules`; run by the django-q2 worker that `make run` starts)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

# Reminders leave at 08:00 in Vietnam, the start of the working day, not at
# midnight UTC (07:00 there).
SEND_AT = time(8, 0)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
REMINDER_SCHEDULE = "Nhắc việc hằng ngày"
# Well under services.CLAIM_TIMEOUT and Q_CLUSTER["retry"]: a killed sweep is
# not delivered again while another still runs.
SWEEP_TIMEOUT_SECONDS = 300


def next_send_time(now: datetime | None = None) -> datetime:
    """The next 08:00 in Vietnam after `now`."""
    local = (now or timezone.now()).astimezone(LOCAL)
    candidate = datetime.combine(local.date(), SEND_AT, tzinfo=LOCAL)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate


def reminder_schedule_defaults(now: datetime | None = None) -> dict:
    return {
        "func": "notifications.jobs.send_reminders",
        "schedule_type": "D",
        "repeats": -1,
        "next_run": next_send_time(now),
        "kwargs": repr({"q_options": {"timeout": SWEEP_TIMEOUT_SECONDS}}),
    }


def ensure_schedules(schedule_model, now: datetime | None = None) -> None:
    """Create or repair the schedules, by name: running it again changes nothing
    but the next run (`Schedule.name` is not unique, so never `schedule()`).

    `schedule_model` is django_q's Schedule (or a migration's historical copy)."""
    schedule_model.objects.update_or_create(
        name=REMINDER_SCHEDULE, defaults=reminder_schedule_defaults(now)
    )
