from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option_value,
                    mark_safe(" selected") if option_value in selected else "",
                    label,
                )
            )
        return format_html(
            "<select{}>{}</select>",
            flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
            mark_safe("".join(options)),
        )
