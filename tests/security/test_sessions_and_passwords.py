"""Idle sessions end; users change their own password."""

import logging
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories.org import TEST_PASSWORD
from tracker.models import SecurityEvent


def _sign_in(client, username="truongphong"):
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_session_idle_for_eight_hours_ends(client, unit_head):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _sign_in(client)
        traveller.shift(timedelta(hours=8, minutes=1))

        response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_session_in_use_outlives_eight_hours(client, unit_head):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _sign_in(client)
        for _ in range(3):
            traveller.shift(timedelta(hours=5))
            response = client.get(reverse("home"))
            assert response.status_code == 200


def test_the_idle_time_comes_from_the_environment(client, unit_head, settings):
    settings.SESSION_COOKIE_AGE = 3600
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _sign_in(client)
        traveller.shift(timedelta(minutes=61))

        response = client.get(reverse("home"))

    assert response.status_code == 302


def test_sessions_end_with_the_browser_when_configured(client, unit_head, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True

    response = client.post(reverse("login"), {"username": "truongphong", "password": TEST_PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_the_password_change_page_is_vietnamese(client, unit_head):
    client.force_login(unit_head)

    response = client.get(reverse("password_change"))

    assert response.status_code == 200
    assert "Đổi mật khẩu" in response.text
    assert "Mật khẩu cũ" in response.text


def test_a_user_changes_their_password_and_it_is_logged(client, unit_head, caplog):
    client.force_login(unit_head)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(
            reverse("password_change"),
            {
                "old_password": TEST_PASSWORD,
                "new_password1": "Hanh-chinh-2026!",
                "new_password2": "Hanh-chinh-2026!",
            },
            follow=True,
        )

    assert "Đã đổi mật khẩu." in response.text
    unit_head.refresh_from_db()
    assert unit_head.check_password("Hanh-chinh-2026!")
    assert SecurityEvent.objects.filter(kind="password_changed", user=unit_head).exists()
    assert "password_changed user=truongphong address=127.0.0.1 path=/doi-mat-khau/" in [
        record.getMessage() for record in caplog.records
    ]


def test_a_wrong_old_password_changes_nothing(client, unit_head):
    client.force_login(unit_head)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "sai",
            "new_password1": "Hanh-chinh-2026!",
            "new_password2": "Hanh-chinh-2026!",
        },
    )

    assert response.status_code == 200
    assert "Mật khẩu cũ" in response.text
    unit_head.refresh_from_db()
    assert unit_head.check_password(TEST_PASSWORD)


def test_the_password_change_needs_a_login(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
