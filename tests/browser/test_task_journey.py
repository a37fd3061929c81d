"""The whole life of a remediation task, each step by the person who does it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.conclusions import ConclusionFactory, DirectiveFactory
from tests.factories.org import TEST_PASSWORD, DepartmentFactory, OfficeFactory, UserFactory
from tests.factories.tasks import pdf_bytes
from tracker.models import Evidence, Role, Task, TaskStatus


@pytest.fixture
def as_user(browser, live_server):
    """A page signed in as `username`, in a browser context of its own."""
    contexts = []

    def sign_in(username):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def _act(page, action, button, **fields):
    panel = page.get_by_test_id(f"action-{action}")
    for label, value in fields.items():
        panel.get_by_label(label).fill(value)
    panel.get_by_role("button", name=button).click()


def test_generate_issue_accept_report_submit_verify(transactional_db, as_user):
    agency = DepartmentFactory(code="STP", name="Sở Tư pháp")
    office_unit = OfficeFactory(code="STP-VP", name="Văn phòng Sở", parent=agency)
    unit = OfficeFactory(code="STP-HCTP", name="Phòng Hành chính tư pháp", parent=agency)
    UserFactory(username="vanphong", unit=office_unit, role=Role.OFFICE)
    UserFactory(username="truongphong", unit=unit, role=Role.UNIT_HEAD)
    UserFactory(username="chuyenvien", full_name="Hoàng Thị Lan", unit=unit, role=Role.STAFF)
    due = timezone.localdate() + timedelta(days=45)
    DirectiveFactory(
        conclusion=ConclusionFactory(number="45/TB-STP", issuing_unit=agency),
        text="Chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính.",
        units=[unit],
        due_date=due,
    )

    office = as_user("vanphong")
    office.get_by_role("link", name="Lập nhiệm vụ").click()
    office.get_by_role("link", name="Thông báo số 45/TB-STP").click()
    office.get_by_role("button", name="Tạo các nhiệm vụ đã chọn").click()
    assert "Đã tạo 1 nhiệm vụ dự thảo" in office.get_by_role("alert").first.inner_text()
    office.get_by_test_id("existing").get_by_role("link").click()
    _act(office, "issue", "Giao nhiệm vụ")
    assert office.get_by_test_id("task-status").inner_text() == "Đã giao"

    head = as_user("truongphong")
    head.get_by_role("link", name="Nhiệm vụ của đơn vị").click()
    head.get_by_test_id("awaiting-acceptance").get_by_role("link").first.click()
    accept = head.get_by_test_id("action-accept")
    accept.get_by_label("Người thực hiện").select_option(label="Hoàng Thị Lan")
    accept.get_by_role("button", name="Tiếp nhận").click()
    assert head.get_by_test_id("task-status").inner_text() == "Đang thực hiện"
    task_url = head.url

    staff = as_user("chuyenvien")
    staff.goto(task_url)
    progress = staff.get_by_test_id("action-report_progress")
    progress.get_by_label("Tiến độ (%)").fill("60")
    progress.get_by_label("Nội dung").fill("Đã dự thảo quy trình nội bộ, đang lấy ý kiến.")
    progress.get_by_label("Minh chứng").set_input_files(
        {
            "name": "Dự thảo quy trình nội bộ.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes(),
        }
    )
    progress.get_by_role("button", name="Cập nhật tiến độ").click()
    assert staff.get_by_test_id("evidence-link").inner_text() == "Dự thảo quy trình nội bộ.pdf"

    head.reload()
    _act(
        head,
        "submit",
        "Báo cáo hoàn thành",
        **{"Kết quả thực hiện": "Đã ban hành quy trình nội bộ."},
    )
    assert head.get_by_test_id("task-status").inner_text() == "Chờ xác nhận hoàn thành"

    office.goto(task_url)
    _act(office, "verify", "Xác nhận hoàn thành")
    assert office.get_by_test_id("task-status").inner_text() == "Hoàn thành"

    task = Task.objects.get()
    assert (task.status, task.deadline, task.percent_complete) == (TaskStatus.DONE, due, 100)
    assert Evidence.objects.get().original_name == "Dự thảo quy trình nội bộ.pdf"
    assert [
        (record.history_change_reason, record.history_user.username)
        for record in task.history.order_by("history_date", "history_id")
    ] == [
        ("create", "vanphong"),
        ("issue", "vanphong"),
        ("accept", "truongphong"),
        ("report_progress", "chuyenvien"),
        ("submit", "truongphong"),
        ("verify", "vanphong"),
    ]
