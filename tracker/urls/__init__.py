from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker.views import account, home

urlpatterns = [
    path("", home.home, name="home"),
    path("giao-nhieu/", home.issue_drafts_view, name="issue_drafts"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", account.PasswordChangeView.as_view(), name="password_change"),
    path("ket-qua/", include("tracker.urls.assessments")),
    path("ket-luan/", include("conclusions.urls")),
    path("nhiem-vu/", include("tracker.urls.tasks")),
    path("lap-nhiem-vu/", include("tracker.urls.generation")),
    path("nhac-viec/", include("notifications.urls")),
    path("lich/", include("notifications.feed_urls")),
    path("bao-cao/", include("tracker.urls.reports")),
    path("tep-xuat/", include("tracker.urls.exports")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
