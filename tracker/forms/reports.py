from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.models import ReportKind

QUARTERS = [("", _("Cả năm (đến nay)")), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")]


class ReportForm(forms.Form):
    """What to generate: the kind, the agency or unit, the year and quarter, and
    the number if the office has one already."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=ReportKind.choices)
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        choices=QUARTERS,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Quý %(value)s không hợp lệ: chỉ có quý 1 đến 4.")},
    )
    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=16,
        required=False,
        help_text=_("Để trống: văn thư ghi số khi phát hành."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
