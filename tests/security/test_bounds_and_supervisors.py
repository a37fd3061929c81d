"""per_page stays within 1–200; a task's supervisor is a leader who sees the task."""

import pytest
from django.urls import reverse

from tests.factories.org import OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker import permissions
from tracker.models import Role
from tracker.services import tasks as services


@pytest.mark.parametrize(
    ("asked", "shown"), [("-1", 25), ("0", 25), ("100000000", 25), ("abc", 25), ("30", 30)]
)
def test_per_page_outside_bounds_falls_back_to_the_default(
    client, office_user, agency, asked, shown
):
    lead = OfficeFactory(parent=agency)
    TaskFactory.create_batch(40, agency=agency, lead_unit=lead, assigned=True)
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"per_page": asked})

    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == shown


def test_per_page_is_bounded_on_conclusions_and_results_too(client, office_user):
    client.force_login(office_user)

    for url in (reverse("conclusions:list"), reverse("assessments:list")):
        assert client.get(url, {"per_page": "-1"}).status_code == 200


@pytest.fixture
def department_director(agency):
    return UserFactory(username="gdso", unit=agency, role=Role.LEADERSHIP)


@pytest.fixture
def province_leader(province_secretariat):
    province = province_secretariat.unit.parent
    return UserFactory(username="ctinh", unit=province, role=Role.LEADERSHIP)


def test_the_province_cannot_name_a_department_director(
    province_secretariat, province_leader, department_director
):
    province = province_secretariat.unit.parent

    choices = set(permissions.agency_leaders(province))

    assert choices == {province_leader}
    assert not permissions.is_agency_leader(department_director, province)


def test_a_department_names_its_own_leaders(agency, leader, deputy_leader, province_secretariat):
    assert set(permissions.agency_leaders(agency)) == {leader, deputy_leader}


def test_the_task_form_offers_only_leaders_who_see_the_task(
    client, province_secretariat, province_leader, department_director
):
    client.force_login(province_secretariat)

    response = client.get(reverse("tasks:create"))

    offered = set(response.context["form"].fields["supervisor"].queryset)
    assert offered == {province_leader}


def test_the_service_refuses_a_supervisor_who_would_not_see_the_task(
    province_secretariat, department_director
):
    province = province_secretariat.unit.parent
    lead = OfficeFactory(parent=province)

    with pytest.raises(services.TaskActionError) as refused:
        services.task_create(
            user=province_secretariat,
            title="Rà soát thủ tục",
            lead_unit=lead,
            supervisor=department_director,
        )

    assert "supervisor" in refused.value.message_dict
