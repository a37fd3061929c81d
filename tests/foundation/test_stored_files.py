"""Files left in storage by a process that died before its row was committed."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories.conclusions import ConclusionFactory
from tracker.services.stored_files import orphan_files_sweep

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def memory_storage(settings):
    """A storage whose files time-machine can age."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_a_file_no_row_names_is_swept_once_old_and_named_ones_stay(db, memory_storage):
    with time_machine.travel(START, tick=False):
        # a conclusion's file written, then the process killed before the commit
        orphan = default_storage.save("conclusions/2026/45-TB-STP.docx", ContentFile(b"PK"))
        kept = ConclusionFactory()
        kept.original_file.save("46-TB-STP.docx", ContentFile(b"PK"), save=True)
        results = default_storage.save("assessments/2026/ket-qua.xlsx", ContentFile(b"PK"))
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        # a file as young as an import still running is left to its transaction
        recent = default_storage.save("conclusions/2026/47-TB-STP.docx", ContentFile(b"PK"))
        assert orphan_files_sweep() == []

    with time_machine.travel(START + timedelta(hours=1, minutes=1), tick=False):
        removed = orphan_files_sweep()

    assert sorted(removed) == [results, orphan]
    assert default_storage.exists(kept.original_file.name)
    assert default_storage.exists(recent)
    assert not default_storage.exists(orphan)


def test_an_import_with_a_file_sweeps_what_a_dead_process_left(db, memory_storage, agency):
    from conclusions.services import ConclusionInput, DirectiveInput, conclusion_import
    from tests.factories.org import OfficeFactory

    with time_machine.travel(START, tick=False):
        orphan = default_storage.save("conclusions/2026/45-TB-STP.docx", ContentFile(b"PK"))
    with time_machine.travel(START + timedelta(days=1), tick=False):
        conclusion_import(
            agency=agency,
            conclusion=ConclusionInput(number="45/TB-STP", issued_on=START.date()),
            directives=[DirectiveInput(text="Rà soát.", units=[OfficeFactory(parent=agency)])],
            original_file=ContentFile(b"PK", name="tb.docx"),
        )

    assert not default_storage.exists(orphan)
