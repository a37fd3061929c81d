from django.core.management.base import BaseCommand

from notifications.demo import seed_notifications


class Command(BaseCommand):
    help = (
        "Thêm dữ liệu mẫu nhắc việc (chính sách, ngày nghỉ, nhắc việc đã gửi) sau seed_demo; "
        "chạy lại nhiều lần không thay đổi gì thêm."
    )

    def handle(self, *args, **options):
        counts = seed_notifications()
        self.stdout.write(
            self.style.SUCCESS(
                f"Nhắc việc mẫu: {counts['office_days']} ngày nghỉ/làm bù, "
                f"{counts['reminders']} nhắc việc mới cho {counts['tasks']} nhiệm vụ."
            )
        )
