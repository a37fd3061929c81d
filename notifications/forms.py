from django import forms

from notifications.models import Preferences, ReminderPolicy


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["email_enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ReminderPolicyForm(forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        fields = [
            "first_notice_days",
            "second_notice_days",
            "overdue_every_days",
            "escalate_leader_days",
            "escalate_head_days",
            "acceptance_wait_days",
            "verification_wait_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = (
            "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
        )
        field.widget.attrs.setdefault("class", css)
