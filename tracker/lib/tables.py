"""One table style and one export path for every django-tables2 table.

Exports are written here, not by tablib, because an office opens them in a
Vietnamese Excel: dates must be date cells shown dd/mm/yyyy, scores numbers
with two decimals, the CSV must use the decimal comma (and so the semicolon
between fields, Excel's list separator wherever the comma is the decimal
mark), and text a user typed must never run as a formula.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import BinaryIO, TextIO

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
# Column widths are fitted to the first rows: enough to see a column's shape.
WIDTH_SAMPLE_ROWS = 200
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
    if type(value) is str:
        # Most cells are text: the first question asked.
        return neutralise(value)
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
    _xlsx_format(cell, value)
    return cell


def _xlsx_value(sheet, value):
    """What the row hands openpyxl: the value itself when it needs no format of
    its own (plain text, whole numbers, empty), else a cell that carries it.
    openpyxl writes a bare value through one reused cell; a cell of our own
    takes it through a refused assignment first (10 µs a cell instead of 6)."""
    if value is None or type(value) is int:
        return value
    if isinstance(value, str) and not value.startswith(FORMULA_TRIGGERS):
        return value
    return _xlsx_cell(sheet, value)


def _xlsx_format(cell: WriteOnlyCell, value) -> None:
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


def export_heading(title: str, filters=None, *, now: datetime) -> str:
    """The first row: the list's title, the filters of the bound form `filters`
    and the export time."""
    return " — ".join(
        part
        for part in (
            str(title),
            filter_summary(filters),
            _("Xuất ngày %(date)s") % {"date": timezone.localtime(now).strftime("%d/%m/%Y %H:%M")},
        )
        if part
    )


def export_filename(stem: str, export_format: str, *, now: datetime) -> str:
    # ISO order in the name, so a folder of exports sorts by date.
    return f"{stem}-{timezone.localtime(now):%Y-%m-%d}.{export_format}"


def file_response(content: bytes, export_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_export(
    target: BinaryIO,
    export_format: str,
    *,
    title: str,
    heading: str,
    header: list[str],
    rows: Iterable[Sequence],
) -> None:
    """Write the heading row, the header and `rows` (plain values, see `_plain`)
    into `target` as CSV or XLSX, row by row: a page writes a few hundred rows
    to memory, a job tens of thousands to a temporary file."""
    if export_format == "csv":
        text = io.TextIOWrapper(target, encoding="utf-8", newline="")
        _write_csv(text, heading, header, rows)
        text.flush()
        text.detach()
    else:
        _write_xlsx(target, sheet_name(str(title)), heading, header, rows)


def export_bytes(export_format: str, **kwargs) -> bytes:
    """`write_export` into memory."""
    buffer = io.BytesIO()
    write_export(buffer, export_format, **kwargs)
    return buffer.getvalue()


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
    now = timezone.now()
    values = table.as_values()
    header = [str(name) for name in next(values)]
    content = export_bytes(
        export_format,
        title=title,
        heading=export_heading(title, filters, now=now),
        header=header,
        rows=([_plain(value) for value in row] for row in values),
    )
    return file_response(content, export_format, export_filename(filename, export_format, now=now))


def _write_csv(stream: TextIO, heading: str, header: list[str], rows: Iterable[Sequence]) -> None:
    # Excel reads a CSV without a byte-order mark in the local ANSI code
    # page, which garbles every Vietnamese letter.
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([neutralise(heading)])
    writer.writerow([neutralise(name) for name in header])
    writer.writerows([_csv_text(value) for value in row] for row in rows)


def _write_xlsx(
    target: BinaryIO, name: str, heading: str, header: list[str], rows: Iterable[Sequence]
) -> None:
    # Write-only: rows go to a temporary file as they come, so memory stays
    # flat; the column widths (written before the rows) come from the first ones.
    rows = iter(rows)
    first = list(islice(rows, WIDTH_SAMPLE_ROWS))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name)
    for index, width in enumerate(_column_widths(header, first), start=1):
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
    for row in chain(first, rows):
        sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(target)


def _column_widths(header: list[str], body: list[Sequence]) -> list[float]:
    widths = []
    for index, name in enumerate(header):
        longest = max(
            [len(name)] + [len(_csv_text(row[index])) for row in body],
        )
        widths.append(min(max(longest + 2, 10), 80))
    return widths
