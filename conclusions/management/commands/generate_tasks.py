from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from conclusions.generation import tasks_generate_from_conclusion
from conclusions.models import Conclusion
from tracker.management.arguments import vn_date
from tracker.models import Assessment, Unit, User
from tracker.permissions import can_create_task
from tracker.services.generation import tasks_generate_from_assessment


class Command(BaseCommand):
    help = (
        "Tạo nhiệm vụ dự thảo từ các tiêu chí bị trừ điểm của một năm "
        "và (tùy chọn) từ một thông báo kết luận; chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã cơ quan được đánh giá, ví dụ STP")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--index", default="PAR")
        parser.add_argument(
            "--conclusion",
            dest="conclusion_number",
            help="Số thông báo kết luận, ví dụ 45/TB-STP",
        )
        parser.add_argument("--deadline", type=vn_date, help="Hạn chung dd/mm/yyyy")
        parser.add_argument(
            "--user", required=True, help="Tên đăng nhập của cán bộ văn phòng, ghi vào lịch sử"
        )

    def handle(self, *args, unit, year, index, conclusion_number, deadline, user, **options):
        assessed = Unit.objects.filter(code=unit).first()
        if assessed is None:
            raise CommandError(f"Không có đơn vị mã {unit!r}.")
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"Không có người dùng {user!r}.")
        if not can_create_task(actor, assessed):
            raise CommandError(f"{actor.username} không phải cán bộ văn phòng của {assessed}.")
        assessment = Assessment.objects.filter(
            unit=assessed, criteria_set__year=year, criteria_set__index__code=index
        ).first()
        if assessment is None:
            raise CommandError(f"{assessed} chưa có kết quả {index} năm {year}.")
        conclusion = None
        if conclusion_number:
            conclusion = Conclusion.objects.filter(
                issuing_unit=assessed, number=conclusion_number
            ).first()
            if conclusion is None:
                raise CommandError(
                    f"{assessed} không có thông báo kết luận số {conclusion_number!r}."
                )
        # The same services as the review pages, so a commune's tasks belong
        # to its district here too; one transaction, as a single run.
        with transaction.atomic():
            result = tasks_generate_from_assessment(
                assessment=assessment, user=actor, deadline=deadline
            )
            if conclusion is not None:
                result += tasks_generate_from_conclusion(conclusion=conclusion, user=actor)
        for task in result.created:
            self.stdout.write(f"+ {task.lead_unit.code:<10} {task.title}")
        for proposal in result.without_unit:
            self.stdout.write(f"? chưa có đơn vị chủ trì: {proposal.title}")
        for proposal, reason in result.refused:
            self.stdout.write(f"! {proposal.title}: {reason}")
        self.stdout.write(
            f"Đã tạo {len(result.created)} nhiệm vụ dự thảo; "
            f"{len(result.already_existing)} đã có từ trước, không tạo lại; "
            f"{len(result.without_unit)} chưa có đơn vị chủ trì; "
            f"{len(result.refused)} không tạo được."
        )
