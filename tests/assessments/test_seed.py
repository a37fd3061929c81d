"""The demo results: the Department of Justice 2022 exactly as published, the district and
its communes as in the design, and the whole seed idempotent."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tracker.demo.assessments import seed_assessments
from tracker.demo.org import seed_organisation
from tracker.models import Assessment, CriteriaSet, Criterion, Index, Score, Target
from tracker.selectors.assessments import (
    assessment_summary,
    lost_points,
    peer_ranking,
    targets_with_results,
    unit_history,
)

D = Decimal


@pytest.fixture
def seeded(db):
    seed_assessments(seed_organisation())


def _assessment(code, year=2022):
    return Assessment.objects.select_related("criteria_set__index", "unit").get(
        unit__code=code, criteria_set__year=year
    )


def test_department_of_justice_2022_as_published(seeded):
    assessment = _assessment("STP")
    summary = assessment_summary(assessment=assessment)

    assert [(a.name, a.appraised_score, a.max_score) for a in summary.areas] == [
        ("Công tác chỉ đạo điều hành", D("5.75"), D("6.50")),
        ("Cải cách thể chế", D("6.50"), D("6.75")),
        ("Cải cách thủ tục hành chính", D("13.00"), D("16.75")),
        ("Cải cách tổ chức bộ máy hành chính", D("7.00"), D("7.00")),
        ("Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", D("11.50"), D("11.50")),
        ("Cải cách tài chính công", D("7.50"), D("7.50")),
        ("Xây dựng và phát triển chính quyền điện tử, chính quyền số", D("7.23"), D("13.00")),
        ("Đo lường sự hài lòng của người dân, tổ chức", D("2.43"), D("5.00")),
    ]
    assert (summary.published_total, summary.totals.total, summary.totals.max_total) == (
        D("61.14"),
        D("60.91"),
        D("74.00"),
    )
    assert summary.difference == D("0.23")
    assert (assessment.rank, assessment.rank_of, assessment.rank_change) == (16, 18, -4)
    # Lost points sit on real criteria: each area's criteria add up to it.
    for area in summary.areas:
        children = [n for n in summary.nodes if n.code.startswith(area.code + ".")]
        assert sum(n.appraised_score for n in children) == area.appraised_score
        assert sum(n.max_score for n in children) == area.max_score
    rows = lost_points(assessment=assessment, level=2)
    assert rows[0].code.startswith("7.")
    assert lost_points(assessment=assessment)[0].code == "7"
    assert rows[0].previous_appraised is not None


def test_justice_across_years_and_among_departments(seeded):
    justice = _assessment("STP").unit
    history = unit_history(unit=justice, index=Index.objects.get(code="PAR"))

    assert [(r.assessment.criteria_set.year, r.assessment.rank) for r in history.years] == [
        (2021, 12),
        (2022, 16),
        (2023, 9),
    ]
    assert CriteriaSet.objects.get(year=2023, audience="department").copied_from.year == 2022
    ranking = peer_ranking(criteria_set=_assessment("STP").criteria_set)
    assert len(ranking.rows) == 18
    assert [row.position for row in ranking.rows if row.assessment.unit.code == "STP"] == [16]
    assert [row.assessment.rank for row in ranking.rows] == list(range(1, 19))


def test_district_and_its_communes_2022(seeded):
    district = _assessment("H-TB")
    summary = assessment_summary(assessment=district)
    assert (summary.totals.total, summary.totals.max_total, summary.totals.percent) == (
        D("64.24"),
        D("75.00"),
        D("85.65"),
    )
    assert (district.rank, district.rank_of, district.rank_change) == (7, 10, 2)

    communes = CriteriaSet.objects.get(year=2022, audience="commune")
    ranking = peer_ranking(criteria_set=communes, parent=district.unit)
    assert len(ranking.rows) == 11
    assert (ranking.average_total, ranking.average_percent) == (D("55.25"), D("78.92"))
    assert (ranking.best.result.official_total, ranking.best.result.official_percent) == (
        D("60.09"),
        D("85.84"),
    )
    assert (ranking.worst.result.official_total, ranking.worst.result.official_percent) == (
        D("51.55"),
        D("73.64"),
    )
    averages = {area.name: (area.average, area.max_score) for area in ranking.areas}
    assert averages["Cải cách thể chế"] == (D("5.75"), D("6.00"))
    assert averages["Cải cách tài chính công"] == (D("7.45"), D("8.00"))
    assert averages["Cải cách TTHC và cơ chế một cửa"] == (D("17.30"), D("21.00"))


def test_targets_registered_for_2023_are_set_against_the_result(seeded):
    justice = _assessment("STP", 2023)

    rows = targets_with_results(unit=justice.unit, criteria_set=justice.criteria_set)

    registered = {row.node.code: (row.target_score, row.gap) for row in rows if row.target}
    assert registered["3.3"] == (D("3.75"), D("0.00"))
    assert registered["7"] == (D("11.00"), D("-1.25"))
    assert set(Target.objects.values_list("letter_number", flat=True)) == {"795/STP-VP"}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=StringIO())

    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Index, CriteriaSet, Criterion, Assessment, Score, Target)
        ]

    first = snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert snapshot() == first
