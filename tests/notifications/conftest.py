import pytest
import time_machine


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "frozen(moment): time stands still at `moment` (an aware datetime)"
    )


@pytest.fixture(autouse=True)
def freeze(request):
    """Time stands still where a test's `frozen` marker says (fixtures included)."""
    marker = request.node.get_closest_marker("frozen")
    if marker is None:
        yield
        return
    with time_machine.travel(marker.args[0], tick=False):
        yield


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
