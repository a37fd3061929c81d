from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.lib.widgets import NO_CHOICE, VietnameseDateInput
from tracker.models import Unit


class UnitChoiceField(forms.TypedChoiceField):
    """A unit picked from a list built once for the whole form set: a
    ModelChoiceField would query the units again for every row."""

    def __init__(self, *args, units=(), **kwargs):
        self.units = {unit.pk: unit for unit in units}
        choices = [("", NO_CHOICE)] + [(unit.pk, str(unit)) for unit in self.units.values()]
        super().__init__(
            *args,
            choices=choices,
            coerce=lambda pk: self.units[int(pk)],
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        return value.pk if isinstance(value, Unit) else value


class ProposalForm(forms.Form):
    """One proposed draft task on the review page."""

    source_key = forms.CharField(widget=forms.HiddenInput)
    selected = forms.BooleanField(label=_("Tạo"), required=False)
    deadline = forms.DateField(
        label=_("Hạn hoàn thành"),
        required=False,
        widget=VietnameseDateInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"] = UnitChoiceField(
            label=_("Đơn vị chủ trì"), units=units, required=False
        )
        self.fields["lead_unit"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        if data.get("selected") and not data.get("lead_unit"):
            self.add_error("lead_unit", _("Chọn đơn vị chủ trì cho nhiệm vụ được tạo."))
        return data


ProposalFormSet = forms.formset_factory(ProposalForm, extra=0)


class CommonDeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Hạn chung cho các nhiệm vụ"),
        required=False,
        help_text=_("Áp dụng cho các dòng chưa nhập hạn riêng."),
        widget=VietnameseDateInput(attrs={"class": "form-control"}),
    )


class ResponsibilityForm(forms.Form):
    criterion_id = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=(), criterion_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion_ids = criterion_ids
        self.fields["unit"] = UnitChoiceField(
            label=_("Đơn vị chủ trì"), units=units, required=False
        )
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"

    def clean_criterion_id(self):
        criterion_id = self.cleaned_data["criterion_id"]
        if criterion_id not in self.criterion_ids:
            raise forms.ValidationError(_("Tiêu chí không thuộc bộ tiêu chí này."))
        return criterion_id


ResponsibilityFormSet = forms.formset_factory(ResponsibilityForm, extra=0)
