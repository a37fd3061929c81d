"""The effect of the work on 2022's result, read against 2023's: figures by
hand from the two seeded years (tests/effect/conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.effect.conftest import TODAY, remedies, scored
from tests.factories.org import DepartmentFactory, OfficeFactory
from tests.factories.tasks import TaskFactory
from tracker.models import CriterionMapping
from tracker.selectors.effect import remediation_effect


@pytest.fixture
def renumbered(two_years):
    """2022's 3.1 continues as 2023's 3.2."""
    return CriterionMapping.objects.create(
        from_criterion=two_years.c22["3.1"], to_criterion=two_years.c23["3.2"]
    )


def _rows(group):
    return [(row.code, row.lost_before, row.lost_after, row.recovered) for row in group.rows]


def test_effect_splits_criteria_worked_on_from_those_not(two_years, agency, renumbered):
    effect = remediation_effect(agency=agency, year=2022, today=TODAY)

    assert _rows(effect.worked) == [
        ("1.1", Decimal("1.00"), Decimal("0.00"), Decimal("1.00")),
        ("2.1", Decimal("0.75"), Decimal("0.25"), Decimal("0.50")),
        ("1.2", Decimal("0.50"), Decimal("0.75"), Decimal("-0.25")),
    ]
    worked = effect.worked
    assert (worked.count, worked.lost_before, worked.lost_after, worked.recovered) == (
        3,
        Decimal("2.25"),
        Decimal("1.00"),
        Decimal("1.25"),
    )
    assert (worked.improved, worked.fully_recovered, worked.worsened) == (2, 1, 1)
    assert worked.recovery_percent == Decimal("55.6")
    # 3.1 had no task, and came back through its 2023 successor 3.2.
    assert _rows(effect.not_worked) == [("3.1", Decimal("0.50"), Decimal("0.00"), Decimal("0.50"))]
    assert effect.not_worked.rows[0].after_code == "3.2"
    assert effect.not_worked.recovery_percent == Decimal("100.0")


def test_effect_without_a_mapping_compares_the_same_code(two_years, agency):
    effect = remediation_effect(agency=agency, year=2022, today=TODAY)

    # 2023's 3.1 is another criterion, which lost its whole point.
    assert _rows(effect.not_worked) == [("3.1", Decimal("0.50"), Decimal("1.00"), Decimal("-0.50"))]


def test_effect_lists_each_task_with_its_outcome(two_years, agency, renumbered):
    effect = remediation_effect(agency=agency, year=2022, today=TODAY)

    tasks = {row.code: [(item.task.pk, item.outcome) for item in row.tasks] for row in effect.rows}
    t = {name: task.pk for name, task in two_years.tasks.items()}
    assert tasks == {
        "1.1": [(t["T1"], "done_on_time"), (t["T2"], "not_done"), (t["T3"], "cancelled")],
        "1.2": [(t["T4"], "done_late")],
        "2.1": [(t["T4"], "done_late"), (t["T5"], "not_done")],
        "3.1": [],
    }
    assert effect.outcome_counts == {
        "done_on_time": 1,
        "done_late": 1,
        "not_done": 2,
        "cancelled": 1,
    }


def test_effect_compares_registered_targets_with_the_result(two_years, agency):
    effect = remediation_effect(agency=agency, year=2022, today=TODAY)

    targets = {row.code: (row.target, row.after_appraised, row.target_gap) for row in effect.rows}
    assert targets["1.2"] == (Decimal("1.75"), Decimal("1.25"), Decimal("-0.50"))
    assert targets["2.1"] == (Decimal("2.50"), Decimal("2.75"), Decimal("0.25"))
    assert (effect.targets_reached, effect.targets_compared) == (1, 2)
    assert (effect.total_before, effect.total_after) == (Decimal("6.25"), Decimal("8.00"))


def test_effect_before_next_years_results_has_no_comparison(agency, unit_a):
    before, criteria = scored(
        agency, 2022, [("1", "Lĩnh vực", "2.00", None), ("1.1", "A", "2.00", "1.00")]
    )
    remedies(TaskFactory(agency=agency, lead_unit=unit_a, assigned=True), before, criteria["1.1"])

    effect = remediation_effect(agency=agency, year=2022, today=TODAY)

    assert effect.after is None
    assert [(row.code, row.lost_before, row.lost_after) for row in effect.worked.rows] == [
        ("1.1", Decimal("1.00"), None)
    ]
    assert effect.worked.recovered == 0


def test_mapping_must_point_to_a_later_set_of_the_same_index(two_years):
    mapping = CriterionMapping(
        from_criterion=two_years.c23["3.2"], to_criterion=two_years.c22["3.1"]
    )

    with pytest.raises(ValidationError) as error:
        mapping.full_clean()

    assert "to_criterion" in error.value.message_dict


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_effect_page_in_numbers(client, two_years, office_user, renumbered, agency):
    client.force_login(office_user)

    response = client.get(reverse("assessments:effect", args=[agency.code, 2022]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="group-worked"><td>Có nhiệm vụ khắc phục</td><td class="num">3</td>' in html
    assert '<td class="num">2,25</td><td class="num">1,00</td>' in html
    assert 'data-testid="outcome-done_late">1<' in html
    assert '<tr data-code="3.1">\n      <td>3.1 → 3.2</td>' in html


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_effect_page_follows_result_visibility(
    client, two_years, agency, unit_head, other_unit_head, outsider
):
    url = reverse("assessments:effect", args=[agency.code, 2022])
    # Everyone inside the agency reads its results; outsiders get a 404.
    for user in (unit_head, other_unit_head):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
def test_effect_page_without_a_result_that_year_is_404(client, two_years, agency, office_user):
    client.force_login(office_user)

    assert client.get(reverse("assessments:effect", args=[agency.code, 2019])).status_code == 404


@time_machine.travel("2026-07-01 09:00 +0700", tick=False)
@pytest.mark.parametrize("extra_tasks", [0, 12])
def test_effect_page_queries_do_not_grow_with_tasks(
    client, two_years, agency, office_user, django_assert_max_num_queries, extra_tasks
):
    unit = OfficeFactory(parent=agency)
    for number in range(extra_tasks):
        remedies(
            TaskFactory(
                agency=agency,
                lead_unit=unit,
                assigned=True,
                deadline=date(2026, 5, number % 28 + 1),
            ),
            two_years.before,
            two_years.c22["1.2" if number % 2 else "2.1"],
        )
    DepartmentFactory()
    client.force_login(office_user)

    with django_assert_max_num_queries(19):
        response = client.get(reverse("assessments:effect", args=[agency.code, 2022]))

    assert response.status_code == 200
