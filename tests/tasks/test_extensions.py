from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import resolve, reverse

from tests.factories.tasks import TaskFactory, pdf_upload
from tracker.models import ExtensionRequest, ExtensionStatus, Task, TaskAction, TaskStatus
from tracker.permissions import allowed_task_actions, can_act
from tracker.selectors.tasks import extension_requests_pending, with_lateness
from tracker.services.extensions import extension_decide, extension_request_create
from tracker.services.task_records import TaskActionError
from tracker.services.tasks import task_update
from tracker.services.workflow import (
    task_cancel,
    task_reassign,
    task_return,
    task_submit,
    task_verify,
)
from tracker.views import tasks as views

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=VN)
pytestmark = pytest.mark.frozen(NOW)


@pytest.fixture
def task(unit_a):
    return TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 30)
    )


def test_unit_head_asks_for_a_later_deadline(task, unit_head):
    extension = extension_request_create(
        task=task,
        user=unit_head,
        proposed_deadline=date(2026, 7, 31),
        reason="Chờ nâng cấp phần mềm một cửa",
        expected_version=task.version,
    )

    assert (
        extension.status,
        extension.current_deadline,
        extension.proposed_deadline,
        extension.requested_by,
    ) == (ExtensionStatus.PENDING, date(2026, 6, 30), date(2026, 7, 31), unit_head)
    task.refresh_from_db()
    assert (task.deadline, task.version) == (date(2026, 6, 30), 1)


@pytest.mark.parametrize(
    ("proposed", "message"),
    [
        (date(2026, 6, 15), "Hạn đề nghị 15/06/2026 phải sau hạn hiện tại 30/06/2026."),
        (date(2026, 6, 30), "Hạn đề nghị 30/06/2026 phải sau hạn hiện tại 30/06/2026."),
    ],
)
def test_an_extension_to_an_earlier_date_is_refused(task, unit_head, proposed, message):
    with pytest.raises(TaskActionError) as refused:
        extension_request_create(
            task=task, user=unit_head, proposed_deadline=proposed, reason="Lý do"
        )

    assert refused.value.message_dict == {"proposed_deadline": [message]}
    assert ExtensionRequest.objects.count() == 0


def test_an_extension_to_a_past_date_is_refused(unit_a, unit_head):
    overdue = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=date(2026, 5, 1)
    )

    with pytest.raises(TaskActionError) as refused:
        extension_request_create(
            task=overdue, user=unit_head, proposed_deadline=date(2026, 5, 20), reason="Lý do"
        )

    assert refused.value.message_dict == {"proposed_deadline": ["Hạn đề nghị 20/05/2026 đã qua."]}


def test_extension_needs_a_reason(task, unit_head):
    with pytest.raises(TaskActionError) as refused:
        extension_request_create(
            task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason=""
        )

    assert list(refused.value.message_dict) == ["reason"]


def test_one_pending_request_at_a_time(task, unit_head):
    extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="A"
    )

    with pytest.raises(TaskActionError) as refused:
        extension_request_create(
            task=task, user=unit_head, proposed_deadline=date(2026, 8, 31), reason="B"
        )

    assert refused.value.messages == [
        "Nhiệm vụ đã có một đề nghị gia hạn đang chờ lãnh đạo quyết định."
    ]


def test_ongoing_tasks_have_no_deadline_to_extend(unit_a, unit_head):
    ongoing = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=None, ongoing=True
    )

    with pytest.raises(TaskActionError):
        extension_request_create(
            task=ongoing, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
        )


def test_staff_and_other_units_do_not_ask(task, staff_user, other_unit_head):
    task.assignee = staff_user
    task.save()
    for user in (staff_user, other_unit_head):
        with pytest.raises(PermissionDenied):
            extension_request_create(
                task=task, user=user, proposed_deadline=date(2026, 7, 31), reason="Lý do"
            )


def test_leadership_approves_and_the_original_deadline_stays(task, unit_head, deputy_leader):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )

    decided = extension_decide(
        extension=extension,
        user=deputy_leader,
        approve=True,
        note="Đồng ý",
        expected_version=task.version,
    )

    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (date(2026, 7, 31), date(2026, 6, 30))
    assert (decided.status, decided.decided_by, decided.decided_at, decided.decision_note) == (
        ExtensionStatus.APPROVED,
        deputy_leader,
        NOW,
        "Đồng ý",
    )
    record = task.history.get(history_change_reason="decide_extension")
    assert (record.history_user, record.deadline) == (deputy_leader, date(2026, 7, 31))


def test_a_second_extension_keeps_the_first_original_deadline(task, unit_head, leader):
    for proposed in (date(2026, 7, 31), date(2026, 8, 31)):
        extension = extension_request_create(
            task=task, user=unit_head, proposed_deadline=proposed, reason="Lý do"
        )
        extension_decide(extension=extension, user=leader, approve=True)

    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (date(2026, 8, 31), date(2026, 6, 30))


def test_refusal_needs_a_note_and_changes_nothing(task, unit_head, leader):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )

    with pytest.raises(TaskActionError):
        extension_decide(extension=extension, user=leader, approve=False)
    refused = extension_decide(
        extension=extension, user=leader, approve=False, note="Đủ thời gian thực hiện"
    )

    task.refresh_from_db()
    assert refused.status == ExtensionStatus.REFUSED
    assert (task.deadline, task.version) == (date(2026, 6, 30), 1)


def test_only_leadership_decides_and_only_once(task, unit_head, office_user, leader):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )

    for user in (office_user, unit_head):
        with pytest.raises(PermissionDenied):
            extension_decide(extension=extension, user=user, approve=True)
    extension_decide(extension=extension, user=leader, approve=True)
    with pytest.raises(TaskActionError) as refused:
        extension_decide(extension=extension, user=leader, approve=False, note="Đổi ý")

    assert refused.value.messages == ["Đề nghị gia hạn này đã được quyết định."]


def test_done_after_the_original_but_within_the_extended_deadline_is_not_late(
    task, unit_head, leader, office_user
):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )
    extension_decide(extension=extension, user=leader, approve=True)
    with time_machine.travel(datetime(2026, 7, 14, 10, tzinfo=VN), tick=False):
        task_submit(task=task, user=unit_head, note="Đã xong", files=[pdf_upload()])
    with time_machine.travel(datetime(2026, 7, 15, 10, tzinfo=VN), tick=False):
        done = task_verify(task=task, user=office_user)

    assert done.is_done_late is False
    assert (
        with_lateness(Task.objects.filter(pk=task.pk), today=date(2026, 8, 1)).get().done_late
        is False
    )


def test_cancelling_a_task_closes_its_pending_extension_request(
    task, unit_head, leader, office_user
):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
    )

    task_cancel(task=task, user=office_user, reason="Trùng nhiệm vụ khác")

    extension.refresh_from_db()
    assert (
        extension.status,
        extension.decided_by,
        extension.decided_at,
        extension.decision_note,
    ) == (ExtensionStatus.REFUSED, office_user, NOW, "Nhiệm vụ đã hủy.")
    assert list(extension_requests_pending(agency=task.agency)) == []
    with pytest.raises(TaskActionError) as refused:
        extension_decide(extension=extension, user=leader, approve=True)
    assert refused.value.messages == [
        "Không thể “Quyết định gia hạn”: nhiệm vụ đang ở trạng thái “Đã hủy”."
    ]


def test_verifying_a_task_closes_its_pending_extension_request(
    task, unit_head, leader, office_user
):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
    )
    task_submit(task=task, user=unit_head, note="Đã xong sớm", files=[pdf_upload()])
    other = extension_request_create(
        task=TaskFactory(agency=task.agency, lead_unit=task.lead_unit, in_progress=True),
        user=unit_head,
        proposed_deadline=date(2026, 7, 31),
        reason="Lý do khác",
    )

    with time_machine.travel(datetime(2026, 6, 5, 8, 30, tzinfo=VN), tick=False):
        task_verify(task=task, user=leader)

    extension.refresh_from_db()
    assert (
        extension.status,
        extension.decided_by,
        extension.decided_at,
        extension.decision_note,
    ) == (
        ExtensionStatus.REFUSED,
        leader,
        datetime(2026, 6, 5, 8, 30, tzinfo=VN),
        "Nhiệm vụ đã hoàn thành.",
    )
    other.refresh_from_db()
    assert (other.status, other.decided_by) == (ExtensionStatus.PENDING, None)
    assert list(extension_requests_pending(agency=task.agency)) == [other]


def test_leader_decides_through_the_page(client, task, unit_head, leader):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
    )
    client.force_login(leader)
    page = client.get(task.get_absolute_url())
    assert "Chờ phần mềm" in page.text
    assert reverse("tasks:decide_extension", args=[extension.pk]) in page.text

    response = client.post(
        reverse("tasks:decide_extension", args=[extension.pk]),
        {"decide_extension-version": task.version, "decide_extension-decision": "approved"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == date(2026, 7, 31)


def test_a_request_decided_meanwhile_says_so_on_the_page(
    client, task, unit_head, leader, deputy_leader
):
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
    )
    version = task.version
    extension_decide(extension=extension, user=leader, approve=False, note="Chưa đủ căn cứ")
    client.force_login(deputy_leader)

    response = client.post(
        reverse("tasks:decide_extension", args=[extension.pk]),
        {"decide_extension-version": version, "decide_extension-decision": "approved"},
    )

    assert response.status_code == 400
    assert "Đề nghị gia hạn này đã được quyết định." in response.text
    task.refresh_from_db()
    assert task.deadline == date(2026, 6, 30)
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by) == (ExtensionStatus.REFUSED, leader)


def test_a_second_request_sent_meanwhile_says_so_on_the_page(client, task, unit_head):
    extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
    )
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:request_extension", args=[task.pk]),
        {
            "request_extension-version": task.version,
            "request_extension-proposed_deadline": "2026-08-31",
            "request_extension-reason": "Gửi lại từ trang đã mở",
        },
    )

    assert response.status_code == 400
    assert "Nhiệm vụ đã có một đề nghị gia hạn đang chờ lãnh đạo quyết định." in response.text
    assert ExtensionRequest.objects.count() == 1


def test_unit_head_asks_through_the_page(client, task, unit_head):
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:request_extension", args=[task.pk]),
        {
            "request_extension-version": task.version,
            "request_extension-proposed_deadline": "2026-06-15",
            "request_extension-reason": "Lý do",
        },
    )

    assert response.status_code == 400
    assert "Hạn đề nghị 15/06/2026 phải sau hạn hiện tại 30/06/2026." in response.text


# --- A return or reassignment closes the request of the unit that asked ---


@pytest.fixture
def assigned(unit_a):
    return TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, assigned=True, deadline=date(2026, 6, 30)
    )


def test_returning_a_task_closes_its_pending_extension_request(
    assigned, unit_head, office_user, leader, unit_b, other_unit_head
):
    asked = extension_request_create(
        task=assigned, user=unit_head, proposed_deadline=date(2026, 9, 30), reason="Thiếu người"
    )

    task_return(task=assigned, user=unit_head, reason="Thuộc chức năng của Phòng PBGDPL")
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by, asked.decided_at, asked.decision_note) == (
        ExtensionStatus.REFUSED,
        unit_head,
        NOW,
        "Nhiệm vụ đã được trả lại.",
    )

    task_reassign(task=assigned, user=office_user, lead_unit=unit_b, deadline=date(2026, 7, 15))
    with pytest.raises(TaskActionError) as refused:
        extension_decide(extension=asked, user=leader, approve=True)
    assert refused.value.messages == ["Đề nghị gia hạn này đã được quyết định."]
    assigned.refresh_from_db()
    assert assigned.deadline == date(2026, 7, 15)

    own = extension_request_create(
        task=assigned, user=other_unit_head, proposed_deadline=date(2026, 8, 31), reason="Lý do"
    )
    assert list(extension_requests_pending(agency=assigned.agency)) == [own]


def test_reassigning_closes_a_request_still_pending(assigned, unit_head, office_user, unit_b):
    # A request left from before this rule (or written by hand) on a returned task.
    assigned.status = TaskStatus.RETURNED
    assigned.save()
    stale = ExtensionRequest.objects.create(
        task=assigned,
        requested_by=unit_head,
        reason="Thiếu người",
        current_deadline=date(2026, 6, 30),
        proposed_deadline=date(2026, 9, 30),
    )

    task_reassign(task=assigned, user=office_user, lead_unit=unit_b, deadline=date(2026, 7, 15))

    stale.refresh_from_db()
    assert (stale.status, stale.decided_by, stale.decision_note) == (
        ExtensionStatus.REFUSED,
        office_user,
        "Nhiệm vụ đã được giao lại.",
    )


def test_moving_the_task_to_another_unit_closes_its_pending_request(
    client, assigned, unit_head, office_user, leader, unit_b
):
    asked = extension_request_create(
        task=assigned, user=unit_head, proposed_deadline=date(2027, 3, 31), reason="HCTP xin"
    )
    client.force_login(office_user)

    response = client.post(
        reverse("tasks:edit", args=[assigned.pk]),
        {
            "title": assigned.title,
            "lead_unit": unit_b.pk,
            "priority": "normal",
            "version": assigned.version,
        },
    )

    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by, asked.decision_note) == (
        ExtensionStatus.REFUSED,
        office_user,
        "Nhiệm vụ đã chuyển đơn vị chủ trì.",
    )
    assert list(extension_requests_pending(agency=assigned.agency)) == []
    with pytest.raises(TaskActionError):
        extension_decide(extension=asked, user=leader, approve=True)
    assigned.refresh_from_db()
    assert (assigned.lead_unit, assigned.deadline) == (unit_b, date(2026, 6, 30))


def test_an_edit_keeping_the_lead_unit_keeps_the_pending_request(assigned, unit_head, office_user):
    asked = extension_request_create(
        task=assigned, user=unit_head, proposed_deadline=date(2026, 9, 30), reason="Thiếu người"
    )

    task_update(task=assigned, user=office_user, title="Tên mới", lead_unit=assigned.lead_unit)

    asked.refresh_from_db()
    assert asked.status == ExtensionStatus.PENDING


@pytest.mark.parametrize("status", [TaskStatus.RETURNED, TaskStatus.SUBMITTED])
def test_leadership_decides_only_while_the_unit_carries_the_task(
    assigned, unit_head, leader, status
):
    extension = ExtensionRequest.objects.create(
        task=assigned,
        requested_by=unit_head,
        reason="Thiếu người",
        current_deadline=date(2026, 6, 30),
        proposed_deadline=date(2026, 9, 30),
    )
    assigned.status = status
    assigned.save()

    assert can_act(TaskAction.DECIDE_EXTENSION, leader, assigned) is False
    assert list(extension_requests_pending(agency=assigned.agency)) == []
    with pytest.raises(TaskActionError):
        extension_decide(extension=extension, user=leader, approve=True)
    assigned.refresh_from_db()
    assert assigned.deadline == date(2026, 6, 30)


# --- Which leaders decide: the supervisor, the deputy over the unit, the director ---


@pytest.fixture
def task_of_b(unit_b):
    return TaskFactory(
        agency=unit_b.parent, lead_unit=unit_b, in_progress=True, deadline=date(2026, 6, 30)
    )


def test_a_deputy_does_not_decide_for_a_unit_they_do_not_supervise(
    task_of_b, other_unit_head, deputy_leader
):
    extension = extension_request_create(
        task=task_of_b, user=other_unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )

    with pytest.raises(PermissionDenied):
        extension_decide(extension=extension, user=deputy_leader, approve=True)

    task_of_b.refresh_from_db()
    assert task_of_b.deadline == date(2026, 6, 30)
    assert list(extension_requests_pending(agency=task_of_b.agency, leader=deputy_leader)) == []


@pytest.mark.parametrize("who", ["director", "named_supervisor"])
def test_the_director_and_the_named_supervisor_decide_for_any_unit(
    task_of_b, other_unit_head, leader, deputy_leader, who
):
    if who == "named_supervisor":
        task_of_b.supervisor = deputy_leader
        task_of_b.save()
    decider = leader if who == "director" else deputy_leader
    extension = extension_request_create(
        task=task_of_b, user=other_unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )

    assert list(extension_requests_pending(agency=task_of_b.agency, leader=decider)) == [extension]
    extension_decide(extension=extension, user=decider, approve=True)

    task_of_b.refresh_from_db()
    assert task_of_b.deadline == date(2026, 7, 31)


def test_the_board_lists_the_requests_the_leader_decides(
    client, task, task_of_b, unit_head, other_unit_head, deputy_leader, leader
):
    extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Việc của A"
    )
    extension_request_create(
        task=task_of_b, user=other_unit_head, proposed_deadline=date(2026, 8, 31), reason="B"
    )
    pending = {}
    for user in (deputy_leader, leader):
        client.force_login(user)
        response = client.get(reverse("tasks:board"))
        pending[user.username] = [e.task for e in response.context["pending_extensions"]]

    assert pending == {"phogiamdoc": [task], "giamdoc": [task, task_of_b]}


# --- What the page offers: one request waits at a time ---


def test_a_request_is_offered_while_none_waits_and_a_decision_while_one_does(
    task, unit_head, leader
):
    request = TaskAction.REQUEST_EXTENSION
    decide = TaskAction.DECIDE_EXTENSION
    before = (allowed_task_actions(unit_head, task), allowed_task_actions(leader, task))

    extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )
    waiting = Task.objects.get(pk=task.pk)
    after = (allowed_task_actions(unit_head, waiting), allowed_task_actions(leader, waiting))

    assert (request in before[0], decide in before[1]) == (True, False)
    assert (request in after[0], decide in after[1]) == (False, True)
    assert can_act(request, unit_head, waiting) is False


def test_the_page_shows_the_decision_form_only_while_a_request_waits(
    client, task, unit_head, leader
):
    client.force_login(leader)
    before = client.get(task.get_absolute_url()).text
    extension = extension_request_create(
        task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Lý do"
    )
    after = client.get(task.get_absolute_url()).text
    client.force_login(unit_head)
    head_after = client.get(task.get_absolute_url()).text

    assert 'data-testid="action-decide_extension"' not in before
    assert reverse("tasks:decide_extension", args=[extension.pk]) in after
    assert 'data-testid="action-request_extension"' not in head_after


def test_the_request_url_keeps_its_name_and_reaches_the_create_view(task):
    url = reverse("tasks:request_extension", args=[task.pk])

    assert url == f"/nhiem-vu/{task.pk}/gia-han/"
    assert resolve(url).func is views.extension_request_create
