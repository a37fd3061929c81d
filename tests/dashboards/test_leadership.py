"""Leadership's quarterly review, worked out by hand on the progress world
(today 15/05/2026, the second quarter of 2026):

due in the quarter: t1 done on time, t2 done late, t3 overdue (A, 10/05),
t4 within its deadline (A), t5 submitted on time (B), t6 overdue (B, 01/05);
overdue since the first quarter: t11 (B, 20/03).
"""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories.assessments import AssessmentFactory
from tests.factories.org import OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tests.progress.conftest import _score, _scored_set
from tracker.models import ExtensionRequest, Role
from tracker.selectors.dashboards import leadership_home
from tracker.selectors.progress import progress_figures

D = Decimal


@pytest.fixture
def deputy_b(world):
    return UserFactory(
        username="phogiamdoc_b",
        unit=world.agency,
        role=Role.LEADERSHIP,
        supervised_units=[world.unit_b],
    )


@pytest.fixture
def extension(world, unit_head):
    return ExtensionRequest.objects.create(
        task=world.tasks["t3"],
        requested_by=unit_head,
        reason="Chờ ý kiến Sở Nội vụ",
        current_deadline=date(2026, 5, 10),
        proposed_deadline=date(2026, 6, 10),
    )


def test_review_buckets_are_the_figures_modules(world, leader, frozen):
    data = leadership_home(user=leader, year=2026, quarter=2, today=frozen)

    buckets = data.figures.buckets
    assert (buckets.tasks, buckets.done_on_time, buckets.done_late) == (6, 1, 1)
    assert (buckets.within_deadline, buckets.overdue) == (2, 2)
    assert (
        buckets == progress_figures(unit=world.agency, year=2026, quarter=2, today=frozen).buckets
    )
    assert [
        (u.name, u.tasks, u.done_on_time, u.done_late, u.within_deadline, u.overdue)
        for u in data.by_unit
    ] == [
        ("Phòng Hành chính tư pháp", 4, 1, 1, 1, 1),
        ("Phòng Phổ biến, giáo dục pháp luật", 2, 0, 0, 1, 1),
    ]


def test_buckets_by_area_count_a_task_once_per_area(world, leader, frozen):
    data = leadership_home(user=leader, year=2026, quarter=2, today=frozen)

    # t1 remedies area 1; t2 (2.1) and t3 (2.1 and 2.2) area 2; nothing area 3.
    assert [
        (a.code, a.tasks, a.done_on_time, a.done_late, a.within_deadline, a.overdue)
        for a in data.by_area
    ] == [
        ("1", 1, 1, 0, 0, 0),
        ("2", 2, 0, 1, 0, 1),
        ("3", 0, 0, 0, 0, 0),
    ]


def test_units_with_most_overdue_and_their_longest_delay(world, leader, frozen):
    data = leadership_home(user=leader, year=2026, quarter=2, today=frozen)

    # B: t6 (14 days) and t11 (56 days, overdue since the first quarter); A: t3 (5 days).
    assert [(row.name, row.overdue, row.most_days) for row in data.overdue_units] == [
        ("Phòng Phổ biến, giáo dục pháp luật", 2, 56),
        ("Phòng Hành chính tư pháp", 1, 5),
    ]


def test_points_lost_by_area_this_year_against_last(world, leader, frozen):
    criteria_set, criteria = _scored_set(2024)
    older = AssessmentFactory(unit=world.agency, criteria_set=criteria_set)
    _score(older, criteria, {"1": "6.00", "2.1": "3.00", "2.2": "3.00", "3": "6.00"})

    data = leadership_home(user=leader, year=2026, quarter=2, today=frozen)

    assert [(loss.code, loss.lost, loss.lost_before) for loss in data.losses] == [
        ("1", D("0.75"), D("0.50")),
        ("2", D("0.50"), D("0.75")),
        ("3", D("0.00"), D("1.00")),
    ]
    assert [result.assessment.criteria_set.year for result in data.history.years] == [2024, 2025]
    assert data.history.years[1].assessment.rank_display == "16/18"


def test_director_waits_on_every_request_and_submission(world, leader, extension, frozen):
    data = leadership_home(user=leader, year=2026, quarter=2, today=frozen)

    assert [request.task for request in data.extension_requests.items] == [world.tasks["t3"]]
    assert data.to_verify.items == [world.tasks["t5"]]


def test_deputy_sees_supervised_units_first_and_only_what_they_oversee(
    world, deputy_b, extension, frozen
):
    data = leadership_home(user=deputy_b, year=2026, quarter=2, today=frozen)

    assert [unit.name for unit in data.by_unit] == [
        "Phòng Phổ biến, giáo dục pháp luật",
        "Phòng Hành chính tư pháp",
    ]
    assert data.overdue_units[0].supervised and not data.overdue_units[1].supervised
    # t3's request is unit A's: unit B's deputy does not decide it; t5 is B's.
    assert data.extension_requests.items == []
    assert data.to_verify.items == [world.tasks["t5"]]


def test_review_page_links_each_decision_and_the_quarterly_report(
    client, world, leader, extension, frozen
):
    client.force_login(leader)

    response = client.get("/", {"year": 2026, "quarter": 2})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"/nhiem-vu/{world.tasks['t3'].pk}/#action-decide_extension" in html
    assert f"/nhiem-vu/{world.tasks['t5'].pk}/#action-verify" in html
    assert "/bao-cao/?year=2026&amp;quarter=2" in html
    assert 'data-testid="kpi-on-time">16,66%' in html
    # Charts are inline SVG with their numbers beneath; no script, no style attribute.
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("<svg") >= 4 and "<table" in main
    assert " style=" not in main and "<script" not in main and " on" + "click=" not in main


def test_review_asks_again_for_a_quarter_that_does_not_exist(client, world, leader, frozen):
    client.force_login(leader)

    response = client.get("/", {"year": 2026, "quarter": 5}, follow=True)

    assert "chỉ có quý 1, 2, 3 hoặc 4" in response.content.decode()
    assert response.context["quarter"] == 2


def _add_tasks(world, count):
    for number in range(count):
        unit = OfficeFactory(parent=world.agency)
        TaskFactory(
            agency=world.agency,
            lead_unit=unit,
            in_progress=True,
            deadline=date(2026, 4, 1 + number % 28),
        )
        TaskFactory(
            agency=world.agency,
            lead_unit=world.unit_a,
            submitted=True,
            deadline=date(2026, 6, 1 + number % 28),
        )


@pytest.mark.parametrize("who", ["leader", "deputy_leader"])
def test_review_query_count_is_bounded(
    client, world, frozen, request, who, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for extra in (2, 60):
        _add_tasks(world, extra)
        # Each scope of tasks reads its units' numbers first, overdue is counted
        # per arm of its rule.
        with django_assert_max_num_queries(33):
            assert client.get("/", {"year": 2026, "quarter": 2}).status_code == 200
