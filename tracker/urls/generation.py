from django.urls import path

from tracker.views import generation

app_name = "generation"

urlpatterns = [
    path("", generation.generation_index, name="index"),
    path("ket-qua/<int:pk>/", generation.generate_from_assessment, name="from_assessment"),
    path(
        "phan-cong/<int:agency_pk>/<int:set_pk>/",
        generation.responsibilities,
        name="responsibilities",
    ),
    path(
        "phan-cong/<int:agency_pk>/<int:set_pk>/chep-nam-truoc/",
        generation.responsibilities_copy,
        name="responsibilities_copy",
    ),
]
