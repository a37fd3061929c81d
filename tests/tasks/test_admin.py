"""The task admin: a repair there is recorded and versioned like any other write."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories.assessments import CriterionFactory
from tests.factories.tasks import TaskFactory
from tracker.selectors.tasks import task_history
from tracker.services.tasks import StaleTaskError, task_update


@pytest.fixture
def admin_user(django_user_model, office_unit):
    return django_user_model.objects.create_superuser(
        username="quantri", password="x", unit=office_unit
    )


def admin_form(task, **changes):
    data = {
        "agency": task.agency_id,
        "title": task.title,
        "source": task.source,
        "lead_unit": task.lead_unit_id,
        "deadline": task.deadline.isoformat(),
        "priority": task.priority,
        "status": task.status,
        "percent_complete": task.percent_complete,
    }
    for prefix in ("task_criteria", "extension_requests", "comments"):
        data |= {
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data | changes


def test_admin_save_bumps_the_version_and_names_the_user(client, admin_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Tên sai chính tả")
    opened_version = task.version
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:tracker_task_change", args=[task.pk]),
        admin_form(task, title="Tên đã sửa"),
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Tên đã sửa", opened_version + 1)
    assert task.history.first().history_user == admin_user


def test_a_form_opened_before_an_admin_repair_is_stale(client, admin_user, office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a)
    opened_version = task.version
    client.force_login(admin_user)
    client.post(
        reverse("admin:tracker_task_change", args=[task.pk]),
        admin_form(task, deadline="2026-07-31"),
    )

    with pytest.raises(StaleTaskError):
        task_update(task=task, user=office_user, expected_version=opened_version, title="Sửa sau")

    task.refresh_from_db()
    assert task.deadline == date(2026, 7, 31)


def test_an_admin_repair_of_links_writes_one_history_row_showing_them(
    client, admin_user, unit_a, unit_b
):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a)
    criterion = CriterionFactory(code="3.4", name="Công khai TTHC")
    rows_before = task.history.count()
    client.force_login(admin_user)

    data = admin_form(task, supporting_units=[unit_b.pk])
    data |= {
        "task_criteria-TOTAL_FORMS": 1,
        "task_criteria-0-criterion": criterion.pk,
        "task_criteria-0-points_lost": "0.25",
    }
    response = client.post(reverse("admin:tracker_task_change", args=[task.pk]), data)

    assert response.status_code == 302, response.context["errors"]
    assert task.history.count() == rows_before + 1
    changes = {change.label: change.new for change in task_history(task=task)[0].changes}
    assert changes["Đơn vị phối hợp"] == unit_b.name
    assert changes["Tiêu chí khắc phục"] == "3.4 Công khai TTHC"
