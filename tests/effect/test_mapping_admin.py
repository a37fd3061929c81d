"""Renamed or renumbered criteria are mapped by who manages the criteria sets."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories.org import OfficeFactory, UserFactory
from tracker.models import CriterionMapping, Role


@pytest.fixture
def mapping_permissions(db):
    return Permission.objects.filter(content_type__model="criterionmapping")


def _add(client, two_years):
    return client.post(
        reverse("admin:tracker_criterionmapping_add"),
        {
            "from_criterion": two_years.c22["3.1"].pk,
            "to_criterion": two_years.c23["3.2"].pk,
            "note": "Đánh số lại năm 2023",
        },
    )


def test_province_office_maps_a_renumbered_criterion(
    client, two_years, province_secretariat, mapping_permissions
):
    province_secretariat.is_staff = True
    province_secretariat.save()
    province_secretariat.user_permissions.set(mapping_permissions)
    client.force_login(province_secretariat)

    response = _add(client, two_years)

    assert response.status_code == 302
    mapping = CriterionMapping.objects.get()
    assert (mapping.from_criterion.code, mapping.to_criterion.code) == ("3.1", "3.2")


def test_department_office_may_not_map_the_provinces_criteria(
    client, two_years, province_secretariat, agency, mapping_permissions
):
    office = UserFactory(unit=OfficeFactory(parent=agency), role=Role.OFFICE, is_staff=True)
    office.user_permissions.set(mapping_permissions)
    client.force_login(office)

    assert _add(client, two_years).status_code == 403
    assert not CriterionMapping.objects.exists()
