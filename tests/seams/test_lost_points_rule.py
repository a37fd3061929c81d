"""One lost-points rule and tasks linked to the assessment they remedy."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
)
from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.models import Role, TaskCriterion, UnitKind
from tracker.selectors.assessments import assessment_summary, lost_points
from tracker.selectors.generation import proposals_from_assessment
from tracker.services.generation import tasks_generate_from_assessment
from tracker.services.tasks import task_create

D = Decimal


@pytest.fixture
def partly_appraised(agency):
    """Area 1 (max 5): 1.1 scored 1 of 2, 1.2 (max 3) not appraised yet;
    area 2 (max 4) scored 3.5 on its own."""
    criteria_set = CriteriaSetFactory(year=2022)
    area1 = CriterionFactory(criteria_set=criteria_set, code="1", max_score=D("5"))
    c11 = CriterionFactory(criteria_set=criteria_set, code="1.1", max_score=D("2"))
    CriterionFactory(criteria_set=criteria_set, code="1.2", max_score=D("3"))
    area2 = CriterionFactory(criteria_set=criteria_set, code="2", max_score=D("4"))
    assessment = AssessmentFactory(unit=agency, criteria_set=criteria_set)
    ScoreFactory(assessment=assessment, criterion=c11, appraised_score=D("1"))
    ScoreFactory(assessment=assessment, criterion=area2, appraised_score=D("3.5"))
    assert area1.pk
    return assessment


def test_unappraised_child_counts_as_nothing_lost(partly_appraised):
    rows = lost_points(assessment=partly_appraised)

    assert [(row.code, row.lost) for row in rows] == [
        ("1", D("1")),
        ("1.1", D("1")),
        ("2", D("0.5")),
    ]
    assert assessment_summary(assessment=partly_appraised).totals.lost == D("1.5")


def test_page_and_generation_agree_on_a_partly_appraised_tree(
    client, office_user, partly_appraised
):
    client.force_login(office_user)
    page = client.get(reverse("assessments:lost_points", args=[partly_appraised.pk]))
    on_page = {row.record.code: row.record.lost for row in page.context["table"].rows}

    proposed = {
        criterion.code: lost
        for proposal in proposals_from_assessment(assessment=partly_appraised)
        for criterion, lost in proposal.criteria
    }

    assert proposed == {"1.1": D("1"), "2": D("0.5")}
    assert all(on_page[code] == lost for code, lost in proposed.items())
    # The area's loss is exactly what its remedied children lost.
    assert on_page["1"] == proposed["1.1"]


@pytest.fixture
def commune_world(db):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    office = OfficeFactory(code="TB-VP", parent=district)
    district_office = UserFactory(unit=office, role=Role.OFFICE)
    commune = UnitFactory(code="TB-AP", name="Xã An Phú", kind=UnitKind.COMMUNE, parent=district)
    criteria_set = CriteriaSetFactory(year=2022, audience=UnitKind.COMMUNE)
    area = CriterionFactory(criteria_set=criteria_set, code="1", max_score=D("6"))
    assessment = AssessmentFactory(unit=commune, criteria_set=criteria_set)
    ScoreFactory(assessment=assessment, criterion=area, appraised_score=D("5.5"))
    return district_office, assessment


def test_commune_lost_points_page_lists_tasks_its_district_generated(client, commune_world):
    district_office, assessment = commune_world
    result = tasks_generate_from_assessment(assessment=assessment, user=district_office)
    [task] = result.created
    assert task.agency.code == "H-TB"
    assert TaskCriterion.objects.get(task=task).assessment == assessment
    client.force_login(district_office)

    page = client.get(reverse("assessments:lost_points", args=[assessment.pk]))
    export = client.get(
        reverse("assessments:lost_points", args=[assessment.pk]), {"_export": "csv"}
    )

    [row] = page.context["table"].rows
    assert page.context["table"].task_ids_by_code == {"1": {task.pk}}
    partial = client.get(
        reverse("assessments:lost_points_tasks", args=[assessment.pk]), {"ma": "1"}
    )
    assert [t.pk for t in partial.context["tasks"]] == [task.pk]
    assert row.record.code == "1"
    assert task.title in export.content.decode("utf-8-sig")


def test_manual_link_names_the_lead_unit_or_agency_result(office_user, unit_a, partly_appraised):
    criterion = partly_appraised.criteria_set.criteria.get(code="2")

    task = task_create(
        user=office_user, title="Rà soát tiêu chí 2", lead_unit=unit_a, criteria=[criterion]
    )

    assert TaskCriterion.objects.get(task=task).assessment == partly_appraised


def test_tasks_of_another_assessment_on_the_same_set_are_not_listed(
    client, office_user, unit_a, partly_appraised, other_agency
):
    criterion = partly_appraised.criteria_set.criteria.get(code="2")
    other = AssessmentFactory(unit=other_agency, criteria_set=partly_appraised.criteria_set)
    stray = task_create(user=office_user, title="Việc khác", lead_unit=unit_a, criteria=[criterion])
    TaskCriterion.objects.filter(task=stray).update(assessment=other)
    client.force_login(office_user)

    page = client.get(reverse("assessments:lost_points", args=[partly_appraised.pk]))

    assert page.context["table"].task_ids_by_code == {}
