"""Indices, criteria, assessments and scores; result sheets as councils send them."""

import csv
import io
from decimal import Decimal

import factory
from openpyxl import Workbook

from tests.factories.org import DepartmentFactory
from tracker.models import Assessment, CriteriaSet, Criterion, Index, Score, Target, UnitKind


class IndexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Index
        django_get_or_create = ["code"]

    code = "PAR"
    name = "Chỉ số cải cách hành chính (PAR Index)"


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet
        django_get_or_create = ["index", "year", "audience"]

    index = factory.SubFactory(IndexFactory)
    year = 2022
    audience = UnitKind.DEPARTMENT


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Tiêu chí số {n + 1}")
    max_score = Decimal("5.00")


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    unit = factory.SubFactory(DepartmentFactory)
    criteria_set = factory.SubFactory(CriteriaSetFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assessment = factory.SubFactory(AssessmentFactory)
    criterion = factory.SubFactory(
        CriterionFactory, criteria_set=factory.SelfAttribute("..assessment.criteria_set")
    )
    appraised_score = Decimal("4.00")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    unit = factory.SubFactory(DepartmentFactory)
    criterion = factory.SubFactory(CriterionFactory)
    target_score = Decimal("4.50")
    letter_number = "795/STP-VP"


def scored_tree(assessment, areas: int, children: int) -> list[Score]:
    """`areas` areas of `children` criteria each (shared by the set), each losing 0.25."""
    scores = []
    criteria_set = assessment.criteria_set
    for area in range(1, areas + 1):
        area_criterion, _ = Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            code=str(area),
            defaults={"name": f"Lĩnh vực {area}", "max_score": Decimal(children)},
        )
        for child in range(1, children + 1):
            criterion, _ = Criterion.objects.get_or_create(
                criteria_set=criteria_set,
                code=f"{area}.{child}",
                defaults={
                    "parent": area_criterion,
                    "name": f"Tiêu chí {area}.{child}",
                    "max_score": Decimal("1.00"),
                },
            )
            scores.append(
                Score.objects.create(
                    assessment=assessment, criterion=criterion, appraised_score=Decimal("0.75")
                )
            )
    return scores


# -- sheets --------------------------------------------------------------------

HEADER = ["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"]
TITLE_ROWS = [
    ["UBND TỈNH NAM SƠN", None, None, None, None],
    ["KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022", None, None, None, None],
    ["Đơn vị: Sở Tư pháp", None, None, None, None],
    [None, None, None, None, None],
]

# The Department of Justice 2022 as published (DESIGN.md): eight areas adding up
# to 60.91 of 74.00, with criteria under two of them.
DOJ_2022 = [
    ("1", "Công tác chỉ đạo điều hành", "6.50", "6.50", "5.75"),
    ("2", "Cải cách thể chế", "6.75", "6.75", "6.50"),
    ("3", "Cải cách thủ tục hành chính", "16.75", "15.50", "13.00"),
    ("3.1", "Công khai TTHC trên Cổng dịch vụ công", "2.50", "2.50", "2.50"),
    ("3.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "4.00", "3.50", "3.00"),
    ("4", "Cải cách tổ chức bộ máy hành chính", "7.00", "7.00", "7.00"),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", "11.50", "11.50", "11.50"),
    ("6", "Cải cách tài chính công", "7.50", "7.50", "7.50"),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "13.00", "10.00", "7.23"),
    ("7.1", "Cung cấp dịch vụ công trực tuyến toàn trình", "3.00", "2.00", "1.23"),
    ("7.2", "Chuyển đổi số, dữ liệu số", "3.00", "2.00", "1.25"),
    ("8", "Đo lường sự hài lòng của người dân, tổ chức", "5.00", "4.00", "2.43"),
]


def sheet_rows(rows, *, decimal_comma=False) -> list[list]:
    """Result rows as a council's sheet: numbers as numbers, or as '5,75' text."""

    def cell(value):
        if value is None or not _is_number(value):
            return value
        return str(value).replace(".", ",") if decimal_comma else float(value)

    return [[code, name, *(cell(n) for n in numbers)] for code, name, *numbers in rows]


def _is_number(value) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def xlsx_bytes(rows, *, header=HEADER, title_rows=TITLE_ROWS, footer=True) -> bytes:
    """A workbook with a title block, the header, the rows, a total line and blank lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    for row in title_rows:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if footer:
        sheet.append([None, "Tổng cộng", None, None, None])
        sheet.append([None] * len(header))
        sheet.append([None] * len(header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, header=HEADER, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Kết quả thẩm định năm 2022"] + [""] * (len(header) - 1))
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerow([""] * len(header))
    return buffer.getvalue().encode(encoding)


def doj_2022_xlsx() -> bytes:
    return xlsx_bytes(sheet_rows(DOJ_2022))
