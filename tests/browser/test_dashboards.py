"""Each role's home page on a laptop and on a phone: no sideways scroll."""

from io import StringIO

from django.core.management import call_command

from tracker.demo.org import DEMO_PASSWORD

HOMES = [
    ("giamdoc", "/?year=2023&quarter=2", "chart-units"),
    ("phogiamdoc", "/", "chart-total"),
    ("vanphong", "/", "count-drafts"),
    ("truongphong", "/", "on-time-rate"),
    ("chuyenvien", "/", "my-tasks"),
]
SIZES = [(1366, 900), (390, 844)]


def test_every_home_fits_the_screen_without_sideways_scroll(browser, live_server, transactional_db):
    call_command("seed_demo", stdout=StringIO())
    for username, path, landmark in HOMES:
        for width, height in SIZES:
            context = browser.new_context(
                base_url=live_server.url,
                locale="vi-VN",
                viewport={"width": width, "height": height},
            )
            page = context.new_page()
            page.goto("/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url("**/")
            page.goto(path)

            assert page.get_by_test_id(landmark).count() >= 1, (username, width)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, (username, width, scroll, client)
            context.close()
