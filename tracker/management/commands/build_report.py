from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import ReportKind, ReportStatus, Unit, User
from tracker.permissions import can_make_report
from tracker.services.reports import ReportError, report_build, report_request


class Command(BaseCommand):
    help = (
        "Lập báo cáo tiến độ khắc phục Chỉ số CCHC (quarterly: của cơ quan; unit: của một "
        "đơn vị) hoặc công văn đôn đốc (urging), lưu lại trong hệ thống và ghi ra tệp .docx."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--unit", required=True, help="Mã cơ quan hoặc đơn vị, ví dụ STP")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--quarter", type=int, help="1 đến 4; bỏ trống: cả năm đến nay")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp .docx")
        parser.add_argument("--number", default="", help="Số văn bản; bỏ trống để văn thư ghi")
        parser.add_argument("--user", help="Tên đăng nhập người lập (ghi vào văn bản đã lập)")

    def handle(self, *args, kind, unit, year, quarter, output, number, user, **options):
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"Không có đơn vị mã {unit!r}.")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user!r}.")
            if not can_make_report(actor, target, kind):
                raise CommandError(f"{actor.username} không được lập văn bản này cho {target}.")
        now = timezone.now()
        try:
            report = report_request(
                kind=kind,
                unit=target,
                year=year,
                quarter=quarter,
                user=actor,
                now=now,
                number=number,
            )
        except ReportError as error:
            raise CommandError(str(error)) from error
        # A command waits for its result, large or not: no worker involved.
        report = report_build(report=report, now=now)
        if report.status != ReportStatus.DONE:
            raise CommandError(report.error)
        with report.file.open("rb") as kept:
            Path(output).write_bytes(kept.read())
        self.stdout.write(f"Đã lập {report} → {output} (sha256 {report.sha256[:16]}…)")
