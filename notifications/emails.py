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

from tracker.models import Task, TaskCriterion
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


def _when(task, overdue: bool, today: date) -> str:
    if task.deadline is None:
        return _("Thường xuyên")
    if overdue:
        return _("quá hạn %(days)s ngày") % {"days": (today - task.deadline).days}
    if task.deadline >= today:
        return _("còn %(days)s ngày") % {"days": (task.deadline - today).days}
    return ""


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
    tasks the user follows.

    `reminders` are (task, reason) pairs in the order the message lists them
    (by deadline), a task's reminders one after the other; they may be
    streamed: of a head of agency's thousands, only the first `DIGEST_LIMIT`
    tasks of each group are kept, the others counted. The task needs only
    what `Task.is_overdue` reads: the message reads the tasks it lists again."""
    groups = {"overdue": [], "within_deadline": []}
    found = dict.fromkeys(groups, 0)
    tasks, task_id, item = 0, None, None
    for task, reason in reminders:
        if task.pk != task_id:
            task_id, item = task.pk, None
            tasks += 1
            overdue = task.is_overdue(today)
            key = "overdue" if overdue else "within_deadline"
            found[key] += 1
            # By deadline, so the longest overdue come first.
            if found[key] <= DIGEST_LIMIT:
                item = {"task": task, "when": _when(task, overdue, today), "reasons": []}
                item["lateness"] = (today - task.deadline).days if overdue else 0
                groups[key].append(item)
        if item is not None:
            item["reasons"].append(reason)
    sections = [
        {
            "label": BUCKET_LABELS[key],
            "items": items,
            "more": max(found[key] - DIGEST_LIMIT, 0),
        }
        for key, items in groups.items()
        if items
    ]
    # What the message shows of the tasks it lists (a head of agency may have thousands).
    shown = [item for section in sections for item in section["items"]]
    listed = Task.objects.select_related("lead_unit", "directive__conclusion").in_bulk(
        [item["task"].pk for item in shown]
    )
    sources = task_sources(list(listed.values()))
    for item in shown:
        item["task"] = listed[item["task"].pk]
        item["source"] = sources[item["task"].pk]
        item["url"] = settings.SITE_URL + item["task"].get_absolute_url()
    # The buckets of the figures module, which reports and dashboards read too.
    counts = task_buckets(tasks_visible_to(user).exclude(status__in=NOT_REPORTED), today=today)
    context = {
        "user": user,
        "today": today,
        "sections": sections,
        "count": tasks,
        "buckets": [(BUCKET_LABELS[key], getattr(counts, key)) for key in DIGEST_BUCKETS],
        "list_url": settings.SITE_URL + reverse("notifications:list"),
    }
    _send("reminder_digest", to=user.email, context=context)
