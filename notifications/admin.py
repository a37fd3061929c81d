from django.contrib import admin

from notifications.models import (
    CalendarDay,
    FeedToken,
    Notification,
    Preferences,
    Reminder,
    ReminderPolicy,
)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "first_notice_days",
        "second_notice_days",
        "overdue_every_days",
        "escalate_leader_days",
        "escalate_head_days",
    ]
    list_select_related = ["agency"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """For looking into what was sent and why; the sweep writes these rows."""

    list_display = ["due_on", "rule", "task", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "rule"]
    list_select_related = ["task", "recipient"]
    search_fields = ["task__title", "recipient__username", "recipient__full_name"]
    raw_id_fields = ["task", "recipient"]
    readonly_fields = ["created_at", "notified_at", "sent_at", "emailed", "attempts"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "task", "reminder"]


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled"]
    list_select_related = ["user"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Only the hash is stored: a token can be revoked here, never read."""

    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
