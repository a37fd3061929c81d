import pytest
from django.urls import reverse


def test_admin_link_only_for_admin_users(client, office_user, unit_head):
    office_user.is_staff = True
    office_user.save()

    client.force_login(office_user)
    assert reverse("admin:index") in client.get(reverse("home")).text

    client.force_login(unit_head)
    assert reverse("admin:index") not in client.get(reverse("home")).text


def test_admin_refuses_non_admin_users(client, unit_head):
    client.force_login(unit_head)

    response = client.get(reverse("admin:tracker_unit_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


EVERYONE = ["Trang chủ", "Kết quả chấm điểm", "Thông báo kết luận", "Kế hoạch CCHC"]


@pytest.mark.parametrize(
    ("persona", "task_pages"),
    [
        ("office_user", ["Theo dõi thời hạn", "Điểm có thể gỡ lại", "Lập nhiệm vụ", "Báo cáo"]),
        ("leader", ["Theo dõi thời hạn", "Điểm có thể gỡ lại", "Báo cáo"]),
        ("unit_head", ["Nhiệm vụ của đơn vị", "Báo cáo"]),
        ("staff_user", ["Nhiệm vụ của đơn vị"]),
    ],
)
def test_navigation_offers_task_pages_by_permission(client, request, persona, task_pages):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("home"))

    labels = [str(item["label"]) for item in response.context["nav_items"]]
    assert labels == EVERYONE + task_pages
