"""Recoverable points per task, and points at stake per unit and per area,
checked against the two seeded years worked out by hand."""

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.effect.conftest import TODAY, remedies
from tests.factories.org import OfficeFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Task
from tracker.selectors.recoverable import points_at_stake, recoverable_points
from tracker.services.workflow import task_cancel


def _ids(two_years, *names):
    return [two_years.tasks[name].pk for name in names]


def test_recoverable_points_share_each_criterion_among_tasks_not_cancelled(two_years):
    points = recoverable_points(task_ids=_ids(two_years, "T1", "T2", "T3", "T4", "T5", "plain"))

    # 1.1 lost 1.00 shared by T1 and T2 (T3 is cancelled); 2.1 lost 0.75
    # shared by T4 and T5; T4 carries 1.2's 0.50 alone.
    assert points == {
        two_years.tasks["T1"].pk: Decimal("0.50"),
        two_years.tasks["T2"].pk: Decimal("0.50"),
        two_years.tasks["T3"].pk: Decimal("0"),
        two_years.tasks["T4"].pk: Decimal("0.875"),
        two_years.tasks["T5"].pk: Decimal("0.375"),
    }


def test_recoverable_points_cancelling_a_task_gives_its_share_to_the_others(two_years, office_user):
    task_cancel(task=two_years.tasks["T2"], user=office_user, reason="Trùng nhiệm vụ T1")

    points = recoverable_points(task_ids=_ids(two_years, "T1", "T2"))

    assert points == {two_years.tasks["T1"].pk: Decimal("1.00"), two_years.tasks["T2"].pk: 0}


def test_points_at_stake_by_unit_and_area(two_years, agency, unit_b):
    summary = points_at_stake(tasks=Task.objects.filter(agency=agency), today=TODAY)

    # Open: T2 (1.1, overdue since 31/05) and T5 (2.1, due 30/09), both unit B.
    assert (summary.total.open_points, summary.total.overdue_points) == (
        Decimal("0.875"),
        Decimal("0.50"),
    )
    assert (summary.total.open_tasks, summary.total.overdue_tasks) == (2, 1)
    assert [(s.label, s.open_points, s.overdue_points) for s in summary.by_unit] == [
        (unit_b.name, Decimal("0.875"), Decimal("0.50"))
    ]
    assert [(s.key, s.label, s.open_points, s.overdue_points) for s in summary.by_area] == [
        ("1", "Công tác chỉ đạo điều hành", Decimal("0.50"), Decimal("0.50")),
        ("2", "Cải cách thể chế", Decimal("0.375"), Decimal("0")),
    ]


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_task_page_shows_the_tasks_share(client, two_years, office_user):
    client.force_login(office_user)

    response = client.get(reverse("tasks:detail", args=[two_years.tasks["T4"].pk]))

    assert response.status_code == 200
    assert response.context["recoverable"] == Decimal("0.875")
    rows = {link.criterion.code: share.share for link, share in response.context["criteria_rows"]}
    assert rows == {"1.2": Decimal("0.50"), "2.1": Decimal("0.375")}
    assert (
        '<th class="text-end" data-testid="task-recoverable">0,88</th>' in response.content.decode()
    )


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_deadline_board_lists_recoverable_points_per_task(client, two_years, office_user):
    client.force_login(office_user)

    response = client.get(reverse("tasks:board"), {"_export": "csv"})

    _title, header, *rows = csv.reader(
        io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"
    )
    column = header.index("Điểm có thể gỡ")
    by_title = {row[0]: row[column] for row in rows}
    assert by_title[two_years.tasks["T4"].title] == "0,88"
    assert by_title[two_years.tasks["T2"].title] == "0,50"
    assert by_title[two_years.tasks["plain"].title] == ""


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_stake_page_sums_for_the_office_and_refuses_unit_heads(
    client, two_years, office_user, unit_head, outsider
):
    client.force_login(office_user)
    response = client.get(reverse("tasks:stake"))
    assert response.status_code == 200
    assert response.context["summary"].total.open_points == Decimal("0.875")
    assert 'data-testid="stake-overdue">0,50<' in response.content.decode()

    client.force_login(unit_head)
    assert client.get(reverse("tasks:stake")).status_code == 403

    client.force_login(outsider)
    response = client.get(reverse("tasks:stake"))
    assert response.context["summary"].total.open_tasks == 0


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
@pytest.mark.parametrize("extra", [0, 15])
def test_stake_page_queries_do_not_grow_with_tasks(
    client, two_years, agency, office_user, django_assert_max_num_queries, extra
):
    for number in range(extra):
        remedies(
            TaskFactory(agency=agency, lead_unit=OfficeFactory(parent=agency), assigned=True),
            two_years.before,
            two_years.c22["1.2" if number % 2 else "2.1"],
        )
    client.force_login(office_user)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("tasks:stake"))

    assert response.context["summary"].total.open_tasks == 2 + extra
