"""Generating the Word documents and keeping them.

A request is kept first (who, when, kind, unit, period and the parameters:
letterhead, signature, recipients); building it computes the figures, writes
the document dated at the request and stores the bytes with their sha256 and
the figures as data. Building again from the same figures and parameters
gives the same bytes; a regeneration is a new request pointing at the old one.
"""

import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_q.tasks import async_task

from tracker.models import Report, ReportKind, ReportStatus, Unit, User
from tracker.models.org import AGENCY_KINDS
from tracker.reports.format import Letterhead, Signature
from tracker.reports.issuer import (
    agency_signer,
    letter_letterhead,
    report_letterhead,
    signature_of,
    unit_signer,
)
from tracker.reports.quarterly import build_quarterly_report
from tracker.reports.unit import build_unit_report
from tracker.reports.urging import SUBJECT, NothingToUrge, build_urging_letter
from tracker.selectors.progress import (
    PeriodError,
    ProgressFigures,
    figures_data,
    period_for,
    progress_figures,
    scope_tasks,
)

logger = logging.getLogger(__name__)

# The units are asked to answer an urging letter within this many days.
URGING_REPLY_DAYS = 7


class ReportError(ValueError):
    """A report that cannot be made as asked; the message says why, in Vietnamese."""


def check_report_request(*, kind: str, unit: Unit, year: int, quarter: int | None, now) -> None:
    """Refuse what no document can be made of, naming the field at fault."""
    if kind not in ReportKind.values:
        raise ReportError(f"Loại văn bản “{kind}” không có: chọn quarterly, unit hoặc urging.")
    try:
        period_for(year=year, quarter=quarter, today=timezone.localdate(now))
    except PeriodError as error:
        raise ReportError(str(error)) from error
    is_agency = unit.kind in AGENCY_KINDS
    if kind in (ReportKind.QUARTERLY, ReportKind.URGING) and not is_agency:
        raise ReportError(
            f"{unit.name} không phải cơ quan được đánh giá: chọn báo cáo của đơn vị, hoặc chọn "
            "cơ quan của đơn vị này."
        )
    if kind == ReportKind.UNIT and is_agency:
        raise ReportError(
            f"{unit.name} là cơ quan: chọn báo cáo tiến độ của cơ quan cho cơ quan, báo cáo "
            "của đơn vị cho một phòng, đơn vị hoặc xã."
        )


def report_parameters(*, kind: str, unit: Unit, user: User | None, number: str = "") -> dict:
    """Letterhead, signature, addressee and copies worked out now and kept, so a
    download or a rebuild says what the first one said."""
    agency = unit.agency
    if kind == ReportKind.UNIT:
        letterhead = report_letterhead(unit, number=number)
        signature = signature_of(unit_signer(unit), fallback_title="Thủ trưởng đơn vị")
        addressee = f"Lãnh đạo {agency.name}"
        copies = ["Như trên", f"Văn phòng {agency.name}", f"Lưu: {letterhead.symbol[3:]}"]
    else:
        signature = signature_of(agency_signer(agency), fallback_title="Thủ trưởng cơ quan")
        drafter = user.unit if user and user.unit_id and user.unit.is_within(agency) else None
        drafter_part = drafter.code.rsplit("-", 1)[-1] if drafter and drafter != agency else "VP"
        if kind == ReportKind.URGING:
            letterhead = letter_letterhead(agency, drafter=drafter, subject=SUBJECT, number=number)
            addressee = ""
            copies = ["Như trên", "Lãnh đạo cơ quan (để b/c)", f"Lưu: VT, {drafter_part}"]
        else:
            letterhead = report_letterhead(agency, number=number)
            addressee = agency.parent.name if agency.parent_id else ""
            copies = [
                "Như trên" if addressee else "Lãnh đạo cơ quan",
                "Các phòng, đơn vị trực thuộc",
                f"Lưu: VT, {drafter_part}",
            ]
    return {
        "letterhead": asdict(letterhead),
        "signature": asdict(signature),
        "addressee": addressee,
        "copies": copies,
    }


@transaction.atomic
def report_request(
    *,
    kind: str,
    unit: Unit,
    year: int,
    quarter: int | None,
    user: User | None,
    now: datetime,
    number: str = "",
    previous: Report | None = None,
) -> Report:
    """Keep a request for a document (status pending). Raises ReportError on a
    kind the unit cannot have or a quarter outside 1–4. A regeneration
    (`previous`) keeps the parameters of the report it rebuilds."""
    check_report_request(kind=kind, unit=unit, year=year, quarter=quarter, now=now)
    parameters = (
        previous.parameters
        if previous is not None
        else report_parameters(kind=kind, unit=unit, user=user, number=number.strip())
    )
    return Report.objects.create(
        kind=kind,
        unit=unit,
        year=year,
        quarter=quarter,
        parameters=parameters,
        created_by=user,
        created_at=now,
        previous=previous,
    )


def runs_in_background(report: Report) -> bool:
    """A report over many tasks (a province's) is built by the worker."""
    return scope_tasks(unit=report.unit).count() > settings.REPORT_BACKGROUND_TASKS


@dataclass
class BuiltDocument:
    content: bytes
    figures: ProgressFigures


def build_document(
    *, kind: str, unit: Unit, year: int, quarter: int | None, parameters: dict, now: datetime
) -> BuiltDocument:
    """The document's bytes and the figures they show, dated `now` (the request's
    time); raises ReportError when there is nothing to write (an urging letter
    with no overdue task)."""
    today = timezone.localdate(now)
    local_now = timezone.localtime(now)
    figures = progress_figures(
        unit=unit, year=year, quarter=quarter, today=today, with_tasks=kind == ReportKind.UNIT
    )
    letterhead = Letterhead(**parameters["letterhead"])
    signature = Signature(**parameters["signature"])
    if kind == ReportKind.URGING:
        try:
            content = build_urging_letter(
                figures=figures,
                letterhead=letterhead,
                signature=signature,
                reply_by=today + timedelta(days=URGING_REPLY_DAYS),
                copies=parameters["copies"],
                now=local_now,
            )
        except NothingToUrge as error:
            raise ReportError(str(error)) from error
    else:
        builder = build_unit_report if kind == ReportKind.UNIT else build_quarterly_report
        content = builder(
            figures=figures,
            letterhead=letterhead,
            signature=signature,
            addressee=parameters["addressee"],
            copies=parameters["copies"],
            now=local_now,
        )
    return BuiltDocument(content=content, figures=figures)


def report_filename(report: Report) -> str:
    """A plain ASCII name any system keeps, e.g. bao-cao-tien-do-khac-phuc-stp-quy-2-2026.docx."""
    names = {
        ReportKind.QUARTERLY: "bao-cao-tien-do-khac-phuc",
        ReportKind.UNIT: "bao-cao-tien-do-don-vi",
        ReportKind.URGING: "cong-van-don-doc",
    }
    period = f"quy-{report.quarter}-{report.year}" if report.quarter else f"nam-{report.year}"
    return f"{names[report.kind]}-{slugify(report.unit.code)}-{period}.docx"


def report_build(*, report: Report, now: datetime) -> Report:
    """Build a requested report and keep its file and figures.

    Side effects: the status moves to running, then done (file stored under
    media/reports/, sha256, size, figures as JSON, finished_at = `now`) or
    failed with the reason in words. The document is dated at the request
    (`report.created_at`), so a rebuild of the same figures is identical.
    """
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    try:
        built = build_document(
            kind=report.kind,
            unit=report.unit,
            year=report.year,
            quarter=report.quarter,
            parameters=report.parameters,
            now=report.created_at,
        )
    except ReportError as error:
        report.status, report.error, report.finished_at = ReportStatus.FAILED, str(error), now
        report.save(update_fields=["status", "error", "finished_at"])
        return report
    except Exception:
        # A fault, not bad input: the page stops waiting, the log and the
        # worker keep the traceback.
        logger.exception("Report %s could not be built", report.pk)
        report.status, report.finished_at = ReportStatus.FAILED, now
        report.error = "Lỗi hệ thống khi lập văn bản; đề nghị báo quản trị hệ thống."
        report.save(update_fields=["status", "error", "finished_at"])
        raise
    with transaction.atomic():
        report.sha256 = hashlib.sha256(built.content).hexdigest()
        report.size = len(built.content)
        report.filename = report_filename(report)
        report.figures = figures_data(built.figures)
        report.status, report.error, report.finished_at = ReportStatus.DONE, "", now
        report.file.save(report.filename, ContentFile(built.content), save=False)
        report.save()
    return report


def report_generate(
    *,
    kind: str,
    unit: Unit,
    year: int,
    quarter: int | None,
    user: User | None,
    now: datetime,
    number: str = "",
    previous: Report | None = None,
) -> Report:
    """Request a report and build it now, or hand it to the django-q2 worker when
    it is large (the page then shows its progress). Raises ReportError as
    `report_request` does."""
    report = report_request(
        kind=kind,
        unit=unit,
        year=year,
        quarter=quarter,
        user=user,
        now=now,
        number=number,
        previous=previous,
    )
    if runs_in_background(report):
        transaction.on_commit(lambda: async_task("tracker.tasks.build_report", report.pk))
        return report
    return report_build(report=report, now=now)
