"""One visibility rule per object kind: the check and the query never disagree."""

import itertools

import pytest

from conclusions.models import Conclusion
from conclusions.permissions import can_view_conclusion, visible_conclusions_q
from tests.factories.conclusions import ConclusionFactory
from tests.factories.org import OfficeFactory, UnitFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, Task, TaskStatus, UnitKind
from tracker.permissions import can_view_task, visible_tasks_q
from tracker.selectors.tasks import tasks_visible_to

PERSONAS = [
    "office_user",
    "leader",
    "deputy_leader",
    "unit_head",
    "other_unit_head",
    "staff_user",
    "outsider",
    "province_secretariat",
    "commune_office",
    "unitless",
]


@pytest.fixture
def commune_office(db):
    district = UnitFactory(code="H-TB", kind=UnitKind.DISTRICT)
    UnitFactory(code="TB-AP", kind=UnitKind.COMMUNE, parent=district)
    return UserFactory(unit=OfficeFactory(code="TB-VP", parent=district), role=Role.OFFICE)


@pytest.fixture
def unitless(db):
    return UserFactory(unit=None, role=Role.STAFF)


@pytest.fixture
def world(
    agency, unit_a, unit_b, other_agency, staff_user, outsider, province_secretariat, commune_office
):
    """Tasks in every status, across units, agencies, a commune and a province
    task given to someone of another agency."""
    commune = UnitFactory._meta.model.objects.get(code="TB-AP")
    outside_unit = outsider.unit
    leads = [unit_a, unit_b, outside_unit, commune]
    tasks = []
    for lead, status in itertools.product(leads, TaskStatus.values):
        task = TaskFactory(agency=lead.agency, lead_unit=lead, status=status)
        tasks.append(task)
    supported = TaskFactory(agency=agency, lead_unit=unit_b, status=TaskStatus.IN_PROGRESS)
    supported.supporting_units.add(unit_a)
    drafted_support = TaskFactory(agency=agency, lead_unit=unit_b, status=TaskStatus.DRAFT)
    drafted_support.supporting_units.add(unit_a)
    # Staff of one agency carrying a task of another, issued and not.
    TaskFactory(agency=other_agency, lead_unit=outside_unit, assignee=staff_user, status="assigned")
    TaskFactory(agency=other_agency, lead_unit=outside_unit, assignee=staff_user, status="draft")
    # Office staff named as assignee of another agency's task.
    TaskFactory(agency=agency, lead_unit=unit_a, assignee=outsider, status=TaskStatus.IN_PROGRESS)
    for unit in (agency, other_agency, commune.parent, commune, province_secretariat.unit.parent):
        ConclusionFactory(issuing_unit=unit)
    return tasks


@pytest.mark.parametrize("persona", PERSONAS)
def test_task_check_and_query_agree(request, world, persona):
    user = request.getfixturevalue(persona)
    tasks = Task.objects.select_related("agency", "lead_unit").prefetch_related("supporting_units")

    by_check = {task.pk for task in tasks if can_view_task(user, task)}
    by_query = set(tasks_visible_to(user).values_list("pk", flat=True))

    assert by_query == by_check


@pytest.mark.parametrize("persona", PERSONAS)
def test_task_query_through_a_relation_agrees(request, world, persona):
    user = request.getfixturevalue(persona)
    supporting = Task.supporting_units.through.objects.filter(visible_tasks_q(user, "task__"))

    assert set(supporting.values_list("task_id", flat=True)) == set(
        tasks_visible_to(user).filter(supporting_units__isnull=False).values_list("pk", flat=True)
    )


def test_task_rule_is_not_vacuous(world, office_user, unit_head, outsider, unitless):
    total = Task.objects.count()
    seen = {user: tasks_visible_to(user).count() for user in (office_user, unit_head, outsider)}

    assert all(0 < count < total for count in seen.values())
    assert tasks_visible_to(unitless).count() == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_conclusion_check_and_query_agree(request, world, persona):
    user = request.getfixturevalue(persona)
    conclusions = Conclusion.objects.select_related("issuing_unit")

    by_check = {c.pk for c in conclusions if can_view_conclusion(user, c)}
    by_query = set(
        Conclusion.objects.filter(visible_conclusions_q(user)).values_list("pk", flat=True)
    )

    assert by_query == by_check
