"""One table style and one export path for every django-tables2 table."""

import codecs

import django_tables2 as tables
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tables2.export import TableExport

# Only what an office opens: tablib could also write JSON, YAML, LaTeX…
EXPORT_FORMATS = ("csv", "xlsx")
# Export renders every filtered row inside the request; beyond this the
# office narrows the filter first.
EXPORT_ROW_LIMIT = 20_000


class AppTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle table-app"}
        template_name = "django_tables2/bootstrap5-responsive.html"


def export_response(
    request: HttpRequest, table: tables.Table, filename: str
) -> HttpResponse | None:
    """The table as a file when the request asks for ?_export=csv|xlsx, else None.

    Too many rows: back to the page, filters kept, with a message.
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
    response = TableExport(export_format, table).response(f"{filename}.{export_format}")
    if export_format == "csv":
        # Excel reads a CSV without a byte-order mark in the local ANSI code
        # page, which garbles every Vietnamese letter.
        response.content = codecs.BOM_UTF8 + response.content
    return response
