"""Stored files that no row names any more.

The import services write a file inside the transaction that saves the row
naming it, and delete the file again when that transaction fails. A process
killed between the two (a worker restarted, the machine stopped) runs no
cleanup: its file stays in storage with nothing pointing at it. This sweep
removes such files once they are old enough that no transaction can still be
about to commit them.
"""

from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

# Far longer than any import's transaction.
GRACE = timedelta(hours=1)


def _stored_fields() -> list[tuple[type[models.Model], models.FileField, str]]:
    """(model, field, top folder) of each file field stored under a fixed folder
    ("conclusions/%Y/" → "conclusions"); fields naming their path in code keep
    their own bookkeeping."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(field.upload_to, str):
                top = field.upload_to.split("/", 1)[0]
                if top and "%" not in top:
                    found.append((model, field, top))
    return found


def _walk(storage, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" for name in files]
    for child in folders:
        names += _walk(storage, f"{folder}/{child}")
    return names


def orphan_files_sweep(*, now: datetime | None = None) -> list[str]:
    """Delete files under the folders of stored file fields that no row names
    and that were last modified more than GRACE before `now`; returns their
    names. Side effect: deletes from each field's storage."""
    now = now or timezone.now()
    removed = []
    for model, field, top in _stored_fields():
        storage = field.storage
        names = _walk(storage, top)
        if not names:
            continue
        named = set(
            model._default_manager.filter(**{f"{field.name}__in": names}).values_list(
                field.name, flat=True
            )
        )
        for name in names:
            if name in named:
                continue
            try:
                if storage.get_modified_time(name) < now - GRACE:
                    storage.delete(name)
                    removed.append(name)
            except FileNotFoundError:
                continue  # swept by another request meanwhile
    return removed
