from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc đến hạn (như lịch chạy 08:00 hằng ngày); gửi lại nhắc việc "
        "bị lỗi lần trước. Chạy lại nhiều lần không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            metavar='"YYYY-MM-DD HH:MM"',
            help="Chạy như thể đang là thời điểm này (giờ Việt Nam), ví dụ để chạy bù.",
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = timezone.make_aware(datetime.strptime(at, "%Y-%m-%d %H:%M"))
            except ValueError as error:
                raise CommandError(
                    f"--at “{at}” không đúng dạng “YYYY-MM-DD HH:MM” (ví dụ 2026-06-30 08:00)."
                ) from error
        result = reminders_send(now=now)
        if result.day_off:
            self.stdout.write(
                f"{timezone.localtime(now):%d/%m/%Y} không phải ngày làm việc: không gửi nhắc việc."
            )
            return
        self.stdout.write(
            f"Nhắc việc {timezone.localtime(now):%d/%m/%Y %H:%M}: ghi nhận {result.recorded}, "
            f"không gửi {result.skipped}, đã gửi {result.sent}, lỗi {result.failed}, "
            f"{result.emails} thư."
        )
        if result.failed:
            raise CommandError(f"{result.failed} nhắc việc gửi lỗi; sẽ gửi lại ở lần chạy sau.")
