"""The unit head's inbox and staff's own tasks on 15/05/2026 (second quarter)."""

from datetime import date

import pytest

from tests.factories.tasks import TaskFactory
from tests.progress.conftest import at
from tracker.selectors.dashboards import staff_home, unit_head_home


@pytest.fixture
def inbox(agency, unit_a, unit_b):
    a = {"agency": agency, "lead_unit": unit_a}
    tasks = {
        "to_accept": TaskFactory(**a, assigned=True, deadline=date(2026, 6, 30)),
        "soon": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 20)),
        "late": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 10)),
        "rework": TaskFactory(
            **a, in_progress=True, deadline=date(2026, 6, 10), reopen_reason="Thiếu minh chứng"
        ),
        "submitted": TaskFactory(
            **a, submitted=True, deadline=date(2026, 5, 12), submitted_at=at(5, 11)
        ),
        "on_time": TaskFactory(
            **a,
            done=True,
            deadline=date(2026, 4, 30),
            submitted_at=at(4, 28),
            completed_at=at(4, 29),
        ),
        "done_late": TaskFactory(
            **a,
            done=True,
            deadline=date(2026, 4, 15),
            submitted_at=at(4, 20),
            completed_at=at(4, 21),
        ),
    }
    TaskFactory(agency=agency, lead_unit=unit_b, in_progress=True, deadline=date(2026, 5, 2))
    TaskFactory(agency=agency, lead_unit=unit_a, deadline=date(2026, 5, 16))  # a draft
    return tasks


def test_unit_inbox(inbox, unit_head, frozen):
    data = unit_head_home(user=unit_head, today=frozen)

    assert data.awaiting.items == [inbox["to_accept"]]
    assert data.due_soon.items == [inbox["soon"]]
    assert data.overdue.items == [inbox["late"]]
    assert data.reworking.items == [inbox["rework"]]
    assert data.submitted.items == [inbox["submitted"]]


def test_unit_on_time_rate_this_quarter(inbox, unit_head, frozen):
    data = unit_head_home(user=unit_head, today=frozen)

    # Seven tasks due in the quarter, one done on time: 1/7 = 14,28% (cut, not rounded).
    assert (data.buckets.tasks, data.buckets.done_on_time, data.buckets.done_late) == (7, 1, 1)
    assert str(data.buckets.on_time_rate) == "14.28"
    assert data.period.label == "quý II năm 2026"


def test_inbox_page_links_filters_and_acceptance(client, inbox, unit_head, frozen):
    client.force_login(unit_head)

    html = client.get("/").content.decode()

    assert 'data-testid="on-time-rate">14,28%' in html
    assert f"/nhiem-vu/{inbox['to_accept'].pk}/#action-accept" in html
    assert "/nhiem-vu/?overdue=true" in html


def test_unit_task_list_filters_by_status_and_overdue(client, inbox, unit_head, frozen):
    client.force_login(unit_head)

    overdue = client.get("/nhiem-vu/", {"overdue": "true"}).context["table"].data.data
    submitted = client.get("/nhiem-vu/", {"status": "submitted"}).context["table"].data.data

    assert list(overdue) == [inbox["late"]]
    assert list(submitted) == [inbox["submitted"]]


def test_other_unit_head_sees_none_of_it(inbox, other_unit_head, frozen):
    data = unit_head_home(user=other_unit_head, today=frozen)

    assert data.awaiting.total == data.due_soon.total == data.reworking.total == 0
    assert data.submitted.total == 0
    assert [task.lead_unit for task in data.overdue.items] == [other_unit_head.unit]


@pytest.fixture
def carried(agency, unit_a, staff_user, unit_head):
    a = {"agency": agency, "lead_unit": unit_a, "assignee": staff_user}
    return {
        "june": TaskFactory(**a, in_progress=True, deadline=date(2026, 6, 1)),
        "may": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 20)),
        "ongoing": TaskFactory(**a, in_progress=True, deadline=None, ongoing=True),
        "done": TaskFactory(**a, done=True),
        "colleague": TaskFactory(
            agency=agency, lead_unit=unit_a, assignee=unit_head, in_progress=True
        ),
    }


def test_staff_tasks_by_deadline(carried, staff_user, frozen):
    assert staff_home(user=staff_user, today=frozen).items == [
        carried["may"],
        carried["june"],
        carried["ongoing"],
    ]


def test_staff_page_has_the_progress_form_one_tap_away(client, carried, staff_user, frozen):
    client.force_login(staff_user)

    html = client.get("/").content.decode()

    assert html.count('data-testid="my-tasks-action"') == 3
    assert f"/nhiem-vu/{carried['may'].pk}/#action-report_progress" in html


@pytest.mark.parametrize(("who", "bound"), [("unit_head", 15), ("staff_user", 6)])
def test_inbox_query_count_is_bounded(
    client, agency, unit_a, staff_user, frozen, request, who, bound, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))
    for extra in (2, 60):
        for number in range(extra):
            day = date(2026, 5, 1 + number % 28)
            common = {"agency": agency, "lead_unit": unit_a, "deadline": day}
            TaskFactory(**common, assigned=True)
            TaskFactory(**common, in_progress=True, assignee=staff_user)
            TaskFactory(**common, submitted=True, assignee=staff_user)
        with django_assert_max_num_queries(bound):
            assert client.get("/").status_code == 200
