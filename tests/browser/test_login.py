from io import StringIO

from django.core.management import call_command

from tracker.demo.org import DEMO_PASSWORD


def test_demo_office_user_logs_in_and_sees_home(page, login, transactional_db):
    call_command("seed_demo", stdout=StringIO())

    login("vanphong", DEMO_PASSWORD)

    assert page.get_by_test_id("greeting").inner_text() == "Xin chào, Nguyễn Thị Mai"
    assert page.get_by_test_id("home-unit").inner_text().startswith("Văn phòng Sở")
    assert page.get_by_test_id("home-role").inner_text() == "Văn phòng, đầu mối CCHC"


def test_wrong_password_shows_message_in_browser(page, transactional_db):
    call_command("seed_demo", stdout=StringIO())

    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    assert "mật khẩu chính xác" in page.get_by_test_id("login-error").inner_text()
