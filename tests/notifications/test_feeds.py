"""Calendar feeds: what Outlook and Google read, who may read which, the secret kept secret."""

import logging
import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from notifications.models import FeedToken
from notifications.services import feed_token_create
from tests.factories.tasks import TaskFactory
from tracker.models import TaskStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [pytest.mark.django_db, pytest.mark.frozen(datetime(2026, 6, 19, 9, tzinfo=VN))]
LIBICAL = "/usr/bin/python3"


@pytest.fixture
def tasks(agency, unit_a, unit_b, staff_user):
    return {
        "a": TaskFactory(
            agency=agency,
            lead_unit=unit_a,
            in_progress=True,
            deadline=date(2026, 6, 30),
            title="Công khai TTHC",
            assignee=staff_user,
        ),
        "b": TaskFactory(
            agency=agency, lead_unit=unit_b, assigned=True, deadline=date(2026, 7, 15)
        ),
        "late": TaskFactory(
            agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 6, 1)
        ),
        "cancelled": TaskFactory(agency=agency, lead_unit=unit_a, cancelled=True),
        "draft": TaskFactory(agency=agency, lead_unit=unit_a),
    }


def libical_available() -> bool:
    if shutil.which(LIBICAL) is None:
        return False
    probe = subprocess.run(
        [LIBICAL, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Set-Cookie" not in response
    return response.content, Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_personal_feed_holds_what_the_user_may_see(client, office_user, tasks):
    token = feed_token_create(user=office_user)
    raw, calendar = feed(client, f"/lich/{token}.ics")
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Nhiệm vụ CCHC – Nguyễn Thị Mai"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw
    assert b"X-PUBLISHED-TTL:PT1H" in raw
    found = events(calendar)
    pk = tasks["a"].pk
    assert set(found) == {f"task-{tasks[key].pk}@127.0.0.1" for key in ("a", "b", "late")}
    event = found[f"task-{pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == date(2026, 6, 30)
    assert event.decoded("DTEND") == date(2026, 7, 1)
    assert b"DTSTART;VALUE=DATE:20260630" in raw
    assert str(event["SUMMARY"]) == "[Đang thực hiện] Công khai TTHC"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/nhiem-vu/{pk}/"
    assert str(found[f"task-{tasks['late'].pk}@127.0.0.1"]["SUMMARY"]).startswith("[Quá hạn]")
    assert b"VALARM" not in raw
    assert FeedToken.objects.get(user=office_user).last_used_at == datetime(
        2026, 6, 19, 9, tzinfo=VN
    )


def test_staff_feed_holds_only_their_tasks(client, staff_user, tasks):
    token = feed_token_create(user=staff_user)
    _raw, calendar = feed(client, f"/lich/{token}.ics")
    assert set(events(calendar)) == {f"task-{tasks['a'].pk}@127.0.0.1"}


def test_sequence_counts_changes_of_dates_and_status(client, office_user, tasks):
    task = tasks["a"]
    token = feed_token_create(user=office_user)
    uid = f"task-{task.pk}@127.0.0.1"
    assert events(feed(client, f"/lich/{token}.ics")[1])[uid]["SEQUENCE"] == 0
    task.deadline = date(2026, 7, 31)  # an approved extension moves the event
    task.save()
    task.title = "Công khai TTHC (sửa tên)"
    task.save()  # not a date or status: same sequence
    event = events(feed(client, f"/lich/{token}.ics")[1])[uid]
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (1, date(2026, 7, 31))
    task.status = TaskStatus.SUBMITTED
    task.save()
    assert events(feed(client, f"/lich/{token}.ics")[1])[uid]["SEQUENCE"] == 2
    task.status = TaskStatus.CANCELLED
    task.save()
    assert uid not in events(feed(client, f"/lich/{token}.ics")[1])


def test_regenerated_token_retires_the_old_address(client, office_user, tasks):
    old = feed_token_create(user=office_user)
    new = feed_token_create(user=office_user)
    assert client.get(f"/lich/{old}.ics").status_code == 404
    assert client.get(f"/lich/{new}.ics").status_code == 200
    assert not FeedToken.objects.filter(token_hash__contains=new).exists()


def test_unknown_token_is_404_without_login_redirect_or_leak(client, tasks, caplog):
    secret = "khong-ton-tai-0123456789abcdef"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/lich/{secret}.ics")
    assert response.status_code == 404
    assert secret not in caplog.text
    assert "/lich/***" in caplog.text


def test_inactive_user_token_is_404(client, office_user, tasks):
    token = feed_token_create(user=office_user)
    office_user.is_active = False
    office_user.save()
    assert client.get(f"/lich/{token}.ics").status_code == 404


def test_unit_feed_for_unit_head_and_office(
    client, unit_head, office_user, staff_user, unit_a, unit_b, tasks
):
    head_token = feed_token_create(user=unit_head)
    _raw, calendar = feed(client, f"/lich/{head_token}/don-vi/{unit_a.pk}.ics")
    assert set(events(calendar)) == {f"task-{tasks[key].pk}@127.0.0.1" for key in ("a", "late")}
    assert calendar["X-WR-CALNAME"] == "Nhiệm vụ CCHC – Phòng Hành chính tư pháp"
    assert client.get(f"/lich/{head_token}/don-vi/{unit_b.pk}.ics").status_code == 404
    office_token = feed_token_create(user=office_user)
    _raw, calendar = feed(client, f"/lich/{office_token}/don-vi/{unit_b.pk}.ics")
    assert set(events(calendar)) == {f"task-{tasks['b'].pk}@127.0.0.1"}
    staff_token = feed_token_create(user=staff_user)
    assert client.get(f"/lich/{staff_token}/don-vi/{unit_a.pk}.ics").status_code == 404


def test_outsider_cannot_read_another_agency_unit_feed(client, outsider, unit_a, tasks):
    token = feed_token_create(user=outsider)
    assert client.get(f"/lich/{token}/don-vi/{unit_a.pk}.ics").status_code == 404


def test_one_task_download(client, unit_head, other_unit_head, outsider, tasks):
    task = tasks["a"]
    url = reverse("notifications:task_ics", args=[task.pk])
    client.force_login(unit_head)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="nhiem-vu-{task.pk}.ics"'
    assert set(events(Calendar.from_ical(response.content))) == {f"task-{task.pk}@127.0.0.1"}
    for person in (other_unit_head, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_feed_is_valid_for_libical(client, office_user, tasks, tmp_path):
    """A second, independent parser: libical through the system Python's gi."""
    if not libical_available():
        pytest.skip("libical (python3-gi, gir1.2-ical-3.0) is not installed")
    token = feed_token_create(user=office_user)
    path = tmp_path / "feed.ics"
    path.write_bytes(client.get(f"/lich/{token}.ics").content)
    script = (
        "import sys, gi\n"
        "gi.require_version('ICalGLib', '3.0')\n"
        "from gi.repository import ICalGLib\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "component = ICalGLib.Component.new_from_string(text)\n"
        "out = component.as_ical_string()\n"
        "errors = [l for l in out.splitlines() if l.startswith('X-LIC-ERROR')]\n"
        "event = component.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)\n"
        "count = 0\n"
        "while event is not None:\n"
        "    count += 1\n"
        "    start, end = event.get_dtstart(), event.get_dtend()\n"
        "    assert start.is_date() and end.is_date(), event.get_uid()\n"
        "    assert end.as_ical_string() > start.as_ical_string(), event.get_uid()\n"
        "    event = component.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)\n"
        "print(count, len(errors))\n"
    )
    run = subprocess.run(
        [LIBICAL, "-c", script, str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["3", "0"]


def test_runserver_access_log_masks_the_token():
    """What runserver writes for every request ('"GET /lich/<token>.ics HTTP/1.1" 200 …')."""
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /lich/abcDEF123-_xyz.ics HTTP/1.1", "200", "512"),
        None,
    )
    assert all(log_filter.filter(record) for log_filter in logger.filters)
    assert record.getMessage() == '"GET /lich/*** HTTP/1.1" 200 512'


def test_feed_answers_head(client, office_user, tasks):
    token = feed_token_create(user=office_user)
    assert client.head(f"/lich/{token}.ics").status_code == 200
    assert client.post(f"/lich/{token}.ics").status_code == 405


def test_an_event_written_before_is_reused_only_while_its_task_is_unchanged(
    client, office_user, tasks
):
    url = reverse("feeds:personal", args=[feed_token_create(user=office_user)])
    before = events(feed(client, url)[1])
    task = tasks["a"]
    uid = next(uid for uid, event in before.items() if event["SUMMARY"].endswith(task.title))

    task.title = "Công khai TTHC trên Cổng dịch vụ công"
    task.percent_complete = 80
    task.save()
    after = events(feed(client, url)[1])

    assert str(after[uid]["SUMMARY"]) == "[Đang thực hiện] Công khai TTHC trên Cổng dịch vụ công"
    assert "Tiến độ: 80%" in str(after[uid]["DESCRIPTION"])
    # The task's deadline and status did not change: same version.
    assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"]
    unchanged = [key for key in before if key != uid]
    assert [after[key].to_ical() for key in unchanged] == [
        before[key].to_ical() for key in unchanged
    ]


@pytest.mark.parametrize("extra", [0, 20])
def test_feed_queries_do_not_grow_with_tasks(
    client, office_user, agency, unit_a, tasks, extra, django_assert_max_num_queries
):
    TaskFactory.create_batch(
        extra, agency=agency, lead_unit=unit_a, in_progress=True, deadline=date(2026, 8, 1)
    )
    url = reverse("feeds:personal", args=[feed_token_create(user=office_user)])

    with django_assert_max_num_queries(6):
        content, calendar = feed(client, url)

    assert len(events(calendar)) == 3 + extra
