from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from tracker import permissions
from tracker.admin.scoping import ScopedAdmin
from tracker.models import Unit, User

admin.site.site_header = _("Quản trị hệ thống theo dõi CCHC")
admin.site.site_title = _("Quản trị CCHC")

# Only a superuser grants admin rights.
GRANTING_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    agency_admin_actions = frozenset({"view", "add", "change"})

    def admin_scope(self, request):
        return permissions.admin_units_q(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_change_admin_unit(request.user, obj))


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "role", "position", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["supervised_units", "groups", "user_permissions"]
    agency_admin_actions = frozenset({"view", "add", "change"})
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "email", "position"]}),
        (_("Đơn vị và vai trò"), {"fields": ["unit", "role", "supervised_units"]}),
        (
            _("Quyền hạn"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "role", "password1", "password2"],
            },
        ),
    ]

    def admin_scope(self, request):
        return permissions.admin_accounts_q(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += GRANTING_FIELDS
        return readonly
