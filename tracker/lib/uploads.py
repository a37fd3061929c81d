"""Held uploads: a file kept in the default storage between an import's preview
and its confirmation.

Each held file lives in UPLOAD_DIR under a random name that is also its token;
only the session that uploaded it knows the token. Every use checks the token's
shape, so a token from a form or a session can never name another path. Files
held for more than a day are abandoned imports, removed by the nightly
`held_uploads_sweep` schedule (settings.SCHEDULES).
"""

import re
import secrets
from datetime import datetime

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

UPLOAD_DIR = "imports"
MAX_AGE_SECONDS = 24 * 3600
_RANDOM_BYTES = 24  # token_urlsafe(24): 32 characters of [A-Za-z0-9_-]
_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}(?:\.[a-z0-9]{1,5})?")


class HeldUploadGone(Exception):
    """The held upload is not there: swept after a day, already discarded, or
    the token is not one of ours."""


def _name(token: str) -> str:
    """The storage name for a token; HeldUploadGone for a token that is not one of ours."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise HeldUploadGone
    return f"{UPLOAD_DIR}/{token}"


def held_upload_save(content: bytes | File, *, suffix: str = "") -> str:
    """Hold bytes or a file until the import is confirmed; returns its token.

    The suffix (".xlsx") is kept on the stored name when it is short and plain,
    dropped otherwise.
    """
    suffix = suffix.lower()
    if not _SUFFIX.fullmatch(suffix):
        suffix = ""
    token = secrets.token_urlsafe(_RANDOM_BYTES) + suffix
    if not isinstance(content, File):
        content = ContentFile(content)
    default_storage.save(_name(token), content)
    return token


def held_upload_open(token: str) -> File:
    """The held upload, opened for reading; HeldUploadGone when it is not there."""
    name = _name(token)
    try:
        return default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise HeldUploadGone from error


def held_upload_read(token: str) -> bytes:
    """The held upload's content; HeldUploadGone when it is not there."""
    with held_upload_open(token) as handle:
        return handle.read()


def held_upload_discard(token: str) -> None:
    """Delete the held upload; nothing happens when it is not there."""
    try:
        name = _name(token)
    except HeldUploadGone:
        return
    if default_storage.exists(name):
        default_storage.delete(name)


def held_uploads_sweep(*, now: datetime | None = None) -> None:
    """Delete every file in UPLOAD_DIR last modified more than a day before `now`."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return
    cutoff = (now or timezone.now()).timestamp() - MAX_AGE_SECONDS
    for file_name in files:
        name = f"{UPLOAD_DIR}/{file_name}"
        try:
            if default_storage.get_modified_time(name).timestamp() < cutoff:
                default_storage.delete(name)
        except FileNotFoundError:
            continue  # another request swept it meanwhile


# An import in two steps keeps its upload between them for the session that
# made it: one session key for every kind of import, so a token copied from
# another person's page or another kind of import finds nothing.
SESSION_KEY = "held_uploads"


def upload_hold(request, content: bytes | File, *, kind: str, suffix: str = "", **details) -> str:
    """Hold an upload for this session's import of `kind` ("results",
    "conclusion", "plan"), with the `details` its confirmation needs (JSON
    values); returns its token."""
    token = held_upload_save(content, suffix=suffix)
    held = request.session.get(SESSION_KEY, {})
    held[token] = {"kind": kind, **details}
    request.session[SESSION_KEY] = held
    return token


def upload_held(request, token: str, *, kind: str) -> dict:
    """The details this session holds under `token` for `kind`; HeldUploadGone
    when it holds nothing there (never uploaded here, or released)."""
    entry = request.session.get(SESSION_KEY, {}).get(token) if isinstance(token, str) else None
    if entry is None or entry["kind"] != kind:
        raise HeldUploadGone
    return entry


def upload_release(request, token: str) -> None:
    """Forget the held upload and delete its file (once the import is saved or cancelled)."""
    held = request.session.get(SESSION_KEY, {})
    if held.pop(token, None) is not None:
        request.session[SESSION_KEY] = held
    held_upload_discard(token)
