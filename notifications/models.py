"""Reminder policy, the office's calendar, sent reminders, in-app notifications, feed tokens.

Everything here refers to tracker's models; tracker never refers back.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Beyond these, a number of days is a typing mistake rather than a policy.
MAX_DAYS = 90


def _days_field(label, default, *, minimum=1, help_text=""):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(minimum), MaxValueValidator(MAX_DAYS)],
        help_text=help_text,
    )


class ReminderPolicy(models.Model):
    """When an agency's tasks remind whom. Counted in working days (`workdays`)."""

    agency = models.OneToOneField(
        "tracker.Unit",
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="reminder_policy",
    )
    first_notice_days = _days_field(_("nhắc lần 1 trước hạn (ngày làm việc)"), 7)
    second_notice_days = _days_field(_("nhắc lần 2 trước hạn (ngày làm việc)"), 3)
    overdue_every_days = _days_field(_("nhắc lại khi quá hạn, mỗi (ngày làm việc)"), 3)
    escalate_leader_days = _days_field(
        _("báo lãnh đạo phụ trách sau khi quá hạn (ngày làm việc)"), 7
    )
    escalate_head_days = _days_field(
        _("báo thủ trưởng cơ quan sau khi quá hạn (ngày làm việc)"), 15
    )
    acceptance_wait_days = _days_field(_("nhắc trưởng đơn vị tiếp nhận sau (ngày làm việc)"), 3)
    verification_wait_days = _days_field(_("nhắc xác nhận hoàn thành sau (ngày làm việc)"), 5)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chính sách nhắc việc")
        verbose_name_plural = _("chính sách nhắc việc")

    def __str__(self):
        return str(self.agency)

    def clean(self):
        errors = {}
        if self.second_notice_days >= self.first_notice_days:
            errors["second_notice_days"] = _(
                "Lần nhắc thứ hai phải gần hạn hơn lần thứ nhất (ít ngày hơn %(days)s)."
            ) % {"days": self.first_notice_days}
        if self.escalate_head_days <= self.escalate_leader_days:
            errors["escalate_head_days"] = _(
                "Báo thủ trưởng cơ quan phải muộn hơn báo lãnh đạo phụ trách (quá %(days)s ngày)."
            ) % {"days": self.escalate_leader_days}
        if errors:
            raise ValidationError(errors)


class DayKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ thêm")
    WORKING_DAY = "working", _("Ngày làm việc bù")


class CalendarDay(models.Model):
    """The office's own table on top of the public holidays: extra days off and
    make-up working days (a Saturday worked to bridge a holiday)."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"


class Rule(models.TextChoices):
    FIRST_NOTICE = "first_notice", _("Nhắc trước hạn lần 1")
    SECOND_NOTICE = "second_notice", _("Nhắc trước hạn lần 2")
    DUE_TODAY = "due_today", _("Đến hạn hôm nay")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATE_LEADER = "escalate_leader", _("Báo lãnh đạo phụ trách")
    ESCALATE_HEAD = "escalate_head", _("Báo thủ trưởng cơ quan")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Chờ tiếp nhận")
    AWAITING_VERIFICATION = "awaiting_verification", _("Chờ xác nhận hoàn thành")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ gửi lại")
    SKIPPED = "skipped", _("Không gửi")


class Reminder(models.Model):
    """One reminder of one task to one person for one due day.

    The row is written (pending) before anything leaves, and its unique key is
    what makes a second sweep, a second worker or a replay harmless."""

    task = models.ForeignKey(
        "tracker.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(_("loại nhắc"), max_length=24, choices=Rule.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_on = models.DateField(_("ngày nhắc"))
    reason = models.CharField(_("lý do"), max_length=300)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"))
    claim = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(_("báo trong hệ thống lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "rule", "recipient", "due_on"], name="reminder_once"
            ),
        ]
        indexes = [
            # The rows the delivery may claim, by recipient: a few a day, where
            # the recipient index holds every reminder ever sent to them (a head
            # of agency gets the escalations of every late task, for years).
            models.Index(
                fields=["recipient"],
                condition=models.Q(
                    status__in=[
                        ReminderStatus.PENDING,
                        ReminderStatus.SENDING,
                        ReminderStatus.FAILED,
                    ]
                ),
                name="reminder_claimable",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} – {self.task_id} → {self.recipient_id}"


class Notification(models.Model):
    """The in-app copy of a reminder: always made, whatever the e-mail settings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        "tracker.Task",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class Preferences(models.Model):
    """What a user chose about reminders; no row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    email_enabled = models.BooleanField(
        _("nhận nhắc việc qua thư điện tử"),
        default=True,
        help_text=_("Thông báo trong hệ thống luôn được gửi."),
    )

    class Meta:
        verbose_name = _("tùy chọn nhắc việc")
        verbose_name_plural = _("tùy chọn nhắc việc")

    def __str__(self):
        return str(self.user)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedToken(models.Model):
    """The secret in a user's calendar feed addresses, kept only as a hash:
    it is shown once, and making a new one retires the old addresses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="feed_token",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã lịch")
        verbose_name_plural = _("mã lịch")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
