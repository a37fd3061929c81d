from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from tracker.demo.org import DEMO_PASSWORD, seed_organisation, seed_users


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật) dữ liệu mẫu; chạy lại nhiều lần không thay đổi gì thêm."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (tài khoản mẫu dùng mật khẩu công khai).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo tạo tài khoản mẫu với mật khẩu công khai: không chạy khi DEBUG tắt "
                "(thêm --force nếu đây thật sự là máy trình diễn)."
            )
        units = seed_organisation()
        users = seed_users(units)
        for seeder in settings.DEMO_SEEDERS:
            import_string(seeder)(units)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {len(units)} đơn vị."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):")
        for user in users:
            role = "Quản trị kỹ thuật (superuser)" if user.is_superuser else user.get_role_display()
            where = user.unit.name if user.unit else "–"
            self.stdout.write(f"  {user.username:<14} {role:<24} {where}")
