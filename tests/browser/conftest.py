"""Real headless Chromium (Debian's package) driven by Playwright."""

import os
import shutil

import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Started after the test database exists, so that is not made inside the loop."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM
    # refuses to run beside one unless told it is safe, as it is here.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Connections the tests opened while Playwright ran live in its
        # context, out of reach of the test-database teardown: close them
        # here, or PostgreSQL refuses to drop the database they still use.
        connections.close_all()


def watch_csp(page) -> list[str]:
    """The Content-Security-Policy refusals the page reports, collected as they come."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = watch_csp(page)
    yield page
    context.close()
    # Every journey runs under the policy: nothing it needs may be refused.
    assert refused == []


@pytest.fixture
def login(page):
    def login_as(username, password):
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")

    return login_as
