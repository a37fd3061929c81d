"""Assessment pages: list, detail, lost points, import, years, peers, criteria sets, targets."""

from pathlib import PurePath
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from tracker.charts.assessments import unit_history_png
from tracker.forms.assessments import (
    AssessmentFilter,
    CriteriaFormSet,
    CriteriaSetCopyForm,
    LostPointsFilterForm,
    PeerFilterForm,
    PublishedForm,
    ResultsUploadForm,
    TargetsForm,
)
from tracker.lib.files import file_download
from tracker.lib.http import post_only
from tracker.lib.pagination import paginate
from tracker.lib.tables import EXPORT_FORMATS, export_response
from tracker.lib.uploads import (
    SESSION_KEY,
    HeldUploadGone,
    held_upload_read,
    upload_held,
    upload_hold,
    upload_release,
)
from tracker.models import Assessment, CriteriaSet, Criterion, Index, Unit, UnitKind
from tracker.once import refuse_replay
from tracker.permissions import (
    ASSESSED_KINDS,
    can_edit_assessment,
    can_edit_targets,
    can_edit_unit_results,
    can_import_results,
    can_manage_criteria_set,
    get_assessment_for_user,
    get_results_unit_for_user,
    result_units_visible_to,
    user_agency,
)
from tracker.selectors import history
from tracker.selectors.assessments import (
    assessment_for,
    assessment_for_reimport,
    assessment_summary,
    assessments_visible_to,
    criteria_in_use,
    criteria_set_for,
    criteria_sets_overview,
    lost_points,
    peer_default_year,
    peer_ranking,
    previous_assessment,
    targets_with_results,
    unit_has_communes,
    unit_history,
    unit_target_letters,
)
from tracker.selectors.tasks import (
    remediation_task_ids_by_code,
    remediation_tasks,
    remediation_tasks_by_code,
)
from tracker.services import criteria_sets, results, targets
from tracker.services.results_import import ImportProblem, ResultsImportError
from tracker.tables.assessments import AssessmentTable, LostPointsTable, PeerTable

# Tokens of imports already confirmed, with what they saved: Back to the
# preview and confirming again says so instead of a 404.
SAVED_SESSION_KEY = "results_imports_saved"
SAVED_REMEMBERED = 20
# The preview lists every problem; past this many the rest are counted.
PROBLEMS_SHOWN = 1000
PREVIEW_ROWS_SHOWN = 500


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    units = result_units_visible_to(request.user).filter(assessments__isnull=False).distinct()
    filterset = AssessmentFilter(
        request.GET or None,
        queryset=assessments_visible_to(request.user),
        units=units,
        indices=Index.objects.all(),
    )
    table = AssessmentTable(filterset.qs)
    paginate(request, table, per_page=50)
    if response := export_response(
        request, table, "ket-qua-cham-diem", title=_("Kết quả chấm điểm"), filters=filterset.form
    ):
        return response
    context = {"table": table, "filter": filterset, "can_import": can_import_results(request.user)}
    return render(request, "tracker/assessments/list.html", context)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    summary = assessment_summary(assessment=assessment)
    context = {
        "assessment": assessment,
        "summary": summary,
        "previous": previous_assessment(assessment=assessment),
        "has_communes": unit_has_communes(unit=assessment.unit),
        "can_edit": can_edit_assessment(request.user, assessment),
    }
    return render(request, "tracker/assessments/detail.html", context)


@login_required
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    context = {
        "assessment": assessment,
        "history": history.assessment_history(assessment=assessment),
    }
    return render(request, "tracker/assessments/history.html", context)


@login_required
def assessment_lost_points(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    areas = Criterion.objects.filter(criteria_set=assessment.criteria_set, level=1)
    form = LostPointsFilterForm(request.GET or None, areas=areas)
    exporting = request.GET.get("_export") in EXPORT_FORMATS
    table = LostPointsTable(
        lost_points(assessment=assessment, **form.filters()),
        task_ids_by_code=remediation_task_ids_by_code(assessment=assessment),
        tasks_url=reverse("assessments:lost_points_tasks", args=[assessment.pk]),
        tasks_by_code=remediation_tasks_by_code(assessment=assessment, today=timezone.localdate())
        if exporting
        else None,
    )
    RequestConfig(request, paginate=False).configure(table)
    filename = f"diem-bi-tru-{assessment.unit.code}-{assessment.criteria_set.year}"
    title = _("Điểm bị trừ %(unit)s %(year)s") % {
        "unit": assessment.unit.code,
        "year": assessment.criteria_set.year,
    }
    if response := export_response(request, table, filename, title=title, filters=form):
        return response
    context = {"assessment": assessment, "table": table, "filter": SimpleNamespace(form=form)}
    return render(request, "tracker/assessments/lost_points.html", context)


@login_required
def assessment_lost_points_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The remediation tasks of one criterion (?ma=code) and those below it: the
    partial the lost-points page loads when a count is clicked."""
    assessment = get_assessment_for_user(request.user, pk)
    code = request.GET.get("ma", "")
    if not code:
        raise Http404
    tasks = remediation_tasks(assessment=assessment, code=code, today=timezone.localdate())
    return render(request, "tracker/assessments/_remediation_tasks.html", {"tasks": tasks})


@login_required
def assessment_source_file(request: HttpRequest, pk: int) -> FileResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return file_download(assessment.source_file, filename=assessment.source_file_name or None)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, write=True)
    form = PublishedForm(request.POST or None, initial=PublishedForm.initial_from(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            results.assessment_update(assessment=assessment, published=form.published())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu số liệu công bố."))
            return redirect("assessments:detail", assessment.pk)
    context = {"assessment": assessment, "form": form}
    return render(request, "tracker/assessments/edit.html", context)


# -- import: upload, preview, confirm -----------------------------------------


def _pending(request: HttpRequest, token: str) -> dict:
    try:
        return upload_held(request, token, kind="results")
    except HeldUploadGone as error:
        raise Http404 from error


def _remember_saved(request: HttpRequest, token: str, assessment: Assessment) -> None:
    saved = request.session.get(SAVED_SESSION_KEY, {})
    saved[token] = assessment.pk
    request.session[SAVED_SESSION_KEY] = dict(list(saved.items())[-SAVED_REMEMBERED:])


def _already_saved(request: HttpRequest, token: str) -> HttpResponse | None:
    """The saved assessment's page, with a note, when `token` was confirmed before."""
    pk = request.session.get(SAVED_SESSION_KEY, {}).get(token)
    if pk is None or request.session.get(SESSION_KEY, {}).get(token):
        return None
    assessment = get_assessment_for_user(request.user, pk)
    messages.info(request, _("%(name)s đã được lưu trước đó.") % {"name": assessment})
    return redirect("assessments:detail", assessment.pk)


def _pending_content(token: str) -> bytes:
    """The held upload; ResultsImportError once it was swept away as abandoned."""
    try:
        return held_upload_read(token)
    except HeldUploadGone as error:
        raise ResultsImportError(
            [ImportProblem(_("Tệp tải lên đã quá hạn giữ (một ngày): hãy tải lên lại."))]
        ) from error


def _pending_unit(request: HttpRequest, pending: dict) -> Unit:
    unit = get_object_or_404(Unit, pk=pending["unit"])
    if not can_edit_unit_results(request.user, unit):
        raise PermissionDenied
    return unit


def _reimported(request: HttpRequest) -> Assessment | None:
    """The assessment "Nhập lại từ tệp" links to (unit, index, year in the query),
    when the user may import for its unit: its published figures prefill the form."""
    try:
        unit_id, year = int(request.GET["unit"]), int(request.GET["year"])
    except (KeyError, ValueError):
        return None
    return assessment_for_reimport(
        user=request.user,
        unit_id=unit_id,
        index_code=request.GET.get("index", criteria_sets.DEFAULT_INDEX).upper(),
        year=year,
    )


@login_required
def results_upload(request: HttpRequest) -> HttpResponse:
    if not can_import_results(request.user):
        raise PermissionDenied
    initial = {key: request.GET[key] for key in ("unit", "index", "year") if key in request.GET}
    if existing := _reimported(request):
        initial.update(PublishedForm.initial_from(existing))
    form = ResultsUploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = upload_hold(
            request,
            upload,
            kind="results",
            suffix=PurePath(upload.name or "").suffix,
            filename=PurePath(upload.name).name,
            unit=form.cleaned_data["unit"].pk,
            index=form.cleaned_data["index"],
            year=form.cleaned_data["year"],
            published=form.published().as_json(),
        )
        return redirect("assessments:import_preview", token)
    return render(request, "tracker/assessments/upload.html", {"form": form})


@login_required
def results_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    if response := _already_saved(request, token):
        return response
    pending = _pending(request, token)
    unit = _pending_unit(request, pending)
    published = results.PublishedResult.from_json(pending["published"])
    context = {"token": token, "pending": pending, "unit": unit, "published": published}
    try:
        plan = results.results_preview(
            unit=unit,
            index_code=pending["index"],
            year=pending["year"],
            content=_pending_content(token),
            filename=pending["filename"],
            published=published,
            user=request.user,
        )
    except ResultsImportError as error:
        context.update(
            problems=error.problems[:PROBLEMS_SHOWN],
            problems_hidden=max(len(error.problems) - PROBLEMS_SHOWN, 0),
            problem_count=len(error.problems),
        )
        return render(request, "tracker/assessments/preview.html", context)
    context.update(
        plan=plan,
        published=plan.published,
        nodes=plan.nodes[:PREVIEW_ROWS_SHOWN],
        nodes_hidden=max(len(plan.nodes) - PREVIEW_ROWS_SHOWN, 0),
    )
    return render(request, "tracker/assessments/preview.html", context)


@login_required
@post_only(lambda token: reverse("assessments:import_preview", args=[token]))
@refuse_replay
def results_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if response := _already_saved(request, token):
        return response
    pending = _pending(request, token)
    unit = _pending_unit(request, pending)
    try:
        assessment = results.results_import_file(
            unit=unit,
            index_code=pending["index"],
            year=pending["year"],
            content=_pending_content(token),
            filename=pending["filename"],
            published=results.PublishedResult.from_json(pending["published"]),
            user=request.user,
        )
    except ResultsImportError:
        messages.error(request, _("Chưa lưu: tệp có lỗi, xem danh sách bên dưới."))
        return redirect("assessments:import_preview", token)
    upload_release(request, token)
    _remember_saved(request, token, assessment)
    messages.success(request, _("Đã lưu kết quả chấm điểm %(name)s.") % {"name": assessment})
    return redirect("assessments:detail", assessment.pk)


@login_required
@post_only(lambda token: reverse("assessments:import_preview", args=[token]))
def results_import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    _pending(request, token)
    upload_release(request, token)
    messages.info(request, _("Đã hủy nhập tệp; tệp tải lên đã được xóa."))
    return redirect("assessments:list")


# -- a unit across years, peers -------------------------------------------------


def _index_code(request: HttpRequest) -> str:
    return (request.GET.get("index") or criteria_sets.DEFAULT_INDEX).upper()


def _index_from(request: HttpRequest) -> Index | None:
    """The index asked for (PAR by default); None for a known index nothing was imported on."""
    code = _index_code(request)
    index = Index.objects.filter(code=code).first()
    if index is None and code not in criteria_sets.KNOWN_INDICES:
        raise Http404
    return index


@login_required
def unit_results(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_results_unit_for_user(request.user, code)
    index = _index_from(request)
    context = {
        "unit": unit,
        "index_code": _index_code(request),
        "history": unit_history(unit=unit, index=index) if index else None,
        "indices": criteria_sets.index_choices(),
    }
    return render(request, "tracker/assessments/unit_results.html", context)


@login_required
def unit_results_chart(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_results_unit_for_user(request.user, code)
    index = _index_from(request)
    if index is None:
        raise Http404
    response = HttpResponse(
        unit_history_png(unit_history(unit=unit, index=index)), content_type="image/png"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def _peer_defaults(request: HttpRequest) -> dict:
    agency = user_agency(request.user)
    audience = agency.kind if agency and agency.kind in ASSESSED_KINDS else UnitKind.DEPARTMENT
    year = peer_default_year(index_code=criteria_sets.DEFAULT_INDEX, audience=audience)
    return {"index": criteria_sets.DEFAULT_INDEX, "year": year, "audience": audience}


@login_required
def peer_results(request: HttpRequest) -> HttpResponse:
    data = request.GET if "year" in request.GET else _peer_defaults(request)
    form = PeerFilterForm(data)
    criteria_set = form.criteria_set if form.is_valid() else None
    context = {"form": form, "criteria_set": criteria_set}
    if criteria_set is not None:
        ranking = peer_ranking(criteria_set=criteria_set, parent=form.cleaned_data["parent"])
        visible = set(result_units_visible_to(request.user).values_list("pk", flat=True))
        table = PeerTable(ranking.rows, visible_unit_ids=visible)
        RequestConfig(request, paginate=False).configure(table)
        filename = f"xep-hang-{criteria_set.index.code}-{criteria_set.year}"
        title = _("Xếp hạng %(index)s %(year)s") % {
            "index": criteria_set.index.code,
            "year": criteria_set.year,
        }
        if response := export_response(request, table, filename, title=title, filters=form):
            return response
        context.update(ranking=ranking, table=table)
    return render(request, "tracker/assessments/peers.html", context)


# -- criteria sets ----------------------------------------------------------------


@login_required
def criteria_set_list(request: HttpRequest) -> HttpResponse:
    context = {"criteria_sets": criteria_sets_overview()}
    return render(request, "tracker/assessments/criteria_sets.html", context)


def _criteria_set_context(
    request: HttpRequest, criteria_set: CriteriaSet, copy_form: CriteriaSetCopyForm
) -> dict:
    return {
        "criteria_set": criteria_set,
        "criteria": criteria_set.criteria.all(),
        "can_manage": can_manage_criteria_set(request.user, criteria_set),
        "copy_form": copy_form,
    }


@login_required
def criteria_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("index"), pk=pk)
    context = _criteria_set_context(request, criteria_set, CriteriaSetCopyForm(source=criteria_set))
    return render(request, "tracker/assessments/criteria_set.html", context)


@login_required
@post_only(lambda pk: reverse("assessments:criteria_set", args=[pk]))
def criteria_set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(CriteriaSet.objects.select_related("index"), pk=pk)
    if not can_manage_criteria_set(request.user, source):
        raise PermissionDenied
    form = CriteriaSetCopyForm(request.POST, source=source)
    if form.is_valid():
        try:
            copy = criteria_sets.criteria_set_copy(source=source, year=form.cleaned_data["year"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã sao chép thành %(set)s.") % {"set": copy})
            return redirect("assessments:criteria_set", copy.pk)
    context = _criteria_set_context(request, source, form)
    return render(request, "tracker/assessments/criteria_set.html", context, status=400)


@login_required
def criteria_set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("index"), pk=pk)
    if not can_manage_criteria_set(request.user, criteria_set):
        raise PermissionDenied
    in_use = criteria_in_use(criteria_set=criteria_set)
    initial = [
        {
            "code": criterion.code,
            "name": criterion.name,
            "max_score": criterion.max_score,
            "level": criterion.level,
            "in_use": criterion.pk in in_use,
        }
        for criterion in criteria_set.criteria.all()
    ]
    formset = CriteriaFormSet(request.POST or None, initial=initial)
    problems = []
    if request.method == "POST" and formset.is_valid():
        try:
            criteria_sets.criteria_set_update(
                criteria_set=criteria_set, rows=formset.rows(), removed=formset.removed()
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Đã lưu bộ tiêu chí %(set)s.") % {"set": criteria_set})
            return redirect("assessments:criteria_set", criteria_set.pk)
    context = {
        "criteria_set": criteria_set,
        "formset": formset,
        "problems": problems,
        "assessed_units": criteria_set.assessments.count(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "tracker/assessments/criteria_set_edit.html", context, status=status)


# -- targets ------------------------------------------------------------------


def _targets_context(request: HttpRequest, code: str, year: int) -> dict:
    unit = get_results_unit_for_user(request.user, code)
    index = _index_from(request)
    criteria_set = criteria_set_for(unit=unit, index=index, year=year) if index else None
    previous = criteria_set_for(unit=unit, index=index, year=year - 1) if index else None
    return {
        "unit": unit,
        "index_code": index.code if index else criteria_sets.DEFAULT_INDEX,
        "year": year,
        "criteria_set": criteria_set,
        "previous_set": previous,
        "can_edit": can_edit_targets(request.user, unit),
        "can_copy": previous is not None and can_manage_criteria_set(request.user, previous),
    }


@login_required
def unit_targets(request: HttpRequest, code: str, year: int) -> HttpResponse:
    context = _targets_context(request, code, year)
    criteria_set = context["criteria_set"]
    if criteria_set is not None:
        unit = context["unit"]
        context["rows"] = targets_with_results(unit=unit, criteria_set=criteria_set)
        context["letters"] = unit_target_letters(unit=unit, criteria_set=criteria_set)
        context["assessment"] = assessment_for(unit=unit, criteria_set=criteria_set)
    return render(request, "tracker/assessments/targets.html", context)


@login_required
def unit_targets_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    context = _targets_context(request, code, year)
    unit, criteria_set = context["unit"], context["criteria_set"]
    if not context["can_edit"]:
        raise PermissionDenied
    if criteria_set is None:
        raise Http404
    rows = targets_with_results(unit=unit, criteria_set=criteria_set)
    letters = unit_target_letters(unit=unit, criteria_set=criteria_set)
    initial = {"letter_number": letters[-1][0], "letter_date": letters[-1][1]} if letters else {}
    form = TargetsForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            targets.targets_register(
                unit=unit,
                criteria_set=criteria_set,
                scores=form.changed_scores(),
                letter_number=form.cleaned_data["letter_number"],
                letter_date=form.cleaned_data["letter_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu điểm đăng ký."))
            url = reverse("assessments:targets", args=[unit.code, year])
            return redirect(f"{url}?index={context['index_code']}")
    context["form"] = form
    return render(request, "tracker/assessments/targets_edit.html", context)
