from datetime import date
from io import BytesIO

import factory

from conclusions.models import Conclusion, DeadlineKind, Directive
from tests.factories.org import DepartmentFactory


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    number = factory.Sequence(lambda n: f"{n + 1}/TB-STP")
    issued_on = date(2023, 3, 2)
    issuing_unit = factory.SubFactory(DepartmentFactory)
    signer = "Giám đốc Trần Quốc Hưng"
    meeting = "Hội nghị đánh giá kết quả Chỉ số cải cách hành chính năm 2022"
    assessment_year = 2022


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive
        skip_postgeneration_save = True

    conclusion = factory.SubFactory(ConclusionFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = "Thứ nhất"
    text = "Rà soát các tiêu chí bị trừ điểm, hoàn thành trước ngày 31/3/2023."
    deadline_text = "trước ngày 31/3/2023"
    deadline_kind = DeadlineKind.DATE
    due_date = date(2023, 3, 31)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


def conclusion_docx(text: str, *, header_table: bool = True) -> bytes:
    """A Word file laid out like a real conclusion: the two-column header block as a
    borderless table, then one paragraph per line of the rest."""
    from docx import Document

    lines = text.split("\n")
    document = Document()
    if header_table:
        left, right = lines[:3], lines[3:6]
        table = document.add_table(rows=1, cols=2)
        for cell, cell_lines in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
            cell.paragraphs[0].text = cell_lines[0]
            for line in cell_lines[1:]:
                cell.add_paragraph(line)
        lines = lines[6:]
    for line in lines:
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def task_table_docx(lines: list[str], headings: list[str], rows: list[list[str]]) -> bytes:
    """A conclusion whose directives are the rows of a table of tasks: `lines` as
    paragraphs, then the table with `headings`; a row of one value is a group
    heading merged across the table."""
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(headings))
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            cells[0].merge(cells[-1]).text = values[0]
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("GIÁM ĐỐC")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
