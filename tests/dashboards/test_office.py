"""The office's deadline desk on Friday 15/05/2026: this week runs to Sunday
17/05, next week 18/05–24/05."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.assessments import AssessmentFactory
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tests.factories.org import OfficeFactory
from tests.factories.tasks import TaskFactory
from tests.progress.conftest import _score, _scored_set, at
from tracker.models import TaskCriterion
from tracker.selectors.dashboards import office_home


@pytest.fixture
def desk(agency, unit_a, unit_b, other_agency):
    a, b = {"agency": agency, "lead_unit": unit_a}, {"agency": agency, "lead_unit": unit_b}
    tasks = {
        "today": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 15)),
        "sunday": TaskFactory(**b, assigned=True, deadline=date(2026, 5, 17)),
        "monday": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 18)),
        "next_sunday": TaskFactory(**b, in_progress=True, deadline=date(2026, 5, 24)),
        "later": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 25)),
        "done": TaskFactory(
            **a,
            done=True,
            deadline=date(2026, 5, 16),
            submitted_at=at(5, 12),
            completed_at=at(5, 13),
        ),
        "late_a": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 10)),
        "late_b": TaskFactory(**b, assigned=True, deadline=date(2026, 5, 1)),
        "returned": TaskFactory(**b, returned=True, deadline=date(2026, 6, 30)),
        "draft": TaskFactory(**a, deadline=date(2026, 6, 30)),
        "stale_draft": TaskFactory(**b, deadline=date(2026, 5, 1)),
    }
    TaskFactory(agency=other_agency, in_progress=True, deadline=date(2026, 5, 16))
    TaskFactory(agency=other_agency, deadline=date(2026, 6, 1))
    return tasks


def test_deadlines_this_week_and_next(desk, office_user, frozen):
    data = office_home(user=office_user, today=frozen)

    assert data.this_week.items == [desk["today"], desk["sunday"]]
    assert data.next_week.items == [desk["monday"], desk["next_sunday"]]


def test_overdue_by_unit_with_days(desk, office_user, frozen):
    data = office_home(user=office_user, today=frozen)

    assert [(row.name, row.overdue, row.days_overdue) for row in data.overdue_units.items] == [
        ("Phòng Phổ biến, giáo dục pháp luật", 1, 14),
        ("Phòng Hành chính tư pháp", 1, 5),
    ]
    # The longest overdue first.
    assert [(task, task.days_overdue) for task in data.most_overdue.items] == [
        (desk["late_b"], 14),
        (desk["late_a"], 5),
    ]


def test_returned_and_drafts_with_passed_deadline_flagged(desk, office_user, frozen):
    data = office_home(user=office_user, today=frozen)

    assert data.returned.items == [desk["returned"]]
    assert [(draft.task, draft.deadline_passed) for draft in data.drafts.items] == [
        (desk["stale_draft"], True),
        (desk["draft"], False),
    ]


def test_directives_and_criteria_without_task(agency, office_user, other_agency, frozen):
    conclusion = ConclusionFactory(issuing_unit=agency)
    carried = DirectiveFactory(conclusion=conclusion)
    cancelled_only = DirectiveFactory(conclusion=conclusion)
    DirectiveFactory(conclusion=ConclusionFactory(issuing_unit=other_agency))
    TaskFactory(agency=agency, directive=carried, in_progress=True)
    TaskFactory(agency=agency, directive=cancelled_only, cancelled=True)
    criteria_set, criteria = _scored_set(2025)
    result = AssessmentFactory(unit=agency, criteria_set=criteria_set)
    _score(result, criteria, {"1": "5.75", "2.1": "2.50", "2.2": "3.75", "3": "7.00"})
    remedy = TaskFactory(agency=agency, assigned=True)
    TaskCriterion.objects.create(task=remedy, criterion=criteria["2.1"], assessment=result)

    data = office_home(user=office_user, today=frozen)

    assert data.directives_without_task.items == [cancelled_only]
    # Lost: area 1 (0.75) and 2.1 (0.50); 2.1 has a task.
    assert [(row.code, row.lost) for row in data.criteria_without_task] == [("1", Decimal("0.75"))]


def test_desk_page_flags_the_stale_draft_and_leaves_a_reminders_block(
    client, desk, office_user, frozen
):
    client.force_login(office_user)

    html = client.get("/").content.decode()

    assert html.count('data-testid="draft"') == 2
    assert html.count('data-testid="draft-deadline-passed"') == 1
    assert f"/nhiem-vu/{desk['returned'].pk}/#action-reassign" in html


def test_desk_query_count_is_bounded(
    client, desk, office_user, agency, unit_a, frozen, django_assert_max_num_queries
):
    client.force_login(office_user)
    for extra in (2, 60):
        for number in range(extra):
            day = date(2026, 5, 1 + number % 28)
            TaskFactory(agency=agency, lead_unit=unit_a, in_progress=True, deadline=day)
            TaskFactory(agency=agency, lead_unit=unit_a, deadline=day)
            TaskFactory(agency=agency, lead_unit=unit_a, returned=True, deadline=day)
        # 18 for the desk (overdue counted per arm of the rule), 2 for the
        # reminders sent today (notifications).
        with django_assert_max_num_queries(20):
            assert client.get("/").status_code == 200


def test_a_province_of_late_units_shows_the_latest_few_and_links_the_rest(
    client, agency, office_user, frozen
):
    for number in range(23):
        TaskFactory(
            agency=agency,
            lead_unit=OfficeFactory(parent=agency, name=f"Phòng {number:02d}"),
            in_progress=True,
            deadline=date(2026, 4, 1 + number),
        )
    client.force_login(office_user)

    response = client.get(reverse("home"))

    units = response.context["data"].overdue_units
    assert [unit.name for unit in units.items] == [f"Phòng {n:02d}" for n in range(20)]
    assert response.text.count('data-testid="overdue-unit"') == 20
    assert "và 3 đơn vị khác" in response.text
