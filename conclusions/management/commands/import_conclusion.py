from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from conclusions.models import Assignment
from conclusions.services import (
    ConclusionImportError,
    conclusion_import,
    conclusion_import_errors,
    conclusion_propose,
    proposal_inputs,
)
from tracker.lib.formats import vn_date
from tracker.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập một thông báo kết luận từ tệp .docx hoặc .txt: in từng nội dung chỉ đạo với "
        "đơn vị và thời hạn đọc được, rồi lưu (trừ khi có --dry-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .docx hoặc .txt của thông báo")
        parser.add_argument("--unit", required=True, help="Mã cơ quan ban hành, ví dụ STP")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và in, không lưu")

    def handle(self, *args, file, unit, dry_run, **options):
        agency = Unit.objects.filter(code=unit).first()
        if agency is None:
            raise CommandError(f"Không có đơn vị mã “{unit}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        try:
            proposal = conclusion_propose(agency=agency, data=path.read_bytes(), filename=path.name)
        except ConclusionImportError as error:
            raise CommandError("\n".join(error.messages)) from error
        self._print(proposal)
        # as on the review page: what needs a person does not stop the import;
        # a directive not sure of its units is saved waiting to be assigned
        for note in proposal.notes:
            self.stdout.write(f"Lưu ý: {note}")
        if proposal.problems:
            raise CommandError("\n".join(problem.message for problem in proposal.problems))
        data, directives = proposal_inputs(proposal)
        if dry_run:
            # the same checks as the real run, so a dry run that passes saves
            errors = conclusion_import_errors(agency, data, directives)
            if errors:
                raise CommandError("\n".join(errors))
            self.stdout.write("Chạy thử (--dry-run): chưa lưu gì.")
            return
        try:
            with path.open("rb") as handle:
                conclusion = conclusion_import(
                    agency=agency,
                    conclusion=data,
                    directives=directives,
                    original_file=File(handle, name=path.name) if path.suffix == ".docx" else None,
                )
        except ConclusionImportError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Đã lưu {conclusion} (mã {conclusion.pk})."))

    def _print(self, proposal):
        issued = vn_date(proposal.issued_on) or "?"
        self.stdout.write(f"Thông báo số {proposal.number or '?'} ngày {issued}")
        self.stdout.write(f"Người ký: {proposal.signer or '?'}")
        self.stdout.write(f"Cuộc họp: {proposal.meeting or '?'}")
        self.stdout.write(f"Năm kết quả: {proposal.assessment_year or '?'}")
        for directive in proposal.directives:
            units = [unit.name for unit in directive.units]
            if directive.every_office:
                units.append("mọi phòng, đơn vị")
            if directive.every_commune:
                units.append("mọi xã, phường, thị trấn")
            deadline = directive.deadline
            flag = " [CẦN KIỂM TRA]" if deadline.needs_review else ""
            self.stdout.write(f"\n{directive.label.rstrip('.)')}: {directive.text[:160]}")
            self.stdout.write(f"  Đơn vị: {', '.join(units) or '—'}")
            if directive.assignment != Assignment.ASSIGNED:
                self.stdout.write(f"  Tình trạng: {Assignment(directive.assignment).label}")
            self.stdout.write(f"  Thời hạn: “{deadline.text or '—'}” → {deadline.describe()}{flag}")
            if directive.indicator:
                self.stdout.write(f"  Chỉ tiêu: {directive.indicator.describe()}")
            if directive.supervisor:
                self.stdout.write(f"  Lãnh đạo phụ trách: {directive.supervisor}")
