"""Notification list, reminder settings, the agency's policy and the calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from notifications import feeds, services
from notifications.forms import PreferencesForm, ReminderPolicyForm
from notifications.models import FeedToken, Notification, Preferences, ReminderPolicy
from tracker import permissions
from tracker.models import Task

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("task")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "can_edit_policy": permissions.is_agency_office(request.user)},
    )


@login_required
@require_GET
def unread_badge(request):
    """The navbar's bell, fetched after the page loads so that no page pays a
    query for it (and tracker's pages keep their query counts)."""
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "notifications/partials/unread_badge.html", {"count": count})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notifications_mark_read(user=request.user, pk=notification.pk)
    if notification.task_id:
        return redirect(notification.task.get_absolute_url())
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


def _settings_page(request, *, form, token=None):
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "feed_token": FeedToken.objects.filter(user=request.user).first(),
            "token": token,
            "units": feeds.unit_feed_units(request.user),
        },
    )


@login_required
@never_cache
def reminder_settings(request):
    preferences = Preferences.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = PreferencesForm(request.POST, instance=preferences)
        if form.is_valid():
            services.preferences_update(
                user=request.user, email_enabled=form.cleaned_data["email_enabled"]
            )
            messages.success(request, _("Đã lưu cài đặt nhắc việc."))
            return redirect("notifications:settings")
    else:
        form = PreferencesForm(instance=preferences)
    return _settings_page(request, form=form)


@login_required
@require_POST
@never_cache
def feed_token_new(request):
    """Shows the new secret once, in this response only (never in a redirect or a message)."""
    token = services.feed_token_create(user=request.user)
    preferences = Preferences.objects.filter(user=request.user).first()
    return _settings_page(request, form=PreferencesForm(instance=preferences), token=token)


@login_required
def reminder_policy_edit(request):
    if not permissions.is_agency_office(request.user):
        raise PermissionDenied
    agency = permissions.user_agency(request.user)
    policy = ReminderPolicy.objects.filter(agency=agency).first() or ReminderPolicy(agency=agency)
    form = ReminderPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Đã lưu chính sách nhắc việc của %(agency)s.") % {"agency": agency}
        )
        return redirect("notifications:policy")
    return render(request, "notifications/policy.html", {"form": form, "agency": agency})


# --- Calendar feeds: no session, no login redirect; the secret in the path is
# the only credential (Google and Outlook fetch from their own servers). ---


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _token_user(token: str):
    user = services.feed_token_user(token=token)
    if user is None:
        raise Http404
    return user


@require_safe
def feed_personal(request, token: str):
    user = _token_user(token)
    name = _("Nhiệm vụ CCHC – %(name)s") % {"name": user.get_full_name()}
    return _calendar_response(feeds.build_calendar(name=name, tasks=feeds.feed_tasks(user)))


@require_safe
def feed_unit(request, token: str, unit_pk: int):
    user = _token_user(token)
    unit = feeds.unit_feed_units(user).filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    name = _("Nhiệm vụ CCHC – %(unit)s") % {"unit": unit.short_name or unit.name}
    return _calendar_response(
        feeds.build_calendar(name=name, tasks=feeds.feed_tasks(user, unit=unit))
    )


@login_required
@require_GET
def task_ics(request, pk: int):
    task = permissions.get_task_for_user(request.user, pk)
    content = feeds.build_calendar(name=task.title, tasks=Task.objects.filter(pk=task.pk))
    return _calendar_response(content, filename=f"nhiem-vu-{task.pk}.ics")
