"""Every change to a task, with who and when, readable on the task page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories.assessments import CriterionFactory
from tests.factories.org import OfficeFactory
from tests.factories.tasks import pdf_upload
from tracker.selectors.tasks import task_history
from tracker.services.extensions import extension_decide, extension_request_create
from tracker.services.tasks import task_create, task_update
from tracker.services.workflow import (
    task_accept,
    task_issue,
    task_report_progress,
    task_submit,
    task_verify,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def day(month, d, hour=9):
    return datetime(2026, month, d, hour, tzinfo=VN)


@pytest.fixture
def lived_task(office_user, unit_head, staff_user, leader, unit_a, unit_b):
    """A task taken through its life by the people who do each step."""
    with time_machine.travel(day(3, 2), tick=False):
        task = task_create(
            user=office_user,
            title="Công khai TTHC",
            lead_unit=unit_a,
            deadline=date(2026, 6, 30),
        )
    with time_machine.travel(day(3, 3), tick=False):
        task = task_update(task=task, user=office_user, supporting_units=[unit_b])
        task = task_issue(task=task, user=office_user)
    with time_machine.travel(day(3, 5), tick=False):
        task = task_accept(task=task, user=unit_head, assignee=staff_user)
    with time_machine.travel(day(5, 10), tick=False):
        task_report_progress(task=task, user=staff_user, percent_complete=50, files=[pdf_upload()])
        extension = extension_request_create(
            task=task, user=unit_head, proposed_deadline=date(2026, 7, 31), reason="Chờ phần mềm"
        )
    with time_machine.travel(day(5, 12), tick=False):
        extension_decide(extension=extension, user=leader, approve=True)
    with time_machine.travel(day(7, 20), tick=False):
        task_submit(task=task, user=unit_head, note="Xong")
    with time_machine.travel(day(7, 22), tick=False):
        task_verify(task=task, user=office_user)
    task.refresh_from_db()
    return task


def summary(entries):
    return [
        (
            entry.when.astimezone(VN).strftime("%d/%m"),
            entry.user.username,
            entry.action,
            [(c.label, c.old, c.new) for c in entry.changes],
        )
        for entry in entries
    ]


def test_history_names_who_did_what_and_when(lived_task):
    assert summary(task_history(task=lived_task)) == [
        (
            "22/07",
            "vanphong",
            "Xác nhận hoàn thành",
            [
                ("Trạng thái", "Chờ xác nhận hoàn thành", "Hoàn thành"),
                ("Ngày xác nhận hoàn thành", "—", "09:00 22/07/2026"),
            ],
        ),
        (
            "20/07",
            "truongphong",
            "Báo cáo hoàn thành",
            [
                ("Trạng thái", "Đang thực hiện", "Chờ xác nhận hoàn thành"),
                ("Tiến độ (%)", "50", "100"),
                ("Ngày báo cáo hoàn thành", "—", "09:00 20/07/2026"),
            ],
        ),
        (
            "12/05",
            "giamdoc",
            "Quyết định gia hạn",
            [("Hạn hoàn thành", "30/06/2026", "31/07/2026")],
        ),
        ("10/05", "chuyenvien", "Cập nhật tiến độ", [("Tiến độ (%)", "0", "50")]),
        (
            "05/03",
            "truongphong",
            "Tiếp nhận",
            [
                ("Người thực hiện", "—", "Hoàng Thị Lan"),
                ("Trạng thái", "Đã giao", "Đang thực hiện"),
                ("Ngày tiếp nhận", "—", "09:00 05/03/2026"),
            ],
        ),
        (
            "03/03",
            "vanphong",
            "Giao nhiệm vụ",
            [
                ("Hạn ban đầu", "—", "30/06/2026"),
                ("Trạng thái", "Dự thảo", "Đã giao"),
                ("Ngày giao", "—", "09:00 03/03/2026"),
            ],
        ),
        (
            "03/03",
            "vanphong",
            "Sửa nhiệm vụ",
            [("Đơn vị phối hợp", "—", "Phòng Phổ biến, giáo dục pháp luật")],
        ),
        (
            "02/03",
            "vanphong",
            "Tạo nhiệm vụ",
            [
                ("Tên nhiệm vụ", "—", "Công khai TTHC"),
                ("Đơn vị chủ trì", "—", "Phòng Hành chính tư pháp"),
                ("Hạn hoàn thành", "—", "30/06/2026"),
                ("Mức ưu tiên", "—", "Bình thường"),
                ("Trạng thái", "—", "Dự thảo"),
            ],
        ),
    ]


@time_machine.travel(day(3, 2), tick=False)
def test_issuing_with_supporting_units_writes_one_history_row(office_user, unit_a, unit_b):
    task = task_create(
        user=office_user,
        title="Số hóa hồ sơ TTHC",
        lead_unit=unit_a,
        supporting_units=[unit_b],
        deadline=date(2026, 6, 30),
        issue=True,
    )

    assert summary(task_history(task=task)) == [
        (
            "02/03",
            "vanphong",
            "Giao nhiệm vụ",
            [
                ("Tên nhiệm vụ", "—", "Số hóa hồ sơ TTHC"),
                ("Đơn vị chủ trì", "—", "Phòng Hành chính tư pháp"),
                ("Hạn hoàn thành", "—", "30/06/2026"),
                ("Mức ưu tiên", "—", "Bình thường"),
                ("Trạng thái", "—", "Đã giao"),
                ("Đơn vị phối hợp", "—", "Phòng Phổ biến, giáo dục pháp luật"),
            ],
        )
    ]
    assert task.history.count() == 1


def test_later_history_rows_compare_with_the_units_given_at_creation(office_user, unit_a, unit_b):
    unit_c = OfficeFactory(parent=unit_a.parent, name="Thanh tra Sở")
    task = task_create(
        user=office_user, title="Rà soát TTHC", lead_unit=unit_a, supporting_units=[unit_b]
    )

    task_update(task=task, user=office_user, supporting_units=[unit_b, unit_c])

    assert summary(task_history(task=task))[0][2:] == (
        "Sửa nhiệm vụ",
        [
            (
                "Đơn vị phối hợp",
                "Phòng Phổ biến, giáo dục pháp luật",
                "Phòng Phổ biến, giáo dục pháp luật, Thanh tra Sở",
            )
        ],
    )


def test_criteria_given_at_creation_and_changed_later_show_in_the_history(office_user, unit_a):
    publicity = CriterionFactory(code="3.4", name="Công khai TTHC")
    digitising = CriterionFactory(
        code="7.2", name="Số hóa hồ sơ", criteria_set=publicity.criteria_set
    )
    task = task_create(
        user=office_user, title="Công khai TTHC", lead_unit=unit_a, criteria=[publicity]
    )

    task_update(task=task, user=office_user, criteria=[publicity, digitising])

    changed, created = summary(task_history(task=task))
    assert changed[2:] == (
        "Sửa nhiệm vụ",
        [("Tiêu chí khắc phục", "3.4 Công khai TTHC", "3.4 Công khai TTHC; 7.2 Số hóa hồ sơ")],
    )
    assert ("Tiêu chí khắc phục", "—", "3.4 Công khai TTHC") in created[3]


def test_history_rows_carry_the_acting_user_even_without_a_request(lived_task):
    # Services ran outside any request here (as from a command or a job).
    assert lived_task.history.filter(history_user__isnull=True).count() == 0
    assert lived_task.history.count() == 8


def test_history_page_and_detail_show_the_changes(client, lived_task, other_unit_head, outsider):
    # Unit B supports this task: its head reads the history too.
    client.force_login(other_unit_head)

    page = client.get(reverse("tasks:history", args=[lived_task.pk]))
    detail = client.get(lived_task.get_absolute_url())

    for response in (page, detail):
        assert response.status_code == 200
        assert "Trần Quốc Hưng" in response.text
        assert "30/06/2026" in response.text and "31/07/2026" in response.text
        assert response.text.count('data-testid="history-change"') == 19
    client.force_login(outsider)
    assert client.get(reverse("tasks:history", args=[lived_task.pk])).status_code == 404


def test_history_query_count_does_not_grow_with_the_history(
    lived_task, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        task_history(task=lived_task)
