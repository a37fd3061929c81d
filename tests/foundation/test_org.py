import pytest
from django.core.exceptions import ValidationError

from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory
from tracker.models import Unit, UnitKind


def test_unit_path_follows_the_tree(db):
    department = DepartmentFactory()
    office = OfficeFactory(parent=department)

    assert department.path == f"/0000{department.pk:08d}/"
    assert office.path == f"/0000{department.pk:08d}/0000{office.pk:08d}/"
    assert set(department.subtree()) == {department, office}
    assert list(office.subtree()) == [office]


def test_unit_moved_to_another_parent_moves_its_subtree(db):
    province = UnitFactory(kind=UnitKind.PROVINCE)
    district = UnitFactory(kind=UnitKind.DISTRICT)
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district)

    district.parent = province
    district.save()

    commune.refresh_from_db()
    assert commune.path == f"/0000{province.pk:08d}/0000{district.pk:08d}/0000{commune.pk:08d}/"
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


def test_units_list_in_tree_order_by_sort_order(db):
    district = UnitFactory(code="H", name="Huyện", kind=UnitKind.DISTRICT)
    second = UnitFactory(
        code="X2", name="Xã A", kind=UnitKind.COMMUNE, parent=district, sort_order=2
    )
    first = UnitFactory(
        code="X1", name="Xã B", kind=UnitKind.COMMUNE, parent=district, sort_order=1
    )
    other = UnitFactory(code="H2", name="Huyện khác", kind=UnitKind.DISTRICT, sort_order=1)

    assert list(Unit.objects.all()) == [district, first, second, other]
    assert first.ancestors() == [district]

    first.sort_order = 3
    first.save()

    assert list(district.subtree()) == [district, second, first]
