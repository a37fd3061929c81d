from datetime import date

import django_tables2 as tables
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tracker.lib.tables import AppTable
from tracker.lib.text import vietnamese_order
from tracker.models.tasks import board_closed_last
from tracker.selectors.recoverable import cents, recoverable_points, with_recoverable

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _yes_no(value) -> str:
    return str(_("Có")) if value else str(_("Không"))


class TaskTable(AppTable):
    """Tasks from a selector that annotates `overdue` and `done_late`."""

    title = tables.Column(_("Nhiệm vụ"), linkify=True)
    lead_unit = tables.Column(_("Đơn vị chủ trì"), order_by=("lead_unit__name",))
    assignee = tables.Column(_("Người thực hiện"), order_by=("assignee__full_name",))
    deadline = tables.Column(_("Hạn hoàn thành"), empty_values=())
    days_overdue = tables.Column(
        _("Số ngày quá hạn"), empty_values=(), order_by=("deadline",), attrs=NUM, default=""
    )
    percent_complete = tables.Column(_("Tiến độ (%)"), attrs=NUM)
    status = tables.Column(_("Trạng thái"))
    recoverable = tables.Column(
        _("Điểm có thể gỡ"), accessor="pk", orderable=False, attrs=NUM, empty_values=()
    )
    overdue = tables.Column(_("Quá hạn"), visible=False)
    done_late = tables.Column(_("Hoàn thành muộn"), visible=False)

    class Meta(AppTable.Meta):
        template_name = "tracker/tasks/_task_table.html"
        order_by = ("deadline",)
        empty_text = _("Không có nhiệm vụ nào.")

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    @cached_property
    def page_tasks(self) -> list:
        """The page's tasks as the row template reads them: `recoverable` and
        `days_overdue` set (None when not linked / not overdue)."""
        tasks = with_recoverable(row.record for row in self.page.object_list)
        for task in tasks:
            task.days_overdue = self.value_days_overdue(task)
        return tasks

    def value_days_overdue(self, record):
        if not record.overdue:
            return None
        return (self.today - record.deadline).days

    def _recoverable(self, record):
        # Computed for the rows shown (the page, or every row of an export) at
        # once: the share of a criterion depends on the other tasks remedying it.
        if not hasattr(self, "_recoverable_points"):
            rows = self.page.object_list if hasattr(self, "page") else self.rows
            self._recoverable_points = recoverable_points(task_ids=[row.record.pk for row in rows])
        return self._recoverable_points.get(record.pk)

    def value_recoverable(self, record):
        points = self._recoverable(record)
        # A number, so a spreadsheet sums the column.
        return None if points is None else cents(points)

    def order_deadline(self, queryset, is_descending):
        # Work still to do comes before finished and cancelled tasks, and
        # ongoing tasks (no deadline) last, on SQLite and PostgreSQL alike.
        deadline = (
            F("deadline").desc(nulls_last=True)
            if is_descending
            else F("deadline").asc(nulls_last=True)
        )
        return queryset.order_by(board_closed_last(), deadline, "pk"), True

    def order_lead_unit(self, queryset, is_descending):
        return _by_name(queryset, "lead_unit__name", is_descending), True

    def order_assignee(self, queryset, is_descending):
        return _by_name(queryset, "assignee__full_name", is_descending), True

    def value_title(self, record):
        return record.full_title

    def value_deadline(self, record):
        # A date cell (the export shows it dd/mm/yyyy); an ongoing task says so.
        if record.ongoing:
            return str(_("Thường xuyên"))
        return record.deadline

    def value_status(self, record):
        return record.get_status_display()

    def value_overdue(self, value):
        return _yes_no(value)

    def value_done_late(self, value):
        return _yes_no(value)


def _by_name(queryset, field: str, is_descending: bool):
    name = vietnamese_order(field)
    return queryset.order_by(name.desc() if is_descending else name.asc(), "pk")
