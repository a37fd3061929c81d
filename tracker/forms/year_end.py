from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.lib.widgets import VietnameseDateInput
from tracker.models import Task
from tracker.services.year_end import CANCEL, CARRY, YearEndDecision

CHOICES = [("", _("Để nguyên")), (CARRY, _("Chuyển sang năm sau")), (CANCEL, _("Hủy"))]


class YearCloseForm(forms.Form):
    """One choice, new deadline and reason per open task (fields named by task id)."""

    def __init__(self, *args, tasks: list[Task], **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        for task in tasks:
            self.fields[f"action_{task.pk}"] = forms.ChoiceField(
                label=_("Quyết định"), choices=CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"deadline_{task.pk}"] = forms.DateField(
                label=_("Hạn mới"),
                required=False,
                widget=VietnameseDateInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"reason_{task.pk}"] = forms.CharField(
                label=_("Lý do hủy"),
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(task, choice, deadline, reason) bound fields per task, for the table."""
        return [
            (
                task,
                self[f"action_{task.pk}"],
                self[f"deadline_{task.pk}"],
                self[f"reason_{task.pk}"],
            )
            for task in self.tasks
        ]

    def decisions(self) -> dict[int, YearEndDecision]:
        return {
            task.pk: YearEndDecision(
                action=self.cleaned_data[f"action_{task.pk}"],
                deadline=self.cleaned_data[f"deadline_{task.pk}"],
                reason=self.cleaned_data[f"reason_{task.pk}"],
            )
            for task in self.tasks
            if self.cleaned_data[f"action_{task.pk}"]
        }
