"""Closing the year: open tasks carried into the next year with a new deadline
or cancelled with a reason, all or nothing, every decision in the history."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from tests.factories.tasks import VN, TaskFactory
from tracker.models import ExtensionRequest, ExtensionStatus, Task, TaskAction, TaskStatus
from tracker.selectors.tasks import task_history, year_end_open_tasks
from tracker.services.task_records import TaskActionError
from tracker.services.workflow import task_carry_over
from tracker.services.year_end import (
    CANCEL,
    CARRY,
    YearCloseError,
    YearEndDecision,
    year_close,
)

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=VN)
pytestmark = pytest.mark.frozen(NOW)


@pytest.fixture
def open_work(agency, unit_a, unit_b):
    return {
        "late": TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, title="Số hóa hồ sơ"
        ),
        "december": TaskFactory(
            agency=agency,
            lead_unit=unit_b,
            assigned=True,
            deadline=date(2026, 12, 31),
            title="Tuyên truyền CCHC",
        ),
        "draft": TaskFactory(agency=agency, lead_unit=unit_a, deadline=None, title="Dự thảo"),
        "next_year": TaskFactory(
            agency=agency, lead_unit=unit_a, assigned=True, deadline=date(2027, 3, 31)
        ),
        "ongoing": TaskFactory(
            agency=agency, lead_unit=unit_a, assigned=True, deadline=None, ongoing=True
        ),
        "done": TaskFactory(agency=agency, lead_unit=unit_a, done=True),
    }


def test_year_end_lists_open_tasks_due_by_the_years_end(open_work, agency):
    tasks = year_end_open_tasks(agency=agency, year=2026, today=NOW.date())

    assert [task.title for task in tasks] == ["Số hóa hồ sơ", "Tuyên truyền CCHC", "Dự thảo"]


def test_carry_over_moves_the_deadline_and_keeps_the_old_one(open_work, office_user, unit_head):
    task = open_work["late"]
    ExtensionRequest.objects.create(
        task=task,
        requested_by=unit_head,
        reason="Chờ phần mềm",
        current_deadline=task.deadline,
        proposed_deadline=date(2026, 9, 30),
    )

    task_carry_over(task=task, user=office_user, year=2026, deadline=date(2027, 3, 31), now=NOW)

    task.refresh_from_db()
    assert (task.deadline, task.original_deadline, task.carried_over_from, task.status) == (
        date(2027, 3, 31),
        date(2026, 6, 30),
        2026,
        TaskStatus.IN_PROGRESS,
    )
    latest = task.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (office_user, "carry_over")
    entry = task_history(task=task)[0]
    assert entry.action == TaskAction.CARRY_OVER.label
    assert {change.field: (change.old, change.new) for change in entry.changes}["deadline"] == (
        "30/06/2026",
        "31/03/2027",
    )
    assert ExtensionRequest.objects.get().status == ExtensionStatus.REFUSED


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (date(2026, 12, 31), "phải sau ngày 31/12/2026"),
        (None, "Chọn hạn mới"),
    ],
)
def test_carry_over_refuses_a_deadline_inside_the_closed_year(
    open_work, office_user, deadline, message
):
    task = open_work["late"]
    rows = task.history.count()

    with pytest.raises(TaskActionError) as error:
        task_carry_over(task=task, user=office_user, year=2026, deadline=deadline, now=NOW)

    assert message in error.value.message_dict["deadline"][0]
    assert task.history.count() == rows
    assert Task.objects.get(pk=task.pk).deadline == date(2026, 6, 30)


def test_year_close_is_all_or_nothing(open_work, agency, office_user):
    before = {name: task.history.count() for name, task in open_work.items()}

    with pytest.raises(YearCloseError) as error:
        year_close(
            agency=agency,
            year=2026,
            user=office_user,
            decisions={
                open_work["late"].pk: YearEndDecision(CARRY, deadline=date(2027, 6, 30)),
                open_work["december"].pk: YearEndDecision(CANCEL, reason="  "),
            },
            now=NOW,
        )

    assert list(error.value.errors) == [open_work["december"].pk]
    assert "“Tuyên truyền CCHC”: Nêu lý do hủy nhiệm vụ." in error.value.messages
    assert {name: task.history.count() for name, task in open_work.items()} == before
    assert Task.objects.get(pk=open_work["late"].pk).deadline == date(2026, 6, 30)


def test_year_close_page_carries_and_cancels(client, open_work, office_user):
    client.force_login(office_user)
    url = reverse("tasks:year_close", args=[2026])
    late, december = open_work["late"], open_work["december"]

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            f"action_{late.pk}": CARRY,
            f"deadline_{late.pk}": "31/03/2027",
            f"action_{december.pk}": CANCEL,
            f"reason_{december.pk}": "Đã lồng ghép vào kế hoạch năm 2027",
        },
    )

    assert response.status_code == 302
    late.refresh_from_db()
    december.refresh_from_db()
    assert (late.deadline, late.carried_over_from) == (date(2027, 3, 31), 2026)
    assert (december.status, december.cancel_reason) == (
        TaskStatus.CANCELLED,
        "Đã lồng ghép vào kế hoạch năm 2027",
    )
    assert december.history.latest().history_change_reason == "cancel"
    remaining = client.get(url).context["rows"]
    assert [row[0].title for row in remaining] == ["Dự thảo"]


def test_year_close_page_names_the_refused_row(client, open_work, office_user):
    client.force_login(office_user)
    late = open_work["late"]

    response = client.post(
        reverse("tasks:year_close", args=[2026]),
        {f"action_{late.pk}": CARRY, f"deadline_{late.pk}": "15/12/2026"},
    )

    assert response.status_code == 400
    assert (
        "“Số hóa hồ sơ”: Hạn mới 15/12/2026 phải sau ngày 31/12/2026." in response.content.decode()
    )
    late.refresh_from_db()
    assert late.deadline == date(2026, 6, 30)


def test_year_close_is_for_the_agencys_office(client, open_work, unit_head, leader, outsider):
    url = reverse("tasks:year_close", args=[2026])
    for user in (unit_head, leader):
        client.force_login(user)
        assert client.get(url).status_code == 403

    # Another agency's office closes its own year: our tasks are not on its list.
    client.force_login(outsider)
    late = open_work["late"]
    response = client.post(url, {f"action_{late.pk}": CANCEL, f"reason_{late.pk}": "Hủy"})
    assert response.context["rows"] == []
    late.refresh_from_db()
    assert late.status == TaskStatus.IN_PROGRESS


@pytest.mark.parametrize("extra", [0, 20])
def test_year_close_page_queries_do_not_grow_with_tasks(
    client, open_work, agency, unit_a, office_user, django_assert_max_num_queries, extra
):
    TaskFactory.create_batch(extra, agency=agency, lead_unit=unit_a, in_progress=True)
    client.force_login(office_user)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("tasks:year_close", args=[2026]))

    assert len(response.context["rows"]) == 3 + extra
