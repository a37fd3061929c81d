"""Jobs the django-q2 worker runs for tracker: fetch by id, call the service."""

from django.utils import timezone

from tracker.models import Report
from tracker.services.reports import report_build


def build_report(report_id: int) -> None:
    """Build a requested report (a large one the page handed over). A report
    already built or failed is left alone, so a re-delivered job does nothing."""
    report = Report.objects.select_related("unit").filter(pk=report_id).first()
    if report is None or not report.in_progress:
        return
    report_build(report=report, now=timezone.now())
