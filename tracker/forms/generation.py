from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.forms.widgets import VietnameseDateInput
from tracker.models import Unit


class ProposalForm(forms.Form):
    """One proposed draft task on the review page."""

    source_key = forms.CharField(widget=forms.HiddenInput)
    selected = forms.BooleanField(label=_("Tạo"), required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Hạn hoàn thành"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["lead_unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["deadline"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy"}
        )

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
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"


ResponsibilityFormSet = forms.formset_factory(ResponsibilityForm, extra=0)
