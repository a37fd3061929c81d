"""Jobs that run on a schedule.

They are listed once, in `settings.SCHEDULES`, and written to django-q2's
schedule table by `schedules_sync`: after every `migrate` (so a fresh install
has them) and by `manage.py schedules_sync`. django-q2 does not make schedule
names unique, so each is updated in place by name, never added twice.
"""

from datetime import datetime

from croniter import croniter
from django.conf import settings
from django.utils import timezone
from django_q.models import Schedule


def next_run(cron: str, *, now: datetime) -> datetime:
    """The first time after `now` that `cron` names, read in local time
    (Asia/Ho_Chi_Minh): "0 8 * * *" is 08:00 in Vietnam, not in UTC."""
    return croniter(cron, timezone.localtime(now)).get_next(datetime)


def schedules_sync(*, now: datetime | None = None) -> list[Schedule]:
    """Create or update every schedule of `settings.SCHEDULES`.

    A schedule whose timing is unchanged keeps its next run; a new or changed
    one gets the next matching time, so nothing fires at once on install.
    """
    now = now or timezone.now()
    synced = []
    for entry in settings.SCHEDULES:
        schedule = Schedule.objects.filter(name=entry["name"]).first() or Schedule(
            name=entry["name"]
        )
        timing_changed = (
            schedule.pk is None or schedule.cron != entry["cron"] or schedule.next_run is None
        )
        schedule.func = entry["func"]
        # django-q2 reads kwargs back as Python source.
        schedule.kwargs = repr(entry.get("kwargs", {}))
        schedule.schedule_type = Schedule.CRON
        schedule.cron = entry["cron"]
        schedule.repeats = -1
        schedule.save()
        if timing_changed:
            # django-q2 sets a new cron schedule's next run from the clock on
            # save; this one counts from `now`.
            schedule.next_run = next_run(entry["cron"], now=now)
            Schedule.objects.filter(pk=schedule.pk).update(next_run=schedule.next_run)
        synced.append(schedule)
    return synced
