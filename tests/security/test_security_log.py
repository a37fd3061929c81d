"""Each kind of security event: one log line with user, address and path, and one row."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.tasks import TaskFactory
from tracker.models import SecurityEvent


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger="security")

    def lines():
        return [record.getMessage() for record in caplog.records if record.name == "security"]

    return lines


def test_logout_is_logged(client, unit_head, security_lines):
    client.force_login(unit_head)

    client.post(reverse("logout"), REMOTE_ADDR="10.5.5.5")

    assert security_lines()[-1] == "logout user=truongphong address=10.5.5.5 path=/dang-xuat/"


def test_another_units_task_is_a_logged_404(client, other_unit_head, unit_a, security_lines):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    client.force_login(other_unit_head)

    response = client.get(task.get_absolute_url(), REMOTE_ADDR="10.6.6.6")

    assert response.status_code == 404
    assert security_lines()[-1] == (
        f"hidden user=truongphong2 address=10.6.6.6 path=/nhiem-vu/{task.pk}/ detail=task {task.pk}"
    )
    event = SecurityEvent.objects.get(kind="hidden")
    assert (event.user, event.address) == (other_unit_head, "10.6.6.6")


def test_a_task_that_does_not_exist_is_a_404_not_logged(client, unit_head, security_lines):
    client.force_login(unit_head)

    response = client.get(reverse("tasks:detail", args=[999_999]))

    assert response.status_code == 404
    assert not SecurityEvent.objects.filter(kind="hidden").exists()


def test_staff_cancelling_a_task_is_refused_and_logged(client, staff_user, unit_a, security_lines):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)
    task.assignee = staff_user
    task.save()
    client.force_login(staff_user)

    response = client.post(reverse("tasks:cancel", args=[task.pk]), {"cancel-reason": "x"})

    assert response.status_code == 403
    assert security_lines()[-1] == (
        f"forbidden user=chuyenvien address=127.0.0.1 path=/nhiem-vu/{task.pk}/huy/"
    )


def test_a_post_without_csrf_token_is_logged(unit_head, security_lines):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(unit_head)

    response = browser.post(reverse("tasks:create"), {"title": "x"})

    assert response.status_code == 403
    assert security_lines()[-1].startswith(
        "forbidden user=truongphong address=127.0.0.1 path=/nhiem-vu/tao-moi/ detail=CSRF:"
    )


def test_the_log_handler_comes_from_the_environment(tmp_path):
    log_file = tmp_path / "security.log"
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('security').warning('lockout user=x address=- path=-')"
    )
    env = {
        **os.environ,
        "SECURITY_LOG_FILE": str(log_file),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        check=True,
        timeout=60,
    )

    assert (
        log_file.read_text(encoding="utf-8")
        .rstrip()
        .endswith("WARNING security lockout user=x address=- path=-")
    )
