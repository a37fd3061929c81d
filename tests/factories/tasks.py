"""Tasks in any state, and real files of each evidence type."""

import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.org import DepartmentFactory, OfficeFactory
from tracker.models import Task, TaskStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ISSUED = datetime(2026, 3, 2, 9, 0, tzinfo=VN)


class TaskFactory(factory.django.DjangoModelFactory):
    """A draft by default; traits put it in a later state as the workflow would."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    agency = factory.SubFactory(DepartmentFactory)
    lead_unit = factory.SubFactory(OfficeFactory, parent=factory.SelfAttribute("..agency"))
    title = factory.Sequence(lambda n: f"Khắc phục tiêu chí số {n}")
    deadline = date(2026, 6, 30)
    status = TaskStatus.DRAFT

    class Params:
        assigned = factory.Trait(
            status=TaskStatus.ASSIGNED,
            issued_at=ISSUED,
            original_deadline=factory.SelfAttribute("deadline"),
        )
        returned = factory.Trait(
            assigned=True, status=TaskStatus.RETURNED, return_reason="Không thuộc chức năng"
        )
        in_progress = factory.Trait(
            assigned=True,
            status=TaskStatus.IN_PROGRESS,
            accepted_at=datetime(2026, 3, 3, 9, 0, tzinfo=VN),
        )
        submitted = factory.Trait(
            in_progress=True,
            status=TaskStatus.SUBMITTED,
            percent_complete=100,
            submitted_at=datetime(2026, 6, 20, 9, 0, tzinfo=VN),
        )
        done = factory.Trait(
            submitted=True,
            status=TaskStatus.DONE,
            completed_at=datetime(2026, 6, 25, 9, 0, tzinfo=VN),
        )
        cancelled = factory.Trait(
            status=TaskStatus.CANCELLED,
            cancel_reason="Trùng nhiệm vụ khác",
            cancelled_at=datetime(2026, 3, 5, 9, 0, tzinfo=VN),
        )

    @factory.post_generation
    def supporting_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.supporting_units.set(extracted)


# --- Files: the smallest real files of each kind the evidence check accepts ---


def pdf_bytes(text: str = "Bao cao ket qua") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(body)} >> stream\n".encode()
        + body
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Báo cáo kết quả khắc phục")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Số hồ sơ được số hóa"
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def ooxml_bytes(main_type: str) -> bytes:
    """A package whose [Content_Types].xml names `main_type` as its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/main.xml" '
            f'ContentType="{main_type}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


def ole_bytes(stream_name: str) -> bytes:
    """An OLE compound file whose directory holds a root entry and one stream."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), (stream_name, 2)]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = index * 128
        directory[entry : entry + len(encoded)] = encoded
        directory[entry + 64 : entry + 66] = len(encoded).to_bytes(2, "little")
        directory[entry + 66] = kind
    return bytes(header) + bytes(directory) + b"\x00" * 1024


JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 256


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "Báo cáo kết quả.pdf", text: str = "Bao cao ket qua"):
    return upload(name, pdf_bytes(text), "application/pdf")
