import pytest

from tests.factories.org import UnitFactory
from tests.progress.conftest import next_year_result, world  # noqa: F401  (shared fixtures)
from tracker.models import UnitKind


@pytest.fixture
def in_province(agency):
    """The agency under "UBND tỉnh Nam Sơn": the header's parent body and place."""
    province = UnitFactory(code="TINH", name="UBND tỉnh Nam Sơn", kind=UnitKind.PROVINCE)
    agency.parent = province
    agency.save()
    return province
