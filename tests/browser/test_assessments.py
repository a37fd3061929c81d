from io import StringIO

from django.core.management import call_command

from tests.factories.assessments import doj_2022_xlsx
from tracker.demo.org import DEMO_PASSWORD
from tracker.models import Assessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_office_uploads_previews_confirms_and_reads_lost_points(
    page, login, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    login("vanphong", DEMO_PASSWORD)

    page.get_by_role("link", name="Kết quả chấm điểm").first.click()
    page.get_by_test_id("import-link").click()
    page.get_by_label("Đơn vị được đánh giá").select_option(label="Sở Tư pháp")
    page.get_by_label("Năm đánh giá").fill("2024")
    page.get_by_label("Tệp kết quả").set_input_files(
        files=[{"name": "stp-2024.xlsx", "mimeType": XLSX, "buffer": doj_2022_xlsx()}]
    )
    page.get_by_label("Tổng điểm công bố").fill("61,14")
    page.get_by_role("button", name="Tải lên và xem trước").click()

    assert "Tệp hợp lệ: 12 tiêu chí" in page.get_by_test_id("import-ok").inner_text()
    assert page.get_by_test_id("area-count").inner_text() == "8"
    assert "chênh lệch 0,23 điểm" in page.get_by_test_id("difference-warning").inner_text()
    assert not Assessment.objects.filter(criteria_set__year=2024).exists()

    page.get_by_test_id("confirm-import").click()

    assert "chênh lệch 0,23 điểm" in page.get_by_test_id("difference-warning").inner_text()
    assert page.get_by_test_id("computed-total").inner_text() == "60,91 / 74,00"
    page.get_by_role("link", name="Tiêu chí bị trừ điểm").click()
    first_row = page.get_by_test_id("lost-points").locator("tbody tr").first
    assert first_row.get_attribute("data-code") == "7"
    assert "Xây dựng và phát triển chính quyền điện tử, chính quyền số" in first_row.inner_text()
    assert "5,77" in first_row.inner_text()
    assert Assessment.objects.get(criteria_set__year=2024).scores.count() == 12
