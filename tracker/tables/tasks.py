import django_tables2 as tables
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from tracker.lib.formats import vn_date
from tracker.lib.tables import AppTable
from tracker.models.tasks import board_closed_last

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _yes_no(value) -> str:
    return str(_("Có")) if value else str(_("Không"))


class TaskTable(AppTable):
    """Tasks from a selector that annotates `overdue` and `done_late`."""

    title = tables.Column(_("Nhiệm vụ"), linkify=True)
    lead_unit = tables.Column(_("Đơn vị chủ trì"), order_by=("lead_unit__name",))
    assignee = tables.Column(_("Người thực hiện"), order_by=("assignee__full_name",))
    deadline = tables.Column(_("Hạn hoàn thành"), empty_values=())
    percent_complete = tables.Column(_("Tiến độ (%)"), attrs=NUM)
    status = tables.Column(_("Trạng thái"))
    overdue = tables.Column(_("Quá hạn"), visible=False)
    done_late = tables.Column(_("Hoàn thành muộn"), visible=False)

    class Meta(AppTable.Meta):
        order_by = ("deadline",)
        empty_text = _("Không có nhiệm vụ nào.")

    def order_deadline(self, queryset, is_descending):
        # Work still to do comes before finished and cancelled tasks, and
        # ongoing tasks (no deadline) last, on SQLite and PostgreSQL alike.
        deadline = (
            F("deadline").desc(nulls_last=True)
            if is_descending
            else F("deadline").asc(nulls_last=True)
        )
        return queryset.order_by(board_closed_last(), deadline, "pk"), True

    def render_deadline(self, record):
        return render_to_string(
            "partials/deadline.html",
            {
                "deadline": record.deadline,
                "ongoing": record.ongoing,
                "original": record.original_deadline,
            },
        )

    def value_deadline(self, record):
        # Text, not a date: CSV would carry ISO dates and a spreadsheet would
        # show them in the machine's locale; the office reads dd/mm/yyyy.
        if record.ongoing:
            return str(_("Thường xuyên"))
        if record.deadline is None:
            return ""
        return vn_date(record.deadline)

    def render_status(self, record):
        return render_to_string("tracker/tasks/_badges.html", {"task": record})

    def value_status(self, record):
        return record.get_status_display()

    def value_overdue(self, value):
        return _yes_no(value)

    def value_done_late(self, value):
        return _yes_no(value)
