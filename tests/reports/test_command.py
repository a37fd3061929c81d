"""python manage.py build_report: the same services as the page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.reports.docx_checks import assert_decree30_format, open_docx
from tracker.models import Report

MOMENT = datetime(2026, 5, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MOMENT, tick=False):
        yield


def test_command_writes_and_keeps_the_report(world, office_user, tmp_path):
    output = tmp_path / "bao-cao.docx"

    call_command(
        "build_report",
        "quarterly",
        "--unit",
        "STP",
        "--year",
        "2026",
        "--quarter",
        "2",
        "--output",
        str(output),
        "--user",
        office_user.username,
    )

    report = Report.objects.get()
    assert report.created_by == office_user and report.status == "done"
    with report.file.open("rb") as kept:
        assert output.read_bytes() == kept.read()
    assert_decree30_format(open_docx(output.read_bytes()))


def test_command_unit_report_for_the_year_so_far(world, tmp_path):
    output = tmp_path / "don-vi.docx"

    call_command(
        "build_report", "unit", "--unit", "STP-HCTP", "--year", "2026", "--output", str(output)
    )

    report = Report.objects.get()
    assert (report.quarter, report.created_by, report.figures["period"]["end"]) == (
        None,
        None,
        "2026-05-15",
    )
    assert "năm 2026" in "\n".join(p.text for p in open_docx(output.read_bytes()).paragraphs)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["quarterly", "--unit", "STP", "--year", "2026", "--quarter", "5"], "Quý 5 không hợp lệ"),
        (["quarterly", "--unit", "KHONGCO", "--year", "2026"], "Không có đơn vị mã 'KHONGCO'"),
        (["quarterly", "--unit", "STP-HCTP", "--year", "2026"], "không phải cơ quan được đánh giá"),
        (["urging", "--unit", "SYT", "--year", "2025"], "không có nhiệm vụ nào quá hạn"),
    ],
)
def test_command_refuses_bad_input_in_words(world, other_agency, tmp_path, arguments, message):
    output = tmp_path / "x.docx"

    with pytest.raises(CommandError, match=message):
        call_command("build_report", *arguments, "--output", str(output))

    assert not output.exists()


def test_command_checks_the_users_right(world, outsider, tmp_path):
    with pytest.raises(CommandError, match="không được lập văn bản này"):
        call_command(
            "build_report",
            "quarterly",
            "--unit",
            "STP",
            "--year",
            "2026",
            "--output",
            str(tmp_path / "x.docx"),
            "--user",
            outsider.username,
        )
