"""A list longer than EXPORT_SYNC_ROWS is written by the django-q2 worker: the
rows the owner sees with the page's filters and sort, a file only the owner
downloads, a page that shows its progress."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.exports.conftest import HEADER, NOW, csv_rows, file_content, sheet
from tracker.models import ExportFile, ExportStatus, Role
from tracker.services.exports import export_build, export_files_sweep
from tracker.tasks import build_export


@pytest.fixture
def run_jobs(monkeypatch):
    """The worker, run inline as tests configure django-q2."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.EXPORT_SYNC_ROWS = 2


def _ask(client, url_name, django_capture_on_commit_callbacks, **query):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(reverse(url_name), query)


@time_machine.travel(NOW, tick=False)
def test_long_board_export_becomes_a_job_and_its_file_is_downloaded(
    client, office_user, mixed_tasks, run_jobs, django_capture_on_commit_callbacks
):
    client.force_login(office_user)

    response = _ask(
        client,
        "tasks:board",
        django_capture_on_commit_callbacks,
        _export="xlsx",
        status="open",
        sort="-title",
        page="2",
    )

    assert response.status_code == 302 and response.url == reverse("exports:index")
    export = ExportFile.objects.get()
    assert (export.owner, export.kind, export.file_format) == (office_user, "board", "xlsx")
    assert export.query == "status=open&sort=-title"
    assert (export.status, export.rows) == (ExportStatus.DONE, 4)
    assert export.filename == "theo-doi-thoi-han-2026-06-02.xlsx"
    page = client.get(response.url)
    assert "Danh sách có 4 dòng: tệp đang được xuất" in page.text
    assert reverse("exports:download", args=[export.pk]) in page.text

    download = client.get(reverse("exports:download", args=[export.pk]))

    assert download["Content-Disposition"] == (
        'attachment; filename="theo-doi-thoi-han-2026-06-02.xlsx"'
    )
    book = sheet(file_content(download))
    assert book.title == "Theo dõi thời hạn"
    assert book["A1"].value == (
        "Theo dõi thời hạn — Trạng thái: Chưa kết thúc (mọi trạng thái mở) "
        "— Xuất ngày 02/06/2026 10:00"
    )
    assert [cell.value for cell in book[2]] == HEADER
    titles = [row[0].value for row in book.iter_rows(min_row=3)]
    assert titles == [
        "Rà soát kế hoạch CCHC",
        "Giao Phòng Hành chính tư pháp rà soát toàn bộ thủ tục hành chính",
        "Dự thảo quy chế",
        "Cập nhật cổng thông tin",
    ]
    first = book[3]
    assert first[3].is_date and first[3].number_format == "dd/mm/yyyy"
    assert (first[4].value, first[7].value) == (13, 1.5)
    assert first[7].number_format == "#,##0.00"


@time_machine.travel(NOW, tick=False)
def test_unit_list_job_keeps_to_the_tasks_the_unit_head_sees(
    client, unit_head, mixed_tasks, run_jobs, django_capture_on_commit_callbacks
):
    client.force_login(unit_head)

    _ask(client, "tasks:my_unit", django_capture_on_commit_callbacks, _export="csv")

    export = ExportFile.objects.get()
    assert (export.kind, export.status, export.rows) == ("my_unit", ExportStatus.DONE, 3)
    rows = csv_rows(file_content(client.get(reverse("exports:download", args=[export.pk]))))
    # Unit A's tasks only: unit B's draft and report are not the unit head's.
    assert [row[0] for row in rows[2:]] == [
        "Rà soát kế hoạch CCHC",
        "Giao Phòng Hành chính tư pháp rà soát toàn bộ thủ tục hành chính",
        "Cập nhật cổng thông tin",
    ]
    assert rows[2][3:] == ["20/05/2026", "13", "40", "Đang thực hiện", "1,50", "Có", "Không"]


@time_machine.travel(NOW, tick=False)
def test_job_rows_are_the_rows_of_the_page_export(
    client, office_user, mixed_tasks, settings, run_jobs, django_capture_on_commit_callbacks
):
    client.force_login(office_user)
    query = {"_export": "csv", "overdue": "false", "sort": "assignee"}
    settings.EXPORT_SYNC_ROWS = 100
    at_once = csv_rows(client.get(reverse("tasks:board"), query).content)
    settings.EXPORT_SYNC_ROWS = 2

    _ask(client, "tasks:board", django_capture_on_commit_callbacks, **query)

    export = ExportFile.objects.get()
    assert export.rows == 4
    job = csv_rows(file_content(client.get(reverse("exports:download", args=[export.pk]))))
    assert job == at_once


def test_someone_else_gets_404_for_the_file(
    client,
    office_user,
    leader,
    outsider,
    mixed_tasks,
    run_jobs,
    django_capture_on_commit_callbacks,
):
    client.force_login(office_user)
    _ask(client, "tasks:board", django_capture_on_commit_callbacks, _export="csv")
    url = reverse("exports:download", args=[ExportFile.objects.get().pk])
    assert client.get(url).status_code == 200

    for other in (leader, outsider):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert url not in client.get(reverse("exports:index")).text
    client.logout()
    assert client.get(url).status_code == 302


def test_file_not_written_yet_is_not_found(client, office_user, mixed_tasks):
    client.force_login(office_user)

    client.get(reverse("tasks:board"), {"_export": "csv"})

    export = ExportFile.objects.get()
    assert export.status == ExportStatus.QUEUED
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_the_job_is_handed_over_after_commit_and_asked_once(
    client, office_user, mixed_tasks, django_capture_on_commit_callbacks
):
    client.force_login(office_user)

    with django_capture_on_commit_callbacks() as callbacks:
        client.get(reverse("tasks:board"), {"_export": "xlsx"})
        client.get(reverse("tasks:board"), {"_export": "xlsx"})
        client.get(reverse("tasks:board"), {"_export": "csv"})

    assert len(callbacks) == 2
    assert sorted(ExportFile.objects.values_list("file_format", flat=True)) == ["csv", "xlsx"]


@time_machine.travel(NOW, tick=False)
def test_job_for_someone_no_longer_on_the_board_fails_without_a_file(
    client, office_user, mixed_tasks
):
    client.force_login(office_user)
    client.get(reverse("tasks:board"), {"_export": "csv"})
    office_user.role = Role.STAFF
    office_user.save()

    build_export(ExportFile.objects.get().pk)

    export = ExportFile.objects.get()
    assert export.status == ExportStatus.FAILED and not export.file
    assert export.error == "Tài khoản không còn được xem danh sách này."
    assert export.error in client.get(reverse("exports:index")).text


@time_machine.travel(NOW, tick=False)
def test_a_delivered_again_job_leaves_a_written_export_alone(client, office_user, mixed_tasks):
    client.force_login(office_user)
    client.get(reverse("tasks:board"), {"_export": "csv"})
    export = export_build(export=ExportFile.objects.get(), now=NOW)
    name = export.file.name

    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        build_export(export.pk)

    export.refresh_from_db()
    assert (export.file.name, export.finished_at) == (name, NOW)


def test_exports_page_polls_while_a_file_is_being_written(client, office_user, mixed_tasks):
    client.force_login(office_user)
    client.get(reverse("tasks:board"), {"_export": "csv"})

    page = client.get(reverse("exports:index")).text

    assert f'hx-get="{reverse("exports:list")}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "Đang chờ xuất" in page
    export_build(export=ExportFile.objects.get(), now=NOW)
    listing = client.get(reverse("exports:list")).text
    assert "hx-get" not in listing and "Đã xuất xong" in listing


@pytest.mark.parametrize("exports", [1, 8])
def test_exports_page_queries_do_not_grow(
    client, office_user, django_assert_max_num_queries, exports
):
    for _ in range(exports):
        ExportFile.objects.create(owner=office_user, kind="board", file_format="csv")
    client.force_login(office_user)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("exports:index"))

    assert response.text.count("Đang chờ xuất") == exports


def test_sweep_deletes_exports_older_than_the_kept_days(client, office_user, mixed_tasks, settings):
    settings.EXPORT_KEEP_DAYS = 7
    client.force_login(office_user)
    client.get(reverse("tasks:board"), {"_export": "csv"})
    old = export_build(export=ExportFile.objects.get(), now=NOW)
    old.created_at = NOW - timedelta(days=8)
    old.save()
    recent = ExportFile.objects.create(
        owner=office_user, kind="board", file_format="csv", created_at=NOW - timedelta(days=6)
    )
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)

    assert export_files_sweep(now=NOW) == 1

    assert list(ExportFile.objects.all()) == [recent]
    assert not storage.exists(name)
