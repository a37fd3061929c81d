import pytest

from conclusions.demo import demo_conclusion_text
from tests.factories.org import OfficeFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and attached originals go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def legal_aid_centre(agency):
    return OfficeFactory(
        code="STP-TGPL",
        name="Trung tâm Trợ giúp pháp lý nhà nước",
        short_name="Trung tâm TGPL",
        parent=agency,
    )


@pytest.fixture
def justice_department(
    agency, office_unit, unit_a, unit_b, legal_aid_centre, leader, deputy_leader, office_user
):
    """The personas' department with the units and leaders the demo conclusion names."""
    return agency


@pytest.fixture
def conclusion_text():
    return demo_conclusion_text()
