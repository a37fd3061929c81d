"""Two people change the same task from the same version: the first wins, the
second is told and sees the current state; nothing is overwritten silently."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.factories.org import UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import ProgressUpdate, Role
from tracker.services.task_records import StaleTaskError
from tracker.services.tasks import task_update
from tracker.services.workflow import task_report_progress

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
STALE = "Nhiệm vụ vừa được người khác cập nhật"
pytestmark = pytest.mark.frozen(NOW)


def test_second_write_from_the_same_version_is_refused(unit_a, office_user):
    colleague = UserFactory(unit=office_user.unit, role=Role.OFFICE)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Bản đầu")
    seen = task.version

    task_update(task=task, user=office_user, expected_version=seen, title="Sửa của chị Mai")
    with pytest.raises(StaleTaskError) as refused:
        task_update(task=task, user=colleague, expected_version=seen, title="Sửa của anh Bình")

    assert refused.value.messages[0].startswith(STALE)
    task.refresh_from_db()
    assert (task.title, task.version) == ("Sửa của chị Mai", seen + 1)
    assert [h.history_user for h in task.history.filter(history_change_reason="update")] == [
        office_user
    ]


def test_a_stale_edit_page_shows_the_current_task_and_keeps_the_input(client, unit_a, office_user):
    colleague = UserFactory(unit=office_user.unit, role=Role.OFFICE)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Bản đầu")
    edit_url = reverse("tasks:edit", args=[task.pk])

    def form(title):
        return {
            "title": title,
            "lead_unit": unit_a.pk,
            "deadline": "2026-06-30",
            "priority": "normal",
            "version": task.version,
        }

    first, second = form("Sửa của chị Mai"), form("Sửa của anh Bình")
    client.force_login(office_user)
    assert client.post(edit_url, first).status_code == 302
    client.force_login(colleague)
    response = client.post(edit_url, second)

    assert response.status_code == 409
    assert STALE in response.text
    assert "Sửa của chị Mai" in response.context["current"]["title"]
    assert response.context["form"]["title"].value() == "Sửa của anh Bình"
    assert response.context["form"]["version"].value() == task.version + 1
    task.refresh_from_db()
    assert task.title == "Sửa của chị Mai"

    again = client.post(edit_url, {**second, "version": task.version})
    task.refresh_from_db()
    assert again.status_code == 302
    assert task.title == "Sửa của anh Bình"


def test_a_stale_progress_report_is_refused_on_the_page(client, unit_a, unit_head, staff_user):
    task = TaskFactory(
        agency=unit_a.parent, lead_unit=unit_a, in_progress=True, assignee=staff_user
    )
    seen = task.version
    task_report_progress(task=task, user=staff_user, percent_complete=40, expected_version=seen)
    client.force_login(unit_head)

    response = client.post(
        reverse("tasks:report_progress", args=[task.pk]),
        {
            "report_progress-version": seen,
            "report_progress-percent_complete": 30,
            "report_progress-note": "Báo cáo của trưởng phòng",
        },
    )

    assert response.status_code == 409
    assert STALE in response.text
    assert "40%" in response.text
    assert "Báo cáo của trưởng phòng" in response.text
    task.refresh_from_db()
    assert task.percent_complete == 40
    assert list(ProgressUpdate.objects.values_list("percent_complete", flat=True)) == [40]


def test_two_action_forms_from_one_page(client, unit_a, office_user):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, deadline=date(2026, 6, 30))
    client.force_login(office_user)
    version = task.version

    issued = client.post(reverse("tasks:issue", args=[task.pk]), {"issue-version": version})
    cancelled = client.post(
        reverse("tasks:cancel", args=[task.pk]),
        {"cancel-version": version, "cancel-reason": "Nhầm"},
    )

    assert (issued.status_code, cancelled.status_code) == (302, 409)
    task.refresh_from_db()
    assert task.status == "assigned"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_writer_waits_for_the_row_then_is_refused(unit_a, office_user):
    colleague = UserFactory(unit=office_user.unit, role=Role.OFFICE)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Bản đầu")
    outcome = {}

    def second_writer():
        try:
            task_update(task=task, user=colleague, expected_version=1, title="Của anh Bình")
            outcome["second"] = "saved"
        except StaleTaskError:
            outcome["second"] = "refused"
        finally:
            connection.close()

    second = threading.Thread(target=second_writer)
    with transaction.atomic():
        task_update(task=task, user=office_user, expected_version=1, title="Của chị Mai")
        second.start()
        second.join(timeout=1)
        assert second.is_alive(), "the second writer must wait for the first one's row lock"
    second.join(timeout=10)

    task.refresh_from_db()
    assert outcome == {"second": "refused"}
    assert (task.title, task.version) == ("Của chị Mai", 2)


def _resubmit(form) -> dict:
    """What the browser posts back from a re-displayed form: every input as shown,
    the hidden "initial-" inputs included."""
    data = {}
    for field in form:
        for name, only_initial in ((field.html_name, False), (field.html_initial_name, True)):
            if only_initial and not field.field.show_hidden_initial:
                continue
            if only_initial and field.html_initial_name in form.data:
                value = form.data.getlist(field.html_initial_name)
            else:
                value = field.value()
            if value is None or value is False:
                continue
            data[name] = value
    return data


def test_a_conflict_shows_each_field_and_saving_again_keeps_the_colleagues_change(
    client, unit_a, office_user
):
    colleague = UserFactory(unit=office_user.unit, role=Role.OFFICE)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Bản đầu", description="")
    edit_url = reverse("tasks:edit", args=[task.pk])
    client.force_login(office_user)
    mai = _resubmit(client.get(edit_url).context["form"])
    client.force_login(colleague)
    binh = _resubmit(client.get(edit_url).context["form"])

    client.force_login(office_user)
    assert client.post(edit_url, {**mai, "title": "Tên mới của chị Mai"}).status_code == 302
    client.force_login(colleague)
    conflict = client.post(edit_url, {**binh, "description": "Nội dung anh Bình thêm"})

    assert conflict.status_code == 409
    rows = {row["name"]: row for row in conflict.context["conflicts"]}
    assert rows["title"] == {
        "name": "title",
        "label": "Tên nhiệm vụ",
        "current": "Tên mới của chị Mai",
        "mine": "Bản đầu",
        "mine_changed": False,
    }
    assert (rows["description"]["current"], rows["description"]["mine"]) == (
        "—",
        "Nội dung anh Bình thêm",
    )
    assert rows["description"]["mine_changed"]
    form = conflict.context["form"]
    assert (form["title"].value(), form["description"].value()) == (
        "Tên mới của chị Mai",
        "Nội dung anh Bình thêm",
    )

    saved = client.post(edit_url, _resubmit(form))

    assert saved.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.description) == ("Tên mới của chị Mai", "Nội dung anh Bình thêm")


def test_an_edit_saves_only_the_fields_the_user_changed(client, unit_a, office_user):
    colleague = UserFactory(unit=office_user.unit, role=Role.OFFICE)
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, title="Bản đầu", description="")
    edit_url = reverse("tasks:edit", args=[task.pk])
    client.force_login(colleague)
    loaded = _resubmit(client.get(edit_url).context["form"])
    # A change the page never showed, under the same version (an admin repair
    # that does not bump it would look the same to the form).
    type(task).objects.filter(pk=task.pk).update(description="Sửa trực tiếp")

    client.post(edit_url, {**loaded, "title": "Tên mới"})

    task.refresh_from_db()
    assert (task.title, task.description) == ("Tên mới", "Sửa trực tiếp")
