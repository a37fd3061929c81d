from django.urls import path

from tracker.views import exports

app_name = "exports"

urlpatterns = [
    path("", exports.export_index, name="index"),
    path("danh-sach/", exports.export_list, name="list"),
    path("<int:pk>/tai-ve/", exports.export_download, name="download"),
]
