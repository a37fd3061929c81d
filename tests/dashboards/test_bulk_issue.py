"""Issuing several drafts at once: all of them, or none with the reason per draft."""

from datetime import date

import pytest
import time_machine

from tests.factories.tasks import TaskFactory
from tests.progress.conftest import NOW
from tracker.models import TaskStatus
from tracker.services.bulk import BulkIssueError, issue_drafts


@pytest.fixture
def drafts(agency, unit_a, unit_b):
    return [
        TaskFactory(agency=agency, lead_unit=unit_a, deadline=date(2026, 6, 30)),
        TaskFactory(agency=agency, lead_unit=unit_b, deadline=date(2026, 7, 15)),
    ]


@pytest.fixture
def stale(agency, unit_b):
    return TaskFactory(agency=agency, lead_unit=unit_b, deadline=date(2026, 5, 1))


def _statuses(tasks):
    return [type(task).objects.get(pk=task.pk).status for task in tasks]


def test_every_draft_is_issued(drafts, office_user):
    issued = issue_drafts(tasks=drafts, user=office_user, now=NOW)

    assert [task.pk for task in issued] == [task.pk for task in drafts]
    assert _statuses(drafts) == [TaskStatus.ASSIGNED, TaskStatus.ASSIGNED]
    for task in drafts:
        task.refresh_from_db()
        assert task.issued_at == NOW
        assert task.original_deadline == task.deadline
        assert task.history.filter(history_change_reason="issue").count() == 1


def test_one_refused_draft_leaves_every_draft_unissued_with_its_reason(drafts, stale, office_user):
    with pytest.raises(BulkIssueError) as refused:
        issue_drafts(tasks=[*drafts, stale], user=office_user, now=NOW)

    assert _statuses([*drafts, stale]) == [TaskStatus.DRAFT] * 3
    assert [refusal.task.pk for refusal in refused.value.refusals] == [stale.pk]
    assert refused.value.refusals[0].reasons == [
        "Hạn hoàn thành 01/05/2026 không được trước ngày giao 15/05/2026."
    ]
    assert drafts[0].history.filter(history_change_reason="issue").count() == 0


def test_a_task_already_issued_is_refused_by_name(drafts, office_user, agency, unit_a):
    issued = TaskFactory(agency=agency, lead_unit=unit_a, assigned=True)

    with pytest.raises(BulkIssueError) as refused:
        issue_drafts(tasks=[drafts[0], issued], user=office_user, now=NOW)

    assert "đang ở trạng thái “Đã giao”" in refused.value.refusals[0].reasons[0]
    assert _statuses([drafts[0]]) == [TaskStatus.DRAFT]


@time_machine.travel(NOW, tick=False)
def test_page_issues_the_chosen_drafts(client, drafts, office_user):
    client.force_login(office_user)

    response = client.post("/giao-nhieu/", {"task": [task.pk for task in drafts]}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Đã giao 2 nhiệm vụ." in response.content.decode()
    assert _statuses(drafts) == [TaskStatus.ASSIGNED, TaskStatus.ASSIGNED]


@time_machine.travel(NOW, tick=False)
def test_page_shows_each_refusal_and_keeps_the_choice(client, drafts, stale, office_user):
    client.force_login(office_user)

    response = client.post("/giao-nhieu/", {"task": [drafts[0].pk, stale.pk]})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa giao nhiệm vụ nào: 1 dự thảo không giao được." in html
    assert html.count('data-testid="refusal"') == 1
    assert "không được trước ngày giao 15/05/2026" in html
    assert f'value="{drafts[0].pk}" id="draft-{drafts[0].pk}" checked' in html
    assert _statuses([drafts[0], stale]) == [TaskStatus.DRAFT, TaskStatus.DRAFT]


@pytest.mark.parametrize("who", ["unit_head", "leader", "staff_user"])
def test_only_office_staff_issue(client, drafts, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post("/giao-nhieu/", {"task": [task.pk for task in drafts]})

    assert response.status_code == 403
    assert _statuses(drafts) == [TaskStatus.DRAFT, TaskStatus.DRAFT]


def test_another_agencys_office_issues_nothing(client, drafts, outsider):
    client.force_login(outsider)

    response = client.post("/giao-nhieu/", {"task": [task.pk for task in drafts]}, follow=True)

    assert "Chưa chọn dự thảo nào để giao." in response.content.decode()
    assert _statuses(drafts) == [TaskStatus.DRAFT, TaskStatus.DRAFT]
