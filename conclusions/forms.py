from dataclasses import asdict

from django import forms
from django.utils.translation import gettext_lazy as _

from conclusions.models import Assignment
from conclusions.parsing import MAX_UPLOAD_BYTES, ProposedConclusion
from conclusions.services import (
    ConclusionInput,
    DirectiveInput,
    agency_units,
    proposal_inputs,
)
from tracker.lib.widgets import NO_CHOICE, VietnameseDateInput, VietnameseFileInput
from tracker.permissions import agency_leaders

DATE_WIDGET = VietnameseDateInput(attrs={"class": "form-control"})


class ConclusionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Word (.docx)"),
        required=False,
        widget=VietnameseFileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung thông báo"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 14}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB."))
        if upload and not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                _("Tệp “%(name)s” không phải tệp Word .docx.") % {"name": upload.name}
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(
                _("Hãy chọn tệp .docx của thông báo hoặc dán nội dung thông báo.")
            )
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError(_("Chỉ chọn tệp hoặc dán nội dung, không cả hai."))
        return data


class ConclusionReviewForm(forms.Form):
    number = forms.CharField(
        label=_("Số thông báo"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE_WIDGET)
    signer = forms.CharField(
        label=_("Người ký"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    meeting = forms.CharField(
        label=_("Cuộc họp được kết luận"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    assessment_year = forms.IntegerField(
        label=_("Năm kết quả chấm điểm"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)
    upload_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, header_notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.header_notes = list(header_notes)

    def conclusion_input(self) -> ConclusionInput:
        data = self.cleaned_data
        return ConclusionInput(
            number=data["number"],
            issued_on=data["issued_on"],
            signer=data["signer"],
            meeting=data["meeting"],
            assessment_year=data["assessment_year"],
            source_text=data["source_text"],
        )


class AssignmentField(forms.TypedChoiceField):
    """Left out, or left as it was, it is "assigned": a row added on the
    review page and left empty stays unchanged, and is not saved."""

    def has_changed(self, initial, data):
        return (data or Assignment.ASSIGNED) != (initial or Assignment.ASSIGNED)


class DirectiveForm(forms.Form):
    """One directive on the review page and on the edit page."""

    label = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Nội dung chỉ đạo"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được giao"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    every_office = forms.BooleanField(label=_("Mọi phòng, đơn vị"), required=False)
    every_commune = forms.BooleanField(label=_("Mọi xã, phường, thị trấn"), required=False)
    assignment = AssignmentField(
        label=_("Tình trạng giao việc"),
        choices=Assignment.choices,
        initial=Assignment.ASSIGNED,
        required=False,
        empty_value=Assignment.ASSIGNED,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        help_text=_(
            "“Chờ giao đơn vị”: lưu nội dung, chưa tạo nhiệm vụ cho đến khi chọn đơn vị. "
            "“Để biết”: không tạo nhiệm vụ."
        ),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Lãnh đạo phụ trách"),
        queryset=None,
        required=False,
        empty_label=NO_CHOICE,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    deadline_text = forms.CharField(
        label=_("Thời hạn (nguyên văn)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Sửa lời văn thì hệ thống đọc lại khi lưu."),
    )
    manual_due_date = forms.DateField(
        label=_("Hoặc đặt hạn bằng tay"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Dùng khi không đọc được thời hạn; nếu nhập, ngày này được dùng làm hạn."),
    )
    unit_notes = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = agency_units(agency).order_by("kind", "sort_order", "name")
        self.fields["supervisor"].queryset = agency_leaders(agency)
        self.fields["every_office"].widget.attrs["class"] = "form-check-input"
        self.fields["every_commune"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        given = data.get("units") or data.get("every_office") or data.get("every_commune")
        if data.get("assignment") == Assignment.ASSIGNED and not given:
            self.add_error(
                "units",
                _(
                    "Chọn ít nhất một đơn vị, hoặc mọi phòng, đơn vị / mọi xã, phường, thị trấn; "
                    "chưa rõ đơn vị thì chọn “Chờ giao đơn vị”."
                ),
            )
        return data

    @staticmethod
    def initial_for(directive: DirectiveInput, *, unit_notes=()) -> dict:
        return {
            "label": directive.label,
            "text": directive.text,
            "units": [unit.pk for unit in directive.units],
            "every_office": directive.every_office,
            "every_commune": directive.every_commune,
            "supervisor": directive.supervisor.pk if directive.supervisor else None,
            "deadline_text": directive.deadline_text,
            "manual_due_date": directive.manual_due_date,
            "unit_notes": "\n".join(unit_notes),
            "assignment": directive.assignment,
        }

    def directive_input(self) -> DirectiveInput:
        data = self.cleaned_data
        return DirectiveInput(
            text=data["text"],
            label=data["label"],
            units=list(data["units"]),
            every_office=data["every_office"],
            every_commune=data["every_commune"],
            supervisor=data["supervisor"],
            deadline_text=data["deadline_text"],
            manual_due_date=data["manual_due_date"],
            assignment=data["assignment"],
        )


class BaseDirectiveFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(self.errors) and not self._kept_forms():
            raise forms.ValidationError(_("Thông báo cần ít nhất một nội dung chỉ đạo."))

    def _kept_forms(self) -> list[DirectiveForm]:
        """The directives to save, in page order: not removed, and not a row
        added on the review page and then left empty."""
        return [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and (form.has_changed() or not form.empty_permitted)
        ]

    def directive_inputs(self) -> list[DirectiveInput]:
        return [form.directive_input() for form in self._kept_forms()]

    def added_form(self, index: int) -> DirectiveForm:
        """An empty directive for the review page at position `index` (0-based),
        after the ones read from the conclusion."""
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix(index),
            empty_permitted=True,
            use_required_attribute=False,
            **self.get_form_kwargs(index),
        )
        self.add_fields(form, index)
        return form


DirectiveFormSet = forms.formset_factory(
    DirectiveForm, formset=BaseDirectiveFormSet, extra=0, can_delete=True
)


def review_forms(
    proposal: ProposedConclusion, *, agency, upload_token: str = ""
) -> tuple[ConclusionReviewForm, BaseDirectiveFormSet]:
    """The review page's forms filled with the proposal as it stands. Unit
    problems show beside their directive, the rest above the form."""
    conclusion, directives = proposal_inputs(proposal)
    conclusion_form = ConclusionReviewForm(
        initial={**asdict(conclusion), "upload_token": upload_token},
        header_notes=[p.message for p in proposal.problems] + proposal.warnings,
    )
    initial = [
        DirectiveForm.initial_for(
            directive, unit_notes=proposed.unit_problems + proposed.unit_notes
        )
        for directive, proposed in zip(directives, proposal.directives, strict=True)
    ]
    return conclusion_form, DirectiveFormSet(initial=initial, form_kwargs={"agency": agency})
