"""Workflow services take the moment they act as `now`, so a replay of past
work (the demo year) and a scheduled job need no clock tricks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories.tasks import pdf_upload
from tracker.models import Comment, ExtensionRequest, Task, TaskStatus
from tracker.services.extensions import extension_decide, extension_request_create
from tracker.services.tasks import comment_add, task_create
from tracker.services.workflow import task_accept, task_issue, task_submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, month: int = 3) -> datetime:
    return datetime(2023, month, day, 9, tzinfo=VN)


@pytest.fixture
def task(office_user, unit_a):
    return task_create(
        user=office_user,
        title="Chuẩn hóa quy trình nội bộ",
        lead_unit=unit_a,
        deadline=date(2023, 6, 30),
        now=at(3),
    )


def test_each_action_happens_at_the_given_moment(task, office_user, unit_head, deputy_leader):
    task = task_issue(task=task, user=office_user, now=at(3))
    task = task_accept(task=task, user=unit_head, now=at(6))
    comment_add(task=task, user=unit_head, text="Đang triển khai.", now=at(7))
    request = extension_request_create(
        task=task,
        user=unit_head,
        proposed_deadline=date(2023, 9, 30),
        reason="Chờ nâng cấp phần mềm.",
        now=at(20, 6),
    )
    extension_decide(extension=request, user=deputy_leader, approve=True, now=at(22, 6))
    task_submit(task=task, user=unit_head, note="Đã xong.", files=[pdf_upload()], now=at(1, 9))

    task.refresh_from_db()
    assert task.created_at == at(3)
    assert (task.issued_at, task.accepted_at, task.submitted_at) == (at(3), at(6), at(1, 9))
    assert Comment.objects.get().created_at == at(7)
    request = ExtensionRequest.objects.get()
    assert (request.created_at, request.decided_at) == (at(20, 6), at(22, 6))
    assert [row.history_date for row in task.history.order_by("history_date")] == [
        at(3),
        at(3),
        at(6),
        at(22, 6),
        at(1, 9),
    ]
    assert task.evidence.get().uploaded_at == at(1, 9)
    assert task.status == TaskStatus.SUBMITTED


def test_issue_judges_the_deadline_against_the_given_day(task, office_user):
    task_issue(task=task, user=office_user, now=at(30, 6))

    assert Task.objects.get(pk=task.pk).status == TaskStatus.ASSIGNED


def test_without_now_the_current_time_is_used(office_user, unit_a):
    before = datetime.now(tz=VN)

    created = task_create(user=office_user, title="Việc mới", lead_unit=unit_a)

    assert created.created_at >= before
    assert created.history.get().history_date >= before
