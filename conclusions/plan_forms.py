from django import forms
from django.utils.translation import gettext_lazy as _

from conclusions.parsing import MAX_UPLOAD_BYTES
from conclusions.plan_services import PlanHeader
from tracker.lib.widgets import VietnameseDateInput

CONTROL = {"class": "form-control"}


class PlanHeaderForm(forms.Form):
    number = forms.CharField(
        label=_("Số kế hoạch"), max_length=64, widget=forms.TextInput(attrs=CONTROL)
    )
    signed_on = forms.DateField(label=_("Ngày ban hành"), widget=VietnameseDateInput(attrs=CONTROL))
    year = forms.IntegerField(
        label=_("Năm kế hoạch"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=CONTROL),
    )
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, required=False, widget=forms.TextInput(attrs=CONTROL)
    )

    def header(self) -> PlanHeader:
        data = self.cleaned_data
        return PlanHeader(
            number=data["number"],
            signed_on=data["signed_on"],
            year=data["year"],
            title=data["title"],
        )


class PlanUploadForm(PlanHeaderForm):
    file = forms.FileField(
        label=_("Tệp kế hoạch (Word .docx hoặc Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={**CONTROL, "accept": ".docx,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB."))
        return upload


class PlanConfirmForm(PlanHeaderForm):
    """The review page's hidden copy of the header and the held file."""

    token = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()
