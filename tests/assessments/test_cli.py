"""python manage.py import_results: the same service, messages on stderr, exit code."""

import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.assessments.conftest import row_counts
from tests.factories.assessments import DOJ_2022, doj_2022_xlsx, sheet_rows, xlsx_bytes
from tracker.models import Assessment


def test_cli_imports_the_file_and_reports_the_difference(agency, tmp_path):
    path = tmp_path / "stp-2022.xlsx"
    path.write_bytes(doj_2022_xlsx())
    out = StringIO()

    call_command(
        "import_results",
        str(path),
        *("--unit", "STP", "--year", "2022", "--published-total", "61,14"),
        *("--rank", "16", "--rank-of", "18", "--rank-change", "-4"),
        *("--published-on", "16/05/2023"),
        stdout=out,
    )

    assessment = Assessment.objects.get(unit=agency, criteria_set__year=2022)
    assert assessment.published_total == Decimal("61.14")
    assert assessment.published_on.isoformat() == "2023-05-16"
    assert (assessment.rank, assessment.rank_of, assessment.rank_change) == (16, 18, -4)
    assert out.getvalue().splitlines() == [
        f"Đã nhập Sở Tư pháp – PAR 2022: {len(DOJ_2022)} tiêu chí, "
        "tổng điểm hệ thống tính 60,91/74,00.",
        "Cảnh báo: tổng điểm công bố 61,14 khác tổng hệ thống tính: chênh lệch 0,23 điểm.",
    ]


def test_cli_bad_file_lists_every_problem_and_writes_nothing(agency, tmp_path):
    rows = [list(row) for row in DOJ_2022]
    rows[1][4] = "x"
    rows[5][4] = "9.00"
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes(sheet_rows(rows)))
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_results", str(path), unit="STP", year=2022)

    assert str(caught.value).splitlines() == [
        "Không nhập được “loi.xlsx”: 2 lỗi, chưa lưu gì.",
        "  Dòng 7, cột “Thẩm định (E)”: “x” không phải là số.",
        "  Dòng 11, cột “Thẩm định (E)”: điểm 9,00 vượt điểm tối đa 7,00.",
    ]
    assert row_counts() == before


def test_cli_unknown_unit(agency, tmp_path):
    path = tmp_path / "kq.xlsx"
    path.write_bytes(doj_2022_xlsx())

    with pytest.raises(CommandError, match="Không có đơn vị mã “XYZ”."):
        call_command("import_results", str(path), unit="XYZ", year=2022)


@pytest.mark.django_db(transaction=True)
def test_cli_exits_non_zero_with_the_messages_on_stderr(tmp_path):
    # A real process: the exit status a script or cron job sees.
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    database = tmp_path / "cli.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    subprocess.run([sys.executable, manage, "migrate", "-v0"], env=env, check=True)
    create_unit = (
        "from tracker.models import Unit; Unit.objects.create(code='STP', kind='department')"
    )
    subprocess.run([sys.executable, manage, "shell", "-c", create_unit], env=env, check=True)

    result = subprocess.run(
        [sys.executable, manage, "import_results", str(path), "--unit", "STP", "--year", "2024"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "Không nhập được “anh.xlsx”: 1 lỗi, chưa lưu gì." in result.stderr
    assert "không phải bảng tính" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--year", "22", "argument --year: cần năm từ 2000 đến 2100, nhận được “22”."),
        ("--year", "2022x", "argument --year: cần số nguyên, nhận được “2022x”."),
        (
            "--published-total",
            "abc",
            "argument --published-total: “abc” không phải là số (ví dụ 61,14).",
        ),
        ("--rank", "0", "argument --rank: cần số nguyên từ 1 trở lên, nhận được “0”."),
        ("--rank-of", "x", "argument --rank-of: cần số nguyên, nhận được “x”."),
        ("--rank-change", "-4,5", "argument --rank-change: cần số nguyên, nhận được “-4,5”."),
    ],
)
def test_cli_refuses_a_bad_number_with_one_line(agency, tmp_path, option, value, message):
    path = tmp_path / "stp.xlsx"
    path.write_bytes(doj_2022_xlsx())
    before = row_counts()
    arguments = {"--year": "2022", option: value}

    with pytest.raises(CommandError) as caught:
        call_command(
            "import_results",
            str(path),
            "--unit",
            "STP",
            *(f"{name}={given}" for name, given in arguments.items()),
        )

    assert str(caught.value) == f"Error: {message}"
    assert row_counts() == before


def test_cli_bad_option_exits_without_a_traceback(tmp_path):
    # argparse fails before any database access: a bare process is enough.
    path = tmp_path / "stp.xlsx"
    path.write_bytes(doj_2022_xlsx())
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}", "PATH": "/usr/bin:/bin"}

    result = subprocess.run(
        [sys.executable, manage, "import_results", str(path), "--unit", "STP", "--year", "2022"]
        + ["--published-total", "abc"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "manage.py import_results: error: argument --published-total: “abc” không phải là số "
        "(ví dụ 61,14)."
    )
