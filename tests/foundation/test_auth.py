import pytest
from django.urls import reverse

from tests.factories.org import TEST_PASSWORD


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Đăng nhập" in response.text
    assert "Mật khẩu" in response.text


@pytest.mark.parametrize("username", ["vanphong", "khong-ton-tai"])
def test_login_wrong_credentials_show_vietnamese_message(client, office_user, username):
    response = client.post(reverse("login"), {"username": username, "password": "sai"})

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text
    assert "_auth_user_id" not in client.session


def test_pages_without_login_redirect_to_login(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_login_reaches_home_with_unit_and_role(client, unit_head):
    response = client.post(
        reverse("login"), {"username": "truongphong", "password": TEST_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Xin chào, Phạm Văn Nam" in response.text
    assert "Phòng Hành chính tư pháp" in response.text
    assert "Trưởng đơn vị" in response.text


def test_logout_ends_the_session(client, unit_head):
    client.force_login(unit_head)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_english_is_available(client, unit_head):
    client.force_login(unit_head)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("home"))

    assert "Hello, Phạm Văn Nam" in response.text
    assert "Log out" in response.text


def test_english_browser_still_gets_vietnamese(client, db):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="vi">' in response.text
    assert "Mật khẩu" in response.text
