from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tracker.lib.widgets import ANY_CHOICE, NO_CHOICE, VietnameseFileInput
from tracker.models import Assessment, CriteriaSet, Unit, UnitKind
from tracker.permissions import ASSESSED_KINDS, units_for_results_import
from tracker.selectors.assessments import criteria_set_for_peers, peer_groups
from tracker.services.criteria_sets import DEFAULT_INDEX, index_choices
from tracker.services.results import PublishedResult
from tracker.services.results_import import (
    CODE_PATTERN,
    SHEET_ORDER,
    ResultRow,
    column_label,
    fmt,
    parse_code,
    parse_score,
)

# Large enough for a 50,000-row workbook, small enough to refuse a wrong file early.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
YEARS = {"min_value": 2000, "max_value": 2100}


class ScoreField(forms.DecimalField):
    """A score typed as people type it: 5,75 or 5.75 (Django's localized input
    would read 5.75 as 575, the dot being the Vietnamese thousands separator)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        try:
            return parse_score(value)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” không phải là số."), code="invalid", params={"value": value}
            ) from None

    def prepare_value(self, value):
        return fmt(value) if isinstance(value, Decimal) else value


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")
        if isinstance(field, forms.DateField):
            widget.attrs.setdefault("placeholder", "dd/mm/yyyy")


class PublishedForm(forms.Form):
    """The figures of the published decision, kept beside the computed ones."""

    published_total = ScoreField(
        label=_("Tổng điểm công bố"),
        required=False,
        help_text=_("Như trong văn bản; hệ thống tự tính tổng và cảnh báo nếu khác."),
    )
    rank = forms.IntegerField(label=_("Xếp hạng"), required=False, min_value=1)
    rank_of = forms.IntegerField(label=_("Trên tổng số"), required=False, min_value=1)
    rank_change = forms.IntegerField(
        label=_("Thay đổi thứ hạng"),
        required=False,
        help_text=_("Tăng: số dương (2), giảm: số âm (-4)."),
    )
    published_on = forms.DateField(label=_("Ngày công bố"), required=False)
    source_document = forms.CharField(
        label=_("Văn bản công bố"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ: Quyết định số 1035/QĐ-UBND ngày 16/5/2023"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        try:
            self.published().validate()
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def published(self) -> PublishedResult:
        data = self.cleaned_data
        return PublishedResult(
            total=data.get("published_total"),
            rank=data.get("rank"),
            rank_of=data.get("rank_of"),
            rank_change=data.get("rank_change"),
            published_on=data.get("published_on"),
            source_document=data.get("source_document") or "",
        )

    @staticmethod
    def initial_from(assessment: Assessment) -> dict:
        return {
            "published_total": assessment.published_total,
            "rank": assessment.rank,
            "rank_of": assessment.rank_of,
            "rank_change": assessment.rank_change,
            "published_on": assessment.published_on,
            "source_document": assessment.source_document,
        }


class ResultsUploadForm(PublishedForm):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị được đánh giá"), queryset=Unit.objects.none(), empty_label=NO_CHOICE
    )
    index = forms.ChoiceField(label=_("Chỉ số"))
    year = forms.IntegerField(label=_("Năm đánh giá"), **YEARS)
    file = forms.FileField(
        label=_("Tệp kết quả"), widget=VietnameseFileInput(attrs={"accept": ".xlsx,.csv"})
    )

    field_order = ["unit", "index", "year", "file"]

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("index", DEFAULT_INDEX)
        # Results come out the year after: last year's, in the province's calendar.
        kwargs["initial"].setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_results_import(user)
        self.fields["file"].help_text = gettext(
            "Tệp .xlsx hoặc .csv, mỗi dòng một tiêu chí: %(columns)s."
        ) % {"columns": ", ".join(column_label(key) for key in SHEET_ORDER)}
        self.fields["index"].choices = index_choices()
        self.order_fields(self.field_order)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB)."), params={"mb": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


class AssessmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="criteria_set__year", label=_("Năm"))
    index = django_filters.ModelChoiceFilter(
        field_name="criteria_set__index", label=_("Chỉ số"), queryset=None, empty_label=ANY_CHOICE
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=None, empty_label=ANY_CHOICE
    )

    class Meta:
        model = Assessment
        fields = ["year", "index", "unit"]

    def __init__(self, *args, units=None, indices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
        self.filters["index"].queryset = indices
        _style(self.form)


class LostPointsFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.TypedChoiceField(
        label=_("Cấp tiêu chí"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", ANY_CHOICE),
            (1, _("Lĩnh vực")),
            (2, _("Tiêu chí")),
            (3, _("Tiêu chí thành phần")),
        ],
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", ANY_CHOICE)] + [
            (node.code, f"{node.code}. {node.name}") for node in areas
        ]
        _style(self)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "area": self.cleaned_data.get("area") or None,
            "level": self.cleaned_data.get("level"),
        }


class PeerFilterForm(forms.Form):
    index = forms.ChoiceField(label=_("Chỉ số"))
    year = forms.IntegerField(label=_("Năm"), **YEARS)
    audience = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=[(kind.value, kind.label) for kind in UnitKind if kind in ASSESSED_KINDS],
    )
    parent = forms.ModelChoiceField(
        label=_("Thuộc"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=ANY_CHOICE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].choices = index_choices()
        # Only a group of the chosen set is a valid parent, so that set is
        # found before the form is validated.
        self.criteria_set = criteria_set = self._chosen_set()
        self.fields["parent"].queryset = (
            peer_groups(criteria_set=criteria_set) if criteria_set else Unit.objects.none()
        )
        _style(self)

    def _chosen_set(self) -> CriteriaSet | None:
        """The set the index, year and audience asked for pick, if they are valid."""
        if not self.is_bound:
            return None
        try:
            index, year, audience = (
                self.fields[name].clean(self[name].data) for name in ("index", "year", "audience")
            )
        except ValidationError:
            return None
        return criteria_set_for_peers(index_code=index, year=year, audience=audience)


class CriterionEditForm(forms.Form):
    """One line of a criteria set's edit page: a criterion of the set (its code
    fixed: years are matched by code) or a new one."""

    code = forms.CharField(label=_("Mã"), max_length=32, required=False)
    name = forms.CharField(label=_("Tiêu chí"), required=False)
    max_score = ScoreField(label=_("Điểm tối đa"), required=False)
    remove = forms.BooleanField(label=_("Xóa"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].disabled = self.is_stored
        _style(self)

    @property
    def is_stored(self) -> bool:
        return bool(self.initial.get("code"))

    def clean_code(self):
        code = parse_code(self.cleaned_data["code"])
        if code and not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _("Mã “%(code)s” không hợp lệ (cần dạng 1, 1.2 hoặc 1.2.3)."),
                params={"code": code},
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("remove") or not self.has_content():
            return data
        if not data.get("code"):
            self.add_error("code", _("Nhập mã tiêu chí."))
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Nhập tên tiêu chí."))
        if data.get("max_score") is None and "max_score" not in self.errors:
            self.add_error("max_score", _("Nhập điểm tối đa."))
        return data

    def has_content(self) -> bool:
        """A stored criterion always; a new line once anything is typed in it."""
        data = self.cleaned_data
        return self.is_stored or any(
            [data.get("code"), (data.get("name") or "").strip(), data.get("max_score") is not None]
        )


class BaseCriteriaFormSet(forms.BaseFormSet):
    def rows(self) -> list[ResultRow]:
        """The criteria to keep or add, numbered as the page's lines."""
        return [
            ResultRow(
                form.cleaned_data["code"],
                form.cleaned_data["name"].strip(),
                form.cleaned_data["max_score"],
                row=number,
            )
            for number, form in enumerate(self.forms, start=1)
            if form.has_content() and not form.cleaned_data.get("remove")
        ]

    def removed(self) -> list[str]:
        return [
            form.cleaned_data["code"]
            for form in self.forms
            if form.is_stored and form.cleaned_data.get("remove")
        ]


# Room for a few new criteria at a time; save and the page offers more.
CriteriaFormSet = forms.formset_factory(
    CriterionEditForm, formset=BaseCriteriaFormSet, extra=3, max_num=2000, absolute_max=2000
)


class CriteriaSetCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sao chép sang năm"), **YEARS)

    def __init__(self, *args, source: CriteriaSet, **kwargs):
        kwargs.setdefault("initial", {"year": source.year + 1})
        super().__init__(*args, **kwargs)
        _style(self)


class TargetsForm(forms.Form):
    """The letter and one optional target score per criterion of the year."""

    letter_number = forms.CharField(
        label=_("Số văn bản đăng ký"), max_length=64, help_text=_("Ví dụ: 795/STP-VP")
    )
    letter_date = forms.DateField(label=_("Ngày văn bản"))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            criterion = row.node.criterion
            name = f"criterion_{criterion.pk}"
            self.fields[name] = ScoreField(
                label=f"{criterion.code}. {criterion.name}",
                required=False,
                max_value=criterion.max_score,
                initial=row.target_score,
                error_messages={
                    "max_value": _("Điểm đăng ký không được vượt điểm tối đa %(max)s.")
                    % {"max": fmt(criterion.max_score)}
                },
            )
            self.rows.append((row, name))
        _style(self)

    def bound_rows(self):
        return [(row, self[name]) for row, name in self.rows]

    def changed_scores(self) -> dict[int, Decimal | None]:
        """Criterion id -> score for the scores changed on this page (None: removed)."""
        return {
            row.node.criterion.pk: self.cleaned_data.get(name)
            for row, name in self.rows
            if name in self.changed_data
        }
