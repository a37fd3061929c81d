"""A council's workbook as it is sent: title block, two-level merged header, the
"(1) (2) (3)" row, decimal commas as text, the totals row, notes and signatures."""

import io
import time
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.factories.assessments import DOJ_2022, sheet_rows
from tracker.services.results import PublishedResult, results_preview
from tracker.services.results_import import MAX_ROWS, ResultsImportError, read_results


def council_workbook(*, title_year=2022, total="60,91", trailer=True, rows=None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Biểu 01"
    sheet.append(["UBND TỈNH NAM SƠN"])
    sheet.append(["HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"])
    sheet.append([f"BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM {title_year} CỦA SỞ TƯ PHÁP"])
    for cells in ("A1:E1", "A2:E2", "A3:E3"):
        sheet.merge_cells(cells)
    sheet.append([])
    sheet.append(["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Điểm", None])
    sheet.append([None, None, None, "Tự đánh giá", "Thẩm định"])
    for cells in ("A5:A6", "B5:B6", "C5:C6", "D5:E5"):
        sheet.merge_cells(cells)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for row in rows if rows is not None else sheet_rows(DOJ_2022, decimal_comma=True):
        sheet.append(row)
    if total is not None:
        sheet.append(["TỔNG ĐIỂM", None, "74,00", "68,25", total])
        sheet.merge_cells(f"A{sheet.max_row}:B{sheet.max_row}")
    if trailer:
        sheet.append([])
        sheet.append(["Ghi chú: điểm thẩm định đã trừ điểm chậm nộp báo cáo (tiêu chí 7.1)."])
        sheet.merge_cells(f"A{sheet.max_row}:E{sheet.max_row}")
        sheet.append(["(*) Tiêu chí 8 chấm theo kết quả điều tra xã hội học."])
        sheet.append(["Người lập biểu", None, None, "TM. HỘI ĐỒNG THẨM ĐỊNH"])
        sheet.append([None, None, None, "CHỦ TỊCH"])
        sheet.append(["Nguyễn Văn An", None, None, "Trần Văn Bình"])
    return workbook


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_council_workbook_is_read_whole_and_keeps_its_published_total(agency):
    plan = results_preview(
        unit=agency, index_code="PAR", year=2022, content=_bytes(council_workbook())
    )

    assert [row.code for row in plan.rows] == [row[0] for row in DOJ_2022]
    assert (plan.rows[0].max_score, plan.rows[0].appraised_score) == (
        Decimal("6.50"),
        Decimal("5.75"),
    )
    # the totals row is the published total, shown beside the computed one
    assert (plan.published.total, plan.totals.total) == (Decimal("60.91"), Decimal("60.91"))
    assert not any("năm" in str(note) for note in plan.notes)


def test_a_published_total_that_differs_is_kept_beside_the_computed_one(agency):
    plan = results_preview(
        unit=agency, index_code="PAR", year=2022, content=_bytes(council_workbook(total="61,14"))
    )

    assert (plan.published.total, plan.totals.total) == (Decimal("61.14"), Decimal("60.91"))


def test_a_total_typed_on_the_form_wins_over_the_sheets(agency):
    plan = results_preview(
        unit=agency,
        index_code="PAR",
        year=2022,
        content=_bytes(council_workbook(total="61,14")),
        published=PublishedResult(total=Decimal("60.50")),
    )

    assert plan.published.total == Decimal("60.50")


def test_notes_and_signatures_end_the_table_without_a_totals_row():
    sheet = read_results(_bytes(council_workbook(total=None)))

    assert (len(sheet.rows), sheet.published_total, sheet.header_row) == (len(DOJ_2022), None, 5)


def test_a_title_year_other_than_the_chosen_one_is_a_note_to_confirm(agency):
    plan = results_preview(
        unit=agency,
        index_code="PAR",
        year=2022,
        content=_bytes(council_workbook(title_year=2023)),
    )

    assert str(plan.notes[0]) == (
        "Dòng 5: Tiêu đề bảng tính ghi năm 2023, khác năm đã chọn 2022: hãy kiểm tra lại năm "
        "trước khi xác nhận."
    )


def test_formulas_never_calculated_are_refused_naming_the_cells():
    workbook = council_workbook()
    sheet = workbook.active
    sheet["E8"] = "=D8-0.75"
    sheet["E9"] = "=SUM(E10:E11)"

    with pytest.raises(ResultsImportError) as caught:
        read_results(_bytes(workbook))

    assert [str(problem) for problem in caught.value.problems] == [
        "Ô E8, E9 chứa công thức chưa được tính (tệp do phần mềm khác tạo ra): hãy mở tệp "
        "bằng Excel, lưu lại rồi tải lên."
    ]


def _with_member(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member, source.read(member.filename))
        archive.writestr(name, data)
    return buffer.getvalue()


def test_a_workbook_that_unpacks_too_large_is_refused_unread():
    content = _with_member(_bytes(council_workbook()), "xl/media/image1.png", b"\0" * 60_000_000)

    started = time.process_time()
    with pytest.raises(ResultsImportError) as caught:
        read_results(content, "ket-qua.xlsx")

    assert len(content) < 200_000
    assert str(caught.value) == (
        "Tệp “ket-qua.xlsx” khi giải nén lớn hơn 50 MB, quá lớn đối với một bảng kết quả: "
        "hãy chép bảng điểm sang một tệp mới rồi tải lên."
    )
    # a safety bound, not a performance claim
    assert time.process_time() - started < 2


def test_a_small_workbook_of_too_many_rows_is_refused_quickly():
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(1, 2 * MAX_ROWS)
    )
    sheet_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()
    content = _with_member(_bytes(Workbook()), "xl/worksheets/sheet1.xml", sheet_xml)

    started = time.process_time()
    with pytest.raises(ResultsImportError) as caught:
        read_results(content)

    assert str(caught.value) == (
        "Trang tính “Sheet” có hơn 10.000 dòng, quá nhiều đối với một bảng kết quả: hãy xóa "
        "các dòng thừa rồi tải lên."
    )
    # a safety bound, not a performance claim (before, 2 million rows took a minute)
    assert time.process_time() - started < 2
