"""Who may grow a criteria set through an import, and the tree rules over the whole set."""

from decimal import Decimal

import pytest

from tests.assessments.conftest import row_counts, upload_results
from tests.factories.assessments import DOJ_2022, sheet_rows, xlsx_bytes
from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tracker.models import Assessment, CriteriaSet, Criterion, Role, UnitKind
from tracker.services.results import results_import
from tracker.services.results_import import ResultRow, ResultsImportError

D = Decimal


def _rows(data) -> list[ResultRow]:
    return [
        ResultRow(code, name, D(max_score), D(own), D(appraised), number)
        for number, (code, name, max_score, own, appraised) in enumerate(data, start=2)
    ]


@pytest.fixture
def province(db):
    """A province appraising two departments scored on the 2022 department set."""
    province = UnitFactory(code="TINH", name="UBND tỉnh", kind=UnitKind.PROVINCE)
    doj = UnitFactory(code="STP", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    health = UnitFactory(code="SYT", name="Sở Y tế", kind=UnitKind.DEPARTMENT, parent=province)
    for unit in (doj, health):
        results_import(unit=unit, index_code="PAR", year=2022, rows=_rows(DOJ_2022))
    return {
        "doj": doj,
        "doj_office": UserFactory(unit=OfficeFactory(parent=doj), role=Role.OFFICE),
        "secretariat": UserFactory(unit=OfficeFactory(parent=province), role=Role.OFFICE),
    }


def _with_new_criterion() -> list[tuple]:
    """The 2022 sheet with 3.2 recoded as a new 3.3."""
    return [("3.3", "Tiêu chí mới 3.3", *row[2:]) if row[0] == "3.2" else row for row in DOJ_2022]


def test_a_department_office_cannot_add_a_criterion_to_the_province_set(client, province):
    client.force_login(province["doj_office"])
    before = row_counts()

    preview = client.get(
        upload_results(client, province["doj"], xlsx_bytes(sheet_rows(_with_new_criterion()))).url
    )
    confirmed = client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert preview.context["problems"][0].row == 10
    assert str(preview.context["problems"][0]) == (
        "Dòng 10, cột “Mã”: mã “3.3” không có trong bộ tiêu chí PAR 2022 (Sở, ban, ngành); "
        "chỉ người quản lý bộ tiêu chí mới thêm được tiêu chí."
    )
    assert confirmed.status_code == 302
    assert row_counts() == before
    assert not Criterion.objects.filter(code="3.3").exists()


def test_a_department_offices_file_makes_the_years_first_set(client, province):
    # The issue asks for criteria to be created for the year when they do not exist.
    client.force_login(province["doj_office"])

    preview = client.get(
        upload_results(client, province["doj"], xlsx_bytes(sheet_rows(DOJ_2022)), year=2024).url
    )
    client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert "problems" not in preview.context
    criteria_set = CriteriaSet.objects.get(year=2024)
    assert criteria_set.criteria.count() == len(DOJ_2022)
    assert Assessment.objects.filter(unit=province["doj"], criteria_set=criteria_set).exists()


def test_the_secretariat_adds_a_criterion_that_fits_under_its_parent(client, province):
    client.force_login(province["secretariat"])
    rows = [
        ("3.3", "Tiêu chí mới 3.3", "1.00", "1.00", "1.00") if row[0] == "3.2" else row
        for row in DOJ_2022
    ]

    preview = client.get(upload_results(client, province["doj"], xlsx_bytes(sheet_rows(rows))).url)
    client.post(preview.request["PATH_INFO"] + "xac-nhan/")

    assert "problems" not in preview.context
    assert Criterion.objects.filter(code__startswith="3.", criteria_set__year=2022).count() == 3


def test_children_maxima_count_the_criteria_already_in_the_set(province):
    # The file leaves 3.2 (4,00) out and brings 3.3 (11,00): 2,50 + 4,00 + 11,00 > 16,75.
    rows = [
        ("3.3", "Tiêu chí mới 3.3", "11.00", "10.00", "10.00") if row[0] == "3.2" else row
        for row in DOJ_2022
    ]
    rows[2] = ("3", "Cải cách thủ tục hành chính", "16.75", "12.50", "12.50")
    before = row_counts()

    with pytest.raises(ResultsImportError) as caught:
        results_import(unit=province["doj"], index_code="PAR", year=2022, rows=_rows(rows))

    assert [str(problem) for problem in caught.value.problems] == [
        "Dòng 4, cột “Điểm tối đa”: tổng điểm tối đa của các tiêu chí con của “3” là 17,50, "
        "vượt điểm tối đa 16,75 của tiêu chí này."
    ]
    assert row_counts() == before


def test_a_department_office_cannot_change_a_maximum_of_its_own_set(province):
    only_doj = UnitFactory(code="H-X", kind=UnitKind.DISTRICT, parent=None)
    results_import(unit=only_doj, index_code="PAR", year=2022, rows=_rows(DOJ_2022[:1]))
    province_office = UserFactory(unit=OfficeFactory(parent=province["doj"]), role=Role.OFFICE)
    rows = [("1", "Công tác chỉ đạo điều hành", "7.00", "6.50", "5.75")]

    with pytest.raises(ResultsImportError) as caught:
        results_import(
            unit=only_doj, index_code="PAR", year=2022, rows=_rows(rows), user=province_office
        )

    assert "chỉ người quản lý bộ tiêu chí mới sửa được" in str(caught.value)
    assert Criterion.objects.get(criteria_set__audience="district", code="1").max_score == D("6.5")
