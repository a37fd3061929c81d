"""The change history of results and conclusions, for the pages that show them.

Tasks have their own richer history (tracker.selectors.tasks.task_history);
this reads simple_history's rows of any model the same way: who, when, and
each field's old → new value.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.models import User

ACTIONS = {"+": gettext_lazy("Tạo"), "~": gettext_lazy("Cập nhật"), "-": gettext_lazy("Xóa")}
# Bookkeeping fields that say nothing to a reader.
HIDDEN = {"sort_key", "level", "path", "parent"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    user: User | None
    action: str
    subject: str
    created: bool
    changes: list[Change]


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return str(value)


def history_entries(
    histories: list[tuple[Callable[[object], str], QuerySet]], *, limit: int = 200
) -> list[Entry]:
    """The newest `limit` changes across `histories`, newest first.

    Each item is (a function naming what a row is about, a historical
    queryset); a row is compared with the previous row of the same object.
    One query per queryset."""
    entries = []
    for subject, queryset in histories:
        model = queryset.model.instance_type
        rows = list(queryset.select_related("history_user").order_by("id", "history_date", "pk"))
        previous = {}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            if before is None or row.history_type != "~":
                changes = []
            else:
                delta = row.diff_against(before)
                changes = [
                    Change(
                        label=str(model._meta.get_field(change.field).verbose_name),
                        old=_shown(change.old),
                        new=_shown(change.new),
                    )
                    for change in delta.changes
                    if change.field not in HIDDEN
                ]
                if not changes:
                    continue
            entries.append(
                Entry(
                    when=row.history_date,
                    user=row.history_user,
                    action=str(ACTIONS.get(row.history_type, "")),
                    subject=subject(row),
                    created=row.history_type == "+",
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def assessment_history(*, assessment) -> list[Entry]:
    """The assessment's published figures and every score, as changed over time."""
    from tracker.models import Assessment, Criterion, Score

    codes = dict(
        Criterion.objects.filter(criteria_set=assessment.criteria_set_id).values_list("pk", "code")
    )
    return history_entries(
        [
            (lambda row: _("Kết quả"), Assessment.history.filter(id=assessment.pk)),
            (
                lambda row: (
                    _("Điểm tiêu chí %(code)s") % {"code": codes.get(row.criterion_id, "?")}
                ),
                Score.history.filter(assessment_id=assessment.pk),
            ),
        ]
    )
