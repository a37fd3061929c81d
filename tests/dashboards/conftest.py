"""The progress tests' world (a department's 2025 result and its 2026 tasks,
today 15/05/2026) serves the leadership review, whose figures must be the
figures module's."""

import pytest
import time_machine

from tests.progress.conftest import NOW, TODAY, world  # noqa: F401


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield TODAY
