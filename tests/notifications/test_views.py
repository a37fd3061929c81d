"""Notification list, navbar count, settings, policy page, the task page's reminders."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from notifications.models import FeedToken, Notification, Preferences, ReminderPolicy
from notifications.services import reminders_send
from tests.factories.tasks import TaskFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 19, 9, tzinfo=VN)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen(NOW)]


@pytest.fixture
def task(agency, unit_a, unit_head, staff_user):
    return TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        in_progress=True,
        deadline=date(2026, 6, 30),
        assignee=staff_user,
        title="Công khai TTHC",
    )


def make_notifications(user, count):
    Notification.objects.bulk_create(
        Notification(user=user, title=f"Thông báo {n}", created_at=NOW) for n in range(count)
    )


def test_reminders_show_in_the_list_and_the_badge(client, task, unit_head):
    reminders_send(now=datetime(2026, 6, 19, 8, tzinfo=VN))
    client.force_login(unit_head)
    page = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("notifications:unread_badge")}"' in page
    badge = client.get(reverse("notifications:unread_badge")).content.decode()
    assert 'data-testid="unread-count">1<' in badge
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Nhắc trước hạn lần 1: Công khai TTHC" in listing
    notification = Notification.objects.get(user=unit_head)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == f"/nhiem-vu/{task.pk}/"
    notification.refresh_from_db()
    assert notification.read_at == NOW
    badge = client.get(reverse("notifications:unread_badge")).content.decode()
    assert "unread-count" not in badge


def test_read_all(client, unit_head):
    make_notifications(unit_head, 3)
    client.force_login(unit_head)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_persons_notification_is_404(client, unit_head, other_unit_head, outsider):
    make_notifications(unit_head, 1)
    notification = Notification.objects.get()
    for person in (other_unit_head, outsider):
        client.force_login(person)
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("count", [3, 40])
def test_list_queries_do_not_grow(client, unit_head, count, django_assert_max_num_queries):
    make_notifications(unit_head, count)
    client.force_login(unit_head)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_email_can_be_switched_off(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("notifications:settings"), {})
    assert response.status_code == 302
    assert Preferences.objects.get(user=staff_user).email_enabled is False


def test_feed_token_is_shown_once(client, unit_head, unit_a):
    client.force_login(unit_head)
    page = client.post(reverse("notifications:feed_token_new")).content.decode()
    token_hash = FeedToken.objects.get(user=unit_head).token_hash
    start = page.index('value="http://testserver/lich/') + len('value="http://testserver/lich/')
    token = page[start : page.index(".ics", start)]
    assert f"/lich/{token}/don-vi/{unit_a.pk}.ics" in page
    assert client.get(f"/lich/{token}.ics").status_code == 200
    again = client.get(reverse("notifications:settings")).content.decode()
    assert token not in again and token_hash not in again
    assert "Lần cuối được đọc: 09:00 19/06/2026" in again


def test_office_sets_the_agency_policy(client, office_user, agency):
    client.force_login(office_user)
    fields = {
        "first_notice_days": 10,
        "second_notice_days": 4,
        "overdue_every_days": 2,
        "escalate_leader_days": 5,
        "escalate_head_days": 10,
        "acceptance_wait_days": 2,
        "verification_wait_days": 3,
    }
    assert client.post(reverse("notifications:policy"), fields).status_code == 302
    policy = ReminderPolicy.objects.get(agency=agency)
    assert (policy.first_notice_days, policy.overdue_every_days) == (10, 2)
    response = client.post(reverse("notifications:policy"), {**fields, "overdue_every_days": -3})
    assert response.status_code == 200
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 0" in response.content.decode()
    response = client.post(reverse("notifications:policy"), {**fields, "overdue_every_days": 0})
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 1" in response.content.decode()
    response = client.post(reverse("notifications:policy"), {**fields, "escalate_head_days": 999})
    assert "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 90" in response.content.decode()
    assert ReminderPolicy.objects.get(agency=agency).escalate_head_days == 10
    response = client.post(reverse("notifications:policy"), {**fields, "second_notice_days": 12})
    assert "Lần nhắc thứ hai phải gần hạn hơn lần thứ nhất" in response.content.decode()


def test_policy_page_refused_to_others(client, unit_head, leader, outsider):
    for person in (unit_head, leader):
        client.force_login(person)
        assert client.get(reverse("notifications:policy")).status_code == 403


def test_task_page_shows_reminders_and_the_next_one(client, task, unit_head):
    reminders_send(now=datetime(2026, 6, 19, 8, tzinfo=VN))
    client.force_login(unit_head)
    page = client.get(task.get_absolute_url()).content.decode()
    assert page.count('data-testid="reminder-row"') == 2
    assert "Còn 7 ngày làm việc đến hạn 30/06/2026." in page
    assert "Nhắc tiếp theo: <strong>25/06/2026</strong>" in page
    assert reverse("notifications:task_ics", args=[task.pk]) in page
