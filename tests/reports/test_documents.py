"""The three documents opened again with python-docx: the Decree 30 format, and
every number in their tables against the figures module and the database."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.factories.tasks import TaskFactory
from tests.progress.conftest import TODAY
from tests.reports.docx_checks import assert_decree30_format, open_docx, table_texts
from tracker.models import Task, TaskCriterion, TaskStatus, Unit, User
from tracker.reports.issuer import report_letterhead
from tracker.selectors.progress import progress_figures
from tracker.services.reports import ReportError, build_document, report_parameters

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 15, 10, 0, tzinfo=VN)
CHECKER = Path("/work/shared/checks/decree30_docx.py")


def build(kind, unit, user, quarter=2, year=2026):
    # Fetched again: moving the agency under the province rewrote the units' paths.
    unit = Unit.objects.get(pk=unit.pk)
    user = User.objects.get(pk=user.pk) if user else None
    parameters = report_parameters(kind=kind, unit=unit, user=user)
    return build_document(
        kind=kind, unit=unit, year=year, quarter=quarter, parameters=parameters, now=NOW
    )


@pytest.fixture
def quarterly(world, in_province, office_user, leader):
    leader.position = "Giám đốc Sở"
    leader.save()
    return build("quarterly", world.agency, office_user)


def test_quarterly_report_is_in_the_decree_30_format(quarterly):
    document = open_docx(quarterly.content)

    assert_decree30_format(document)
    header = table_texts(document.tables[0])
    assert header[0][0].split("\n")[:2] == ["UBND TỈNH NAM SƠN", "SỞ TƯ PHÁP"]
    assert header[0][1].split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header[1] == ["Số:      /BC-STP", "Nam Sơn, ngày 15 tháng 5 năm 2026"]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tiến độ thực hiện nhiệm vụ khắc phục Chỉ số CCHC quý II năm 2026" in texts
    assert "Kính gửi: UBND tỉnh Nam Sơn." in texts
    assert texts[-2].endswith("của Sở Tư pháp./.")
    closing = table_texts(document.tables[-1])[0]
    assert closing[0].startswith("Nơi nhận:\n- Như trên;")
    assert closing[0].endswith("- Lưu: VT, VP.")
    assert closing[1].split("\n")[0] == "GIÁM ĐỐC"
    assert closing[1].split("\n")[-1] == "Trần Quốc Hưng"
    assert len(document.inline_shapes) == 1


def test_quarterly_tables_hold_the_figures_worked_out_by_hand(quarterly, world):
    document = open_docx(quarterly.content)
    areas, buckets, units, overdue, directives = (table_texts(t) for t in document.tables[1:6])

    assert areas[1:] == [
        ["1", "Công tác chỉ đạo điều hành", "6,50", "5,75", "0,75", "1", "1", "0"],
        ["2", "Cải cách thể chế", "6,75", "6,25", "0,50", "2", "1", "1"],
        ["3", "Cải cách tổ chức bộ máy", "7,00", "7,00", "0,00", "0", "0", "0"],
        ["", "Tổng cộng", "20,25", "19,00", "1,25", "3", "2", "1"],
    ]
    assert buckets[1:5] == [
        ["1", "Hoàn thành đúng hạn", "1", "16,66%"],
        ["2", "Hoàn thành quá hạn", "1", "16,66%"],
        ["3", "Chưa hoàn thành, còn trong hạn", "2", "33,33%"],
        ["4", "Chưa hoàn thành, quá hạn", "2", "33,33%"],
    ]
    assert buckets[5][1:3] == ["Tổng số nhiệm vụ đến hạn", "6"]
    assert units[1:] == [
        ["1", "Phòng Hành chính tư pháp", "4", "1", "1", "1", "1", "50,00%"],
        ["2", "Phòng Phổ biến, giáo dục pháp luật", "2", "0", "0", "1", "1", "0,00%"],
    ]
    t = world.tasks
    assert [row[1:5] for row in overdue[1:]] == [
        [t["t3"].title, "Phòng Hành chính tư pháp", "10/05/2026", "5"],
        [t["t11"].title, "Phòng Phổ biến, giáo dục pháp luật", "20/03/2026", "56"],
        [t["t6"].title, "Phòng Phổ biến, giáo dục pháp luật", "01/05/2026", "14"],
    ]
    assert overdue[1][5] == "30%; Đang rà soát 12 văn bản (05/05/2026)"
    assert directives[1][2] == "Phòng Phổ biến, giáo dục pháp luật"
    # The same numbers as the figures module and as the model's own rules.
    figures = quarterly.figures
    assert int(buckets[5][2]) == figures.buckets.tasks
    due = Task.objects.filter(
        agency=world.agency,
        deadline__range=(figures.period.start, figures.period.end),
        status__in=[s for s in TaskStatus.values if s not in ("draft", "cancelled")],
    )
    assert int(buckets[4][2]) == sum(task.is_overdue(TODAY) for task in due)
    assert int(buckets[2][2]) == sum(task.is_done_late for task in due)
    assert len(overdue) - 1 == sum(
        task.is_overdue(TODAY) for task in Task.objects.filter(agency=world.agency)
    )


def test_quarterly_passes_the_shared_format_check(quarterly, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(quarterly.content)

    run = subprocess.run(
        [sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, check=False
    )

    assert run.returncode == 0, run.stdout
    assert run.stdout.startswith("report holds")


def test_same_figures_give_the_same_bytes(world, in_province, office_user, leader):
    first = build("quarterly", world.agency, office_user).content
    again = build("quarterly", world.agency, office_user).content

    assert first == again


def test_recovered_points_table_once_next_years_result_is_in(
    world, next_year_result, in_province, office_user
):
    document = open_docx(build("quarterly", world.agency, office_user).content)

    recovery = table_texts(document.tables[6])
    assert recovery[1:] == [
        ["1", "1. Công tác chỉ đạo điều hành", "0,75", "0,00", "0,75"],
        ["2", "2.1. Rà soát văn bản", "0,50", "0,00", "0,50"],
        ["", "Tổng cộng", "", "", "1,25"],
    ]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Mọi tiêu chí bị trừ điểm đều đã có nhiệm vụ khắc phục." in texts


def test_the_report_sets_criteria_without_a_task_beside_those_worked_on(
    world, next_year_result, in_province, office_user
):
    TaskCriterion.objects.filter(criterion__code="2.1").delete()

    document = open_docx(build("quarterly", world.agency, office_user).content)

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert (
        "Để so sánh, 1 tiêu chí bị trừ điểm năm 2025 nhưng không có nhiệm vụ khắc phục đã "
        "lấy lại 0,50 điểm." in texts
    )


def test_unit_report_lists_each_task_with_its_latest_progress(world, in_province, unit_head):
    built = build("unit", world.unit_a, unit_head)
    document = open_docx(built.content)

    assert_decree30_format(document)
    header = table_texts(document.tables[0])
    assert header[0][0].split("\n")[:2] == ["SỞ TƯ PHÁP", "PHÒNG HÀNH CHÍNH TƯ PHÁP"]
    assert header[1][0] == "Số:      /BC-HCTP"
    t = world.tasks
    tasks = next(
        table_texts(table)
        for table in document.tables
        if table.rows[0].cells[1].text == "Nhiệm vụ"
        and table.rows[0].cells[3].text == "Tình hình thực hiện"
    )
    assert [row[1:4] for row in tasks[1:]] == [
        [t["t2"].title, "15/04/2026", "Hoàn thành quá hạn"],
        [t["t1"].title, "30/04/2026", "Hoàn thành đúng hạn"],
        [t["t3"].title, "10/05/2026", "Chưa hoàn thành, quá hạn"],
        [t["t4"].title, "30/06/2026", "Chưa hoàn thành, còn trong hạn"],
    ]
    assert tasks[3][4] == "30%; Đang rà soát 12 văn bản (05/05/2026)"
    assert table_texts(document.tables[-1])[0][1].split("\n")[-1] == unit_head.full_name


def test_urging_letter_lists_each_units_overdue_tasks(world, in_province, office_user, leader):
    document = open_docx(build("urging", world.agency, office_user).content)

    assert_decree30_format(document)
    header = table_texts(document.tables[0])
    assert header[1][0] == (
        "Số:      /STP-VP\nV/v đôn đốc thực hiện nhiệm vụ khắc phục Chỉ số CCHC quá hạn"
    )
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "- Phòng Hành chính tư pháp;" in texts
    assert "- Phòng Phổ biến, giáo dục pháp luật." in texts
    assert "1. Phòng Hành chính tư pháp (1 nhiệm vụ)" in texts
    assert "2. Phòng Phổ biến, giáo dục pháp luật (2 nhiệm vụ)" in texts
    first, second = (table_texts(table) for table in document.tables[1:3])
    assert [row[1:4] for row in first[1:]] == [[world.tasks["t3"].title, "10/05/2026", "5"]]
    assert [row[3] for row in second[1:]] == ["56", "14"]
    assert any("báo cáo kết quả trước ngày 22/05/2026" in text for text in texts)


def test_urging_letter_without_overdue_tasks_is_refused_in_words(agency, office_user):
    TaskFactory(agency=agency, done=True, deadline=TODAY)

    with pytest.raises(ReportError, match="không có nhiệm vụ nào quá hạn"):
        build("urging", agency, office_user)


def test_no_result_and_no_tasks_are_said_in_words(agency, unit_a, office_user, unit_head):
    report = open_docx(build("quarterly", agency, office_user).content)
    unit_report = open_docx(build("unit", unit_a, unit_head).content)

    texts = [p.text for p in report.paragraphs]
    assert any(t.startswith("Chưa có kết quả Chỉ số CCHC năm 2025 của Sở Tư pháp") for t in texts)
    assert any("không có nhiệm vụ khắc phục nào đến hạn" in t for t in texts)
    # Only the header block and the closing: no empty table without a word.
    assert len(report.tables) == 2
    unit_texts = [p.text for p in unit_report.paragraphs]
    assert any("Đơn vị không có nhiệm vụ đến hạn" in t for t in unit_texts)


def test_letterhead_takes_the_number_the_office_gives(world, in_province):
    assert report_letterhead(world.agency, number="07").symbol == "BC-STP"
    built = build_document(
        kind="quarterly",
        unit=world.agency,
        year=2026,
        quarter=2,
        parameters={
            **report_parameters(kind="quarterly", unit=world.agency, user=None, number="07")
        },
        now=NOW,
    )
    assert table_texts(open_docx(built.content).tables[0])[1][0] == "Số: 07/BC-STP"


def test_figures_used_are_the_figures_modules(quarterly, world):
    assert quarterly.figures == progress_figures(
        unit=world.agency, year=2026, quarter=2, today=TODAY
    )


def test_long_overdue_list_keeps_the_longest_and_says_where_the_rest_are(
    world, in_province, office_user, monkeypatch
):
    monkeypatch.setattr("tracker.reports.quarterly.OVERDUE_LISTED", 2)

    document = open_docx(build("quarterly", world.agency, office_user).content)

    overdue = table_texts(document.tables[4])
    assert [row[4] for row in overdue[1:]] == ["56", "14"]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any(
        "còn 3 nhiệm vụ" in text and "nêu 2 nhiệm vụ quá hạn lâu nhất" in text for text in texts
    )
