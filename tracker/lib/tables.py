"""One table style and one export path for every django-tables2 table.

Exports are written here, not by tablib, because an office opens them in a
Vietnamese Excel: dates must be date cells shown dd/mm/yyyy, scores numbers
with two decimals, the CSV must use the decimal comma (and so the semicolon
between fields, Excel's list separator wherever the comma is the decimal
mark), and text a user typed must never run as a formula.
"""

import codecs
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tracker.lib.formats import vn_date

# Only what an office opens: tablib could also write JSON, YAML, LaTeX…
EXPORT_FORMATS = ("csv", "xlsx")
# Export renders every filtered row inside the request; beyond this the
# office narrows the filter first.
EXPORT_ROW_LIMIT = 20_000
CSV_DELIMITER = ";"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP
# "CSV injection"): a task titled =HYPERLINK(...) would run as one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_DECIMAL_FORMAT = "#,##0.00"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class AppTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle table-app"}
        template_name = "partials/table_bootstrap5.html"


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _plain(value):
    """A cell value as one of: None, str, int, Decimal/float, date, datetime (naive, local)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        # openpyxl refuses aware datetimes; the office reads local time.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if value is None or isinstance(value, int | float | Decimal | date | str):
        return value
    return str(value)


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return vn_date(value)
    if isinstance(value, Decimal | float):
        # 5,75, as Vietnamese Excel reads a number; no thousands mark, which
        # it would read as text in a CSV.
        return number_format(value, 2, use_l10n=False).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, datetime):
        cell.number_format = XLSX_DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = XLSX_DATE_FORMAT
    elif isinstance(value, Decimal | float):
        cell.number_format = XLSX_DECIMAL_FORMAT
    elif isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        # Kept as typed, but stored as text and marked as such, so Excel
        # neither runs it now nor after the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31].strip() or "Sheet1"


def filter_summary(form) -> str:
    """The filters a bound form applied, as "Label: value; …" ("" when none)."""
    if form is None or not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value):
            continue
        parts.append(f"{field.label}: {_filter_value(field, value)}")
    return "; ".join(parts)


def _filter_value(field, value) -> str:
    if isinstance(value, date):
        return vn_date(value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return ", ".join(str(item) for item in value)
    choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None) or ()
    labels = {str(key).lower(): label for key, label in choices}
    return str(labels.get(str(value).lower(), value))


def export_response(
    request: HttpRequest,
    table: tables.Table,
    filename: str,
    *,
    title: str,
    filters=None,
) -> HttpResponse | None:
    """The table as a file when the request asks for ?_export=csv|xlsx, else None.

    `title` names the sheet and heads the first row, beside the filters of
    the bound form `filters` and the export time; the file name carries the
    date. Too many rows: back to the page, filters kept, with a message.
    """
    export_format = request.GET.get("_export")
    if export_format not in EXPORT_FORMATS:
        return None
    rows = len(table.data)
    if rows > EXPORT_ROW_LIMIT:
        messages.error(
            request,
            _("Danh sách có %(rows)d dòng, quá %(limit)d dòng có thể xuất: hãy lọc bớt.")
            % {"rows": rows, "limit": EXPORT_ROW_LIMIT},
        )
        query = request.GET.copy()
        del query["_export"]
        return redirect(f"{request.path}?{query.urlencode()}")
    now = timezone.localtime()
    heading = " — ".join(
        part
        for part in (
            str(title),
            filter_summary(filters),
            _("Xuất ngày %(date)s") % {"date": now.strftime("%d/%m/%Y %H:%M")},
        )
        if part
    )
    values = table.as_values()
    header = [str(name) for name in next(values)]
    body = [[_plain(value) for value in row] for row in values]
    if export_format == "csv":
        content = _csv_bytes(heading, header, body)
    else:
        content = _xlsx_bytes(sheet_name(str(title)), heading, header, body)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    # ISO order in the name, so a folder of exports sorts by date.
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}-{now:%Y-%m-%d}.{export_format}"'
    )
    return response


def _csv_bytes(heading: str, header: list[str], body: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([neutralise(heading)])
    writer.writerow([neutralise(name) for name in header])
    writer.writerows([_csv_text(value) for value in row] for row in body)
    # Excel reads a CSV without a byte-order mark in the local ANSI code
    # page, which garbles every Vietnamese letter.
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(name: str, heading: str, header: list[str], body: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name)
    for index, width in enumerate(_column_widths(header, body), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    title_cell = WriteOnlyCell(sheet, heading)
    title_cell.font = Font(bold=True, size=12)
    sheet.append([title_cell])
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = _xlsx_cell(sheet, name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in body:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_widths(header: list[str], body: list[list]) -> list[float]:
    widths = []
    for index, name in enumerate(header):
        longest = max(
            [len(name)] + [len(_csv_text(row[index])) for row in body[:200]],
        )
        widths.append(min(max(longest + 2, 10), 80))
    return widths
