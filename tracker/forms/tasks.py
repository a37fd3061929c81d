"""Forms of the task pages. They only shape input: every rule is checked by
the service the view calls (tracker.services.tasks), whose errors land back
on these forms' fields."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tracker import permissions
from tracker.lib.formats import vn_date
from tracker.lib.text import vietnamese_sort_key
from tracker.lib.widgets import NO_CHOICE, VietnameseDateInput, VietnameseFileInput
from tracker.models import Criterion, ExtensionStatus, Priority, Task, Unit, User
from tracker.models.tasks import DEADLINE_LOCKED_MESSAGE, TASK_EDITABLE_FIELDS
from tracker.selectors.tasks import (
    assignable_users,
    criterion_choices,
    lead_unit_choices,
    units_below,
)
from tracker.services.evidence import ALLOWED_EXTENSIONS

DATE_WIDGET = VietnameseDateInput()
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class CollatedChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices in Vietnamese alphabetical order of their labels: the database
    sorts "Đặng" before "Dương" and "Ông" after "Ơn"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset.iterator()]
        yield from sorted(choices, key=lambda choice: vietnamese_sort_key(str(choice[1])))


class UserChoiceField(forms.ModelChoiceField):
    """A person, by full name, in Vietnamese alphabetical order."""

    iterator = CollatedChoiceIterator

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", NO_CHOICE)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.get_full_name()


class CriterionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Sets of one year differ by audience and share codes: name all three.
        criteria_set = obj.criteria_set
        return (
            f"{criteria_set.index.code} {criteria_set.year} "
            f"({criteria_set.get_audience_display()}) · {obj.code}. {obj.name}"
        )


class MultipleFileInput(VietnameseFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; the service judges each file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _accept_attr()}))
        kwargs.setdefault("required", False)
        # The service refuses an empty file too, naming it: Django's own
        # message does not say which of several files was empty.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [cleaned for cleaned in (single(item, initial) for item in items) if cleaned]


def _accept_attr() -> str:
    return ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class VersionedForm(StyledForm):
    """Carries the task version the page showed (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", task.version)
        self.task = task
        super().__init__(*args, **kwargs)


class TaskForm(StyledForm):
    """Create or edit a task (office staff)."""

    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    description = forms.CharField(label=_("Nội dung"), widget=TEXTAREA, required=False)
    expected_output = forms.CharField(label=_("Sản phẩm đầu ra"), widget=TEXTAREA, required=False)
    year = forms.IntegerField(
        label=_("Năm kết quả khắc phục"), required=False, min_value=2000, max_value=2100
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), empty_label=NO_CHOICE
    )
    supporting_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    supervisor = UserChoiceField(
        label=_("Lãnh đạo phụ trách"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET, required=False)
    ongoing = forms.BooleanField(label=_("Thường xuyên (không có hạn)"), required=False)
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL
    )
    indicator_name = forms.CharField(label=_("Chỉ tiêu"), max_length=255, required=False)
    indicator_target = forms.DecimalField(
        label=_("Giá trị chỉ tiêu"), max_digits=12, decimal_places=2, required=False
    )
    indicator_unit = forms.CharField(label=_("Đơn vị tính"), max_length=32, required=False)
    criteria = CriterionField(
        label=_("Tiêu chí khắc phục"),
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, agency: Unit, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = lead_unit_choices(agency=agency)
        self.fields["supporting_units"].queryset = units_below(agency=agency)
        self.fields["supervisor"].queryset = permissions.agency_leaders(agency)
        linked = task.task_criteria.values_list("criterion_id", flat=True) if task else ()
        self.fields["criteria"].queryset = criterion_choices(agency=agency, keep=linked)

    @staticmethod
    def initial_for(task: Task) -> dict:
        initial = {name: getattr(task, name) for name in TASK_EDITABLE_FIELDS}
        initial["supporting_units"] = list(task.supporting_units.all())
        initial["criteria"] = list(task.criteria.all())
        return initial


class TaskCreateForm(TaskForm):
    issue = forms.BooleanField(
        label=_("Giao ngay cho đơn vị chủ trì (không lưu dự thảo)"), required=False
    )


class TaskEditForm(TaskForm):
    """Every field also carries, hidden, the value the page showed: saving
    sends only what the user changed, so a colleague's edit of another field
    made meanwhile is never written back with the value the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault("initial", {**self.initial_for(task), "version": task.version})
        super().__init__(*args, agency=task.agency, task=task, **kwargs)
        for name, field in self.fields.items():
            field.show_hidden_initial = name != "version"
        if not task.deadline_editable:
            # Shown for reference; a disabled field ignores whatever is posted.
            for name in ("deadline", "ongoing"):
                self.fields[name].disabled = True
                self.fields[name].initial = getattr(task, name)
            self.fields["deadline"].help_text = DEADLINE_LOCKED_MESSAGE

    def changes(self) -> dict:
        """The cleaned values of the fields the user changed on the page."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "version"}

    @classmethod
    def after_conflict(cls, *, task: Task, submitted: "TaskEditForm") -> "TaskEditForm":
        """The form again over the task as it is now: the user's value where
        they changed a field, the current value elsewhere, and the current
        values as what the page shows, so saving it changes only what the
        user changed (and whatever they change now)."""
        current = cls.initial_for(task)
        changed = set(submitted.changed_data)
        data = submitted.data.copy()
        for name, field in submitted.fields.items():
            if name == "version" or field.disabled:
                continue
            raw = _as_posted(field, current[name])
            data.setlist(submitted.add_initial_prefix(name), raw)
            if name not in changed:
                data.setlist(submitted.add_prefix(name), raw)
        data[submitted.add_prefix("version")] = task.version
        return cls(data, task=task)

    def conflict_rows(self, *, task: Task, submitted: "TaskEditForm") -> list[dict]:
        """Per field that differs: its label, the current value and the user's."""
        current = self.initial_for(task)
        changed = set(submitted.changed_data)
        rows = []
        for name, field in self.fields.items():
            if name == "version" or field.disabled or name not in submitted.cleaned_data:
                continue
            mine = submitted.cleaned_data[name]
            if _same(mine, current[name]):
                continue
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "current": _shown(field, current[name]),
                    "mine": _shown(field, mine),
                    "mine_changed": name in changed,
                }
            )
        return rows


def _as_posted(field: forms.Field, value) -> list[str]:
    """A value as the browser would post it for `field`."""
    if isinstance(field, forms.BooleanField):
        return ["True" if value else "False"]
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(item.pk) for item in value]
    if isinstance(field, forms.ModelChoiceField):
        return [str(value.pk)] if value is not None else [""]
    if value is None:
        return [""]
    formatted = field.widget.format_value(value)
    if isinstance(formatted, list):  # a choice widget's own shape
        return formatted
    return [str(formatted if formatted is not None else value)]


def _same(left, right) -> bool:
    if hasattr(left, "__iter__") and not isinstance(left, str):
        return {item.pk for item in left} == {item.pk for item in right}
    return (None if left == "" else left) == (None if right == "" else right)


def _shown(field: forms.Field, value) -> str:
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if value in (None, ""):
        return "—"
    if isinstance(field, forms.ModelChoiceField) and not isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        return field.label_from_instance(value)
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return "; ".join(field.label_from_instance(item) for item in value) or "—"
    if isinstance(value, date):
        return vn_date(value)
    if isinstance(value, Decimal):
        return number_format(value, 2)
    choices = dict(getattr(field, "choices", ()) or ())
    return str(choices.get(value, value))


class EmptyActionForm(VersionedForm):
    """An action with nothing to fill in (issue, verify)."""


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA)


class AssigneeForm(VersionedForm):
    assignee = UserChoiceField(
        label=_("Người thực hiện"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("assignee", task.assignee)
        super().__init__(*args, task=task, **kwargs)
        self.fields["assignee"].queryset = assignable_users(task)


class ReassignForm(VersionedForm):
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), empty_label=NO_CHOICE
    )
    deadline = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET, required=False)
    ongoing = forms.BooleanField(label=_("Thường xuyên (không có hạn)"), required=False)

    def __init__(self, *args, task: Task, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("lead_unit", task.lead_unit)
        initial.setdefault("deadline", task.deadline)
        initial.setdefault("ongoing", task.ongoing)
        super().__init__(*args, task=task, **kwargs)
        self.fields["lead_unit"].queryset = lead_unit_choices(agency=task.agency)


class ProgressForm(VersionedForm):
    percent_complete = forms.IntegerField(
        label=_("Tiến độ (%)"), widget=forms.NumberInput(attrs={"min": 0, "max": 100})
    )
    indicator_value = forms.DecimalField(
        label=_("Giá trị chỉ tiêu hiện tại"), max_digits=12, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("Nội dung"), widget=TEXTAREA, required=False)
    files = MultipleFileField(label=_("Minh chứng"))

    def __init__(self, *args, task: Task, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("percent_complete", task.percent_complete)
        super().__init__(*args, task=task, **kwargs)
        if not task.indicator_name:
            del self.fields["indicator_value"]


class SubmitForm(VersionedForm):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=TEXTAREA)
    indicator_value = forms.DecimalField(
        label=_("Giá trị chỉ tiêu đạt được"), max_digits=12, decimal_places=2, required=False
    )
    files = MultipleFileField(label=_("Minh chứng"))

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, task=task, **kwargs)
        if not task.indicator_name:
            del self.fields["indicator_value"]


class ExtensionRequestForm(VersionedForm):
    proposed_deadline = forms.DateField(label=_("Hạn đề nghị"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA)


class ExtensionDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[
            (ExtensionStatus.APPROVED, _("Đồng ý gia hạn")),
            (ExtensionStatus.REFUSED, _("Không đồng ý")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Ý kiến"), widget=TEXTAREA, required=False)


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}))


class DraftDeadlineForm(StyledForm):
    """One new deadline for the drafts ticked (office staff)."""

    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ dự thảo"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một nhiệm vụ dự thảo.")},
    )
    deadline = forms.DateField(label=_("Hạn hoàn thành mới"), widget=DATE_WIDGET)

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = drafts
