from django.urls import path

from tracker.views import assessments as views
from tracker.views import effect

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/diem-bi-tru/", views.assessment_lost_points, name="lost_points"),
    path(
        "<int:pk>/diem-bi-tru/nhiem-vu/",
        views.assessment_lost_points_tasks,
        name="lost_points_tasks",
    ),
    path("<int:pk>/tep-goc/", views.assessment_source_file, name="source_file"),
    path("<int:pk>/sua/", views.assessment_edit, name="edit"),
    path("<int:pk>/lich-su/", views.assessment_history, name="history"),
    path("nhap/", views.results_upload, name="import"),
    path("nhap/<str:token>/", views.results_import_preview, name="import_preview"),
    path("nhap/<str:token>/xac-nhan/", views.results_import_confirm, name="import_confirm"),
    path("nhap/<str:token>/huy/", views.results_import_cancel, name="import_cancel"),
    path("xep-hang/", views.peer_results, name="peers"),
    path("bo-tieu-chi/", views.criteria_set_list, name="criteria_sets"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_set_detail, name="criteria_set"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", views.criteria_set_copy, name="criteria_set_copy"),
    path("bo-tieu-chi/<int:pk>/sua/", views.criteria_set_edit, name="criteria_set_edit"),
    path("don-vi/<str:code>/", views.unit_results, name="unit"),
    path("don-vi/<str:code>/bieu-do.png", views.unit_results_chart, name="unit_chart"),
    path("don-vi/<str:code>/diem-dang-ky/<int:year>/", views.unit_targets, name="targets"),
    path("don-vi/<str:code>/hieu-qua/<int:year>/", effect.effect_page, name="effect"),
    path(
        "don-vi/<str:code>/diem-dang-ky/<int:year>/sua/",
        views.unit_targets_edit,
        name="targets_edit",
    ),
]
