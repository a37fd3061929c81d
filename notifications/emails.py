"""E-mails, one function per message over templates/emails/<name>_{subject,body}.txt
and <name>_body.html, always in Vietnamese (the recipients' working language)."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tracker.models import TaskCriterion
from tracker.selectors.progress import BUCKET_LABELS, NOT_REPORTED, task_buckets
from tracker.selectors.tasks import tasks_visible_to

# A digest lists this many tasks per group at most; the rest is a count and a link.
DIGEST_LIMIT = 30
# Overdue first: it is what the reader must act on.
DIGEST_BUCKETS = ("overdue", "within_deadline", "done_late", "done_on_time")


def _send(name: str, *, to: str, context: dict) -> None:
    with translation.override("vi"):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def task_sources(tasks) -> dict[int, str]:
    """Where each task comes from, as the e-mail says it: the conclusion's
    number, or the criteria and the points they lost."""
    criteria = defaultdict(list)
    for link in TaskCriterion.objects.filter(task__in=tasks).select_related("criterion"):
        if link.points_lost is not None:
            points = f"{link.points_lost:.2f}".replace(".", ",")
            criteria[link.task_id].append(
                _("tiêu chí %(code)s (bị trừ %(points)s điểm)")
                % {"code": link.criterion.code, "points": points}
            )
        else:
            criteria[link.task_id].append(_("tiêu chí %(code)s") % {"code": link.criterion.code})
    sources = {}
    for task in tasks:
        parts = []
        if task.directive_id:
            parts.append(
                _("Thông báo kết luận số %(number)s") % {"number": task.directive.conclusion.number}
            )
        if criteria[task.pk]:
            parts.append(", ".join(criteria[task.pk]))
        sources[task.pk] = "; ".join(parts) or task.get_source_display()
    return sources


def send_reminder_digest(*, user, reminders, today: date) -> None:
    """One e-mail to `user` with every reminder of the day, grouped as offices
    report (overdue first, "quá hạn N ngày"), and the four buckets of the
    tasks the user follows."""
    by_task = {}
    for reminder in reminders:
        by_task.setdefault(reminder.task_id, (reminder.task, []))[1].append(reminder)
    groups = {"overdue": [], "within_deadline": []}
    for task, rows in by_task.values():
        overdue = task.is_overdue(today)
        if task.deadline is None:
            when = _("Thường xuyên")
        elif overdue:
            when = _("quá hạn %(days)s ngày") % {"days": (today - task.deadline).days}
        elif task.deadline >= today:
            when = _("còn %(days)s ngày") % {"days": (task.deadline - today).days}
        else:
            when = ""
        groups["overdue" if overdue else "within_deadline"].append(
            {
                "task": task,
                "when": when,
                "lateness": (today - task.deadline).days if overdue else 0,
                "reasons": [row.reason for row in rows],
                "url": settings.SITE_URL + task.get_absolute_url(),
            }
        )
    groups["overdue"].sort(key=lambda item: -item["lateness"])
    sections = [
        {
            "label": BUCKET_LABELS[key],
            "items": items[:DIGEST_LIMIT],
            "more": max(len(items) - DIGEST_LIMIT, 0),
        }
        for key, items in groups.items()
        if items
    ]
    # Sources only of the tasks the message lists (a head of agency may have thousands).
    shown = [item for section in sections for item in section["items"]]
    sources = task_sources([item["task"] for item in shown])
    for item in shown:
        item["source"] = sources[item["task"].pk]
    # The buckets of the figures module, which reports and dashboards read too.
    counts = task_buckets(tasks_visible_to(user).exclude(status__in=NOT_REPORTED), today=today)
    context = {
        "user": user,
        "today": today,
        "sections": sections,
        "count": len(by_task),
        "buckets": [(BUCKET_LABELS[key], getattr(counts, key)) for key in DIGEST_BUCKETS],
        "list_url": settings.SITE_URL + reverse("notifications:list"),
    }
    _send("reminder_digest", to=user.email, context=context)
