"""Who sees and changes results: each page for each persona."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.models import CriteriaSet, Role, UnitKind
from tracker.permissions import can_view_unit_results, result_units_visible_to
from tracker.services.results import results_import
from tracker.services.results_import import ResultRow

PERSONAS = [
    "office_user",
    "leader",
    "deputy_leader",
    "unit_head",
    "other_unit_head",
    "staff_user",
    "outsider",
]


def _pages(doj):
    pk = doj.pk
    return {
        "detail": reverse("assessments:detail", args=[pk]),
        "lost_points": reverse("assessments:lost_points", args=[pk]),
        "lost_points_tasks": reverse("assessments:lost_points_tasks", args=[pk]) + "?ma=1",
        "source_file": reverse("assessments:source_file", args=[pk]),
        "edit": reverse("assessments:edit", args=[pk]),
        "unit": reverse("assessments:unit", args=["STP"]),
        "unit_chart": reverse("assessments:unit_chart", args=["STP"]),
        "targets": reverse("assessments:targets", args=["STP", 2022]),
        "targets_edit": reverse("assessments:targets_edit", args=["STP", 2022]),
        "import": reverse("assessments:import"),
        "list": reverse("assessments:list"),
        "peers": reverse("assessments:peers"),
        "criteria_sets": reverse("assessments:criteria_sets"),
        "criteria_set": reverse("assessments:criteria_set", args=[doj.criteria_set_id]),
    }


READ = {"office_user": 200, "leader": 200, "deputy_leader": 200, "unit_head": 200}
READ |= {"other_unit_head": 200, "staff_user": 200, "outsider": 404}
OFFICE_WRITE = {persona: 403 for persona in PERSONAS} | {"office_user": 200, "outsider": 404}
EVERYONE = {persona: 200 for persona in PERSONAS}
EXPECTED = {
    "detail": READ,
    "lost_points": READ,
    "lost_points_tasks": READ,
    "source_file": READ,
    "unit": READ,
    "unit_chart": READ,
    "targets": READ,
    "edit": OFFICE_WRITE,
    "targets_edit": OFFICE_WRITE,
    # Office staff of any agency import for their own units; the form offers only those.
    "import": {persona: 403 for persona in PERSONAS} | {"office_user": 200, "outsider": 200},
    "list": EVERYONE,
    "peers": EVERYONE,
    "criteria_sets": EVERYONE,
    "criteria_set": EVERYONE,
}
CASES = [
    (page, persona, status) for page, row in EXPECTED.items() for persona, status in row.items()
]


@pytest.mark.parametrize(("page", "persona", "status"), CASES)
def test_page_for_persona(client, request, doj, page, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_pages(doj)[page])

    assert response.status_code == status


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_anonymous_is_sent_to_login(client, doj, page):
    response = client.get(_pages(doj)[page])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["leader", "unit_head", "staff_user", "other_unit_head"])
def test_only_office_staff_copy_criteria_sets(client, request, doj, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("assessments:criteria_set_copy", args=[doj.criteria_set_id]), {"year": 2023}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["leader", "unit_head", "staff_user", "other_unit_head"])
def test_only_office_staff_change_published_figures(client, request, doj, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("assessments:edit", args=[doj.pk]), {"rank": 1, "rank_of": 18})

    doj.refresh_from_db()
    assert response.status_code == 403
    assert doj.rank == 16


def test_outsider_list_holds_only_their_agency(client, outsider, doj):
    client.force_login(outsider)

    response = client.get(reverse("assessments:list"))

    assert list(response.context["table"].rows) == []


def test_outsider_gets_404_on_a_lost_points_export(client, outsider, doj):
    client.force_login(outsider)

    response = client.get(reverse("assessments:lost_points", args=[doj.pk]), {"_export": "csv"})

    assert response.status_code == 404


@pytest.fixture
def district_world(db):
    """A district with an office and two communes, each scored on the commune set."""
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    office = OfficeFactory(code="TB-VP", parent=district)
    communes = [
        UnitFactory(code=code, name=code, kind=UnitKind.COMMUNE, parent=district)
        for code in ("TB-AP", "TB-BM")
    ]
    row = [ResultRow("1", "Cải cách thể chế", Decimal("6"), None, Decimal("5.75"))]
    for unit in [district, *communes]:
        results_import(unit=unit, index_code="PAR", year=2022, rows=row)
    return {
        "district": district,
        "communes": communes,
        "office": UserFactory(unit=office, role=Role.OFFICE),
        "leader": UserFactory(unit=district, role=Role.LEADERSHIP),
        "office_staff": UserFactory(unit=office, role=Role.STAFF),
        "commune_head": UserFactory(unit=communes[0], role=Role.UNIT_HEAD),
    }


def test_district_leadership_and_office_see_their_communes(district_world):
    world = district_world
    commune = world["communes"][0]

    assert can_view_unit_results(world["office"], commune)
    assert can_view_unit_results(world["leader"], commune)
    assert not can_view_unit_results(world["office_staff"], commune)
    assert can_view_unit_results(world["office_staff"], world["district"])


def test_a_commune_sees_its_own_results_and_the_district_not_its_neighbour(district_world):
    world = district_world
    head = world["commune_head"]

    assert set(result_units_visible_to(head)) == {world["district"], world["communes"][0]}
    assert not can_view_unit_results(head, world["communes"][1])


def test_district_office_imports_for_its_communes_and_department_staff_get_404(
    client, district_world, office_user
):
    world = district_world
    commune_assessment = world["communes"][1].assessments.get()

    client.force_login(world["office"])
    form = client.get(reverse("assessments:import")).context["form"]
    assert set(form.fields["unit"].queryset.values_list("code", flat=True)) == {
        "H-TB",
        "TB-AP",
        "TB-BM",
    }
    assert (
        client.get(reverse("assessments:detail", args=[commune_assessment.pk])).status_code == 200
    )

    client.force_login(office_user)
    assert (
        client.get(reverse("assessments:detail", args=[commune_assessment.pk])).status_code == 404
    )


def test_a_commune_head_registers_targets_for_their_commune_only(client, district_world):
    world = district_world
    own, neighbour = world["communes"]
    client.force_login(world["commune_head"])

    assert client.get(reverse("assessments:targets_edit", args=[own.code, 2022])).status_code == 200
    assert (
        client.get(reverse("assessments:targets_edit", args=[neighbour.code, 2022])).status_code
        == 404
    )
    client.force_login(world["office_staff"])
    assert client.get(reverse("assessments:targets_edit", args=[own.code, 2022])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_finds_the_results_in_the_navigation(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("home"))

    assert {"label": "Kết quả chấm điểm", "url": "/ket-qua/", "active": False} in response.context[
        "nav_items"
    ]


@pytest.fixture
def province_world(db):
    """The demo's shape: a province above a department and a district with a commune,
    each with its office staff, and the year's sets for departments and communes."""
    province = UnitFactory(code="TINH", name="UBND tỉnh Nam Sơn", kind=UnitKind.PROVINCE)
    department = UnitFactory(
        code="STP", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province
    )
    district = UnitFactory(code="H-TB", kind=UnitKind.DISTRICT, parent=province)
    commune = UnitFactory(code="TB-AP", kind=UnitKind.COMMUNE, parent=district)
    row = [ResultRow("1", "Cải cách thể chế", Decimal("6"), None, Decimal("5.75"))]
    sets = {
        unit.kind: results_import(unit=unit, index_code="PAR", year=2022, rows=row).criteria_set
        for unit in (department, commune)
    }
    offices = {
        unit.kind: UserFactory(unit=OfficeFactory(parent=unit), role=Role.OFFICE)
        for unit in (province, department, district)
    }
    return {"sets": sets, "offices": offices}


def _copy(client, user, criteria_set):
    client.force_login(user)
    return client.post(
        reverse("assessments:criteria_set_copy", args=[criteria_set.pk]), {"year": 2023}
    )


@pytest.mark.parametrize(
    ("office", "audience", "status"),
    [
        (UnitKind.PROVINCE, UnitKind.DEPARTMENT, 302),
        (UnitKind.PROVINCE, UnitKind.COMMUNE, 302),
        (UnitKind.DISTRICT, UnitKind.COMMUNE, 302),
        (UnitKind.DISTRICT, UnitKind.DEPARTMENT, 403),
        (UnitKind.DEPARTMENT, UnitKind.DEPARTMENT, 403),
        (UnitKind.DEPARTMENT, UnitKind.COMMUNE, 403),
    ],
)
def test_who_sets_criteria_copies_them(client, province_world, office, audience, status):
    criteria_set = province_world["sets"][audience]

    response = _copy(client, province_world["offices"][office], criteria_set)

    assert response.status_code == status
    copies = CriteriaSet.objects.filter(copied_from=criteria_set, year=2023)
    assert copies.count() == (1 if status == 302 else 0)


def test_a_department_office_under_the_province_is_not_offered_the_copy(client, province_world):
    client.force_login(province_world["offices"][UnitKind.DEPARTMENT])
    criteria_set = province_world["sets"][UnitKind.DEPARTMENT]

    response = client.get(reverse("assessments:criteria_set", args=[criteria_set.pk]))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert 'data-testid="copy-form"' not in response.text


def test_an_agency_at_the_top_of_its_tree_stands_in_for_the_province(client, office_user, doj):
    # The personas' department has no province above it.
    response = _copy(client, office_user, doj.criteria_set)

    assert response.status_code == 302
