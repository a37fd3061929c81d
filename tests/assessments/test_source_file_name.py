"""Source files come back under the name they were uploaded with."""

from urllib.parse import quote

from django.urls import reverse

from tests.assessments.conftest import upload_results
from tests.factories.assessments import doj_2022_xlsx
from tracker.models import Assessment


def test_imported_results_download_under_their_vietnamese_name(
    client, office_user, agency, media_root
):
    client.force_login(office_user)
    name = "Kết quả CCHC 2022.xlsx"
    preview = upload_results(client, agency, doj_2022_xlsx(), name=name)
    client.post(preview.url + "xac-nhan/")
    assessment = Assessment.objects.get()

    response = client.get(reverse("assessments:source_file", args=[assessment.pk]))

    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert b"".join(response.streaming_content) == doj_2022_xlsx()
