import pytest

from tracker.models import Assessment, CriteriaSet, Criterion, Score


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and kept files go to a directory of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def row_counts() -> tuple[int, int, int, int]:
    return (
        CriteriaSet.objects.count(),
        Criterion.objects.count(),
        Assessment.objects.count(),
        Score.objects.count(),
    )
