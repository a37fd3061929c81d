"""The security log for administrators: recent logins, lockouts and refusals."""

from django.contrib import admin

from tracker import permissions
from tracker.admin.scoping import ScopedAdmin
from tracker.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["occurred_at", "kind", "username", "user", "address", "path", "detail"]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["username", "address", "path"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user"]
    list_per_page = 100

    def admin_scope(self, request):
        # An agency administrator reads the events of its own agency's accounts.
        return permissions.admin_units_q(request.user, "user__unit__")

    # A log is read, never written or pruned by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
