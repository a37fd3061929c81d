"""Drafts whose deadline passed: warned at generation, given a new deadline in bulk."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories.tasks import TaskFactory
from tracker.models import Task, TaskStatus
from tracker.services.task_records import TaskActionError
from tracker.services.tasks import tasks_set_deadline

NOW = datetime(2026, 9, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
pytestmark = pytest.mark.frozen(NOW)


@pytest.fixture
def drafts(agency, unit_a):
    return [
        TaskFactory(agency=agency, lead_unit=unit_a, title="Quá hạn 1", deadline=date(2026, 3, 31)),
        TaskFactory(agency=agency, lead_unit=unit_a, title="Quá hạn 2", deadline=date(2026, 6, 30)),
        TaskFactory(agency=agency, lead_unit=unit_a, title="Còn hạn", deadline=date(2026, 12, 31)),
    ]


def test_bulk_deadline_moves_the_ticked_drafts_with_history(client, office_user, drafts):
    client.force_login(office_user)
    url = reverse("tasks:drafts_deadline")

    page = client.get(url)
    response = client.post(
        url, {"tasks": [drafts[0].pk, drafts[1].pk], "deadline": "30/11/2026"}, follow=True
    )

    assert [(task.title, past) for task, past in page.context["rows"]] == [
        ("Quá hạn 1", True),
        ("Quá hạn 2", True),
        ("Còn hạn", False),
    ]
    assert "Đã đặt hạn 30/11/2026 cho 2 nhiệm vụ dự thảo." in response.text
    deadlines = dict(Task.objects.values_list("title", "deadline"))
    assert deadlines == {
        "Quá hạn 1": date(2026, 11, 30),
        "Quá hạn 2": date(2026, 11, 30),
        "Còn hạn": date(2026, 12, 31),
    }
    for task in drafts[:2]:
        first, latest = task.history.order_by("history_id")
        assert (latest.history_user, latest.history_change_reason) == (office_user, "update")
        assert (first.deadline, latest.deadline) == (task.deadline, date(2026, 11, 30))


def test_bulk_deadline_refuses_a_past_date_and_changes_nothing(client, office_user, drafts):
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:drafts_deadline"), {"tasks": [drafts[0].pk], "deadline": "31/08/2026"}
    )

    assert response.status_code == 200
    assert "Hạn mới 31/08/2026 đã qua." in response.text
    drafts[0].refresh_from_db()
    assert drafts[0].deadline == date(2026, 3, 31)


def test_bulk_deadline_is_all_or_nothing_when_one_task_was_issued(office_user, drafts):
    drafts[1].status = TaskStatus.ASSIGNED
    drafts[1].save()

    with pytest.raises(TaskActionError) as refused:
        tasks_set_deadline(tasks=drafts[:2], deadline=date(2026, 11, 30), user=office_user)

    assert refused.value.messages[0].startswith("“Quá hạn 2”:")
    drafts[0].refresh_from_db()
    assert drafts[0].deadline == date(2026, 3, 31)


@pytest.mark.parametrize(("persona", "status"), [("unit_head", 403), ("leader", 403)])
def test_bulk_deadline_is_for_the_office(client, drafts, persona, status, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("tasks:drafts_deadline"), {"tasks": [drafts[0].pk], "deadline": "30/11/2026"}
    )

    assert response.status_code == status
    drafts[0].refresh_from_db()
    assert drafts[0].deadline == date(2026, 3, 31)


def test_another_agencys_draft_cannot_be_ticked(client, office_user, outsider, drafts):
    foreign = TaskFactory(agency=outsider.unit.parent or outsider.unit, deadline=date(2026, 1, 1))
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:drafts_deadline"), {"tasks": [foreign.pk], "deadline": "30/11/2026"}
    )

    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.deadline == date(2026, 1, 1)


@pytest.mark.parametrize("count", [2, 30])
def test_drafts_deadline_page_queries_do_not_grow_with_the_drafts(
    client, office_user, agency, unit_a, django_assert_max_num_queries, count
):
    for n in range(count):
        TaskFactory(agency=agency, lead_unit=unit_a, deadline=date(2026, 3, n % 28 + 1))
    client.force_login(office_user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("tasks:drafts_deadline"))

    assert len(response.context["rows"]) == count
