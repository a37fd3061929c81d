import pytest


@pytest.fixture
def evidence_in_tmp(media_in_tmp):
    """Where evidence files land: the per-test media directory."""
    return media_in_tmp
