from django.urls import path

from conclusions import plan_views, views

app_name = "conclusions"

urlpatterns = [
    path("", views.conclusion_list, name="list"),
    path("nhap/", views.conclusion_import_start, name="import"),
    path("nhap/xac-nhan/", views.conclusion_import_confirm, name="import_confirm"),
    path("nhap/them-noi-dung/", views.review_directive_add, name="review_directive_add"),
    path("doc-thoi-han/", views.deadline_preview, name="deadline_preview"),
    path("<int:pk>/", views.conclusion_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.conclusion_file, name="file"),
    path("<int:pk>/lap-nhiem-vu/", views.conclusion_generate, name="generate"),
    path("<int:pk>/lich-su/", views.conclusion_history, name="history"),
    path("noi-dung/<int:pk>/sua/", views.directive_edit, name="directive_edit"),
    path("ke-hoach/", plan_views.plan_list, name="plans"),
    path("ke-hoach/nhap/", plan_views.plan_import_start, name="plan_import"),
    path("ke-hoach/nhap/xac-nhan/", plan_views.plan_import_confirm, name="plan_import_confirm"),
    path("ke-hoach/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/lap-nhiem-vu/", plan_views.plan_generate, name="plan_generate"),
]
