"""What office staff may edit on a task is listed once, for the form and the service."""

import pytest

from tracker.forms.tasks import TaskEditForm, TaskForm
from tracker.models.tasks import TASK_EDITABLE_FIELDS
from tracker.services.task_records import TaskActionError
from tracker.services.tasks import UPDATABLE_FIELDS, task_create, task_update


def test_the_task_form_edits_exactly_what_the_service_accepts():
    assert set(TaskForm.base_fields) == set(TASK_EDITABLE_FIELDS) == UPDATABLE_FIELDS
    assert set(TaskEditForm.base_fields) - {"version"} == UPDATABLE_FIELDS


def test_the_service_refuses_a_field_outside_the_list(office_user, unit_a):
    task = task_create(user=office_user, title="Rà soát quy trình", lead_unit=unit_a)

    with pytest.raises(TypeError, match="status"):
        task_update(task=task, user=office_user, status="done")
    with pytest.raises(TaskActionError):
        task_update(task=task, user=office_user, title="  ")
