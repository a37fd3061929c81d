"""Bad files: the import stops, nothing is written, and every problem names its row and column."""

import io
import zipfile
from decimal import Decimal

import pytest

from tests.assessments.conftest import row_counts
from tests.factories.assessments import (
    DOJ_2022,
    HEADER,
    csv_bytes,
    doj_2022_xlsx,
    sheet_rows,
    xlsx_bytes,
)
from tests.factories.org import DepartmentFactory
from tracker.services.results import PublishedResult, results_import_file
from tracker.services.results_import import ResultsImportError

# Four title rows and the header: the first criterion is on row 6 of the sheet.
FIRST_ROW = 6


def _import(unit, content, filename="ket-qua.xlsx", published=None):
    return results_import_file(
        unit=unit,
        index_code="PAR",
        year=2022,
        content=content,
        filename=filename,
        published=published,
    )


def _changed(code, position, value):
    """DOJ 2022 with one cell replaced (position: 2 max, 3 self-assessed, 4 appraised)."""
    rows = [list(row) for row in DOJ_2022]
    for row in rows:
        if row[0] == code:
            row[position] = value
    return rows


def _row_of(code):
    return FIRST_ROW + [row[0] for row in DOJ_2022].index(code)


@pytest.fixture
def existing(agency):
    """Another department already imported, so "unchanged" is not "still empty"."""
    _import(DepartmentFactory(code="SNV", name="Sở Nội vụ"), doj_2022_xlsx())
    return row_counts()


def _problems(unit, content, filename="ket-qua.xlsx", published=None) -> list[str]:
    with pytest.raises(ResultsImportError) as caught:
        _import(unit, content, filename, published)
    return [str(problem) for problem in caught.value.problems]


def test_a_picture_is_not_a_spreadsheet(agency, existing):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

    problems = _problems(agency, png, "anh-chup.xlsx")

    assert problems == [
        "Tệp “anh-chup.xlsx” không phải bảng tính: hãy gửi tệp Excel (.xlsx) hoặc CSV (.csv)."
    ]
    assert row_counts() == existing


def test_a_zip_that_is_not_a_workbook_is_not_a_spreadsheet(agency, existing):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    problems = _problems(agency, buffer.getvalue(), "bao-cao.docx")

    assert problems == [
        "Tệp “bao-cao.docx” không phải bảng tính: hãy gửi tệp Excel (.xlsx) hoặc CSV (.csv)."
    ]
    assert row_counts() == existing


def test_an_old_xls_file_is_refused_with_what_to_do(agency, existing):
    problems = _problems(agency, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "kq.xls")

    assert problems == [
        "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
    ]
    assert row_counts() == existing


def test_an_empty_file(agency, existing):
    assert _problems(agency, b"", "trong.csv") == ["Tệp rỗng, không có dữ liệu."]
    assert row_counts() == existing


def test_a_sheet_without_a_header_row(agency, existing):
    content = xlsx_bytes([["a", "b", "c"]], header=["x", "y", "z"])

    problems = _problems(agency, content)

    assert problems == [
        "Không tìm thấy dòng tiêu đề trong 30 dòng đầu: cần các cột Mã, Tiêu chí, "
        "Điểm tối đa, Thẩm định (và cột Tự đánh giá nếu có)."
    ]
    assert row_counts() == existing


def test_a_missing_column_names_the_header_row_and_the_column(agency, existing):
    header = HEADER[:4]
    rows = [row[:4] for row in sheet_rows(DOJ_2022)]

    problems = _problems(agency, xlsx_bytes(rows, header=header))

    assert problems == [
        "Dòng 5, cột “Thẩm định”: thiếu cột “Thẩm định” (tên cột có thể là: Thẩm định, "
        "Điểm thẩm định, Kết quả thẩm định)."
    ]
    assert row_counts() == existing


def test_a_word_where_a_number_belongs(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("2", 4, "sáu rưỡi")))

    problems = _problems(agency, content)

    assert problems == [f"Dòng {_row_of('2')}, cột “Thẩm định (E)”: “sáu rưỡi” không phải là số."]
    assert row_counts() == existing


def test_a_negative_score(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("4", 3, "-1")))

    problems = _problems(agency, content)

    assert problems == [f"Dòng {_row_of('4')}, cột “Tự đánh giá (D)”: điểm không được âm (-1,00)."]
    assert row_counts() == existing


def test_an_appraised_score_above_its_maximum(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("6", 4, "8.00")))

    problems = _problems(agency, content)

    assert problems == [
        f"Dòng {_row_of('6')}, cột “Thẩm định (E)”: điểm 8,00 vượt điểm tối đa 7,50."
    ]
    assert row_counts() == existing


def test_a_self_assessed_score_above_its_maximum(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("3.1", 3, "3")))

    problems = _problems(agency, content)

    assert problems == [
        f"Dòng {_row_of('3.1')}, cột “Tự đánh giá (D)”: điểm 3,00 vượt điểm tối đa 2,50."
    ]
    assert row_counts() == existing


def test_children_whose_maxima_exceed_their_parent(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("7.1", 2, "11.00")))

    problems = _problems(agency, content)

    assert problems == [
        f"Dòng {_row_of('7')}, cột “Điểm tối đa (C)”: tổng điểm tối đa của các tiêu chí con "
        "của “7” là 14,00, vượt điểm tối đa 13,00 của tiêu chí này."
    ]
    assert row_counts() == existing


def test_a_duplicate_code(agency, existing):
    rows = [*DOJ_2022, ("3.2", "Tiêu chí chép trùng", "1.00", "1.00", "1.00")]

    problems = _problems(agency, xlsx_bytes(sheet_rows(rows)))

    duplicate_row = FIRST_ROW + len(DOJ_2022)
    assert problems == [
        f"Dòng {duplicate_row}, cột “Mã (A)”: mã “3.2” trùng với dòng {_row_of('3.2')}."
    ]
    assert row_counts() == existing


def test_a_child_without_its_parent(agency, existing):
    rows = [*DOJ_2022, ("9.1", "Tiêu chí lạc", "1.00", "1.00", "1.00")]

    problems = _problems(agency, xlsx_bytes(sheet_rows(rows)))

    assert problems == [
        f"Dòng {FIRST_ROW + len(DOJ_2022)}, cột “Mã (A)”: tiêu chí “9.1” không có tiêu chí cha "
        "“9” trong tệp."
    ]
    assert row_counts() == existing


def test_a_maximum_contradicting_the_set_other_units_were_scored_on(agency, existing):
    content = xlsx_bytes(sheet_rows(_changed("8", 2, "6.00")))

    problems = _problems(agency, content)

    assert problems == [
        f"Dòng {_row_of('8')}, cột “Điểm tối đa”: điểm tối đa 6,00 khác với 5,00 của tiêu chí "
        "“8” trong bộ tiêu chí PAR 2022 (Sở, ban, ngành), đã dùng để chấm đơn vị khác."
    ]
    assert row_counts() == existing


def test_a_rank_beyond_the_number_ranked(agency, existing):
    problems = _problems(agency, doj_2022_xlsx(), published=PublishedResult(rank=19, rank_of=18))

    assert problems == ["Thứ hạng 19 lớn hơn tổng số 18 đơn vị."]
    assert row_counts() == existing


def test_every_problem_of_the_file_is_reported_in_sheet_order(agency, existing):
    rows = _changed("1", 4, "abc")
    rows[4][0] = "3.x"
    rows.append(["5", "Trùng", "1.00", "1.00", "1.00"])
    content = csv_bytes(sheet_rows(rows, decimal_comma=True))

    problems = _problems(agency, content, "ket-qua.csv")

    assert problems == [
        "Dòng 3, cột “Thẩm định”: “abc” không phải là số.",
        "Dòng 7, cột “Mã”: mã “3.x” không hợp lệ (cần dạng 1, 1.2 hoặc 1.2.3).",
        "Dòng 15, cột “Mã”: mã “5” trùng với dòng 9.",
    ]
    assert row_counts() == existing


def test_a_good_file_after_a_bad_one_still_imports(agency, existing):
    _problems(agency, xlsx_bytes(sheet_rows(_changed("6", 4, "8.00"))))

    assessment = _import(agency, doj_2022_xlsx())

    assert assessment.scores.get(criterion__code="6").appraised_score == Decimal("7.50")


def test_a_file_without_a_name_is_called_the_uploaded_file(agency, existing):
    problems = _problems(agency, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, filename="")

    assert problems == [
        "Tệp “tệp tải lên” không phải bảng tính: hãy gửi tệp Excel (.xlsx) hoặc CSV (.csv)."
    ]
    assert row_counts() == existing


def test_columns_keep_one_name_in_every_message_whatever_the_sheet_heads_them(agency, existing):
    header = ["TT", "Tên tiêu chí", "Thang điểm", "Tự chấm", "Kết quả thẩm định"]
    in_sheet = _problems(agency, xlsx_bytes(sheet_rows(_changed("6", 4, "x")), header=header))
    against_the_set = _problems(
        agency, xlsx_bytes(sheet_rows(_changed("8", 2, "6.00")), header=header)
    )

    assert in_sheet == [f"Dòng {_row_of('6')}, cột “Thẩm định (E)”: “x” không phải là số."]
    assert against_the_set[0].startswith(f"Dòng {_row_of('8')}, cột “Điểm tối đa”: ")
