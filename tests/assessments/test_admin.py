from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.models import CriteriaSet, Criterion, Role, Unit, UnitKind
from tracker.services.results import results_import
from tracker.services.results_import import ResultRow


@pytest.fixture
def criteria_set(agency):
    rows = [
        ResultRow("1", "Cải cách thể chế", Decimal("6"), None, Decimal("5.75")),
        ResultRow("1.1", "Rà soát văn bản", Decimal("2"), None, Decimal("2")),
    ]
    return results_import(unit=agency, index_code="PAR", year=2022, rows=rows).criteria_set


@pytest.mark.parametrize("model", ["index", "criteriaset", "criterion", "assessment", "target"])
def test_admin_lists_open(admin_client, criteria_set, model):
    assert admin_client.get(reverse(f"admin:tracker_{model}_changelist")).status_code == 200


def test_admin_action_copies_a_set_to_the_next_year(admin_client, criteria_set):
    response = admin_client.post(
        reverse("admin:tracker_criteriaset_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [criteria_set.pk]},
    )

    copy = CriteriaSet.objects.get(year=2023)
    assert response.status_code == 302
    assert copy.copied_from == criteria_set
    assert Criterion.objects.get(criteria_set=copy, code="1.1").parent.code == "1"


def test_admin_edit_of_a_code_moves_the_criterion_in_the_tree(admin_client, criteria_set):
    Criterion.objects.create(criteria_set=criteria_set, code="2", name="Lĩnh vực 2", max_score=5)
    criterion = Criterion.objects.get(criteria_set=criteria_set, code="1.1")

    admin_client.post(
        reverse("admin:tracker_criterion_change", args=[criterion.pk]),
        {
            "criteria_set": criteria_set.pk,
            "code": "2.1",
            "name": "Rà soát văn bản",
            "max_score": "2",
        },
    )

    criterion.refresh_from_db()
    assert (criterion.code, criterion.parent.code, criterion.level) == ("2.1", "2", 2)


@pytest.fixture
def department_office_admin(db):
    """A department's office staff with admin access, under a province that sets the criteria."""
    province = UnitFactory(code="TINH", kind=UnitKind.PROVINCE)
    department = UnitFactory(code="STP", kind=UnitKind.DEPARTMENT, parent=province)
    user = UserFactory(unit=OfficeFactory(parent=department), role=Role.OFFICE, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__model__in=["criteriaset", "criterion"])
    )
    return user


def test_admin_leaves_the_province_sets_read_only_to_a_department_office(
    client, department_office_admin
):
    rows = [ResultRow("1", "Cải cách thể chế", Decimal("6"), None, Decimal("5.75"))]
    unit = UnitFactory(code="SNV", kind=UnitKind.DEPARTMENT, parent=Unit.objects.get(code="TINH"))
    criteria_set = results_import(unit=unit, index_code="PAR", year=2022, rows=rows).criteria_set
    criterion = criteria_set.criteria.get()
    client.force_login(department_office_admin)

    copied = client.post(
        reverse("admin:tracker_criteriaset_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [criteria_set.pk]},
        follow=True,
    )
    edited = client.post(
        reverse("admin:tracker_criterion_change", args=[criterion.pk]),
        {"criteria_set": criteria_set.pk, "code": "1", "name": "Đổi tên", "max_score": "9"},
    )

    assert not CriteriaSet.objects.filter(year=2023).exists()
    assert [str(m) for m in copied.context["messages"]] == [
        "Không có quyền sao chép PAR 2022 (Sở, ban, ngành)."
    ]
    assert edited.status_code == 403
    criterion.refresh_from_db()
    assert (criterion.name, criterion.max_score) == ("Cải cách thể chế", Decimal("6.00"))
    assert client.get(reverse("admin:tracker_criteriaset_add")).status_code == 403


def _score_form(assessment, score, **changes) -> dict:
    """The assessment's change form as the admin posts it, with its first score changed."""
    data = {
        "unit": assessment.unit_id,
        "criteria_set": assessment.criteria_set_id,
        "scores-TOTAL_FORMS": "1",
        "scores-INITIAL_FORMS": "1",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "scores-0-id": score.pk,
        "scores-0-assessment": assessment.pk,
        "scores-0-criterion": score.criterion_id,
        "scores-0-self_score": "",
        "scores-0-appraised_score": "5",
        "scores-0-note": "",
    }
    return data | {f"scores-0-{name}": value for name, value in changes.items()}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"appraised_score": "99"},
            "appraised_score",
            "Điểm 99,00 vượt điểm tối đa 6,00 của tiêu chí 1.",
        ),
        ({"self_score": "6.01"}, "self_score", "Điểm 6,01 vượt điểm tối đa 6,00 của tiêu chí 1."),
        ({"appraised_score": "-1"}, "appraised_score", None),
        (
            {"criterion": "other-year"},
            "criterion",
            "Tiêu chí 1 thuộc bộ tiêu chí PAR 2021 (Sở, ban, ngành), không phải bộ tiêu chí "
            "của kết quả này (PAR 2022 (Sở, ban, ngành)).",
        ),
    ],
)
def test_admin_refuses_a_score_the_import_would_refuse(
    admin_client, agency, criteria_set, changes, field, message
):
    rows = [ResultRow("1", "Cải cách thể chế", Decimal("6"), None, Decimal("5"))]
    earlier = results_import(unit=agency, index_code="PAR", year=2021, rows=rows).criteria_set
    if changes.get("criterion") == "other-year":
        changes["criterion"] = earlier.criteria.get(code="1").pk
    assessment = criteria_set.assessments.get()
    score = assessment.scores.get(criterion__code="1")

    response = admin_client.post(
        reverse("admin:tracker_assessment_change", args=[assessment.pk]),
        _score_form(assessment, score, **changes),
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    score.refresh_from_db()
    assert (score.criterion.criteria_set, score.appraised_score) == (
        criteria_set,
        Decimal("5.75"),
    )


def test_admin_saves_a_score_within_the_maximum(admin_client, criteria_set):
    assessment = criteria_set.assessments.get()
    score = assessment.scores.get(criterion__code="1")

    response = admin_client.post(
        reverse("admin:tracker_assessment_change", args=[assessment.pk]),
        _score_form(assessment, score, appraised_score="6"),
    )

    assert response.status_code == 302
    score.refresh_from_db()
    assert score.appraised_score == Decimal("6")
