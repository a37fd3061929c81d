"""Tasks of every kind a task-list export writes differently, and readers of
the files the exports give back."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.effect.conftest import remedies, scored
from tests.factories.org import UserFactory
from tests.factories.tasks import VN, TaskFactory
from tracker.models import Role

# 10:00 on 02/06/2026 in Vietnam: the export time in headings and file names.
NOW = datetime(2026, 6, 2, 10, tzinfo=VN)
HEADER = [
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Người thực hiện",
    "Hạn hoàn thành",
    "Số ngày quá hạn",
    "Tiến độ (%)",
    "Trạng thái",
    "Điểm có thể gỡ",
    "Quá hạn",
    "Hoàn thành muộn",
]
TREE = [
    ("1", "Công tác chỉ đạo điều hành", "4.00", None),
    ("1.1", "Kế hoạch CCHC", "2.00", "1.00"),
    ("1.2", "Báo cáo CCHC", "2.00", "1.50"),
]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def file_content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def staff_named(unit_a):
    return UserFactory(username="chuyenvien2", full_name="Vũ Thị Hoa", unit=unit_a, role=Role.STAFF)


@pytest.fixture
def mixed_tasks(agency, unit_a, unit_b, staff_named):
    """One task per way a row is written: overdue with an assignee and points to
    recover, done late, ongoing, a draft, a directive's title cut short."""
    assessment, criteria = scored(agency, 2025, TREE)
    return {
        "overdue": remedies(
            TaskFactory(
                agency=agency,
                lead_unit=unit_a,
                title="Rà soát kế hoạch CCHC",
                in_progress=True,
                assignee=staff_named,
                percent_complete=40,
                deadline=date(2026, 5, 20),
            ),
            assessment,
            criteria["1.1"],
            criteria["1.2"],
        ),
        "late": TaskFactory(
            agency=agency,
            lead_unit=unit_b,
            title="Báo cáo quý",
            done=True,
            deadline=date(2026, 6, 1),
            submitted_at=datetime(2026, 6, 2, 8, tzinfo=VN),
        ),
        "ongoing": TaskFactory(
            agency=agency,
            lead_unit=unit_a,
            title="Cập nhật cổng thông tin",
            assigned=True,
            ongoing=True,
            deadline=None,
        ),
        "draft": TaskFactory(
            agency=agency, lead_unit=unit_b, title="Dự thảo quy chế", deadline=date(2026, 7, 15)
        ),
        "cut": TaskFactory(
            agency=agency,
            lead_unit=unit_a,
            title="Giao Phòng Hành chính tư pháp rà soát…",
            description="giao Phòng Hành chính tư pháp rà soát toàn bộ thủ tục hành chính",
            assigned=True,
            deadline=date(2026, 8, 1),
        ),
    }
