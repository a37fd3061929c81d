"""Importing results from sheets: what is recognised and what is written."""

import unicodedata
from decimal import Decimal

import pytest

from tests.factories.assessments import (
    DOJ_2022,
    csv_bytes,
    doj_2022_xlsx,
    sheet_rows,
    xlsx_bytes,
)
from tracker.models import Assessment, CriteriaSet, Criterion, Score
from tracker.selectors.assessments import assessment_summary, lost_points
from tracker.services.criteria_sets import criteria_set_copy
from tracker.services.results import PublishedResult, results_import_file
from tracker.services.results_import import read_results

D = Decimal
PUBLISHED_2022 = PublishedResult(total=D("61.14"), rank=16, rank_of=18, rank_change=-4)


def _import(unit, content, filename="ket-qua.xlsx", year=2022, published=PUBLISHED_2022):
    return results_import_file(
        unit=unit,
        index_code="PAR",
        year=year,
        content=content,
        filename=filename,
        published=published,
    )


def test_doj_2022_shows_eight_areas_13_09_lost_and_the_0_23_difference(agency):
    assessment = _import(agency, doj_2022_xlsx())

    summary = assessment_summary(assessment=assessment)
    assert [area.code for area in summary.areas] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert summary.totals.total == D("60.91")
    assert summary.totals.max_total == D("74.00")
    assert summary.totals.lost == D("13.09")
    assert summary.published_total == D("61.14")
    assert summary.difference == D("0.23")
    first = lost_points(assessment=assessment)[0]
    assert first.name == "Xây dựng và phát triển chính quyền điện tử, chính quyền số"
    assert first.lost == D("5.77")
    assert (assessment.rank, assessment.rank_of, assessment.rank_change) == (16, 18, -4)


def test_import_creates_the_year_criteria_as_a_tree(agency):
    _import(agency, doj_2022_xlsx())

    criteria_set = CriteriaSet.objects.get(index__code="PAR", year=2022, audience="department")
    criteria = {c.code: c for c in criteria_set.criteria.select_related("parent")}
    assert len(criteria) == len(DOJ_2022)
    assert criteria["7.1"].parent == criteria["7"]
    assert criteria["7.1"].level == 2
    assert criteria["7"].parent is None
    assert criteria["3.2"].max_score == D("4.00")
    assert criteria_set.index.name == "Chỉ số cải cách hành chính (PAR Index)"


def test_import_keeps_both_scores_of_every_row(agency):
    assessment = _import(agency, doj_2022_xlsx())

    score = Score.objects.get(assessment=assessment, criterion__code="7.1")
    assert (score.self_score, score.appraised_score) == (D("2.00"), D("1.23"))
    assert score.lost == D("1.77")


def test_csv_with_decimal_commas_and_semicolons(agency):
    content = csv_bytes(sheet_rows(DOJ_2022, decimal_comma=True))

    assessment = _import(agency, content, "ket-qua.csv")

    summary = assessment_summary(assessment=assessment)
    assert summary.totals.total == D("60.91")
    assert Score.objects.get(assessment=assessment, criterion__code="7").appraised_score == D(
        "7.23"
    )


def test_csv_with_commas_between_quoted_decimal_commas(agency):
    content = csv_bytes(sheet_rows(DOJ_2022, decimal_comma=True), delimiter=",")

    assessment = _import(agency, content, "ket-qua.csv")

    assert assessment_summary(assessment=assessment).totals.total == D("60.91")


def _windows_1258(text: str) -> bytes:
    # Windows-1258 has ê, ơ, ư… precomposed but writes tone marks as combining characters.
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_csv_in_windows_1258_is_read():
    rows = [("1", "Cải cách thể chế", "6,75", "6,75", "6,50")]
    content = csv_bytes(rows, header=["TT", "Tiêu chí", "Điểm chuẩn", "Tự đánh giá", "Thẩm định"])
    content = _windows_1258(content.decode("utf-8-sig"))

    sheet = read_results(content, "ket-qua.csv")

    assert sheet.rows[0].name == "Cải cách thể chế"
    assert sheet.rows[0].appraised_score == D("6.50")


@pytest.mark.parametrize(
    "header",
    [
        ["Mã", "Tiêu chí", "Điểm tối đa", "Tự đánh giá", "Thẩm định"],
        ["STT", "Nội dung", "Điểm chuẩn", "Điểm tự chấm", "Điểm thẩm định"],
        ["TT", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Kết quả thẩm định"],
        ["Mã tiêu chí", "Lĩnh vực/Tiêu chí", "Thang điểm", "Tự chấm", "Điểm thẩm định"],
        ["ma", "noi dung", "diem toi da", "tu danh gia", "tham dinh"],
    ],
)
def test_vietnamese_header_variants_are_recognised(header):
    sheet = read_results(xlsx_bytes(sheet_rows(DOJ_2022), header=header))

    assert len(sheet.rows) == len(DOJ_2022)
    assert sheet.rows[-1].appraised_score == D("2.43")


def test_header_below_title_rows_and_columns_in_another_order():
    header = ["Điểm thẩm định", "Nội dung", "STT", "Điểm tối đa", "Điểm tự chấm"]
    rows = [[r[4], r[1], r[0], r[2], r[3]] for r in sheet_rows(DOJ_2022)]

    sheet = read_results(xlsx_bytes(rows, header=header))

    assert sheet.header_row == 5
    assert [row.code for row in sheet.rows][:3] == ["1", "2", "3"]
    assert sheet.rows[0].row == 6
    assert sheet.rows[0].max_score == D("6.50")


def test_two_row_header_is_read_as_one():
    title = [
        ["KẾT QUẢ THẨM ĐỊNH", None, None, None, None],
        ["TT", "Nội dung", "Điểm", None, None],
    ]
    header = [None, None, "Tối đa", "Tự chấm", "Thẩm định"]

    sheet = read_results(xlsx_bytes(sheet_rows(DOJ_2022), header=header, title_rows=title))

    assert sheet.rows[0].code == "1"
    assert sheet.rows[0].row == 4


def test_empty_trailing_rows_total_line_and_dash_cells_are_ignored():
    rows = sheet_rows(DOJ_2022)
    rows[1][3] = "-"

    sheet = read_results(xlsx_bytes(rows))

    assert len(sheet.rows) == len(DOJ_2022)
    assert sheet.rows[1].self_score is None


def test_codes_typed_as_numbers_become_codes():
    rows = [[1, "Lĩnh vực", 6, 6, 5.75], [1.2, "Tiêu chí", 2, 2, 1.5], [1.1, "Tiêu chí", 2, 2, 2]]

    sheet = read_results(xlsx_bytes(rows))

    assert [row.code for row in sheet.rows] == ["1", "1.2", "1.1"]


def test_importing_the_same_file_again_changes_nothing(agency):
    first = _import(agency, doj_2022_xlsx())
    before = list(Score.objects.order_by("pk").values_list("pk", "appraised_score"))
    updated_at = first.updated_at

    second = _import(agency, doj_2022_xlsx())

    assert second.pk == first.pk
    assert list(Score.objects.order_by("pk").values_list("pk", "appraised_score")) == before
    assert Assessment.objects.get().updated_at != updated_at  # the kept file is replaced


def test_reimport_replaces_changed_scores_and_drops_missing_rows(agency):
    _import(agency, doj_2022_xlsx())
    rows = [row for row in DOJ_2022 if row[0] != "7.2"]
    rows = [(*row[:4], "1.50") if row[0] == "7.1" else row for row in rows]

    assessment = _import(agency, xlsx_bytes(sheet_rows(rows)))

    scores = dict(assessment.scores.values_list("criterion__code", "appraised_score"))
    assert scores["7.1"] == D("1.50")
    assert "7.2" not in scores
    assert Criterion.objects.filter(code="7.2").exists()


def test_node_without_its_own_score_takes_the_sum_of_its_children(agency):
    rows = [
        ("1", "Lĩnh vực một", "6.00", None, None),
        ("1.1", "Tiêu chí", "2.00", None, "1.50"),
        ("1.2", "Tiêu chí", "4.00", None, "3.25"),
        ("2", "Lĩnh vực hai", "4.00", None, "4.00"),
    ]

    assessment = _import(agency, xlsx_bytes(sheet_rows(rows)), published=None)

    summary = assessment_summary(assessment=assessment)
    area = summary.areas[0]
    assert (area.appraised_score, area.own_score, area.lost) == (D("4.75"), False, D("1.25"))
    assert summary.totals.total == D("8.75")
    assert summary.totals.percent == D("87.50")


def test_a_copied_set_receives_the_next_year_results(agency):
    _import(agency, doj_2022_xlsx())
    source = CriteriaSet.objects.get(year=2022)
    copy = criteria_set_copy(source=source, year=2023)

    assessment = _import(agency, doj_2022_xlsx(), year=2023, published=None)

    assert assessment.criteria_set == copy
    assert copy.criteria.count() == len(DOJ_2022)


def test_five_thousand_rows_import_in_a_bounded_number_of_queries(
    agency, django_assert_max_num_queries
):
    rows = [("1", "Lĩnh vực lớn", "5000.00", None, None)] + [
        (f"1.{n}", f"Tiêu chí {n}", "1.00", "1.00", "0.75") for n in range(1, 5000)
    ]
    content = xlsx_bytes(sheet_rows(rows))

    # Row by row would be 20,000 writes with history; bulk writes come in
    # batches (SQLite caps a statement at 999 parameters): about 40 for the
    # criteria, 25 for the scores and as many again for their history rows.
    with django_assert_max_num_queries(200):
        assessment = _import(agency, content, published=None)

    assert assessment.scores.count() == 4999
    assert Criterion.objects.filter(level=2).count() == 4999
