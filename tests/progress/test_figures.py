"""The figures module against numbers worked out by hand (see conftest)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.tasks import TaskFactory
from tests.progress.conftest import TODAY, D
from tracker.models import ProgressUpdate, TaskCriterion
from tracker.selectors.progress import (
    Buckets,
    PeriodError,
    figures_data,
    period_for,
    progress_figures,
)


def test_period_is_a_calendar_quarter_or_the_year_so_far():
    assert (
        period_for(year=2026, quarter=2, today=TODAY).start,
        period_for(year=2026, quarter=2, today=TODAY).end,
    ) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert period_for(year=2025, quarter=4, today=TODAY).end == date(2025, 12, 31)
    so_far = period_for(year=2026, today=TODAY)
    assert (so_far.start, so_far.end, so_far.label) == (date(2026, 1, 1), TODAY, "năm 2026")
    assert period_for(year=2025, today=TODAY).end == date(2025, 12, 31)
    assert period_for(year=2026, quarter=2, today=TODAY).label == "quý II năm 2026"


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_outside_one_to_four_is_refused_in_words(quarter):
    with pytest.raises(PeriodError, match=f"Quý {quarter} không hợp lệ"):
        period_for(year=2026, quarter=quarter, today=TODAY)


def test_agency_quarter_buckets(world):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    assert figures.buckets == Buckets(
        tasks=6, done_on_time=1, done_late=1, within_deadline=2, overdue=2, not_started=2
    )
    assert figures.buckets.done_rate == D("33.33")
    assert figures.ongoing == 1


def test_year_so_far_buckets(world):
    figures = progress_figures(unit=world.agency, year=2026, today=TODAY)

    # t1, t7 on time; t2 late; t5 within; t3, t6, t11 overdue; t4 due after today.
    assert figures.buckets == Buckets(
        tasks=7, done_on_time=2, done_late=1, within_deadline=1, overdue=3, not_started=1
    )


def test_last_years_result_and_areas(world):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    result = figures.result
    assert (result.year, result.total, result.max_total, result.lost) == (
        2025,
        D("19.00"),
        D("20.25"),
        D("1.25"),
    )
    assert (result.published_total, result.difference, result.rank, result.rank_of) == (
        D("21.00"),
        D("2.00"),
        16,
        18,
    )
    assert [(a.code, a.lost, a.tasks, a.done, a.overdue) for a in figures.by_area] == [
        ("1", D("0.75"), 1, 1, 0),
        ("2", D("0.50"), 2, 1, 1),
        ("3", D("0.00"), 0, 0, 0),
    ]


def test_by_unit_best_first(world):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    assert [
        (u.code, u.tasks, u.done_on_time, u.done_late, u.within_deadline, u.overdue, u.done_rate)
        for u in figures.by_unit
    ] == [
        ("STP-HCTP", 4, 1, 1, 1, 1, D("50.00")),
        ("STP-PBGD", 2, 0, 0, 1, 1, D("0.00")),
    ]


def test_overdue_list_with_days_and_latest_note(world):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    t = world.tasks
    assert [(row.task_id, row.days_overdue, row.note) for row in figures.overdue] == [
        (t["t3"].pk, 5, "Đang rà soát 12 văn bản"),
        (t["t11"].pk, 56, ""),
        (t["t6"].pk, 14, ""),
    ]
    assert figures.overdue[0].unit_name == "Phòng Hành chính tư pháp"


def test_ongoing_directive_with_latest_progress(world):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    [row] = figures.directives
    assert (row.conclusion_number, row.label, row.unit_name, row.percent_complete, row.note) == (
        "45/TB-STP",
        "Thứ hai",
        "Phòng Phổ biến, giáo dục pháp luật",
        40,
        "Đã đăng 3 tin bài",
    )


def test_unit_sees_only_its_own_tasks_against_its_agencys_result(world):
    figures = progress_figures(
        unit=world.unit_a, year=2026, quarter=2, today=TODAY, with_tasks=True
    )

    assert figures.buckets == Buckets(
        tasks=4, done_on_time=1, done_late=1, within_deadline=1, overdue=1, not_started=1
    )
    assert figures.result.assessment_id == world.result.pk
    assert [(a.code, a.tasks) for a in figures.by_area] == [("1", 1), ("2", 2), ("3", 0)]
    assert [(row.task_id, row.bucket) for row in figures.tasks] == [
        (world.tasks["t2"].pk, "done_late"),
        (world.tasks["t1"].pk, "done_on_time"),
        (world.tasks["t3"].pk, "overdue"),
        (world.tasks["t4"].pk, "within_deadline"),
    ]
    assert figures.directives == [] and figures.ongoing == 0


def test_points_recovered_once_next_years_result_is_in(world, next_year_result):
    figures = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY)

    recovery = figures.recovery
    assert [(r.code, r.lost_before, r.lost_after, r.recovered) for r in recovery.criteria] == [
        ("1", D("0.75"), D("0.00"), D("0.75")),
        ("2.1", D("0.50"), D("0.00"), D("0.50")),
    ]
    assert recovery.recovered == D("1.25")
    assert (recovery.total_before, recovery.total_after) == (D("19.00"), D("19.75"))


def test_no_recovery_before_next_years_result(world):
    assert progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY).recovery is None


def test_no_result_and_no_tasks_give_empty_figures_not_errors(agency):
    figures = progress_figures(unit=agency, year=2026, quarter=1, today=TODAY)

    assert figures.result is None and figures.by_area == []
    assert figures.buckets == Buckets()
    assert figures.buckets.done_rate is None


def test_figures_data_is_json(world, next_year_result):
    data = figures_data(progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY))

    again = json.loads(json.dumps(data))
    assert again["buckets"]["overdue"] == 2
    assert again["result"]["lost"] == "1.25"
    assert again["period"] == {
        "year": 2026,
        "quarter": 2,
        "start": "2026-04-01",
        "end": "2026-06-30",
    }


def _grow(world, office_user, n: int):
    """n more tasks per unit, each with a criterion link and two progress notes."""
    criterion = world.result.criteria_set.criteria.get(code="2.1")
    for unit in (world.unit_a, world.unit_b):
        for i in range(n):
            task = TaskFactory(
                agency=world.agency,
                lead_unit=unit,
                in_progress=True,
                deadline=date(2026, 4, 1 + i % 28),
            )
            TaskCriterion.objects.create(task=task, criterion=criterion, assessment=world.result)
            for note in ("bắt đầu", "tiếp tục"):
                ProgressUpdate.objects.create(
                    task=task, author=office_user, percent_complete=10, note=note
                )


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as captured:
        progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY, with_tasks=True)
    return len(captured)


def test_query_count_does_not_grow_with_the_data(
    world, next_year_result, office_user, django_assert_max_num_queries
):
    _grow(world, office_user, 3)
    small = _queries(world)
    _grow(world, office_user, 30)
    with django_assert_max_num_queries(small):
        figures = progress_figures(
            unit=world.agency, year=2026, quarter=2, today=TODAY, with_tasks=True
        )

    assert figures.buckets.tasks == 6 + 2 * 33
    assert small <= 16
    assert Decimal(figures.buckets.overdue) == 2 + 2 * 33


def test_criteria_without_a_task_are_set_beside_those_worked_on(world, next_year_result):
    TaskCriterion.objects.filter(criterion__code="2.1").delete()

    recovery = progress_figures(unit=world.agency, year=2026, quarter=2, today=TODAY).recovery

    assert [(r.code, r.recovered) for r in recovery.criteria] == [("1", D("0.75"))]
    # 2.1 lost 0.50 in 2025 with nobody working on it, and nothing in 2026.
    assert [(r.code, r.lost_before, r.lost_after) for r in recovery.untouched] == [
        ("2.1", D("0.50"), D("0.00"))
    ]
    assert recovery.untouched_recovered == D("0.50")
