from django.core.management.base import BaseCommand

from tracker.schedules import schedules_sync


class Command(BaseCommand):
    help = "Ghi các lịch chạy định kỳ (settings.SCHEDULES) vào django-q2; chạy lại không tạo trùng."

    def handle(self, *args, **options):
        for schedule in schedules_sync():
            self.stdout.write(f"{schedule.name}: {schedule.cron} (lần tới {schedule.next_run})")
