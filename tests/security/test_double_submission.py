"""A double click creates once: the server refuses a replay of the same form."""

import re
import threading

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories.tasks import TaskFactory, pdf_upload
from tracker.models import Comment, Evidence, ProgressUpdate, Task
from tracker.once import FIELD, SALT

REPLAY = "Biểu mẫu này đã được gửi và xử lý; lần gửi lặp lại không được thực hiện."


def _token(response) -> str:
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', response.text)
    assert match, "the form carries no one-time token"
    return match.group(1)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_double_posted_task_form_creates_one_task(client, office_user, unit_a):
    client.force_login(office_user)
    token = _token(client.get(reverse("tasks:create")))
    form = {"title": "Niêm yết TTHC", "lead_unit": unit_a.pk, "priority": "normal", FIELD: token}

    first = client.post(reverse("tasks:create"), form)
    second = client.post(reverse("tasks:create"), form, follow=True)

    task = Task.objects.get()
    assert first.url == task.get_absolute_url()
    # The replay lands where the first submission led, with one message only.
    assert second.redirect_chain[-1][0] == task.get_absolute_url()
    assert _messages(second) == [REPLAY]


def test_a_double_posted_comment_is_saved_once(client, unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)
    token = _token(client.get(task.get_absolute_url()))
    form = {"text": "Đơn vị đang triển khai", FIELD: token}

    client.post(reverse("tasks:comment", args=[task.pk]), form)
    replay = client.post(reverse("tasks:comment", args=[task.pk]), form, follow=True)

    assert Comment.objects.filter(task=task).count() == 1
    assert _messages(replay) == [REPLAY]


def test_a_double_posted_progress_report_with_evidence_is_saved_once(client, unit_head, unit_a):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True)
    client.force_login(unit_head)
    token = _token(client.get(task.get_absolute_url()))

    def post():
        return client.post(
            reverse("tasks:report_progress", args=[task.pk]),
            {
                "report_progress-version": task.version,
                "report_progress-percent_complete": 40,
                "report_progress-note": "Đã rà soát 40 thủ tục",
                "report_progress-files": pdf_upload("bao-cao.pdf"),
                FIELD: token,
            },
            follow=True,
        )

    first, second = post(), post()

    assert ProgressUpdate.objects.filter(task=task).count() == 1
    assert Evidence.objects.filter(task=task).count() == 1
    assert _messages(first) == ["Đã cập nhật tiến độ."]
    assert _messages(second) == [REPLAY]


def test_a_refused_form_can_be_sent_again_with_its_token(client, office_user, unit_a):
    client.force_login(office_user)
    token = _token(client.get(reverse("tasks:create")))

    refused = client.post(reverse("tasks:create"), {"title": "", FIELD: token})
    client.post(
        reverse("tasks:create"),
        {"title": "Việc", "lead_unit": unit_a.pk, "priority": "normal", FIELD: token},
    )

    assert refused.status_code == 200
    assert Task.objects.count() == 1


def test_a_forged_or_foreign_token_is_refused(client, office_user, unit_head, unit_a):
    # A token issued to another account, as a page would have issued it.
    foreign = signing.dumps({"u": unit_head.pk, "n": "0" * 32}, salt=SALT)
    client.force_login(office_user)

    for token in ("gia-mao", foreign):
        response = client.post(
            reverse("tasks:create"),
            {"title": "Việc", "lead_unit": unit_a.pk, "priority": "normal", FIELD: token},
            follow=True,
        )
        assert _messages(response) == [
            "Biểu mẫu đã hết hạn hoặc không hợp lệ: hãy tải lại trang và nhập lại."
        ]
    assert not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_create_one_task(office_user, unit_a):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    browser = Client()
    browser.force_login(office_user)
    token = _token(browser.get(reverse("tasks:create")))
    form = {"title": "Đua", "lead_unit": unit_a.pk, "priority": "normal", FIELD: token}
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        tab = Client()
        tab.cookies = browser.cookies
        barrier.wait()
        statuses.append(tab.post(reverse("tasks:create"), form).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302, 302]
    assert Task.objects.filter(title="Đua").count() == 1
