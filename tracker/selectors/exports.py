"""Reads of the exports the worker wrote: the list on the user's exports page."""

from django.db.models import QuerySet

from tracker.models import ExportFile, User


def exports_for(user: User, *, limit: int = 50) -> list[ExportFile]:
    """The user's own exports, newest first (what the page lists)."""
    exports: QuerySet[ExportFile] = ExportFile.objects.filter(owner_id=user.pk)
    return list(exports.order_by("-created_at", "-pk")[:limit])
