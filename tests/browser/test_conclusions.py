from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from conclusions.demo import demo_conclusion_text
from conclusions.models import Conclusion, DeadlineKind
from tests.factories.conclusions import conclusion_docx
from tracker.demo.org import DEMO_PASSWORD

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_office_imports_a_docx_corrects_a_deadline_and_confirms(
    page, login, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    document = conclusion_docx(demo_conclusion_text().replace("45/TB-STP", "52/TB-STP"))
    login("vanphong", DEMO_PASSWORD)

    page.get_by_role("link", name="Thông báo kết luận").click()
    page.get_by_role("link", name="Nhập thông báo").click()
    page.get_by_label("Tệp Word (.docx)").set_input_files(
        {"name": "52-TB-STP.docx", "mimeType": DOCX, "buffer": document}
    )
    page.get_by_role("button", name="Đọc thông báo").click()

    assert page.get_by_label("Số thông báo").input_value() == "52/TB-STP"
    assert page.locator("[data-testid^=review-directive-]").count() == 5
    second = page.get_by_test_id("review-directive-2")
    assert second.get_by_test_id("deadline-reading").inner_text().strip() == "Tháng: hạn 30/04/2023"
    second.get_by_label("Thời hạn (nguyên văn)").fill("trong tháng 4/2023")
    reading = second.get_by_test_id("deadline-reading")
    reading.filter(has_text="Tháng: từ 01/04/2023, hạn 30/04/2023").wait_for()
    page.get_by_role("button", name="Lưu thông báo").click()

    page.wait_for_url("**/ket-luan/*/")
    deadline = page.get_by_test_id("directive-2").get_by_test_id("directive-deadline").inner_text()
    assert "“trong tháng 4/2023”" in deadline
    assert "Tháng: từ 01/04/2023, hạn 30/04/2023" in deadline
    saved = Conclusion.objects.get(number="52/TB-STP").directives.get(order=2)
    assert (saved.deadline_text, saved.deadline_kind, saved.due_date.isoformat()) == (
        "trong tháng 4/2023",
        DeadlineKind.MONTH,
        "2023-04-30",
    )


def test_office_adds_a_missed_directive_and_drops_a_wrong_one_on_review(
    page, login, transactional_db
):
    call_command("seed_demo", stdout=StringIO())
    login("vanphong", DEMO_PASSWORD)
    page.goto(reverse("conclusions:import"))
    text = demo_conclusion_text().replace("45/TB-STP", "53/TB-STP")
    page.get_by_label("Hoặc dán nội dung thông báo").fill(text)
    page.get_by_role("button", name="Đọc thông báo").click()

    page.get_by_test_id("review-directive-2").get_by_label("Bỏ nội dung này").check()
    page.get_by_role("button", name="Thêm nội dung chỉ đạo").click()
    added = page.get_by_test_id("review-directive-6")
    added.get_by_label("Nội dung chỉ đạo").fill("Tổng hợp ý kiến góp ý của các phòng.")
    added.get_by_label("Phòng Phổ biến, giáo dục pháp luật").check()
    added.get_by_label("Thời hạn (nguyên văn)").fill("trước ngày 30/6/2023")
    added.get_by_test_id("deadline-reading").filter(has_text="30/06/2023").wait_for()
    page.get_by_role("button", name="Thêm nội dung chỉ đạo").click()
    page.get_by_test_id("review-directive-7").wait_for()
    page.get_by_role("button", name="Lưu thông báo").click()

    page.wait_for_url("**/ket-luan/*/")
    saved = Conclusion.objects.get(number="53/TB-STP").directives.order_by("order")
    assert list(saved.values_list("order", "label")) == [
        (1, "Thứ nhất"),
        (2, "Thứ ba"),
        (3, "Thứ tư"),
        (4, "Thứ năm"),
        (5, ""),
    ]
    added = saved.get(order=5)
    assert (added.text, added.due_date.isoformat()) == (
        "Tổng hợp ý kiến góp ý của các phòng.",
        "2023-06-30",
    )
    assert list(added.units.values_list("code", flat=True)) == ["STP-PBGD"]
