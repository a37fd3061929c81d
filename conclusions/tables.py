import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conclusions.models import Conclusion
from tracker.lib.tables import AppTable


class ConclusionTable(AppTable):
    number = tables.Column(verbose_name=_("Số"), linkify=True)
    issued_on = tables.DateColumn(verbose_name=_("Ngày ban hành"), format="d/m/Y")
    issuing_unit = tables.Column(verbose_name=_("Cơ quan ban hành"))
    meeting = tables.Column(verbose_name=_("Cuộc họp"))
    signer = tables.Column(verbose_name=_("Người ký"))
    assessment_year = tables.Column(verbose_name=_("Năm kết quả"))
    directive_count = tables.Column(
        verbose_name=_("Nội dung chỉ đạo"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    flagged_count = tables.Column(verbose_name=_("Thời hạn cần kiểm tra"))
    waiting_count = tables.Column(verbose_name=_("Chờ giao đơn vị"))

    class Meta(AppTable.Meta):
        model = Conclusion
        fields = [
            "number",
            "issued_on",
            "issuing_unit",
            "meeting",
            "signer",
            "assessment_year",
            "directive_count",
            "flagged_count",
            "waiting_count",
        ]
        order_by = ["-issued_on"]

    def render_flagged_count(self, value):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-warning">{}</span>', value)

    def render_waiting_count(self, value):
        return self.render_flagged_count(value)

    def value_issued_on(self, value):
        return value

    def value_flagged_count(self, value):
        return value

    def value_waiting_count(self, value):
        return value
