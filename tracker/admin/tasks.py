"""Admin for tasks: a place to look things up and repair data. The workflow
itself runs through the task pages and their services, so the fields it
moves are shown here but not edited; edits here are recorded in the task's
history with the admin user."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracker import permissions
from tracker.admin.scoping import ScopedAdmin, ScopedInline
from tracker.models import Comment, Evidence, ExtensionRequest, ProgressUpdate, Task, TaskCriterion
from tracker.services.task_records import record_links_in_history


class TaskCriterionInline(ScopedInline, admin.TabularInline):
    model = TaskCriterion
    extra = 0
    raw_id_fields = ["criterion"]


class CommentInline(ScopedInline, admin.TabularInline):
    model = Comment
    extra = 0
    raw_id_fields = ["author"]


class RecordOnly:
    """Rows the workflow writes (progress reports, extension requests and
    their decisions) are shown, never added, edited or deleted here: a repair
    goes through the services, which check and record it."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ExtensionRequestInline(RecordOnly, ScopedInline, admin.TabularInline):
    model = ExtensionRequest
    extra = 0
    raw_id_fields = ["requested_by", "decided_by"]


@admin.register(Task)
class TaskAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "agency", "lead_unit", "status", "deadline", "percent_complete"]
    list_filter = ["status", "priority", "source", "year"]
    search_fields = ["title", "lead_unit__name", "source_key"]
    list_select_related = ["agency", "lead_unit"]
    raw_id_fields = ["agency", "supervisor", "created_by", "directive"]
    filter_horizontal = ["supporting_units"]
    # Status, deadlines, who carries the task and when each step happened move
    # only through the workflow's actions: above all, the deadline changes
    # only when leadership approves an extension request.
    readonly_fields = [
        "status",
        "lead_unit",
        "assignee",
        "deadline",
        "original_deadline",
        "ongoing",
        "percent_complete",
        "indicator_current",
        "return_reason",
        "cancel_reason",
        "reopen_reason",
        "carried_over_from",
        "issued_at",
        "accepted_at",
        "submitted_at",
        "completed_at",
        "cancelled_at",
        "source_key",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [TaskCriterionInline, ExtensionRequestInline, CommentInline]

    agency_admin_actions = frozenset({"view", "change"})

    def admin_scope(self, request):
        return permissions.tasks_admin_scope(request.user)

    def save_model(self, request, obj, form, change):
        # A repair here is a write like any other: a form opened on the task
        # page before it must be refused as stale, not overwrite it. The
        # history user is set by SimpleHistoryAdmin.save_model.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # One save, one history row: the units and criteria the form links
        # go on the row save_model wrote, not on rows of their own.
        task = form.instance
        task.skip_history_when_saving = True
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del task.skip_history_when_saving
        record_links_in_history(task)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordOnly, ScopedAdmin, admin.ModelAdmin):
    list_display = ["task", "kind", "author", "percent_complete", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["task", "author"]
    list_select_related = ["task", "author"]

    def admin_scope(self, request):
        return permissions.managed_agencies_q(request.user, "task__agency")


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["original_name", "task", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["task", "uploaded_by"]
    readonly_fields = [
        "task",
        "progress_update",
        "file",
        "stored_name",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def admin_scope(self, request):
        return permissions.managed_agencies_q(request.user, "task__agency")

    def has_add_permission(self, request):
        # Evidence comes in through a progress update, where each file is checked.
        return False
