"""Task pages and actions: fetch through permissions, bind a form, call one
service, redirect with a message. A refused action shows the task page again
with the form as filled and the reason on it; a stale form (someone changed
the task meanwhile) shows the current task and keeps what the user typed."""

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.filters.tasks import TaskFilter, UnitTaskFilter
from tracker.forms import tasks as forms
from tracker.lib.files import file_download
from tracker.lib.formats import vn_date
from tracker.lib.http import post_only
from tracker.lib.pagination import paginate
from tracker.models import (
    Evidence,
    ExportKind,
    ExtensionRequest,
    ExtensionStatus,
    Task,
    TaskAction,
    TaskStatus,
)
from tracker.once import refuse_replay
from tracker.selectors import tasks as selectors
from tracker.selectors.recoverable import criterion_shares
from tracker.services import extensions, tasks, workflow
from tracker.services.task_records import StaleTaskError, TaskActionError
from tracker.tables.tasks import TaskTable
from tracker.views.exports import task_list_export

PER_PAGE = 25


def _task_url(pk: int) -> str:
    return reverse("tasks:detail", args=[pk])


def _extension_task_url(pk: int) -> str:
    task_id = ExtensionRequest.objects.filter(pk=pk).values_list("task_id", flat=True).first()
    return _task_url(task_id) if task_id else reverse("tasks:my_unit")


# Every action address answers a GET with its task's page.
task_action = post_only(_task_url)
extension_action = post_only(_extension_task_url)
AWAITING_PER_PAGE = 10
BUTTONS = {
    TaskAction.ACCEPT: "btn-success",
    TaskAction.VERIFY: "btn-success",
    TaskAction.RETURN: "btn-outline-danger",
    TaskAction.REOPEN: "btn-outline-danger",
    TaskAction.CANCEL: "btn-danger",
}
ACTION_FORMS = {
    TaskAction.ISSUE: forms.EmptyActionForm,
    TaskAction.ACCEPT: forms.AssigneeForm,
    TaskAction.RETURN: forms.ReasonForm,
    TaskAction.REASSIGN: forms.ReassignForm,
    TaskAction.ASSIGN_STAFF: forms.AssigneeForm,
    TaskAction.REPORT_PROGRESS: forms.ProgressForm,
    TaskAction.SUBMIT: forms.SubmitForm,
    TaskAction.VERIFY: forms.EmptyActionForm,
    TaskAction.REOPEN: forms.ReasonForm,
    TaskAction.CANCEL: forms.ReasonForm,
    TaskAction.REQUEST_EXTENSION: forms.ExtensionRequestForm,
    TaskAction.DECIDE_EXTENSION: forms.ExtensionDecisionForm,
}


def _action_form(action: str, task: Task, request: HttpRequest | None = None):
    form_class = ACTION_FORMS[action]
    if request is None:
        return form_class(task=task, prefix=action)
    return form_class(request.POST, request.FILES, task=task, prefix=action)


def _action_panels(task: Task, actions, bound: dict) -> list[dict]:
    """One form per action the user may take now, in the order of the task's life."""
    panels = []
    for action in ACTION_FORMS:
        if action not in actions:
            continue
        target = task.pending_extension.pk if action == TaskAction.DECIDE_EXTENSION else task.pk
        panels.append(
            {
                "action": action,
                "label": TaskAction(action).label,
                "form": bound.get(action) or _action_form(action, task),
                "url": reverse(f"tasks:{action}", args=[target]),
                "button": BUTTONS.get(action, "btn-primary"),
            }
        )
    return panels


def _render_detail(request, task: Task, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    # First: it reads the task's pending extension request the rules ask about.
    detail = selectors.task_detail(task=task)
    actions = permissions.allowed_task_actions(request.user, task)
    context = {
        "task": task,
        "actions": actions,
        "panels": _action_panels(task, actions, bound),
        "comment_form": bound.get(TaskAction.COMMENT) or forms.CommentForm(),
        "history": selectors.task_history(task=task),
        **detail,
        **_recoverable_context(task, detail["criteria"]),
    }
    return render(request, "tracker/tasks/detail.html", context, status=status)


def _recoverable_context(task: Task, criteria) -> dict:
    """Each linked criterion beside the share of its lost points this task
    carries. The shares cover every link of the task: with none, there are no
    criteria to list either, and `criteria` is left unread (one query less)."""
    shares = {share.criterion_id: share for share in criterion_shares(task_ids=[task.pk])}
    if not shares:
        return {"criteria": [], "criteria_rows": [], "recoverable": None}
    return {
        "criteria_rows": [(link, shares.get(link.criterion_id)) for link in criteria],
        "recoverable": sum((s.share for s in shares.values()), Decimal(0)),
    }


def _act(request, pk: int, action: str, run: Callable, done: str) -> HttpResponse:
    """The shape every action view shares: authorise, validate, run, answer."""
    task = permissions.get_task_for_user(request.user, pk, write=True)
    permissions.require_may_act(action, request.user, task)
    form = _action_form(action, task, request)
    if form.is_valid():
        try:
            run(task, form.cleaned_data)
        except StaleTaskError as error:
            return _stale(request, pk, action, error)
        except TaskActionError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(task)
    task = permissions.get_task_for_user(request.user, pk)
    if action not in permissions.allowed_task_actions(request.user, task):
        # No form for this action on the page any more (a request someone
        # else decided meanwhile, say): say why above it.
        for message in form.non_field_errors():
            messages.error(request, message)
    return _render_detail(request, task, bound={action: form}, status=400)


def _stale(request, pk: int, action: str, error) -> HttpResponse:
    """The current task, with the user's input kept on a form now carrying the
    current version: sending it again is a deliberate choice, not an accident."""
    messages.error(request, error.messages[0])
    task = permissions.get_task_for_user(request.user, pk)
    data = request.POST.copy()
    data[f"{action}-version"] = task.version
    form = ACTION_FORMS[action](data, task=task, prefix=action)
    return _render_detail(request, task, bound={action: form}, status=409)


@login_required
def my_unit_tasks(request: HttpRequest) -> HttpResponse:
    """Nhiệm vụ của đơn vị: what waits for acceptance first, then every task the user sees."""
    today = timezone.localdate()
    awaiting = []
    if permissions.is_unit_head(request.user) and request.user.unit_id:
        # Paged like the table below: a unit back from leave can have hundreds.
        awaiting = Paginator(
            selectors.tasks_awaiting_acceptance(unit=request.user.unit, today=today),
            AWAITING_PER_PAGE,
        ).get_page(request.GET.get("cho_tiep_nhan"))
    task_filter = UnitTaskFilter(
        request.GET or None, queryset=selectors.task_list(request.user, today=today)
    )
    table = TaskTable(task_filter.qs, today=today)
    paginate(request, table, per_page=PER_PAGE, lazy=True)
    if export := task_list_export(
        request, table, kind=ExportKind.MY_UNIT, filters=task_filter.form
    ):
        return export
    context = {"awaiting": awaiting, "table": table, "filter": task_filter}
    return render(request, "tracker/tasks/my_unit.html", context)


@login_required
def deadline_board(request: HttpRequest) -> HttpResponse:
    """Theo dõi thời hạn: every task of the agency, filtered, sortable, exportable."""
    if not permissions.can_view_deadline_board(request.user):
        raise PermissionDenied
    agency = permissions.user_agency(request.user)
    today = timezone.localdate()
    queryset = selectors.agency_tasks(agency=agency, today=today)
    task_filter = TaskFilter(request.GET or None, queryset=queryset, agency=agency)
    table = TaskTable(task_filter.qs, today=today)
    paginate(request, table, per_page=PER_PAGE, lazy=True)
    if export := task_list_export(request, table, kind=ExportKind.BOARD, filters=task_filter.form):
        return export
    pending = []
    if permissions.is_leadership(request.user):
        pending = selectors.extension_requests_pending(agency=agency, leader=request.user)
    context = {
        "table": table,
        "filter": task_filter,
        "pending_extensions": pending,
        "can_create": permissions.can_create_task(request.user),
        # Offices close a year in its last weeks or the first months after it.
        "year_to_close": today.year - 1 if today.month <= 3 else today.year,
    }
    return render(request, "tracker/tasks/board.html", context)


@login_required
def drafts_set_deadline(request: HttpRequest) -> HttpResponse:
    """Đặt hạn cho nhiệm vụ dự thảo: one new deadline for several drafts, those
    whose deadline has passed ticked first."""
    if not permissions.can_create_task(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    drafts = selectors.agency_tasks(
        agency=permissions.user_agency(request.user), today=today
    ).filter(status=TaskStatus.DRAFT)
    form = forms.DraftDeadlineForm(request.POST or None, drafts=drafts)
    if request.method == "POST" and form.is_valid():
        try:
            updated = tasks.tasks_set_deadline(
                tasks=list(form.cleaned_data["tasks"]),
                deadline=form.cleaned_data["deadline"],
                user=request.user,
            )
        except TaskActionError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã đặt hạn %(deadline)s cho %(count)d nhiệm vụ dự thảo.")
                % {"deadline": vn_date(form.cleaned_data["deadline"]), "count": len(updated)},
            )
            return redirect(f"{reverse('tasks:board')}?status={TaskStatus.DRAFT}")
    rows = [
        (task, task.deadline is not None and task.deadline < today)
        for task in sorted(drafts, key=lambda t: (t.deadline is None, t.deadline or today, t.pk))
    ]
    ticked = {int(pk) for pk in form["tasks"].value() or []} if form.is_bound else None
    context = {"form": form, "rows": rows, "today": today, "ticked": ticked}
    return render(request, "tracker/tasks/drafts_deadline.html", context)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, permissions.get_task_for_user(request.user, pk))


@login_required
def task_history(request: HttpRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    context = {"task": task, "history": selectors.task_history(task=task)}
    return render(request, "tracker/tasks/history.html", context)


@login_required
@refuse_replay
def task_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_task(request.user):
        raise PermissionDenied
    # The lead units offered are those of the user's own agency (and a
    # district's communes): the task belongs to its lead unit's agency.
    form = forms.TaskCreateForm(request.POST or None, agency=permissions.user_agency(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            task = tasks.task_create(user=request.user, **form.cleaned_data)
        except TaskActionError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("Đã tạo nhiệm vụ."))
            return redirect(task)
    return render(request, "tracker/tasks/form.html", {"form": form, "task": None})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk, write=True)
    permissions.require_may_act(TaskAction.UPDATE, request.user, task)
    form = forms.TaskEditForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            tasks.task_update(
                task=task,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except StaleTaskError as error:
            return _edit_stale(request, pk, form, error)
        except TaskActionError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(task)
    return render(request, "tracker/tasks/form.html", {"form": form, "task": task})


def _edit_stale(request, pk: int, submitted, error) -> HttpResponse:
    """Someone saved the task meanwhile: field by field, what it holds now
    beside what the user typed; the form keeps only the user's own changes."""
    messages.error(request, error.messages[0])
    task = permissions.get_task_for_user(request.user, pk)
    form = forms.TaskEditForm.after_conflict(task=task, submitted=submitted)
    context = {
        "form": form,
        "task": task,
        "current": forms.TaskForm.initial_for(task),
        "conflicts": form.conflict_rows(task=task, submitted=submitted),
    }
    return render(request, "tracker/tasks/form.html", context, status=409)


@login_required
@task_action
@refuse_replay
def task_issue(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_issue(task=task, user=request.user, expected_version=data["version"])

    return _act(request, pk, TaskAction.ISSUE, run, _("Đã giao nhiệm vụ."))


@login_required
@task_action
@refuse_replay
def task_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_accept(
            task=task,
            user=request.user,
            assignee=data["assignee"],
            expected_version=data["version"],
        )

    return _act(request, pk, TaskAction.ACCEPT, run, _("Đã tiếp nhận nhiệm vụ."))


@login_required
@task_action
@refuse_replay
def task_return(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_return(
            task=task, user=request.user, reason=data["reason"], expected_version=data["version"]
        )

    return _act(request, pk, TaskAction.RETURN, run, _("Đã trả lại nhiệm vụ cho văn phòng."))


@login_required
@task_action
@refuse_replay
def task_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_reassign(
            task=task,
            user=request.user,
            lead_unit=data["lead_unit"],
            deadline=data["deadline"],
            ongoing=data["ongoing"],
            expected_version=data["version"],
        )

    return _act(request, pk, TaskAction.REASSIGN, run, _("Đã giao lại nhiệm vụ."))


@login_required
@task_action
@refuse_replay
def task_assign_staff(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_assign_staff(
            task=task,
            user=request.user,
            assignee=data["assignee"],
            expected_version=data["version"],
        )

    return _act(request, pk, TaskAction.ASSIGN_STAFF, run, _("Đã phân công người thực hiện."))


@login_required
@task_action
@refuse_replay
def task_report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_report_progress(
            task=task,
            user=request.user,
            percent_complete=data["percent_complete"],
            indicator_value=data.get("indicator_value"),
            note=data["note"],
            files=data["files"],
            expected_version=data["version"],
        )

    return _act(request, pk, TaskAction.REPORT_PROGRESS, run, _("Đã cập nhật tiến độ."))


@login_required
@task_action
@refuse_replay
def task_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_submit(
            task=task,
            user=request.user,
            note=data["note"],
            files=data["files"],
            indicator_value=data.get("indicator_value"),
            expected_version=data["version"],
        )

    return _act(request, pk, TaskAction.SUBMIT, run, _("Đã báo cáo hoàn thành, chờ xác nhận."))


@login_required
@task_action
@refuse_replay
def task_verify(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_verify(task=task, user=request.user, expected_version=data["version"])

    return _act(request, pk, TaskAction.VERIFY, run, _("Đã xác nhận hoàn thành."))


@login_required
@task_action
@refuse_replay
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_reopen(
            task=task, user=request.user, reason=data["reason"], expected_version=data["version"]
        )

    return _act(request, pk, TaskAction.REOPEN, run, _("Đã yêu cầu đơn vị làm lại."))


@login_required
@task_action
@refuse_replay
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        workflow.task_cancel(
            task=task, user=request.user, reason=data["reason"], expected_version=data["version"]
        )

    return _act(request, pk, TaskAction.CANCEL, run, _("Đã hủy nhiệm vụ."))


@login_required
@task_action
@refuse_replay
def extension_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task, data):
        extensions.extension_request_create(
            task=task,
            user=request.user,
            proposed_deadline=data["proposed_deadline"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _act(
        request, pk, TaskAction.REQUEST_EXTENSION, run, _("Đã gửi đề nghị gia hạn tới lãnh đạo.")
    )


@login_required
@extension_action
@refuse_replay
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = ExtensionRequest.objects.filter(pk=pk).only("task_id").first()
    if extension is None:
        raise Http404

    def run(task, data):
        extensions.extension_decide(
            extension=extension,
            user=request.user,
            approve=data["decision"] == ExtensionStatus.APPROVED,
            note=data["note"],
            expected_version=data["version"],
        )

    return _act(
        request, extension.task_id, TaskAction.DECIDE_EXTENSION, run, _("Đã quyết định gia hạn.")
    )


@login_required
@task_action
@refuse_replay
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            tasks.comment_add(task=task, user=request.user, text=form.cleaned_data["text"])
        except TaskActionError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến."))
            return redirect(task)
    return _render_detail(request, task, bound={TaskAction.COMMENT: form}, status=400)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file under its original (Vietnamese) name, to whoever may see its task."""
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    permissions.get_task_for_user(request.user, evidence.task_id)
    return file_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
