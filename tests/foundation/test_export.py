from datetime import date

import pytest
from django.urls import reverse

from tests.factories.tasks import TaskFactory


@pytest.fixture
def three_tasks(agency, unit_a):
    return [
        TaskFactory(
            agency=agency, lead_unit=unit_a, title=f"Nhiệm vụ {n}", deadline=date(2026, 6, n)
        )
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_tables_export_csv_and_xlsx(client, office_user, three_tasks, export_format):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": export_format})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{export_format}"')


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
