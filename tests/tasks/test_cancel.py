from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories.tasks import TaskFactory
from tracker.models import TaskStatus
from tracker.services.task_records import TaskActionError
from tracker.services.workflow import task_cancel

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
OPEN_TRAITS = ["draft", "assigned", "returned", "in_progress", "submitted"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("state", OPEN_TRAITS)
def test_office_cancels_any_open_task(unit_a, office_user, state):
    traits = {} if state == "draft" else {state: True}
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, **traits)

    cancelled = task_cancel(
        task=task, user=office_user, reason="Trùng với nhiệm vụ số 12", expected_version=1
    )

    assert (cancelled.status, cancelled.cancel_reason, cancelled.cancelled_at) == (
        TaskStatus.CANCELLED,
        "Trùng với nhiệm vụ số 12",
        NOW,
    )
    latest = cancelled.history.get(history_change_reason="cancel")
    assert (latest.history_user, latest.status) == (office_user, TaskStatus.CANCELLED)


def test_cancel_needs_a_reason(unit_a, office_user):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)

    with pytest.raises(TaskActionError) as refused:
        task_cancel(task=task, user=office_user, reason=" ")

    assert refused.value.message_dict == {"reason": ["Nêu lý do hủy nhiệm vụ."]}
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


@pytest.mark.parametrize("state", ["done", "cancelled"])
def test_a_closed_task_is_not_cancelled(unit_a, office_user, state):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, **{state: True})

    with pytest.raises(TaskActionError):
        task_cancel(task=task, user=office_user, reason="Không cần nữa")


def test_only_the_office_cancels(unit_a, unit_head, leader, outsider):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)

    for user in (unit_head, leader, outsider):
        with pytest.raises(PermissionDenied):
            task_cancel(task=task, user=user, reason="Không cần nữa")


def test_cancel_through_the_page(client, unit_a, office_user):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:cancel", args=[task.pk]),
        {"cancel-version": task.version, "cancel-reason": "Đơn vị đã sáp nhập"},
        follow=True,
    )

    task.refresh_from_db()
    assert (task.status, task.cancel_reason) == (TaskStatus.CANCELLED, "Đơn vị đã sáp nhập")
    assert [str(m) for m in response.context["messages"]] == ["Đã hủy nhiệm vụ."]
    assert "Đơn vị đã sáp nhập" in response.text
