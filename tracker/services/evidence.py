"""Evidence files (minh chứng): what an upload must be before it is kept.

A file is judged by its content, not its name: the name's extension must
agree with what the bytes are, and what the bytes are must be on the
allow-list. Checking happens before anything is written, so a refused file
leaves no row and no file behind.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tracker.models import Evidence, ProgressUpdate, Task, User

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MEGABYTE

# kind: (content type given back on download, extensions a file of that kind may carry)
ALLOWED_KINDS = {
    "pdf": ("application/pdf", {"pdf"}),
    "jpg": ("image/jpeg", {"jpg", "jpeg"}),
    "png": ("image/png", {"png"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx"},
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {"pptx"},
    ),
    "doc": ("application/msword", {"doc"}),
    "xls": ("application/vnd.ms-excel", {"xls"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
}
ALLOWED_EXTENSIONS = sorted({ext for _type, exts in ALLOWED_KINDS.values() for ext in exts})

# The main part of an Office Open XML package names what the package is; the
# macro-enabled variants (docm, xlsm) have other main types and are refused.
OOXML_MAIN_TYPES = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Streams that make an OLE compound file a Word or Excel 97-2003 document;
# an installer (.msi) or other OLE file has none of them.
OLE_STREAMS = {"WordDocument": "doc", "Workbook": "xls", "Book": "xls"}
OLE_DIR_ENTRY = 128
READ_CHUNK = 1024 * 1024  # a multiple of OLE_DIR_ENTRY


class EvidenceRejected(ValidationError):
    """An upload that may not be kept as evidence."""


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def evidence_max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def _megabytes(size: int, rounding: str) -> str:
    """A size in MB to two decimals, trailing zeros dropped ("20", "20,01").
    A refused file's size is rounded up and the limit down, so the message
    never shows a file as no larger than the limit it exceeds."""
    value = (Decimal(size) / MEGABYTE).quantize(Decimal("0.01"), rounding=rounding)
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")


def evidence_check(upload: UploadedFile) -> CheckedUpload:
    """Accept an upload or raise EvidenceRejected naming the file and why."""
    name = unicodedata.normalize("NFC", (upload.name or "").rsplit("/", 1)[-1]).strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = evidence_max_bytes()
    if upload.size == 0:
        raise EvidenceRejected(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise EvidenceRejected(
            _("Tệp “%(name)s” (%(size)s MB) vượt quá giới hạn %(limit)s MB.")
            % {
                "name": name,
                "size": _megabytes(upload.size, ROUND_CEILING),
                "limit": _megabytes(limit, ROUND_FLOOR),
            },
            code="too_large",
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise EvidenceRejected(
            _("Tệp “%(name)s” không thuộc loại được chấp nhận (%(allowed)s).")
            % {"name": name, "allowed": ", ".join(ALLOWED_EXTENSIONS)},
            code="extension",
        )
    kind = _detect_kind(upload)
    if kind is None or extension not in ALLOWED_KINDS[kind][1]:
        raise EvidenceRejected(
            _(
                "Nội dung tệp “%(name)s” không phải là tệp %(extension)s hợp lệ "
                "(hệ thống kiểm tra nội dung, không chỉ phần mở rộng)."
            )
            % {"name": name, "extension": extension.upper()},
            code="content",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        upload=upload,
        original_name=name[:255],
        extension=extension,
        content_type=ALLOWED_KINDS[kind][0],
        size=upload.size,
        sha256=digest.hexdigest(),
    )


def evidence_check_all(uploads: Iterable[UploadedFile]) -> list[CheckedUpload]:
    """Every upload checked; all the refusals together, so one round fixes them all."""
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(evidence_check(upload))
        except EvidenceRejected as error:
            errors.extend(error.messages)
    if errors:
        raise EvidenceRejected(errors)
    return checked


def evidence_store(
    *,
    checked: CheckedUpload,
    task: Task,
    progress_update: ProgressUpdate,
    user: User,
    now: datetime,
) -> Evidence:
    """Write one checked file under a random name and record it.

    Side effects: a file under MEDIA_ROOT/evidence/<task>/, an Evidence row.
    """
    evidence = Evidence(
        task=task,
        progress_update=progress_update,
        stored_name=f"{uuid.uuid4().hex}.{checked.extension}",
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        uploaded_at=now,
    )
    evidence.file.save(evidence.stored_name, checked.upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_store_all(
    *,
    files: list[CheckedUpload],
    task: Task,
    progress_update: ProgressUpdate,
    user: User,
    now: datetime,
) -> list[Evidence]:
    """Store every file or none: a failure half-way removes the files already written."""
    stored: list[Evidence] = []
    try:
        for checked in files:
            stored.append(
                evidence_store(
                    checked=checked,
                    task=task,
                    progress_update=progress_update,
                    user=user,
                    now=now,
                )
            )
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


def _detect_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(upload)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("pdf", "jpg", "png"):
        return guess.extension
    return None


def _zip_kind(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                return ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > 1024 * 1024:
                    return None
                content_types = archive.read(info)
                for main_type, kind in OOXML_MAIN_TYPES.items():
                    if b'ContentType="' + main_type + b'"' in content_types:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    return None


def _ole_kind(upload: UploadedFile) -> str | None:
    # A compound file's directory entries sit on 128-byte boundaries: the name
    # in UTF-16LE, its byte length (with the NUL) at +64 and the type at +66
    # (2 = stream). Matching all three finds real streams, not stray text.
    needles = {name: name.encode("utf-16-le") + b"\x00\x00" for name in OLE_STREAMS}
    offset = 0
    upload.seek(0)
    try:
        while chunk := upload.read(READ_CHUNK):
            for name, needle in needles.items():
                position = chunk.find(needle)
                while position != -1:
                    entry = chunk[position : position + OLE_DIR_ENTRY]
                    if (
                        (offset + position) % OLE_DIR_ENTRY == 0
                        and len(entry) >= 67
                        and int.from_bytes(entry[64:66], "little") == len(needle)
                        and entry[66] == 2
                    ):
                        return OLE_STREAMS[name]
                    position = chunk.find(needle, position + 1)
            offset += len(chunk)
    finally:
        upload.seek(0)
    return None
