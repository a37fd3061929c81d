from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("chua-doc/", views.unread_badge, name="unread_badge"),
    path("da-doc/", views.notifications_read_all, name="read_all"),
    path("cai-dat/", views.reminder_settings, name="settings"),
    path("cai-dat/lich-moi/", views.feed_token_new, name="feed_token_new"),
    path("chinh-sach/", views.reminder_policy_edit, name="policy"),
    path("nhiem-vu/<int:pk>.ics", views.task_ics, name="task_ics"),
]
