"""How dates read for people, and (in vi/, en/) Django's format modules.

Templates use the |date filter, which follows the format modules; Python code
that writes a date into a message, a table cell or an export uses `vn_date`.
"""

from datetime import date


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, as official documents write dates; "" for no date."""
    return value.strftime("%d/%m/%Y") if value is not None else ""
