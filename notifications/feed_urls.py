"""Calendar feed addresses (under /lich/): the secret token is part of the path,
which notifications.log_filters masks in the logs this project writes."""

from django.urls import path

from notifications import views

app_name = "feeds"

urlpatterns = [
    path("<str:token>.ics", views.feed_personal, name="personal"),
    path("<str:token>/don-vi/<int:unit_pk>.ics", views.feed_unit, name="unit"),
]
