from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.assessments import doj_2022_xlsx
from tracker.models import Assessment, CriteriaSet, Criterion, Score
from tracker.services.results import PublishedResult, results_import_file

D = Decimal


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


@pytest.fixture
def doj(agency):
    return results_import_file(
        unit=agency,
        index_code="PAR",
        year=2022,
        content=doj_2022_xlsx(),
        filename="stp-2022.xlsx",
        published=PublishedResult(total=D("61.14"), rank=16, rank_of=18, rank_change=-4),
    )


def upload_results(client, unit, content, name="stp-2022.xlsx", **extra):
    data = {
        "unit": unit.pk,
        "index": "PAR",
        "year": 2022,
        "published_total": "61,14",
        "rank": 16,
        "rank_of": 18,
        "rank_change": -4,
        "published_on": "16/05/2023",
        "source_document": "Quyết định số 1035/QĐ-UBND ngày 16/5/2023",
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post(reverse("assessments:import"), data)
