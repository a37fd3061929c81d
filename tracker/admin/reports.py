from django.contrib import admin

from tracker.models import Report
from tracker.permissions import reports_visible_to


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Kept documents are a record: looked up here, never edited."""

    list_display = ["kind", "unit", "year", "quarter", "status", "created_by", "created_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["unit__name", "unit__code", "sha256"]
    list_select_related = ["unit", "created_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(reports_visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
