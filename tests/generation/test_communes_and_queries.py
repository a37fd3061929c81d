from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
)
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.forms.generation import CommonDeadlineForm, ProposalFormSet
from tracker.models import Role, Task, UnitKind
from tracker.selectors.generation import Proposal
from tracker.services.generation import tasks_generate


@pytest.fixture
def district(db):
    return UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)


@pytest.fixture
def district_office(district):
    office = OfficeFactory(code="TB-VP", name="Văn phòng HĐND và UBND huyện", parent=district)
    return UserFactory(username="vanphonghuyen", unit=office, role=Role.OFFICE)


def _commune_assessment(district, code, name, appraised):
    commune = UnitFactory(code=code, name=name, kind=UnitKind.COMMUNE, parent=district)
    criteria_set = CriteriaSetFactory(year=2022, audience=UnitKind.COMMUNE)
    # Communes share the year's commune criteria set.
    area, _created = criteria_set.criteria.get_or_create(
        code="1", defaults={"name": "Cải cách thể chế", "max_score": Decimal("6.00")}
    )
    assessment = AssessmentFactory(unit=commune, criteria_set=criteria_set)
    ScoreFactory(assessment=assessment, criterion=area, appraised_score=Decimal(appraised))
    return assessment


def test_district_office_generates_tasks_for_each_commune(client, district, district_office):
    an_phu = _commune_assessment(district, "TB-AP", "Xã An Phú", "5.50")
    binh_minh = _commune_assessment(district, "TB-BM", "Xã Bình Minh", "5.00")
    client.force_login(district_office)

    for assessment in (an_phu, binh_minh):
        url = reverse("generation:from_assessment", args=[assessment.pk])
        rows = client.get(url).context["rows"]
        response = client.post(
            url,
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-source_key": rows[0][0].source_key,
                "form-0-selected": "on",
                "form-0-lead_unit": str(assessment.unit.pk),
                "form-0-deadline": "30/06/2023",
                "deadline": "",
            },
            follow=True,
        )
        assert "Đã tạo 1 nhiệm vụ dự thảo" in response.text

    assert sorted(Task.objects.values_list("agency__code", "lead_unit__code", "title")) == [
        ("H-TB", "TB-AP", "Xã An Phú: Khắc phục tiêu chí 1: Cải cách thể chế"),
        ("H-TB", "TB-BM", "Xã Bình Minh: Khắc phục tiêu chí 1: Cải cách thể chế"),
    ]


def test_generate_tasks_command_gives_a_commune_s_tasks_to_its_district(district, district_office):
    _commune_assessment(district, "TB-AP", "Xã An Phú", "5.50")
    out = StringIO()

    call_command(
        "generate_tasks",
        *("--unit", "TB-AP", "--year", "2022", "--user", "vanphonghuyen"),
        *("--deadline", "30/06/2023"),
        stdout=out,
    )

    assert out.getvalue().splitlines()[-1] == (
        "Đã tạo 1 nhiệm vụ dự thảo; 0 đã có từ trước, không tạo lại; "
        "0 chưa có đơn vị chủ trì; 0 không tạo được."
    )
    # The same task, owned by the district, as the review page makes.
    assert list(Task.objects.values_list("agency__code", "lead_unit__code", "title")) == [
        ("H-TB", "TB-AP", "Xã An Phú: Khắc phục tiêu chí 1: Cải cách thể chế")
    ]


def test_a_unit_works_out_its_agency_once_and_again_after_a_move(
    district, django_assert_num_queries
):
    commune = UnitFactory(code="TB-AP", kind=UnitKind.COMMUNE, parent=district)

    with django_assert_num_queries(1):
        assert (commune.agency, commune.agency) == (district, district)

    other = UnitFactory(code="H-CL", name="UBND huyện Cao Lãnh", kind=UnitKind.DISTRICT)
    commune.parent = other
    commune.save()

    assert commune.agency == other


def test_review_page_lists_each_criterion_s_lost_points(district, district_office):
    proposal = Proposal(
        source_key="manual:1",
        source="criterion",
        title="Khắc phục hai tiêu chí",
        criteria=[(None, Decimal("0.5")), (None, Decimal("1.25"))],
    )
    formset = ProposalFormSet(initial=[{"source_key": proposal.source_key}])
    request = RequestFactory().get("/")
    request.user = district_office

    html = render_to_string(
        "tracker/generation/review.html",
        {
            "show_points": True,
            "rows": [(proposal, formset.forms[0])],
            "formset": formset,
            "deadline_form": CommonDeadlineForm(),
            "existing": [],
        },
        request=request,
    )

    assert '<td class="num">0,50; 1,25</td>' in html


def test_refused_proposal_is_reported_with_its_reason(district, district_office):
    outside = UnitFactory(code="SYT", name="Sở Y tế", kind=UnitKind.DEPARTMENT)
    proposal = Proposal(
        source_key="manual:1",
        source="other",
        title="Nhiệm vụ thử",
        lead_unit=outside,
        deadline=date(2023, 6, 30),
    )

    result = tasks_generate(agency=district, proposals=[proposal], user=district_office)

    assert result.created == []
    assert [(p.source_key, "UBND huyện Thanh Bình" in reason) for p, reason in result.refused] == [
        ("manual:1", True)
    ]
    assert Task.objects.count() == 0


@pytest.mark.parametrize("offices", [2, 12])
def test_review_and_responsibility_pages_query_counts(
    client, django_assert_max_num_queries, agency, office_user, offices
):
    units = [OfficeFactory(parent=agency) for _ in range(offices)]
    notice = ConclusionFactory(issuing_unit=agency)
    DirectiveFactory(conclusion=notice, units=units)
    criteria_set = CriteriaSetFactory(year=2022)
    assessment = AssessmentFactory(unit=agency, criteria_set=criteria_set)
    for number in range(1, offices + 1):
        criterion = CriterionFactory(criteria_set=criteria_set, code=str(number))
        ScoreFactory(assessment=assessment, criterion=criterion, appraised_score=Decimal("3"))
    client.force_login(office_user)

    with django_assert_max_num_queries(10):
        review = client.get(reverse("conclusions:generate", args=[notice.pk]))
    with django_assert_max_num_queries(10):
        lost = client.get(reverse("generation:from_assessment", args=[assessment.pk]))
    with django_assert_max_num_queries(10):
        table = client.get(
            reverse("generation:responsibilities", args=[agency.pk, criteria_set.pk])
        )
    with django_assert_max_num_queries(10):
        index = client.get(reverse("generation:index"))

    assert len(review.context["rows"]) == offices
    assert len(lost.context["rows"]) == offices
    assert len(table.context["rows"]) == offices
    assert index.status_code == 200
