"""Jobs the django-q2 worker runs for tracker: fetch by id, call the service."""

from django.utils import timezone

from tracker.models import ExportFile, Report
from tracker.services.exports import export_build
from tracker.services.reports import report_build


def build_report(report_id: int) -> None:
    """Build a requested report (a large one the page handed over). A report
    already built or failed is left alone, so a re-delivered job does nothing."""
    report = Report.objects.select_related("unit").filter(pk=report_id).first()
    if report is None or not report.in_progress:
        return
    report_build(report=report, now=timezone.now())


def build_export(export_id: int) -> None:
    """Write a requested export (a list too long for the page). One already
    written or failed is left alone, so a re-delivered job does nothing."""
    export = ExportFile.objects.select_related("owner").filter(pk=export_id).first()
    if export is None or not export.in_progress:
        return
    export_build(export=export, now=timezone.now())
