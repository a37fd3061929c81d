"""The report page, the kept reports and who may see them."""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories.tasks import TaskFactory
from tests.reports.docx_checks import open_docx, table_texts
from tracker.models import Report, ReportStatus
from tracker.services.reports import report_generate

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MOMENT = datetime(2026, 5, 15, 10, 0, tzinfo=VN)

pytestmark = pytest.mark.usefixtures("frozen_at_moment")


@pytest.fixture
def frozen_at_moment():
    with time_machine.travel(MOMENT, tick=False):
        yield


def _create(client, **data):
    return client.post(reverse("reports:create"), {"year": 2026, "quarter": 2, **data})


def _downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_office_generates_keeps_and_downloads_the_same_bytes(client, world, office_user):
    client.force_login(office_user)

    response = _create(client, kind="quarterly", unit=world.agency.pk)

    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert (report.status, report.kind, report.year, report.quarter) == (
        "done",
        "quarterly",
        2026,
        2,
    )
    assert report.created_by == office_user
    assert report.figures["buckets"]["tasks"] == 6
    download = client.get(reverse("reports:download", args=[report.pk]))
    content = _downloaded(download)
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert download["Content-Disposition"].endswith(
        'filename="bao-cao-tien-do-khac-phuc-stp-quy-2-2026.docx"'
    )
    assert client.get(reverse("reports:download", args=[report.pk])).getvalue() == content
    assert table_texts(open_docx(content).tables[2])[5][2] == "6"


def test_regeneration_shows_what_changed(client, world, office_user):
    client.force_login(office_user)
    _create(client, kind="quarterly", unit=world.agency.pk)
    first = Report.objects.get()
    task = world.tasks["t6"]
    task.status, task.submitted_at = "done", MOMENT
    task.completed_at = MOMENT
    task.save()

    response = client.post(reverse("reports:regenerate", args=[first.pk]))

    second = Report.objects.exclude(pk=first.pk).get()
    assert second.previous == first and second.parameters == first.parameters
    page = client.get(response.url)
    changes = {(c.label, c.old, c.new) for c in page.context["changes"]}
    assert ("Hoàn thành quá hạn", 1, 2) in changes
    assert ("Chưa hoàn thành, quá hạn", 2, 1) in changes
    assert ("Phòng Phổ biến, giáo dục pháp luật: quá hạn", 1, 0) in changes
    assert "Thay đổi so với lần lập" in page.content.decode()


def test_unit_head_makes_their_units_report_only(client, world, unit_head, unit_b):
    client.force_login(unit_head)

    own = _create(client, kind="unit", unit=world.unit_a.pk)
    other = _create(client, kind="unit", unit=unit_b.pk)
    agency = _create(client, kind="quarterly", unit=world.agency.pk)

    assert own.status_code == 302
    assert other.status_code == 400 and agency.status_code == 400
    assert Report.objects.get().unit == world.unit_a


def test_outsider_and_other_unit_head_cannot_see_a_report(
    client, world, office_user, unit_head, other_unit_head, outsider, staff_user
):
    report = report_generate(
        kind="unit", unit=world.unit_a, year=2026, quarter=2, user=unit_head, now=MOMENT
    )
    for user in (outsider, other_unit_head):
        client.force_login(user)
        for name in ("detail", "download", "status"):
            assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
        assert client.post(reverse("reports:regenerate", args=[report.pk])).status_code == 404
    client.force_login(staff_user)
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    client.force_login(office_user)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_outsider_cannot_generate_for_another_agency(client, world, outsider):
    client.force_login(outsider)

    response = _create(client, kind="quarterly", unit=world.agency.pk)

    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("quarter", ["5", "0", "x"])
def test_bad_quarter_is_refused_on_the_form(client, world, office_user, quarter):
    client.force_login(office_user)

    response = _create(client, kind="quarterly", unit=world.agency.pk, quarter=quarter)

    assert response.status_code == 400
    assert "không hợp lệ: chỉ có quý 1 đến 4" in response.content.decode()
    assert not Report.objects.exists()


def test_wrong_kind_for_the_unit_is_explained(client, world, office_user):
    client.force_login(office_user)

    response = _create(client, kind="quarterly", unit=world.unit_a.pk)

    assert response.status_code == 400
    assert "không phải cơ quan được đánh giá" in response.content.decode()


def test_urging_letter_with_nothing_overdue_says_why(client, agency, office_user):
    TaskFactory(agency=agency, done=True, deadline=date(2026, 5, 1))
    client.force_login(office_user)

    response = _create(client, kind="urging", unit=agency.pk)

    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "không có nhiệm vụ nào quá hạn" in report.error
    page = client.get(response.url)
    assert report.error in page.content.decode()
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_large_report_runs_as_a_job_and_the_page_polls_it(
    client, world, office_user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REPORT_BACKGROUND_TASKS = 3
    client.force_login(office_user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _create(client, kind="quarterly", unit=world.agency.pk)
    report = Report.objects.get()
    assert report.status == ReportStatus.PENDING and len(callbacks) == 1
    page = client.get(response.url)
    assert f'hx-get="{reverse("reports:status", args=[report.pk])}"' in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()

    # The worker, run inline as tests configure django-q2.
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    callbacks[0]()

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.sha256
    status = client.get(reverse("reports:status", args=[report.pk]))
    assert status["HX-Refresh"] == "true"
    assert "hx-get" not in status.content.decode()


def test_report_list_query_count_does_not_grow(
    client, world, office_user, django_assert_max_num_queries
):
    client.force_login(office_user)
    report_generate(
        kind="quarterly", unit=world.agency, year=2026, quarter=2, user=office_user, now=MOMENT
    )
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:index"))
    for _ in range(6):
        report_generate(
            kind="quarterly", unit=world.agency, year=2026, quarter=1, user=office_user, now=MOMENT
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:index"))
    assert len(response.context["reports"]) == 7


def test_navigation_offers_reports_to_office_and_unit_heads(client, office_user, staff_user):
    client.force_login(office_user)
    assert reverse("reports:index") in client.get(reverse("home")).content.decode()
    client.force_login(staff_user)
    assert reverse("reports:index") not in client.get(reverse("home")).content.decode()


def test_admin_lists_kept_reports_read_only(client, world, office_user, outsider):
    report = report_generate(
        kind="quarterly", unit=world.agency, year=2026, quarter=2, user=office_user, now=MOMENT
    )
    view = Permission.objects.get(codename="view_report")
    for user in (office_user, outsider):
        user.is_staff = True
        user.save()
        user.user_permissions.add(view)
    client.force_login(office_user)
    assert client.get(reverse("admin:tracker_report_changelist")).context["cl"].result_count == 1
    assert client.get(reverse("admin:tracker_report_add")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("admin:tracker_report_changelist")).context["cl"].result_count == 0
    assert report.pk
