"""A department's 2025 result and its 2026 remediation tasks, every number
worked out by hand in the tests (today is 15/05/2026, the second quarter)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
)
from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tests.factories.tasks import TaskFactory
from tracker.models import ProgressUpdate, TaskCriterion

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 5, 15)
NOW = datetime(2026, 5, 15, 10, 0, tzinfo=VN)
D = Decimal


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=VN)


@dataclass
class World:
    agency: object
    unit_a: object
    unit_b: object
    result: object
    tasks: dict
    directive: object


def _scored_set(year: int):
    criteria_set = CriteriaSetFactory(year=year)
    area1 = CriterionFactory(
        criteria_set=criteria_set, code="1", name="Công tác chỉ đạo điều hành", max_score=D("6.50")
    )
    area2 = CriterionFactory(
        criteria_set=criteria_set, code="2", name="Cải cách thể chế", max_score=D("6.75")
    )
    c21 = CriterionFactory(
        criteria_set=criteria_set,
        code="2.1",
        name="Rà soát văn bản",
        max_score=D("3.00"),
        parent=area2,
    )
    c22 = CriterionFactory(
        criteria_set=criteria_set,
        code="2.2",
        name="Kiểm tra văn bản",
        max_score=D("3.75"),
        parent=area2,
    )
    area3 = CriterionFactory(
        criteria_set=criteria_set, code="3", name="Cải cách tổ chức bộ máy", max_score=D("7.00")
    )
    return criteria_set, {"1": area1, "2": area2, "2.1": c21, "2.2": c22, "3": area3}


def _score(assessment, criteria, scores):
    for code, value in scores.items():
        ScoreFactory(assessment=assessment, criterion=criteria[code], appraised_score=D(value))


@pytest.fixture
def world(agency, unit_a, unit_b, other_agency, office_user):
    """2025: 5.75/6.50, 2.1 2.50/3.00, 2.2 3.75/3.75, 7.00/7.00 (lost 0.75 + 0.50).

    Tasks of the second quarter: t1 done on time, t2 done late, t3 overdue,
    t4 not started within the deadline (unit A); t5 submitted on time awaiting
    verification, t6 not started and overdue (unit B). Outside it: t7 done in
    the first quarter, t11 overdue since the first quarter, t8 cancelled, t9 a
    draft, t10 an ongoing directive, and another agency's overdue task.
    """
    criteria_set, criteria = _scored_set(2025)
    result = AssessmentFactory(
        unit=agency, criteria_set=criteria_set, published_total=D("21.00"), rank=16, rank_of=18
    )
    _score(result, criteria, {"1": "5.75", "2.1": "2.50", "2.2": "3.75", "3": "7.00"})
    directive = DirectiveFactory(
        conclusion=ConclusionFactory(number="45/TB-STP", issuing_unit=agency),
        text="Thường xuyên cập nhật tin bài về cải cách hành chính.",
        label="Thứ hai",
    )
    a, b = {"agency": agency, "lead_unit": unit_a}, {"agency": agency, "lead_unit": unit_b}
    tasks = {
        "t1": TaskFactory(
            **a,
            done=True,
            deadline=date(2026, 4, 30),
            submitted_at=at(4, 28),
            completed_at=at(4, 29),
        ),
        "t2": TaskFactory(
            **a,
            done=True,
            deadline=date(2026, 4, 15),
            submitted_at=at(4, 20),
            completed_at=at(4, 21),
        ),
        "t3": TaskFactory(**a, in_progress=True, deadline=date(2026, 5, 10), percent_complete=30),
        "t4": TaskFactory(**a, assigned=True, deadline=date(2026, 6, 30)),
        "t5": TaskFactory(**b, submitted=True, deadline=date(2026, 5, 12), submitted_at=at(5, 11)),
        "t6": TaskFactory(**b, assigned=True, deadline=date(2026, 5, 1)),
        "t7": TaskFactory(
            **b,
            done=True,
            deadline=date(2026, 3, 31),
            submitted_at=at(3, 30),
            completed_at=at(3, 31),
        ),
        "t8": TaskFactory(**b, cancelled=True, deadline=date(2026, 5, 5)),
        "t9": TaskFactory(**b, deadline=date(2026, 5, 6)),
        "t10": TaskFactory(
            **b,
            in_progress=True,
            deadline=None,
            ongoing=True,
            directive=directive,
            percent_complete=40,
        ),
        "t11": TaskFactory(**b, in_progress=True, deadline=date(2026, 3, 20)),
    }
    TaskFactory(agency=other_agency, in_progress=True, deadline=date(2026, 5, 2))
    for name, code in (("t1", "1"), ("t2", "2.1"), ("t3", "2.1"), ("t3", "2.2")):
        TaskCriterion.objects.create(task=tasks[name], criterion=criteria[code], assessment=result)
    for name, when, note in (
        ("t3", at(4, 10), "Đã dự thảo kế hoạch rà soát"),
        ("t3", at(5, 5), "Đang rà soát 12 văn bản"),
        ("t3", at(5, 8), ""),
        ("t10", at(5, 2), "Đã đăng 3 tin bài"),
    ):
        ProgressUpdate.objects.create(
            task=tasks[name], author=office_user, percent_complete=30, note=note, created_at=when
        )
    return World(agency, unit_a, unit_b, result, tasks, directive)


@pytest.fixture
def next_year_result(world):
    """2026 appraised: area 1 in full, 2.1 in full, 2.2 now 3.25 of 3.75."""
    criteria_set, criteria = _scored_set(2026)
    result = AssessmentFactory(unit=world.agency, criteria_set=criteria_set)
    _score(result, criteria, {"1": "6.50", "2.1": "3.00", "2.2": "3.25", "3": "7.00"})
    return result
