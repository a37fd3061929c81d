from django import forms


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
