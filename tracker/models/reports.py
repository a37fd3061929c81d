"""Word documents the system generated, kept as they were handed out."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models.org import Unit


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Báo cáo tiến độ khắc phục của cơ quan")
    UNIT = "unit", _("Báo cáo tiến độ của đơn vị")
    URGING = "urging", _("Công văn đôn đốc nhiệm vụ quá hạn")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ lập")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã lập")
    FAILED = "failed", _("Không lập được")


def report_path(instance, filename):
    return f"reports/{instance.year}/{instance.pk}-{instance.sha256[:12]}.docx"


class Report(models.Model):
    """One generated document: what it was asked for (kind, unit, period and the
    parameters such as signer and number), the figures it was built from, and
    the file itself, downloaded again byte for byte."""

    kind = models.CharField(_("loại văn bản"), max_length=16, choices=ReportKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    figures = models.JSONField(_("số liệu"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    error = models.TextField(_("lý do không lập được"), blank=True)
    file = models.FileField(_("tệp"), upload_to=report_path, max_length=255, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # The report this one builds again, to show what changed since.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("lập lại từ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống khi văn bản được lập bằng lệnh quản trị."),
    )
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("thời điểm lập xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đã lập")
        verbose_name_plural = _("văn bản đã lập")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "kind", "year", "quarter"], name="report_unit_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit} – {self.period_label}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.quarter:
            return _("quý %(q)s/%(year)s") % {"q": self.quarter, "year": self.year}
        return _("năm %(year)s") % {"year": self.year}

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.PENDING, ReportStatus.RUNNING)
