"""Create, issue, accept, return, reassign, assign staff, edit."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories.org import OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.forms.tasks import AssigneeForm, TaskEditForm
from tracker.models import CriteriaSet, Criterion, Index, Role, TaskCriterion, TaskStatus
from tracker.selectors.tasks import assignable_users
from tracker.services.task_records import TaskActionError
from tracker.services.tasks import task_create, task_update
from tracker.services.workflow import (
    task_accept,
    task_assign_staff,
    task_issue,
    task_reassign,
    task_return,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=VN)
pytestmark = pytest.mark.frozen(NOW)


@pytest.fixture
def criterion(db):
    index = Index.objects.create(code="PAR", name="Chỉ số CCHC")
    criteria_set = CriteriaSet.objects.create(index=index, year=2025)
    area = Criterion.objects.create(
        criteria_set=criteria_set, code="3", name="Cải cách TTHC", max_score=Decimal("16.75")
    )
    return Criterion.objects.create(
        criteria_set=criteria_set,
        parent=area,
        code="3.2",
        name="Công khai TTHC",
        max_score=Decimal("2.00"),
    )


def test_office_creates_draft_with_criteria_and_supporting_units(
    office_user, agency, unit_a, unit_b, criterion
):
    task = task_create(
        user=office_user,
        title="Công khai đầy đủ TTHC trên Cổng dịch vụ công",
        lead_unit=unit_a,
        supporting_units=[unit_b],
        criteria=[(criterion, Decimal("0.75"))],
        deadline=date(2026, 6, 30),
    )

    assert task.status == TaskStatus.DRAFT
    assert task.agency == agency
    assert task.created_by == office_user
    assert list(task.supporting_units.all()) == [unit_b]
    assert list(TaskCriterion.objects.values_list("criterion__code", "points_lost")) == [
        ("3.2", Decimal("0.75"))
    ]
    assert [
        (h.history_type, h.history_user, h.history_change_reason) for h in task.history.all()
    ] == [("+", office_user, "create")]
    assert list(task.history.get().supporting_units.values_list("unit", flat=True)) == [unit_b.pk]


def test_issue_assigns_and_keeps_the_original_deadline(office_user, unit_a):
    task = task_create(
        user=office_user, title="Rà soát TTHC", lead_unit=unit_a, deadline=date(2026, 6, 30)
    )

    issued = task_issue(task=task, user=office_user, expected_version=task.version)

    assert issued.status == TaskStatus.ASSIGNED
    assert issued.issued_at == NOW
    assert issued.original_deadline == date(2026, 6, 30)
    assert issued.version == task.version + 1
    latest = issued.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (
        office_user,
        "issue",
        TaskStatus.ASSIGNED,
    )


def test_create_and_issue_at_once(office_user, unit_a):
    task = task_create(
        user=office_user,
        title="Rà soát TTHC",
        lead_unit=unit_a,
        deadline=date(2026, 5, 1),
        issue=True,
    )

    assert (task.status, task.issued_at, task.original_deadline) == (
        TaskStatus.ASSIGNED,
        NOW,
        date(2026, 5, 1),
    )


def test_issue_refuses_a_deadline_before_the_issue_date(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, deadline=date(2026, 3, 31))

    with pytest.raises(TaskActionError) as refused:
        task_issue(task=task, user=office_user)

    assert refused.value.message_dict == {
        "deadline": ["Hạn hoàn thành 31/03/2026 không được trước ngày giao 01/04/2026."]
    }
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT


def test_issue_needs_a_deadline_unless_ongoing(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, deadline=None)
    with pytest.raises(TaskActionError) as refused:
        task_issue(task=task, user=office_user)
    assert "deadline" in refused.value.message_dict

    ongoing = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, deadline=None, ongoing=True)
    assert task_issue(task=ongoing, user=office_user).status == TaskStatus.ASSIGNED


def test_lead_unit_must_belong_to_the_agency(office_user, agency, outsider):
    with pytest.raises(TaskActionError) as refused:
        task_create(user=office_user, title="X", lead_unit=outsider.unit, agency=agency)
    assert refused.value.message_dict == {
        "lead_unit": ["Đơn vị chủ trì phải là một đơn vị thuộc Sở Tư pháp."]
    }

    with pytest.raises(TaskActionError):
        task_create(user=office_user, title="X", lead_unit=agency, agency=agency)


def test_only_office_creates_and_issues(unit_head, leader, office_user, unit_a):
    for user in (unit_head, leader):
        with pytest.raises(PermissionDenied):
            task_create(user=user, title="X", lead_unit=unit_a)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a)
    with pytest.raises(PermissionDenied):
        task_issue(task=task, user=leader)


def test_unit_head_accepts_and_names_who_carries_it(unit_head, staff_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    accepted = task_accept(
        task=task, user=unit_head, assignee=staff_user, expected_version=task.version
    )

    assert (accepted.status, accepted.assignee, accepted.accepted_at) == (
        TaskStatus.IN_PROGRESS,
        staff_user,
        NOW,
    )
    assert accepted.history.first().history_user == unit_head


def test_accept_refuses_an_assignee_from_another_unit(unit_head, other_unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    with pytest.raises(TaskActionError) as refused:
        task_accept(task=task, user=unit_head, assignee=other_unit_head)

    assert refused.value.message_dict == {
        "assignee": ["Người thực hiện phải là cán bộ đang công tác tại Phòng Hành chính tư pháp."]
    }
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_who_may_carry_a_task_is_one_list_for_the_form_and_the_service(
    unit_head, staff_user, unit_a
):
    retired = UserFactory(username="nghihuu", unit=unit_a, role=Role.STAFF, is_active=False)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    offered = set(AssigneeForm(task=task).fields["assignee"].queryset)

    assert set(assignable_users(task)) == offered == {unit_head, staff_user}
    with pytest.raises(TaskActionError) as refused:
        task_accept(task=task, user=unit_head, assignee=retired)
    assert list(refused.value.message_dict) == ["assignee"]


def test_accept_is_for_the_lead_units_head_only(other_unit_head, office_user, staff_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True, assignee=staff_user)

    for user in (other_unit_head, office_user, staff_user):
        with pytest.raises(PermissionDenied):
            task_accept(task=task, user=user)


def test_accepting_twice_is_refused_with_the_current_status(unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    task_accept(task=task, user=unit_head)

    with pytest.raises(TaskActionError) as refused:
        task_accept(task=task, user=unit_head)

    assert refused.value.messages == [
        "Không thể “Tiếp nhận”: nhiệm vụ đang ở trạng thái “Đang thực hiện”."
    ]


def test_return_needs_a_reason(unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    with pytest.raises(TaskActionError) as refused:
        task_return(task=task, user=unit_head, reason="   ")
    assert refused.value.message_dict == {"reason": ["Nêu lý do trả lại nhiệm vụ."]}

    returned = task_return(task=task, user=unit_head, reason="Thuộc chức năng của Văn phòng")
    assert (returned.status, returned.return_reason) == (
        TaskStatus.RETURNED,
        "Thuộc chức năng của Văn phòng",
    )


def test_reassign_to_another_unit(office_user, unit_a, unit_b, staff_user):
    task = TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        returned=True,
        assignee=staff_user,
        supporting_units=[unit_b],
    )

    reassigned = task_reassign(
        task=task,
        user=office_user,
        lead_unit=unit_b,
        deadline=date(2026, 7, 31),
        expected_version=task.version,
    )

    assert reassigned.status == TaskStatus.ASSIGNED
    assert reassigned.lead_unit == unit_b
    assert reassigned.assignee is None
    assert list(reassigned.supporting_units.all()) == []
    assert reassigned.deadline == date(2026, 7, 31)
    assert reassigned.original_deadline == date(2026, 6, 30)
    assert reassigned.issued_at == NOW


def test_reassign_refuses_a_past_deadline(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, returned=True)

    with pytest.raises(TaskActionError) as refused:
        task_reassign(task=task, user=office_user, lead_unit=unit_a, deadline=date(2026, 3, 1))

    assert "deadline" in refused.value.message_dict


def test_unit_head_changes_who_carries_the_task(unit_head, staff_user, unit_a):
    colleague = UserFactory(unit=unit_a, role=Role.STAFF)
    task = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, assignee=staff_user
    )

    changed = task_assign_staff(task=task, user=unit_head, assignee=colleague)

    assert changed.assignee == colleague
    outsider_staff = UserFactory(unit=OfficeFactory(parent=unit_a.parent), role=Role.STAFF)
    with pytest.raises(TaskActionError):
        task_assign_staff(task=changed, user=unit_head, assignee=outsider_staff)


def test_office_edits_a_draft(office_user, unit_a, unit_b, criterion):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a)

    edited = task_update(
        task=task,
        user=office_user,
        expected_version=task.version,
        title="Tên mới",
        lead_unit=unit_b,
        criteria=[criterion],
    )

    assert (edited.title, edited.lead_unit, edited.version) == ("Tên mới", unit_b, 2)
    assert list(edited.criteria.all()) == [criterion]
    assert edited.history.first().history_user == office_user


def test_edit_without_change_saves_nothing(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Giữ nguyên")

    same = task_update(task=task, user=office_user, title="Giữ nguyên")

    assert same.version == 1
    assert task.history.count() == 1


EXTENSION_ONLY = (
    "Nhiệm vụ đã giao: hạn hoàn thành chỉ thay đổi khi lãnh đạo đồng ý đề nghị gia hạn "
    "của đơn vị chủ trì."
)


@pytest.mark.parametrize(
    "changes",
    [
        {"deadline": date(2026, 9, 30)},
        {"deadline": date(2026, 3, 1)},
        {"deadline": None, "ongoing": True},
    ],
)
def test_the_deadline_of_an_issued_task_moves_only_by_extension(office_user, unit_a, changes):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True, title="Tên cũ")

    with pytest.raises(TaskActionError) as refused:
        task_update(task=task, user=office_user, title="Tên mới", **changes)

    assert refused.value.message_dict == {name: [EXTENSION_ONLY] for name in changes}
    task.refresh_from_db()
    assert (task.title, task.deadline, task.ongoing, task.version) == (
        "Tên cũ",
        date(2026, 6, 30),
        False,
        1,
    )


def test_an_issued_task_keeps_its_deadline_while_other_fields_change(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    edited = task_update(
        task=task, user=office_user, title="Tên mới", deadline=date(2026, 6, 30), ongoing=False
    )

    assert (edited.title, edited.deadline, edited.version) == ("Tên mới", date(2026, 6, 30), 2)


def test_the_deadline_of_a_draft_is_edited_freely(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a)

    edited = task_update(task=task, user=office_user, deadline=date(2026, 9, 30))

    assert (edited.deadline, edited.original_deadline, edited.version) == (
        date(2026, 9, 30),
        None,
        2,
    )


@pytest.mark.parametrize(
    ("state", "editable"),
    [("draft", True), ("assigned", False), ("in_progress", False), ("cancelled", False)],
)
def test_only_a_draft_has_an_editable_deadline(unit_a, state, editable):
    task = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, **({} if state == "draft" else {state: True})
    )

    assert task.deadline_editable is editable
    form = TaskEditForm(task=task)
    assert form.fields["deadline"].disabled is not editable
    if not editable:
        assert form.fields["deadline"].help_text == EXTENSION_ONLY


def test_a_task_in_progress_is_no_longer_edited(office_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)

    with pytest.raises(TaskActionError):
        task_update(task=task, user=office_user, title="Khác")


def test_accept_through_the_page(client, unit_head, staff_user, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:accept", args=[task.pk]),
        {"accept-version": task.version, "accept-assignee": staff_user.pk},
        follow=True,
    )

    task.refresh_from_db()
    assert (task.status, task.assignee) == (TaskStatus.IN_PROGRESS, staff_user)
    assert [str(m) for m in response.context["messages"]] == ["Đã tiếp nhận nhiệm vụ."]


def test_return_through_the_page_without_reason_shows_the_error(client, unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:return", args=[task.pk]),
        {"return-version": task.version, "return-reason": ""},
    )

    assert response.status_code == 400
    assert "return-reason" in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_wrong_status_through_the_page_explains(client, unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:accept", args=[task.pk]), {"accept-version": task.version}
    )

    assert response.status_code == 400
    assert "Không thể “Tiếp nhận”: nhiệm vụ đang ở trạng thái “Đang thực hiện”." in response.text
