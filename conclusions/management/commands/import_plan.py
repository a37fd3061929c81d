from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conclusions.plan_services import (
    PlanHeader,
    plan_import,
    plan_propose,
    tasks_generate_from_plan,
)
from conclusions.plans import PlanError
from tracker.lib.formats import vn_date
from tracker.models import Unit, User


def _date(text: str):
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.") from error


class Command(BaseCommand):
    help = (
        "Nhập kế hoạch CCHC năm từ tệp .docx hoặc .xlsx: in từng nhiệm vụ với đơn vị và "
        "thời hạn đọc được, rồi lưu (trừ khi có --dry-run); dòng lỗi được nêu theo số dòng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .docx hoặc .xlsx của kế hoạch")
        parser.add_argument("--unit", required=True, help="Mã cơ quan, ví dụ STP")
        parser.add_argument("--number", required=True, help="Số kế hoạch, ví dụ 15/KH-STP")
        parser.add_argument("--signed-on", required=True, help="Ngày ban hành dd/mm/yyyy")
        parser.add_argument("--year", required=True, type=int, help="Năm kế hoạch")
        parser.add_argument("--user", required=True, help="Tài khoản văn phòng nhập kế hoạch")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và in, không lưu")
        parser.add_argument(
            "--generate", action="store_true", help="Lập luôn nhiệm vụ dự thảo từ kế hoạch"
        )

    def handle(
        self, *args, file, unit, number, signed_on, year, user, dry_run, generate, **options
    ):
        agency = Unit.objects.filter(code=unit).first()
        if agency is None:
            raise CommandError(f"Không có đơn vị mã “{unit}”.")
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Không có tài khoản “{user}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        header = PlanHeader(number=number, signed_on=_date(signed_on), year=year)
        data = path.read_bytes()
        try:
            proposal = plan_propose(agency=agency, header=header, data=data, filename=path.name)
        except PlanError as error:
            raise CommandError("\n".join(error.messages)) from error
        for item in proposal.items:
            units = ", ".join(unit.name for unit in item.lead_units) or "?"
            due = "thường xuyên" if item.ongoing else vn_date(item.deadline) or "?"
            self.stdout.write(f"{item.row.label}: {item.row.get('text')[:120]} → {units}; {due}")
            for note in item.notes:
                self.stdout.write(f"  Lưu ý: {note}")
        if proposal.errors:
            raise CommandError("\n".join(proposal.errors))
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): chưa lưu gì.")
            return
        try:
            plan = plan_import(
                agency=agency, user=account, header=header, data=data, filename=path.name
            )
        except PlanError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Đã lưu {plan} với {plan.items.count()} nhiệm vụ (mã {plan.pk}).")
        )
        if generate:
            result = tasks_generate_from_plan(plan=plan, user=account)
            self.stdout.write(f"Đã lập {len(result.created)} nhiệm vụ dự thảo.")
            for proposal, reason in result.refused:
                self.stdout.write(f"Không lập được “{proposal.title}”: {reason}")
