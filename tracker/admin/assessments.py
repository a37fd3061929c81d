from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tracker.admin.scoping import ScopedAdmin, ScopedInline
from tracker.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionMapping,
    Index,
    Score,
    Target,
)
from tracker.permissions import (
    can_administer_criteria_set,
    criteria_set_admin_audiences,
    results_admin_q,
)
from tracker.services.criteria_sets import criteria_set_copy, criteria_set_relink


@admin.register(Index)
class IndexAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["code", "name", "max_score"]
    extra = 0
    ordering = ["sort_key"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "index", "year", "audience", "copied_from"]
    list_filter = ["index", "year", "audience"]
    list_select_related = ["index", "copied_from__index"]
    readonly_fields = ["copied_from"]
    inlines = [CriterionInline]
    actions = ["copy_to_next_year"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(
            criteria_set_admin_audiences(request.user)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_administer_criteria_set(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_administer_criteria_set(request.user, obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "audience":
            audiences = criteria_set_admin_audiences(request.user)
            kwargs["choices"] = [c for c in db_field.choices if c[0] in audiences]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Codes edited by hand: parents follow the codes.
        try:
            criteria_set_relink(criteria_set=form.instance)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)

    @admin.action(description=_("Sao chép sang năm sau"))
    def copy_to_next_year(self, request, queryset):
        for source in queryset.select_related("index"):
            if not can_administer_criteria_set(request.user, source):
                self.message_user(
                    request,
                    _("Không có quyền sao chép %(set)s.") % {"set": source},
                    messages.ERROR,
                )
                continue
            try:
                copy = criteria_set_copy(source=source, year=source.year + 1)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Đã tạo %(set)s.") % {"set": copy}, messages.SUCCESS)


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "max_score", "level", "criteria_set"]
    list_filter = ["criteria_set__index", "criteria_set__year", "criteria_set__audience", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["criteria_set__index"]
    fields = ["criteria_set", "code", "name", "max_score"]
    ordering = ["criteria_set", "sort_key"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(
            criteria_set_admin_audiences(request.user)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or can_administer_criteria_set(request.user, obj.criteria_set)
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or can_administer_criteria_set(request.user, obj.criteria_set)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            audiences = criteria_set_admin_audiences(request.user)
            kwargs["queryset"] = CriteriaSet.objects.filter(audience__in=audiences)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            criteria_set_relink(criteria_set=obj.criteria_set)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)


class ScoreInline(ScopedInline, admin.TabularInline):
    model = Score
    fields = ["criterion", "self_score", "appraised_score", "note"]
    raw_id_fields = ["criterion"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "criteria_set", "published_total", "rank", "rank_of", "published_on"]
    list_filter = ["criteria_set__index", "criteria_set__year", "criteria_set__audience"]
    search_fields = ["unit__name", "unit__code", "source_document"]
    list_select_related = ["unit", "criteria_set__index"]
    autocomplete_fields = ["unit"]
    inlines = [ScoreInline]
    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request):
        return results_admin_q(request.user)


@admin.register(Target)
class TargetAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "criterion", "target_score", "letter_number", "letter_date"]
    list_filter = ["criterion__criteria_set__year", "letter_number"]
    search_fields = ["unit__name", "criterion__code", "letter_number"]
    list_select_related = ["unit", "criterion__criteria_set"]
    raw_id_fields = ["criterion"]
    autocomplete_fields = ["unit"]
    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request):
        return results_admin_q(request.user)


@admin.register(CriterionMapping)
class CriterionMappingAdmin(admin.ModelAdmin):
    """Kept by whoever manages the criteria sets (the same rule as the sets)."""

    list_display = ["__str__", "from_criterion", "to_criterion", "note"]
    list_filter = ["from_criterion__criteria_set__index", "from_criterion__criteria_set__year"]
    list_select_related = ["from_criterion__criteria_set", "to_criterion__criteria_set"]
    autocomplete_fields = ["from_criterion", "to_criterion"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(
            criteria_set_admin_audiences(request.user)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None
            or can_administer_criteria_set(request.user, obj.from_criterion.criteria_set)
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None
            or can_administer_criteria_set(request.user, obj.from_criterion.criteria_set)
        )

    def get_queryset(self, request):
        audiences = criteria_set_admin_audiences(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(from_criterion__criteria_set__audience__in=audiences)
        )

    def save_model(self, request, obj, form, change):
        # The criteria are picked by search among every set: both ends must be
        # of sets this user manages.
        for criterion in (obj.from_criterion, obj.to_criterion):
            if not can_administer_criteria_set(request.user, criterion.criteria_set):
                raise PermissionDenied
        super().save_model(request, obj, form, change)
