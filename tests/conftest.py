"""Personas shared by every feature's tests.

One agency (a department) with an office unit and two operational units A
and B, plus an unrelated agency for the outsider.
"""

import pytest

from tests.factories.org import DepartmentFactory, OfficeFactory, UnitFactory, UserFactory
from tracker.models import Role, UnitKind


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and seeded files land in a per-test directory, never in media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests sign in many personas; the production hasher would only slow them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    return DepartmentFactory(code="STP", name="Sở Tư pháp")


@pytest.fixture
def office_unit(agency):
    return OfficeFactory(code="STP-VP", name="Văn phòng Sở", parent=agency)


@pytest.fixture
def unit_a(agency):
    return OfficeFactory(code="STP-HCTP", name="Phòng Hành chính tư pháp", parent=agency)


@pytest.fixture
def unit_b(agency):
    return OfficeFactory(code="STP-PBGD", name="Phòng Phổ biến, giáo dục pháp luật", parent=agency)


@pytest.fixture
def other_agency(db):
    return DepartmentFactory(code="SYT", name="Sở Y tế")


@pytest.fixture
def office_user(office_unit):
    return UserFactory(
        username="vanphong", full_name="Nguyễn Thị Mai", unit=office_unit, role=Role.OFFICE
    )


@pytest.fixture
def leader(agency):
    return UserFactory(
        username="giamdoc", full_name="Trần Quốc Hưng", unit=agency, role=Role.LEADERSHIP
    )


@pytest.fixture
def deputy_leader(agency, unit_a):
    return UserFactory(
        username="phogiamdoc",
        full_name="Lê Thị Thu Hà",
        unit=agency,
        role=Role.LEADERSHIP,
        supervised_units=[unit_a],
    )


@pytest.fixture
def unit_head(unit_a):
    return UserFactory(
        username="truongphong", full_name="Phạm Văn Nam", unit=unit_a, role=Role.UNIT_HEAD
    )


@pytest.fixture
def other_unit_head(unit_b):
    return UserFactory(
        username="truongphong2", full_name="Đỗ Minh Tuấn", unit=unit_b, role=Role.UNIT_HEAD
    )


@pytest.fixture
def staff_user(unit_a):
    return UserFactory(
        username="chuyenvien", full_name="Hoàng Thị Lan", unit=unit_a, role=Role.STAFF
    )


@pytest.fixture
def outsider(other_agency):
    unit = OfficeFactory(code="SYT-VP", name="Văn phòng Sở Y tế", parent=other_agency)
    return UserFactory(username="nguoingoai", full_name="Người Ngoài", unit=unit, role=Role.OFFICE)


@pytest.fixture
def province_secretariat(agency):
    """Office staff of the province above the agency (the demo's cchctinh)."""
    province = UnitFactory(code="TINH", name="UBND tỉnh", kind=UnitKind.PROVINCE)
    agency.parent = province
    agency.save()
    secretariat = OfficeFactory(code="TINH-CCHC", name="Tổ CCHC tỉnh", parent=province)
    return UserFactory(username="cchctinh", unit=secretariat, role=Role.OFFICE)
