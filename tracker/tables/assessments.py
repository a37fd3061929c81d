import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tracker.lib.tables import AppTable
from tracker.selectors.assessments import assessment_results

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _signed(value) -> str:
    return f"{'+' if value > 0 else ''}{number_format(value, 2)}"


class ScoreColumn(tables.Column):
    """A score shown as 5,75 on the page and exported as the number itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        kwargs.setdefault("default", "—")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return number_format(value, 2)

    def value(self, value):
        return value


class ChangeColumn(ScoreColumn):
    """+0,25 in green, −0,52 in red."""

    def render(self, value):
        css = "text-success" if value > 0 else "text-danger" if value < 0 else ""
        return format_html('<span class="{}">{}</span>', css, _signed(value))


class AssessmentTable(AppTable):
    """Assessments with the totals the system computes, worked out for the shown rows only."""

    year = tables.Column(_("Năm"), accessor="criteria_set__year")
    index = tables.Column(_("Chỉ số"), accessor="criteria_set__index__code")
    unit = tables.Column(
        _("Đơn vị"),
        accessor="unit__name",
        linkify=lambda record: reverse("assessments:detail", args=[record.pk]),
    )
    published_total = ScoreColumn(_("Tổng điểm công bố"))
    computed_total = ScoreColumn(_("Tổng điểm hệ thống tính"), empty_values=(), orderable=False)
    max_total = ScoreColumn(_("Điểm tối đa"), empty_values=(), orderable=False)
    percent = ScoreColumn(_("Tỷ lệ (%) – hệ thống tính"), empty_values=(), orderable=False)
    difference = tables.Column(
        _("Chênh lệch"), empty_values=(), orderable=False, attrs=NUM, default=""
    )
    rank = tables.Column(_("Xếp hạng"), accessor="rank_display", order_by=("rank",), attrs=NUM)
    rank_change = tables.Column(
        _("Thay đổi thứ hạng"),
        accessor="rank_change_display",
        order_by=("rank_change",),
        default="",
    )
    published_on = tables.DateColumn(verbose_name=_("Ngày công bố"))

    class Meta(AppTable.Meta):
        order_by = ("-year", "unit")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._results = {}

    def result(self, record):
        # Computed for the rows of the page in one go; an export, which walks
        # every row, computes the rest in one more go.
        if record.pk not in self._results:
            page = getattr(self, "page", None)
            rows = [row.record for row in page.object_list] if page else []
            if record.pk not in {row.pk for row in rows}:
                rows = list(self.data)
            self._results.update(assessment_results(assessments=rows))
        return self._results[record.pk]

    def render_computed_total(self, record):
        total = self.result(record).total
        return "—" if total is None else number_format(total, 2)

    def value_computed_total(self, record):
        return self.result(record).total

    def render_max_total(self, record):
        return number_format(self.result(record).totals.max_total, 2)

    def value_max_total(self, record):
        return self.result(record).totals.max_total

    def render_percent(self, record):
        percent = self.result(record).percent
        return "—" if percent is None else number_format(percent, 2)

    def value_percent(self, record):
        return self.result(record).percent

    def render_difference(self, record):
        difference = self.result(record).difference
        if difference is None:
            return ""
        return format_html(
            '<span class="badge text-bg-warning" title="{}">{}</span>',
            _("Tổng công bố khác tổng hệ thống tính"),
            _signed(difference),
        )

    def value_difference(self, record):
        return self.result(record).difference

    def value_published_on(self, value):
        return value


class LostPointsTable(AppTable):
    """Criteria that lost points (rows from `selectors.assessments.lost_points`)."""

    code = tables.Column(_("Mã"), order_by=("sort_key",))
    name = tables.Column(_("Tiêu chí"), attrs={"td": {"class": "col-wide"}})
    area_name = tables.Column(_("Lĩnh vực"), visible=False)
    level = tables.Column(_("Cấp"), attrs=NUM)
    max_score = ScoreColumn(_("Tối đa"))
    appraised_score = ScoreColumn(_("Thẩm định"))
    lost = ScoreColumn(_("Bị trừ"), attrs={"td": {"class": "num text-danger fw-semibold"}})
    percent = ScoreColumn(_("Đạt (%)"))
    previous_max = ScoreColumn(_("Năm trước: tối đa"), visible=False)
    previous_appraised = ScoreColumn(_("Năm trước"))
    change = ChangeColumn(_("Thay đổi"))
    tasks = tables.Column(_("Nhiệm vụ khắc phục"), empty_values=(), orderable=False)

    class Meta(AppTable.Meta):
        order_by = ("-lost",)
        row_attrs = {"data-code": lambda record: record.code}

    def __init__(self, *args, task_ids_by_code=None, tasks_url="", tasks_by_code=None, **kwargs):
        """`task_ids_by_code` gives the page its counts (a criterion's tasks load
        on demand from `tasks_url`); `tasks_by_code`, the export its task list."""
        super().__init__(*args, **kwargs)
        self.task_ids_by_code = task_ids_by_code or {}
        self.tasks_url = tasks_url
        self.tasks_by_code = tasks_by_code or {}

    def _below(self, by_code, record):
        prefix = record.code + "."
        return [
            value
            for code, value in by_code.items()
            if code == record.code or code.startswith(prefix)
        ]

    def remediation_tasks(self, record):
        """Tasks on this criterion or on any criterion below it (export only)."""
        return [task for tasks in self._below(self.tasks_by_code, record) for task in tasks]

    def remediation_count(self, record) -> int:
        return len(set().union(*self._below(self.task_ids_by_code, record)))

    def render_tasks(self, record):
        # Counts only: an agency's page once drew thousands of task badges
        # (1 MB); a criterion's tasks come from the server when asked.
        count = self.remediation_count(record)
        if not count:
            return "—"
        target = "remediation-" + record.code.replace(".", "-")
        return format_html(
            '<button type="button" class="btn btn-sm btn-outline-primary" '
            'hx-get="{}?ma={}" hx-target="#{}" hx-swap="innerHTML" '
            'data-testid="remediation-count">{}</button><div id="{}" class="mt-1"></div>',
            self.tasks_url,
            record.code,
            target,
            ngettext("%(count)d nhiệm vụ", "%(count)d nhiệm vụ", count) % {"count": count},
            target,
        )

    def value_tasks(self, record):
        return "; ".join(
            f"{task.title} ({task.lead_unit}, {task.get_status_display()})"
            for task in self.remediation_tasks(record)
        )

    def render_name(self, record, value):
        if record.level == 1:
            return format_html('<span class="fw-semibold">{}</span>', value)
        return value

    def value_name(self, value):
        return value


class PeerTable(AppTable):
    """Peers ranked (rows from `selectors.assessments.peer_ranking`)."""

    position = tables.Column(_("Thứ tự"), attrs=NUM)
    unit = tables.Column(_("Đơn vị"), accessor="assessment__unit__name")
    official_total = ScoreColumn(_("Tổng điểm"), accessor="result__official_total")
    max_total = ScoreColumn(_("Điểm tối đa"), accessor="result__totals__max_total")
    percent = ScoreColumn(_("Tỷ lệ (%) – theo tổng công bố"), accessor="result__official_percent")
    rank = tables.Column(
        _("Xếp hạng công bố"), accessor="assessment__rank_display", attrs=NUM, default=""
    )
    rank_change = tables.Column(
        _("Thay đổi thứ hạng"), accessor="assessment__rank_change_display", default=""
    )

    class Meta(AppTable.Meta):
        orderable = False
        row_attrs = {"data-unit": lambda record: record.assessment.unit.code}

    def __init__(self, *args, visible_unit_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_unit_ids = visible_unit_ids

    def render_unit(self, record, value):
        if record.assessment.unit_id in self.visible_unit_ids:
            url = reverse("assessments:detail", args=[record.assessment.pk])
            return format_html('<a href="{}">{}</a>', url, value)
        return value

    def value_unit(self, value):
        return value
