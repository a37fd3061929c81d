from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from conclusions.models import Conclusion, Directive, PlanItem, ReformPlan
from tracker.admin.scoping import ScopedAdmin, ScopedInline
from tracker.permissions import conclusions_admin_q


class DirectiveInline(ScopedInline, admin.StackedInline):
    model = Directive
    extra = 0
    autocomplete_fields = ["units", "supervisor"]
    fields = [
        ("order", "label"),
        "text",
        "units",
        ("every_office", "every_commune"),
        "supervisor",
        "deadline_text",
        ("deadline_kind", "period_start", "due_date"),
        ("recurrence", "recurrence_day", "needs_review"),
        ("indicator_text", "indicator_comparator", "indicator_target", "indicator_unit"),
    ]


@admin.register(Conclusion)
class ConclusionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "issuing_unit", "signer", "assessment_year"]
    list_filter = ["assessment_year", "issuing_unit"]
    search_fields = ["number", "meeting", "signer"]
    list_select_related = ["issuing_unit"]
    autocomplete_fields = ["issuing_unit", "created_by"]
    inlines = [DirectiveInline]
    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request):
        return conclusions_admin_q(request.user)


@admin.register(Directive)
class DirectiveAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "conclusion",
        "order",
        "label",
        "deadline_text",
        "deadline_kind",
        "due_date",
        "needs_review",
    ]
    list_filter = ["deadline_kind", "needs_review"]
    search_fields = ["text", "deadline_text", "conclusion__number"]
    list_select_related = ["conclusion"]
    autocomplete_fields = ["conclusion", "units", "supervisor"]
    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request):
        return conclusions_admin_q(request.user, "conclusion__issuing_unit")


class PlanItemInline(admin.StackedInline):
    model = PlanItem
    extra = 0
    filter_horizontal = ["lead_units", "supporting_units", "criteria"]


@admin.register(ReformPlan)
class ReformPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "year"]
    list_filter = ["year"]
    search_fields = ["number", "title"]
    inlines = [PlanItemInline]
