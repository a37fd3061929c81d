from datetime import timedelta

from django.utils import timezone

from tests.factories.org import TEST_PASSWORD, DepartmentFactory, OfficeFactory, UserFactory
from tests.factories.tasks import TaskFactory
from tracker.models import Role, Task, TaskStatus


def test_unit_head_accepts_a_task_waiting_for_acceptance(transactional_db, page, login):
    agency = DepartmentFactory(code="STP", name="Sở Tư pháp")
    unit = OfficeFactory(code="STP-HCTP", name="Phòng Hành chính tư pháp", parent=agency)
    UserFactory(username="truongphong", full_name="Phạm Văn Nam", unit=unit, role=Role.UNIT_HEAD)
    UserFactory(username="chuyenvien", full_name="Hoàng Thị Lan", unit=unit, role=Role.STAFF)
    task = TaskFactory(
        agency=agency,
        lead_unit=unit,
        title="Công khai đầy đủ TTHC trên Cổng dịch vụ công",
        assigned=True,
        issued_at=timezone.now(),
        deadline=timezone.localdate() + timedelta(days=60),
    )

    login("truongphong", TEST_PASSWORD)
    page.get_by_role("link", name="Nhiệm vụ của đơn vị").click()
    awaiting = page.get_by_test_id("awaiting-acceptance")
    assert "Công khai đầy đủ TTHC" in awaiting.inner_text()
    awaiting.get_by_role("link", name="Xem và tiếp nhận").click()

    accept = page.get_by_test_id("action-accept")
    accept.get_by_label("Người thực hiện").select_option(label="Hoàng Thị Lan")
    accept.get_by_role("button", name="Tiếp nhận").click()

    assert page.get_by_role("alert").first.inner_text().strip() == "Đã tiếp nhận nhiệm vụ."
    assert page.get_by_test_id("task-status").inner_text() == "Đang thực hiện"
    assert page.get_by_test_id("assignee").inner_text() == "Hoàng Thị Lan"
    task = Task.objects.get(pk=task.pk)
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.assignee.username == "chuyenvien"
    assert task.history.first().history_user.username == "truongphong"
