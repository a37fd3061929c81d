"""The task admin: a repair there is recorded and versioned like any other
write; the workflow's own fields are not repaired there, and staff see only
their agency's tasks."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories.assessments import CriteriaSetFactory, CriterionFactory
from tests.factories.org import UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import ExtensionRequest, ProgressUpdate, Role, TaskStatus, UnitKind
from tracker.permissions import (
    can_administer_criteria_set,
    can_manage_criteria_set,
    criteria_set_admin_audiences,
)
from tracker.selectors.tasks import task_history
from tracker.services.task_records import StaleTaskError
from tracker.services.tasks import task_update


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
        admin_form(task, description="Nội dung đã sửa"),
    )

    with pytest.raises(StaleTaskError):
        task_update(task=task, user=office_user, expected_version=opened_version, title="Sửa sau")

    task.refresh_from_db()
    assert task.description == "Nội dung đã sửa"


def test_the_workflow_fields_are_not_repaired_in_the_admin(client, admin_user, unit_a, unit_b):
    task = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 30)
    )
    colleague = UserFactory(unit=unit_a, role=Role.STAFF)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:tracker_task_change", args=[task.pk]),
        admin_form(
            task,
            title="Tên đã sửa",
            status=TaskStatus.DONE,
            deadline="2026-12-31",
            original_deadline="2026-12-31",
            lead_unit=unit_b.pk,
            assignee=colleague.pk,
            completed_at_0="2026-06-01",
            completed_at_1="10:00",
        ),
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (
        task.title,
        task.status,
        task.deadline,
        task.original_deadline,
        task.lead_unit,
        task.assignee,
        task.completed_at,
    ) == (
        "Tên đã sửa",
        TaskStatus.IN_PROGRESS,
        date(2026, 6, 30),
        date(2026, 6, 30),
        unit_a,
        None,
        None,
    )


@pytest.fixture
def staff_office_user(office_unit):
    user = UserFactory(username="vp_quantri", unit=office_unit, role=Role.OFFICE, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_task", "change_task"]))
    return user


def test_staff_find_only_their_agency_tasks_in_the_admin(
    client, staff_office_user, unit_a, outsider
):
    own = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Việc của sở")
    foreign = TaskFactory(
        agency=outsider.unit.parent,
        lead_unit=outsider.unit,
        title="Việc của cơ quan khác",
        deadline=date(2026, 6, 30),
    )
    client.force_login(staff_office_user)

    listing = client.get(reverse("admin:tracker_task_changelist"))
    opened = client.get(reverse("admin:tracker_task_change", args=[foreign.pk]))
    repaired = client.post(
        reverse("admin:tracker_task_change", args=[foreign.pk]),
        admin_form(foreign, title="Sửa trộm"),
    )

    assert listing.status_code == 200
    assert [task.title for task in listing.context["cl"].result_list] == [own.title]
    # The admin answers an object outside the queryset by sending the user back.
    assert (opened.status_code, repaired.status_code) == (302, 302)
    foreign.refresh_from_db()
    assert foreign.title == "Việc của cơ quan khác"


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


# The criteria-set admin asks the same rule as the pages. (This belongs with
# tests/assessments/test_admin.py; it sits here because that file is not ours.)


@pytest.mark.parametrize("audience", [UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.OFFICE])
def test_a_superuser_administers_every_criteria_set_by_the_permissions_rule(
    admin_user, office_user, province_secretariat, audience
):
    criteria_set = CriteriaSetFactory(audience=audience)

    assert criteria_set_admin_audiences(admin_user) == frozenset(UnitKind.values)
    assert can_administer_criteria_set(admin_user, criteria_set) is True
    # Other staff keep the pages' rule: a department's office under the
    # province sets none, the province's secretariat the assessed kinds.
    assert can_administer_criteria_set(office_user, criteria_set) is False
    secretariat_may = can_administer_criteria_set(province_secretariat, criteria_set)
    assert secretariat_may is (audience != UnitKind.OFFICE)
    assert secretariat_may is can_manage_criteria_set(province_secretariat, criteria_set)


def test_progress_reports_and_extension_requests_are_read_only_in_the_admin(
    client, admin_user, unit_a, unit_head
):
    task = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 30)
    )
    update = ProgressUpdate.objects.create(task=task, author=unit_head, percent_complete=40)
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=unit_head,
        reason="Chờ kinh phí.",
        current_deadline=task.deadline,
        proposed_deadline=date(2026, 9, 30),
    )
    client.force_login(admin_user)

    change = client.post(
        reverse("admin:tracker_progressupdate_change", args=[update.pk]),
        {"task": task.pk, "kind": update.kind, "author": unit_head.pk, "percent_complete": 100},
    )
    delete = client.post(reverse("admin:tracker_progressupdate_delete", args=[update.pk]))
    page = client.get(reverse("admin:tracker_task_change", args=[task.pk]))

    assert (change.status_code, delete.status_code) == (403, 403)
    assert ProgressUpdate.objects.get(pk=update.pk).percent_complete == 40
    assert 'name="extension_requests-0-status"' not in page.text
    assert ExtensionRequest.objects.get(pk=request.pk).status == "pending"
