"""Least privilege: the demo's office clerk is an agency administrator, not a
superuser; the admin shows an agency administrator its own agency only."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories.assessments import doj_2022_xlsx
from tests.factories.conclusions import ConclusionFactory
from tests.factories.org import DepartmentFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, SecurityEvent, User
from tracker.services.results import PublishedResult, results_import_file


@pytest.fixture
def agency_admin(office_unit):
    return UserFactory(username="qtso", unit=office_unit, role=Role.OFFICE, is_staff=True)


def test_the_demo_clerk_is_no_superuser_and_a_technical_account_is(db):
    call_command("seed_demo", stdout=StringIO())

    clerk = User.objects.get(username="vanphong")
    technical = User.objects.get(username="quantri")
    assert (clerk.is_staff, clerk.is_superuser) == (True, False)
    assert (technical.is_superuser, technical.unit) == (True, None)
    assert User.objects.filter(is_superuser=True).count() == 1


def test_an_agency_admin_lists_only_its_own_units_and_accounts(
    client, agency_admin, unit_a, unit_head, outsider, province_secretariat
):
    sub_department = DepartmentFactory(parent=province_secretariat.unit.parent)
    client.force_login(agency_admin)

    units = client.get(reverse("admin:tracker_unit_changelist")).context["cl"].result_list
    users = client.get(reverse("admin:tracker_user_changelist")).context["cl"].result_list

    assert outsider.unit not in units and sub_department not in units
    assert unit_a in units
    assert set(users) == {agency_admin, unit_head}
    assert client.get(reverse("admin:tracker_user_change", args=[outsider.pk])).status_code == 302


def test_an_agency_admin_adds_an_account_in_its_agency_but_not_elsewhere(
    client, agency_admin, unit_a, outsider
):
    client.force_login(agency_admin)
    form = {"username": "moi", "full_name": "Người Mới", "role": Role.STAFF}
    form |= {"password1": "Hanh-chinh-2026!", "password2": "Hanh-chinh-2026!"}

    elsewhere = client.post(reverse("admin:tracker_user_add"), form | {"unit": outsider.unit.pk})
    assert elsewhere.status_code == 200
    assert not User.objects.filter(username="moi").exists()

    client.post(reverse("admin:tracker_user_add"), form | {"unit": unit_a.pk})
    assert User.objects.get(username="moi").unit == unit_a


def test_an_agency_admin_cannot_grant_admin_rights(client, agency_admin, unit_head):
    client.force_login(agency_admin)

    response = client.get(reverse("admin:tracker_user_change", args=[unit_head.pk]))

    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields and "is_staff" not in form.fields


def test_an_agency_admin_cannot_open_a_superuser_or_another_admin(
    client, agency_admin, office_unit
):
    other_admin = UserFactory(unit=office_unit, is_staff=True)
    root = UserFactory(unit=office_unit, is_staff=True, is_superuser=True)
    client.force_login(agency_admin)

    for account in (other_admin, root):
        response = client.get(reverse("admin:tracker_user_change", args=[account.pk]))
        assert response.status_code == 302


def test_the_admin_scopes_tasks_and_conclusions_to_the_agency(
    client, agency_admin, agency, unit_a, outsider
):
    own = TaskFactory(agency=agency, lead_unit=unit_a)
    foreign = TaskFactory(agency=outsider.unit.parent, lead_unit=outsider.unit)
    ConclusionFactory(issuing_unit=agency, number="1/TB-STP")
    ConclusionFactory(issuing_unit=outsider.unit.parent, number="2/TB-SYT")
    client.force_login(agency_admin)

    tasks = client.get(reverse("admin:tracker_task_changelist")).context["cl"].result_list
    notices = client.get(reverse("admin:conclusions_conclusion_changelist")).context["cl"]

    assert list(tasks) == [own] and foreign not in tasks
    assert [c.number for c in notices.result_list] == ["1/TB-STP"]


def test_an_agency_admin_cannot_move_a_unit_out_of_its_agency(client, agency_admin, unit_a):
    elsewhere = DepartmentFactory()
    client.force_login(agency_admin)

    client.post(
        reverse("admin:tracker_unit_change", args=[unit_a.pk]),
        {
            "code": unit_a.code,
            "name": unit_a.name,
            "kind": unit_a.kind,
            "parent": elsewhere.pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )

    unit_a.refresh_from_db()
    assert unit_a.parent != elsewhere


def test_administrators_read_the_security_log(client, agency_admin, unit_head, outsider):
    client.post(reverse("login"), {"username": "truongphong", "password": "sai"})
    client.post(reverse("login"), {"username": "nguoingoai", "password": "sai"})
    client.force_login(agency_admin)

    response = client.get(reverse("admin:tracker_securityevent_changelist"))

    assert response.status_code == 200
    # Its agency's accounts only; the superuser sees every event.
    shown = {(event.kind, event.username) for event in response.context["cl"].result_list}
    assert shown == {("login_failed", "truongphong"), ("login", "qtso")}
    assert SecurityEvent.objects.filter(kind="login_failed").count() == 2


def test_a_forbidden_page_is_logged(client, unit_head, caplog):
    client.force_login(unit_head)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get(reverse("tasks:create"))

    assert response.status_code == 403
    assert "forbidden user=truongphong address=127.0.0.1 path=/nhiem-vu/tao-moi/" in [
        record.getMessage() for record in caplog.records
    ]
    assert SecurityEvent.objects.filter(kind="forbidden", user=unit_head).exists()


def test_an_agency_admin_corrects_a_score_of_its_agency_in_the_admin(
    client, agency_admin, agency, office_user
):
    assessment = results_import_file(
        unit=agency,
        index_code="PAR",
        year=2022,
        content=doj_2022_xlsx(),
        filename="stp.xlsx",
        published=PublishedResult(),
        user=office_user,
    )
    client.force_login(agency_admin)

    response = client.get(reverse("admin:tracker_assessment_change", args=[assessment.pk]))

    assert response.status_code == 200
    scores = response.context["inline_admin_formsets"][0]
    assert len(scores.formset.forms) == assessment.scores.count()
    assert scores.has_change_permission and not scores.has_add_permission
