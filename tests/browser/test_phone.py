"""The main pages on a phone (390 × 844): nothing scrolls sideways."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from tests.factories.org import TEST_PASSWORD
from tracker.models import Assessment, Task, User

PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", force=True, verbosity=0)
    # One password for every persona: the demo's is published, the tests' is ours.
    for user in User.objects.all():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def sign_in(username):
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
        )
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


def _overflowing(page, paths) -> dict[str, int]:
    wide = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            wide[path] = extra
    return wide


def test_no_page_scrolls_sideways_on_a_phone(demo, phone):
    # The task with the longest history: the page most likely to be too wide.
    task = Task.objects.annotate(updates=Count("progress_updates")).order_by("-updates").first()
    assessment = Assessment.objects.filter(unit__code="STP").order_by("-criteria_set__year").first()
    office = phone("vanphong")
    office_paths = [
        "/",
        "/nhiem-vu/",
        "/nhiem-vu/theo-doi-thoi-han/",
        "/nhiem-vu/tao-moi/",
        "/nhiem-vu/dat-han-du-thao/",
        f"/nhiem-vu/{task.pk}/",
        f"/nhiem-vu/{task.pk}/lich-su/",
        "/ket-qua/",
        f"/ket-qua/{assessment.pk}/",
        f"/ket-qua/{assessment.pk}/diem-bi-tru/",
        "/ket-qua/don-vi/STP/",
        "/ket-qua/xep-hang/",
        "/ket-qua/nhap/",
        "/ket-luan/",
        "/ket-luan/nhap/",
        "/lap-nhiem-vu/",
        f"/lap-nhiem-vu/ket-qua/{assessment.pk}/",
    ]
    head = phone("truongphong")
    head_task = Task.objects.filter(lead_unit__code="STP-HCTP").exclude(status="draft").first()
    head_paths = ["/", "/nhiem-vu/", f"/nhiem-vu/{head_task.pk}/"]

    wide = _overflowing(office, office_paths) | {
        f"truongphong {path}": extra for path, extra in _overflowing(head, head_paths).items()
    }

    assert wide == {}


CONTRAST = """
(element) => {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const [r, g, b, a = 1] = rgba(getComputedStyle(element).color);
  const [br, bg, bb] = rgba(getComputedStyle(element.closest(".navbar")).backgroundColor);
  const mix = (fore, back) => fore * a + back * (1 - a);
  const luminance = (x, y, z) => 0.2126 * channel(x) + 0.7152 * channel(y) + 0.0722 * channel(z);
  const fore = luminance(mix(r, br), mix(g, bg), mix(b, bb));
  const back = luminance(br, bg, bb);
  return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
}
"""


def test_navbar_text_contrast_is_at_least_4_5(demo, phone):
    page = phone("vanphong")
    page.get_by_role("button", name="Mở menu").click()
    links = page.locator(".app-navbar .nav-link:not(.active)")
    links.first.wait_for()

    ratios = [links.nth(n).evaluate(CONTRAST) for n in range(links.count())]

    assert ratios and min(ratios) >= 4.5, ratios


def test_on_a_phone_the_progress_form_comes_before_the_history(demo, phone):
    page = phone("truongphong")
    task = Task.objects.filter(lead_unit__code="STP-HCTP", status="in_progress").first()
    page.goto(f"/nhiem-vu/{task.pk}/")

    form = page.get_by_test_id("action-report_progress").bounding_box()
    history = page.locator(".task-history-fold").bounding_box()

    assert form["y"] < history["y"]
    page.screenshot(path="/tmp/h19-task-phone.png", full_page=True)


def test_on_a_phone_filters_fold_and_multi_selects_are_checklists(demo, phone):
    page = phone("vanphong")
    page.goto("/nhiem-vu/theo-doi-thoi-han/")
    filters = page.locator("#table-filter")
    assert not filters.is_visible()
    page.get_by_role("button", name="Bộ lọc").click()
    filters.wait_for(state="visible")

    page.goto("/nhiem-vu/tao-moi/")
    page.get_by_role("searchbox", name="Đơn vị phối hợp – tìm").fill("pho bien")
    checklist = page.locator(".checklist").first
    visible = [
        label for label in checklist.locator(".checklist-item:visible label").all_inner_texts()
    ]
    assert visible == ["Phòng Phổ biến, giáo dục pháp luật"]
    checklist.get_by_label("Phòng Phổ biến, giáo dục pháp luật").tap()
    chosen = page.locator("select[name=supporting_units] option:checked").all_inner_texts()
    assert chosen == ["Phòng Phổ biến, giáo dục pháp luật"]
    page.screenshot(path="/tmp/h19-create-phone.png", full_page=True)
