"""The 403, 404 and 500 pages speak Vietnamese and lead back home; the 500
page renders with no request and no database."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


@pytest.fixture(autouse=True)
def production(settings):
    # With DEBUG on, Django shows its own technical 404 page instead.
    settings.DEBUG = False


def test_a_refused_page_explains_in_vietnamese(client, unit_head):
    client.force_login(unit_head)

    response = client.get(reverse("tasks:board"))

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in response.text
    assert 'data-testid="current-user"' in response.text
    assert reverse("home") in response.text


def test_a_missing_page_explains_in_vietnamese(client, office_user):
    client.force_login(office_user)

    response = client.get(reverse("tasks:detail", args=[999999]))

    assert response.status_code == 404
    assert "Không tìm thấy trang bạn yêu cầu" in response.text
    assert 'data-testid="current-user"' in response.text


def test_a_missing_page_for_someone_not_signed_in(client, db):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang bạn yêu cầu" in response.text


def test_the_server_error_page_needs_no_request_context_nor_database():
    # No database fixture: any query would fail the test.
    response = server_error(RequestFactory().get("/nhiem-vu/"))

    assert response.status_code == 500
    text = response.content.decode()
    assert "Hệ thống gặp lỗi, chưa xử lý được yêu cầu" in text
    assert '<html lang="vi">' in text
