"""The council's file kept on an assessment: replaced only once the new rows are committed."""

from pathlib import Path

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from tests.factories.assessments import doj_2022_xlsx
from tracker.models import Assessment, Score
from tracker.services.results import results_import_file


def _import(unit, content, filename):
    return results_import_file(
        unit=unit, index_code="PAR", year=2022, content=content, filename=filename
    )


def _disk_full(*args, **kwargs):
    raise DatabaseError("database or disk is full")


def _stored(media_root) -> list[str]:
    folder = Path(media_root) / "assessments"
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def first(agency):
    return _import(agency, doj_2022_xlsx(), "lan-1.xlsx")


def test_a_new_file_replaces_the_old_one_once_committed(
    agency, first, media_root, django_capture_on_commit_callbacks
):
    old_path = Path(first.source_file.path)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = _import(agency, doj_2022_xlsx(), "lan-2.xlsx")
        # Not committed yet: the old file is still there for the rows still pointing at it.
        assert old_path.exists()
    for callback in callbacks:
        callback()

    assert not old_path.exists()
    assert _stored(media_root) == ["lan-2.xlsx"]
    assert Assessment.objects.get().source_file.name == second.source_file.name


def test_a_rolled_back_import_keeps_the_old_file_where_the_assessment_points(
    agency, first, media_root, django_capture_on_commit_callbacks
):
    old_name = first.source_file.name
    old_content = first.source_file.read()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _import(agency, doj_2022_xlsx(), "lan-2.xlsx")
        raise RuntimeError("a later step failed")

    first.refresh_from_db()
    assert first.source_file.name == old_name
    # Read back rather than rebuilt: a rebuilt workbook carries a new timestamp.
    assert first.source_file.open("rb").read() == old_content


def test_a_failed_import_leaves_no_new_file_and_the_old_one_in_place(
    agency, first, media_root, monkeypatch
):
    old_name = first.source_file.name
    # The scores are written after the file: the database failing there must take the file too.
    monkeypatch.setattr(Score.objects, "bulk_create", _disk_full)

    with pytest.raises(DatabaseError):
        _import(agency, doj_2022_xlsx(), "lan-2.xlsx")

    first.refresh_from_db()
    assert first.source_file.name == old_name
    assert _stored(media_root) == ["lan-1.xlsx"]


def test_a_failed_first_import_leaves_no_file(agency, media_root, monkeypatch):
    monkeypatch.setattr(Score.objects, "bulk_create", _disk_full)

    with pytest.raises(DatabaseError):
        _import(agency, doj_2022_xlsx(), "lan-1.xlsx")

    assert not Assessment.objects.exists()
    assert _stored(media_root) == []


def test_download_of_a_file_missing_on_disk_is_404(client, unit_head, first):
    Path(first.source_file.path).unlink()
    client.force_login(unit_head)

    response = client.get(reverse("assessments:source_file", args=[first.pk]))

    assert response.status_code == 404
