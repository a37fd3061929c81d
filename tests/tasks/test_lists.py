"""The lists: a unit head filters their own tasks; lateness in days; what waits stands out."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories.org import OfficeFactory
from tests.factories.tasks import TaskFactory
from tracker.lib.text import vietnamese_sort_key

NOW = datetime(2026, 7, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
pytestmark = pytest.mark.frozen(NOW)


@pytest.fixture
def unit_tasks(agency, unit_a, unit_b):
    return {
        "late": TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 30)
        ),
        "on_time": TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 9, 30)
        ),
        "returned": TaskFactory(
            agency=agency, lead_unit=unit_a, returned=True, deadline=date(2026, 9, 30)
        ),
        "submitted": TaskFactory(
            agency=agency, lead_unit=unit_a, submitted=True, deadline=date(2026, 9, 30)
        ),
        "other_unit": TaskFactory(
            agency=agency, lead_unit=unit_b, in_progress=True, deadline=date(2026, 6, 1)
        ),
    }


def _shown(response) -> set[int]:
    return {row.record.pk for row in response.context["table"].rows}


def test_unit_head_filters_their_list_by_status_and_overdue(client, unit_head, unit_tasks):
    client.force_login(unit_head)
    url = reverse("tasks:my_unit")

    overdue = client.get(url, {"overdue": "true"})
    in_progress = client.get(url, {"status": "in_progress"})
    everything = client.get(url)

    assert _shown(overdue) == {unit_tasks["late"].pk}
    assert _shown(in_progress) == {unit_tasks["late"].pk, unit_tasks["on_time"].pk}
    assert unit_tasks["other_unit"].pk not in _shown(everything)
    assert 'name="status"' in everything.text and 'name="overdue"' in everything.text


def test_board_counts_days_overdue(client, office_user, unit_tasks):
    client.force_login(office_user)

    table = client.get(reverse("tasks:board")).context["table"]

    days = {row.record.pk: row.get_cell_value("days_overdue") for row in table.rows}
    assert days[unit_tasks["late"].pk] == 10
    assert days[unit_tasks["other_unit"].pk] == 39
    assert days[unit_tasks["on_time"].pk] is None


def test_returned_and_submitted_rows_stand_out(client, office_user, unit_tasks):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"))

    rows = dict(
        (status, classes.split())
        for classes, status in re.findall(
            r'<tr(?: class="([^"]*)")? data-status="(\w+)">', response.text
        )
    )
    assert "table-warning" in rows["returned"]
    assert "table-info" in rows["submitted"]
    assert not {"table-warning", "table-info"} & set(rows["in_progress"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no Vietnamese collation")
def test_board_sorts_lead_units_in_vietnamese_order(client, office_user, agency):
    names = ["Tổ Mạ", "Tổ Má", "Tổ Mã", "Tổ Mả", "Tổ Mà", "Tổ Ma"]
    for name in names:
        TaskFactory(agency=agency, lead_unit=OfficeFactory(parent=agency, name=name))
    client.force_login(office_user)

    table = client.get(reverse("tasks:board"), {"sort": "lead_unit"}).context["table"]

    shown = [row.record.lead_unit.name for row in table.paginated_rows]
    assert shown == ["Tổ Ma", "Tổ Mà", "Tổ Mả", "Tổ Mã", "Tổ Má", "Tổ Mạ"]
    assert shown == sorted(names, key=vietnamese_sort_key)


def test_board_pages_without_counting_every_task(
    client, office_user, agency, unit_a, django_assert_max_num_queries
):
    tasks = [
        TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 8, 1 + n % 28)
        )
        for n in range(60)
    ]
    by_deadline = sorted(tasks, key=lambda task: (task.deadline, task.pk))
    client.force_login(office_user)

    with django_assert_max_num_queries(12) as captured:
        second = client.get(reverse("tasks:board"), {"page": 2})

    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)
    assert [task.pk for task in second.context["table"].page_tasks] == [
        task.pk for task in by_deadline[25:50]
    ]
    # The next page is known and linked; the last one is not counted.
    assert "page=3" in second.text
    last = client.get(reverse("tasks:board"), {"page": 3})
    assert len(last.context["table"].page_tasks) == 10
    assert "Trang sau" not in last.text
    # Past the end (a bookmark after tasks were closed): the first page.
    beyond = client.get(reverse("tasks:board"), {"page": 9})
    assert beyond.status_code == 200
    assert [task.pk for task in beyond.context["table"].page_tasks] == [
        task.pk for task in by_deadline[:25]
    ]
