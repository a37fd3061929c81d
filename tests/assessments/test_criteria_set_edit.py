"""Who sets the criteria edits a set in the app: names, maxima, new and removed criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.models import Criterion, Role, UnitKind
from tracker.services.criteria_sets import criteria_set_copy
from tracker.services.results import results_import
from tracker.services.results_import import ResultRow

D = Decimal
ROWS = [
    ResultRow("1", "Công tác chỉ đạo điều hành", D("6.50"), None, D("5.75")),
    ResultRow("1.1", "Kế hoạch CCHC", D("2.00"), None, D("2.00")),
    ResultRow("1.2", "Báo cáo CCHC", D("1.50"), None, D("1.00")),
    ResultRow("2", "Cải cách thể chế", D("6.75"), None, D("6.50")),
]


@pytest.fixture
def world(db):
    province = UnitFactory(code="TINH", name="UBND tỉnh", kind=UnitKind.PROVINCE)
    doj = UnitFactory(code="STP", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    scored = results_import(unit=doj, index_code="PAR", year=2022, rows=ROWS).criteria_set
    return {
        "scored": scored,
        "copy": criteria_set_copy(source=scored, year=2024),
        "secretariat": UserFactory(unit=OfficeFactory(parent=province), role=Role.OFFICE),
        "doj_office": UserFactory(unit=OfficeFactory(parent=doj), role=Role.OFFICE),
    }


def _post(client, criteria_set, lines, new=()):
    """The edit form: `lines` (name, max, remove) per stored criterion in order, `new` lines."""
    forms = [
        {"name": name, "max_score": max_score, **({"remove": "on"} if remove else {})}
        for name, max_score, remove in lines
    ] + [{"code": code, "name": name, "max_score": max_score} for code, name, max_score in new]
    stored = criteria_set.criteria.count()
    forms += [{}] * max(0, stored + 3 - len(forms))
    data = {
        "form-TOTAL_FORMS": len(forms),
        "form-INITIAL_FORMS": stored,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 2000,
    }
    for number, form in enumerate(forms):
        data |= {f"form-{number}-{key}": value for key, value in form.items()}
    return client.post(reverse("assessments:criteria_set_edit", args=[criteria_set.pk]), data)


def _criteria(criteria_set):
    return list(
        Criterion.objects.filter(criteria_set=criteria_set)
        .order_by("sort_key")
        .values_list("code", "name", "max_score", "parent__code")
    )


STORED = [
    ("Công tác chỉ đạo điều hành", "6,50", False),
    ("Kế hoạch CCHC", "2,00", False),
    ("Báo cáo CCHC", "1,50", False),
    ("Cải cách thể chế", "6,75", False),
]


def test_the_secretariat_renames_rescores_adds_and_removes(client, world):
    client.force_login(world["secretariat"])
    lines = list(STORED)
    lines[0] = ("Chỉ đạo, điều hành CCHC", "7,00", False)
    lines[2] = ("Báo cáo CCHC", "1,50", True)

    response = _post(client, world["copy"], lines, new=[("1.3", "Tuyên truyền CCHC", "1,25")])

    assert response.status_code == 302
    assert _criteria(world["copy"]) == [
        ("1", "Chỉ đạo, điều hành CCHC", D("7.00"), None),
        ("1.1", "Kế hoạch CCHC", D("2.00"), "1"),
        ("1.3", "Tuyên truyền CCHC", D("1.25"), "1"),
        ("2", "Cải cách thể chế", D("6.75"), None),
    ]


def test_children_above_their_parent_are_refused_and_nothing_saved(client, world):
    client.force_login(world["secretariat"])
    before = _criteria(world["copy"])

    response = _post(client, world["copy"], STORED, new=[("1.3", "Tuyên truyền CCHC", "3,01")])

    assert response.status_code == 400
    assert response.context["problems"] == [
        "Dòng 1, cột “Điểm tối đa”: tổng điểm tối đa của các tiêu chí con của “1” là 6,51, "
        "vượt điểm tối đa 6,50 của tiêu chí này."
    ]
    assert _criteria(world["copy"]) == before


def test_a_new_criterion_needs_its_parent(client, world):
    client.force_login(world["secretariat"])

    response = _post(client, world["copy"], STORED, new=[("9.1", "Không có cha", "1")])

    assert response.context["problems"] == [
        "Dòng 5, cột “Mã”: tiêu chí “9.1” không có tiêu chí cha “9”."
    ]


def test_a_scored_criterion_is_not_removed_nor_its_maximum_put_below_a_score(client, world):
    client.force_login(world["secretariat"])
    before = _criteria(world["scored"])
    lines = list(STORED)
    lines[1] = ("Kế hoạch CCHC", "1,50", False)
    lines[2] = ("Báo cáo CCHC", "1,50", True)

    response = _post(client, world["scored"], lines)

    assert response.context["problems"] == [
        "Không xóa được 1.2: đã có điểm chấm, điểm đăng ký hoặc nhiệm vụ theo tiêu chí này.",
        "Dòng 2, cột “Điểm tối đa”: điểm tối đa 1,50 nhỏ hơn điểm 2,00 đã chấm hoặc đăng ký.",
    ]
    assert _criteria(world["scored"]) == before


def test_removing_an_area_removes_its_criteria(client, world):
    client.force_login(world["secretariat"])
    lines = list(STORED)
    lines[0] = ("Công tác chỉ đạo điều hành", "6,50", True)

    _post(client, world["copy"], lines)

    assert [row[0] for row in _criteria(world["copy"])] == ["2"]


def test_a_department_office_may_not_edit_the_province_set(client, world):
    client.force_login(world["doj_office"])
    before = _criteria(world["copy"])

    page = client.get(reverse("assessments:criteria_set_edit", args=[world["copy"].pk]))
    posted = _post(client, world["copy"], [("Đổi", "9", False)] + STORED[1:])

    assert (page.status_code, posted.status_code) == (403, 403)
    assert _criteria(world["copy"]) == before


def test_the_set_page_links_to_the_edit_page_for_its_managers(client, world):
    url = reverse("assessments:criteria_set", args=[world["copy"].pk])
    edit = reverse("assessments:criteria_set_edit", args=[world["copy"].pk])

    client.force_login(world["secretariat"])
    assert client.get(edit).status_code == 200
    assert edit in client.get(url).text
    assert "trang Quản trị" not in client.get(url).text
    client.force_login(world["doj_office"])
    assert edit not in client.get(url).text


def test_the_edit_page_warns_when_results_were_scored_on_the_set(client, world):
    client.force_login(world["secretariat"])

    scored = client.get(reverse("assessments:criteria_set_edit", args=[world["scored"].pk]))
    copy = client.get(reverse("assessments:criteria_set_edit", args=[world["copy"].pk]))

    assert "đã dùng để chấm 1 đơn vị" in scored.text
    assert 'data-testid="criteria-in-use"' not in copy.text
