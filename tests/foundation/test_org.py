import pytest
from django.core.exceptions import ValidationError

from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory
from tracker.models import UnitKind


def test_unit_path_follows_the_tree(db):
    department = DepartmentFactory()
    office = OfficeFactory(parent=department)

    assert department.path == f"/{department.pk}/"
    assert office.path == f"/{department.pk}/{office.pk}/"
    assert set(department.subtree()) == {department, office}
    assert list(office.subtree()) == [office]


def test_unit_moved_to_another_parent_moves_its_subtree(db):
    province = UnitFactory(kind=UnitKind.PROVINCE)
    district = UnitFactory(kind=UnitKind.DISTRICT)
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district)

    district.parent = province
    district.save()

    commune.refresh_from_db()
    assert commune.path == f"/{province.pk}/{district.pk}/{commune.pk}/"
    assert commune in province.subtree()


def test_unit_agency_is_nearest_appraised_ancestor(db):
    district = UnitFactory(kind=UnitKind.DISTRICT)
    office = UnitFactory(kind=UnitKind.OFFICE, parent=district)
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district)

    assert office.agency == district
    assert commune.agency == district
    assert district.agency == district


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (UnitKind.COMMUNE, UnitKind.DEPARTMENT),
        (UnitKind.COMMUNE, None),
        (UnitKind.OFFICE, None),
        (UnitKind.DEPARTMENT, UnitKind.DISTRICT),
    ],
)
def test_unit_refuses_a_parent_of_the_wrong_kind(db, kind, parent_kind):
    parent = UnitFactory(kind=parent_kind) if parent_kind else None
    unit = UnitFactory.build(kind=kind, parent=parent)

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert "parent" in error.value.message_dict


def test_unit_refuses_to_sit_under_its_own_descendant(db):
    province = UnitFactory(kind=UnitKind.PROVINCE)
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province)
    office = UnitFactory(kind=UnitKind.OFFICE, parent=district)

    district.parent = office
    with pytest.raises(ValidationError):
        district.clean()
