"""No blank 405 on an action's address: a GET goes to the page the action belongs to."""

import pytest
from django.urls import reverse

from tests.factories.tasks import TaskFactory
from tracker.models import ExtensionRequest

TASK_ACTIONS = [
    "issue",
    "accept",
    "return",
    "reassign",
    "assign_staff",
    "report_progress",
    "submit",
    "verify",
    "reopen",
    "cancel",
    "request_extension",
    "comment",
]


@pytest.mark.parametrize("action", TASK_ACTIONS)
def test_get_on_a_task_action_goes_to_the_task(client, unit_head, agency, unit_a, action):
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)

    response = client.get(reverse(f"tasks:{action}", args=[task.pk]))

    assert (response.status_code, response.url) == (302, task.get_absolute_url())


def test_get_on_an_extension_decision_goes_to_its_task(client, leader, agency, unit_a, unit_head):
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    extension = ExtensionRequest.objects.create(
        task=task, requested_by=unit_head, proposed_deadline=task.deadline, reason="Cần thêm"
    )
    client.force_login(leader)

    response = client.get(reverse("tasks:decide_extension", args=[extension.pk]))

    assert (response.status_code, response.url) == (302, task.get_absolute_url())


def test_an_outsider_following_an_action_address_still_gets_404_on_the_task(
    client, outsider, agency, unit_a
):
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    client.force_login(outsider)

    response = client.get(reverse("tasks:request_extension", args=[task.pk]), follow=True)

    assert response.status_code == 404


def test_anonymous_get_on_an_action_goes_to_login(client, agency, unit_a):
    task = TaskFactory(agency=agency, lead_unit=unit_a)

    response = client.get(reverse("tasks:issue", args=[task.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_switching_language_on_a_refused_action_returns_to_the_task(
    client, unit_head, agency, unit_a
):
    task = TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)
    action_url = reverse("tasks:request_extension", args=[task.pk])
    refused = client.post(action_url, {"request_extension-version": task.version})
    assert refused.status_code == 400
    assert f'name="next" type="hidden" value="{action_url}"' in refused.text

    switched = client.post(
        reverse("set_language"), {"language": "en", "next": action_url}, follow=True
    )

    assert switched.status_code == 200
    assert switched.redirect_chain[-1][0] == task.get_absolute_url()


def test_get_on_other_post_only_addresses_goes_to_their_page(client, office_user, agency):
    client.force_login(office_user)

    conclusion = client.get(reverse("conclusions:import_confirm"))

    assert (conclusion.status_code, conclusion.url) == (302, reverse("conclusions:import"))
