import django_filters
from django.utils.translation import gettext_lazy as _

from tracker.lib.widgets import ANY_CHOICE, NameChoiceIterator, QuickSelect, VietnameseDateInput
from tracker.models import OPEN_STATUSES, Task, TaskStatus, Unit
from tracker.selectors.tasks import criterion_areas, filter_tasks, task_years, units_below

OPEN = "open"
DATE_INPUT = VietnameseDateInput(attrs={"class": "form-control form-control-sm"})


def _select(choices=()):
    return QuickSelect(attrs={"class": "form-select form-select-sm"}, choices=choices)


def _status_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[(OPEN, _("Chưa kết thúc (mọi trạng thái mở)")), *TaskStatus.choices],
        empty_label=ANY_CHOICE,
        widget=_select(),
    )


def _overdue_filter() -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(
        label=_("Quá hạn"),
        widget=_select([("", ANY_CHOICE), ("true", _("Quá hạn")), ("false", _("Không quá hạn"))]),
    )


class UnitChoiceField(django_filters.fields.ModelChoiceField):
    iterator = NameChoiceIterator


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit picked by name among hundreds, with no model built per option."""

    field_class = UnitChoiceField


class TaskFilter(django_filters.FilterSet):
    """The deadline board's filters. Validation and the form come from
    django-filter; the narrowing itself is `selectors.tasks.filter_tasks`, which
    reports and dashboards call directly."""

    lead_unit = UnitFilter(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        empty_label=ANY_CHOICE,
        widget=_select(),
    )
    status = _status_filter()
    area = django_filters.ChoiceFilter(
        label=_("Lĩnh vực tiêu chí"), choices=[], empty_label=ANY_CHOICE, widget=_select()
    )
    deadline_from = django_filters.DateFilter(
        label=_("Hạn từ ngày"), widget=DATE_INPUT, field_name="deadline"
    )
    deadline_to = django_filters.DateFilter(
        label=_("Hạn đến ngày"), widget=DATE_INPUT, field_name="deadline"
    )
    overdue = _overdue_filter()
    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=[], empty_label=ANY_CHOICE, widget=_select()
    )

    class Meta:
        model = Task
        fields = []

    def __init__(self, data=None, queryset=None, *, agency: Unit, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["lead_unit"].queryset = units_below(agency=agency)
        self.filters["area"].extra["choices"] = criterion_areas(agency=agency)
        self.filters["year"].extra["choices"] = [
            (str(year), str(year)) for year in task_years(agency=agency)
        ]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        status = data.get("status")
        return filter_tasks(
            queryset,
            lead_unit=data.get("lead_unit"),
            statuses=list(OPEN_STATUSES) if status == OPEN else [status] if status else None,
            area=data.get("area") or None,
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            overdue=data.get("overdue"),
            year=int(data["year"]) if data.get("year") else None,
        )


class UnitTaskFilter(django_filters.FilterSet):
    """The filters of a unit's own list (Nhiệm vụ của đơn vị): status and overdue,
    narrowed by the same `filter_tasks` as the board."""

    status = _status_filter()
    overdue = _overdue_filter()

    class Meta:
        model = Task
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        status = data.get("status")
        return filter_tasks(
            queryset,
            statuses=list(OPEN_STATUSES) if status == OPEN else [status] if status else None,
            overdue=data.get("overdue"),
        )
