"""The navigation bar: which pages each user is offered, as tracker.permissions decides."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tracker import permissions
from tracker.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[User], bool] = permissions.is_signed_in


# Later features add their pages here, in the order the bar shows them.
NAV_ITEMS = [
    NavItem(_("Trang chủ"), "home"),
    NavItem(_("Kết quả chấm điểm"), "assessments:list"),
    NavItem(_("Thông báo kết luận"), "conclusions:list"),
    NavItem(_("Kế hoạch CCHC"), "conclusions:plans"),
    NavItem(_("Nhiệm vụ của đơn vị"), "tasks:my_unit", permissions.works_within_unit),
    NavItem(_("Theo dõi thời hạn"), "tasks:board", permissions.can_view_deadline_board),
    NavItem(_("Điểm có thể gỡ lại"), "tasks:stake", permissions.can_view_deadline_board),
    NavItem(_("Lập nhiệm vụ"), "generation:index", permissions.can_create_task),
    NavItem(_("Báo cáo"), "reports:index", permissions.can_use_reports),
]


def nav_items_for(user, current_path=""):
    items = []
    for item in NAV_ITEMS:
        if item.allowed(user):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items


def navigation(request):
    """Template context processor: the bar for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": nav_items_for(user, request.path)}
