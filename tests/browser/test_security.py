"""The pages work under the Content-Security-Policy; a double click creates once."""

import re
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from tracker.demo.org import DEMO_PASSWORD
from tracker.models import Assessment, Task


def test_the_policy_header_is_sent_and_the_main_pages_keep_working(page, login, transactional_db):
    call_command("seed_demo", stdout=StringIO())
    response = page.goto("/dang-nhap/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    login("vanphong", DEMO_PASSWORD)

    task = Task.objects.filter(percent_complete__gt=0).first()
    page.goto(task.get_absolute_url())
    # The progress bar's width comes from static JavaScript, not an inline style.
    width = page.locator(".progress-bar").evaluate("element => element.style.width")
    assert width == f"{task.percent_complete}%"

    assessment = Assessment.objects.filter(unit__code="STP").first()
    page.goto(reverse("assessments:unit", args=["STP"]))
    with page.expect_navigation():
        page.get_by_label("Chỉ số").select_option("PAR")
    page.goto(reverse("assessments:detail", args=[assessment.pk]))
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    page.wait_for_url("**/lich-su/")

    # The language switch submits itself on change (a data- attribute, no inline handler).
    page.get_by_test_id("current-user").click()
    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").first.select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_double_click_on_create_makes_one_task(page, login, transactional_db):
    call_command("seed_demo", stdout=StringIO())
    login("vanphong", DEMO_PASSWORD)
    before = Task.objects.count()

    page.goto(reverse("tasks:create"))
    page.get_by_label("Tên nhiệm vụ").fill("Rà soát quy trình nội bộ một cửa")
    page.locator("#id_lead_unit").select_option(label="Phòng Hành chính tư pháp")
    page.get_by_role("button", name="Lưu").dblclick()

    page.wait_for_url(re.compile(r".*/nhiem-vu/\d+/$"))
    assert Task.objects.count() == before + 1
    alerts = page.get_by_role("alert").all_inner_texts()
    assert len(alerts) == 1
