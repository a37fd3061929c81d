"""Held uploads: kept by token between an import's preview and its confirmation."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tracker.lib.uploads import (
    UPLOAD_DIR,
    HeldUploadGone,
    held_upload_discard,
    held_upload_open,
    held_upload_read,
    held_upload_save,
    held_uploads_sweep,
    upload_held,
    upload_hold,
    upload_release,
)

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def memory_storage(settings):
    """A storage whose files time-machine can age."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _held() -> list[str]:
    return sorted(default_storage.listdir(UPLOAD_DIR)[1])


def test_bytes_and_files_round_trip_by_token(memory_storage):
    from_bytes = held_upload_save(b"PK-bytes", suffix=".DOCX")
    from_file = held_upload_save(ContentFile(b"a;b\n1;2\n", name="ket-qua.csv"), suffix=".csv")

    with held_upload_open(from_bytes) as handle:
        opened = handle.read()

    assert opened == b"PK-bytes"
    assert held_upload_read(from_file) == b"a;b\n1;2\n"
    assert _held() == sorted([from_bytes, from_file])
    assert (from_bytes.endswith(".docx"), from_file.endswith(".csv")) == (True, True)


def test_an_unsafe_suffix_is_dropped(memory_storage):
    token = held_upload_save(b"x", suffix="/../../etc")

    assert "." not in token and "/" not in token
    assert held_upload_read(token) == b"x"


def test_discarded_upload_is_gone(memory_storage):
    token = held_upload_save(b"x", suffix=".xlsx")

    held_upload_discard(token)
    held_upload_discard(token)

    assert _held() == []
    with pytest.raises(HeldUploadGone):
        held_upload_read(token)


@pytest.mark.parametrize(
    "token",
    ["", "../x", "imports/../../etc", "../../etc/passwd", "a" * 32 + "/../x", "a" * 31, None],
)
def test_a_token_that_is_not_ours_names_no_file(memory_storage, token):
    default_storage.save("secret.txt", ContentFile(b"secret"))
    default_storage.save(f"{UPLOAD_DIR}/x", ContentFile(b"not held by token"))

    with pytest.raises(HeldUploadGone):
        held_upload_read(token)
    with pytest.raises(HeldUploadGone):
        held_upload_open(token)
    held_upload_discard(token)

    assert default_storage.exists("secret.txt")
    assert default_storage.exists(f"{UPLOAD_DIR}/x")


def test_a_well_formed_token_that_was_never_held_is_gone(memory_storage):
    with pytest.raises(HeldUploadGone):
        held_upload_read("A" * 32 + ".xlsx")


def test_the_sweep_deletes_only_files_older_than_a_day(memory_storage):
    with time_machine.travel(START, tick=False):
        old = held_upload_save(b"old", suffix=".xlsx")
        stray = default_storage.save(f"{UPLOAD_DIR}/cu.xlsx", ContentFile(b"stray"))
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        recent = held_upload_save(b"recent", suffix=".csv")
    with time_machine.travel(START + timedelta(hours=25), tick=False):
        new = held_upload_save(b"new")
        # Saving sweeps nothing: the nightly job does.
        assert old in _held()

    held_uploads_sweep(now=START + timedelta(hours=25))

    assert _held() == sorted([recent, new])
    assert old not in _held() and stray.split("/")[-1] not in _held()


def test_a_held_conclusion_younger_than_a_day_survives_the_sweep(memory_storage):
    with time_machine.travel(START, tick=False):
        conclusion = held_upload_save(b"PK-notice", suffix=".docx")
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        results = held_upload_save(ContentFile(b"xlsx", name="kq.xlsx"), suffix=".xlsx")
    held_uploads_sweep(now=START + timedelta(hours=23))

    assert _held() == sorted([conclusion, results])
    assert held_upload_read(conclusion) == b"PK-notice"


def _session_request(rf):
    request = rf.post("/")
    SessionMiddleware(lambda request: None).process_request(request)
    return request


def test_an_upload_held_for_one_session_and_kind_only(memory_storage, rf):
    mine, other = _session_request(rf), _session_request(rf)

    token = upload_hold(mine, b"PK-plan", kind="plan", suffix=".docx", filename="Kế hoạch.docx")

    assert upload_held(mine, token, kind="plan") == {"kind": "plan", "filename": "Kế hoạch.docx"}
    for request, kind in ((other, "plan"), (mine, "results"), (mine, "conclusion")):
        with pytest.raises(HeldUploadGone):
            upload_held(request, token, kind=kind)


def test_releasing_forgets_the_upload_and_deletes_its_file(memory_storage, rf):
    request = _session_request(rf)
    token = upload_hold(request, b"xlsx", kind="results", suffix=".xlsx")

    upload_release(request, token)

    assert _held() == []
    with pytest.raises(HeldUploadGone):
        upload_held(request, token, kind="results")
