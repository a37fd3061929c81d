import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.tasks import TaskFactory

HEADER = [
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Người thực hiện",
    "Hạn hoàn thành",
    "Tiến độ (%)",
    "Trạng thái",
    "Điểm có thể gỡ",
    "Quá hạn",
    "Hoàn thành muộn",
]


@pytest.fixture
def three_tasks(agency, unit_a):
    return [
        TaskFactory(
            agency=agency,
            lead_unit=unit_a,
            title=f"Nhiệm vụ {n}",
            deadline=date(2026, 6, n),
            in_progress=n == 1,
        )
        for n in (1, 2, 3)
    ]


def _rows(response, export_format: str) -> list[list]:
    if export_format == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(("export_format", "blank", "zero"), [("csv", "", "0"), ("xlsx", None, 0)])
@time_machine.travel(datetime(2026, 6, 2, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_tables_export_csv_and_xlsx(client, office_user, three_tasks, export_format, blank, zero):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": export_format})

    assert response["Content-Disposition"] == (
        f'attachment; filename="theo-doi-thoi-han.{export_format}"'
    )
    unit = "Phòng Hành chính tư pháp"
    assert _rows(response, export_format) == [
        HEADER,
        ["Nhiệm vụ 1", unit, blank, "01/06/2026", zero, "Đang thực hiện", blank, "Có", "Không"],
        ["Nhiệm vụ 2", unit, blank, "02/06/2026", zero, "Dự thảo", blank, "Không", "Không"],
        ["Nhiệm vụ 3", unit, blank, "03/06/2026", zero, "Dự thảo", blank, "Không", "Không"],
    ]


def test_tables_refuse_other_export_formats(client, office_user, three_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_export_over_the_limit_returns_to_the_page_with_a_message(
    client, office_user, three_tasks, monkeypatch
):
    monkeypatch.setattr("tracker.tables.EXPORT_ROW_LIMIT", 2)
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv", "status": "open"})

    assert response.status_code == 302
    assert response.url == reverse("tasks:board") + "?status=open"
    page = client.get(response.url)
    assert "Danh sách có 3 dòng, quá 2 dòng có thể xuất" in page.text
