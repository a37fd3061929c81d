"""Reads shared by pages, tasks and reports: lost points, years, peers, targets; copying sets."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories.assessments import DOJ_2022, sheet_rows, xlsx_bytes
from tests.factories.org import DepartmentFactory, UnitFactory
from tracker.models import CriteriaSet, Target, UnitKind
from tracker.selectors.assessments import (
    assessment_results,
    assessment_summary,
    lost_points,
    peer_ranking,
    targets_with_results,
    unit_has_communes,
    unit_history,
)
from tracker.services.criteria_sets import criteria_set_copy, index_get_or_create
from tracker.services.results import PublishedResult, results_import, results_import_file
from tracker.services.results_import import ResultRow
from tracker.services.targets import targets_register

D = Decimal


def _rows(spec):
    return [
        ResultRow(code, f"Tiêu chí {code}", D(mx), None, None if ap is None else D(ap))
        for code, mx, ap in spec
    ]


def _import(unit, year, spec, published=None, index="PAR"):
    return results_import(
        unit=unit, index_code=index, year=year, rows=_rows(spec), published=published
    )


def test_lost_points_most_lost_first_with_last_year_by_code(agency):
    _import(agency, 2021, [("1", "5", "4"), ("1.1", "2", "2"), ("1.2", "3", "2"), ("2", "5", "2")])
    this_year = _import(
        agency, 2022, [("1", "5", "3.5"), ("1.1", "2", "1"), ("1.2", "3", "2.5"), ("2", "5", "5")]
    )

    rows = lost_points(assessment=this_year)

    assert [(r.code, r.lost, r.percent, r.previous_appraised, r.change) for r in rows] == [
        ("1", D("1.5"), D("70.00"), D("4"), D("-0.5")),
        ("1.1", D("1"), D("50.00"), D("2"), D("-1")),
        ("1.2", D("0.5"), D("83.33"), D("2"), D("0.5")),
    ]
    assert rows[1].area_name == "Tiêu chí 1"
    assert rows[1].criterion.code == "1.1"


def test_lost_points_filtered_by_area_and_level(agency):
    assessment = results_import_file(
        unit=agency, index_code="PAR", year=2022, content=xlsx_bytes(sheet_rows(DOJ_2022))
    )

    assert [r.code for r in lost_points(assessment=assessment, area="7")] == ["7", "7.1", "7.2"]
    assert [r.code for r in lost_points(assessment=assessment, level=2)] == ["7.1", "7.2", "3.2"]
    assert [r.code for r in lost_points(assessment=assessment, area="3", level=2)] == ["3.2"]


def test_lost_points_without_last_year(agency):
    assessment = _import(agency, 2022, [("1", "5", "4")])

    row = lost_points(assessment=assessment)[0]

    assert (row.previous_appraised, row.previous_lost, row.change) == (None, None, None)


def test_batch_results_match_the_summary(agency):
    one = _import(agency, 2022, [("1", "6", None), ("1.1", "2", "1.5"), ("1.2", "4", "3.25")])
    other = _import(DepartmentFactory(), 2022, [("1", "6", "6")])

    results = assessment_results(assessments=[one, other])

    assert results[one.pk].total == assessment_summary(assessment=one).totals.total == D("4.75")
    assert results[one.pk].areas["1"].own_score is False
    assert results[other.pk].percent == D("100.00")


def test_unit_history_matches_areas_across_years_by_code(agency):
    _import(agency, 2021, [("1", "5", "4"), ("2", "5", "3")], PublishedResult(rank=12, rank_of=18))
    _import(agency, 2023, [("1", "5", "5"), ("3", "4", "4")], PublishedResult(rank=9, rank_of=18))
    _import(
        agency, 2022, [("1", "5", "4.5"), ("2", "5", "4")], PublishedResult(rank=16, rank_of=18)
    )

    history = unit_history(unit=agency, index=index_get_or_create(code="PAR"))

    assert [r.assessment.criteria_set.year for r in history.years] == [2021, 2022, 2023]
    assert [r.assessment.rank for r in history.years] == [12, 16, 9]
    assert [area.code for area in history.areas] == ["1", "2", "3"]
    assert [c.appraised_score if c else None for c in history.areas[1].cells] == [
        D("3"),
        D("4"),
        None,
    ]
    assert [r.total for r in history.years] == [D("7"), D("8.5"), D("9")]


def test_peer_ranking_by_published_total_else_computed_within_a_parent(db):
    province = UnitFactory(code="TINH", kind=UnitKind.PROVINCE)
    other_province = UnitFactory(code="TINH2", kind=UnitKind.PROVINCE)
    first = DepartmentFactory(parent=province, name="Sở A")
    second = DepartmentFactory(parent=province, name="Sở B")
    third = DepartmentFactory(parent=province, name="Sở C")
    elsewhere = DepartmentFactory(parent=other_province, name="Sở ngoài tỉnh")
    _import(first, 2022, [("1", "10", "6")], PublishedResult(total=D("9.00")))
    _import(second, 2022, [("1", "10", "8")])
    _import(third, 2022, [("1", "10", "7")], PublishedResult(total=D("7.00")))
    _import(elsewhere, 2022, [("1", "10", "10")])
    criteria_set = CriteriaSet.objects.get()

    ranking = peer_ranking(criteria_set=criteria_set, parent=province)

    assert [(row.position, row.assessment.unit.name) for row in ranking.rows] == [
        (1, "Sở A"),
        (2, "Sở B"),
        (3, "Sở C"),
    ]
    assert ranking.average_total == D("8.00")
    assert ranking.average_percent == D("80.00")
    assert (ranking.best.result.official_total, ranking.worst.result.official_total) == (
        D("9.00"),
        D("7.00"),
    )
    assert [(a.code, a.average) for a in ranking.areas] == [("1", D("7.00"))]
    assert len(peer_ranking(criteria_set=criteria_set).rows) == 4


def test_copy_keeps_codes_names_maxima_and_the_tree(agency):
    _import(agency, 2022, [("1", "6", "5"), ("1.1", "2", "2"), ("1.1.1", "1", "1")])
    source = CriteriaSet.objects.get()

    copy = criteria_set_copy(source=source, year=2023)

    assert copy.copied_from == source
    assert (copy.index, copy.audience) == (source.index, source.audience)
    criteria = {c.code: c for c in copy.criteria.select_related("parent")}
    assert sorted(criteria) == ["1", "1.1", "1.1.1"]
    assert criteria["1.1.1"].parent == criteria["1.1"]
    assert criteria["1.1.1"].level == 3
    assert criteria["1.1"].max_score == D("2.00")
    assert source.criteria.count() == 3


def test_copy_refuses_a_year_that_already_has_a_set(agency):
    _import(agency, 2022, [("1", "6", "5")])
    _import(agency, 2023, [("1", "6", "5")])
    source = CriteriaSet.objects.get(year=2022)

    with pytest.raises(ValidationError) as caught:
        criteria_set_copy(source=source, year=2023)

    assert caught.value.message_dict == {
        "year": ["Đã có bộ tiêu chí PAR năm 2023 cho Sở, ban, ngành."]
    }


def test_targets_are_registered_and_shown_against_the_appraised_score(agency):
    _import(agency, 2022, [("1", "6", "5"), ("2", "4", "2")])
    criteria_set = CriteriaSet.objects.get()
    ids = dict(criteria_set.criteria.values_list("code", "pk"))

    targets_register(
        unit=agency,
        criteria_set=criteria_set,
        scores={ids["1"]: D("5.50"), ids["2"]: D("2.00")},
        letter_number="795/STP-VP",
        letter_date=date(2023, 6, 12),
    )

    rows = {
        row.node.code: row for row in targets_with_results(unit=agency, criteria_set=criteria_set)
    }
    assert (rows["1"].target_score, rows["1"].gap, rows["1"].reached) == (
        D("5.50"),
        D("-0.50"),
        False,
    )
    assert (rows["2"].gap, rows["2"].reached) == (D("0.00"), True)
    assert set(Target.objects.values_list("letter_number", "letter_date")) == {
        ("795/STP-VP", date(2023, 6, 12))
    }


def test_a_target_removed_and_a_target_above_the_maximum(agency):
    _import(agency, 2022, [("1", "6", "5")])
    criteria_set = CriteriaSet.objects.get()
    criterion = criteria_set.criteria.get()
    targets_register(unit=agency, criteria_set=criteria_set, scores={criterion.pk: D("5")})

    with pytest.raises(ValidationError) as caught:
        targets_register(unit=agency, criteria_set=criteria_set, scores={criterion.pk: D("7")})
    assert caught.value.messages == ["Tiêu chí 1: điểm đăng ký 7,00 phải từ 0 đến 6,00."]
    assert Target.objects.get().target_score == D("5.00")

    targets_register(unit=agency, criteria_set=criteria_set, scores={criterion.pk: None})
    assert not Target.objects.exists()


def test_only_a_district_with_communes_has_communes(agency):
    district = UnitFactory(code="H-TB", kind=UnitKind.DISTRICT)
    before = unit_has_communes(unit=district)
    UnitFactory(code="TB-AP", kind=UnitKind.COMMUNE, parent=district)

    assert (before, unit_has_communes(unit=district), unit_has_communes(unit=agency)) == (
        False,
        True,
        False,
    )
