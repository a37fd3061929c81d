"""Password guessing: lockout by account and by address, on both logins, logged."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories.org import TEST_PASSWORD, UserFactory
from tracker.models import SecurityEvent

LOGINS = [reverse("login"), reverse("admin:login")]


@pytest.fixture
def admin_account(office_unit):
    return UserFactory(username="quantri", unit=office_unit, is_staff=True, is_superuser=True)


def _fail(client, url, username, times, address="10.0.0.1"):
    for _ in range(times):
        client.post(url, {"username": username, "password": "sai"}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", LOGINS)
def test_the_right_password_is_refused_after_five_failures(client, admin_account, settings, url):
    _fail(client, url, "quantri", settings.AXES_FAILURE_LIMIT)

    response = client.post(url, {"username": "quantri", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text
    assert "15 phút" in response.text
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(
    client, admin_account, settings
):
    _fail(client, reverse("login"), "quantri", settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(reverse("login"), {"username": "quantri", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="quantri").exists()


def test_one_address_trying_many_accounts_is_locked_out(client, admin_account, unit_head):
    for number in range(5):
        _fail(client, reverse("login"), f"doan-{number}", 1, address="10.9.9.9")

    response = client.post(
        reverse("login"),
        {"username": "truongphong", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )

    assert response.status_code == 429
    # Another address is not held back by it.
    other = client.post(
        reverse("login"),
        {"username": "truongphong", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.1.1.1",
    )
    assert other.status_code == 302


def test_one_account_tried_from_many_addresses_is_locked_out(client, unit_head):
    for number in range(5):
        _fail(client, reverse("login"), "truongphong", 1, address=f"10.0.0.{number + 10}")

    response = client.post(
        reverse("login"),
        {"username": "truongphong", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.2.2.2",
    )

    assert response.status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, unit_head, settings):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail(client, reverse("login"), "truongphong", 5)
        traveller.shift(60 * settings.LOGIN_COOLOFF_MINUTES + 1)

        response = client.post(
            reverse("login"), {"username": "truongphong", "password": TEST_PASSWORD}
        )

    assert response.status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempts(client, admin_account, unit_head):
    _fail(client, reverse("login"), "truongphong", 5)
    client.force_login(admin_account)
    attempt = AccessAttempt.objects.get(username="truongphong")

    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "truongphong", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )

    assert response.status_code == 302


def test_failures_successes_and_lockouts_are_logged(client, unit_head, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(
            reverse("login"),
            {"username": "truongphong", "password": TEST_PASSWORD},
            REMOTE_ADDR="10.3.3.3",
        )
        _fail(Client(), reverse("login"), "truongphong", 7, address="10.4.4.4")

    lines = [record.getMessage() for record in caplog.records if record.name == "security"]
    assert lines[0] == "login user=truongphong address=10.3.3.3 path=/dang-nhap/"
    assert lines[1] == "login_failed user=truongphong address=10.4.4.4 path=/dang-nhap/"
    assert lines[-4] == (
        "lockout user=truongphong address=10.4.4.4 path=/dang-nhap/ detail=sau 5 lần đăng nhập sai"
    )
    # Attempts during the lockout are failures saying so, not new lockouts.
    assert lines[-1] == (
        "login_failed user=truongphong address=10.4.4.4 path=/dang-nhap/"
        " detail=trong thời gian bị khóa"
    )
    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))
    login, failed, lockout = "login", "login_failed", "lockout"
    assert kinds == [login, failed, failed, failed, failed, lockout, failed, failed, failed]
    assert SecurityEvent.objects.filter(kind="login").get().user == unit_head
