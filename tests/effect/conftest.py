"""Two years of one department's results and the work done in between.

2022 (lost):            1.1 1.00 · 1.2 0.50 · 2.1 0.75 · 3.1 0.50
2023 (lost):            1.1 0.00 · 1.2 0.75 · 2.1 0.25 · 3.2 0.00 (3.1 renumbered
                        3.2; the new 3.1 lost 1.00)
Tasks on 2022's result: T1 1.1 unit A done on time · T2 1.1 unit B overdue ·
                        T3 1.1 cancelled · T4 1.2 + 2.1 unit A done late ·
                        T5 2.1 unit B assigned, not yet due. 3.1: no task.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories.assessments import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    ScoreFactory,
    TargetFactory,
)
from tests.factories.tasks import VN, TaskFactory
from tracker.models import Assessment, Task, TaskCriterion

TODAY = date(2026, 7, 1)

TREE_2022 = [
    ("1", "Công tác chỉ đạo điều hành", "4.00", None),
    ("1.1", "Kế hoạch CCHC", "2.00", "1.00"),
    ("1.2", "Báo cáo CCHC", "2.00", "1.50"),
    ("2", "Cải cách thể chế", "3.00", None),
    ("2.1", "Theo dõi thi hành pháp luật", "3.00", "2.25"),
    ("3", "Cải cách TTHC", "2.00", None),
    ("3.1", "Công khai TTHC", "2.00", "1.50"),
]
TREE_2023 = [
    ("1", "Công tác chỉ đạo điều hành", "4.00", None),
    ("1.1", "Kế hoạch CCHC", "2.00", "2.00"),
    ("1.2", "Báo cáo CCHC", "2.00", "1.25"),
    ("2", "Cải cách thể chế", "3.00", None),
    ("2.1", "Theo dõi thi hành pháp luật", "3.00", "2.75"),
    ("3", "Cải cách TTHC", "3.00", None),
    ("3.1", "Số hóa hồ sơ TTHC", "1.00", "0.00"),
    ("3.2", "Công khai TTHC", "2.00", "2.00"),
]


def scored(unit, year: int, tree) -> tuple[Assessment, dict]:
    criteria_set = CriteriaSetFactory(year=year)
    assessment = AssessmentFactory(unit=unit, criteria_set=criteria_set)
    criteria = {}
    for code, name, max_score, score in tree:
        parent = criteria.get(code.rsplit(".", 1)[0]) if "." in code else None
        criteria[code] = CriterionFactory(
            criteria_set=criteria_set,
            parent=parent,
            code=code,
            name=name,
            max_score=Decimal(max_score),
        )
        if score is not None:
            ScoreFactory(
                assessment=assessment, criterion=criteria[code], appraised_score=Decimal(score)
            )
    return assessment, criteria


def remedies(task: Task, assessment: Assessment, *criteria) -> Task:
    for criterion in criteria:
        TaskCriterion.objects.create(task=task, criterion=criterion, assessment=assessment)
    return task


@dataclass
class TwoYears:
    before: Assessment
    after: Assessment
    c22: dict
    c23: dict
    tasks: dict


@pytest.fixture
def two_years(agency, unit_a, unit_b, office_unit):
    before, c22 = scored(agency, 2022, TREE_2022)
    after, c23 = scored(agency, 2023, TREE_2023)
    tasks = {
        "T1": remedies(TaskFactory(agency=agency, lead_unit=unit_a, done=True), before, c22["1.1"]),
        "T2": remedies(
            TaskFactory(
                agency=agency, lead_unit=unit_b, in_progress=True, deadline=date(2026, 5, 31)
            ),
            before,
            c22["1.1"],
        ),
        "T3": remedies(
            TaskFactory(agency=agency, lead_unit=unit_a, cancelled=True), before, c22["1.1"]
        ),
        "T4": remedies(
            TaskFactory(
                agency=agency,
                lead_unit=unit_a,
                done=True,
                deadline=date(2026, 6, 10),
                submitted_at=datetime(2026, 6, 20, 9, 0, tzinfo=VN),
            ),
            before,
            c22["1.2"],
            c22["2.1"],
        ),
        "T5": remedies(
            TaskFactory(agency=agency, lead_unit=unit_b, assigned=True, deadline=date(2026, 9, 30)),
            before,
            c22["2.1"],
        ),
        "plain": TaskFactory(agency=agency, lead_unit=unit_a, assigned=True),
    }
    TargetFactory(unit=agency, criterion=c23["1.2"], target_score=Decimal("1.75"))
    TargetFactory(unit=agency, criterion=c23["2.1"], target_score=Decimal("2.50"))
    return TwoYears(before=before, after=after, c22=c22, c23=c23, tasks=tasks)
