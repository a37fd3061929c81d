"""The demo: generation from the seeded 2022 results and notice, and the seeded
remediation year with tasks in every state."""

from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from conclusions.demo import seed_conclusions
from conclusions.demo.tasks import seed_responsibilities
from conclusions.generation import proposals_from_conclusion
from conclusions.models import Conclusion
from tracker.demo.assessments import seed_assessments
from tracker.demo.org import seed_organisation, seed_users
from tracker.models import Assessment, Evidence, ExtensionRequest, Task, TaskStatus, User
from tracker.selectors.generation import proposals_from_assessment
from tracker.selectors.tasks import with_lateness
from tracker.services.generation import tasks_generate


@pytest.fixture
def seeded_results(db):
    units = seed_organisation()
    seed_users(units)
    seed_assessments(units)
    seed_conclusions(units)
    return units


def test_generation_from_seeded_2022_results_and_notice(seeded_results):
    justice = seeded_results["STP"]
    office = User.objects.get(username="vanphong")
    assessment = Assessment.objects.get(
        unit=justice, criteria_set__index__code="PAR", criteria_set__year=2022
    )
    notice = Conclusion.objects.get(number="45/TB-STP")
    seed_responsibilities(justice, seeded_results, assessment.criteria_set)

    from_results = tasks_generate(
        agency=justice, proposals=proposals_from_assessment(assessment=assessment), user=office
    )
    from_notice = tasks_generate(
        agency=justice, proposals=proposals_from_conclusion(conclusion=notice), user=office
    )

    # Every criterion that lost points, largest loss first; together they
    # account for all 13.09 points lost (74.00 - 60.91).
    assert [task.task_criteria.get().criterion.code for task in from_results.created] == [
        "7.2", "7.5", "8.1", "7.3", "8.2", "3.4", "3.6", "3.3",
        "3.1", "3.5", "7.1", "1.2", "1.3", "1.4", "2.3", "7.4",
    ]  # fmt: skip
    assert sum(task.task_criteria.get().points_lost for task in from_results.created) == Decimal(
        "13.09"
    )
    # One per directive and unit; the monthly directive for each of the eight
    # offices from March, the month of the notice, to December.
    assert len(from_notice.created) == 1 + 1 + 2 + 80 + 1
    assert Task.objects.filter(status=TaskStatus.DRAFT).count() == 101

    again = tasks_generate(
        agency=justice,
        proposals=proposals_from_assessment(assessment=assessment)
        + proposals_from_conclusion(conclusion=notice),
        user=office,
    )

    assert (len(again.created), len(again.already_existing)) == (0, 101)
    assert Task.objects.count() == 101


def _snapshot():
    return (
        sorted(Task.objects.values_list("source_key", "status", "deadline", "version")),
        Task.history.count(),
        Evidence.objects.count(),
        ExtensionRequest.objects.count(),
    )


# The demo's current plan is dated from today: a fixed today gives fixed counts.
@time_machine.travel(datetime(2026, 7, 10, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_seed_demo_tasks_in_every_state_then_unchanged(db):
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    tasks = with_lateness(Task.objects.all(), today=today)

    assert set(tasks.values_list("status", flat=True)) == set(TaskStatus.values)
    assert tasks.filter(overdue=True).count() == 11
    assert tasks.filter(done_late=True).count() == 9
    assert sum(task.is_overdue(today) for task in tasks) == tasks.filter(overdue=True).count()
    assert all(evidence.file.read().startswith(b"%PDF") for evidence in Evidence.objects.all())
    assert not Task.history.filter(history_user__isnull=True).exists()
    assert set(ExtensionRequest.objects.values_list("status", flat=True)) == {
        "approved",
        "pending",
    }
    first = _snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert _snapshot() == first
