"""What the security log keeps in the database, and the forms already sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Đăng nhập thành công")
    LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
    LOCKOUT = "lockout", _("Tạm khóa đăng nhập")
    LOGOUT = "logout", _("Đăng xuất")
    PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
    FORBIDDEN = "forbidden", _("Bị từ chối (403)")
    HIDDEN = "hidden", _("Truy cập đối tượng không được xem (404)")


class SecurityEvent(models.Model):
    """One line of the security log, kept for the administrators' page.

    `username` is what was typed at a login (the account may not exist);
    `user` is the signed-in account, when there is one."""

    kind = models.CharField(_("loại sự kiện"), max_length=32, choices=SecurityEventKind.choices)
    occurred_at = models.DateTimeField(_("thời điểm"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("nhật ký an ninh")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.username} · {self.occurred_at:%d/%m/%Y %H:%M}"


class FormSubmission(models.Model):
    """A one-time form token already used: the unique key refuses a second
    submission of the same rendered form, even two arriving at once."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(db_index=True)
    # Where the first submission led, so a replay lands on the same page.
    outcome_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("biểu mẫu đã gửi")
        verbose_name_plural = _("biểu mẫu đã gửi")

    def __str__(self):
        return self.token
