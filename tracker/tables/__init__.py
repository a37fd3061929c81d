"""One table style and one export path for every django-tables2 table."""

import django_tables2 as tables
from django.http import HttpRequest, HttpResponse
from django_tables2.export import TableExport

# Only what an office opens: tablib could also write JSON, YAML, LaTeX…
EXPORT_FORMATS = ("csv", "xlsx")
# Export renders every filtered row inside the request; beyond this the
# office narrows the filter (a background export belongs to the report jobs).
EXPORT_ROW_LIMIT = 20_000


class AppTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle table-app"}
        template_name = "django_tables2/bootstrap5-responsive.html"


class ExportTooLarge(Exception):
    pass


def export_response(
    request: HttpRequest, table: tables.Table, filename: str
) -> HttpResponse | None:
    """The table as a file when the request asks for ?_export=csv|xlsx, else None."""
    export_format = request.GET.get("_export")
    if export_format not in EXPORT_FORMATS:
        return None
    if len(table.data) > EXPORT_ROW_LIMIT:
        raise ExportTooLarge(len(table.data))
    return TableExport(export_format, table).response(f"{filename}.{export_format}")
