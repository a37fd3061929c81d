"""Exports too large to write while the user waits: the request, then the file
the django-q2 worker wrote, downloaded by the one who asked."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    """The lists that export as a job; the label is the file's title."""

    BOARD = "board", _("Theo dõi thời hạn")
    MY_UNIT = "my_unit", _("Nhiệm vụ của đơn vị")


# The page each list is, to open it again with the export's filters.
LIST_URLS = {ExportKind.BOARD: "tasks:board", ExportKind.MY_UNIT: "tasks:my_unit"}


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xuất")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Đã xuất xong")
    FAILED = "failed", _("Không xuất được")


def export_path(instance, filename):
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class ExportFile(models.Model):
    """One list exported by the worker: what was asked (list, format, the
    page's query string with its filters and sort) and the file written."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất"),
        on_delete=models.CASCADE,
        related_name="export_files",
    )
    kind = models.CharField(_("danh sách"), max_length=16, choices=ExportKind.choices)
    file_format = models.CharField(_("định dạng"), max_length=8, choices=ExportFormat.choices)
    query = models.TextField(_("bộ lọc"), blank=True, help_text=_("Chuỗi truy vấn của trang."))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to=export_path, max_length=255, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    error = models.TextField(_("lý do không xuất được"), blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("thời điểm xuất xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="exportfile_owner_created")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_file_format_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def list_url(self) -> str:
        """The list with the export's filters and sort."""
        url = reverse(LIST_URLS[self.kind])
        return f"{url}?{self.query}" if self.query else url
