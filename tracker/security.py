"""The security log: logins, lockouts and refused access.

Each event goes to the `security` logger (its handler is chosen in settings
from the environment) and to a `SecurityEvent` row for the administrators'
page. Login events arrive through django.contrib.auth's and django-axes'
signals, the only hooks those flows offer; refused access through
`SecurityLogMiddleware`, which sees every 403 and every 404 raised for an
object that exists but is not the user's (`NotVisible`).
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.middleware import start_idle_clock
from tracker.models import SecurityEvent, SecurityEventKind, User

logger = logging.getLogger("security")


class NotVisible(Http404):
    """404 for an object that exists but that the user may not see: answered
    like a missing one, so its existence does not leak, and logged."""

    def __init__(self, obj):
        super().__init__(f"{obj._meta.model_name} {obj.pk}")


def client_address(request: HttpRequest) -> str | None:
    """The client's address. Behind `TRUSTED_PROXY_COUNT` reverse proxies the
    last hop is a proxy: take the address the outermost one was given, never
    one the client could have written itself."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str,
    *,
    request: HttpRequest | None,
    user=None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Write one event to the log and to the database.

    Side effects: a `security` log line (WARNING for failures and refusals,
    INFO otherwise) and a SecurityEvent row."""
    if user is None and request is not None:
        signed_in = getattr(request, "user", None)
        user = signed_in if signed_in is not None and signed_in.is_authenticated else None
    username = username or (user.get_username() if user is not None else "")
    address = client_address(request) if request is not None else None
    path = request.get_full_path()[:500] if request is not None else ""
    event = SecurityEvent.objects.create(
        kind=kind,
        occurred_at=timezone.now(),
        user=user,
        username=username[:150],
        address=address,
        path=path,
        detail=detail[:500],
    )
    level = logging.INFO if kind in QUIET_KINDS else logging.WARNING
    logger.log(
        level,
        "%s user=%s address=%s path=%s%s",
        kind,
        username or "-",
        address or "-",
        path or "-",
        f" detail={detail}" if detail else "",
        extra={"security_event": kind},
    )
    return event


QUIET_KINDS = {SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT}


def _on_login(sender, request, user, **kwargs):
    start_idle_clock(request.session)
    record(SecurityEventKind.LOGIN, request=request, user=user)


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityEventKind.LOGOUT, request=request, user=user)


def _account(username: str):
    """The account a login named, if it exists: its agency's administrators see
    the attempts on it."""
    return User.objects.filter(username=username).first() if username else None


def _while_locked(request) -> bool:
    """django-axes hears a failure first and counts it on the request: past
    the limit, the attempt was refused by a lockout already in force."""
    failures = getattr(request, "axes_failures_since_start", 0) or 0
    return failures > settings.AXES_FAILURE_LIMIT


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # The failure that reaches the limit is logged just after its lockout.
    username = credentials.get("username") or ""
    record(
        SecurityEventKind.LOGIN_FAILED,
        request=request,
        user=_account(username),
        username=username,
        detail=_("trong thời gian bị khóa") if _while_locked(request) else "",
    )


def _on_locked_out(sender, request, username, ip_address, **kwargs):
    # django-axes signals again on every attempt during the lockout: the
    # lockout is one event, the attempts are failures.
    if _while_locked(request):
        return
    record(
        SecurityEventKind.LOCKOUT,
        request=request,
        user=_account(username),
        username=username or "",
        detail=_("sau %(limit)d lần đăng nhập sai") % {"limit": settings.AXES_FAILURE_LIMIT},
    )


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_on_login, dispatch_uid="security-login")
    user_logged_out.connect(_on_logout, dispatch_uid="security-logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="security-login-failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="security-locked-out")


class SecurityLogMiddleware:
    """Logs refused access: every PermissionDenied, and NotVisible (a 404 on
    an object that exists). Django still answers them as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            record(SecurityEventKind.FORBIDDEN, request=request)
        elif isinstance(exception, NotVisible):
            record(SecurityEventKind.HIDDEN, request=request, detail=str(exception))
        return None


def csrf_failure(request, reason=""):
    """Django's own CSRF refusal, logged first."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    record(SecurityEventKind.FORBIDDEN, request=request, detail=f"CSRF: {reason}")
    return django_csrf_failure(request, reason=reason)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login, in Vietnamese, on both logins."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
