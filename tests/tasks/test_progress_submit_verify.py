"""Progress updates, submission with evidence, verification and reopening;
overdue and done-late derived the same way in Python and in SQL."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories.tasks import TaskFactory, pdf_upload
from tracker.models import ProgressKind, ProgressUpdate, Task, TaskStatus
from tracker.selectors.tasks import with_lateness
from tracker.services.task_records import TaskActionError
from tracker.services.workflow import task_reopen, task_report_progress, task_submit, task_verify

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@pytest.fixture
def task(unit_a, staff_user):
    return TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        in_progress=True,
        assignee=staff_user,
        indicator_name="Tỷ lệ hồ sơ được số hóa",
        indicator_target=Decimal("60"),
        indicator_unit="%",
    )


@time_machine.travel(at(date(2026, 4, 1)), tick=False)
def test_assignee_reports_progress_with_evidence(task, staff_user):
    update = task_report_progress(
        task=task,
        user=staff_user,
        percent_complete=45,
        indicator_value=Decimal("32.5"),
        note="Đã số hóa 320 hồ sơ",
        files=[pdf_upload("Danh sách hồ sơ.pdf")],
        expected_version=task.version,
    )

    task.refresh_from_db()
    assert (update.kind, update.author, update.percent_complete, update.note) == (
        ProgressKind.PROGRESS,
        staff_user,
        45,
        "Đã số hóa 320 hồ sơ",
    )
    assert list(update.evidence.values_list("original_name", flat=True)) == ["Danh sách hồ sơ.pdf"]
    assert (task.percent_complete, task.indicator_current, task.version) == (
        45,
        Decimal("32.50"),
        2,
    )
    assert task.history.get(history_change_reason="report_progress").history_user == staff_user


@pytest.mark.parametrize("percent", [-1, 101, 150, None])
def test_percent_outside_0_to_100_is_refused_and_nothing_saved(task, staff_user, percent):
    with pytest.raises(TaskActionError) as refused:
        task_report_progress(task=task, user=staff_user, percent_complete=percent)

    assert list(refused.value.message_dict) == ["percent_complete"]
    assert "từ 0 đến 100" in refused.value.message_dict["percent_complete"][0]
    assert ProgressUpdate.objects.count() == 0
    task.refresh_from_db()
    assert (task.percent_complete, task.version) == (0, 1)


def test_percent_150_through_the_page_is_refused(client, task, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("tasks:report_progress", args=[task.pk]),
        {"report_progress-version": task.version, "report_progress-percent_complete": 150},
    )

    assert response.status_code == 400
    assert "Tiến độ phải là số nguyên từ 0 đến 100 (%), không phải “150”." in response.text
    assert ProgressUpdate.objects.count() == 0


def test_progress_only_while_in_progress(unit_a, unit_head):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, assigned=True)

    with pytest.raises(TaskActionError):
        task_report_progress(task=task, user=unit_head, percent_complete=10)


def test_submit_needs_evidence_on_the_task(task, unit_head):
    with pytest.raises(TaskActionError) as refused:
        task_submit(task=task, user=unit_head, note="Đã hoàn thành")

    assert refused.value.message_dict == {
        "files": ["Cần ít nhất một tệp minh chứng để báo cáo hoàn thành."]
    }
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


@time_machine.travel(at(date(2026, 6, 20)), tick=False)
def test_submit_counts_evidence_attached_earlier(task, staff_user, unit_head):
    task_report_progress(
        task=task, user=staff_user, percent_complete=90, files=[pdf_upload("Kết quả.pdf")]
    )

    submission = task_submit(task=task, user=unit_head, note="Đã hoàn thành 100%")

    task.refresh_from_db()
    assert (submission.kind, submission.percent_complete) == (ProgressKind.SUBMISSION, 100)
    assert (task.status, task.submitted_at, task.percent_complete) == (
        TaskStatus.SUBMITTED,
        at(date(2026, 6, 20)),
        100,
    )


def test_submit_with_a_file_now(task, unit_head):
    submission = task_submit(
        task=task, user=unit_head, note="Xong", files=[pdf_upload("Báo cáo.pdf")]
    )

    assert submission.evidence.count() == 1


def test_submit_needs_a_note(task, unit_head):
    with pytest.raises(TaskActionError) as refused:
        task_submit(task=task, user=unit_head, note="", files=[pdf_upload()])

    assert list(refused.value.message_dict) == ["note"]


def test_staff_reports_but_does_not_submit(task, staff_user):
    with pytest.raises(PermissionDenied):
        task_submit(task=task, user=staff_user, note="Xong", files=[pdf_upload()])


@time_machine.travel(at(date(2026, 6, 25)), tick=False)
def test_office_verifies_a_submitted_task(unit_a, office_user, leader):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, submitted=True)

    done = task_verify(task=task, user=office_user, expected_version=task.version)

    assert (done.status, done.completed_at) == (TaskStatus.DONE, at(date(2026, 6, 25)))
    assert done.history.get(history_change_reason="verify").history_user == office_user
    other = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, submitted=True)
    assert task_verify(task=other, user=leader).status == TaskStatus.DONE


def test_unit_head_does_not_verify_their_own_work(unit_a, unit_head):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, submitted=True)

    with pytest.raises(PermissionDenied):
        task_verify(task=task, user=unit_head)


def test_reopen_needs_a_reason(unit_a, deputy_leader):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, submitted=True)

    with pytest.raises(TaskActionError):
        task_reopen(task=task, user=deputy_leader, reason="")
    reopened = task_reopen(task=task, user=deputy_leader, reason="Minh chứng chưa đủ")

    assert (reopened.status, reopened.reopen_reason) == (
        TaskStatus.IN_PROGRESS,
        "Minh chứng chưa đủ",
    )


def test_a_deputy_verifies_and_reopens_only_the_units_they_supervise(
    unit_b, deputy_leader, leader, office_user
):
    # deputy_leader supervises unit A; this task is unit B's.
    task = TaskFactory(agency=unit_b.parent, lead_unit=unit_b, submitted=True)

    with pytest.raises(PermissionDenied):
        task_verify(task=task, user=deputy_leader)
    with pytest.raises(PermissionDenied):
        task_reopen(task=task, user=deputy_leader, reason="Minh chứng chưa đủ")
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED

    reopened = task_reopen(task=task, user=leader, reason="Minh chứng chưa đủ")
    assert reopened.status == TaskStatus.IN_PROGRESS
    again = TaskFactory(agency=unit_b.parent, lead_unit=unit_b, submitted=True)
    assert task_verify(task=again, user=office_user).status == TaskStatus.DONE


def test_the_named_supervisor_verifies_whatever_unit_leads(unit_b, deputy_leader):
    task = TaskFactory(
        agency=unit_b.parent, lead_unit=unit_b, submitted=True, supervisor=deputy_leader
    )

    assert task_verify(task=task, user=deputy_leader).status == TaskStatus.DONE


DEADLINE = date(2026, 6, 30)
# 06:00 in Hà Nội on 1 July is still 30 June in UTC: the day that counts is the local one.
EARLY_NEXT_MORNING = datetime(2026, 7, 1, 6, 0, tzinfo=VN)


@pytest.mark.parametrize(
    ("submitted_at", "verified_at", "late"),
    [
        (at(date(2026, 6, 20)), at(date(2026, 6, 25)), False),
        (datetime(2026, 6, 30, 23, 30, tzinfo=VN), at(date(2026, 7, 20)), False),
        (EARLY_NEXT_MORNING, at(date(2026, 7, 2)), True),
        (at(date(2026, 7, 10)), at(date(2026, 7, 11)), True),
    ],
)
def test_done_late_is_judged_by_the_final_submission(
    unit_a, unit_head, office_user, submitted_at, verified_at, late
):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=DEADLINE)
    with time_machine.travel(submitted_at, tick=False):
        task_submit(task=task, user=unit_head, note="Đã xong", files=[pdf_upload()])
    with time_machine.travel(verified_at, tick=False):
        done = task_verify(task=task, user=office_user)

    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=date(2026, 8, 1)).get()
    assert (done.submitted_at, done.completed_at) == (submitted_at, verified_at)
    assert done.is_done_late is late
    assert annotated.done_late is late
    assert annotated.overdue is False


@pytest.mark.parametrize(
    ("submitted_at", "overdue"),
    [
        (at(date(2026, 6, 29)), False),
        (datetime(2026, 6, 30, 23, 59, tzinfo=VN), False),
        (EARLY_NEXT_MORNING, True),
        (at(date(2026, 7, 5)), True),
    ],
)
def test_a_task_submitted_on_time_is_not_overdue_while_it_waits(
    unit_a, unit_head, office_user, submitted_at, overdue
):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=DEADLINE)
    with time_machine.travel(submitted_at, tick=False):
        task_submit(task=task, user=unit_head, note="Đã xong", files=[pdf_upload()])
    today = date(2026, 7, 20)

    with time_machine.travel(at(today), tick=False):
        task.refresh_from_db()
        annotated = with_lateness(Task.objects.filter(pk=task.pk), today=today).get()
        assert (task.is_overdue(), task.is_overdue(today), annotated.overdue) == (
            overdue,
            overdue,
            overdue,
        )
        task_verify(task=task, user=office_user)

    task.refresh_from_db()
    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=today).get()
    assert (task.is_overdue(today), annotated.overdue) == (False, False)
    assert (task.is_done_late, annotated.done_late) == (overdue, overdue)


def test_after_reopening_only_the_resubmission_counts(unit_a, unit_head, office_user):
    task = TaskFactory(agency=unit_a.parent, lead_unit=unit_a, in_progress=True, deadline=DEADLINE)
    with time_machine.travel(at(date(2026, 6, 28)), tick=False):
        task_submit(task=task, user=unit_head, note="Đã xong", files=[pdf_upload()])
    with time_machine.travel(at(date(2026, 7, 2)), tick=False):
        task_reopen(task=task, user=office_user, reason="Minh chứng chưa đủ")
    task.refresh_from_db()
    assert (task.status, task.submitted_at, task.is_overdue(date(2026, 7, 2))) == (
        TaskStatus.IN_PROGRESS,
        None,
        True,
    )

    with time_machine.travel(at(date(2026, 7, 6)), tick=False):
        task_submit(task=task, user=unit_head, note="Đã bổ sung minh chứng")
    task.refresh_from_db()
    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=date(2026, 7, 8)).get()
    assert task.submitted_at == at(date(2026, 7, 6))
    assert (task.is_overdue(date(2026, 7, 8)), annotated.overdue) == (True, True)
    with time_machine.travel(at(date(2026, 7, 8)), tick=False):
        done = task_verify(task=task, user=office_user)

    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=date(2026, 7, 8)).get()
    assert (done.is_done_late, annotated.done_late) == (True, True)
    submissions = task.history.filter(history_change_reason="submit").order_by("history_date")
    assert [row.submitted_at for row in submissions] == [
        at(date(2026, 6, 28)),
        at(date(2026, 7, 6)),
    ]


def test_a_done_task_without_a_submission_is_judged_by_its_verification(unit_a):
    task = TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        done=True,
        submitted_at=None,
        deadline=DEADLINE,
        completed_at=EARLY_NEXT_MORNING,
    )

    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=date(2026, 8, 1)).get()
    assert (task.is_done_late, annotated.done_late) == (True, True)


def _local_day(moment: datetime | None) -> date | None:
    return moment.astimezone(VN).date() if moment else None


@pytest.mark.parametrize("status", [s for s, _label in TaskStatus.choices])
@pytest.mark.parametrize(
    ("today", "deadline"),
    [
        (date(2026, 7, 1), date(2026, 6, 30)),
        (date(2026, 7, 10), date(2026, 6, 30)),
        (date(2026, 6, 30), date(2026, 6, 30)),
        (date(2026, 6, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), None),
    ],
)
@pytest.mark.parametrize(
    ("submitted_at", "completed_at"),
    [
        pytest.param(None, None, id="not-submitted"),
        pytest.param(at(date(2026, 6, 20)), at(date(2026, 6, 25)), id="all-on-time"),
        pytest.param(
            datetime(2026, 6, 30, 23, 30, tzinfo=VN),
            at(date(2026, 7, 3)),
            id="submitted-on-time-verified-late",
        ),
        pytest.param(EARLY_NEXT_MORNING, at(date(2026, 7, 3)), id="submitted-late"),
        pytest.param(None, at(date(2026, 7, 3)), id="no-submission-verified-late"),
    ],
)
def test_overdue_in_sql_agrees_with_the_model(
    unit_a, status, today, deadline, submitted_at, completed_at
):
    task = TaskFactory(
        agency=unit_a.parent,
        lead_unit=unit_a,
        status=status,
        deadline=deadline,
        ongoing=deadline is None,
        submitted_at=submitted_at if status in ("submitted", "done") else None,
        completed_at=completed_at if status == "done" else None,
    )

    annotated = with_lateness(Task.objects.filter(pk=task.pk), today=today).get()

    assert annotated.overdue is task.is_overdue(today)
    assert annotated.done_late is task.is_done_late
    submitted_on = _local_day(task.submitted_at)
    if deadline is None:
        assert (annotated.overdue, annotated.done_late) == (False, False)
        return
    waiting_on_time = (
        status == "submitted" and submitted_on is not None and submitted_on <= deadline
    )
    expected_overdue = (
        deadline < today
        and status in ("assigned", "returned", "in_progress", "submitted")
        and not waiting_on_time
    )
    finished_on = submitted_on or _local_day(task.completed_at)
    expected_done_late = status == "done" and finished_on is not None and finished_on > deadline
    assert (annotated.overdue, annotated.done_late) == (expected_overdue, expected_done_late)
