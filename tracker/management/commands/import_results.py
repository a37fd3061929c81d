import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.forms.assessments import YEARS
from tracker.management.arguments import vn_date
from tracker.models import Unit
from tracker.selectors.assessments import assessment_summary
from tracker.services.criteria_sets import DEFAULT_INDEX
from tracker.services.results import PublishedResult, results_import_file
from tracker.services.results_import import ResultsImportError, fmt, parse_score

# argparse turns an ArgumentTypeError from a `type` into one line naming the
# option ("argument --year: …"); any other exception would be a traceback.


def _score(value: str):
    try:
        return parse_score(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"“{value}” không phải là số (ví dụ 61,14).") from error


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"cần số nguyên, nhận được “{value}”.") from error


def _positive(value: str) -> int:
    number = _whole(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"cần số nguyên từ 1 trở lên, nhận được “{value}”.")
    return number


def _year(value: str) -> int:
    year = _whole(value)
    if not YEARS["min_value"] <= year <= YEARS["max_value"]:
        raise argparse.ArgumentTypeError(
            f"cần năm từ {YEARS['min_value']} đến {YEARS['max_value']}, nhận được “{value}”."
        )
    return year


class Command(BaseCommand):
    help = (
        "Nhập kết quả chấm điểm của một đơn vị từ tệp .xlsx hoặc .csv (mỗi dòng một tiêu chí). "
        "Tệp có lỗi thì không lưu gì và liệt kê mọi lỗi theo dòng, cột. Nhập lại kết quả đã có "
        "thì số liệu công bố không ghi trong lệnh được giữ nguyên."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument("--unit", required=True, help="Mã đơn vị được đánh giá, ví dụ STP")
        parser.add_argument("--year", required=True, type=_year, help="Năm đánh giá, ví dụ 2022")
        parser.add_argument("--index", default=DEFAULT_INDEX, help="Mã chỉ số (mặc định PAR)")
        parser.add_argument("--published-total", type=_score, help="Tổng điểm công bố, ví dụ 61,14")
        parser.add_argument("--rank", type=_positive, help="Xếp hạng, ví dụ 16")
        parser.add_argument("--rank-of", type=_positive, help="Trên tổng số đơn vị, ví dụ 18")
        parser.add_argument("--rank-change", type=_whole, help="Số bậc tăng (+) hoặc giảm (-)")
        parser.add_argument(
            "--published-on",
            type=vn_date,
            help="Ngày công bố dd/mm/yyyy",
        )
        parser.add_argument("--source-document", default="", help="Văn bản công bố")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        published = PublishedResult(
            total=options["published_total"],
            rank=options["rank"],
            rank_of=options["rank_of"],
            rank_change=options["rank_change"],
            published_on=options["published_on"],
            source_document=options["source_document"],
        )
        try:
            assessment = results_import_file(
                unit=unit,
                index_code=options["index"].upper(),
                year=options["year"],
                content=path.read_bytes(),
                filename=path.name,
                published=published,
            )
        except ResultsImportError as error:
            lines = [f"Không nhập được “{path.name}”: {len(error.problems)} lỗi, chưa lưu gì."]
            lines += [f"  {problem}" for problem in error.problems]
            raise CommandError("\n".join(lines)) from error
        summary = assessment_summary(assessment=assessment)
        totals = summary.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {assessment}: {len(summary.nodes)} tiêu chí, "
                f"tổng điểm hệ thống tính {fmt(totals.total) if totals.total is not None else '—'}"
                f"/{fmt(totals.max_total)}."
            )
        )
        if summary.difference is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"Cảnh báo: tổng điểm công bố {fmt(summary.published_total)} khác tổng hệ "
                    f"thống tính: chênh lệch {fmt(summary.difference)} điểm."
                )
            )
