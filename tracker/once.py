"""One-time form tokens: a form that creates something is processed once.

A page renders the token in a hidden field (`{% form_once %}`); the first
submission that carries it records it (`FormSubmission`, unique), and any
other submission of the same token is a replay: a double click, a resent
POST, the back button. The replay is answered with one message and the page
the first submission led to, never a second object. The unique key refuses
two submissions that arrive at the same moment too.

A submission without the field is processed as before: the token guards
against accidents, not attacks (CSRF and the permissions do that).
"""

import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tracker.models import FormSubmission

FIELD = "form_once"
SALT = "tracker.once"
# A form left open longer than this is refused as expired: reload the page.
MAX_AGE = timedelta(days=2)


def issue(request) -> str:
    """The token of this page (one per rendering, shared by its forms), bound to the user."""
    if not hasattr(request, "_form_once"):
        nonce = secrets.token_hex(16)
        request._form_once = signing.dumps({"u": request.user.pk, "n": nonce}, salt=SALT)
    return request._form_once


def _nonce(request) -> str | None:
    try:
        data = signing.loads(request.POST[FIELD], salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("n") if data.get("u") == request.user.pk else None


def _back(request, url: str = "") -> HttpResponseRedirect:
    """Where a refused submission goes: the first one's outcome, else the page it came from."""
    target = url or request.META.get("HTTP_REFERER", "")
    allowed = {request.get_host()}
    if target and url_has_allowed_host_and_scheme(target, allowed, request.is_secure()):
        return redirect(target)
    return redirect("home")


def _only_message(request, level: int, text: str) -> None:
    # Whatever the first submission left to show ("Đã tạo …") would sit beside
    # this one: the user sees one clear message.
    for _message in messages.get_messages(request):
        pass
    messages.add_message(request, level, text)


def refuse_replay(view):
    """Process a POST carrying a form token once; answer a replay with one message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or FIELD not in request.POST:
            return view(request, *args, **kwargs)
        nonce = _nonce(request)
        if nonce is None:
            _only_message(
                request,
                messages.ERROR,
                _("Biểu mẫu đã hết hạn hoặc không hợp lệ: hãy tải lại trang và nhập lại."),
            )
            return _back(request)
        now = timezone.now()
        # Older tokens are refused by their signature anyway: no need to keep them.
        FormSubmission.objects.filter(submitted_at__lt=now - MAX_AGE).delete()
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    token=nonce, user=request.user, submitted_at=now
                )
        except IntegrityError:
            first = FormSubmission.objects.filter(token=nonce).first()
            _only_message(
                request,
                messages.WARNING,
                _("Biểu mẫu này đã được gửi và xử lý; lần gửi lặp lại không được thực hiện."),
            )
            return _back(request, first.outcome_url if first else "")
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            submission.delete()
            raise
        if isinstance(response, HttpResponseRedirect):
            submission.outcome_url = response.url[:500]
            submission.save(update_fields=["outcome_url"])
        else:
            # Refused input comes back on a page with a new token; this one
            # may still be sent again (from the back button, say).
            submission.delete()
        return response

    return wrapper
