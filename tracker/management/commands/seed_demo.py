from django.core.management.base import BaseCommand
from django.db import transaction

from conclusions.demo import seed_conclusions
from tracker.demo.assessments import seed_assessments
from tracker.demo.org import DEMO_PASSWORD, seed_organisation, seed_users
from tracker.demo.tasks import seed_tasks


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật) dữ liệu mẫu; chạy lại nhiều lần không thay đổi gì thêm."

    @transaction.atomic
    def handle(self, *args, **options):
        units = seed_organisation()
        users = seed_users(units)
        # Each feature adds its demo data here, after what it builds on.
        seed_assessments(units)
        seed_conclusions(units)
        seed_tasks(units)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {len(units)} đơn vị."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(
                f"  {user.username:<14} {user.get_role_display():<24} {user.unit.name}"
            )
