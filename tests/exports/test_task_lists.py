"""?_export=csv|xlsx of the deadline board and a unit's list, written at once:
the columns, types and order of the page's table, in a few queries."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.effect.conftest import remedies, scored
from tests.exports.conftest import HEADER, NOW, TREE, csv_rows, sheet
from tests.factories.assessments import AssessmentFactory, ScoreFactory
from tests.factories.org import OfficeFactory
from tests.factories.tasks import TaskFactory
from tracker.exports.tasks import ordered_tasks, task_rows
from tracker.lib.tables import _plain
from tracker.selectors.tasks import agency_tasks
from tracker.tables.tasks import TaskTable

UNIT_A = "Phòng Hành chính tư pháp"
UNIT_B = "Phòng Phổ biến, giáo dục pháp luật"
FULL_TEXT = "Giao Phòng Hành chính tư pháp rà soát toàn bộ thủ tục hành chính"


@time_machine.travel(NOW, tick=False)
def test_board_csv_writes_every_column_as_the_table_shows_it(client, office_user, mixed_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv"})

    assert response["Content-Disposition"] == (
        'attachment; filename="theo-doi-thoi-han-2026-06-02.csv"'
    )
    no, yes = "Không", "Có"
    assert csv_rows(response.content) == [
        ["Theo dõi thời hạn — Xuất ngày 02/06/2026 10:00"],
        HEADER,
        [
            "Rà soát kế hoạch CCHC",
            UNIT_A,
            "Vũ Thị Hoa",
            "20/05/2026",
            "13",
            "40",
            "Đang thực hiện",
            "1,50",
            yes,
            no,
        ],
        ["Dự thảo quy chế", UNIT_B, "", "15/07/2026", "", "0", "Dự thảo", "", no, no],
        [FULL_TEXT, UNIT_A, "", "01/08/2026", "", "0", "Đã giao", "", no, no],
        ["Cập nhật cổng thông tin", UNIT_A, "", "Thường xuyên", "", "0", "Đã giao", "", no, no],
        ["Báo cáo quý", UNIT_B, "", "01/06/2026", "", "100", "Hoàn thành", "", no, yes],
    ]


@time_machine.travel(NOW, tick=False)
def test_board_xlsx_has_date_and_number_cells(client, office_user, mixed_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "xlsx", "status": "in_progress"})

    assert response["Content-Disposition"] == (
        'attachment; filename="theo-doi-thoi-han-2026-06-02.xlsx"'
    )
    book = sheet(response.content)
    assert book.title == "Theo dõi thời hạn"
    assert book["A1"].value == (
        "Theo dõi thời hạn — Trạng thái: Đang thực hiện — Xuất ngày 02/06/2026 10:00"
    )
    assert [cell.value for cell in book[2]] == HEADER
    row = book[3]
    assert [cell.value for cell in row] == [
        "Rà soát kế hoạch CCHC",
        UNIT_A,
        "Vũ Thị Hoa",
        datetime(2026, 5, 20),
        13,
        40,
        "Đang thực hiện",
        1.5,
        "Có",
        "Không",
    ]
    assert row[3].is_date and row[3].number_format == "dd/mm/yyyy"
    assert (row[4].data_type, row[5].data_type) == ("n", "n")
    assert row[7].data_type == "n" and row[7].number_format == "#,##0.00"
    assert book.max_row == 3


@time_machine.travel(NOW, tick=False)
def test_ongoing_task_says_so_in_the_deadline_cell(client, office_user, mixed_tasks):
    client.force_login(office_user)

    book = sheet(client.get(reverse("tasks:board"), {"_export": "xlsx"}).content)

    ongoing = next(row for row in book.iter_rows(min_row=3) if row[0].value.startswith("Cập"))
    assert ongoing[3].value == "Thường xuyên" and ongoing[3].data_type == "s"


@time_machine.travel(NOW, tick=False)
def test_export_keeps_the_page_sort(client, office_user, mixed_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv", "sort": "-title"})

    titles = [row[0] for row in csv_rows(response.content)[2:]]
    assert titles == [
        "Rà soát kế hoạch CCHC",
        FULL_TEXT,
        "Dự thảo quy chế",
        "Cập nhật cổng thông tin",
        "Báo cáo quý",
    ]


@time_machine.travel(NOW, tick=False)
def test_unit_list_exports_only_what_the_unit_head_sees(client, unit_head, mixed_tasks):
    client.force_login(unit_head)

    response = client.get(reverse("tasks:my_unit"), {"_export": "csv", "status": "open"})

    assert response["Content-Disposition"] == (
        'attachment; filename="nhiem-vu-don-vi-2026-06-02.csv"'
    )
    rows = csv_rows(response.content)
    assert rows[0] == [
        "Nhiệm vụ của đơn vị — Trạng thái: Chưa kết thúc (mọi trạng thái mở) "
        "— Xuất ngày 02/06/2026 10:00"
    ]
    # Unit A's open tasks; unit B's draft and done task are not theirs.
    assert [row[0] for row in rows[2:]] == [
        "Rà soát kế hoạch CCHC",
        FULL_TEXT,
        "Cập nhật cổng thông tin",
    ]


@time_machine.travel(NOW, tick=False)
def test_rows_equal_what_the_table_exported(agency, mixed_tasks):
    """The values TaskTable.as_values() gave, which this writer replaces."""
    today = timezone.localdate()
    table = TaskTable(agency_tasks(agency=agency, today=today), today=today)

    rows = list(task_rows(ordered_tasks(table.data.data, sort=[], today=today), today=today))

    table_values = table.as_values()
    assert next(table_values) == HEADER
    assert rows == [[_plain(value) for value in row] for row in table_values]


@time_machine.travel(NOW, tick=False)
def test_rows_are_read_and_scored_a_chunk_at_a_time(agency, mixed_tasks):
    tasks = agency_tasks(agency=agency, today=date(2026, 6, 2)).order_by("pk")

    rows = list(task_rows(tasks, today=date(2026, 6, 2), chunk_rows=2))

    assert [row[0] for row in rows][:2] == ["Rà soát kế hoạch CCHC", "Báo cáo quý"]
    assert rows[0][7] == Decimal("1.50") and len(rows) == 5


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("tasks", [3, 30])
def test_export_queries_do_not_grow_with_rows(
    client, office_user, agency, django_assert_max_num_queries, tasks
):
    # Each task remedies a criterion of an assessment of its own unit: the
    # recoverable points read every assessment at once, not one by one.
    _, criteria = scored(agency, 2025, TREE)
    for number in range(tasks):
        unit = OfficeFactory(parent=agency)
        assessment = AssessmentFactory(unit=unit, criteria_set=criteria["1"].criteria_set)
        for code in ("1.1", "1.2"):
            ScoreFactory(assessment=assessment, criterion=criteria[code], appraised_score=1)
        remedies(
            TaskFactory(agency=agency, lead_unit=unit, assigned=True, assignee=None),
            assessment,
            criteria["1.1" if number % 2 else "1.2"],
        )
    client.force_login(office_user)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("tasks:board"), {"_export": "csv"})

    assert len(csv_rows(response.content)) == 2 + tasks
