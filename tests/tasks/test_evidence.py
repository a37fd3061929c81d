"""Evidence uploads judged by content; downloads only for who sees the task,
under the original Vietnamese name."""

import hashlib
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories.org import UserFactory
from tests.factories.tasks import (
    EXE_BYTES,
    JPEG_BYTES,
    PNG_BYTES,
    TaskFactory,
    docx_bytes,
    odt_bytes,
    ole_bytes,
    ooxml_bytes,
    pdf_bytes,
    pdf_upload,
    upload,
    xlsx_bytes,
)
from tracker.models import Evidence, ProgressUpdate, Role
from tracker.services.task_records import TaskActionError
from tracker.services.workflow import task_report_progress

PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.fixture
def task(unit_a, staff_user, unit_b):
    return TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        in_progress=True,
        assignee=staff_user,
        supporting_units=[unit_b],
    )


def stored_files(media_root: Path) -> list[Path]:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Báo cáo kết quả.pdf", pdf_bytes(), "application/pdf"),
        (
            "Kế hoạch khắc phục.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Thống kê hồ sơ.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Trình chiếu.pptx",
            ooxml_bytes(PPTX_MAIN),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("Văn bản.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("Công văn cũ.doc", ole_bytes("WordDocument"), "application/msword"),
        ("Bảng tính cũ.xls", ole_bytes("Workbook"), "application/vnd.ms-excel"),
        ("Ảnh chụp bộ phận một cửa.JPG", JPEG_BYTES, "image/jpeg"),
        ("Sơ đồ.png", PNG_BYTES, "image/png"),
    ],
)
def test_allowed_files_are_kept_under_a_random_name(
    task, staff_user, media_in_tmp, name, content, content_type
):
    task_report_progress(
        task=task, user=staff_user, percent_complete=30, files=[upload(name, content)]
    )

    evidence = Evidence.objects.get()
    assert (
        evidence.original_name,
        evidence.content_type,
        evidence.size,
        evidence.sha256,
        evidence.uploaded_by,
    ) == (name, content_type, len(content), hashlib.sha256(content).hexdigest(), staff_user)
    assert evidence.stored_name != name
    assert evidence.file.name == f"evidence/{task.pk}/{evidence.stored_name}"
    assert stored_files(media_in_tmp) == [media_in_tmp / evidence.file.name]
    assert (media_in_tmp / evidence.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("Báo cáo.pdf", EXE_BYTES, "Nội dung tệp “Báo cáo.pdf” không phải là tệp PDF hợp lệ"),
        ("Báo cáo.docx", pdf_bytes(), "Nội dung tệp “Báo cáo.docx” không phải là tệp DOCX"),
        ("Macro.docx", ooxml_bytes(DOCM_MAIN), "Nội dung tệp “Macro.docx” không phải là tệp DOCX"),
        ("Cài đặt.doc", ole_bytes("SummaryInformation"), "không phải là tệp DOC hợp lệ"),
        ("Bảng.xls", ole_bytes("WordDocument"), "không phải là tệp XLS hợp lệ"),
        ("ghi-chu.txt", b"van ban thuong", "không thuộc loại được chấp nhận"),
        ("setup.exe", EXE_BYTES, "không thuộc loại được chấp nhận"),
        ("khong-duoi", pdf_bytes(), "không thuộc loại được chấp nhận"),
        ("Hỏng.zip.docx", b"PK\x03\x04 not really a zip", "không phải là tệp DOCX"),
    ],
)
def test_refused_files_leave_the_task_unchanged(
    task, staff_user, media_in_tmp, name, content, reason
):
    with pytest.raises(TaskActionError) as refused:
        task_report_progress(
            task=task, user=staff_user, percent_complete=50, files=[upload(name, content)]
        )

    assert reason in refused.value.message_dict["files"][0]
    task.refresh_from_db()
    assert (task.percent_complete, task.version) == (0, 1)
    assert ProgressUpdate.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_size_limit_comes_from_settings(task, staff_user, settings, media_in_tmp):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = pdf_bytes() + b"%" * (1024 * 1024)

    with pytest.raises(TaskActionError) as refused:
        task_report_progress(
            task=task, user=staff_user, percent_complete=10, files=[upload("Lớn.pdf", big)]
        )

    assert refused.value.message_dict["files"] == [
        "Tệp “Lớn.pdf” (1,01 MB) vượt quá giới hạn 1 MB."
    ]
    assert stored_files(media_in_tmp) == []


def test_a_file_just_over_the_limit_reads_as_over_it(task, staff_user, settings):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    just_over = pdf_bytes() + b"%" * (20 * 1024 * 1024 + 10 - len(pdf_bytes()))

    with pytest.raises(TaskActionError) as refused:
        task_report_progress(
            task=task, user=staff_user, percent_complete=10, files=[upload("lon.pdf", just_over)]
        )

    assert refused.value.message_dict["files"] == [
        "Tệp “lon.pdf” (20,01 MB) vượt quá giới hạn 20 MB."
    ]


def test_one_bad_file_refuses_the_whole_update(task, staff_user, media_in_tmp):
    with pytest.raises(TaskActionError) as refused:
        task_report_progress(
            task=task,
            user=staff_user,
            percent_complete=50,
            files=[pdf_upload("Tốt.pdf"), upload("Xấu.pdf", EXE_BYTES), upload("Rỗng.pdf", b"")],
        )

    assert len(refused.value.message_dict["files"]) == 2
    assert Evidence.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_a_decomposed_vietnamese_name_is_kept_composed(task, staff_user):
    decomposed = unicodedata.normalize("NFD", "Biên bản.pdf")

    task_report_progress(
        task=task, user=staff_user, percent_complete=5, files=[pdf_upload(decomposed)]
    )

    assert Evidence.objects.get().original_name == "Biên bản.pdf"


def test_bad_file_through_the_page_shows_the_reason_and_saves_nothing(
    client, task, staff_user, media_in_tmp
):
    client.force_login(staff_user)

    response = client.post(
        reverse("tasks:report_progress", args=[task.pk]),
        {
            "report_progress-version": task.version,
            "report_progress-percent_complete": 70,
            "report_progress-files": [upload("Báo cáo.pdf", EXE_BYTES)],
        },
    )

    assert response.status_code == 400
    assert "không phải là tệp PDF hợp lệ" in response.text
    task.refresh_from_db()
    assert task.percent_complete == 0
    assert stored_files(media_in_tmp) == []


def test_an_empty_file_through_the_page_is_refused_by_name(client, task, staff_user, media_in_tmp):
    client.force_login(staff_user)

    response = client.post(
        reverse("tasks:report_progress", args=[task.pk]),
        {
            "report_progress-version": task.version,
            "report_progress-percent_complete": 70,
            "report_progress-files": [pdf_upload("Tốt.pdf"), upload("rong.pdf", b"")],
        },
    )

    assert response.status_code == 400
    assert "Tệp “rong.pdf” rỗng." in response.text
    assert "Tập tin được gửi là rỗng" not in response.text
    task.refresh_from_db()
    assert task.percent_complete == 0
    assert Evidence.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_two_files_through_the_page(client, task, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("tasks:report_progress", args=[task.pk]),
        {
            "report_progress-version": task.version,
            "report_progress-percent_complete": 70,
            "report_progress-files": [pdf_upload("Một.pdf"), upload("Hai.docx", docx_bytes())],
        },
    )

    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "Hai.docx",
        "Một.pdf",
    ]


def test_download_gives_the_bytes_under_the_original_name(client, task, staff_user, unit_head):
    content = pdf_bytes("Ket qua so hoa")
    task_report_progress(
        task=task,
        user=staff_user,
        percent_complete=20,
        files=[upload("Báo cáo kết quả số hóa.pdf", content)],
    )
    evidence = Evidence.objects.get()
    client.force_login(unit_head)

    response = client.get(reverse("tasks:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("Báo cáo kết quả số hóa.pdf")
    )


def test_download_is_404_for_who_cannot_see_the_task(
    client, task, staff_user, other_unit_head, outsider, unit_a
):
    task_report_progress(task=task, user=staff_user, percent_complete=20, files=[pdf_upload()])
    url = reverse("tasks:evidence", args=[Evidence.objects.get().pk])
    colleague = UserFactory(unit=unit_a, role=Role.STAFF)
    supporting_head = UserFactory(unit=task.supporting_units.get(), role=Role.UNIT_HEAD)

    codes = {}
    for name, user in [
        ("outsider", outsider),
        ("colleague", colleague),
        ("supporting_head", supporting_head),
    ]:
        client.force_login(user)
        codes[name] = client.get(url).status_code

    assert codes == {"outsider": 404, "colleague": 404, "supporting_head": 200}


def test_a_missing_file_is_404_not_a_crash(client, task, staff_user, office_user):
    task_report_progress(task=task, user=staff_user, percent_complete=20, files=[pdf_upload()])
    evidence = Evidence.objects.get()
    Path(evidence.file.path).unlink()
    client.force_login(office_user)

    assert client.get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 404
