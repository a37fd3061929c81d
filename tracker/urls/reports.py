from django.urls import path

from tracker.views import reports

app_name = "reports"

urlpatterns = [
    path("", reports.report_index, name="index"),
    path("lap/", reports.report_create, name="create"),
    path("<int:pk>/", reports.report_detail, name="detail"),
    path("<int:pk>/trang-thai/", reports.report_status, name="status"),
    path("<int:pk>/tai-ve/", reports.report_download, name="download"),
    path("<int:pk>/lap-lai/", reports.report_regenerate, name="regenerate"),
]
