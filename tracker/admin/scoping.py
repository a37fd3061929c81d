"""The Django admin applies the rules of tracker.permissions.

Every scoped admin lists only the rows of its `admin_scope` (a Q from
tracker.permissions); the admin answers a row outside it as missing. An agency
administrator (`permissions.is_agency_admin`) gets the actions in
`agency_admin_actions` on those rows without holding Django model permissions;
a superuser keeps everything; other staff keep the model permissions they
were given, on the same rows. Forms offer only the units and accounts the
user administers.
"""

from django.db.models import Q

from tracker import permissions
from tracker.models import Unit, User


class ScopedAdmin:
    agency_admin_actions: frozenset[str] = frozenset({"view"})

    def admin_scope(self, request) -> Q:
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self.admin_scope(request))

    def _limit_choices(self, db_field, request, kwargs) -> None:
        # A form offers (and accepts, raw ids and autocompletes included) only
        # the units and accounts the user administers.
        user = request.user
        if user.is_superuser:
            return
        if db_field.related_model is Unit:
            kwargs["queryset"] = Unit.objects.filter(permissions.admin_units_q(user))
        elif db_field.related_model is User:
            kwargs["queryset"] = User.objects.filter(permissions.admin_units_q(user, "unit__"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _agency_admin_may(self, request, action: str) -> bool:
        return action in self.agency_admin_actions and permissions.is_agency_admin(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._agency_admin_may(request, "view")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._agency_admin_may(request, "view")

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) or self._agency_admin_may(request, "add")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._agency_admin_may(
            request, "change"
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self._agency_admin_may(
            request, "delete"
        )


class ScopedInline(ScopedAdmin):
    """An inline of a scoped admin: its rows belong to an object the parent's
    scope already let through; the agency administrator reads and corrects
    them there, adding and deleting rows stays with the pages' workflow."""

    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request) -> Q:
        return Q()
