"""Pages that list things do a fixed number of queries whatever the size."""

import pytest
from django.urls import reverse

from tests.factories.assessments import AssessmentFactory, CriteriaSetFactory, scored_tree
from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, TaskCriterion, UnitKind


@pytest.mark.parametrize(("areas", "children"), [(2, 3), (10, 30)])
def test_lost_points_page_queries(
    client, django_assert_max_num_queries, office_user, areas, children
):
    last_year = AssessmentFactory(
        unit=office_user.unit.agency, criteria_set=CriteriaSetFactory(year=2021)
    )
    scored_tree(last_year, areas, children)
    assessment = AssessmentFactory(unit=last_year.unit, criteria_set=CriteriaSetFactory(year=2022))
    scores = scored_tree(assessment, areas, children)
    lead_unit = OfficeFactory(parent=assessment.unit)
    for score in scores[: areas + children]:
        task = TaskFactory(agency=assessment.unit, lead_unit=lead_unit)
        TaskCriterion.objects.create(
            task=task, criterion=score.criterion, assessment=assessment, points_lost=score.lost
        )
    client.force_login(office_user)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("assessments:lost_points", args=[assessment.pk]))

    assert len(response.context["table"].rows) == areas + areas * children
    # Counts, not one badge per task: a criterion's tasks load on demand.
    assert response.text.count('data-testid="remediation-count"') >= areas + children
    assert 'data-testid="task-status"' not in response.text


@pytest.mark.parametrize("tasks", [2, 40])
def test_lost_points_tasks_partial_queries(
    client, django_assert_max_num_queries, office_user, tasks
):
    assessment = AssessmentFactory(unit=office_user.unit.agency)
    scores = scored_tree(assessment, 1, 2)
    lead_unit = OfficeFactory(parent=assessment.unit)
    for _ in range(tasks):
        TaskCriterion.objects.create(
            task=TaskFactory(agency=assessment.unit, lead_unit=lead_unit),
            criterion=scores[-1].criterion,
            assessment=assessment,
        )
    client.force_login(office_user)

    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("assessments:lost_points_tasks", args=[assessment.pk]), {"ma": "1"}
        )

    assert response.text.count('data-testid="task-status"') == tasks


@pytest.mark.parametrize("count", [2, 40])
def test_list_page_queries(client, django_assert_max_num_queries, db, count):
    province = UnitFactory(code="TINH", kind=UnitKind.PROVINCE)
    province_office = UserFactory(
        unit=OfficeFactory(code="TINH-VP", parent=province), role=Role.OFFICE
    )
    for year in range(2000, 2000 + count):
        assessment = AssessmentFactory(
            unit=DepartmentFactory(parent=province), criteria_set=CriteriaSetFactory(year=year)
        )
        scored_tree(assessment, 2, 2)
    client.force_login(province_office)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:list"))

    assert len(response.context["table"].page.object_list) == count


@pytest.mark.parametrize("count", [2, 30])
def test_peers_page_queries(client, django_assert_max_num_queries, office_user, count):
    criteria_set = CriteriaSetFactory(year=2022)
    for _ in range(count):
        scored_tree(AssessmentFactory(criteria_set=criteria_set), 2, 2)
    client.force_login(office_user)

    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("assessments:peers"), {"index": "PAR", "year": 2022, "audience": "department"}
        )

    assert len(response.context["ranking"].rows) == count
