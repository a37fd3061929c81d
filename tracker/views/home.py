"""The home page: one per role, each answering that role's question. The view
only picks the role's selector and template; the figures come from
`tracker.selectors.dashboards` (itself reading `tracker.selectors.progress`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker import permissions
from tracker.charts import svg
from tracker.selectors import dashboards
from tracker.selectors.progress import ROMAN, PeriodError, period_for
from tracker.selectors.tasks import tasks_visible_to
from tracker.services.bulk import BulkIssueError, issue_drafts
from tracker.services.task_records import TaskActionError

# The quarterly Word report is another page's work; until its URL name is
# wired, the leadership review links to this path with ?year=&quarter=.


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if permissions.is_leadership(user) and permissions.user_agency(user):
        return _leadership(request, today)
    if permissions.is_agency_office(user):
        return _office(request, today)
    if permissions.is_unit_head(user) and user.unit_id:
        return _unit_head(request, today)
    if permissions.is_staff_member(user):
        tasks = dashboards.staff_home(user=user, today=today)
        return render(request, "tracker/home/staff.html", {"tasks": tasks, "today": today})
    return render(request, "tracker/home/plain.html", {"unit": user.unit})


def _chosen_period(request: HttpRequest, today) -> tuple[int, int | None]:
    """Year and quarter from the query string; today's quarter by default, a
    blank quarter meaning the year so far. Bad input falls back with a message."""
    default = today.year, dashboards.current_quarter(today)
    try:
        year = int(request.GET.get("year") or default[0])
        quarter = default[1]
        if "quarter" in request.GET:
            quarter = int(request.GET["quarter"]) if request.GET["quarter"] else None
        period_for(year=year, quarter=quarter, today=today)
    except ValueError as error:
        message = str(error) if isinstance(error, PeriodError) else _("Năm và quý phải là số.")
        messages.error(request, message)
        return default
    return year, quarter


def _leadership(request: HttpRequest, today) -> HttpResponse:
    year, quarter = _chosen_period(request, today)
    data = dashboards.leadership_home(user=request.user, year=year, quarter=quarter, today=today)
    figures = data.figures
    lost = {loss.code: loss.lost for loss in data.losses}
    history_years = data.history.years if data.history else []
    charts = {
        "total": svg.bucket_bars(
            "chart-total", _("Tiến độ chung"), [(figures.period.label, figures.buckets)]
        ),
        "by_area": svg.bucket_bars(
            "chart-areas",
            _("Tiến độ theo lĩnh vực bị trừ điểm"),
            [(_area_label(area, lost.get(area.code)), area) for area in data.by_area],
        ),
        "by_unit": svg.bucket_bars(
            "chart-units",
            _("Tiến độ theo đơn vị chủ trì"),
            [(unit.name, unit) for unit in data.by_unit],
        ),
        "history": svg.grouped_bars(
            "chart-history",
            _("Tỷ lệ điểm qua các năm (%) và xếp hạng"),
            [str(result.assessment.criteria_set.year) for result in history_years],
            [(_("Tỷ lệ điểm (%)"), [result.official_percent for result in history_years])],
            notes=[
                _("Hạng %(rank)s") % {"rank": result.assessment.rank_display}
                if result.assessment.rank
                else ""
                for result in history_years
            ],
        ),
        "losses": svg.grouped_bars(
            "chart-losses",
            _("Điểm bị trừ theo lĩnh vực"),
            [loss.code for loss in data.losses],
            [
                (_("Năm %(year)s") % {"year": year - 1}, [loss.lost for loss in data.losses]),
                (
                    _("Năm %(year)s") % {"year": year - 2},
                    [loss.lost_before for loss in data.losses],
                ),
            ],
        ),
    }
    context = {
        "data": data,
        "figures": figures,
        "charts": charts,
        "year": year,
        "quarter": quarter,
        "years": range(today.year + 1, today.year - 6, -1),
        "quarters": [(number, ROMAN[number]) for number in ROMAN],
        "report_url": f"{reverse('reports:index')}?year={year}&quarter={quarter or ''}",
    }
    return render(request, "tracker/home/leadership.html", context)


def _area_label(area, lost) -> str:
    if not lost:
        return f"{area.code}. {area.name}"
    return _("%(code)s. %(name)s (bị trừ %(lost)s điểm)") % {
        "code": area.code,
        # Short enough that the points lost stay on the chart's line.
        "name": Truncator(area.name).chars(32),
        "lost": number_format(lost, decimal_pos=2),
    }


def _office(request: HttpRequest, today, *, refusals=None, chosen=(), status=200) -> HttpResponse:
    data = dashboards.office_home(user=request.user, today=today)
    context = {
        "data": data,
        "refusals": refusals or [],
        "chosen": set(chosen),
        "board_url": f"{reverse('tasks:board')}?status=open",
    }
    return render(request, "tracker/home/office.html", context, status=status)


def _unit_head(request: HttpRequest, today) -> HttpResponse:
    data = dashboards.unit_head_home(user=request.user, today=today)
    chart = svg.bucket_bars(
        "chart-unit",
        _("Nhiệm vụ đến hạn trong %(period)s") % {"period": data.period.label},
        [(data.unit.name, data.buckets)],
    )
    return render(request, "tracker/home/unit_head.html", {"data": data, "chart": chart})


@login_required
@require_POST
def issue_drafts_view(request: HttpRequest) -> HttpResponse:
    """Giao nhiều dự thảo: the chosen drafts all issued, or none with the reason per draft."""
    if not permissions.can_create_task(request.user):
        raise PermissionDenied
    ids = [int(value) for value in request.POST.getlist("task") if value.isdigit()]
    tasks = list(tasks_visible_to(request.user).filter(pk__in=ids).order_by("deadline", "pk"))
    try:
        issued = issue_drafts(tasks=tasks, user=request.user)
    except BulkIssueError as error:
        messages.error(request, error.messages[0])
        return _office(
            request, timezone.localdate(), refusals=error.refusals, chosen=ids, status=400
        )
    except TaskActionError as error:
        messages.error(request, error.messages[0])
        return redirect("home")
    messages.success(request, _("Đã giao %(n)s nhiệm vụ.") % {"n": len(issued)})
    return redirect("home")
