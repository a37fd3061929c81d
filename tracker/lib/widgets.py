from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# One wording for an empty choice: a filter left empty means "any"; a form
# field left empty means nothing was picked yet.
ANY_CHOICE = _("Tất cả")
NO_CHOICE = _("— Chọn —")


class VietnameseDateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy.

    The browser's own date picker shows the format of the browser's language
    (mm/dd/yyyy on the English browsers many offices run), so dates are plain
    text in the one format every official document uses.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class VietnameseFileInput(forms.ClearableFileInput):
    """A file picker that speaks Vietnamese whatever the browser's language.

    The native input's button and "No file chosen" come from the browser; it
    is kept (focusable, for the keyboard and screen readers) but drawn under
    a label button, and static/js/app.js writes the chosen names beside it.
    """

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        native = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<div class="file-picker" data-file-picker>{}'
            '<label class="btn btn-outline-secondary btn-sm" for="{}">'
            '<i class="bi bi-paperclip"></i> {}</label> '
            '<span class="file-picker-names small text-body-secondary" data-empty="{}">{}</span>'
            "</div>",
            native,
            input_id,
            _("Chọn tệp") if not self.allow_multiple_selected else _("Chọn các tệp"),
            _("Chưa chọn tệp nào"),
            _("Chưa chọn tệp nào"),
        )


class QuickSelect(forms.Select):
    """A <select> written in one pass instead of one template per option.

    Django renders every option through its own template; a filter offering
    the province's 500 units spent a quarter of a second on that alone. Same
    markup (name, id, attrs, selected), no per-option template.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Not get_context: it walks the choices too (a second query for a
        # model choice field).
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
        return format_html(
            "<select{}>{}</select>",
            flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
            mark_safe("".join(options)),
        )


class NameChoiceIterator(ModelChoiceIterator):
    """A model choice field's options as (pk, name) read straight from the
    database: offering a province's 500 units built 500 model instances only
    to print their names."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")
