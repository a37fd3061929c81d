"""Stored files handed back to the browser: evidence, kept result workbooks, conclusions."""

from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_download(
    field_file: FieldFile, *, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """The stored file as an attachment, under `filename` or its own stored name.

    404 when the record has no file, or when storage lost it (a restored
    database without its media): the page that linked it stays usable.
    `content_type`, when not given, is guessed from the name.
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename or PurePath(field_file.name).name,
        content_type=content_type,
    )
