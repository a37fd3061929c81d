"""The sweep: every rule on its day, recomputed from the task as it stands,
exactly once, and failures kept for the next run.

The task's deadline is Tuesday 30/06/2026; with the default policy its
reminders fall on 19/6 (7 working days before), 25/6 (3 before), 30/6, then
3/7, 8/7, 13/7 … overdue, 9/7 to the supervising leader, 21/7 to the head.
"""

import logging
import smtplib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from notifications.models import Notification, Preferences, Reminder, ReminderPolicy, Rule
from notifications.services import reminders_record, reminders_send
from tests.factories.org import UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, TaskStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@pytest.fixture
def task(agency, unit_a, unit_head, staff_user, deputy_leader, leader, office_user):
    return TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        in_progress=True,
        deadline=date(2026, 6, 30),
        assignee=staff_user,
        title="Công khai TTHC trên Cổng dịch vụ công",
    )


def sent(rule=None):
    rows = Reminder.objects.filter(status="sent")
    if rule:
        rows = rows.filter(rule=rule)
    return sorted((row.rule, row.recipient.username, row.due_on) for row in rows)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_before_the_first_notice(task):
    reminders_send(now=at(date(2026, 6, 18)))
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_first_notice_to_the_unit_head_and_the_assignee(task):
    reminders_send(now=at(date(2026, 6, 19)))
    assert sent() == [
        ("first_notice", "chuyenvien", date(2026, 6, 19)),
        ("first_notice", "truongphong", date(2026, 6, 19)),
    ]
    assert recipients() == ["chuyenvien@example.gov.vn", "truongphong@example.gov.vn"]
    message = mail.outbox[0]
    assert "Nhắc việc ngày 19/06/2026" in message.subject
    assert "Công khai TTHC trên Cổng dịch vụ công" in message.body
    assert "30/06/2026 (còn 11 ngày)" in message.body
    assert f"http://127.0.0.1:8000/nhiem-vu/{task.pk}/" in message.body
    assert "Còn 7 ngày làm việc đến hạn 30/06/2026." in message.alternatives[0][0]
    assert Notification.objects.filter(task=task).count() == 2


def test_second_sweep_the_same_day_sends_nothing(task):
    reminders_send(now=at(date(2026, 6, 19)))
    result = reminders_send(now=at(date(2026, 6, 19), 15))
    assert (result.recorded, result.sent) == (0, 0)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2


def test_a_missed_day_is_caught_up_once(task):
    reminders_send(now=at(date(2026, 6, 22)))  # the worker was down on Friday 19/6
    reminders_send(now=at(date(2026, 6, 23)))
    assert sent() == [
        ("first_notice", "chuyenvien", date(2026, 6, 19)),
        ("first_notice", "truongphong", date(2026, 6, 19)),
    ]


def test_days_off_send_nothing_and_the_next_working_day_catches_up(task, agency):
    task.deadline = date(2027, 2, 12)
    task.save()
    for day in (date(2027, 2, 6), date(2027, 2, 10)):  # Saturday, Tết
        result = reminders_send(now=at(day))
        assert result.day_off
    assert Reminder.objects.count() == 0
    call_command("send_reminders", at="2027-02-11 08:00")
    assert sent(Rule.SECOND_NOTICE) == [
        # 3 working days before Friday 12/2: 11/2, then across Tết 3/2 and 2/2.
        ("second_notice", "chuyenvien", date(2027, 2, 2)),
        ("second_notice", "truongphong", date(2027, 2, 2)),
    ]


def test_each_rule_on_its_day(task, staff_user):
    for day in [date(2026, 6, d) for d in range(18, 31)] + [date(2026, 7, d) for d in range(1, 23)]:
        reminders_send(now=at(day))
    assert sent() == [
        ("due_today", "chuyenvien", date(2026, 6, 30)),
        ("due_today", "truongphong", date(2026, 6, 30)),
        ("escalate_head", "giamdoc", date(2026, 7, 21)),
        ("escalate_leader", "phogiamdoc", date(2026, 7, 9)),
        ("first_notice", "chuyenvien", date(2026, 6, 19)),
        ("first_notice", "truongphong", date(2026, 6, 19)),
        ("overdue", "chuyenvien", date(2026, 7, 3)),
        ("overdue", "chuyenvien", date(2026, 7, 8)),
        ("overdue", "chuyenvien", date(2026, 7, 13)),
        ("overdue", "chuyenvien", date(2026, 7, 16)),
        ("overdue", "chuyenvien", date(2026, 7, 21)),
        ("overdue", "truongphong", date(2026, 7, 3)),
        ("overdue", "truongphong", date(2026, 7, 8)),
        ("overdue", "truongphong", date(2026, 7, 13)),
        ("overdue", "truongphong", date(2026, 7, 16)),
        ("overdue", "truongphong", date(2026, 7, 21)),
        ("second_notice", "chuyenvien", date(2026, 6, 25)),
        ("second_notice", "truongphong", date(2026, 6, 25)),
    ]
    # One e-mail per person per day, whatever the number of rules due.
    days = [(message.to[0], message.subject) for message in mail.outbox]
    assert len(days) == len(set(days))
    overdue = Reminder.objects.get(rule=Rule.OVERDUE, recipient=staff_user, due_on=date(2026, 7, 3))
    assert overdue.reason == "Quá hạn 3 ngày (hạn 30/06/2026)."


def test_the_supervisor_of_the_moment_is_escalated_to(task, agency):
    other = UserFactory(username="phogiamdoc2", unit=agency, role=Role.LEADERSHIP)
    task.supervisor = other
    task.save()
    reminders_send(now=at(date(2026, 7, 9)))
    assert sent(Rule.ESCALATE_LEADER) == [("escalate_leader", "phogiamdoc2", date(2026, 7, 9))]


def test_far_and_old_dates_do_not_break_the_sweep(agency, unit_a, unit_head):
    # Issued years ago, due years ahead: the calendar stretches to both.
    TaskFactory(
        agency=agency,
        lead_unit=unit_a,
        assigned=True,
        issued_at=datetime(2022, 3, 1, 9, tzinfo=VN),
        deadline=date(2031, 12, 31),
    )
    reminders_send(now=at(date(2026, 6, 19)))
    assert sent() == [("awaiting_acceptance", "truongphong", date(2022, 3, 4))]


def test_done_and_cancelled_tasks_never_remind(agency, unit_a, unit_head):
    TaskFactory(agency=agency, lead_unit=unit_a, done=True, deadline=date(2026, 6, 30))
    TaskFactory(agency=agency, lead_unit=unit_a, cancelled=True, deadline=date(2026, 6, 30))
    for day in (date(2026, 6, 19), date(2026, 6, 30), date(2026, 7, 9), date(2026, 7, 21)):
        reminders_send(now=at(day))
    assert Reminder.objects.count() == 0


def test_a_task_done_after_recording_is_not_sent(task):
    reminders_record(now=at(date(2026, 6, 19)))
    task.status = TaskStatus.DONE
    task.save()
    reminders_send(now=at(date(2026, 6, 19)))
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"skipped"}


def test_an_extension_moves_every_reminder(task):
    reminders_send(now=at(date(2026, 6, 19)))
    task.deadline = date(2026, 7, 31)  # approved extension
    task.save()
    for day in (date(2026, 6, 25), date(2026, 6, 30), date(2026, 7, 3)):
        reminders_send(now=at(day))
    assert len(mail.outbox) == 2  # only the first notice for the old deadline
    reminders_send(now=at(date(2026, 7, 22)))
    assert sent(Rule.FIRST_NOTICE) == [
        ("first_notice", "chuyenvien", date(2026, 6, 19)),
        ("first_notice", "chuyenvien", date(2026, 7, 22)),
        ("first_notice", "truongphong", date(2026, 6, 19)),
        ("first_notice", "truongphong", date(2026, 7, 22)),
    ]


def test_a_new_assignee_gets_what_is_due_next(task, unit_a):
    reminders_send(now=at(date(2026, 6, 19)))
    newcomer = UserFactory(username="chuyenvien2", unit=unit_a, role=Role.STAFF)
    task.assignee = newcomer
    task.save()
    reminders_send(now=at(date(2026, 6, 25)))
    assert sent(Rule.SECOND_NOTICE) == [
        ("second_notice", "chuyenvien2", date(2026, 6, 25)),
        ("second_notice", "truongphong", date(2026, 6, 25)),
    ]


def test_reassignment_to_another_unit_moves_the_reminders(task, unit_b, other_unit_head):
    task.lead_unit = unit_b
    task.assignee = None
    task.save()
    reminders_send(now=at(date(2026, 6, 19)))
    assert sent() == [("first_notice", "truongphong2", date(2026, 6, 19))]


def test_acceptance_waiting_reminds_the_unit_head(agency, unit_a, unit_head):
    # Issued Monday 2/3/2026: three working days later is Thursday 5/3.
    TaskFactory(agency=agency, lead_unit=unit_a, assigned=True, deadline=date(2026, 12, 31))
    reminders_send(now=at(date(2026, 3, 4)))
    assert Reminder.objects.count() == 0
    reminders_send(now=at(date(2026, 3, 5)))
    assert sent() == [("awaiting_acceptance", "truongphong", date(2026, 3, 5))]


def test_verification_waiting_reminds_the_office(agency, unit_a, unit_head, office_user):
    # Submitted Saturday 20/6/2026: five working days later is Friday 26/6.
    TaskFactory(agency=agency, lead_unit=unit_a, submitted=True, deadline=date(2026, 6, 30))
    reminders_send(now=at(date(2026, 6, 25)))
    assert Reminder.objects.count() == 0
    reminders_send(now=at(date(2026, 6, 26)))
    assert sent() == [("awaiting_verification", "vanphong", date(2026, 6, 26))]


def test_policy_of_the_agency_is_followed(task, agency):
    ReminderPolicy.objects.create(agency=agency, first_notice_days=10, second_notice_days=2)
    reminders_send(now=at(date(2026, 6, 15)))
    assert Reminder.objects.count() == 0
    reminders_send(now=at(date(2026, 6, 16)))  # 10 working days before 30/6
    assert {row.rule for row in Reminder.objects.all()} == {"first_notice"}


@pytest.mark.parametrize(
    "values, field",
    [
        ({"first_notice_days": -1}, "first_notice_days"),
        ({"overdue_every_days": 0}, "overdue_every_days"),
        ({"escalate_head_days": 400}, "escalate_head_days"),
        ({"first_notice_days": 3, "second_notice_days": 5}, "second_notice_days"),
        ({"escalate_leader_days": 20, "escalate_head_days": 15}, "escalate_head_days"),
    ],
)
def test_absurd_policy_is_refused(agency, values, field):
    policy = ReminderPolicy(agency=agency, **values)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert field in error.value.message_dict


def test_recipient_who_cannot_see_the_task_is_skipped_and_logged(task, outsider, caplog):
    stranger = UserFactory(username="lanhdaokhac", unit=outsider.unit, role=Role.LEADERSHIP)
    task.supervisor = stranger
    task.save()
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        reminders_send(now=at(date(2026, 7, 9)))
    row = Reminder.objects.get(rule=Rule.ESCALATE_LEADER)
    assert (row.recipient, row.status) == (stranger, "skipped")
    assert "không có quyền xem" in row.note
    assert f"task {task.pk} not sent to user {stranger.pk}" in caplog.text
    assert "lanhdaokhac@example.gov.vn" not in recipients()


def test_no_email_address_means_in_app_only(task, staff_user, caplog):
    staff_user.email = ""
    staff_user.save()
    with caplog.at_level(logging.INFO, logger="notifications.services"):
        reminders_send(now=at(date(2026, 6, 19)))
    assert recipients() == ["truongphong@example.gov.vn"]
    row = Reminder.objects.get(recipient=staff_user)
    assert (row.status, row.emailed) == ("sent", False)
    assert Notification.objects.filter(user=staff_user).count() == 1
    assert f"User {staff_user.pk} has no e-mail address" in caplog.text


def test_email_switched_off_means_in_app_only(task, staff_user):
    Preferences.objects.create(user=staff_user, email_enabled=False)
    reminders_send(now=at(date(2026, 6, 19)))
    assert recipients() == ["truongphong@example.gov.vn"]
    assert Notification.objects.filter(user=staff_user).count() == 1


class FailingBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class CrashingBackend:
    """Delivers one message, then the process dies (KeyboardInterrupt is not an Exception)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if mail.outbox:
            raise KeyboardInterrupt
        mail.outbox.extend(messages)
        return len(messages)


def test_smtp_failure_is_recorded_and_retried(task, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(CommandError, match="2 nhắc việc gửi lỗi"):
        call_command("send_reminders", at="2026-06-19 08:00")
    rows = list(Reminder.objects.all())
    assert {(row.status, row.attempts) for row in rows} == {("failed", 1)}
    assert "Connection unexpectedly closed" in rows[0].note
    assert Notification.objects.count() == 2  # in-app does not wait for SMTP

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_send(now=at(date(2026, 6, 22)))
    assert recipients() == ["chuyenvien@example.gov.vn", "truongphong@example.gov.vn"]
    assert {(row.status, row.attempts) for row in Reminder.objects.all()} == {("sent", 2)}
    assert Notification.objects.count() == 2


def test_crash_between_recording_and_sending(task):
    reminders_record(now=at(date(2026, 6, 19)))
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"pending"}
    reminders_send(now=at(date(2026, 6, 19), 9))
    reminders_send(now=at(date(2026, 6, 19), 10))
    assert recipients() == ["chuyenvien@example.gov.vn", "truongphong@example.gov.vn"]


def test_crash_mid_sweep_is_replayed_without_sending_twice(task, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    with pytest.raises(KeyboardInterrupt):
        reminders_send(now=at(date(2026, 6, 19)))
    assert len(mail.outbox) == 1
    first = mail.outbox[0].to[0]
    # The dead worker's claim is taken over once it is stale, not before.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_send(now=at(date(2026, 6, 19), 8).replace(minute=5))
    assert len(mail.outbox) == 1
    reminders_send(now=at(date(2026, 6, 19), 9))
    assert len(mail.outbox) == 2
    assert first not in mail.outbox[1].to
    assert {row.status for row in Reminder.objects.all()} == {"sent"}


def test_command_refuses_a_bad_moment(task):
    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command("send_reminders", at="19/06/2026")
