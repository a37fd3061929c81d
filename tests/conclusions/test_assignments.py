from datetime import date

import pytest

from conclusions.assignments import Assignment, conclusion_assignments, directive_assignments
from conclusions.models import Assignment as Assignment_
from conclusions.models import DeadlineKind, Recurrence
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tests.factories.org import UnitFactory
from tracker.models import UnitKind


@pytest.fixture
def district(db):
    district = UnitFactory(code="H-TB", name="UBND huyện Thanh Bình", kind=UnitKind.DISTRICT)
    UnitFactory(code="TB-VHTT", name="Phòng Văn hóa và Thông tin", parent=district, sort_order=1)
    UnitFactory(code="TB-GDDT", name="Phòng Giáo dục và Đào tạo", parent=district, sort_order=2)
    for order, name in enumerate(["Thị trấn Thanh Bình", "Xã An Phú", "Xã Bình Minh"]):
        UnitFactory(
            code=f"TB-X{order}",
            name=name,
            kind=UnitKind.COMMUNE,
            parent=district,
            sort_order=10 + order,
        )
    UnitFactory(
        code="TB-OLD",
        name="Xã Đã Sáp Nhập",
        kind=UnitKind.COMMUNE,
        parent=district,
        is_active=False,
    )
    return district


@pytest.fixture
def other_district(db):
    other = UnitFactory(code="H-KHAC", name="UBND huyện Khác", kind=UnitKind.DISTRICT)
    UnitFactory(code="KHAC-X", name="Xã Khác", kind=UnitKind.COMMUNE, parent=other)
    return other


def _directive(district, **fields):
    conclusion = ConclusionFactory(issuing_unit=district, issued_on=date(2023, 3, 2))
    return DirectiveFactory(conclusion=conclusion, **fields)


def test_monthly_directive_gives_twelve_occurrences_per_unit(district):
    vhtt, gddt = (district.children.get(code=code) for code in ("TB-VHTT", "TB-GDDT"))
    directive = _directive(
        district,
        units=[vhtt, gddt],
        deadline_text="1-2 bài/tháng",
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.MONTHLY,
        period_start=date(2023, 1, 1),
        due_date=date(2023, 12, 31),
    )

    assignments = directive_assignments(directive)

    assert len(assignments) == 24
    for unit in (vhtt, gddt):
        mine = [a for a in assignments if a.unit == unit]
        assert [a.occurrence for a in mine] == [f"2023-{m:02d}" for m in range(1, 13)]
        assert [a.due_date for a in mine][:3] == [
            date(2023, 1, 31),
            date(2023, 2, 28),
            date(2023, 3, 31),
        ]
        assert mine[-1] == Assignment(
            unit=unit,
            due_date=date(2023, 12, 31),
            period_start=date(2023, 12, 1),
            occurrence="2023-12",
            ongoing=False,
        )


def test_every_commune_expands_over_the_district_communes(district, other_district):
    vhtt = district.children.get(code="TB-VHTT")
    directive = _directive(district, units=[vhtt], every_commune=True)

    assignments = directive_assignments(directive)

    assert [(a.unit.code, a.due_date, a.occurrence, a.ongoing) for a in assignments] == [
        ("TB-VHTT", date(2023, 3, 31), "", False),
        ("TB-X0", date(2023, 3, 31), "", False),
        ("TB-X1", date(2023, 3, 31), "", False),
        ("TB-X2", date(2023, 3, 31), "", False),
    ]


def test_every_office_and_a_listed_office_count_once(district):
    vhtt = district.children.get(code="TB-VHTT")
    directive = _directive(district, units=[vhtt], every_office=True)

    assert [a.unit.code for a in directive_assignments(directive)] == ["TB-VHTT", "TB-GDDT"]


def test_quarterly_with_a_day_falls_on_that_day_of_each_quarter_end(district):
    directive = _directive(
        district,
        units=[district.children.get(code="TB-VHTT")],
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.QUARTERLY,
        recurrence_day=15,
        period_start=date(2023, 4, 1),
        due_date=date(2023, 12, 31),
    )

    assert [(a.occurrence, a.due_date) for a in directive_assignments(directive)] == [
        ("2023-Q2", date(2023, 6, 15)),
        ("2023-Q3", date(2023, 9, 15)),
        ("2023-Q4", date(2023, 12, 15)),
    ]


def test_weekly_falls_on_the_named_weekday_of_each_week(district):
    directive = _directive(
        district,
        units=[district.children.get(code="TB-VHTT")],
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.WEEKLY,
        recurrence_day=4,
        period_start=date(2023, 12, 4),
        due_date=date(2023, 12, 31),
    )

    assert [(a.occurrence, a.due_date) for a in directive_assignments(directive)] == [
        ("2023-W49", date(2023, 12, 7)),
        ("2023-W50", date(2023, 12, 14)),
        ("2023-W51", date(2023, 12, 21)),
        ("2023-W52", date(2023, 12, 28)),
    ]


def test_yearly_with_a_month_falls_on_that_day_of_that_month(district):
    directive = _directive(
        district,
        units=[district.children.get(code="TB-VHTT")],
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.YEARLY,
        recurrence_day=25,
        recurrence_month=11,
        period_start=date(2023, 1, 1),
        due_date=date(2024, 12, 31),
    )

    assert [(a.occurrence, a.due_date) for a in directive_assignments(directive)] == [
        ("2023", date(2023, 11, 25)),
        ("2024", date(2024, 11, 25)),
    ]


@pytest.mark.parametrize("state", [Assignment_.TO_ASSIGN, Assignment_.INFORMATION])
def test_a_directive_not_given_to_units_yet_makes_no_entry(district, state):
    directive = _directive(district, every_office=True, assignment=state)

    assert directive_assignments(directive) == []


@pytest.mark.parametrize(
    ("kind", "ongoing"), [(DeadlineKind.ONGOING, True), (DeadlineKind.UNPARSED, False)]
)
def test_ongoing_and_unparsed_give_one_entry_per_unit_without_a_date(district, kind, ongoing):
    directive = _directive(
        district, every_commune=True, deadline_kind=kind, due_date=None, needs_review=not ongoing
    )

    assignments = directive_assignments(directive)

    assert {(a.due_date, a.occurrence, a.ongoing) for a in assignments} == {(None, "", ongoing)}
    assert len(assignments) == 3


def test_units_are_fetched_without_a_query_per_unit(district, django_assert_num_queries):
    directive = _directive(
        district,
        units=list(district.children.filter(kind=UnitKind.OFFICE)),
        every_commune=True,
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.MONTHLY,
        period_start=date(2023, 1, 1),
        due_date=date(2023, 12, 31),
    )

    with django_assert_num_queries(2):
        assignments = directive_assignments(directive)

    assert len(assignments) == 5 * 12


def test_a_conclusions_directives_share_one_read_of_the_agencys_groups(
    district, other_district, django_assert_num_queries
):
    conclusion = ConclusionFactory(issuing_unit=district, issued_on=date(2023, 3, 2))
    vhtt = district.children.get(code="TB-VHTT")
    DirectiveFactory(conclusion=conclusion, order=1, units=[vhtt])
    for order in range(2, 12):
        DirectiveFactory(
            conclusion=conclusion,
            order=order,
            every_office=order % 2 == 0,
            every_commune=order % 2 == 1,
        )
    DirectiveFactory(conclusion=conclusion, order=12, units=[vhtt], every_commune=True)

    # the directives, their units and the agency's offices and communes
    with django_assert_num_queries(3):
        per_directive = conclusion_assignments(conclusion)

    codes = [[a.unit.code for a in assignments] for _d, assignments in per_directive]
    assert [directive.order for directive, _a in per_directive] == list(range(1, 13))
    assert codes[0] == ["TB-VHTT"]
    assert codes[1] == ["TB-VHTT", "TB-GDDT"]
    assert codes[2] == ["TB-X0", "TB-X1", "TB-X2"]
    assert codes[11] == ["TB-VHTT", "TB-X0", "TB-X1", "TB-X2"]
    assert codes == [[a.unit.code for a in directive_assignments(d)] for d, _a in per_directive]
